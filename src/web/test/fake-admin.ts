/** In-memory AdminData for component tests (no network). */
import { compareVersions, parseCriteriaSet } from '../../domain/graduation/criteria';
import { t } from '../../shared/i18n';
import { graduationMessages } from '../../shared/i18n/catalog/graduation';
import { ApiError } from '../api/client';
import type { AdminData, StoredCriteriaSet, TaxonomyName, TaxonomyTerm } from '../data/admin';

/** What the fake holds and records; tests seed it and read it (`Object.assign(data, fakeAdminData(state))`). */
export interface AdminState {
  terms: Record<TaxonomyName, TaxonomyTerm[]>;
  /** Every stored version of every criteria set (the latest of a code is its highest revision). */
  criteriaSets: StoredCriteriaSet[];
  /** Answered instead of doing the call (e.g. a 400 with `fields`), by method name. */
  errors: Partial<Record<keyof AdminData, ApiError>>;
  calls: Array<{ method: keyof AdminData; args: unknown[] }>;
}

const shipped = (code: string, id: string, en: string): TaxonomyTerm => ({ code, id, en, shipped: true, active: true, createdAt: null });

export function adminState(over: Partial<AdminState> = {}): AdminState {
  return {
    terms: {
      'activity-types': [shipped('kunjungan_rumah', 'Kunjungan rumah', 'Home visit'), shipped('rujukan', 'Rujukan', 'Referral')],
      supporting_factors: [shipped('kesadaran_kpm', 'Kesadaran KPM', 'Awareness of the KPM')],
      obstacles: [shipped('akses_pendamping_minim', 'Minimnya akses pendamping', 'The pendamping lacks access')],
    },
    criteriaSets: fakeStoredCriteriaSets(),
    errors: {},
    calls: [],
    ...over,
  };
}

const CODE = /^[a-z][a-z0-9_]{1,39}$/;

/**
 * Two sets: `pkh-default` with a bundled 0.1 and an admin's 0.2 (the one in use: four criteria of
 * different answer types and rules), and `brac-upg` (n of m).
 */
export function fakeStoredCriteriaSets(): StoredCriteriaSet[] {
  const pkh01: StoredCriteriaSet = {
    code: 'pkh-default',
    version: '0.1',
    name: { id: 'Kriteria graduasi PKH (sementara)', en: 'PKH graduation criteria (provisional)' },
    provisional: true,
    scoring: { mode: 'weighted_threshold', threshold: 0.75 },
    criteria: [
      { code: 'pendapatan_stabil', dimension: 'ekonomi', label: { id: 'Pendapatan tetap 6 bulan terakhir', en: 'Stable income for 6 months' }, answer: { type: 'boolean' }, met: { type: 'is_true' }, weight: 3, mandatory: true },
      {
        code: 'pendapatan_di_atas_garis',
        dimension: 'ekonomi',
        label: { id: 'Pendapatan per kapita di atas garis kemiskinan', en: 'Per-capita income above the poverty line' },
        answer: { type: 'rupiah' },
        met: { type: 'at_least_indicator', indicator: 'garis_kemiskinan' },
        weight: 2,
        mandatory: false,
      },
      { code: 'anak_bersekolah', dimension: 'pendidikan', label: { id: 'Semua anak usia sekolah bersekolah', en: 'All school-age children attend school' }, answer: { type: 'boolean' }, met: { type: 'is_true' }, weight: 2, mandatory: true, systemSource: 'school_attendance' },
    ],
    revision: 1,
    source: 'bundled',
    active: true,
    createdAt: '2026-01-05T02:00:00.000Z',
  };
  const pkh02: StoredCriteriaSet = {
    ...pkh01,
    version: '0.2',
    criteria: [...pkh01.criteria, { code: 'rumah_layak', label: { id: 'Kondisi rumah layak huni', en: 'Housing fit to live in' }, answer: { type: 'scale', min: 1, max: 3 }, met: { type: 'at_least', value: 3 }, weight: 1, mandatory: false }],
    revision: 2,
    source: 'admin',
    createdAt: '2026-06-01T03:00:00.000Z',
  };
  const brac: StoredCriteriaSet = {
    code: 'brac-upg',
    version: '1',
    name: { id: 'Graduasi BRAC (Ultra-Poor Graduation)', en: 'BRAC Ultra-Poor Graduation' },
    scoring: { mode: 'n_of_m', n: 2 },
    criteria: [
      { code: 'no_food_deficit', label: { id: 'Makan cukup sepanjang tahun', en: 'No food deficit' }, answer: { type: 'boolean' }, met: { type: 'is_true' }, weight: 1, mandatory: false },
      { code: 'cash_savings', label: { id: 'Punya tabungan', en: 'Cash savings' }, answer: { type: 'boolean' }, met: { type: 'is_true' }, weight: 1, mandatory: false },
      { code: 'solid_roof', label: { id: 'Atap kokoh', en: 'Solid roof' }, answer: { type: 'boolean' }, met: { type: 'is_true' }, weight: 1, mandatory: false },
    ],
    revision: 1,
    source: 'bundled',
    active: true,
    createdAt: '2026-01-05T02:00:00.000Z',
  };
  return [pkh01, pkh02, brac];
}

