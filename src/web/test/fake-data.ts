/** A TitianData in memory for component tests (no network). */
import { ApiError } from '../api/client';
import type { AdminData } from '../data/admin';
import type { AccountData } from '../features/account/data';
import type { AnalyticsData } from '../data/analytics';
import type { AttachmentsData } from '../data/attachments';
import type { CaseworkData } from '../data/casework';
import type { ComplianceData } from '../data/compliance';
import type { GraduationData } from '../data/graduation';
import type { GroupsData } from '../data/groups';
import type { SyncAdminData } from '../data/sync-admin';
import type { ImportsData } from '../data/imports';
import type { ResearchData } from '../data/research';
import type { TokensData } from '../data/tokens';
import type { AuditData } from '../data/audit';
import type { DashboardData } from '../data/dashboard';
import type { TimelineData } from '../data/timeline';
import type { TodayData } from '../data/today';
import type { StaffName, TitianData } from '../data/TitianData';
import { fakeAccountData } from './fake-account';
import { fakeAdminData } from './fake-admin';
import { fakeAnalyticsData } from './fake-analytics';
import { fakeAttachmentsData } from './fake-attachments';
import { fakeCaseworkData } from './fake-casework';
import { fakeComplianceData } from './fake-compliance';
import { fakeGraduationData } from './fake-graduation';
import { fakeGroupsData } from './fake-groups';
import { fakeSyncAdminData } from './fake-sync-admin';
import { fakeImportsData } from './fake-imports';
import { fakeResearchData } from './fake-research';
import { fakeAuditData } from './fake-audit';
import { fakeDashboardData } from './fake-dashboard';
import { fakeTimelineData } from './fake-timeline';
import { fakeTodayData } from './fake-today';
import type {
  Activity,
  ActivityCorrectionInput,
  ActivityInput,
  ActivityTypes,
  Entitlement,
  FactorsObstacles,
  FamilyCreateInput,
  FamilyDetail,
  FamilyListParams,
  FamilySummary,
  HistoryEntry,
  IfeRoles,
  MonthlyReportParams,
  Page,
  Region,
  User,
  UserSummary,
} from '../data/types';

export const demoUser: User = {
  id: '0190a000-0000-7000-8000-000000000001',
  username: 'pendamping01',
  displayName: 'Siti Rahmawati',
  role: 'pendamping',
  regionCode: '32.76.02',
  regionName: 'Cimanggis',
};

/** A koordinator kota: scoped to Kota Depok, picks a kecamatan first. */
export const kotaUser: User = {
  id: '0190a000-0000-7000-8000-000000000002',
  username: 'korkot.depok',
  displayName: 'Bambang Setiawan',
  role: 'koordinator_kota',
  regionCode: '32.76',
  regionName: 'Kota Depok',
};

/** A researcher: pseudonymised data, no search by name or NIK. */
export const penelitiUser: User = {
  id: '0190a000-0000-7000-8000-000000000003',
  username: 'peneliti',
  displayName: 'Anisa Rahmadani',
  role: 'peneliti',
  regionCode: '32.76',
  regionName: 'Kota Depok',
};

export const kecamatan: Region[] = [
  { code: '32.76.01', name: 'Pancoran Mas', level: 'kecamatan' },
  { code: '32.76.02', name: 'Cimanggis', level: 'kecamatan' },
];

export const kelurahan: Region[] = [
  { code: '32.76.02.1007', name: 'Harjamukti', level: 'kelurahan' },
  { code: '32.76.02.1008', name: 'Curug', level: 'kelurahan' },
  { code: '32.76.02.1009', name: 'Tugu', level: 'kelurahan' },
];

const statuses = ['aktif', 'aktif', 'aktif', 'ditangguhkan', 'graduasi'] as const;

