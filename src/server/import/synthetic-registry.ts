/**
 * A synthetic country: a realistic registry of PKH families in the contract's "Registry CSV" shape (one row
 * per member), for benchmarks and import round trips (`npx titian generate --families N --out FILE`).
 *
 * - Regions are real: the national list (src/server/db/national-regions.ts, idn-area-data). N families are
 *   spread over provinces roughly like the poor population (more in Java, NTT and Papua than their size
 *   alone says), over kecamatan within a province, and over the kelurahan/desa of each kecamatan. Small N
 *   still uses several kecamatan in several kab/kota; `region` restricts to a province, kab/kota, kecamatan
 *   or village.
 * - Families of one kecamatan are contiguous (kecamatan in code order), and rows of one family too.
 * - NIK and No. KK are valid by src/domain/nik.ts: the region part is the family's kecamatan, the date part
 *   the birth date (+40 on the day for women) or the card's issue date, the serial a counter per
 *   (kecamatan, date[, sex]) starting at 5000 (SYNTHETIC_FIRST_SERIAL: the demo data set keeps to
 *   0001-4999, so a generated file never repeats a demo NIK or No. KK, whatever the region). Counters live only while their kecamatan is generated, so
 *   memory stays flat whatever N is, and every number is unique in the file.
 * - Pendamping: `pdp.<kecamatan digits>.<nn>`, one per about 260-320 families of one kecamatan, each with a
 *   contiguous block of the kecamatan's villages; about 1% of families have none.
 * - Deterministic: everything comes from seeded PRNG streams (sfc32) and a fixed reference date (`asOf`,
 *   default 2026-01-01). Nothing reads the clock or Math.random, so a seed and N give the same bytes on
 *   every run and machine.
 *
 * Pure apart from writing to the stream or file it is given. See docs/synthetic-data.md.
 */
import type { Writable } from 'node:stream';
import { isCalendarDate } from '../../domain/dates';
import { REGISTRY_COLUMNS, type RawRegistryRow, type RegistryColumn } from '../../domain/registry-row';
import type { CalendarDate, Relation, Sex } from '../../domain/types';
import { loadNationalRegions, type NationalRegion } from '../db/national-regions';

// ---------------------------------------------------------------------------------------------
// Public types and constants

/** The contract's Registry CSV header, in order (the importer's own list). */
export const SYNTHETIC_REGISTRY_COLUMNS = REGISTRY_COLUMNS;
export type SyntheticRegistryColumn = RegistryColumn;
/** One member row as it is written (every cell a string, exactly the CSV text before quoting). */
export type SyntheticRegistryRow = RawRegistryRow;

export type Jenjang = 'tidak_sekolah' | 'paud' | 'sd' | 'smp' | 'sma';

export interface SyntheticMember {
  nik: string;
  nama: string;
  hubungan: Relation;
  jenisKelamin: Sex;
  tanggalLahir: CalendarDate;
  pengurus: boolean;
  jenjang: Jenjang;
  hamil: boolean;
  nifas: boolean;
  disabilitasBerat: boolean;
}

export interface SyntheticFamily {
  noKk: string;
  kodeKelurahan: string;
  alamat: string;
  rt: string;
  rw: string;
  tahunMulaiPkh: number;
  desil: number | null;
  pendamping: string | null;
  /** Head first, then spouse, children (eldest first) and the others. */
  members: SyntheticMember[];
}

export interface SyntheticRegistryOptions {
  /** How many families (KPM); a positive integer up to SYNTHETIC_MAX_FAMILIES. */
  families: number;
  /** Default 1. Any integer 0 .. 2^53-1. */
  seed?: number;
  /** A province (`32`), kab/kota (`32.76`), kecamatan (`32.76.02`) or village code (`32.76.02.1009`); dots optional. */
  region?: string;
  /** The reference date ages, school levels and identifier dates are computed for. Default 2026-01-01. */
  asOf?: CalendarDate;
  /** The national region list; default loadNationalRegions(). */
  regions?: readonly NationalRegion[];
}

export interface SyntheticPendamping {
  username: string;
  /** `PP.KK.CC`: the kecamatan the pendamping works in (their account's region). */
  kecamatanCode: string;
  /** The villages of their caseload, in code order. */
  kelurahanCodes: string[];
  /** Families assigned to them in the file. */
  families: number;
}

export interface SyntheticSummary {
  families: number;
  members: number;
}

export interface SyntheticWriteHooks {
  /** Called every few thousand families and once at the end. */
  onProgress?: (done: SyntheticSummary, total: number) => void;
}

export const SYNTHETIC_DEFAULT_SEED = 1;
export const SYNTHETIC_DEFAULT_AS_OF: CalendarDate = '2026-01-01';
export const SYNTHETIC_MAX_FAMILIES = 50_000_000;
/**
 * The first serial (the last four digits) of every generated NIK and No. KK: the generator uses 5000-9999
 * only, the demo data set (src/server/seed/demo-data.ts, DEMO_LAST_SERIAL) 0001-4999 only, so a generated
 * registry imported into the demo database never meets a demo identifier, in Cimanggis or anywhere else a
 * demo NIK was issued. 5,000 serials per kecamatan and date (and sex) are far more than a real kecamatan needs.
 */
export const SYNTHETIC_FIRST_SERIAL = 5000;

/** A bad option; the message is Indonesian with English in parentheses. */
export class SyntheticOptionsError extends Error {
  constructor(
    readonly code: 'families' | 'seed' | 'region' | 'as_of',
    message: string,
  ) {
    super(message);
    this.name = 'SyntheticOptionsError';
  }
}

// ---------------------------------------------------------------------------------------------
// Randomness: sfc32, seeded by mixing any number of 32-bit parts

function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hashParts(parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = mix32(h ^ (p >>> 0));
    h = mix32(h + Math.floor(p / 4_294_967_296) + 0x632be5ab);
  }
  return h;
}

/** Small, fast, seedable PRNG (sfc32). */
export class SyntheticRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...parts: number[]) {
    let s = hashParts(parts);
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      return mix32(s);
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4_294_967_296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Triangular distribution on [min, max] with the given mode. */
  tri(min: number, mode: number, max: number): number {
    if (max <= min) return min;
    const m = Math.min(Math.max(mode, min), max);
    const u = this.next();
    const f = (m - min) / (max - min);
    return u < f ? min + Math.sqrt(u * (max - min) * (m - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - m));
  }

  weighted<T>(table: WeightTable<T>): T {
    const r = this.next() * table.total;
    const { cum, values } = table;
    for (let i = 0; i < cum.length; i++) if (r < cum[i]!) return values[i]!;
    return values[values.length - 1]!;
  }
}

interface WeightTable<T> {
  values: T[];
  cum: number[];
  total: number;
}

function table<T>(entries: ReadonlyArray<readonly [T, number]>): WeightTable<T> {
  const values: T[] = [];
  const cum: number[] = [];
  let total = 0;
  for (const [v, w] of entries) {
    if (w <= 0) continue;
    total += w;
    values.push(v);
    cum.push(total);
  }
  return { values, cum, total };
}

/** FNV-1a of a string, for salts. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const SALT_PLAN = hashString('titian.synthetic.plan');
const SALT_LAYOUT = hashString('titian.synthetic.layout');
const SALT_FAMILY = hashString('titian.synthetic.family');
const SALT_UNASSIGNED = hashString('titian.synthetic.unassigned');

/** Split `total` into integers proportional to `weights` (largest remainder; ties by order). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return apportion(total, weights.map(() => 1));
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Calendar: day numbers (days since 1970-01-01) with precomputed strings for 100 years up to asOf

const MS_PER_DAY = 86_400_000;
const DAYS_PER_YEAR = 365.2425;
/** No. KK dates of issue start here (the 16-digit card numbers of SIAK). */
const KK_FIRST_ISSUE = '2005-01-01';
const MAX_AGE = 95;

function dayNumber(date: CalendarDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

/** `0000`..`9999`, made once: serials are formatted for every member. */
const SERIALS: readonly string[] = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(4, '0'));

interface Calendar {
  asOf: CalendarDate;
  ref: number;
  refYear: number;
  refMd: number;
  /** First day of the tables (100 years before asOf). */
  base: number;
  date: string[];
  year: Int16Array;
  md: Int16Array;
  /** DDMMYY for a man / a woman (+40 on the day) born on the day. */
  ddmmyyL: string[];
  ddmmyyP: string[];
  kkBase: number;
}

let calendarCache: Calendar | undefined;

function calendarFor(asOf: CalendarDate): Calendar {
  if (calendarCache?.asOf === asOf) return calendarCache;
  const ref = dayNumber(asOf);
  const base = ref - 36_524; // 100 years minus a day: no two days in the table share DDMMYY
  const n = ref - base + 1;
  const cal: Calendar = {
    asOf,
    ref,
    refYear: Number(asOf.slice(0, 4)),
    refMd: Number(asOf.slice(5, 7)) * 100 + Number(asOf.slice(8, 10)),
    base,
    date: new Array<string>(n),
    year: new Int16Array(n),
    md: new Int16Array(n),
    ddmmyyL: new Array<string>(n),
    ddmmyyP: new Array<string>(n),
    kkBase: Math.max(base, dayNumber(KK_FIRST_ISSUE)),
  };
  for (let i = 0; i < n; i++) {
    const d = new Date((base + i) * MS_PER_DAY);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    cal.year[i] = y;
    cal.md[i] = m * 100 + day;
    cal.date[i] = `${y}-${pad2(m)}-${pad2(day)}`;
    const mmyy = pad2(m) + pad2(y % 100);
    cal.ddmmyyL[i] = pad2(day) + mmyy;
    cal.ddmmyyP[i] = pad2(day + 40) + mmyy;
  }
  calendarCache = cal;
  return cal;
}

// ---------------------------------------------------------------------------------------------
// Regions and the plan (which kecamatan, how many families each, villages and pendamping)

interface Kecamatan {
  code: string;
  /** The six digits (`327602`), the region part of every NIK and No. KK issued here. */
  digits: string;
  num: number;
  province: string;
  kabKota: string;
  kota: boolean;
  villages: string[];
  /** Share within its province (before the province's weight). */
  weight: number;
}

interface RegionIndex {
  kecamatan: Kecamatan[];
  /** Province, kab/kota and kecamatan codes → level (villages are found through their kecamatan). */
  levels: Map<string, string>;
}

/**
 * Rough weights of the provinces: the poor population in thousands (BPS, about 2023; the four Papua
 * provinces of 2022 split by population), which is what PKH caseloads follow. Approximate on purpose.
 */
const PROVINCE_WEIGHTS: Readonly<Record<string, number>> = {
  '11': 806, '12': 1240, '13': 340, '14': 485, '15': 270, '16': 1045, '17': 290, '18': 970, '19': 67, '21': 142,
  '31': 477, '32': 3890, '33': 3790, '34': 448, '35': 4190, '36': 830,
  '51': 194, '52': 750, '53': 1140,
  '61': 350, '62': 140, '63': 190, '64': 220, '65': 50,
  '71': 190, '72': 395, '73': 790, '74': 320, '75': 180, '76': 165,
  '81': 320, '82': 83,
  '91': 140, '92': 100, '93': 90, '94': 330, '95': 400, '96': 90,
}; // prettier-ignore

