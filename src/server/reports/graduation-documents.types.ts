/**
 * What the graduation documents print: the data the service gathers, the renderers draw. Plain data
 * (no database), so the renderers are tested on their own.
 */
import type { CalendarDate } from '../../domain/types';

export const GRADUATION_TYPE_LABELS: Readonly<Record<string, string>> = {
  alamiah: 'Graduasi Alamiah',
  sejahtera_mandiri: 'Graduasi Sejahtera Mandiri',
  paksa: 'Graduasi Paksa',
  pena: 'Graduasi PENA',
};

export const GRADUATION_STATE_LABELS: Readonly<Record<string, string>> = {
  candidate: 'Kandidat',
  assessed: 'Sudah diasesmen',
  statement_signed: 'Surat pernyataan ditandatangani',
  proposed: 'Diusulkan',
  approved: 'Disetujui',
  rejected: 'Ditolak',
  exited: 'Keluar (graduasi)',
  monitoring: 'Pemantauan',
  closed: 'Selesai',
  reentered: 'Masuk kembali',
};

export interface RegionNames {
  kelurahan: string;
  kecamatan: string;
  /** As the regions table names it ("Kota Depok", "Kabupaten Bogor"). */
  kabKota: string;
  province?: string;
}

/** The self-declaration letter (surat pernyataan graduasi sejahtera mandiri). */
export interface GraduationLetterData {
  /** Who declares: the caretaker (pengurus), else the head of the family. */
  declarant: { name: string; nik: string | null; relation: string | null };
  /** The head of the family, when someone else declares. */
  headName: string | null;
  kkNumber: string;
  address: string;
  rt: string;
  rw: string;
  region: RegionNames;
  joinedYear: number | null;
  pendamping: { name: string | null };
  /** The place of the date line (the kab/kota without "Kota"/"Kabupaten"). */
  place: string;
  /** The date printed; null leaves a line to fill in by hand. */
  date: CalendarDate | null;
}

export interface BeritaAcaraRow {
  headName: string;
  address: string;
  rt: string;
  rw: string;
  kelurahan: string;
  type: string;
  state: string;
  approvedAt: CalendarDate | null;
  effectiveDate: CalendarDate | null;
}

/** The record of a group graduation event in one kelurahan. */
export interface BeritaAcaraData {
  date: CalendarDate;
  region: RegionNames;
  place: string;
  rows: BeritaAcaraRow[];
  pendamping: string[];
  koordinatorKecamatan: string | null;
}

export interface ProposalRow {
  kkNumber: string;
  caretakerNik: string;
  caretakerName: string;
  headName: string;
  kelurahanCode: string;
  kelurahanName: string;
  type: string;
  state: string;
  reason: string;
  assessmentResult: string;
  assessmentScore: number | null;
  proposedOn: CalendarDate | null;
  pendamping: string;
}

export interface ProposalsData {
  generatedAt: string;
  /** Whether the identifiers are shown whole (false: masked). */
  identities: boolean;
  rows: ProposalRow[];
}

/** Drops characters that XML and PDF text cannot carry (C0 controls but tab and newlines). */
export function clean(value: string | null | undefined): string {
  return (value ?? '').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** "Kota Depok" → "Depok", for the place of a date line. */
export function placeOf(kabKota: string): string {
  return kabKota.replace(/^\s*(kota|kabupaten|kab\.)\s+/i, '').trim();
}

/** "Jl. Mawar 3, RT 001/RW 002": RT/RW written with three digits as forms do. */
export function addressLine(address: string, rt: string, rw: string): string {
  const pad = (v: string) => (/^\d+$/.test(v.trim()) ? v.trim().padStart(3, '0') : v.trim());
  const parts = [clean(address).trim()];
  if (rt.trim() || rw.trim()) parts.push(`RT ${pad(rt) || '-'}/RW ${pad(rw) || '-'}`);
  return parts.filter(Boolean).join(', ');
}