export function makeFamilies(n: number): FamilySummary[] {
  return Array.from({ length: n }, (_, i) => {
    const k = kelurahan[i % kelurahan.length];
    return {
      id: `fam-${String(i + 1).padStart(4, '0')}`,
      kkNumber: `3276********${String(i + 1).padStart(4, '0')}`,
      headName: `Kepala ${String(i + 1).padStart(3, '0')}`,
      kelurahanCode: k.code,
      kelurahanName: k.name,
      status: statuses[i % statuses.length],
      pendamping: i % 7 === 0 ? null : 'pendamping01',
      memberCount: 3 + (i % 4),
    };
  });
}

export function makeEntitlement(year: number): Entitlement {
  return {
    year,
    indexYear: year,
    asOf: `${year}-07-01`,
    components: [
      { memberIndex: 0, memberId: 'm1', component: null, annual: 0, counted: false, reason: 'Kepala keluarga tidak memenuhi komponen apa pun.' },
      { memberIndex: 1, memberId: 'm2', component: 'ibu_hamil', annual: 3000000, counted: true, reason: 'Sedang hamil.' },
      { memberIndex: 2, memberId: 'm3', component: 'sd', annual: 900000, counted: true, reason: 'Bersekolah di SD.' },
    ],
    familyBenefits: [],
    annualTotal: year === 2019 ? 4500000 : 3900000,
    perTahap: [975000, 975000, 975000, 975000],
    notes: year === 2019 ? ['Indeks tahun 2019 dipakai.'] : [],
  };
}

export function makeFamily(id: string): FamilyDetail {
  return {
    id,
    kkNumber: '3276020101100003',
    kelurahanCode: '32.76.02.1009',
    kelurahanName: 'Tugu',
    kecamatanCode: '32.76.02',
    address: 'Jl. Melati No. 5',
    rt: '003',
    rw: '007',
    joinedYear: 2018,
    decile: 2,
    status: 'aktif',
    pendamping: 'pendamping01',
    version: 3,
    members: [
      {
        id: 'm1', name: 'Budi Santoso', nik: '3276021203800001', relation: 'kepala_keluarga', sex: 'L',
        birthDate: '1980-03-12', startDate: '2010-01-04', age: 45, schoolLevel: 'none', pregnant: false, postpartum: false,
        severeDisability: false, caretaker: false, component: null, warnings: [],
      },
      {
        id: 'm2', name: 'Sri Wahyuni', nik: '3276024506850002', relation: 'istri', sex: 'P',
        birthDate: '1985-06-05', startDate: '2010-01-04', age: 40, schoolLevel: 'none', pregnant: true, postpartum: false,
        severeDisability: false, caretaker: true, component: 'ibu_hamil', warnings: [],
      },
      {
        id: 'm3', name: 'Andi Santoso', nik: '3276020909150003', relation: 'anak', sex: 'L',
        birthDate: '2015-09-09', startDate: '2015-09-09', age: 10, schoolLevel: 'sd', pregnant: false, postpartum: false,
        severeDisability: false, caretaker: false, component: 'sd',
        warnings: [{ code: 'school_unverified', message: 'Data sekolah belum diverifikasi.' }],
      },
    ],
    entitlement: makeEntitlement(2025),
  };
}

const pseudo = (kind: string, id: string) => `${kind}-${id.replace(/\W/g, '').slice(-8).toUpperCase().padStart(8, '0')}`;

/** What the API answers a researcher: pseudonyms (No. KK and NIK too), no address, RT/RW or dates of birth. */
export function pseudonymise(f: FamilyDetail): FamilyDetail {
  return {
    ...f,
    kkNumber: pseudo('KK', f.id),
    headName: pseudo('KPM', f.id),
    address: null,
    rt: null,
    rw: null,
    members: f.members.map((m, i) => ({
      ...m,
      name: `ART-${String(i + 1).padStart(8, 'A')}`,
      nik: m.nik ? `NIK-${String(i + 1).padStart(8, 'A')}` : null,
      birthDate: null,
      startDate: null,
      warnings: [],
    })),
  };
}

