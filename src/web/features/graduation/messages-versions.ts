/** Strings that say which criteria-set version an assessment was judged against (list, history, chart); in this area's chunk. */
import { registerMessages } from '../../i18n/register';

export const versionMessages = registerMessages({
  // "versi 0.2"; a label stored before labels had to be numbers ("versi tiga") is shown as it is.
  'web.grad.versionWord': { id: 'versi {version}', en: 'version {version}' },
  'web.grad.versionUnknown': { id: 'versi tidak diketahui', en: 'version not known' },
  // "Kesiapan Graduasi Sejahtera Mandiri (sementara), versi 0.2"
  'web.grad.setVersion': { id: '{name}, {version}', en: '{name}, {version}' },
  'web.grad.versionSuperseded': { id: 'Versi lama: kini berlaku {version}.', en: 'An older version: {version} is in force now.' },
  // The "attach an assessment" choice: "1 Juli 2026 · versi 0.2 · skor 80% · Keluarga siap graduasi." ({set}: the
  // version, with the set's name when the family's assessments use more than one set).
  'web.grad.assessmentOptionVersion': { id: '{date} · {set} · skor {score} · {result}', en: '{date} · {set} · score {score} · {result}' },
  'web.grad.versionOldMark': { id: '{version} (versi lama)', en: '{version} (an older version)' },
  // The wizard, when the family's last assessment with the chosen set was judged on a version since replaced.
  'web.grad.wizard.lastOnOlder': {
    id: 'Asesmen terakhir keluarga ini ({date}) dinilai dengan {old}, versi lama. Asesmen baru memakai {version} yang berlaku sekarang, jadi skornya bisa berbeda karena kriterianya berubah.',
    en: 'This family’s last assessment ({date}) was judged on {old}, an older version. A new one uses {version}, in force now, so its score may differ because the criteria changed.',
  },
  'web.grad.ev.assessmentWith': { id: 'Asesmen terlampir: {date}, {set}', en: 'Assessment attached: {date}, {set}' },
  'web.grad.trajectoryDescVersions': {
    id: 'Skor {n} asesmen dari {from} sampai {to}; ambang siap mengikuti versi kriteria tiap asesmen: {thresholds}. Terakhir: {last}',
    en: 'Scores of {n} {n|assessment|assessments} from {from} to {to}; the ready threshold follows each assessment’s criteria version: {thresholds}. Latest: {last}',
  },
  'web.grad.chart.legend': { id: 'Keterangan grafik', en: 'Chart key' },
  'web.grad.chart.thresholdLine': {
    id: 'Garis putus-putus: ambang siap menurut versi kriteria yang dipakai tiap asesmen (bisa berbeda dari versi yang berlaku sekarang).',
    en: 'Dashed line: the ready threshold of the criteria version each assessment used (it may differ from the version in force now).',
  },
  'web.grad.chart.versionThreshold': { id: 'Siap mulai {threshold}: {version}, {dates}', en: 'Ready from {threshold}: {version}, {dates}' },
  'web.grad.chart.versionNoThreshold': { id: 'Tanpa ambang skor: {version}, {dates}', en: 'No score threshold: {version}, {dates}' },
  'web.grad.chart.dateRange': { id: '{from} sampai {to}', en: '{from} to {to}' },
  'web.grad.chart.points': { id: 'Titik penuh: siap; titik kosong: belum siap.', en: 'Filled dot: ready; hollow dot: not ready.' },
  'web.grad.col.threshold': { id: 'Ambang siap', en: 'Ready at' },
  'web.grad.chart.thresholdCell': { id: '{threshold}, {version}', en: '{threshold}, {version}' },
});
