/**
 * The demo data set: about 2,000 PKH families (KPM) in Kecamatan Cimanggis, Kota Depok, with their
 * members, and the demo accounts (contract: "Demo data set").
 *
 * Deterministic: the output depends only on the options. Every random choice comes from a small seeded
 * PRNG (sfc32); faker (id_ID locale data) runs on that same PRNG through a custom randomizer, and ids are
 * `uuidv7(DEMO_ID_BASE_MS + i, seededBytes)`. Nothing reads the clock or Math.random.
 *
 * Shape of the work, so the national generator (`titian generate --families N`) can reuse it:
 * - `generateFamily(rng, kelurahanCode, pendamping, ctx)` builds one family from a per-family random
 *   stream (`rng.reseed(seed, familyIndex)`), so a family does not depend on the ones before it, except
 *   for the shared id counter and the identifier serial counters in `ctx`.
 * - NIK and No. KK are unique by construction: the serial is a counter per 12-digit prefix
 *   (region + DDMMYY), so no set of issued numbers is kept; the counters grow at most with the output.
 *   Serials stay within 0001-4999 (DEMO_LAST_SERIAL): 5000-9999 belong to the synthetic registry
 *   (src/server/import/synthetic-registry.ts, SYNTHETIC_FIRST_SERIAL), so a generated file never repeats
 *   a demo NIK or No. KK.
 */
import { Faker, base, id_ID, type Randomizer } from '@faker-js/faker';
import { uuidv7 } from '../../domain/ids';
import type { CalendarDate, FamilyStatus, Member, Relation, Role, SchoolLevel, Sex } from '../../domain/types';

export const DEMO_PASSWORD = 'titian-demo';
export const DEMO_REFERENCE_DATE = '2026-07-01'; // fixed, so the data never depends on the clock
export const DEMO_DEFAULT_SEED = 20_260_701;
export const DEMO_DEFAULT_FAMILIES = 2_000;
/** Ids are uuidv7(DEMO_ID_BASE_MS + i): 2026-01-01T00:00:00Z plus a counter. */
export const DEMO_ID_BASE_MS = Date.UTC(2026, 0, 1);
export const CIMANGGIS_CODE = '32.76.02';

export interface DemoUser {
  id: string;
  username: string;
  role: Role;
  regionCode: string | null;
  displayName: string;
}
export interface DemoMember extends Member {
  id: string;
  nik: string;
  startDate: CalendarDate /* membership start: max(birthDate, family start) */;
}
export interface DemoFamily {
  id: string;
  kkNumber: string;
  kelurahanCode: string;
  address: string;
  rt: string;
  rw: string;
  joinedYear: number;
  decile: number | null;
  status: FamilyStatus;
  pendamping: string /* username */;
  startDate: CalendarDate;
  members: DemoMember[];
}
export interface DemoData {
  users: DemoUser[];
  families: DemoFamily[];
}

// ---------------------------------------------------------------------------------------------
// Randomness

/** sfc32 seeded through splitmix32; `asRandomizer()` lets faker draw from the same stream. */
export class DemoRng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number | number[] = DEMO_DEFAULT_SEED) {
    this.seed(seed);
  }

  seed(seed: number | number[]): void {
    const parts = Array.isArray(seed) ? seed : [seed];
    let h = 0x9e3779b9;
    for (const p of parts) h = mix32(h ^ (Math.floor(p) >>> 0)) ^ mix32((Math.floor(p / 2 ** 32) >>> 0) + 0x632be5ab);
    const sm = splitmix32(h);
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** This generator as faker's Randomizer (faker calls `next` unbound). */
  asRandomizer(): Randomizer {
    return { next: () => this.next(), seed: (seed) => this.seed(seed) };
  }

  /** Reseed for one family of a data set: the family's stream depends only on (seed, index). */
  reseed(seed: number, index: number): void {
    this.seed([seed, index]);
  }

  nextUint32(): number {
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
    return this.nextUint32() / 4_294_967_296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of `entries` ([value, weight] pairs) with probability proportional to its weight. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [v, w] of entries) {
      r -= w;
      if (r < 0) return v;
    }
    return entries[entries.length - 1][0];
  }

  /** Triangular distribution on [min, max] with the given mode. */
  triangular(min: number, mode: number, max: number): number {
    if (max <= min) return min;
    const m = Math.min(Math.max(mode, min), max);
    const u = this.next();
    const f = (m - min) / (max - min);
    return u < f ? min + Math.sqrt(u * (max - min) * (m - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - m));
  }

  /** Random bytes for uuidv7. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let v = this.nextUint32();
      for (let j = i; j < Math.min(n, i + 4); j++) {
        out[j] = v & 0xff;
        v >>>= 8;
      }
    }
    return out;
  }
}

function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a, for deterministic offsets that must not consume the family's random stream. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Calendar dates (day numbers since 1970-01-01; pure calendar arithmetic, no time zone involved)

const MS_PER_DAY = 86_400_000;
const DAYS_PER_YEAR = 365.2425;

function dayNumber(date: CalendarDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

function dateOfDay(day: number): CalendarDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Completed years of age on `on`. */
export function ageOnDate(birth: CalendarDate, on: CalendarDate): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

