import type { Catalog } from '../index';

/** Facilitation work messages (activities; groups, P2K2 and the rest follow). */
export const facilitationMessages: Catalog = {
  'activity.unknown_type': { id: 'Jenis kegiatan "{code}" tidak dikenal.', en: 'Unknown activity type "{code}".' },
  'activity.unknown_role': { id: 'Peran "{code}" bukan salah satu peran pekerja masyarakat (Ife).', en: '"{code}" is not one of the community-work roles (Ife).' },
  'activity.unknown_factor': { id: 'Faktor pendukung "{code}" tidak dikenal.', en: 'Unknown supporting factor "{code}".' },
  'activity.unknown_obstacle': { id: 'Hambatan "{code}" tidak dikenal.', en: 'Unknown obstacle "{code}".' },
  'activity.repeated': { id: '"{code}" disebut dua kali.', en: '"{code}" is listed twice.' },
  'activity.date_future': { id: 'Tanggal kegiatan tidak boleh setelah hari ini ({today}).', en: 'The activity date cannot be after today ({today}).' },
  'activity.date_too_early': { id: 'Tanggal kegiatan tidak boleh sebelum {date}.', en: 'The activity date cannot be before {date}.' },
  'activity.location_outside_indonesia': {
    id: 'Lokasi GPS berada di luar Indonesia; periksa kembali atau kosongkan.',
    en: 'The GPS location lies outside Indonesia; check it or leave it empty.',
  },
  'validation.code': { id: 'Kode wajib diisi (paling banyak 64 karakter).', en: 'A code is required (at most 64 characters).' },
  'validation.codes': { id: 'Harus berupa daftar kode.', en: 'Must be a list of codes.' },
};