let defaultIndex: RegionIndex | undefined;
const indexCache = new WeakMap<readonly NationalRegion[], RegionIndex>();

const byCodeOrder = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** `PP.KK.CC.NNNN` (checked by its shape, cheaply: it runs for 83,762 villages). */
function isVillageCode(code: string): boolean {
  return code.length === 13 && code.charCodeAt(2) === 46 && code.charCodeAt(5) === 46 && code.charCodeAt(8) === 46;
}

function isSorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]! > list[i]!) return false;
  return true;
}

function regionIndex(regions?: readonly NationalRegion[]): RegionIndex {
  if (!regions && defaultIndex) return defaultIndex;
  const list = regions ?? loadNationalRegions();
  const cached = indexCache.get(list);
  if (cached) return cached;
  const levels = new Map<string, string>();
  const byCode = new Map<string, Kecamatan>();
  for (const r of list) {
    if (r.level === 'kelurahan' || r.level === 'desa') continue;
    levels.set(r.code, r.level);
    if (r.level === 'kecamatan' && /^\d{2}\.\d{2}\.\d{2}$/.test(r.code)) {
      const digits = r.code.slice(0, 2) + r.code.slice(3, 5) + r.code.slice(6, 8);
      byCode.set(r.code, {
        code: r.code,
        digits,
        num: Number(digits),
        province: r.code.slice(0, 2),
        kabKota: r.code.slice(0, 5),
        kota: Number(r.code.slice(3, 5)) >= 71,
        villages: [],
        weight: 0,
      });
    }
  }
  for (const r of list) {
    if ((r.level === 'kelurahan' || r.level === 'desa') && r.parentCode && isVillageCode(r.code)) byCode.get(r.parentCode)?.villages.push(r.code);
  }
  const kecamatan = [...byCode.values()].filter((k) => k.villages.length > 0);
  if (!isSorted(kecamatan.map((k) => k.code))) kecamatan.sort(byCodeOrder);
  // Within a province: more villages, more people (sublinear); a kota's kecamatan are denser.
  const provinceSums = new Map<string, number>();
  for (const k of kecamatan) {
    if (!isSorted(k.villages)) k.villages.sort();
    k.weight = Math.sqrt(k.villages.length) * (k.kota ? 1.5 : 1);
    provinceSums.set(k.province, (provinceSums.get(k.province) ?? 0) + k.weight);
  }
  for (const k of kecamatan) k.weight = ((PROVINCE_WEIGHTS[k.province] ?? 100) * k.weight) / provinceSums.get(k.province)!;
  const index = { kecamatan, levels };
  if (regions) indexCache.set(regions, index);
  else defaultIndex = index;
  return index;
}

/** The kecamatan of a known village code, else undefined. */
function villageKecamatan(index: RegionIndex, code: string): Kecamatan | undefined {
  if (!isVillageCode(code)) return undefined;
  const prefix = code.slice(0, 8);
  const kec = index.kecamatan.find((k) => k.code === prefix);
  return kec?.villages.includes(code) ? kec : undefined;
}

/** `3276` → `32.76`, `3276021009` → `32.76.02.1009`; dotted codes are kept. */
function normaliseRegionCode(raw: string): string {
  const v = raw.trim();
  if (/^\d+$/.test(v) && [2, 4, 6, 10].includes(v.length)) {
    return [v.slice(0, 2), v.slice(2, 4), v.slice(4, 6), v.slice(6)].filter((p) => p !== '').join('.');
  }
  return v;
}

interface PlannedVillage {
  code: string;
  families: number;
}

interface PlannedKecamatan {
  kec: Kecamatan;
  families: number;
  villages: PlannedVillage[];
  pendamping: number;
  width: number;
}

interface ResolvedOptions {
  families: number;
  seed: number;
  asOf: CalendarDate;
  seedLo: number;
  seedHi: number;
  index: RegionIndex;
  region: string | null;
}

function resolveOptions(opts: SyntheticRegistryOptions): ResolvedOptions {
  const families = opts.families;
  if (typeof families !== 'number' || !Number.isInteger(families) || families < 1 || families > SYNTHETIC_MAX_FAMILIES) {
    throw new SyntheticOptionsError(
      'families',
      `jumlah keluarga harus bilangan bulat 1..${SYNTHETIC_MAX_FAMILIES} (the number of families must be a whole number 1..${SYNTHETIC_MAX_FAMILIES})`,
    );
  }
  const seed = opts.seed ?? SYNTHETIC_DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new SyntheticOptionsError('seed', 'seed harus bilangan bulat 0 atau lebih (the seed must be a whole number, 0 or more)');
  }
  const asOf = opts.asOf ?? SYNTHETIC_DEFAULT_AS_OF;
  if (!isCalendarDate(asOf) || asOf < '2008-01-01' || asOf > '2100-12-31') {
    throw new SyntheticOptionsError('as_of', 'tanggal acuan harus YYYY-MM-DD antara 2008-01-01 dan 2100-12-31 (the reference date must be YYYY-MM-DD in 2008..2100)');
  }
  const index = regionIndex(opts.regions);
  let region: string | null = null;
  if (opts.region !== undefined && opts.region.trim() !== '') {
    region = normaliseRegionCode(opts.region);
    if (!index.levels.has(region) && !villageKecamatan(index, region)) {
      throw new SyntheticOptionsError('region', `kode wilayah ${region} tidak dikenal (unknown region code)`);
    }
  }
  return { families, seed, asOf, seedLo: seed >>> 0, seedHi: Math.floor(seed / 4_294_967_296), index, region };
}

/** About this many families per kecamatan, as in the real programme (10 million over 7,285). */
const FAMILIES_PER_KECAMATAN = 1_370;

function plan(o: ResolvedOptions): PlannedKecamatan[] {
  const { index, region, families } = o;
  let candidates = index.kecamatan;
  let onlyVillage: string | null = null;
  if (region) {
    const kec = index.levels.has(region) ? undefined : villageKecamatan(index, region);
    if (kec) {
      onlyVillage = region;
      candidates = [kec];
    } else {
      candidates = candidates.filter((k) => k.code === region || k.code.startsWith(`${region}.`));
    }
  }
  if (candidates.length === 0) throw new SyntheticOptionsError('region', `kode wilayah ${region} tidak punya desa/kelurahan (region has no villages)`);

  const rng = new SyntheticRng(o.seedLo, o.seedHi, SALT_PLAN);
  const minimum = Math.min(10, Math.ceil(families / 50));
  const k = Math.min(candidates.length, Math.max(minimum, Math.ceil(families / FAMILIES_PER_KECAMATAN)));
  let chosen: Kecamatan[];
  if (k === candidates.length) chosen = candidates;
  else {
    // Systematic sampling proportional to weight along the code order: every province gets about its
    // share, and only + and * are used, so the choice is the same on every machine.
    let total = 0;
    for (const kec of candidates) total += kec.weight;
    const step = total / k;
    let mark = rng.next() * step;
    let cum = 0;
    chosen = [];
    for (const kec of candidates) {
      cum += kec.weight;
      while (mark < cum && chosen.length < k) {
        if (chosen[chosen.length - 1] !== kec) chosen.push(kec);
        mark += step;
      }
    }
  }
  const counts = apportion(
    families,
    chosen.map((kec) => kec.weight * (0.7 + 0.6 * rng.next())),
  );

  const out: PlannedKecamatan[] = [];
  chosen.forEach((kec, i) => {
    const f = counts[i]!;
    if (f === 0) return;
    const layout = new SyntheticRng(o.seedLo, o.seedHi, SALT_LAYOUT, kec.num);
    const villageCodes = onlyVillage ? [onlyVillage] : kec.villages;
    const perVillage = apportion(
      f,
      villageCodes.map((v) => (0.3 + layout.next()) * (v.split('.')[3]!.startsWith('1') ? 1.6 : 1)),
    );
    const caseload = layout.int(260, 320);
    const pendamping = Math.max(1, Math.round(f / caseload));
    out.push({
      kec,
      families: f,
      villages: villageCodes.map((code, j) => ({ code, families: perVillage[j]! })).filter((v) => v.families > 0),
      pendamping,
      width: Math.max(2, String(pendamping).length),
    });
  });
  return out;
}

function pendampingName(p: PlannedKecamatan, j: number): string {
  const n = String(j + 1).padStart(p.width, '0');
  return `pdp.${p.kec.digits}.${n}`;
}

/** The key of a kecamatan's families for `unassigned`. */
function unassignedKey(o: ResolvedOptions, kecNum: number): number {
  return hashParts([o.seedLo, o.seedHi, SALT_UNASSIGNED, kecNum]);
}

/** Whether family `i` of a kecamatan is left without a pendamping (about 1%; a hash, so it is known without generating). */
function unassigned(key: number, i: number): boolean {
  return mix32(key ^ mix32(i + 1)) < 42_949_673;
}

/**
 * The pendamping a generation with these options uses, each with their kecamatan (their account's region),
 * villages and number of families, so a benchmark can create the accounts before importing.
 */
