/** The warning beside staff free text that holds a NIK or No. KK (registered with the forms that show it). */
import { registerMessages } from '../../i18n/register';

export const freeTextMessages = registerMessages({
  'web.freeText.identifierWarning': {
    id: 'Ada nomor 16 digit yang tampak seperti NIK/No. KK. Saat disimpan, nomor itu diganti [NIK/KK disamarkan] karena teks ini dibaca peran lain. NIK dan No. KK dicatat di data anggota keluarga.',
    en: 'There is a 16-digit number that looks like a NIK/No. KK. When saved it is replaced by [NIK/KK disamarkan], because other roles read this text. NIK and No. KK belong in the family members’ data.',
  },
});