export interface FakeCalls {
  login: Array<{ username: string; password: string }>;
  listFamilies: FamilyListParams[];
  getEntitlement: Array<{ id: string; year: number }>;
  listRegions: Array<string | null>;
  logout: number;
  createActivity: Array<{ familyId: string; input: ActivityInput }>;
  correctActivity?: Array<{ id: string; input: ActivityCorrectionInput }>;
  removeActivity?: Array<{ id: string; input: { version: number; reason: string } }>;
  listUsers: Array<{ role: string }>;
  /** How often `userNames` was asked. */
  userNames?: number;
  /** Bodies of `createFamily`, as sent. */
  createFamily?: FamilyCreateInput[];
}

// Each area's fake (./fake-groups, ./fake-casework, …) is mixed in by the constructor; a test can replace
// one with its own (Object.assign(data, fakeGroupsData({...}))).
export interface FakeData extends AccountData, GroupsData, CaseworkData, ComplianceData, AttachmentsData, AdminData, GraduationData, TimelineData, TodayData, DashboardData, SyncAdminData, ImportsData, AnalyticsData, ResearchData, AuditData, TokensData {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merged interface is filled in the constructor
export class FakeData implements TitianData {
  user: User | null;
  families: FamilySummary[];
  calls: FakeCalls = { login: [], listFamilies: [], getEntitlement: [], listRegions: [], logout: 0, createActivity: [], listUsers: [] };
  loginError: ApiError | null = null;
  /** Errors to answer instead of data: for the list, and per family id. */
  listError: ApiError | null = null;
  familyErrors: Record<string, ApiError> = {};
  /** What the caseload filters match per family id (group ids, components, readiness, compliance, graduation state). */
  facets: Record<string, { groups?: string[]; components?: string[]; readiness?: string; compliance?: string; graduation?: string }> = {};
  /** Changes to the stored family detail (e.g. members with warnings). */
  editFamily: ((f: FamilyDetail) => FamilyDetail) | null = null;

  constructor(opts: { user?: User | null; families?: FamilySummary[] } = {}) {
    this.user = opts.user === undefined ? demoUser : opts.user;
    this.families = opts.families ?? makeFamilies(60);
    Object.assign(this, fakeAccountData(), fakeGroupsData(), fakeCaseworkData(), fakeComplianceData(), fakeAttachmentsData(), fakeAdminData(), fakeGraduationData(), fakeTimelineData(), fakeTodayData(), fakeDashboardData(), fakeSyncAdminData(), fakeImportsData(), fakeAnalyticsData(), fakeResearchData(), fakeAuditData());
  }

  private get pseudonymised(): boolean {
    return this.user?.role === 'peneliti';
  }

  async login(username: string, password: string): Promise<User> {
    this.calls.login.push({ username, password });
    if (this.loginError) throw this.loginError;
    if (password !== 'titian-demo') throw new ApiError(401, 'invalid_credentials', 'Invalid credentials');
    this.user = { ...demoUser, username };
    return this.user;
  }

  async logout(): Promise<void> {
    this.calls.logout++;
    this.user = null;
  }

  async me(): Promise<User | null> {
    return this.user;
  }

  async listFamilies(params: FamilyListParams): Promise<Page<FamilySummary>> {
    this.calls.listFamilies.push(params);
    if (this.listError) throw this.listError;
    if (params.q && this.pseudonymised) {
      throw new ApiError(403, 'search_identity_forbidden', 'Peran peneliti tidak dapat mencari berdasarkan nama, NIK, atau No. KK.');
    }
    let items = this.families;
    if (params.q) items = items.filter((f) => f.headName.toLowerCase().includes(params.q!.toLowerCase()));
    if (params.kelurahan) items = items.filter((f) => f.kelurahanCode === params.kelurahan);
    if (params.region) {
      const region = params.region;
      items = items.filter((f) => f.kelurahanCode === region || f.kelurahanCode.startsWith(`${region}.`));
    }
    if (params.status) items = items.filter((f) => f.status === params.status);
    const facet = (id: string) => this.facets[id] ?? {};
    if (params.group) items = items.filter((f) => facet(f.id).groups?.includes(params.group!));
    if (params.component) items = items.filter((f) => facet(f.id).components?.includes(params.component!));
    if (params.readiness) items = items.filter((f) => (facet(f.id).readiness ?? 'none') === params.readiness);
    if (params.compliance) items = items.filter((f) => facet(f.id).compliance === params.compliance);
    if (params.graduation) items = items.filter((f) => facet(f.id).graduation === params.graduation);
    if (this.pseudonymised) {
      items = items.map((f) => ({ ...f, kkNumber: pseudo('KK', f.id), headName: pseudo('KPM', f.id) }));
    }
    return { items: items.slice(params.offset, params.offset + params.limit), total: items.length };
  }

