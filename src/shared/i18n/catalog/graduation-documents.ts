import type { Catalog } from '../index';

/** The graduation documents (letter, berita acara, proposals list) and their evidence uploads: the server's messages. */
export const graduationDocumentMessages: Catalog = {
  'graduation.evidence.document_unknown': {
    id: 'Dokumen {documentId} bukan lampiran keluarga ini. Unggah foto/pindaian surat sebagai dokumen keluarga (ownerKind=family_document), lalu kirim id-nya.',
    en: 'Document {documentId} is not an attachment of this family. Upload the photo or scan of the letter as a family document (ownerKind=family_document), then send its id.',
  },
  'graduation.documents.none': {
    id: 'Tidak ada keluarga yang graduasinya disetujui antara {from} dan {date} di kelurahan ini (dalam wilayah Anda).',
    en: 'No family in this kelurahan (within your scope) had its graduation approved between {from} and {date}.',
  },
  'graduation.documents.from_after_date': {
    id: 'Tanggal awal tidak boleh setelah tanggal acara.',
    en: 'The start date cannot be after the date of the event.',
  },
  'graduation.documents.kelurahan_unknown': {
    id: 'Kode kelurahan {code} tidak dikenal.',
    en: 'Unknown kelurahan code {code}.',
  },
};
