/** Plain data types of the PKH domain, shared by server, browser and CLI. No I/O here. */

/** A calendar date `YYYY-MM-DD`, meant in Indonesian western time (Asia/Jakarta). Never a Date at UTC midnight. */
export type CalendarDate = string;

export type Sex = 'L' | 'P';
export const SEXES = ['L', 'P'] as const;

export const SCHOOL_LEVELS = ['none', 'paud', 'sd', 'smp', 'sma'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const RELATIONS = [
  'kepala_keluarga',
  'suami',
  'istri',
  'anak',
  'menantu',
  'cucu',
  'orang_tua',
  'mertua',
  'famili_lain',
  'pembantu',
  'lainnya',
] as const;
export type Relation = (typeof RELATIONS)[number];

export const COMPONENT_CODES = [
  'ibu_hamil',
  'anak_usia_dini',
  'sd',
  'smp',
  'sma',
  'disabilitas_berat',
  'lansia',
] as const;
export type ComponentCode = (typeof COMPONENT_CODES)[number];

export const FAMILY_STATUSES = ['aktif', 'ditangguhkan', 'graduasi', 'keluar'] as const;
export type FamilyStatus = (typeof FAMILY_STATUSES)[number];

export const ROLES = [
  'pendamping',
  'koordinator_kecamatan',
  'koordinator_kota',
  'admin',
  'auditor',
  'peneliti',
] as const;
export type Role = (typeof ROLES)[number];

/** A family member as the contract names it (calculator input and family detail). */
export interface Member {
  name: string;
  nik?: string;
  relation: Relation;
  sex: Sex;
  birthDate: CalendarDate;
  schoolLevel: SchoolLevel;
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  caretaker: boolean;
}

export const REGION_LEVELS = ['provinsi', 'kota', 'kabupaten', 'kecamatan', 'kelurahan', 'desa'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** A code + message-params pair; the text comes from the i18n catalogues. */
export interface Coded {
  code: string;
  params?: Record<string, string | number>;
}