  async getFamily(id: string): Promise<FamilyDetail> {
    const error = this.familyErrors[id];
    if (error) throw error;
    const created = this.createdFamilies[id];
    if (created) return this.pseudonymised ? pseudonymise(created) : created;
    if (!this.families.some((f) => f.id === id)) throw new ApiError(404, 'not_found', 'Tidak ditemukan');
    const family = this.editFamily ? this.editFamily(makeFamily(id)) : makeFamily(id);
    return this.pseudonymised ? pseudonymise(family) : family;
  }

  /** Families registered through `createFamily`, by id (getFamily answers them). */
  createdFamilies: Record<string, FamilyDetail> = {};
  /** Answered instead of registering a family (e.g. a 422 with `fields`, or ApiError status 0 for no connection). */
  createFamilyError: ApiError | null = null;

  /** Records the body; answers the new family's detail as the API's 201 does (ids `fam-new-1`, `fam-new-2`, …). */
  async createFamily(input: FamilyCreateInput): Promise<FamilyDetail> {
    (this.calls.createFamily ??= []).push(structuredClone(input));
    if (this.createFamilyError) throw this.createFamilyError;
    const id = `fam-new-${Object.keys(this.createdFamilies).length + 1}`;
    const kelurahanName = kelurahan.find((k) => k.code === input.kelurahanCode)?.name ?? null;
    const head = input.members.find((m) => m.relation === 'kepala_keluarga') ?? input.members[0];
    const detail: FamilyDetail = {
      id,
      kkNumber: input.kkNumber,
      headName: head?.name,
      kelurahanCode: input.kelurahanCode,
      kelurahanName,
      kecamatanCode: input.kelurahanCode.split('.').slice(0, 3).join('.'),
      address: input.address,
      rt: input.rt.padStart(3, '0'),
      rw: input.rw.padStart(3, '0'),
      joinedYear: input.joinedYear ?? 2026,
      decile: input.decile ?? null,
      status: input.status ?? 'aktif',
      pendamping: this.user?.role === 'pendamping' ? this.user.username : (input.pendamping ?? null),
      version: 1,
      members: input.members.map((m, i) => ({
        id: `${id}-m${i + 1}`,
        name: m.name,
        nik: m.nik ?? null,
        relation: m.relation,
        sex: m.sex,
        birthDate: m.birthDate,
        startDate: m.birthDate,
        age: null,
        schoolLevel: m.schoolLevel,
        pregnant: m.pregnant,
        postpartum: m.postpartum,
        severeDisability: m.severeDisability,
        caretaker: m.caretaker,
        component: null,
        warnings: [],
      })),
      entitlement: makeEntitlement(2026),
    };
    this.createdFamilies[id] = detail;
    this.families = [
      ...this.families,
      { id, kkNumber: detail.kkNumber, headName: head?.name ?? '', kelurahanCode: detail.kelurahanCode, kelurahanName, status: detail.status, pendamping: detail.pendamping, memberCount: detail.members.length },
    ];
    return structuredClone(detail);
  }

  async getEntitlement(id: string, year: number): Promise<Entitlement> {
    this.calls.getEntitlement.push({ id, year });
    return makeEntitlement(year);
  }

