/**
 * Strings of the graduation page for the workflow's integrity checks: the statement recorded over an
 * assessment that found the family not ready (the exception and its reason), a case ended because the family
 * left PKH, a follow-up visit recorded already (replaced only on purpose).
 */
import { registerMessages } from '../../i18n/register';

export const graduationIntegrityMessages = registerMessages({
  'web.grad.override.title': {
    id: 'Asesmen yang dipakai kasus ini menyatakan keluarga belum siap.',
    en: 'The assessment this case rests on found the family not ready.',
  },
  'web.grad.override.hint': {
    id: 'Surat pernyataan siap keluar biasanya dicatat setelah asesmen yang menyatakan siap. Buat asesmen baru bila keadaan keluarga sudah berubah, atau catat sebagai pengecualian dengan alasannya.',
    en: 'The statement of readiness to leave is normally recorded after an assessment that finds the family ready. Make a new assessment if the family’s situation has changed, or record it as an exception with the reason.',
  },
  'web.grad.override.check': {
    id: 'Tetap catat surat pernyataan sebagai pengecualian',
    en: 'Record the statement anyway, as an exception',
  },
  'web.grad.override.reason': { id: 'Alasan pengecualian', en: 'Reason for the exception' },
  'web.grad.override.required': {
    id: 'Centang pengecualian dan tuliskan alasannya, atau buat asesmen baru lebih dulu.',
    en: 'Tick the exception and write the reason, or make a new assessment first.',
  },
  'web.grad.override.reasonRequired': { id: 'Tuliskan alasan pengecualian.', en: 'Write the reason for the exception.' },
  'web.grad.ev.readinessOverride': {
    id: 'Dicatat sebagai pengecualian: asesmen menyatakan keluarga belum siap.',
    en: 'Recorded as an exception: the assessment found the family not ready.',
  },
  'web.grad.ev.readinessOverrideReason': { id: 'Alasan pengecualian: “{reason}”', en: 'Reason for the exception: “{reason}”' },
  'web.grad.ev.familyLeft': {
    id: 'Kasus dihentikan karena keluarga keluar dari PKH dengan alasan lain.',
    en: 'Case ended because the family left PKH for another reason.',
  },
  'web.grad.followupReplace': { id: 'Ganti catatan', en: 'Replace the record' },
  'web.grad.followupReplaceHint': {
    id: 'Kunjungan ini sudah dicatat. Menyimpan akan mengganti catatan yang ada; catatan lama tetap tersimpan di riwayat perubahan.',
    en: 'This visit is already recorded. Saving replaces the record; the old record stays in the change history.',
  },
});
