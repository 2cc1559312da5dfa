/** Strings of the activity form's own checks, made on the phone before anything is sent. */
import { registerMessages } from '../../i18n/register';

export const activityFormMessages = registerMessages({
  'web.activity.dateRequired': { id: 'Isi tanggal kegiatan.', en: 'Enter the date of the activity.' },
  'web.activity.dateInvalid': {
    id: 'Tanggal kegiatan tidak valid: pilih tanggal yang ada di kalender (TTTT-BB-HH).',
    en: 'The date of the activity is not valid: choose a real calendar date (YYYY-MM-DD).',
  },
  // The server's rule (activity.date_before_joined, activity.date_too_early), said before anything is sent.
  'web.activity.dateBeforeJoined': { id: 'Tanggal tidak boleh sebelum keluarga ini masuk PKH (tahun {year}).', en: 'The date cannot be before this family joined PKH (in {year}).' },
  'web.activity.dateTooEarly': { id: 'Tanggal kegiatan tidak boleh sebelum {date}.', en: 'The activity date cannot be before {date}.' },
});