  /** History entries answered for every family (newest first). */
  history: HistoryEntry[] = [
    { seq: 3, at: '2026-07-15T03:10:00.000Z', actor: 'korcam.cimanggis', actorRole: 'koordinator_kecamatan', action: 'family.read_sensitive', before: null, after: { fields: ['nik'] } },
    { seq: 2, at: '2026-07-14T02:00:00.000Z', actor: 'pendamping01', actorRole: 'pendamping', action: 'family.update', before: { address: 'Jl. Lama' }, after: { address: 'Jl. Baru' } },
    { seq: 1, at: '2026-01-02T01:00:00.000Z', actor: 'system', actorRole: 'system', action: 'family.create', before: null, after: { importJob: 'job-0001', kkNumber: '3276********0001' } },
  ];

  async familyHistory(id: string, page: { limit: number; offset: number }): Promise<Page<HistoryEntry>> {
    if (this.pseudonymised) throw new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.');
    if (!this.families.some((f) => f.id === id)) throw new ApiError(404, 'not_found', 'Tidak ditemukan');
    return { items: this.history.slice(page.offset, page.offset + page.limit), total: this.history.length };
  }

  async listRegions(parent: string | null): Promise<Region[]> {
    this.calls.listRegions.push(parent);
    if (parent === '32.76') return kecamatan;
    return parent === '32.76.02' ? kelurahan : [];
  }

  /** Activities per family id (newest first once listed). */
  activities: Record<string, Activity[]> = {};
  /** Answered instead of recording an activity (e.g. a 422 with `fields`). */
  createActivityError: ApiError | null = null;

  async listActivities(familyId: string, page: { limit: number; offset: number }): Promise<Page<Activity>> {
    if (!this.families.some((f) => f.id === familyId)) throw new ApiError(404, 'not_found', 'Tidak ditemukan');
    const all = [...(this.activities[familyId] ?? [])].sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
    const items = this.pseudonymised ? all.map((a) => ({ ...a, notes: null, location: null })) : all;
    return { items: items.slice(page.offset, page.offset + page.limit), total: items.length };
  }

  async createActivity(familyId: string, input: ActivityInput): Promise<Activity> {
    this.calls.createActivity.push({ familyId, input });
    if (this.createActivityError) throw this.createActivityError;
    const list = (this.activities[familyId] ??= []);
    const activity: Activity = {
      id: `act-${familyId}-${list.length + 1}`,
      familyId,
      type: input.type,
      date: input.date,
      notes: input.notes ?? null,
      location: input.location ? { accuracy: null, ...input.location } : null,
      roles: input.roles,
      factors: input.factors ?? [],
      obstacles: input.obstacles ?? [],
      pendamping: this.user?.username ?? null,
      createdAt: new Date(Date.UTC(2026, 6, 1, 0, 0, list.length)).toISOString(),
      version: 1,
      p2k2SessionId: null,
    };
    list.push(activity);
    return activity;
  }

  /** Answered instead of a correction or a removal when set (e.g. a 409). */
  amendActivityError: ApiError | null = null;

  private findActivity(id: string): { list: Activity[]; index: number } {
    for (const list of Object.values(this.activities)) {
      const index = list.findIndex((a) => a.id === id);
      if (index >= 0) return { list, index };
    }
    throw new ApiError(404, 'not_found', 'Tidak ditemukan');
  }

  async correctActivity(id: string, input: ActivityCorrectionInput): Promise<Activity> {
    (this.calls.correctActivity ??= []).push({ id, input });
    if (this.amendActivityError) throw this.amendActivityError;
    const { list, index } = this.findActivity(id);
    const a = list[index]!;
    if ((a.version ?? 1) !== input.version) throw new ApiError(409, 'version_conflict', 'Data ini sudah diubah orang lain.');
    const next: Activity = { ...a, type: input.type, date: input.date, roles: input.roles, factors: input.factors ?? [], obstacles: input.obstacles ?? [], notes: input.notes ?? null, version: input.version + 1 };
    list[index] = next;
    return next;
  }