function years(n: number): number {
  return Math.round(n * DAYS_PER_YEAR);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------
// Identifiers (own composer: PPKKCC DDMMYY NNNN, +40 on the day for women)

/**
 * The last serial the demo data hands out: 5000-9999 are the synthetic registry's (SYNTHETIC_FIRST_SERIAL in
 * src/server/import/synthetic-registry.ts), so its identifiers never collide with the demo's. The demo's
 * research transcript NIK (demo-research.ts) keeps to this range too.
 */
export const DEMO_LAST_SERIAL = 4999;

/** Hands out serials 0001-DEMO_LAST_SERIAL per 12-digit prefix, so every composed number is unique. */
export class SerialAllocator {
  private readonly next = new Map<string, number>();

  /** `spread`: the first serial for a new prefix is 1 + hash(prefix) % spread. */
  constructor(private readonly spread: number) {}

  allocate(prefix12: string): string {
    let serial = this.next.get(prefix12);
    if (serial === undefined) serial = 1 + (hashString(prefix12) % this.spread);
    if (serial > DEMO_LAST_SERIAL) throw new RangeError(`No serial left for ${prefix12}`);
    this.next.set(prefix12, serial + 1);
    return prefix12 + pad(serial, 4);
  }
}

function ddmmyy(date: CalendarDate, dayOffset: number): string {
  return pad(Number(date.slice(8, 10)) + dayOffset, 2) + date.slice(5, 7) + date.slice(2, 4);
}

function composeNik(region6: string, birthDate: CalendarDate, sex: Sex, serials: SerialAllocator): string {
  return serials.allocate(region6 + ddmmyy(birthDate, sex === 'P' ? 40 : 0));
}

function composeKk(region6: string, issueDate: CalendarDate, serials: SerialAllocator): string {
  return serials.allocate(region6 + ddmmyy(issueDate, 0));
}

/** Where a NIK may have been issued: kab/kota code (4 digits) and how many kecamatan to draw from. */
const OUTSIDE_ORIGINS: ReadonlyArray<readonly [string, number, number]> = [
  // [kab/kota, kecamatan count (codes 01..n, kept within the real count), weight]
  ['3175', 10, 16], // Kota Jakarta Timur (borders Cimanggis)
  ['3174', 10, 8], // Kota Jakarta Selatan
  ['3201', 40, 14], // Kabupaten Bogor
  ['3271', 6, 5], // Kota Bogor
  ['3275', 12, 5], // Kota Bekasi
  ['3216', 20, 3], // Kabupaten Bekasi
  ['3203', 26, 4], // Kabupaten Cianjur
  ['3205', 30, 4], // Kabupaten Garut
  ['3208', 30, 3], // Kabupaten Kuningan
  ['3329', 17, 5], // Kabupaten Brebes
  ['3302', 27, 4], // Kabupaten Banyumas
  ['3372', 5, 4], // Kota Surakarta (Solo)
  ['3509', 25, 2], // Kabupaten Jember
  ['3603', 20, 3], // Kabupaten Tangerang
  ['3674', 7, 2], // Kota Tangerang Selatan
  ['1271', 21, 3], // Kota Medan
  ['1371', 11, 2], // Kota Padang
  ['1871', 20, 1], // Kota Bandar Lampung
];

/** Kecamatan codes of Kota Depok; 01-06 existed before the 2007 split, 07-11 only since. */
const DEPOK_KECAMATAN_OLD = ['327601', '327602', '327603', '327604', '327605', '327606'];
const DEPOK_KECAMATAN_ALL = [...DEPOK_KECAMATAN_OLD, '327607', '327608', '327609', '327610', '327611'];

function outsidePrefix(rng: DemoRng): string {
  const [kab, count] = rng.weighted(OUTSIDE_ORIGINS.map((o) => [o, o[2]] as const));
  return kab + pad(rng.int(1, count), 2);
}

/** Another kecamatan of the same kab/kota (Depok: by the birth year, since 5 kecamatan date from 2007). */
function siblingPrefix(rng: DemoRng, home6: string, birthYear: number): string {
  if (home6.startsWith('3276')) {
    const pool = (birthYear < 1990 ? DEPOK_KECAMATAN_OLD : DEPOK_KECAMATAN_ALL).filter((c) => c !== home6);
    return rng.pick(pool);
  }
  let cc = rng.int(1, 9);
  if (pad(cc, 2) === home6.slice(4)) cc = cc === 9 ? 1 : cc + 1;
  return home6.slice(0, 4) + pad(cc, 2);
}

/** Region of issue for an adult's NIK: mostly the home kecamatan, some elsewhere in the city, some migrants. */
function adultOrigin(rng: DemoRng, home6: string, birthYear: number): string {
  const r = rng.next();
  if (r < 0.72) return home6;
  if (r < 0.82) return siblingPrefix(rng, home6, birthYear);
  return outsidePrefix(rng);
}

// ---------------------------------------------------------------------------------------------
// Names (faker id_ID lists, without the western names they contain, plus Sundanese/Betawi names)

const WESTERN_NAMES = new Set(
  (
    'Agnes Anastasia Aurora Azalea Belinda Bella Betania Calista Carla Chelsea Ciaobella Cindy Cinthia Clara Cornelia ' +
    'Gabriella Gilda Jane Janet Jessica Julia Karen Kayla Keisha Kezia Lidya Maria Michelle Natalia Nadine Oliva Olivia ' +
    'Ophelia Paris Patricia Paulin Queen Rachel Rosa Rosalina Sakura Sasha Shania Sherly Silvia Talia Uchita Usyi Vanesa ' +
    'Vania Vanya Vera Vicky Victoria Violet Yance Zalindra Zelaya Zelda Zizi Elisa Ella Ellis Eva Diana Clara Cici ' +
    'Edison Edward Elon Elvin Emil Erik Ian Kairav Kenzie Leo Luis Olga Oskar Simon Viktor Vinsen Xanana Yosef Teddy Vega ' +
    'Vero Ozy Lamar Johan Emong Embuh Empluk Cemplunk Galak Dagel Cawuk Caket Jail Luluh Kacung Among Ibrani Upik ' +
    'Aurelia Fernanda Leilani Nathania Yolanda Fabian Antoni Febian Faresta Uwais Usamah Kahyang Namaga ' +
    // words rather than names in everyday use
    'Bajragin Cagak Cager Carub Cemani Cemeti Cengkal Cengkir Dadap Enteng Gaduh Gamblang Ganjaran Garang Kenari Kenes ' +
    'Labuh Lembah Lurhur Manah Nalar Nrima Opung Umay Eluh Ibun Luwar Luwes Maras Nasab Niyaga Galur Gaman Capa Bakda ' +
    'Ganesha Kiandra Ciaobella'
  ).split(' '),
);

const rawPerson = id_ID.person!;
const clean = (list: readonly string[] | undefined): string[] => (list ?? []).filter((n) => !WESTERN_NAMES.has(n));

const MALE_FIRST = clean(rawPerson.first_name!.male);
const FEMALE_FIRST = clean(rawPerson.first_name!.female);
const GENERIC_FIRST = clean(rawPerson.first_name!.generic); // Ade, Dwi, Eka, Tri: both sexes
const MALE_LAST = clean(rawPerson.last_name!.male);
const FEMALE_LAST = clean(rawPerson.last_name!.female);
const BATAK_MARGA = new Set(
  (
    'Damanik Hutagalung Hutapea Hutasoit Mangunsong Manullang Marbun Marpaung Nababan Nainggolan Napitupulu Samosir ' +
    'Saragih Sihombing Sihotang Simanjuntak Simbolon Sinaga Sirait Siregar Sitompul Sitorus Situmorang Tamba ' +
    'Tampubolon Tarihoran'
  ).split(' '),
);

const MALE_LAST_SET = new Set(MALE_LAST);
const MALE_LAST_COMMON = MALE_LAST.filter((n) => !BATAK_MARGA.has(n));
const MARGA_LIST = [...BATAK_MARGA];

const MALE_LOCAL = (
  'Asep Ujang Dede Dadang Deden Jajang Iwan Nana Rohmat Sanusi Mamat Udin Rojali Saepudin Syarifudin Sholeh Wahyudi ' +
  'Jaenudin Sukardi Suparman Sutrisno Supriadi Yanto Heri Andi Fajar Fauzan Arif Ilham Nurdin Sarip Mulyadi Komarudin ' +
  'Haris Ahmad Abdul Rahmat Hendi Yusuf Ikbal Aceng Encep Oding Rizal Dani Fahmi Firman'
).split(' ');
const FEMALE_LOCAL = (
  'Euis Iis Neneng Eneng Imas Entin Yayah Nining Nurhayati Rohayati Aminah Fatimah Khodijah Maemunah Rohimah Sumiati ' +
  'Yanti Eti Tuti Sri Wati Nurlela Susi Lilis Elis Nengsih Ratna Yuyun Ernawati Nurjanah Siti Atikah Juju Nia Nunung ' +
  'Ema Mulyani Nurhasanah Ikah Kokom Iroh'
).split(' ');
const MALE_ELDER = (
  'Karta Sanip Muhidin Amin Jamhari Rasim Kasan Samin Abdullah Marjuki Sukarna Sarmin Toha Dulah Suhendi Rohman ' +
  'Sulaeman Sanusi Tarmidi Wasim Darsim Engkos Ojo Madsuri'
).split(' ');
const FEMALE_ELDER = (
  'Saminah Rukiah Juariah Enah Kartini Marsih Ponirah Tarsih Wartini Suminah Icih Enoh Onah Ocih Sarinah Masitoh ' +
  'Romlah Jubaedah Mariam Umayah Aisah Halimah Kasih Sanih Entin Muninggar'
).split(' ');
const CHILD_MALE = (
  'Rafa Rizky Fathan Alif Arkan Daffa Fadil Zidan Raffi Azka Ilham Fikri Rehan Bayu Dimas Aldi Farel Hafiz Naufal ' +
  'Akbar Reza Rangga Galang'
).split(' ');
const CHILD_FEMALE = (
  'Aisyah Naura Zahra Nayla Syifa Alya Salsa Keysha Nabila Putri Aulia Fitri Anisa Rahma Dinda Zaskia Azzahra Khansa ' +
  'Adiba Najwa Hana'
).split(' ');

type Generation = 'child' | 'adult' | 'elder';

/** A given name by sex and generation, from faker's id_ID lists and the local lists. */
function givenName(rng: DemoRng, faker: Faker, sex: Sex, gen: Generation): string {
  const r = rng.next();
  if (gen === 'elder') {
    if (r < 0.55) return rng.pick(sex === 'L' ? MALE_ELDER : FEMALE_ELDER);
    if (r < 0.8) return rng.pick(sex === 'L' ? MALE_LOCAL : FEMALE_LOCAL);
  } else if (gen === 'child') {
    if (r < 0.3) return rng.pick(sex === 'L' ? CHILD_MALE : CHILD_FEMALE);
  } else if (r < 0.35) {
    return rng.pick(sex === 'L' ? MALE_LOCAL : FEMALE_LOCAL);
  }
  return faker.helpers.arrayElement(sex === 'L' ? MALE_FIRST : FEMALE_FIRST);
}

/** A full name; `familyName` (the father's last name) is taken when given. */
function personName(rng: DemoRng, faker: Faker, sex: Sex, gen: Generation, familyName?: string): string {
  const parts: string[] = [];
  const r = rng.next();
  if (sex === 'L' && gen !== 'elder' && r < 0.12) parts.push(rng.pick(['Muhammad', 'Muhammad', 'Ahmad', 'Moh.']));
  else if (sex === 'P' && r < 0.1) parts.push(rng.pick(['Siti', 'Siti', 'Nur', 'Sri']));
  else if (r < 0.16) parts.push(faker.helpers.arrayElement(GENERIC_FIRST));
  parts.push(givenName(rng, faker, sex, gen));
  if (familyName) {
    parts.push(familyName);
  } else if (gen !== 'elder' || rng.chance(0.25)) {
    const s = rng.next();
    if (s < (sex === 'L' ? 0.45 : 0.38)) {
      // A Batak marga only for a few men (their children inherit it); otherwise the common last names.
      const pool = sex === 'P' ? FEMALE_LAST : gen === 'adult' && rng.chance(0.05) ? MARGA_LIST : MALE_LAST_COMMON;
      parts.push(faker.helpers.arrayElement(pool));
    } else if (s < 0.55 && parts.length < 2) parts.push(givenName(rng, faker, sex, gen));
  }
  // no doubled words ("Siti Siti", "Eka Putri Putri")
  return parts.filter((p, i) => p !== parts[i - 1]).join(' ');
}

const NAME_PREFIXES = new Set(['Muhammad', 'Ahmad', 'Moh.', 'Siti', 'Nur', 'Sri', ...GENERIC_FIRST]);

/** The words of a name that are personal (not a common prefix, not a family name). */
function givenWords(name: string): string[] {
  return name.split(' ').filter((w) => !NAME_PREFIXES.has(w) && !MALE_LAST_SET.has(w));
}

/** The last word of a man's name when it can pass to his children (a Batak marga always does). */
function familyNameOf(rng: DemoRng, fatherName: string): string | undefined {
  const words = fatherName.split(' ');
  if (words.length < 2) return undefined;
  const last = words[words.length - 1];
  if (BATAK_MARGA.has(last)) return last;
  return MALE_LAST_SET.has(last) && rng.chance(0.3) ? last : undefined;
}

// ---------------------------------------------------------------------------------------------
// Addresses

const STREET_WORDS = (
  'Mawar Melati Anggrek Kenanga Flamboyan Cempaka Dahlia Kamboja Teratai Nangka Rambutan Durian Jambu Belimbing Sawo ' +
  'Mangga Kelapa Pisang Salak Delima Manggis Kemuning Bougenville Seroja Beringin Asem Waru Bambu Kapuk Pinang'
).split(' ');
const STREET_NAMED = [
  'Masjid',
  'Musholla',
  'Pemuda',
  'Swadaya',
  'Gotong Royong',
  'Kebon Duren',
  'Kebon Kelapa',
  'Rawa Indah',
  'Kramat',
  'Pesantren',
  'Bhakti',
  'Karya Bakti',
  'Setia Kawan',
  'Sumur Batu',
  'Lapangan',
  'Tanah Merah',
  'Pekapuran',
  'Kali Baru',
  'Al-Ikhlas',
  'Nurul Huda',
];
const KAMPUNG = 'Rawa|Kebon Kelapa|Pulo|Sawah|Baru|Lio|Tengah|Bulak|Kandang|Areman|Kekupu|Sugutamu'.split('|');
const ROMAN = ['I', 'II', 'III', 'IV'];

function houseNumber(rng: DemoRng): string {
  const n = Math.max(1, Math.round(rng.triangular(1, 8, 160)));
  return rng.chance(0.06) ? `${n}${rng.pick(['A', 'B', 'C'])}` : String(n);
}

function address(rng: DemoRng, faker: Faker): string {
  const kind = rng.weighted([
    ['jl', 40],
    ['jlh', 8],
    ['gg', 34],
    ['kp', 12],
    ['raya', 6],
  ] as const);
  switch (kind) {
    case 'jl': {
      const word = rng.chance(0.7) ? rng.pick(STREET_WORDS) : rng.pick(STREET_NAMED);
      const suffix = rng.chance(0.25) ? ` ${rng.pick(ROMAN)}` : rng.chance(0.1) ? ' Raya' : '';
      return `Jl. ${word}${suffix} No. ${houseNumber(rng)}`;
    }
    case 'jlh':
      return `Jl. H. ${faker.helpers.arrayElement(rng.chance(0.5) ? MALE_ELDER : MALE_FIRST)} No. ${houseNumber(rng)}`;
    case 'gg': {
      const name = rng.chance(0.45)
        ? `H. ${rng.pick(rng.chance(0.5) ? MALE_ELDER : MALE_LOCAL)}`
        : rng.pick(rng.chance(0.6) ? STREET_WORDS : STREET_NAMED);
      return rng.chance(0.7) ? `Gg. ${name} No. ${houseNumber(rng)}` : `Gg. ${name}`;
    }
    case 'kp':
      return `Kp. ${rng.pick(KAMPUNG)} No. ${houseNumber(rng)}`;
    case 'raya':
      return `Jl. Raya Bogor Km. ${rng.int(26, 31)} Gg. ${rng.pick(STREET_WORDS)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Users and pendamping areas

const DEMO_USERS: ReadonlyArray<Omit<DemoUser, 'id'>> = [
  { username: 'admin', role: 'admin', regionCode: null, displayName: 'Rina Marlina (Dinas Sosial Kota Depok)' },
  { username: 'korkot.depok', role: 'koordinator_kota', regionCode: '32.76', displayName: 'Bambang Setiawan' },
  { username: 'korcam.cimanggis', role: 'koordinator_kecamatan', regionCode: CIMANGGIS_CODE, displayName: 'Siti Nurjanah' },
  { username: 'pendamping01', role: 'pendamping', regionCode: CIMANGGIS_CODE, displayName: 'Ahmad Fauzi' },
  { username: 'pendamping02', role: 'pendamping', regionCode: CIMANGGIS_CODE, displayName: 'Dewi Lestari' },
  { username: 'pendamping03', role: 'pendamping', regionCode: CIMANGGIS_CODE, displayName: 'Rizky Pratama' },
  { username: 'pendamping04', role: 'pendamping', regionCode: CIMANGGIS_CODE, displayName: 'Nur Aini Rahmawati' },
  { username: 'pendamping05', role: 'pendamping', regionCode: CIMANGGIS_CODE, displayName: 'Fajar Hidayat' },
  { username: 'pendamping06', role: 'pendamping', regionCode: CIMANGGIS_CODE, displayName: 'Intan Permatasari' },
  { username: 'pendamping07', role: 'pendamping', regionCode: CIMANGGIS_CODE, displayName: 'Dedi Supriadi' },
  { username: 'pendamping08', role: 'pendamping', regionCode: CIMANGGIS_CODE, displayName: 'Yuli Handayani' },
  { username: 'auditor', role: 'auditor', regionCode: '32.76', displayName: 'Hendra Wijaya' },
  { username: 'peneliti', role: 'peneliti', regionCode: '32.76', displayName: 'Anisa Rahmadani' },
];

/** The 6 kelurahan of Cimanggis (reference/wilayah-depok.csv). */
export const CIMANGGIS_KELURAHAN = [
  '32.76.02.1007', // Harjamukti
  '32.76.02.1008', // Curug
  '32.76.02.1009', // Tugu
  '32.76.02.1010', // Mekarsari
  '32.76.02.1011', // Pasir Gunung Selatan
  '32.76.02.1012', // Cisalak Pasar
] as const;

/** Which kelurahan each pendamping covers, with the share of their caseload in each. */
export const PENDAMPING_AREAS: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, number]>]> = [
  ['pendamping01', [['32.76.02.1007', 1]]],
  ['pendamping02', [['32.76.02.1007', 0.55], ['32.76.02.1012', 0.45]]],
  ['pendamping03', [['32.76.02.1008', 1]]],
  ['pendamping04', [['32.76.02.1009', 1]]],
  ['pendamping05', [['32.76.02.1009', 0.6], ['32.76.02.1011', 0.4]]],
  ['pendamping06', [['32.76.02.1010', 1]]],
  ['pendamping07', [['32.76.02.1010', 0.5], ['32.76.02.1011', 0.5]]],
  ['pendamping08', [['32.76.02.1008', 0.4], ['32.76.02.1012', 0.35], ['32.76.02.1011', 0.25]]],
];

/** Split `total` into integers proportional to `weights` (largest remainder; ties by order). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// One family

export interface FamilyContext {
  referenceDate: CalendarDate;
  /** The next id (uuidv7 on the shared counter). */
  nextId: () => string;
  nikSerials: SerialAllocator;
  kkSerials: SerialAllocator;
  /** faker bound to the same DemoRng that is passed to generateFamily. */
  faker: Faker;
}

/** A member while the family is built: birth day number instead of a date. */
interface Draft {
  name: string;
  relation: Relation;
  sex: Sex;
  birth: number;
  schoolLevel: SchoolLevel;
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  caretaker: boolean;
  origin: string; // 6-digit region of NIK issue
}

const JOINED_YEAR_WEIGHTS: ReadonlyArray<readonly [number, number]> = [
  [2012, 2],
  [2013, 2],
  [2014, 3],
  [2015, 3],
  [2016, 4],
  [2017, 8],
  [2018, 11],
  [2019, 8],
  [2020, 11],
  [2021, 9],
  [2022, 9],
  [2023, 9],
  [2024, 10],
  [2025, 12],
  [2026, 5],
];

type Shape = 'nuclear' | 'single_mother' | 'single_father' | 'elder_head' | 'grandparent' | 'couple_only';

/** School level for a child of `age` completed years on the reference date. */
function schoolLevelFor(rng: DemoRng, age: number): SchoolLevel {
  if (age < 4) return 'none';
  if (age <= 5) return rng.chance(0.4) ? 'paud' : 'none';
  if (age === 6) return rng.weighted([['paud', 45], ['sd', 15], ['none', 40]] as const);
  if (age <= 12) return rng.chance(0.97) ? 'sd' : 'none';
  if (age <= 15) return rng.chance(0.92) ? 'smp' : 'none';
  if (age <= 18) return rng.chance(0.8) ? 'sma' : 'none';
  return 'none';
}

/** Family status: new families are active; older ones have sometimes been suspended, graduated or left. */
function drawStatus(rng: DemoRng, yearsIn: number): FamilyStatus {
  if (yearsIn <= 1) return rng.chance(0.97) ? 'aktif' : 'ditangguhkan';
  return rng.weighted<FamilyStatus>([
    ['aktif', 82],
    ['ditangguhkan', 6],
    ['graduasi', 9],
    ['keluar', 3],
  ]);
}

/**
 * Build one family. Uses only `rng` (and faker on it) for choices, and `ctx` for ids and serials,
 * so the national generator can call it per family with any kelurahan and pendamping.
 */
export function generateFamily(
  rng: DemoRng,
  kelurahanCode: string,
  pendamping: string,
  ctx: FamilyContext,
): DemoFamily {
  const { faker } = ctx;
  const ref = dayNumber(ctx.referenceDate);
  const refYear = Number(ctx.referenceDate.slice(0, 4));
  const home6 = kelurahanCode.replace(/\./g, '').slice(0, 6);
  const birthYear = (day: number) => Number(dateOfDay(day).slice(0, 4));
  const ageOf = (birth: number) => ageOnDate(dateOfDay(birth), ctx.referenceDate);
  /** A birth day for someone aged exactly `age` completed years on the reference date. */
  const birthForAge = (age: number) => ref - years(age) - rng.int(1, 364);

  const joinedYear = rng.weighted(JOINED_YEAR_WEIGHTS);
  const yearsIn = refYear - joinedYear;
  const startMonth = joinedYear === refYear ? rng.pick([1, 4]) : rng.pick([1, 4, 7, 10]);
  const startDate = `${joinedYear}-${pad(startMonth, 2)}-01`;

  /** One attempt at the members (only `rng` and faker; nothing shared is touched). */
  const draftMembers = (): Draft[] => {
    const shape = rng.weighted<Shape>([
      ['nuclear', 68],
      ['single_mother', 15],
      ['single_father', 2],
      ['elder_head', 8],
      ['grandparent', 4],
      ['couple_only', 3],
    ]);

    const members: Draft[] = [];
    /** A name whose given names no one else in the family has (siblings are not both called Putri). */
    const nameFor = (sex: Sex, gen: Generation, familyName?: string): string => {
      const taken = new Set(members.flatMap((m) => givenWords(m.name)));
      let name = personName(rng, faker, sex, gen, familyName);
      for (let i = 0; i < 4 && givenWords(name).some((w) => taken.has(w)); i++) {
        name = personName(rng, faker, sex, gen, familyName);
      }
      return name;
    };
    const add = (d: Pick<Draft, 'name' | 'relation' | 'sex' | 'birth' | 'origin'> & Partial<Draft>) => {
      const draft: Draft = {
        schoolLevel: 'none',
        pregnant: false,
        postpartum: false,
        severeDisability: false,
        caretaker: false,
        ...d,
      };
      members.push(draft);
      return draft;
    };
    const adult = (relation: Relation, sex: Sex, birth: number, gen: Generation = 'adult', familyName?: string) => {
      const name = nameFor(sex, gen, familyName);
      return add({ name, relation, sex, birth, origin: adultOrigin(rng, home6, birthYear(birth)) });
    };

    /**
     * Children of a mother born on `motherBirth`: first birth at 17-30, then gaps of 1.3-6 years, none
     * after 44 or after `latest`. Children of 19 and over have often left the family card.
     */
    const children = (
      motherBirth: number,
      count: number,
      relation: Relation,
      latest: number,
      familyName: string | undefined,
      parentOrigin: string,
    ): Draft[] => {
      const out: Draft[] = [];
      const motherAgeNow = (latest - motherBirth) / DAYS_PER_YEAR;
      if (motherAgeNow < 17.5) return out;
      let t = motherBirth + years(rng.triangular(17, 21, Math.min(30, motherAgeNow - 0.2)));
      for (let i = 0; i < count && t <= latest && t - motherBirth <= years(44); i++) {
        const age = ageOf(t);
        const stays = age < 19 || rng.chance(age <= 22 ? 0.55 : age <= 27 ? 0.3 : 0.08);
        if (stays) {
          const sex: Sex = rng.chance(0.51) ? 'L' : 'P';
          const r = rng.next();
          const origin = r < 0.88 ? home6 : r < 0.95 ? parentOrigin : siblingPrefix(rng, home6, birthYear(t));
          const gen: Generation = age >= 19 ? 'adult' : 'child';
          const name = nameFor(sex, gen, familyName);
          out.push(add({ name, relation, sex, birth: t, origin, schoolLevel: schoolLevelFor(rng, age) }));
        }
        t += years(rng.triangular(1.3, 2.8, 6));
      }
      return out;
    };

    /** Pregnancy of a woman born on `birth`: returns the latest birth day her existing children may have. */
    const pregnancyFor = (woman: Draft | undefined): { latest: number; newborn: boolean } => {
      if (!woman) return { latest: ref - 1, newborn: false };
      const age = ageOf(woman.birth);
      if (age < 18 || age > 42 || !rng.chance(0.08)) return { latest: ref - 1, newborn: false };
      if (rng.chance(0.6)) {
        woman.pregnant = true;
        return { latest: ref - 330, newborn: false };
      }
      woman.postpartum = true;
      return { latest: ref - 420, newborn: true };
    };
    /** The baby of a postpartum (nifas) mother: born in the last 40 days. */
    const addNewborn = (relation: Relation, familyName: string | undefined) => {
      const sex: Sex = rng.chance(0.51) ? 'L' : 'P';
      const name = nameFor(sex, 'child', familyName);
      add({ name, relation, sex, birth: ref - rng.int(3, 38), origin: home6 });
    };
    const kidCount = () => rng.weighted([[1, 20], [2, 31], [3, 25], [4, 14], [5, 7], [6, 3]] as const);

    /** The youngest age a parent can have now and still have been an adult on joining. */
    const minParentAge = Math.max(20, yearsIn + 19);
    let caretaker: Draft | undefined;

    switch (shape) {
      case 'nuclear':
      case 'single_mother':
      case 'single_father': {
        const parentAge = Math.round(rng.triangular(minParentAge, Math.max(minParentAge, 35), 58));
        let mother: Draft | undefined;
        let familyName: string | undefined;
        let head: Draft;
        if (shape === 'single_father') {
          head = adult('kepala_keluarga', 'L', birthForAge(parentAge));
          familyName = familyNameOf(rng, head.name);
        } else if (shape === 'single_mother') {
          head = adult('kepala_keluarga', 'P', birthForAge(parentAge));
          mother = head;
        } else {
          const wifeAge = parentAge;
          const husbandAge = Math.min(60, Math.max(wifeAge - 4, 20, Math.round(wifeAge + rng.triangular(-3, 4, 12))));
          head = adult('kepala_keluarga', 'L', birthForAge(husbandAge));
          familyName = familyNameOf(rng, head.name);
          mother = adult('istri', 'P', birthForAge(wifeAge));
          if (rng.chance(0.6)) mother.origin = head.origin;
        }
        const motherBirth = mother?.birth ?? head.birth + years(rng.int(2, 8));
        const preg = pregnancyFor(shape === 'nuclear' ? mother : undefined);
        children(motherBirth, kidCount(), 'anak', preg.latest, familyName, head.origin);
        if (preg.newborn) addNewborn('anak', familyName);
        // A widowed grandparent often lives with the family (orang_tua: the head's parent; mertua: the wife's).
        if (rng.chance(shape === 'nuclear' ? 0.13 : 0.18)) {
          const ofWife = mother && mother !== head && rng.chance(0.45);
          const child = ofWife ? mother! : head;
          const childAge = ageOf(child.birth);
          const lo = Math.max(60, childAge + 18);
          const hi = Math.min(90, childAge + 42);
          if (lo <= hi) {
            const relation: Relation = ofWife ? 'mertua' : 'orang_tua';
            const sex: Sex = rng.chance(0.75) ? 'P' : 'L';
            const elder = adult(relation, sex, birthForAge(Math.round(rng.triangular(lo, lo + 6, hi))), 'elder');
            if (rng.chance(0.5)) elder.origin = outsidePrefix(rng);
            if (rng.chance(0.15)) {
              const spouseSex: Sex = sex === 'P' ? 'L' : 'P';
              const gap = spouseSex === 'L' ? rng.int(0, 6) : -rng.int(0, 6);
              const spouseAge = Math.min(90, Math.max(60, ageOf(elder.birth) + gap));
              adult(relation, spouseSex, birthForAge(spouseAge), 'elder').origin = elder.origin;
            }
          }
        }
        caretaker = mother ?? head;
        break;
      }
      case 'elder_head': {
        // Grandparents head the card; a married child lives with them with the grandchildren.
        const headAge = Math.round(rng.triangular(Math.max(52, minParentAge), 64, 82));
        const widow = rng.chance(0.35);
        const headGen: Generation = headAge >= 60 ? 'elder' : 'adult';
        const head = adult('kepala_keluarga', widow ? 'P' : 'L', birthForAge(headAge), headGen);
        let grandmother: Draft | undefined = widow ? head : undefined;
        if (!widow && rng.chance(0.85)) {
          const wifeAge = Math.max(45, headAge - rng.int(0, 8));
          grandmother = adult('istri', 'P', birthForAge(wifeAge), wifeAge >= 60 ? 'elder' : 'adult');
        }
        const gmBirth = grandmother?.birth ?? head.birth + years(rng.int(2, 7));
        const gmAge = ageOf(gmBirth);
        const childAge = Math.round(rng.triangular(Math.max(20, gmAge - 42), 28, Math.min(44, gmAge - 19)));
        const childSex: Sex = rng.chance(0.6) ? 'P' : 'L';
        const child = adult('anak', childSex, Math.max(gmBirth + years(19), birthForAge(childAge)));
        let spouse: Draft | undefined;
        if (rng.chance(0.8)) {
          const spouseSex: Sex = childSex === 'P' ? 'L' : 'P';
          const spouseAge = Math.max(19, childAge + (spouseSex === 'L' ? rng.int(0, 7) : -rng.int(0, 5)));
          spouse = adult('menantu', spouseSex, birthForAge(spouseAge));
        }
        const father = childSex === 'L' ? child : spouse;
        const youngMother = childSex === 'P' ? child : spouse;
        const familyName = father ? familyNameOf(rng, father.name) : undefined;
        const preg = pregnancyFor(youngMother);
        const count = rng.weighted([[1, 35], [2, 35], [3, 20], [4, 10]] as const);
        children(youngMother?.birth ?? child.birth, count, 'cucu', preg.latest, familyName, child.origin);
        if (preg.newborn) addNewborn('cucu', familyName);
        if (rng.chance(0.3)) {
          // a younger, unmarried child of the grandparents
          const youngerAge = Math.max(12, childAge - rng.int(3, 12));
          if (gmAge - youngerAge >= 18 && gmAge - youngerAge <= 43) {
            const sex: Sex = rng.chance(0.5) ? 'L' : 'P';
            const birth = birthForAge(youngerAge);
            const name = nameFor(sex, youngerAge >= 19 ? 'adult' : 'child');
            add({ name, relation: 'anak', sex, birth, origin: home6, schoolLevel: schoolLevelFor(rng, ageOf(birth)) });
          }
        }
        caretaker = youngMother ?? grandmother ?? head;
        break;
      }
      case 'grandparent': {
        // A grandparent raising grandchildren whose parents work elsewhere.
        const headAge = Math.round(rng.triangular(Math.max(55, minParentAge), 65, 84));
        const sex: Sex = rng.chance(0.8) ? 'P' : 'L';
        const head = adult('kepala_keluarga', sex, birthForAge(headAge), 'elder');
        const absentParentAge = rng.int(22, Math.min(45, headAge - 20));
        const absentParentBirth = Math.max(head.birth + years(20), birthForAge(absentParentAge));
        const count = rng.weighted([[1, 45], [2, 35], [3, 20]] as const);
        const kids = children(absentParentBirth, count, 'cucu', ref - 1, undefined, home6);
        if (kids.length === 0) children(head.birth + years(38), 1, 'cucu', ref - 1, undefined, home6);
        caretaker = head;
        break;
      }
      case 'couple_only': {
        // Children grown and gone (or none): typical of families about to leave the programme.
        const headAge = Math.round(rng.triangular(Math.max(42, minParentAge), 52, 66));
        const head = adult('kepala_keluarga', 'L', birthForAge(headAge), headAge >= 60 ? 'elder' : 'adult');
        const wifeAge = Math.max(38, headAge - rng.int(0, 8));
        const wife = adult('istri', 'P', birthForAge(wifeAge), wifeAge >= 60 ? 'elder' : 'adult');
        wife.origin = rng.chance(0.6) ? head.origin : wife.origin;
        const maxChildAge = Math.min(30, wifeAge - 19);
        const minChildAge = Math.max(19, wifeAge - 42);
        if (maxChildAge >= minChildAge && rng.chance(0.4)) {
          const sex: Sex = rng.chance(0.5) ? 'L' : 'P';
          const name = nameFor(sex, 'adult', familyNameOf(rng, head.name));
          const birth = birthForAge(rng.int(minChildAge, maxChildAge));
          add({ name, relation: 'anak', sex, birth, origin: head.origin });
        }
        caretaker = wife;
        break;
      }
    }

    // A relative living along (keponakan, a sibling of a parent).
    if (rng.chance(0.04)) {
      const headAge = ageOf(members[0].birth);
      const age = rng.chance(0.6) ? rng.int(5, 19) : rng.int(18, Math.max(19, Math.min(55, headAge)));
      const sex: Sex = rng.chance(0.5) ? 'L' : 'P';
      const birth = birthForAge(age);
      add({
        name: nameFor(sex, age >= 19 ? 'adult' : 'child'),
        relation: 'famili_lain',
        sex,
        birth,
        origin: age < 19 ? (rng.chance(0.7) ? home6 : outsidePrefix(rng)) : adultOrigin(rng, home6, birthYear(birth)),
        schoolLevel: age < 19 ? schoolLevelFor(rng, ageOf(birth)) : 'none',
      });
    }

    // Severe disability: mostly a child or an elderly member.
    if (rng.chance(0.026)) {
      const who = rng.weighted(
        members.map((m) => {
          const age = ageOf(m.birth);
          return [m, age < 19 ? 6 : age >= 60 ? 4 : 1] as const;
        }),
      );
      who.severeDisability = true;
      if (who.schoolLevel !== 'none' && rng.chance(0.5)) who.schoolLevel = 'none';
    }

    caretaker!.caretaker = true;
    return members;
  };

  const status = drawStatus(rng, yearsIn);
  // Graduated families often had no eligible member left (alamiah); a few active ones have none either
  // (the candidates a pendamping should see); every other family has something the programme pays for.
  // Redraw (from the same stream, so still deterministic) until the members fit the target.
  let target: 'zero' | 'some' | 'any' = 'some';
  if (status === 'graduasi') target = rng.chance(0.5) ? 'zero' : 'any';
  else if (status === 'keluar') target = 'any';
  else if (status === 'aktif' && yearsIn >= 2 && rng.chance(0.03)) target = 'zero';
  let members = draftMembers();
  for (let attempt = 1; attempt < 60; attempt++) {
    const drafts = members.map((m) => ({ ...m, birthDate: dateOfDay(m.birth) }));
    const n = countPotentialComponents(drafts, ctx.referenceDate);
    if (target === 'any' || (target === 'zero') === (n === 0)) break;
    members = draftMembers();
  }

  const decile =
    status === 'graduasi'
      ? rng.weighted<number | null>([[null, 6], [2, 10], [3, 22], [4, 27], [5, 20], [6, 15]])
      : rng.weighted<number | null>([[null, 8], [1, 22], [2, 26], [3, 21], [4, 13], [5, 6], [6, 4]]);

  // The card was (re)issued after its youngest member was born.
  const youngest = Math.max(...members.map((m) => m.birth));
  const earliestIssue = Math.max(dayNumber('2005-01-01'), youngest + 1);
  const issue = rng.chance(0.7)
    ? Math.min(ref, earliestIssue + rng.int(7, 200))
    : rng.int(earliestIssue, Math.max(earliestIssue, ref));
  const kkNumber = composeKk(home6, dateOfDay(Math.min(issue, ref)), ctx.kkSerials);

  const familyId = ctx.nextId();
  const start = dayNumber(startDate);
  return {
    id: familyId,
    kkNumber,
    kelurahanCode,
    address: address(rng, faker),
    rt: pad(Math.round(rng.triangular(1, 3, 14)), 3),
    rw: pad(Math.round(rng.triangular(1, 4, 16)), 3),
    joinedYear,
    decile,
    status,
    pendamping,
    startDate,
    members: members.map((m) => {
      const birthDate = dateOfDay(m.birth);
      return {
        id: ctx.nextId(),
        name: m.name,
        nik: composeNik(m.origin, birthDate, m.sex, ctx.nikSerials),
        relation: m.relation,
        sex: m.sex,
        birthDate,
        schoolLevel: m.schoolLevel,
        pregnant: m.pregnant,
        postpartum: m.postpartum,
        severeDisability: m.severeDisability,
        caretaker: m.caretaker,
        startDate: dateOfDay(Math.max(m.birth, start)),
      };
    }),
  };
}

/**
 * A rough count of the components a family's members could bring (before the cap of 4): for the
 * generator's status choice and its sanity checks only. The real rules live in src/domain.
 */
export function countPotentialComponents(
  members: ReadonlyArray<Pick<Member, 'birthDate' | 'schoolLevel' | 'pregnant' | 'postpartum' | 'severeDisability'>>,
  asOf: CalendarDate,
  lansiaMinAge = 70,
): number {
  let n = 0;
  for (const m of members) {
    const age = ageOnDate(m.birthDate, asOf);
    if (m.pregnant || m.postpartum) n++;
    if (age < 7 && (m.schoolLevel === 'none' || m.schoolLevel === 'paud')) n++;
    if (m.schoolLevel === 'sd' || m.schoolLevel === 'smp' || m.schoolLevel === 'sma') n++;
    if (m.severeDisability) n++;
    if (age >= lansiaMinAge) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// The data set

export function generateDemoData(opts: { seed?: number; families?: number } = {}): DemoData {
  const seed = opts.seed ?? DEMO_DEFAULT_SEED;
  const total = opts.families ?? DEMO_DEFAULT_FAMILIES;
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`families must be a non-negative integer: ${total}`);

  const idRng = new DemoRng([seed, 0x1d5]);
  let idCounter = 0;
  const nextId = () => uuidv7(DEMO_ID_BASE_MS + idCounter++, (n) => idRng.bytes(n));

  const users: DemoUser[] = DEMO_USERS.map((u) => ({ id: nextId(), ...u }));

  // Caseloads: equal shares with a small jitter (about 235-265 each for 2,000 families).
  const setupRng = new DemoRng([seed, 0x5e7]);
  const caseloads = apportion(
    total,
    PENDAMPING_AREAS.map(() => 1 + (setupRng.next() - 0.5) * 0.12),
  );
  const plan: Array<[string, string]> = []; // [kelurahan, pendamping] per family, in generation order
  PENDAMPING_AREAS.forEach(([username, areas], i) => {
    const perArea = apportion(caseloads[i], areas.map(([, share]) => share));
    areas.forEach(([kelurahan], j) => {
      for (let k = 0; k < perArea[j]; k++) plan.push([kelurahan, username]);
    });
  });

  const rng = new DemoRng(seed);
  const faker = new Faker({ locale: [id_ID, base], randomizer: rng.asRandomizer() });
  const ctx: FamilyContext = {
    referenceDate: DEMO_REFERENCE_DATE,
    nextId,
    nikSerials: new SerialAllocator(12),
    kkSerials: new SerialAllocator(300),
    faker,
  };
  const families = plan.map(([kelurahan, pendamping], index) => {
    rng.reseed(seed, index);
    return generateFamily(rng, kelurahan, pendamping, ctx);
  });
  return { users, families };
}
