/** In-memory AdminData for component tests (no network). */
import { compareVersions, parseCriteriaSet } from '../../domain/graduation/criteria';
import { t } from '../../shared/i18n';
import { graduationMessages } from '../../shared/i18n/catalog/graduation';
import { ApiError } from '../api/client';
import type { Account, AdminData, ConfigHistoryEntry, ConfigView, Delegation, StoredCriteriaSet, TaxonomyName, TaxonomyTerm } from '../data/admin';

/** What the fake holds and records; tests seed it and read it (`Object.assign(data, fakeAdminData(state))`). */
export interface AdminState {
  terms: Record<TaxonomyName, TaxonomyTerm[]>;
  /** Every stored version of every criteria set (the latest of a code is its highest revision). */
  criteriaSets: StoredCriteriaSet[];
  /** Answered instead of doing the call (e.g. a 400 with `fields`), by method name. */
  accounts: Account[];
  delegations: Delegation[];
  config: ConfigView;
  history: ConfigHistoryEntry[];
  /** Answered instead of doing the call (e.g. a 400 with `fields`), by method name. */
  errors: Partial<Record<keyof AdminData, ApiError>>;
  calls: Array<{ method: keyof AdminData; args: unknown[] }>;
}

const account = (n: number, username: string, displayName: string, role: Account['role'], regionCode: string | null, active = true): Account => ({
  id: `0190a000-0000-7000-8000-00000000010${n}`,
  username,
  displayName,
  role,
  regionCode,
  active,
  createdAt: '2026-01-05T02:00:00.000Z',
  passwordChangedAt: null,
});

export function fakeAccounts(): Account[] {
  return [
    account(1, 'admin', 'Admin Dinsos', 'admin', null),
    account(2, 'korcam.cimanggis', 'Korcam Cimanggis', 'koordinator_kecamatan', '32.76.02'),
    account(3, 'pendamping01', 'Siti Aminah', 'pendamping', '32.76.02'),
    account(4, 'pendamping02', 'Budi Santoso', 'pendamping', '32.76.02'),
    account(5, 'pendamping03', 'Dewi Lestari', 'pendamping', '32.76.02', false),
  ];
}

