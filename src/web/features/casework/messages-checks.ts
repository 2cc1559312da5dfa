/**
 * Strings of the checks on a proposed data update: a change that changes nothing, an age that does not fit
 * the school level (src/domain/school-age.ts), and the proposals still waiting on the phone.
 */
import { registerMessages } from '../../i18n/register';

export const caseworkCheckMessages = registerMessages({
  // The same words as the server's refusal (error.data_update_no_change), so online, offline and on the phone agree.
  'web.dataUpdate.noChange': {
    id: 'Tidak ada yang berubah: data yang diusulkan sudah sama dengan data keluarga sekarang. Ubah setidaknya satu isian, atau batalkan usulan ini.',
    en: 'Nothing changes: the proposed data is already the same as the family’s current data. Change at least one field, or cancel this proposal.',
  },
  'web.dataUpdate.warnings.title': { id: 'Perlu diperiksa', en: 'Worth checking' },
  'web.dataUpdate.warnings.schoolAge': {
    id: '{name}: umur {age} tahun tidak lazim untuk {level} (biasanya {min}–{max} tahun). Periksa tanggal lahir dan jenjang sekolahnya.',
    en: '{name}: age {age} is unusual for {level} (usually {min}–{max}). Check their date of birth and school level.',
  },
  'web.dataUpdate.warnings.propose': {
    id: 'Usulan tetap bisa dikirim bila datanya benar: jenjang sekolah yang menentukan komponen.',
    en: 'The proposal can still be sent if the data is right: the school level decides the component.',
  },
  'web.dataUpdate.warnings.confirm': {
    id: 'Usulan tetap bisa dikonfirmasi bila datanya benar: jenjang sekolah yang menentukan komponen.',
    en: 'It can still be confirmed if the data is right: the school level decides the component.',
  },
  // The family form (a member's school level)
  'web.schoolAge.warning': {
    id: 'Umur {age} tahun tidak lazim untuk {level} (biasanya {min}–{max} tahun). Periksa tanggal lahir dan jenjang sekolah; data tetap bisa disimpan.',
    en: 'Age {age} is unusual for {level} (usually {min}–{max}). Check the date of birth and the school level; it can still be saved.',
  },
  // Proposals kept on the phone (offline), not sent yet
  'web.dataUpdate.phone.kept': { id: 'Disimpan di ponsel {at}; dikirim ke koordinator begitu ada sinyal.', en: 'Kept on this phone {at}; sent to the koordinator as soon as there is a connection.' },
  'web.dataUpdate.phone.withdraw': { id: 'Batalkan usulan', en: 'Cancel proposal' },
  'web.dataUpdate.phone.withdrawing': { id: 'Membatalkan…', en: 'Cancelling…' },
  'web.dataUpdate.phone.withdrawn': { id: 'Usulan dihapus dari ponsel dan tidak akan dikirim.', en: 'The proposal was removed from the phone and will not be sent.' },
  'web.dataUpdate.phone.sentMeanwhile': {
    id: 'Usulan ini baru saja terkirim. Tarik usulan dari daftar di bawah bila tidak jadi.',
    en: 'This proposal has just been sent. Withdraw it from the list below if it is no longer wanted.',
  },
});
