/**
 * What the phone's data layer itself says about photos kept on the phone (offline work). Apart from the photo
 * screens' strings (./messages), since the data layer loads with the first screen: only these few travel there.
 */
import { registerMessages } from '../../i18n/register';

export const photoOfflineMessages = registerMessages({
  'web.photos.storeFull': {
    id: 'Ruang foto di HP ini penuh ({used} dari {max} MB, paling banyak {count} foto). Kirim dulu foto yang menunggu (perlu jaringan) atau buang sebagian di halaman Sinkronisasi; foto ini masih di formulir.',
    en: 'The photo space on this phone is full ({used} of {max} MB, at most {count} {count|photo|photos}). Send the photos waiting first (needs a network) or discard some on the Sync page; this photo is still in the form.',
  },
});