export function syntheticPendamping(opts: SyntheticRegistryOptions): SyntheticPendamping[] {
  const o = resolveOptions(opts);
  const out: SyntheticPendamping[] = [];
  for (const p of plan(o)) {
    const people: SyntheticPendamping[] = [];
    for (let j = 0; j < p.pendamping; j++) people.push({ username: pendampingName(p, j), kecamatanCode: p.kec.code, kelurahanCodes: [], families: 0 });
    const key = unassignedKey(o, p.kec.num);
    let i = 0;
    for (const v of p.villages) {
      for (let n = 0; n < v.families; n++, i++) {
        const who = people[Math.floor((i * p.pendamping) / p.families)]!;
        if (who.kelurahanCodes[who.kelurahanCodes.length - 1] !== v.code) who.kelurahanCodes.push(v.code);
        if (!unassigned(key, i)) who.families++;
      }
    }
    out.push(...people.filter((x) => x.families > 0));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Names: pools per naming culture, chosen by birth year (elder before 1966, adult before 1998, child after)

type Culture = 'melayu' | 'jawa' | 'sunda' | 'bugis' | 'batak' | 'bali' | 'timur';

const words = (s: string): string[] => s.trim().split(/\s+/).map((w) => w.replace(/_/g, ' '));

interface NamePools {
  /** [elder, adult, child] given names by sex. */
  L: [string[], string[], string[]];
  P: [string[], string[], string[]];
  /** Second names (a family name for some) by sex. */
  secondL: string[];
  secondP: string[];
  /** Chance of a second name by generation [elder, adult, child]. */
  second: [number, number, number];
}

const MELAYU_L_ADULT = words(`Agus Ahmad Andi Arif Bambang Budi Dedi Doni Eko Fajar Hadi Hasan Hendra Heru Ilham Imam Indra
  Irfan Irwan Ismail Jamal Joko Lukman Mahmud Malik Mansur Mulyadi Nanang Rahmat Ridwan Rizal Rudi Rusli Safrudin Samsul
  Sofyan Sudirman Syahrul Syamsul Taufik Teguh Umar Usman Wahyu Yusuf Zainal Zulkifli Hamdan Harun Husin Idris Jafar
  Junaidi Khairul Mukhtar Nasrul Rustam Saiful Salim Darwis Amiruddin Baharuddin Hasanuddin Jamaluddin Nurdin Syahril
  Effendi Hendri Firdaus Azhar Burhan Erwin Fikri Iskandar Ramli Suherman Sulaiman Zulfikar Abdul_Rahman Abdul_Hakim
  Abdul_Aziz Abdul_Karim Abdul_Majid Abdul_Gani Rahman Yudi Anwar Basri Dahlan Faisal Hamzah Kamal Muslim Ridho`);
const MELAYU_L_ELDER = words(`Abdullah Ahmad Amin Hamid Hasan Husin Ibrahim Idris Ismail Jamil Kadir Karim Mahmud Saleh
  Sulaiman Syamsuddin Usman Yakub Yusuf Zakaria Abu_Bakar Daud Harun Ilyas Musa Rasyid Rauf Salim Sanusi Syarif Tahir Umar
  Zainuddin Basri Darwis Hasyim Mansyur Muhtar Bahrum Jalil Kasim Latif Nasir`);
const CHILD_L = words(`Alif Arkan Daffa Fadil Zidan Raffi Azka Fikri Rehan Dimas Aldi Farel Hafiz Naufal Akbar Reza Rangga
  Galang Fathan Rafa Arya Bima Satria Gilang Yoga Rizky Fauzan Haikal Rafli Fahri Fahmi Ilham Aditya Bagas Dafa Rendi Wildan
  Zaki Rayyan Alfarizi Abizar Arsya Athar Azzam Fatih Ghazi Khalif Malik Rasya Razka Sultan Yusuf Zhafran Rizki Farhan Irfan`);
const MELAYU_P_ADULT = words(`Aminah Ani Dewi Dian Endang Erna Evi Fatimah Fitri Hasanah Herlina Ida Indah Juwita Kartini
  Lina Lestari Marlina Mariani Mega Murni Nani Nining Nurhayati Nurlela Nuraini Rahmawati Ratna Rina Rini Rosmawati Sari
  Sri_Wahyuni Sumiati Susanti Suryani Tuti Wati Wahyuni Yanti Yuliana Yusnita Zubaidah Zainab Halimah Khadijah Maimunah
  Rohani Rosnani Syarifah Asmah Nurbaya Rahmah Salmah Jamilah Hamidah Mardiana Suriani Yulia Desi Novita Lia Ratih Rika
  Sinta Wulan Fitriani Anita Yenni Elvi Rosita Mariana Herawati Nurmala`);
const MELAYU_P_ELDER = words(`Aminah Asiah Aisyah Fatimah Halimah Hasnah Jamilah Khadijah Maimunah Maryam Nurhayati Rabiah
  Rahmah Rohana Salmah Saodah Siti_Hajar Syamsiah Zubaidah Zainab Hafsah Habibah Rukiah Siti_Aminah Nursiah Saripah Juariah
  Hindun Kalsum Rosnah Samsiah Jariah`);
const CHILD_P = words(`Aisyah Naura Zahra Nayla Syifa Alya Salsa Keysha Nabila Putri Aulia Anisa Rahma Dinda Zaskia
  Azzahra Khansa Adiba Najwa Hana Kirana Nadia Citra Intan Aqila Safira Rania Shakila Nazwa Alifa Almira Amira Arsyila
  Assyifa Balqis Fika Hafsah Humaira Kayla Nadhira Nafisa Zahira Zalfa Sabrina Tsabita Mutiara Annisa Aurel Fitriani Dara`);
const SECOND_L = words(`Saputra Pratama Hidayat Setiawan Gunawan Kurniawan Nugroho Wijaya Santoso Firmansyah Hermawan
  Ramadhan Syahputra Maulana Hakim Rahman Hidayatullah Effendi Putra Susanto Irawan Kusuma Permana Prasetyo Wibowo Sofyan
  Habibi Alamsyah Syahrial Iskandar Darmawan Husaini Nasution Lubis Harahap Siddiq Fauzi Ardiansyah`);
const SECOND_P = words(`Lestari Handayani Rahayu Sari Wahyuni Rahmawati Susanti Yulianti Fitriani Anggraini Puspita
  Safitri Ningsih Astuti Wulandari Maharani Kusumawati Purnamasari Aprilia Ramadhani Utami Putri Nurhaliza Oktaviani
  Agustina Pertiwi Permata Hasanah Amelia Azizah`);

const JAWA_L_ADULT = words(`Agus Bambang Budi Joko Eko Slamet Sugeng Sutrisno Suparman Suyanto Sumarno Jumadi Teguh Wahyu
  Bayu Yanto Sugiyono Mulyono Widodo Purwanto Supardi Subagyo Sutarno Suwarno Riyanto Darsono Hariyanto Sukardi Triyono
  Wagiman Sarmin Kasno Sunardi Waluyo Mulyadi Edi Heru Ari Hadi Rudi Yudi Didik Gatot Hartono Haryono Kusnadi Mardi
  Priyanto Rohmat Sapto Sigit Sukirno Sumadi Suroso Tarno Warsito Dwi_Santoso Tri_Wahyudi Eko_Prasetyo Budi_Santoso
  Agus_Salim Nur_Hadi Setyo Yulianto Sunaryo Marjuki`);
const JAWA_L_ELDER = words(`Slamet Sarmin Paijo Wagiman Tukiman Ngadiman Kasmo Karto Sastro Suro Marto Paimin Sumo Dikromo
  Wiryo Atmo Kromo Parto Rejo Sukarjo Sadimin Tugiman Samijo Kasiran Jumadi Poniman Tarmuji Ngatijo Sumarjo Karsono
  Mangun Sarwono Tukijo Sastro_Wiyono Harjo Kartorejo Supomo`);
const JAWA_L_CHILD = [...CHILD_L, ...words('Bagus Galih Krisna Danu Raka Seno Wisnu Bayu Pandu Aji Prasetyo Ardi')];
const JAWA_P_ADULT = words(`Sri Sumarni Suyatmi Sumiyati Ngatini Wartini Sulastri Endang Lestari Wulandari Rahayu Suprihatin
  Mujiati Sunarti Suharti Winarsih Purwanti Sri_Rahayu Sri_Wahyuni Tri_Wahyuni Wahyuningsih Yuli Suwarni Darmi Kasmini
  Sukinah Partini Siti_Maryam Sumarsih Sugiarti Warsini Rini Dwi_Astuti Eni Yuni Sutini Surati Tumini Paini Sulasmi
  Ernawati Murni Umi Sri_Mulyani Siti_Rohmah Tri_Lestari Nur_Hidayah Retno Sumini Yatmi`);
const JAWA_P_ELDER = words(`Tukiyem Painem Sukinah Kasmini Parsinah Ngatinem Sainem Tumirah Poniyem Saminah Rubiyem Wagini
  Juminten Sarinem Ponirah Karsinah Suwarti Ngadinah Tuminah Sumirah Sakiyem Tentrem Kasiyah Marsinah Wakinah Legiyem`);
const JAWA_P_CHILD = [...CHILD_P, ...words('Ayu Dewi Sekar Laras Anindya Kinanti Rara Wulan Cahya Nadya Ajeng Dyah')];
const JAWA_SECOND_L = words(`Santoso Susanto Wibowo Nugroho Prasetyo Setiawan Purnomo Hartono Raharjo Suryanto Widodo Saputro
  Wicaksono Kurniawan Prabowo Utomo Pamungkas Hidayat Saputra Pratama Wahyudi Sulistyo Hermanto Haryanto`);
const JAWA_SECOND_P = words(`Lestari Rahayu Wulandari Handayani Astuti Ningsih Wahyuni Kusumawati Pratiwi Utami Rahmawati
  Susanti Safitri Puspitasari Setyowati Hidayati Mulyani Nurhayati Purwaningsih Widyastuti`);

const SUNDA_L_ADULT = words(`Asep Ujang Dede Dadang Deden Jajang Iwan Nana Rohmat Sanusi Mamat Udin Rojali Saepudin Syarifudin
  Sholeh Wahyudi Jaenudin Sukardi Supriadi Yanto Heri Andi Fajar Dadan Cecep Acep Aep Aang Endang Enjang Otong Ade Yayat
  Yayan Nandang Entis Engkus Usep Wawan Oman Kusnadi Sutisna Suherman Rahmat Mumuh Ocid Agus Dodi Hendi Ikbal Ridwan
  Encep Dikdik Cucu Tatang Ruslan`);
const SUNDA_L_ELDER = words(`Karta Sanip Muhidin Amin Jamhari Rasim Kasan Samin Abdullah Marjuki Sukarna Sarmin Toha Dulah
  Suhendi Rohman Sulaeman Tarmidi Wasim Darsim Engkos Ojo Madsuri Emen Odon Ihin Ajat Enjum Oyo Aki Endi Juhana Apandi`);
const SUNDA_P_ADULT = words(`Euis Iis Neneng Eneng Imas Entin Yayah Nining Nurhayati Rohayati Aminah Fatimah Maemunah
  Rohimah Sumiati Yanti Eti Tuti Wati Nurlela Susi Lilis Elis Nengsih Ratna Yuyun Ernawati Nurjanah Atikah Juju Nia
  Nunung Ema Mulyani Nurhasanah Ikah Kokom Iroh Cucu Enok Titin Yeni Ela Nenden Dede Popon Cicih Heni Tati`);
const SUNDA_P_ELDER = words(`Saminah Rukiah Juariah Enah Icih Enoh Onah Ocih Sarinah Masitoh Romlah Jubaedah Mariam Umayah
  Aisah Halimah Kasih Sanih Entin Iyah Oom Emah Eha Esih Enok Ijah Acih Edoh Ooh Omah`);
const SUNDA_SECOND_L = words(`Sopandi Sutisna Hidayat Supriatna Kurniawan Permana Setiawan Gunawan Ruhiyat Mulyana Sudrajat
  Saputra Nugraha Sumantri Suryana Hermawan Firmansyah Ramdani Hidayatulloh Rustandi Sobari Kosasih`);
const SUNDA_SECOND_P = words(`Rosita Kurniasih Komalasari Rahayu Nurhasanah Wulandari Lestari Sari Rohaeti Herawati Mulyani
  Rosmiati Sukmawati Purnamasari Nurjanah Marlina Apriyani Rahmawati`);

const BUGIS_L_ADULT = [
  ...MELAYU_L_ADULT,
  ...words(`Baharuddin Hasanuddin Jumaing Syamsuddin Arifin Ambo_Tang Amir Saharuddin Sudirman Rusdi Haris Asri Sakka
  Mappiare Muhlis Nasrun Syarifuddin Ansar Irwan Rahim Jufri Mursalim Sahabuddin`),
];
const BUGIS_P_ADULT = [
  ...MELAYU_P_ADULT,
  ...words(`Hasnah Nurhaeda Hasniati Rosmini Sitti_Hadija Hamsiah Marhani Rahmatia Nurjannah Jumriah Hasmawati Irmawati
  Sitti_Aminah Hadijah Nurbaya Sitti_Rahmah Haslinda Nurmiati Suarni`),
];

const BATAK_L = words(`Togar Parlindungan Hotman Monang Saut Tigor Binsar Maruli Sahat Poltak Bonar Horas Jhonson Martua
  Marudut Parulian Hasudungan Pardamean Hotlan Sabar Tumpal Lamhot Jonni Rudi Hendra Daniel Samuel Jonatan Andreas Manaek
  Ramlan Mangasi Pangihutan Robinson Rikardo Mangatas Edison Bangun Darwin Sutan`);
const BATAK_L_CHILD = words(`Yosua Samuel Daniel Immanuel Kristian Natanael Rio Jonatan Hizkia Timotius Efraim Elkana Gideon
  Ruben Josua Kevin Agustinus Frans Michael Rafael Yohanes`);
const BATAK_P = words(`Tiurma Dormauli Rosmawati Nurhayati Lamria Tiominar Rotua Hotnida Sondang Rusmini Lasma Melva Risma
  Masta Roslina Tetty Nurmala Erna Ruth Debora Sarma Mian Rosdiana Marlina Lenny Nurcahaya Romauli Dameria Hotmaida
  Rosita Lisbet Ronauli`);
const BATAK_P_CHILD = words(`Grace Yohana Debora Ester Maria Kezia Tabita Hana Lidia Priskila Sarah Natalia Elisabet Rebeka
  Yemima Dorkas Agnes Febiola Yolanda Theresia`);
const BATAK_MARGA = words(`Simanjuntak Sihombing Siregar Hutagalung Hutapea Nainggolan Napitupulu Samosir Saragih Sinaga
  Sitorus Situmorang Tampubolon Manurung Silalahi Pardede Panjaitan Sirait Simatupang Pasaribu Damanik Purba Ginting
  Sembiring Tarigan Marpaung Manullang Gultom Siahaan Sianturi Simbolon Hutabarat Lumbantobing Aritonang Sihite`);

const TIMUR_L = words(`Yohanes Fransiskus Agustinus Paulus Petrus Yosef Markus Lukas Matius Stefanus Dominikus Benediktus
  Aloysius Yakobus Simon Andreas Philipus Thomas Daniel Samuel Yonathan Kornelis Gerardus Hendrik Herman Marthen Obed
  Yulius Marselinus Kristoforus Antonius Bernadus Silvester Elias Melkianus Yeremias Nikolaus Laurensius Hironimus Frans`);
const TIMUR_L_CHILD = words(`Yosua Gabriel Kristian Jonatan Natanael Efraim Yesaya Timotius Rafael Mikael Aldo Rivaldo Marvel
  Yohanes Emanuel Kevin Fransiskus Angelo Yosef Stevan Elkana`);
const TIMUR_P = words(`Maria Yosefina Agustina Martha Elisabeth Magdalena Theresia Katarina Margaretha Yuliana Veronika
  Fransiska Bernadeta Paulina Agnes Dorkas Ester Ruth Debora Naomi Rahel Sarah Yohana Lidia Rosalina Priska Kristina
  Selfina Adriana Susana Matilda Ance Mince Orpa Yakomina Maria_Goreti Oktovina Sofia`);
const TIMUR_P_CHILD = words(`Maria Angela Anjelina Yuliana Kristina Natalia Grace Yohana Febiola Gloria Frisca Melisa Stefani
  Sesilia Veronika Adelia Clarisa Tabita Marselina Aprilia Yosefina`);
const CLANS: Readonly<Record<string, string[]>> = {
  ntt: words(`Manek Nahak Bere Seran Tefa Lake Fanggidae Ndun Lay Bili Kolo Hale Dethan Riwu Messakh Tanesib Nenobais Atok
    Sabu Ratu Leki Bata Making Wungo Kewa Fernandez Da_Costa Kiik Mau Taek Bria Klau Neno Ati Sinlae`),
  papua: words(`Wenda Tabuni Kogoya Wonda Murib Yikwa Enumbi Kossay Itlay Rumbiak Mandowen Wanma Yoku Kaisiepo Rumkorem
    Sawaki Ayomi Mirino Karoba Gobai Pigai Tebay Degei Mote Yeimo Kambu Mayor Wambrauw Rumbewas Hegemur Wakerkwa Ohee`),
  maluku: words(`Latuconsina Matulessy Tuhumury Pattiasina Sahetapy Pattinama Lewerissa Siahaya Wattimena Tanamal
    Leiwakabessy Nanlohy Ririmasse Sopacua Tupamahu Pelupessy Latumahina Huwae Lawalata Manuputty Rehatta Tahapary`),
  minahasa: words(`Lumentut Mandagi Pangemanan Rondonuwu Tumbelaka Wuisan Sumampouw Kaunang Mamahit Rumengan Lumowa
    Sondakh Tampi Walangitan Kalalo Karundeng Mawuntu Pontoh Supit Mongdong Tumewu Pinontoan Runtuwene Sengkey`),
};

const BALI_L = words(`Sudarsana Suarta Artawan Wirawan Sukadana Mertayasa Adnyana Arsana Budiarta Darmawan Suardana Sujana
  Widiana Parwata Astawa Sudiarta Yasa Sutama Suwirya Sukarta Ardana Wardana Sumerta Suwena Kariasa Sudana Mudana Rai`);
const BALI_P = words(`Sukarini Ariani Suartini Sumiati Wartini Widiastuti Kartini Sudiasih Puspawati Suciani Murniasih
  Sri_Astuti Mertasari Kusumawati Asih Darmini Sukerti Wiratni Sutarmi Suweni Sukasih Resmini Sriani Rusmini`);
const BALI_L_CHILD = words(`Adi_Putra Arya Bagus Dharma Eka_Putra Krisna Mahendra Pramana Surya Wira Yoga Agus Ari Dana
  Darma Wisnu Yudistira Sastrawan Widiantara Aditya Dwipayana Satria`);
const BALI_P_CHILD = words(`Ayu Dewi Sri Putri Ari Eka Puspa Ratna Sinta Lestari Wulan Tari Indah Kartika Anggreni Mahadewi
  Sukmawati Pradnyani Suastini Wahyuni Cahyani Widyantari`);
const BALI_ORDER_L = [['Wayan', 'Putu', 'Gede'], ['Made', 'Kadek', 'Nengah'], ['Nyoman', 'Komang'], ['Ketut']];
const BALI_ORDER_P = [['Wayan', 'Putu', 'Luh'], ['Made', 'Kadek'], ['Nyoman', 'Komang'], ['Ketut']];

const POOLS: Readonly<Record<Culture, NamePools>> = {
  melayu: { L: [MELAYU_L_ELDER, MELAYU_L_ADULT, CHILD_L], P: [MELAYU_P_ELDER, MELAYU_P_ADULT, CHILD_P], secondL: SECOND_L, secondP: SECOND_P, second: [0.15, 0.4, 0.55] },
  jawa: { L: [JAWA_L_ELDER, JAWA_L_ADULT, JAWA_L_CHILD], P: [JAWA_P_ELDER, JAWA_P_ADULT, JAWA_P_CHILD], secondL: JAWA_SECOND_L, secondP: JAWA_SECOND_P, second: [0.05, 0.3, 0.6] },
  sunda: { L: [SUNDA_L_ELDER, SUNDA_L_ADULT, CHILD_L], P: [SUNDA_P_ELDER, SUNDA_P_ADULT, CHILD_P], secondL: SUNDA_SECOND_L, secondP: SUNDA_SECOND_P, second: [0.1, 0.35, 0.55] },
  bugis: { L: [MELAYU_L_ELDER, BUGIS_L_ADULT, CHILD_L], P: [MELAYU_P_ELDER, BUGIS_P_ADULT, CHILD_P], secondL: SECOND_L, secondP: SECOND_P, second: [0.15, 0.35, 0.5] },
  batak: { L: [BATAK_L, BATAK_L, BATAK_L_CHILD], P: [BATAK_P, BATAK_P, BATAK_P_CHILD], secondL: [], secondP: [], second: [0, 0, 0] },
  timur: { L: [TIMUR_L, TIMUR_L, TIMUR_L_CHILD], P: [TIMUR_P, TIMUR_P, TIMUR_P_CHILD], secondL: [], secondP: [], second: [0, 0, 0] },
  bali: { L: [BALI_L, BALI_L, BALI_L_CHILD], P: [BALI_P, BALI_P, BALI_P_CHILD], secondL: [], secondP: [], second: [0, 0, 0] },
};

/** The naming cultures of a province's families, with weights. */
function culturesOf(province: string): WeightTable<Culture> {
  return CULTURE_TABLES.get(province) ?? CULTURE_TABLES.get('')!;
}

const CULTURE_TABLES = new Map<string, WeightTable<Culture>>(
  (
    [
      ['', [['melayu', 80], ['jawa', 20]]],
      ['12', [['batak', 50], ['melayu', 40], ['jawa', 10]]],
      ['18', [['jawa', 55], ['melayu', 40], ['sunda', 5]]],
      ['31', [['melayu', 40], ['jawa', 35], ['sunda', 25]]],
      ['32', [['sunda', 85], ['jawa', 15]]],
      ['36', [['sunda', 80], ['jawa', 10], ['melayu', 10]]],
      ['33', [['jawa', 100]]],
      ['34', [['jawa', 100]]],
      ['35', [['jawa', 95], ['melayu', 5]]],
      ['51', [['bali', 88], ['jawa', 12]]],
      ['53', [['timur', 90], ['melayu', 10]]],
      ['71', [['timur', 70], ['melayu', 30]]],
      ['72', [['bugis', 85], ['timur', 15]]],
      ['73', [['bugis', 95], ['jawa', 5]]],
      ['74', [['bugis', 90], ['jawa', 10]]],
      ['75', [['bugis', 100]]],
      ['76', [['bugis', 100]]],
      ['81', [['timur', 50], ['melayu', 50]]],
      ['91', [['timur', 75], ['bugis', 15], ['jawa', 10]]],
      ['92', [['timur', 75], ['bugis', 15], ['jawa', 10]]],
      ['93', [['timur', 70], ['jawa', 20], ['bugis', 10]]],
      ['94', [['timur', 85], ['bugis', 10], ['jawa', 5]]],
      ['95', [['timur', 92], ['bugis', 8]]],
      ['96', [['timur', 70], ['bugis', 20], ['jawa', 10]]],
    ] as const
  ).map(([p, entries]) => [p, table(entries as ReadonlyArray<readonly [Culture, number]>)]),
);

function clanList(province: string): string[] {
  if (province === '53' || province === '52') return CLANS.ntt!;
  if (province === '81' || province === '82') return CLANS.maluku!;
  if (province === '71' || province === '72' || province === '75') return CLANS.minahasa!;
  return CLANS.papua!;
}

/** How a family names its members. */
interface Naming {
  culture: Culture;
  pools: NamePools;
  clans: string[];
  /** The family name children inherit (a marga or clan; for others the father's last name, sometimes). */
  familyName: string | null;
  /** A word every son / daughter carries (Muhammad, Siti, Andi...). */
  sonPrefix: string | null;
  daughterPrefix: string | null;
  /** Balinese birth order of the next child (0-based). */
  order: number;
  /** Given names already used in the family. */
  used: string[];
}

function generation(birthYear: number): 0 | 1 | 2 {
  return birthYear < 1966 ? 0 : birthYear < 1998 ? 1 : 2;
}

function givenName(rng: SyntheticRng, nm: Naming, sex: Sex, gen: 0 | 1 | 2): string {
  const pool = (sex === 'L' ? nm.pools.L : nm.pools.P)[gen];
  let name = rng.pick(pool);
  for (let i = 0; i < 4 && nm.used.includes(name); i++) name = rng.pick(pool);
  nm.used.push(name);
  return name;
}

type NameRole = 'parent' | 'child' | 'other';

function personName(rng: SyntheticRng, nm: Naming, sex: Sex, birthYear: number, role: NameRole, clan?: string): string {
  const gen = generation(birthYear);
  const given = givenName(rng, nm, sex, gen);
  switch (nm.culture) {
    case 'batak': {
      const marga = clan ?? rng.pick(nm.clans);
      return sex === 'L' ? `${given} ${marga}` : `${given} br. ${marga}`;
    }
    case 'timur':
      return `${given} ${clan ?? rng.pick(nm.clans)}`;
    case 'bali': {
      const order = role === 'child' ? nm.order++ % 4 : rng.int(0, 3);
      const title = rng.pick((sex === 'L' ? BALI_ORDER_L : BALI_ORDER_P)[order]!);
      return sex === 'L' ? `I ${title} ${given}` : `Ni ${title} ${given}`;
    }
    default: {
      let name = given;
      const prefix = role === 'child' ? (sex === 'L' ? nm.sonPrefix : nm.daughterPrefix) : null;
      if (prefix && !given.startsWith(prefix)) name = `${prefix} ${name}`;
      else if (!prefix && given.indexOf(' ') < 0) {
        const r = rng.next();
        let word: string | null = null;
        if (sex === 'L' && gen > 0 && r < 0.08) word = rng.pick(['Muhammad', 'Muhammad', 'Moh.', 'Ahmad']);
        else if (sex === 'P' && r < 0.07) word = nm.culture === 'jawa' ? rng.pick(['Sri', 'Siti', 'Nur']) : rng.pick(['Siti', 'Nur']);
        if (word && word !== given) name = `${word} ${name}`;
      }
      if (role === 'child' && nm.familyName) return nm.familyName === given ? name : `${name} ${nm.familyName}`;
      if (rng.chance(nm.pools.second[gen]) && name.indexOf(' ') < 0) {
        const second = rng.pick(sex === 'L' ? nm.pools.secondL : nm.pools.secondP);
        if (second !== given) name = `${name} ${second}`;
      }
      return name;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Addresses

const STREETS = words(`Mawar Melati Anggrek Kenanga Flamboyan Cempaka Dahlia Kamboja Teratai Nangka Rambutan Durian Jambu
  Belimbing Sawo Mangga Kelapa Pisang Salak Delima Manggis Kemuning Seroja Beringin Asem Waru Bambu Kapuk Pinang Masjid
  Musholla Pemuda Swadaya Gotong_Royong Kebon_Kelapa Kramat Pesantren Bhakti Karya_Bakti Setia_Kawan Lapangan Tanah_Merah
  Kali_Baru Al-Ikhlas Nurul_Huda Merdeka Pahlawan Sudirman Diponegoro Kartini Veteran Pendidikan Sekolah Pasar Stasiun
  Cendana Cemara Jati Mahoni Pramuka Bhayangkara Irigasi Sentosa Harapan Damai Sejahtera Makmur Sukamaju`);
const KAMPUNG = words(`Rawa Pulo Sawah Baru Tengah Bulak Kandang Kauman Krajan Pasar Pojok Cibubur Pondok Kebon Gunung
  Cilalung Babakan Sukasari Mekar_Sari Leuwi_Gajah Sumur_Batu`);
const DUSUN = words(`Krajan Kauman Karanganyar Sidomulyo Sukamaju Mekarsari Tegalrejo Sumbersari Wonorejo Purwodadi
  Suka_Damai Sinar_Harapan Sumber_Makmur Makmur_Jaya Sidorejo Margomulyo Karangrejo Sukaraja Tanjung_Sari Bukit_Indah
  Lempuyang Cikadu Pasir_Angin Ciseureuh Lebak Tengah Timur Barat Utara Selatan`);
const ESTATES = words(`Griya_Asri Puri_Indah Bumi_Mutiara Taman_Sari Villa_Mas Graha_Permai Bukit_Indah Pesona_Alam
  Permata_Hijau Citra_Asri Bumi_Sentosa Griya_Harapan`);
const ROMAN = ['I', 'II', 'III', 'IV', 'V'];

function houseNo(rng: SyntheticRng): string {
  const n = Math.max(1, Math.round(rng.tri(1, 8, 160)));
  return rng.chance(0.06) ? `${n}${rng.pick(['A', 'B', 'C'])}` : String(n);
}

/** A plausible address; about a quarter hold a comma, a few a double quote (both need CSV quoting). */
function address(rng: SyntheticRng, urban: boolean): string {
  const r = rng.next();
  if (r < 0.003) return `Perum "${rng.pick(ESTATES)}" Blok ${rng.pick(['A', 'B', 'C', 'D', 'E'])}${rng.int(1, 12)} No. ${houseNo(rng)}`;
  if (urban) {
    if (r < 0.3) return `Jl. ${rng.pick(STREETS)}${rng.chance(0.2) ? ` ${rng.pick(ROMAN)}` : ''} No. ${houseNo(rng)}`;
    if (r < 0.55) return `Gg. ${rng.pick(STREETS)}${rng.chance(0.65) ? ` No. ${houseNo(rng)}` : ''}`;
    if (r < 0.7) return `Jl. ${rng.pick(STREETS)} No. ${houseNo(rng)}, Kp. ${rng.pick(KAMPUNG)}`;
    if (r < 0.8) return `Gg. ${rng.pick(STREETS)} No. ${houseNo(rng)}, Jl. ${rng.pick(STREETS)}`;
    if (r < 0.9) return `Kp. ${rng.pick(KAMPUNG)} No. ${houseNo(rng)}`;
    return `Perum ${rng.pick(ESTATES)} Blok ${rng.pick(['A', 'B', 'C', 'D', 'E', 'F'])}${rng.int(1, 15)} No. ${houseNo(rng)}`;
  }
  if (r < 0.35) return `Dusun ${rng.pick(DUSUN)}`;
  if (r < 0.5) return `Dusun ${rng.chance(0.5) ? rng.pick(ROMAN) : rng.pick(DUSUN)}, Jl. ${rng.pick(STREETS)} No. ${houseNo(rng)}`;
  if (r < 0.7) return `Jl. ${rng.pick(STREETS)} No. ${houseNo(rng)}`;
  if (r < 0.85) return `Kp. ${rng.pick(KAMPUNG)}`;
  if (r < 0.93) return `Jl. Poros Desa Km. ${rng.int(1, 25)}`;
  return `Dusun ${rng.pick(DUSUN)}, Gg. ${rng.pick(STREETS)}`;
}

// ---------------------------------------------------------------------------------------------
// One family

/** A member while the family is built (the same object is handed out, as a SyntheticMember). */
interface Draft extends SyntheticMember {
  /** Day number of birth. */
  birth: number;
}

type Shape = 'nuclear' | 'single_mother' | 'single_father' | 'extended' | 'grandparent' | 'elder_alone' | 'elder_couple' | 'couple';

const SHAPES = table<Shape>([
  ['nuclear', 60],
  ['single_mother', 14],
  ['single_father', 2],
  ['extended', 10],
  ['grandparent', 4],
  ['elder_alone', 4],
  ['elder_couple', 3],
  ['couple', 3],
]);
const KIDS_NUCLEAR = table([[0, 2], [1, 16], [2, 29], [3, 26], [4, 15], [5, 7], [6, 3], [7, 2]] as const);
const KIDS_SINGLE = table([[1, 25], [2, 33], [3, 24], [4, 12], [5, 6]] as const);
const GRANDKIDS = table([[0, 8], [1, 35], [2, 33], [3, 17], [4, 7]] as const);
const DESIL = table<number | null>([[null, 3], [1, 24], [2, 27], [3, 22], [4, 14], [5, 6], [6, 4]]);
const JOIN_YEARS: ReadonlyArray<readonly [number, number]> = [
  [2007, 1], [2008, 1], [2009, 1], [2010, 1], [2011, 1.5], [2012, 2], [2013, 2.5], [2014, 2.5], [2015, 3], [2016, 6],
  [2017, 9], [2018, 12], [2019, 7], [2020, 9], [2021, 9], [2022, 8], [2023, 8], [2024, 8], [2025, 9], [2026, 6],
]; // prettier-ignore
const MAX_MEMBERS = 9;

function joinYearTable(refYear: number): WeightTable<number> {
  const entries = JOIN_YEARS.filter(([y]) => y <= refYear).map(([y, w]) => [y, w] as [number, number]);
  // Years after 2026 (a later asOf) continue at the recent rate.
  for (let y = 2027; y <= refYear; y++) entries.push([y, 8]);
  // A January reference date has seen only the first weeks of its year.
  const last = entries[entries.length - 1]!;
  if (last[0] === refYear) last[1] = 0.5;
  return table(entries);
}

/** The school level of a child of `age` completed years (dropouts included). */
function jenjangFor(rng: SyntheticRng, age: number): Jenjang {
  if (age < 4) return 'tidak_sekolah';
  if (age <= 5) return rng.chance(0.35) ? 'paud' : 'tidak_sekolah';
  if (age === 6) {
    const r = rng.next();
    return r < 0.45 ? 'paud' : r < 0.65 ? 'sd' : 'tidak_sekolah';
  }
  if (age <= 12) return rng.chance(0.97) ? 'sd' : 'tidak_sekolah';
  if (age <= 15) {
    const r = rng.next();
    return r < 0.9 ? 'smp' : r < 0.93 ? 'sd' : 'tidak_sekolah';
  }
  if (age <= 18) {
    const r = rng.next();
    return r < 0.76 ? 'sma' : r < 0.8 ? 'smp' : 'tidak_sekolah';
  }
  return 'tidak_sekolah';
}

/** Builds families of one kecamatan from one random stream; identifiers from the kecamatan's counters. */
class FamilyBuilder {
  private readonly joinYears: WeightTable<number>;
  private members: Draft[] = [];
  private nm!: Naming;
  private rng!: SyntheticRng;
  private readonly nikSerial: Uint16Array;
  private readonly kkSerial: Uint16Array;
  private kec!: Kecamatan;
  private cultures!: WeightTable<Culture>;
  private clans!: string[];

  constructor(private readonly cal: Calendar) {
    this.joinYears = joinYearTable(cal.refYear);
    this.nikSerial = new Uint16Array((cal.ref - cal.base + 1) * 2);
    this.kkSerial = new Uint16Array(cal.ref - cal.kkBase + 1);
  }

  /**
   * A new kecamatan: fresh counters (its numbers cannot meet another kecamatan's). A counter holds the last
   * serial handed out, so the first is SYNTHETIC_FIRST_SERIAL (never one of the demo data's).
   */
  startKecamatan(kec: Kecamatan, rng: SyntheticRng): void {
    this.kec = kec;
    this.rng = rng;
    this.nikSerial.fill(SYNTHETIC_FIRST_SERIAL - 1);
    this.kkSerial.fill(SYNTHETIC_FIRST_SERIAL - 1);
    this.cultures = culturesOf(kec.province);
    this.clans = clanList(kec.province);
  }

  private age(birth: number): number {
    const i = birth - this.cal.base;
    return this.cal.refYear - this.cal.year[i]! - (this.cal.md[i]! > this.cal.refMd ? 1 : 0);
  }

  private birthYear(birth: number): number {
    return this.cal.year[birth - this.cal.base]!;
  }

  /** A birth day for someone of exactly `age` completed years on asOf. */
  private birthForAge(age: number): number {
    const a = Math.min(MAX_AGE, Math.max(0, Math.round(age)));
    return this.cal.ref - Math.round(a * DAYS_PER_YEAR) - this.rng.int(1, 364);
  }

  private add(rel: Relation, sex: Sex, birth: number, role: NameRole, clan?: string): Draft {
    const b = Math.max(this.cal.base + 366, Math.min(this.cal.ref, birth));
    const d: Draft = {
      nik: '',
      nama: personName(this.rng, this.nm, sex, this.birthYear(b), role, clan),
      hubungan: rel,
      jenisKelamin: sex,
      tanggalLahir: '',
      pengurus: false,
      jenjang: 'tidak_sekolah',
      hamil: false,
      nifas: false,
      disabilitasBerat: false,
      birth: b,
    };
    this.members.push(d);
    return d;
  }

  private adult(rel: Relation, sex: Sex, age: number, clan?: string): Draft {
    return this.add(rel, sex, this.birthForAge(age), 'parent', clan);
  }

  /**
   * Children of a mother born on `motherBirth` (and a father born on `fatherBirth`, when known): the first
   * when she is 17-30 and he at least 18, then every 1.3-6 years, none after she is 45 or after `latest`.
   * Children of 19 and over have often left the card.
   */
  private children(motherBirth: number, fatherBirth: number | null, count: number, rel: Relation, latest: number, clan?: string): number {
    const rng = this.rng;
    let added = 0;
    const earliest = Math.max(motherBirth + Math.round(17 * DAYS_PER_YEAR), fatherBirth === null ? 0 : fatherBirth + Math.round(18 * DAYS_PER_YEAR));
    const motherAgeAtLatest = (latest - motherBirth) / DAYS_PER_YEAR;
    if (motherAgeAtLatest < 17.2) return 0;
    let t = Math.max(earliest, motherBirth + Math.round(rng.tri(17, 21, Math.min(30, motherAgeAtLatest)) * DAYS_PER_YEAR));
    for (let i = 0; i < count && t <= latest && t - motherBirth <= 45 * DAYS_PER_YEAR; i++) {
      if (this.members.length >= MAX_MEMBERS - 1) break;
      const age = this.age(t);
      const stays = age < 19 || rng.chance(age <= 22 ? 0.65 : age <= 27 ? 0.35 : 0.1);
      if (stays) {
        const c = this.add(rel, rng.chance(0.51) ? 'L' : 'P', t, 'child', clan);
        c.jenjang = jenjangFor(rng, age);
        added++;
      } else if (this.nm.culture === 'bali') this.nm.order++;
      t += Math.round(rng.tri(1.3, 2.8, 6) * DAYS_PER_YEAR) + rng.int(0, 60);
    }
    return added;
  }

  /** Pregnancy (about 5%) or the 40 days after a birth (about 2%) of a woman of 16-44. */
  private pregnancy(woman: Draft | undefined): { latest: number; newborn: boolean } {
    const ref = this.cal.ref;
    if (!woman) return { latest: ref - 1, newborn: false };
    const age = this.age(woman.birth);
    if (age < 16 || age > 44) return { latest: ref - 1, newborn: false };
    const r = this.rng.next();
    if (r < 0.05) {
      woman.hamil = true;
      return { latest: ref - 300, newborn: false };
    }
    if (r < 0.07) {
      woman.nifas = true;
      return { latest: ref - 420, newborn: true };
    }
    return { latest: ref - 1, newborn: false };
  }

  private newborn(rel: Relation, clan?: string): void {
    this.add(rel, this.rng.chance(0.51) ? 'L' : 'P', this.cal.ref - this.rng.int(2, 38), 'child', clan);
  }

  /** A widowed parent (sometimes both) of the head or of the wife living in. */
  private elders(head: Draft, wife: Draft | undefined, chance: number): void {
    const rng = this.rng;
    if (!rng.chance(chance) || this.members.length >= MAX_MEMBERS - 1) return;
    const ofWife = wife !== undefined && wife !== head && rng.chance(0.45);
    const rel: Relation = ofWife ? 'mertua' : 'orang_tua';
    const youngest = Math.min(this.age(head.birth), wife ? this.age(wife.birth) : 200);
    const oldest = Math.max(this.age(head.birth), wife ? this.age(wife.birth) : 0);
    const lo = Math.max(58, oldest + 18);
    const hi = Math.min(MAX_AGE, youngest + 45);
    if (lo > hi) return;
    const sex: Sex = rng.chance(0.72) ? 'P' : 'L';
    const clan = this.nm.culture === 'batak' || this.nm.culture === 'timur' ? (ofWife ? undefined : (this.nm.familyName ?? undefined)) : undefined;
    const first = this.adult(rel, sex, rng.tri(lo, lo + 6, hi), sex === 'L' ? clan : undefined);
    if (rng.chance(0.18) && this.members.length < MAX_MEMBERS) {
      const other: Sex = sex === 'P' ? 'L' : 'P';
      const age = Math.min(MAX_AGE, Math.max(lo, this.age(first.birth) + (other === 'L' ? rng.int(0, 6) : -rng.int(0, 6))));
      this.adult(rel, other, age, other === 'L' ? clan : undefined);
    }
  }

  private startNaming(culture: Culture): void {
    const rng = this.rng;
    const nm: Naming = { culture, pools: POOLS[culture], clans: this.clans, familyName: null, sonPrefix: null, daughterPrefix: null, order: 0, used: [] };
    if (culture === 'batak') nm.clans = BATAK_MARGA;
    if (culture === 'batak' || culture === 'timur') nm.familyName = rng.pick(nm.clans);
    else if (culture !== 'bali') {
      const r = rng.next();
      if (r < 0.12) nm.sonPrefix = culture === 'bugis' && rng.chance(0.5) ? 'Andi' : 'Muhammad';
      if (r < 0.06 || (r > 0.9 && r < 0.96)) nm.daughterPrefix = culture === 'jawa' ? rng.pick(['Siti', 'Nur', 'Sri']) : rng.pick(['Siti', 'Nur', 'Putri']);
      if (nm.sonPrefix === 'Andi') nm.daughterPrefix = 'Andi';
    }
    this.nm = nm;
  }

  /** The father's last name passes to the children in some families (not Bali; marga and clans always). */
  private inheritLastName(father: Draft): void {
    if (this.nm.culture === 'batak' || this.nm.culture === 'timur' || this.nm.culture === 'bali') return;
    const parts = father.nama.split(' ');
    if (parts.length >= 2 && this.rng.chance(0.3)) {
      const last = parts[parts.length - 1]!;
      if (last !== 'Muhammad' && last !== 'Ahmad' && !last.endsWith('.')) this.nm.familyName = last;
    }
  }

  build(kelurahan: string, pendamping: string | null): SyntheticFamily {
    const rng = this.rng;
    const cal = this.cal;
    this.members = [];
    const culture = rng.weighted(this.cultures);
    this.startNaming(culture);
    const clan = culture === 'batak' || culture === 'timur' ? this.nm.familyName! : undefined;
    const wifeClan = culture === 'timur' && rng.chance(0.5) ? clan : undefined;
    const shape = rng.weighted(SHAPES);
    let caretaker: Draft;

    switch (shape) {
      case 'nuclear': {
        const wifeAge = Math.round(rng.tri(19, 32, 52));
        const husbandAge = Math.round(Math.min(72, Math.max(wifeAge - 3, 20, wifeAge + rng.tri(-3, 3, 14))));
        const wifeHeads = rng.chance(0.03);
        let husband: Draft;
        let wife: Draft;
        if (wifeHeads) {
          wife = this.adult('kepala_keluarga', 'P', wifeAge, wifeClan);
          husband = this.adult('suami', 'L', husbandAge, clan);
        } else {
          husband = this.adult('kepala_keluarga', 'L', husbandAge, clan);
          wife = this.adult('istri', 'P', wifeAge, wifeClan);
        }
        this.inheritLastName(husband);
        const preg = this.pregnancy(wife);
        this.children(wife.birth, husband.birth, rng.weighted(KIDS_NUCLEAR), 'anak', preg.latest, clan);
        if (preg.newborn) this.newborn('anak', clan);
        this.elders(wifeHeads ? wife : husband, wifeHeads ? husband : wife, 0.1);
        caretaker = wife;
        break;
      }
      case 'single_mother':
      case 'single_father': {
        const sex: Sex = shape === 'single_mother' ? 'P' : 'L';
        const age = Math.round(rng.tri(22, sex === 'P' ? 38 : 42, 62));
        const head = this.adult('kepala_keluarga', sex, age, sex === 'L' ? clan : wifeClan);
        if (sex === 'L') this.inheritLastName(head);
        const otherParent = head.birth + (sex === 'P' ? -1 : 1) * Math.round(rng.int(0, 6) * DAYS_PER_YEAR);
        const motherBirth = sex === 'P' ? head.birth : otherParent;
        const fatherBirth = sex === 'P' ? otherParent : head.birth;
        this.children(motherBirth, fatherBirth, rng.weighted(KIDS_SINGLE), 'anak', cal.ref - 1, clan);
        this.elders(head, undefined, 0.08);
        caretaker = head;
        break;
      }
      case 'extended': {
        // Grandparents head the card; a married child lives with them with the grandchildren.
        const headAge = Math.round(rng.tri(50, 62, 80));
        const widow = rng.chance(0.3);
        const head = this.adult('kepala_keluarga', widow ? 'P' : 'L', headAge, widow ? wifeClan : clan);
        let grandmother: Draft | undefined = widow ? head : undefined;
        if (!widow && rng.chance(0.85)) grandmother = this.adult('istri', 'P', Math.max(45, headAge - rng.int(0, 8)), wifeClan);
        if (!widow) this.inheritLastName(head);
        const gmBirth = grandmother?.birth ?? head.birth + Math.round(rng.int(2, 7) * DAYS_PER_YEAR);
        const gmAge = this.age(gmBirth);
        const childAge = Math.round(rng.tri(Math.max(20, gmAge - 42), 28, Math.max(20, Math.min(44, gmAge - 20))));
        const childSex: Sex = rng.chance(0.6) ? 'P' : 'L';
        const childBirth = Math.max(gmBirth, head.birth) + Math.round(19 * DAYS_PER_YEAR);
        const child = this.add('anak', childSex, Math.max(childBirth, this.birthForAge(childAge)), 'child', clan);
        let spouse: Draft | undefined;
        let grandClan = clan;
        if (rng.chance(0.8)) {
          const spouseSex: Sex = childSex === 'P' ? 'L' : 'P';
          const age = Math.max(19, this.age(child.birth) + (spouseSex === 'L' ? rng.int(0, 7) : -rng.int(0, 5)));
          const spouseClan = spouseSex === 'L' && clan ? rng.pick(this.nm.clans) : undefined;
          spouse = this.adult('menantu', spouseSex, age, spouseClan);
          if (spouseClan) grandClan = spouseClan;
        }
        const father = childSex === 'L' ? child : spouse;
        const youngMother = childSex === 'P' ? child : spouse;
        const saved = this.nm.familyName;
        if (clan) this.nm.familyName = grandClan ?? null;
        else if (father && father !== child) {
          this.nm.familyName = null;
          this.inheritLastName(father);
        }
        this.nm.order = 0;
        const preg = this.pregnancy(youngMother);
        this.children(youngMother?.birth ?? child.birth, father?.birth ?? null, rng.weighted(GRANDKIDS), 'cucu', preg.latest, grandClan);
        if (preg.newborn) this.newborn('cucu', grandClan);
        this.nm.familyName = saved;
        if (rng.chance(0.3) && this.members.length < MAX_MEMBERS) {
          // a younger, unmarried child of the grandparents
          const youngerAge = Math.max(12, this.age(child.birth) - rng.int(3, 12));
          if (gmAge - youngerAge >= 19 && gmAge - youngerAge <= 43) {
            const y = this.add('anak', rng.chance(0.5) ? 'L' : 'P', this.birthForAge(youngerAge), 'child', clan);
            y.jenjang = jenjangFor(rng, this.age(y.birth));
          }
        }
        caretaker = youngMother && this.members.some((m) => m.hubungan === 'cucu') ? youngMother : (grandmother ?? head);
        break;
      }
      case 'grandparent': {
        // A grandparent raising grandchildren whose parents work elsewhere.
        const headAge = Math.round(rng.tri(55, 66, 85));
        const sex: Sex = rng.chance(0.8) ? 'P' : 'L';
        const head = this.adult('kepala_keluarga', sex, headAge, sex === 'L' ? clan : wifeClan);
        let spouse: Draft | undefined;
        if (headAge < 80 && rng.chance(0.3)) {
          const spouseSex: Sex = sex === 'P' ? 'L' : 'P';
          spouse = this.adult(sex === 'P' ? 'suami' : 'istri', spouseSex, Math.min(MAX_AGE, Math.max(52, headAge + (spouseSex === 'L' ? rng.int(0, 6) : -rng.int(0, 6)))), spouseSex === 'L' ? clan : wifeClan);
        }
        // The absent parents: at least 20 years younger than the youngest grandparent here.
        let youngestAge = headAge;
        for (const m of this.members) youngestAge = Math.min(youngestAge, this.age(m.birth));
        const parentAge = Math.min(youngestAge - 20, rng.int(22, Math.max(22, Math.min(45, youngestAge - 20))));
        const parentBirth = this.birthForAge(parentAge);
        const n = this.children(parentBirth, parentBirth, rng.int(1, 3), 'cucu', cal.ref - 1, clan);
        if (n === 0) {
          const c = this.add('cucu', rng.chance(0.5) ? 'L' : 'P', this.birthForAge(rng.int(2, 14)), 'child', clan);
          c.jenjang = jenjangFor(rng, this.age(c.birth));
        }
        caretaker = sex === 'L' && spouse ? spouse : head;
        break;
      }
      case 'elder_alone': {
        const sex: Sex = rng.chance(0.68) ? 'P' : 'L';
        caretaker = this.adult('kepala_keluarga', sex, rng.tri(70, 77, MAX_AGE), sex === 'L' ? clan : wifeClan);
        break;
      }
      case 'elder_couple': {
        const headAge = Math.round(rng.tri(68, 75, 92));
        const head = this.adult('kepala_keluarga', 'L', headAge, clan);
        const wife = this.adult('istri', 'P', Math.max(60, headAge - rng.int(0, 8)), wifeClan);
        if (rng.chance(0.3)) {
          // an adult child who stayed (sometimes the one with a disability)
          const age = rng.int(25, Math.max(25, Math.min(50, this.age(wife.birth) - 20)));
          const c = this.add('anak', rng.chance(0.5) ? 'L' : 'P', this.birthForAge(age), 'child', clan);
          if (rng.chance(0.25)) c.disabilitasBerat = true;
        }
        caretaker = wife;
        break;
      }
      case 'couple': {
        // Children grown and gone, or one or two young adults still at home.
        const headAge = Math.round(rng.tri(42, 52, 66));
        const head = this.adult('kepala_keluarga', 'L', headAge, clan);
        const wife = this.adult('istri', 'P', Math.max(38, headAge - rng.int(0, 8)), wifeClan);
        this.inheritLastName(head);
        const maxChild = Math.min(30, this.age(wife.birth) - 20);
        if (maxChild >= 19 && rng.chance(0.5)) {
          for (let i = rng.int(1, 2); i > 0; i--) this.add('anak', rng.chance(0.5) ? 'L' : 'P', this.birthForAge(rng.int(19, maxChild)), 'child', clan);
        }
        caretaker = wife;
        break;
      }
    }

    // Others on the card: a niece or nephew, rarely someone else.
    if (this.members.length < MAX_MEMBERS && rng.chance(0.03)) {
      const age = rng.chance(0.6) ? rng.int(5, 18) : rng.int(19, 45);
      const f = this.add('famili_lain', rng.chance(0.5) ? 'L' : 'P', this.birthForAge(age), 'other');
      f.jenjang = jenjangFor(rng, this.age(f.birth));
    }
    if (this.members.length < MAX_MEMBERS && rng.chance(0.004)) {
      this.add(rng.chance(0.2) ? 'pembantu' : 'lainnya', rng.chance(0.6) ? 'P' : 'L', this.birthForAge(rng.int(18, 60)), 'other');
    }

    // Severe disability: about 2.5% of families, mostly a child or an elderly member.
    if (rng.chance(0.025)) {
      let total = 0;
      for (const m of this.members) total += this.disabilityWeight(m);
      let r = rng.next() * total;
      for (const m of this.members) {
        r -= this.disabilityWeight(m);
        if (r < 0) {
          m.disabilitasBerat = true;
          if (m.jenjang !== 'tidak_sekolah' && rng.chance(0.5)) m.jenjang = 'tidak_sekolah';
          break;
        }
      }
    }
    caretaker.pengurus = true;

    // The family's year in PKH: its head was an adult then.
    const head = this.members[0]!;
    let joined = rng.weighted(this.joinYears);
    const earliestJoin = cal.refYear - (this.age(head.birth) - 18);
    if (joined < earliestJoin) joined = Math.min(cal.refYear, Math.max(2007, earliestJoin));

    // The card was (re)issued after its youngest member was born, mostly within months.
    let youngest = 0;
    for (const m of this.members) if (m.birth > youngest) youngest = m.birth;
    const earliest = Math.max(cal.kkBase, youngest + 1);
    const issue =
      earliest >= cal.ref ? cal.ref
      : youngest >= cal.kkBase && rng.chance(0.65) ? Math.min(cal.ref, earliest + rng.int(7, 240))
      : rng.int(earliest, cal.ref); // prettier-ignore
    const noKk = this.kkNumber(issue);

    const members = this.members;
    for (const m of members) {
      m.nik = this.nik(m); // may move the birth by a day or more when that day's serials are used up
      m.tanggalLahir = cal.date[m.birth - cal.base]!;
    }
    return {
      noKk,
      kodeKelurahan: kelurahan,
      alamat: address(rng, kelurahan.charCodeAt(9) === 49 /* '1': a kelurahan */ || this.kec.kota),
      rt: pad3(Math.max(1, Math.round(rng.tri(1, 3, 15)))),
      rw: pad3(Math.max(1, Math.round(rng.tri(1, 3, 12)))),
      tahunMulaiPkh: joined,
      desil: rng.weighted(DESIL),
      pendamping,
      members,
    };
  }

  private disabilityWeight(m: Draft): number {
    const age = this.age(m.birth);
    return age < 19 ? 5 : age >= 60 ? 4 : 1;
  }

  /**
   * A No. KK issued on `day` (or, when that day's serials (5000-9999) are used up, on the nearest day that has
   * one left, never after asOf).
   */
  private kkNumber(day: number): string {
    const cal = this.cal;
    const i0 = day - cal.kkBase;
    if (i0 >= 0 && day <= cal.ref && this.kkSerial[i0]! < 9999) return this.kec.digits + cal.ddmmyyL[day - cal.base]! + SERIALS[++this.kkSerial[i0]!]!;
    for (let k = 1; k < 4000; k++) {
      for (const d of [day - k, day + k]) {
        if (d < cal.kkBase || d > cal.ref) continue;
        const i = d - cal.kkBase;
        if (this.kkSerial[i]! < 9999) {
          const serial = ++this.kkSerial[i]!;
          return this.kec.digits + cal.ddmmyyL[d - cal.base]! + SERIALS[serial]!;
        }
      }
    }
    throw new SyntheticOptionsError('families', `terlalu banyak keluarga untuk kecamatan ${this.kec.code} (too many families for one kecamatan)`);
  }

  /** The member's NIK; a birth day whose serials are used up moves the birth to the nearest free day. */
  private nik(m: Draft): string {
    const cal = this.cal;
    const sexBit = m.jenisKelamin === 'P' ? 1 : 0;
    const i0 = (m.birth - cal.base) * 2 + sexBit;
    if (m.birth > cal.base && m.birth <= cal.ref && this.nikSerial[i0]! < 9999) {
      return this.kec.digits + (sexBit ? cal.ddmmyyP : cal.ddmmyyL)[m.birth - cal.base]! + SERIALS[++this.nikSerial[i0]!]!;
    }
    for (let k = 1; k < 4000; k++) {
      for (const d of [m.birth - k, m.birth + k]) {
        if (d <= cal.base || d > cal.ref) continue;
        const i = (d - cal.base) * 2 + sexBit;
        if (this.nikSerial[i]! < 9999) {
          const serial = ++this.nikSerial[i]!;
          m.birth = d;
          return this.kec.digits + (sexBit ? cal.ddmmyyP : cal.ddmmyyL)[d - cal.base]! + SERIALS[serial]!;
        }
      }
    }
    throw new SyntheticOptionsError('families', `terlalu banyak anggota untuk kecamatan ${this.kec.code} (too many members for one kecamatan)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Public generators

/**
 * Checks the options (and that the region has villages, and that XLSX can hold N families) without
 * generating: throws SyntheticOptionsError.
 */
export function validateSyntheticOptions(opts: SyntheticRegistryOptions, format: 'csv' | 'xlsx' = 'csv'): void {
  plan(resolveOptions(opts));
  if (format === 'xlsx' && opts.families > SYNTHETIC_XLSX_MAX_FAMILIES) throw xlsxTooLarge();
}

/** Families in file order (kecamatan by code, then village by code). Memory stays flat whatever N is. */
export function* syntheticFamilies(opts: SyntheticRegistryOptions): Generator<SyntheticFamily> {
  const o = resolveOptions(opts);
  const cal = calendarFor(o.asOf);
  const builder = new FamilyBuilder(cal);
  for (const p of plan(o)) {
    builder.startKecamatan(p.kec, new SyntheticRng(o.seedLo, o.seedHi, SALT_FAMILY, p.kec.num));
    const key = unassignedKey(o, p.kec.num);
    let i = 0;
    for (const v of p.villages) {
      for (let n = 0; n < v.families; n++, i++) {
        const pendamping = unassigned(key, i) ? null : pendampingName(p, Math.floor((i * p.pendamping) / p.families));
        yield builder.build(v.code, pendamping);
      }
    }
  }
}

function flag(b: boolean): string {
  return b ? '1' : '0';
}

/** The rows of a family, as written. */
export function familyRows(f: SyntheticFamily): SyntheticRegistryRow[] {
  return f.members.map((m) => ({
    no_kk: f.noKk,
    nik: m.nik,
    nama: m.nama,
    hubungan: m.hubungan,
    jenis_kelamin: m.jenisKelamin,
    tanggal_lahir: m.tanggalLahir,
    pengurus: flag(m.pengurus),
    jenjang: m.jenjang,
    hamil: flag(m.hamil),
    nifas: flag(m.nifas),
    disabilitas_berat: flag(m.disabilitasBerat),
    kode_kelurahan: f.kodeKelurahan,
    alamat: f.alamat,
    rt: f.rt,
    rw: f.rw,
    tahun_mulai_pkh: String(f.tahunMulaiPkh),
    desil: f.desil === null ? '' : String(f.desil),
    pendamping: f.pendamping ?? '',
  }));
}

/** Member rows in file order (each family's rows contiguous). */
export function* syntheticRegistryRows(opts: SyntheticRegistryOptions): Generator<SyntheticRegistryRow> {
  for (const f of syntheticFamilies(opts)) yield* familyRows(f);
}

// ---------------------------------------------------------------------------------------------
// Writing: CSV (UTF-8, no BOM, LF, RFC 4180 quoting only where needed) and XLSX

/** A CSV field: quoted only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

export const SYNTHETIC_CSV_HEADER = `${SYNTHETIC_REGISTRY_COLUMNS.join(',')}\n`;

/** A family's rows as CSV lines (LF-terminated). */
export function familyCsv(f: SyntheticFamily): string {
  const tail = familyTail(f);
  let s = '';
  for (const m of f.members) s += memberLine(f.noKk, m, tail);
  return s;
}

function familyTail(f: SyntheticFamily): string {
  return `,${f.kodeKelurahan},${csvField(f.alamat)},${f.rt},${f.rw},${f.tahunMulaiPkh},${f.desil ?? ''},${f.pendamping ?? ''}\n`;
}

function memberLine(noKk: string, m: SyntheticMember, tail: string): string {
  return `${noKk},${m.nik},${csvField(m.nama)},${m.hubungan},${m.jenisKelamin},${m.tanggalLahir},${m.pengurus ? 1 : 0},${m.jenjang},${m.hamil ? 1 : 0},${m.nifas ? 1 : 0},${m.disabilitasBerat ? 1 : 0}${tail}`;
}

/**
 * Chunks of about 256 KB are handed to the stream. Rows are encoded straight into the chunk's buffer
 * (twice as fast as building one long string: no flattening of concatenated strings).
 */
const CHUNK_BYTES = 256 * 1024;
/** Room left for one more family (at most 9 rows of well under 1 KB each, 3 bytes per character at worst). */
const FAMILY_ROOM = 32 * 1024;
const PROGRESS_EVERY = 5_000;

/** Resolves when the stream wants more (or rejects when it fails or closes first). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (e: Error) => done(e);
    const onClose = () => done(Object.assign(new Error('stream closed'), { code: 'ERR_STREAM_DESTROYED' }));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

function writeChunk(out: Writable, chunk: Buffer): Promise<void> {
  if (out.destroyed || out.writableEnded) return Promise.reject(Object.assign(new Error('stream closed'), { code: 'ERR_STREAM_DESTROYED' }));
  return out.write(chunk) ? Promise.resolve() : drained(out);
}

/**
 * Writes the registry CSV to `out` in chunks of about 256 KB, waiting whenever the stream asks to
 * (backpressure). Does not end the stream. Resolves with the counts once the last chunk is handed over.
 */
export async function writeSyntheticRegistryCsv(opts: SyntheticRegistryOptions, out: Writable, hooks: SyntheticWriteHooks = {}): Promise<SyntheticSummary> {
  const done: SyntheticSummary = { families: 0, members: 0 };
  const families = syntheticFamilies(opts);
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let pos = buf.write(SYNTHETIC_CSV_HEADER, 0);
  for (const f of families) {
    const tail = familyTail(f);
    for (const m of f.members) pos += buf.write(memberLine(f.noKk, m, tail), pos);
    done.families++;
    done.members += f.members.length;
    if (pos > CHUNK_BYTES - FAMILY_ROOM) {
      // The stream keeps the buffer until it is written: the next chunk gets a new one.
      await writeChunk(out, buf.subarray(0, pos));
      buf = Buffer.allocUnsafe(CHUNK_BYTES);
      pos = 0;
    }
    if (hooks.onProgress && done.families % PROGRESS_EVERY === 0) hooks.onProgress({ ...done }, opts.families);
  }
  if (pos > 0) await writeChunk(out, buf.subarray(0, pos));
  hooks.onProgress?.({ ...done }, opts.families);
  return done;
}

/** The registry as one CSV string (tests and small N only). */
export function syntheticRegistryCsv(opts: SyntheticRegistryOptions): string {
  let s = SYNTHETIC_CSV_HEADER;
  for (const f of syntheticFamilies(opts)) s += familyCsv(f);
  return s;
}

const XLSX_MAX_BACKLOG = 4 * 1024 * 1024;
/** A sheet holds 1,048,576 rows (the header is one). */
const XLSX_MAX_ROWS = 1_048_576;
/** About 3.9 members a family: 250,000 families stay well under a sheet's rows. */
export const SYNTHETIC_XLSX_MAX_FAMILIES = 250_000;

function xlsxTooLarge(): SyntheticOptionsError {
  return new SyntheticOptionsError(
    'families',
    `XLSX memuat paling banyak 1.048.576 baris; untuk lebih dari ${SYNTHETIC_XLSX_MAX_FAMILIES.toLocaleString('id-ID')} keluarga pakai CSV (an XLSX sheet holds at most 1,048,576 rows: use CSV above ${SYNTHETIC_XLSX_MAX_FAMILIES.toLocaleString('en')} families)`,
  );
}

/**
 * Bytes of sheet XML waiting for the zip compressor. exceljs's StreamBuf writes to its pipes without
 * backpressure, so the writer looks at the pipes' buffers itself (0 if exceljs changes shape).
 */
function xlsxBacklog(sheet: object): number {
  type Pipe = { writableLength?: number; _writableState?: { length?: number } };
  const pipes = (sheet as { stream?: { pipes?: Pipe[] } }).stream?.pipes;
  let n = 0;
  if (Array.isArray(pipes)) for (const p of pipes) n += p.writableLength ?? p._writableState?.length ?? 0;
  return n;
}

/**
 * Writes the registry as XLSX (one sheet `registry`, the same header, every cell text, so NIK and RT keep
 * their digits) with exceljs's streaming writer, without shared strings, so memory stays flat. `target`
 * is a file name or a stream (ended when the workbook is complete).
 */
/** The prototype of the archiver exceljs writes its zip with (resolved from exceljs, so it is the same copy). */
async function archiverPrototype(): Promise<object> {
  const { createRequire } = await import('node:module');
  const requireFromExcel = createRequire(createRequire(import.meta.url).resolve('exceljs'));
  const archive = (requireFromExcel('archiver') as (format: string) => { abort(): void })('zip');
  archive.abort();
  return Object.getPrototypeOf(archive) as object;
}

export async function writeSyntheticRegistryXlsx(opts: SyntheticRegistryOptions, target: string | Writable, hooks: SyntheticWriteHooks = {}): Promise<SyntheticSummary> {
  if (opts.families > SYNTHETIC_XLSX_MAX_FAMILIES) throw xlsxTooLarge();
  const families = syntheticFamilies(opts);
  const ExcelJS = (await import('exceljs')).default;
  // The same options give the same bytes: the workbook's dates and every zip entry's time come from the
  // reference date, not the clock. Zip entry times are local (DOS) times, so the entry date is made from
  // local fields: midnight of asOf in whatever time zone the machine has, the same bytes everywhere.
  const [y, m, d] = (opts.asOf ?? SYNTHETIC_DEFAULT_AS_OF).split('-').map(Number) as [number, number, number];
  const stamp = new Date(Date.UTC(y, m - 1, d)); // zip entry times are written in UTC: the same bytes in every time zone
  // exceljs appends its zip entries without a date (archiver then takes the clock's), two of them inside its
  // constructor: archiver's append gives each entry the reference date while the writer is made (synchronous,
  // so nothing else appends meanwhile), then the writer's own archive does for the rest.
  const archiverProto = (await archiverPrototype()) as { append(source: unknown, data: Record<string, unknown>): unknown };
  const protoAppend = archiverProto.append;
  let workbook: InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>;
  archiverProto.append = function (this: unknown, source: unknown, data: Record<string, unknown>) {
    return protoAppend.call(this, source, { ...data, date: stamp });
  };
  try {
    workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      ...(typeof target === 'string' ? { filename: target } : { stream: target }),
      useSharedStrings: false,
      useStyles: false,
      // exceljs reads these (docProps/core.xml) though its typings leave them out.
      created: stamp,
      modified: stamp,
    } as unknown as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
  } finally {
    archiverProto.append = protoAppend;
  }
  const zip = (workbook as unknown as { zip: { append(source: unknown, data: Record<string, unknown>): unknown } }).zip;
  zip.append = (source, data) => protoAppend.call(zip, source, { ...data, date: stamp });
  const sheet = workbook.addWorksheet('registry');
  sheet.addRow([...SYNTHETIC_REGISTRY_COLUMNS]).commit();
  const done: SyntheticSummary = { families: 0, members: 0 };
  for (const f of families) {
    if (done.members + f.members.length >= XLSX_MAX_ROWS) throw xlsxTooLarge();
    for (const r of familyRows(f)) sheet.addRow(SYNTHETIC_REGISTRY_COLUMNS.map((c) => r[c])).commit();
    done.families++;
    done.members += f.members.length;
    if (done.families % 200 === 0) {
      // exceljs hands the sheet's XML to the zip stream without waiting: wait here while it is behind.
      while (xlsxBacklog(sheet) > XLSX_MAX_BACKLOG) await new Promise<void>((resolve) => setTimeout(resolve, 1));
    }
    if (hooks.onProgress && done.families % PROGRESS_EVERY === 0) hooks.onProgress({ ...done }, opts.families);
  }
  sheet.commit();
  await workbook.commit();
  hooks.onProgress?.({ ...done }, opts.families);
  return done;
}
