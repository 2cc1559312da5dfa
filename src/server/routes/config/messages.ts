import type { Catalog } from '../../../shared/i18n/index';

/** Configuration administration (benefit index, programme settings, thresholds, triggers, sanction ladder): server messages. */
export const configMessages: Catalog = {
  'error.config_invalid': { id: 'Perubahan konfigurasi ditolak; periksa isian yang ditandai.', en: 'The configuration change was refused; check the marked fields.' },
  'validation.config_reason': { id: 'Tuliskan alasan perubahan (5-500 karakter).', en: 'Give the reason for the change (5-500 characters).' },
  'validation.config_year': { id: 'Tahun harus antara {min} dan {max}.', en: 'The year must be between {min} and {max}.' },
  'validation.config_component': { id: 'Komponen tidak dikenal; pilih salah satu: {codes}.', en: 'Unknown component; use one of: {codes}.' },
  'validation.config_rupiah': {
    id: 'Nominal harus bilangan bulat rupiah lebih dari 0 dan paling banyak {max}.',
    en: 'The amount must be a whole number of rupiah above 0 and at most {max}.',
  },
  'validation.config_key': { id: 'Pengaturan tidak dikenal; pilih salah satu: {keys}.', en: 'Unknown setting; use one of: {keys}.' },
  'validation.config_ladder_key': {
    id: 'Bagian tangga sanksi tidak dikenal (mis. steps.penangguhan.thresholds.total atau resetAfterCompliantPeriods).',
    en: 'Unknown part of the sanction ladder (e.g. steps.penangguhan.thresholds.total or resetAfterCompliantPeriods).',
  },
  'validation.config_between': { id: 'Nilai harus bilangan bulat antara {min} dan {max}.', en: 'The value must be a whole number between {min} and {max}.' },
  'validation.config_min': { id: 'Nilai paling kecil {min}.', en: 'The value must be at least {min}.' },
  'validation.config_max': { id: 'Nilai paling besar {max}.', en: 'The value must be at most {max}.' },
  'validation.config_indicator': {
    id: 'Indikator "{value}" tidak ada di data ekonomi daerah; pemicu PENA tidak akan pernah menyala. Pilih salah satu: {indicators}.',
    en: 'The indicator "{value}" is not in the regional economics data; the PENA trigger would never fire. Use one of: {indicators}.',
  },
  'validation.config_value': { id: 'Nilai ini tidak dapat dipakai untuk pengaturan ini.', en: 'This value cannot be used for this setting.' },
  'validation.config_unchanged': { id: 'Nilai sama dengan yang berlaku sekarang; tidak ada yang diubah.', en: 'The value is the one in force already; nothing to change.' },
};