const clone = <T>(x: T): T => structuredClone(x);

/** The server's rendering of a domain issue code (graduation.set.*) in Bahasa Indonesia. */
const rendered = (code: string) => (graduationMessages[code] ? graduationMessages[code].id : t('id', code));

export function fakeAdminData(state: AdminState = adminState()): AdminData {
  const record = (method: keyof AdminData, args: unknown[]) => {
    state.calls.push({ method, args });
    const error = state.errors[method];
    if (error) throw error;
  };
  return {
    async listTaxonomy(taxonomy) {
      record('listTaxonomy', [taxonomy]);
      return { taxonomy, items: state.terms[taxonomy].map((t) => ({ ...t })) };
    },
    async addTaxonomyTerm(taxonomy, input) {
      record('addTaxonomyTerm', [taxonomy, input]);
      const fields: Record<string, string> = {};
      if (!CODE.test(input.code)) fields.code = 'Kode: 2-40 karakter, huruf kecil, angka atau garis bawah, diawali huruf.';
      if (!input.id.trim()) fields.id = 'Isi label.';
      if (!input.en.trim()) fields.en = 'Isi label.';
      if (Object.keys(fields).length) throw new ApiError(400, 'validation', 'Data tidak valid.', fields);
      const existing = state.terms[taxonomy].find((t) => t.code === input.code);
      if (existing) {
        const code = existing.shipped ? 'taxonomy_code_shipped' : 'taxonomy_code_taken';
        const message = existing.shipped ? `Kode "${input.code}" sudah ada dalam daftar bawaan; pilih kode lain.` : `Kode "${input.code}" sudah ditambahkan sebelumnya; pilih kode lain.`;
        throw new ApiError(409, code, message, { code: message });
      }
      const term: TaxonomyTerm = { code: input.code, id: input.id.trim(), en: input.en.trim(), shipped: false, active: true, createdAt: '2026-07-15T03:00:00.000Z' };
      state.terms[taxonomy].push(term);
      return { ...term };
    },
    async updateTaxonomyTerm(taxonomy, code, patch) {
      record('updateTaxonomyTerm', [taxonomy, code, patch]);
      const term = state.terms[taxonomy].find((t) => t.code === code);
      if (!term) throw new ApiError(404, 'not_found', 'Tidak ditemukan');
      if (term.shipped) throw new ApiError(409, 'taxonomy_shipped_readonly', `Istilah bawaan "${code}" tidak dapat diubah.`);
      if (patch.id !== undefined) term.id = patch.id.trim();
      if (patch.en !== undefined) term.en = patch.en.trim();
      if (patch.active !== undefined) term.active = patch.active;
      return { ...term };
    },
    async listCriteriaSetVersions(opts = {}) {
      record('listCriteriaSetVersions', [opts]);
      const sorted = [...state.criteriaSets].sort((a, b) => a.code.localeCompare(b.code) || b.revision - a.revision);
      const items = opts.all ? sorted : sorted.filter((s, i) => sorted.findIndex((o) => o.code === s.code) === i);
      return { items: items.map(clone) };
    },
    async addCriteriaSetVersion(definition) {
      record('addCriteriaSetVersion', [clone(definition)]);
      const parsed = parseCriteriaSet(definition);
      if (!parsed.ok) {
        throw new ApiError(422, 'validation', 'Data tidak valid.', Object.fromEntries(parsed.issues.map((i) => [`definition${i.path ? `.${i.path}` : ''}`, rendered(i.code)])));
      }
      const same = state.criteriaSets.filter((s) => s.code === parsed.set.code);
      const latest = same.reduce<StoredCriteriaSet | null>((b, s) => (b === null || s.revision > b.revision ? s : b), null);
      if (latest && compareVersions(parsed.set.version, latest.version) <= 0) {
        const message = `Versi ${parsed.set.version} tidak lebih baru dari versi terakhir set "${parsed.set.code}" (${latest.version}).`;
        throw new ApiError(409, 'graduation.set.version_not_newer', message, {}, null, {
          id: message,
          en: `Version ${parsed.set.version} is not newer than the latest version of set "${parsed.set.code}" (${latest.version}).`,
        });
      }
      const stored: StoredCriteriaSet = { ...parsed.set, revision: (latest?.revision ?? 0) + 1, source: 'admin', active: true, createdAt: '2026-07-15T03:00:00.000Z' };
      state.criteriaSets.push(stored);
      return clone(stored);
    },
  };
}
