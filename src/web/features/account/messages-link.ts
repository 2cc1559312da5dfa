/**
 * The strings of the way to one's account: the header's link (the user's name) and the admin screen's pointer
 * to it. Small, and loaded with the app shell (the header is on every page); the page's own strings travel in
 * its chunk (./messages).
 */
import { registerMessages } from '../../i18n/register';

export const accountLinkMessages = registerMessages({
  'web.account.title': { id: 'Akun saya', en: 'My account' },
  'web.account.linkTitle': { id: 'Akun saya: ganti kata sandi, lihat sesi masuk', en: 'My account: change the password, see where you are logged in' },
  'web.account.openPage': { id: 'Buka halaman Akun saya (klik nama Anda di bagian atas)', en: 'Open the My account page (select your name at the top)' },
});
