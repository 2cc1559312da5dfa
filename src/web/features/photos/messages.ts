/** Strings of the photo pieces (taking, compressing, uploading and showing photos), travelling in this area's chunk. */
import { registerMessages } from '../../i18n/register';

export const photoMessages = registerMessages({
  'web.photos.legend': { id: 'Foto dokumentasi', en: 'Photos' },
  'web.photos.hint': {
    id: 'Foto diperkecil sebelum dikirim (paling banyak {max} foto). Lokasi GPS di dalam foto dihapus.',
    en: 'Photos are made smaller before they are sent (at most {max} photos). The GPS location inside a photo is removed.',
  },
  'web.photos.camera': { id: 'Ambil foto', en: 'Take a photo' },
  'web.photos.gallery': { id: 'Pilih dari galeri', en: 'Choose from gallery' },
  'web.photos.preparing': { id: 'Menyiapkan foto…', en: 'Preparing the photo…' },
  'web.photos.photo': { id: 'Foto {n}', en: 'Photo {n}' },
  'web.photos.caption': { id: 'Keterangan foto {n}', en: 'Caption of photo {n}' },
  'web.photos.remove': { id: 'Hapus foto {n}', en: 'Remove photo {n}' },
  'web.photos.size': { id: '{size}', en: '{size}' },
  'web.photos.sizeFrom': { id: '{size} (semula {original})', en: '{size} (was {original})' },
  'web.photos.uploading': { id: 'Mengunggah…', en: 'Uploading…' },
  'web.photos.uploaded': { id: 'Terunggah', en: 'Uploaded' },
  'web.photos.failed': { id: 'Gagal: {reason}', en: 'Failed: {reason}' },
  'web.photos.unsupported': { id: '{name}: bukan foto yang dapat dikirim (JPEG, PNG atau WebP).', en: '{name}: not a photo that can be sent (JPEG, PNG or WebP).' },
  'web.photos.tooMany': { id: 'Paling banyak {max} foto.', en: 'At most {max} photos.' },
  'web.photos.progress': { id: 'Mengunggah foto {done} dari {total}…', en: 'Uploading photo {done} of {total}…' },
  'web.photos.someFailed': {
    id: 'Data tersimpan, tetapi {n} foto gagal diunggah. Foto tersebut masih di sini; coba unggah lagi.',
    en: 'The record is saved, but {n} photo(s) failed to upload. They are still here; try uploading again.',
  },
  'web.photos.retry': { id: 'Unggah ulang foto', en: 'Upload the photos again' },
  'web.photos.discard': { id: 'Buang foto yang gagal', en: 'Discard the failed photos' },
  'web.photos.listLabel': { id: 'Foto', en: 'Photos' },
  'web.photos.alt': { id: 'Foto {n}', en: 'Photo {n}' },
  'web.photos.loadError': { id: 'Foto tidak dapat dimuat.', en: 'The photos could not be loaded.' },
});