export function fakeConfig(): ConfigView {
  return {
    year: 2026,
    benefitIndex: {
      components: ['ibu_hamil', 'anak_usia_dini', 'sd', 'smp', 'sma', 'disabilitas_berat', 'lansia'],
      rows: [
        { year: 2025, component: 'sd', annualRupiah: 900_000, confidence: 'M', note: null, origin: 'shipped' },
        { year: 2026, component: 'sd', annualRupiah: 900_000, confidence: 'M', note: null, origin: 'shipped' },
        { year: 2026, component: 'smp', annualRupiah: 1_500_000, confidence: 'M', note: null, origin: 'shipped' },
      ],
    },
    programSettings: {
      keys: ['lansiaMinAge', 'earlyChildhoodMaxAgeExclusive', 'maxCountedMembers', 'capSelection', 'familyBenefitTahap', 'tahapCount'],
      rows: [
        { fromYear: 2019, key: 'lansiaMinAge', value: 70, note: null, origin: 'shipped' },
        { fromYear: 2019, key: 'maxCountedMembers', value: 4, note: null, origin: 'shipped' },
      ],
      current: { lansiaMinAge: 70, maxCountedMembers: 4, capSelection: 'highest_value' },
    },
    complianceRules: {
      keys: ['attendanceThresholdPct', 'ancMinVisits', 'kesosRequired'],
      rows: [
        { fromYear: 2019, key: 'attendanceThresholdPct', value: 85, confidence: 'M', note: null, origin: 'shipped' },
        { fromYear: 2019, key: 'ancMinVisits', value: 4, confidence: 'M', note: null, origin: 'shipped' },
      ],
      current: { attendanceThresholdPct: 85, ancMinVisits: 4 },
    },
    graduationTriggers: {
      values: { horizonMonths: 12, decileMin: 5, yearsInPkhMin: 5, pena: { months: 3, indicator: 'umk' }, monitoring: { monthsAfterExit: [3, 6, 12] } },
      deploymentKeys: [],
      note: null,
    },
    sanctionLadder: {
      resetAfterCompliantPeriods: 4,
      steps: [
        { code: 'peringatan', action: 'peringatan', enabled: true, skippable: false, thresholds: { consecutive: 1 }, suspendTahap: null, reductionPct: null },
        { code: 'penangguhan', action: 'penangguhan', enabled: true, skippable: false, thresholds: { consecutive: 2, total: 3 }, suspendTahap: 1, reductionPct: null },
      ],
      deploymentKeys: [],
    },
  };
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
    accounts: fakeAccounts(),
    delegations: [],
    config: fakeConfig(),
    history: [],
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
    async searchAccounts(query) {
      record('searchAccounts', [query]);
      const q = query.q?.toLowerCase();
      const items = state.accounts.filter(
        (a) =>
          (!q || a.username.includes(q) || a.displayName.toLowerCase().includes(q)) &&
          (!query.role || a.role === query.role) &&
          (!query.region || (a.regionCode ?? '').startsWith(query.region)) &&
          (query.active === undefined || a.active === query.active),
      );
      return { items: items.slice(query.offset, query.offset + query.limit).map(clone), total: items.length };
    },
    async createAccount(input) {
      record('createAccount', [clone(input)]);
      if (state.accounts.some((a) => a.username === input.username)) throw new ApiError(409, 'username_taken', `Nama pengguna "${input.username}" sudah dipakai.`, { username: 'Nama pengguna sudah dipakai.' });
      const created: Account = { ...account(9, input.username, input.displayName ?? input.username, input.role, input.regionCode ?? null), id: `0190a000-0000-7000-8000-0000000002${String(state.accounts.length).padStart(2, '0')}` };
      state.accounts.push(created);
      return clone(created);
    },
    async updateAccount(id, patch) {
      record('updateAccount', [id, clone(patch)]);
      const a = state.accounts.find((x) => x.id === id);
      if (!a) throw new ApiError(404, 'not_found', 'Tidak ditemukan');
      const { password: _p, ...rest } = patch;
      Object.assign(a, rest);
      return clone(a);
    },
    async revokeAccountSessions(id) {
      record('revokeAccountSessions', [id]);
      return { ended: 2 };
    },
    async assignFamily(familyId, pendamping, reason) {
      record('assignFamily', [familyId, pendamping, reason]);
      return { moved: true, pendamping };
    },
    async transferCaseload(input) {
      record('transferCaseload', [clone(input)]);
      return { moved: 12, skippedOtherRegion: 3, from: input.from, to: input.to };
    },
    async listDelegations(query) {
      record('listDelegations', [query]);
      const items = state.delegations.filter((d) => !query.active || d.state === 'active' || d.state === 'scheduled');
      return { items: items.map(clone), total: items.length };
    },
    async createDelegation(input) {
      record('createDelegation', [clone(input)]);
      const d: Delegation = {
        id: `0190a000-0000-7000-8000-0000000003${String(state.delegations.length).padStart(2, '0')}`,
        from: input.from,
        to: input.to,
        startsAt: `${input.startDate ?? '2026-07-15'}T00:00:00.000Z`,
        endsAt: `${input.endDate}T17:00:00.000Z`,
        reason: input.reason,
        grantedBy: 'admin',
        createdAt: '2026-07-15T03:00:00.000Z',
        revokedAt: null,
        state: 'active',
      };
      state.delegations.push(d);
      return clone(d);
    },
    async revokeDelegation(id) {
      record('revokeDelegation', [id]);
      const d = state.delegations.find((x) => x.id === id);
      if (!d) throw new ApiError(404, 'not_found', 'Tidak ditemukan');
      d.state = 'revoked';
      d.revokedAt = '2026-07-15T04:00:00.000Z';
      return clone(d);
    },
    async regionStats(parent) {
      record('regionStats', [parent]);
      if (parent === null) return { items: [{ code: '32', name: 'JAWA BARAT', level: 'provinsi', families: 120, pendamping: 8 }] };
      if (parent === '32') return { items: [{ code: '32.76', name: 'KOTA DEPOK', level: 'kota', families: 120, pendamping: 8 }] };
      if (parent === '32.76') return { items: [{ code: '32.76.02', name: 'CIMANGGIS', level: 'kecamatan', families: 120, pendamping: 8 }] };
      if (parent === '32.76.02') {
        return {
          items: [
            { code: '32.76.02.1007', name: 'HARJAMUKTI', level: 'kelurahan', families: 70, pendamping: 3 },
            { code: '32.76.02.1009', name: 'TUGU', level: 'kelurahan', families: 50, pendamping: 2 },
          ],
        };
      }
      return { items: [] };
    },
    async getConfig() {
      record('getConfig', []);
      return clone(state.config);
    },
    async changeConfig(change) {
      record('changeConfig', [clone(change)]);
      const fields: Record<string, string> = {};
      if (change.reason.trim().length < 5) fields.reason = 'Tuliskan alasan perubahan (5-500 karakter).';
      if (change.rule === 'compliance-rules' && change.key === 'attendanceThresholdPct' && (typeof change.value !== 'number' || change.value < 0 || change.value > 100)) {
        fields.value = 'Aturan verifikasi komitmen tidak masuk akal: attendanceThresholdPct = ' + String(change.value) + '.';
      }
      if (change.rule === 'benefit-index' && (typeof change.value !== 'number' || change.value <= 0)) fields.value = 'Nominal harus bilangan bulat rupiah lebih dari 0.';
      if (Object.keys(fields).length) throw new ApiError(422, 'config_invalid', 'Perubahan konfigurasi ditolak; periksa isian yang ditandai.', fields);
      let before: unknown = null;
      let item = '';
      let notes: Array<{ code: string; messages: { id: string; en: string } }> | undefined;
      const c = state.config;
      if (change.rule === 'benefit-index') {
        item = `${change.year}:${change.component}`;
        const row = c.benefitIndex.rows.find((r) => r.year === change.year && r.component === change.component);
        before = row?.annualRupiah ?? null;
        // As the server does: a year's first amount starts the year from the nearest earlier year's index.
        const fromYear = c.benefitIndex.rows.some((r) => r.year === change.year) ? null : (Math.max(...c.benefitIndex.rows.filter((r) => r.year < change.year).map((r) => r.year)) as number);
        if (fromYear !== null && Number.isFinite(fromYear)) {
          const copied = c.benefitIndex.rows.filter((r) => r.year === fromYear && r.component !== change.component).map((r) => ({ ...r, year: change.year, origin: 'deployment' as const }));
          c.benefitIndex.rows.push(...copied);
          notes = [
            {
              code: 'config.year_started_from',
              messages: { id: `Tahun ${change.year} dimulai dari indeks ${fromYear}; ${copied.length} komponen lain disalin.`, en: `Year ${change.year} starts from the ${fromYear} index; ${copied.length} other components were copied.` },
            },
          ];
        }
        if (row) Object.assign(row, { annualRupiah: change.value, origin: 'deployment' });
        else c.benefitIndex.rows.push({ year: change.year, component: change.component, annualRupiah: change.value as number, confidence: null, note: null, origin: 'deployment' });
      } else if (change.rule === 'program-settings' || change.rule === 'compliance-rules') {
        item = `${change.fromYear}:${change.key}`;
        const block = change.rule === 'program-settings' ? c.programSettings : c.complianceRules;
        const rows = block.rows as Array<{ fromYear: number; key: string; value: unknown; origin: string }>;
        before = rows.filter((r) => r.key === change.key && r.fromYear <= change.fromYear).at(-1)?.value ?? null;
        const row = rows.find((r) => r.fromYear === change.fromYear && r.key === change.key);
        if (row) Object.assign(row, { value: change.value, origin: 'deployment' });
        else rows.push({ fromYear: change.fromYear, key: change.key, value: change.value, note: null, confidence: null, origin: 'deployment' } as never);
        if (block.current) block.current[change.key] = change.value;
      } else if (change.rule === 'graduation-triggers') {
        item = change.key;
        const path = change.key.split('.');
        let cur = c.graduationTriggers.values as Record<string, unknown>;
        for (const p of path.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
        before = cur[path.at(-1)!];
        cur[path.at(-1)!] = change.value;
        c.graduationTriggers.deploymentKeys.push(change.key);
      } else {
        item = change.key;
        const [, code, ...rest] = change.key.split('.');
        const step = c.sanctionLadder?.steps.find((s) => s.code === code);
        if (step && rest[0] === 'thresholds') {
          before = step.thresholds[rest[1] as 'total'];
          step.thresholds[rest[1] as 'total'] = change.value as number;
        } else if (step && rest[0] === 'enabled') {
          before = step.enabled;
          step.enabled = change.value as boolean;
        }
        c.sanctionLadder?.deploymentKeys.push(change.key);
      }
      state.history.unshift({ seq: state.history.length + 1, at: '2026-07-15T03:00:00.000Z', actor: 'admin', actorRole: 'admin', rule: change.rule, item, before, after: change.value, reason: change.reason.trim() });
      return { rule: change.rule, item, before, value: change.value, ...(notes ? { notes } : {}) };
    },
    async configHistory(query) {
      record('configHistory', [query]);
      const items = state.history.filter((h) => !query.rule || h.rule === query.rule);
      return { items: items.slice(query.offset, query.offset + query.limit).map(clone), total: items.length };
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
