/** Strings of the monthly report page's own checks and downloads, travelling in this page's chunk. */
import { registerMessages } from '../../i18n/register';

export const reportMessages = registerMessages({
  'web.report.monthRequired': { id: 'Pilih bulan laporan.', en: 'Choose the month of the report.' },
  'web.report.monthInvalid': { id: 'Tulis bulan sebagai TTTT-BB, mis. 2026-03.', en: 'Write the month as YYYY-MM, e.g. 2026-03.' },
  'web.report.monthFuture': {
    id: 'Bulan itu belum berjalan: pilih bulan ini ({month}) atau sebelumnya.',
    en: 'That month has not begun: choose this month ({month}) or an earlier one.',
  },
  'web.report.monthTooEarly': {
    id: 'Pilih bulan mulai Januari {year} (tahun program PKH).',
    en: 'Choose a month from January {year} on (the programme years of PKH).',
  },
  'web.report.preparing': { id: 'Menyiapkan laporan…', en: 'Preparing the report…' },
});