  async removeActivity(id: string, input: { version: number; reason: string }): Promise<{ id: string; removed: true }> {
    (this.calls.removeActivity ??= []).push({ id, input });
    if (this.amendActivityError) throw this.amendActivityError;
    const { list, index } = this.findActivity(id);
    if ((list[index]!.version ?? 1) !== input.version) throw new ApiError(409, 'version_conflict', 'Data ini sudah diubah orang lain.');
    list.splice(index, 1);
    return { id, removed: true };
  }

  async ifeRoles(): Promise<IfeRoles> {
    return ifeRolesDoc;
  }

  async factorsObstacles(): Promise<FactorsObstacles> {
    return factorsObstaclesDoc;
  }

  async activityTypes(): Promise<ActivityTypes> {
    return activityTypesDoc;
  }

  users: UserSummary[] = [
    { id: 'u1', username: 'pendamping01', displayName: 'Siti Rahmawati', role: 'pendamping', regionCode: '32.76.02', active: true },
    { id: 'u2', username: 'pendamping02', displayName: 'Dedi Kurniawan', role: 'pendamping', regionCode: '32.76.02', active: true },
  ];

  async listUsers(params: { role: string; limit: number; offset: number }): Promise<Page<UserSummary>> {
    this.calls.listUsers.push({ role: params.role });
    if (this.user?.role === 'pendamping') throw new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.');
    const items = this.users.filter((u) => params.role === '' || u.role === params.role);
    return { items: items.slice(params.offset, params.offset + params.limit), total: items.length };
  }

  /** The names of the fake's users (a test adds the staff it needs to `users`); researchers are refused. */
  async userNames(): Promise<{ items: StaffName[] }> {
    this.calls.userNames = (this.calls.userNames ?? 0) + 1;
    if (this.user?.role === 'peneliti') throw new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.');
    return { items: this.users.map((u) => ({ username: u.username, displayName: u.displayName, role: u.role })) };
  }

  monthlyReportUrl(p: MonthlyReportParams): string {
    const q = new URLSearchParams({ month: p.month, format: p.format });
    if (p.pendamping) q.set('pendamping', p.pendamping);
    return `/api/v1/reports/monthly?${q.toString()}`;
  }
}

/** Parts of the shipped reference documents (data/reference), in their shape. */
export const ifeRolesDoc: IfeRoles = {
  groups: [
    {
      code: 'fasilitatif',
      en: 'Facilitative',
      roles: [
        { code: 'animasi_sosial', id: 'Animasi sosial', en: 'Social animation' },
        { code: 'dukungan', id: 'Dukungan', en: 'Support' },
      ],
    },
    {
      code: 'edukasional',
      en: 'Educational',
      roles: [
        { code: 'menyampaikan_informasi', id: 'Menyampaikan informasi', en: 'Informing' },
        { code: 'pelatihan', id: 'Pelatihan', en: 'Training' },
      ],
    },
    { code: 'representasional', en: 'Representational', roles: [{ code: 'advokasi', id: 'Advokasi', en: 'Advocacy' }] },
    { code: 'teknis', en: 'Technical', roles: [{ code: 'riset', id: 'Riset', en: 'Research' }] },
  ],
};

export const factorsObstaclesDoc: FactorsObstacles = {
  supporting_factors: [
    { code: 'pendekatan_efektif', id: 'Pendekatan yang efektif', en: 'An effective approach by the pendamping' },
    { code: 'kesadaran_kpm', id: 'Kesadaran KPM', en: 'Awareness of the KPM' },
  ],
  obstacles: [{ code: 'akses_pendamping_minim', source: 'pendamping', id: 'Minimnya akses pendamping', en: 'The pendamping lacks access' }],
};

export const activityTypesDoc: ActivityTypes = {
  types: [
    { code: 'kunjungan_rumah', id: 'Kunjungan rumah', en: 'Home visit' },
    { code: 'rujukan', id: 'Rujukan', en: 'Referral' },
  ],
};
