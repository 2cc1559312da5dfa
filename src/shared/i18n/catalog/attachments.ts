import type { Catalog } from '../index';

/** Photo uploads (attachments of activities and P2K2 sessions): the server's messages. */
export const attachmentMessages: Catalog = {
  'error.attachment_too_large': {
    id: 'Foto terlalu besar (maksimal {max}). Perkecil foto lalu kirim lagi.',
    en: 'The photo is too large (at most {max}). Make it smaller and send it again.',
  },
  'error.attachment_media_type': {
    id: 'Jenis berkas tidak didukung; kirim foto JPEG, PNG atau WebP.',
    en: 'Unsupported file type; send a JPEG, PNG or WebP photo.',
  },
  'error.attachment_invalid': { id: 'Foto tidak dapat diterima. Periksa berkasnya.', en: 'The photo cannot be accepted. Check the file.' },
  'attachment.type_mismatch': {
    id: 'Isi berkas bukan foto {declared} yang sah.',
    en: 'The file is not a valid {declared} image.',
  },
  'attachment.malformed': { id: 'Berkas foto rusak atau terpotong.', en: 'The photo file is damaged or cut short.' },
  'attachment.empty': { id: 'Berkas foto kosong.', en: 'The photo file is empty.' },
  'error.attachment_id_exists': {
    id: 'Foto lain sudah tersimpan dengan id ini.',
    en: 'Another photo is stored under this id.',
  },
  'attachment.too_many': {
    id: 'Sudah ada {max} foto untuk kegiatan ini (batas). Hapus salah satu dulu.',
    en: 'There are already {max} photos for this activity (the limit). Remove one first.',
  },
};
