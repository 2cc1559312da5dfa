/** Strings of the activity form's own checks, made on the phone before anything is sent. */
import { registerMessages } from '../../i18n/register';

export const activityFormMessages = registerMessages({
  'web.activity.dateRequired': { id: 'Isi tanggal kegiatan.', en: 'Enter the date of the activity.' },
  'web.activity.dateInvalid': {
    id: 'Tanggal kegiatan tidak valid: pilih tanggal yang ada di kalender (TTTT-BB-HH).',
    en: 'The date of the activity is not valid: choose a real calendar date (YYYY-MM-DD).',
  },
});
