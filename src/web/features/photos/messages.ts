/** Strings of the photo pieces (taking, compressing, uploading and showing photos), travelling in this area's chunk. */
import { registerMessages } from '../../i18n/register';

export const photoMessages = registerMessages({
  'web.photos.legend': { id: 'Foto dokumentasi', en: 'Photos' },
  'web.photos.hint': {
    id: 'Foto diperkecil sebelum dikirim (paling banyak {max} foto). Lokasi GPS di dalam foto dihapus.',
    en: 'Photos are made smaller before they are sent (at most {max} {max|photo|photos}). The GPS location inside a photo is removed.',
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
  'web.photos.unreadable': {
    id: '{name}: bukan foto yang dapat dibaca (isinya rusak atau bukan gambar JPEG, PNG atau WebP). Berkas ini tidak disimpan dan tidak dikirim.',
    en: '{name}: not a photo that can be read (it is damaged or not a JPEG, PNG or WebP image). It was not kept and will not be sent.',
  },
  'web.photos.tooMany': { id: 'Paling banyak {max} foto.', en: 'At most {max} {max|photo|photos}.' },
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
  // ---- photos kept on the phone (offline work)
  'web.photos.queued': {
    id: '{count} foto disimpan di HP dan dikirim otomatis setelah kegiatannya sampai di server.',
    en: '{count} photo(s) kept on this phone and sent automatically once the record has reached the server.',
  },
  'web.photos.keptWithRecord': {
    id: '{count} foto disimpan di HP dan dikirim otomatis setelah data ini sampai di server.',
    en: '{count} photo(s) kept on this phone and sent automatically once this record has reached the server.',
  },
  'web.photos.restored': {
    id: '{count} foto dari kegiatan yang belum sempat disimpan masih ada di HP dan dipasang lagi di sini. Simpan kegiatan untuk mengirimnya, atau hapus fotonya.',
    en: '{count} photo(s) of a record that was not saved are still on this phone and were put back here. Save the record to send them, or remove them.',
  },
  'web.photos.waitingCount': { id: '{count} foto menunggu dikirim', en: '{count} photo(s) waiting to send' },
  'web.photos.refusedCount': { id: '{count} foto ditolak server', en: '{count} photo(s) refused by the server' },
  'web.photos.waitingList': { id: 'Foto yang masih di HP', en: 'Photos still on this phone' },
  'web.photos.outboxTitle': { id: 'Foto di HP ({count})', en: 'Photos on this phone ({count})' },
  'web.photos.outboxHint': {
    id: 'Foto dikirim setelah kegiatannya sampai di server, satu kali saja. Foto tetap di HP sampai server menyimpannya atau Anda membuangnya (paling banyak 50 MB atau 200 foto).',
    en: 'A photo is sent after its record has reached the server, and only once. It stays on this phone until the server has stored it or you discard it (at most 50 MB or 200 photos).',
  },
  'web.photos.outboxPhoto': { id: 'Foto ({size})', en: 'Photo ({size})' },
  'web.photos.outboxCaptioned': { id: 'Foto “{caption}” ({size})', en: 'Photo “{caption}” ({size})' },
  'web.photos.outboxFamily': { id: 'Buka keluarga', en: 'Open the family' },
  'web.photos.outboxTaken': { id: 'disimpan {time}', en: 'kept {time}' },
  'web.photos.outboxAttempts': { id: '{count} kali dicoba', en: '{count} attempt(s)' },
  'web.photos.outboxRetry': { id: 'Kirim lagi', en: 'Send again' },
  'web.photos.outboxDiscard': { id: 'Buang foto', en: 'Discard the photo' },
  'web.photos.outboxDiscardConfirm': { id: 'Buang foto ini dari HP? Foto yang dibuang tidak dapat dikembalikan.', en: 'Discard this photo from the phone? A discarded photo cannot be brought back.' },
  'web.photos.why.record': { id: 'Menunggu kegiatannya terkirim.', en: 'Waiting for its record to be sent.' },
  'web.photos.why.recordRefused': {
    id: 'Kegiatannya ditolak atau menunggu koordinator (lihat di atas). Foto ikut dibuang bila kegiatannya dihapus dari daftar.',
    en: 'Its record was refused or waits for a koordinator (see above). The photo is discarded with the record if that is removed from the list.',
  },
  'web.photos.why.network': { id: 'Menunggu jaringan.', en: 'Waiting for a network.' },
  'web.photos.why.refused': { id: 'Ditolak server: {reason}', en: 'Refused by the server: {reason}' },
  'web.photos.why.staged': {
    id: 'Belum tersimpan dengan kegiatan (aplikasi tertutup sebelum menyimpan). Buka keluarganya untuk menyimpan kegiatan dengan foto ini, atau buang.',
    en: 'Not saved with a record yet (the app closed before saving). Open the family to save a record with this photo, or discard it.',
  },
});
