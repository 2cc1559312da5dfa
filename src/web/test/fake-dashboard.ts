/** In-memory DashboardData for component tests (no network): fixed numbers, drill-downs as large as the number clicked. */
import { ApiError } from '../api/client';
import type {
  DashboardData,
  DashboardDrillParams,
  DashboardFamily,
  DashboardParams,
  DashboardSummary,
  DashboardView,
  DashboardViewName,
} from '../data/dashboard';

export interface DashboardFakeState {
  summary: DashboardSummary;
  views: Record<DashboardViewName, DashboardView>;
  calls: { summary: DashboardParams[]; views: Array<{ view: DashboardViewName } & DashboardParams>; families: DashboardDrillParams[] };
  /** An error to answer for every call (e.g. a network failure). */
  error: ApiError | null;
}

const AS_OF = '2026-07-15T03:00:00.000Z';
const fam = (unit: 'families' | 'activities' | 'percent' | 'target', key: string, label: string) => ({ key, label, unit });
const row = (key: string, label: string, values: Record<string, number | null>, group: string | null = null) => ({ key, label, group, values });
const view = (v: Omit<DashboardView, 'dataAsOf' | 'region' | 'window' | 'period'> & Partial<DashboardView>): DashboardView => ({
  dataAsOf: AS_OF,
  region: null,
  window: null,
  period: null,
  ...v,
});

export function dashboardState(over: Partial<DashboardFakeState> = {}): DashboardFakeState {
  const types = ['alamiah', 'sejahtera_mandiri', 'paksa', 'pena'];
  const typeLabels = ['Alamiah', 'Sejahtera mandiri', 'Paksa', 'PENA'];
  const months = ['2026-05', '2026-06', '2026-07'];
  const monthLabels = ['Mei 2026', 'Jun 2026', 'Jul 2026'];
  const grad = [
    [1, 2, 0, 0],
    [0, 3, 1, 0],
    [2, 4, 0, 1],
  ];
  return {
    summary: {
      dataAsOf: AS_OF,
      region: null,
      year: 2026,
      families: { total: 400, active: 352, suspended: 8, graduated: 31, exited: 9 },
      graduationsByType: { alamiah: 5, sejahtera_mandiri: 20, paksa: 1, pena: 2 },
      graduationsThisYear: { alamiah: 3, sejahtera_mandiri: 9, paksa: 1, pena: 1 },
      candidates: 57,
      openCases: 24,
      awaitingApproval: 4,
    },
    views: {
      graduations: view({
        view: 'graduations',
        title: 'Graduasi per bulan',
        window: { from: '2026-05-01', to: '2026-07-15' },
        columns: [...types.map((t, i) => fam('families', t, typeLabels[i]!)), fam('families', 'total', 'Jumlah')],
        rows: months.map((m, i) => {
          const values: Record<string, number> = {};
          types.forEach((t, j) => {
            values[t] = grad[i]![j]!;
          });
          values.total = grad[i]!.reduce((a, b) => a + b, 0);
          return row(m, monthLabels[i]!, values);
        }),
      }),
      pipeline: view({
        view: 'pipeline',
        title: 'Alur graduasi',
        columns: [fam('families', 'families', 'Keluarga')],
        rows: [
          row('candidate', 'Kandidat', { families: 12 }),
          row('assessed', 'Sudah diases', { families: 6 }),
          row('statement_signed', 'Surat pernyataan ditandatangani', { families: 3 }),
          row('proposed', 'Diusulkan', { families: 4 }),
          row('approved', 'Disetujui', { families: 2 }),
          row('exited', 'Keluar dari PKH', { families: 1 }),
          row('monitoring', 'Pemantauan', { families: 5 }),
        ],
      }),
      readiness: view({
        view: 'readiness',
        title: 'Kesiapan graduasi',
        columns: [fam('families', 'families', 'Keluarga')],
        rows: [row('ready', 'Siap', { families: 40 }, 'ready'), row('not_ready', 'Belum siap', { families: 120 }, 'not_ready'), row('none', 'Belum pernah diases', { families: 200 }, 'none')],
      }),
      compliance: view({
        view: 'compliance',
        title: 'Kepatuhan',
        columns: [fam('families', 'families', 'Keluarga'), fam('families', 'compliant', 'Patuh'), fam('families', 'notCompliant', 'Tidak patuh'), fam('percent', 'rate', 'Tingkat kepatuhan (%)')],
        rows: [row('2026-Q2:pendidikan', 'Pendidikan (2026-Q2)', { families: 200, compliant: 150, notCompliant: 50, rate: 75 }, '2026-Q2')],
      }),
      activity: view({
        view: 'activity',
        title: 'Peran Ife dalam kegiatan',
        window: { from: '2025-08-01', to: '2026-07-15' },
        columns: [fam('activities', 'activities', 'Kegiatan'), fam('families', 'families', 'Keluarga')],
        rows: [
          row('group:fasilitatif', 'Fasilitatif', { activities: 90, families: 60 }),
          row('role:dukungan', 'Dukungan', { activities: 70, families: 50 }, 'fasilitatif'),
          row('role:mediasi_negosiasi', 'Mediasi dan negosiasi', { activities: 20, families: 15 }, 'fasilitatif'),
          row('group:edukasional', 'Edukasional', { activities: 30, families: 25 }),
          row('role:pelatihan', 'Pelatihan', { activities: 30, families: 25 }, 'edukasional'),
        ],
      }),
      factors: view({
        view: 'factors',
        title: 'Faktor pendukung dan hambatan',
        window: { from: '2025-08-01', to: '2026-07-15' },
        columns: [fam('activities', 'activities', 'Kegiatan'), fam('families', 'families', 'Keluarga')],
        rows: [
          row('factor:potensi_kpm', 'Potensi dalam diri KPM', { activities: 14, families: 11 }, 'factor'),
          row('obstacle:jarak', 'Jarak tempuh', { activities: 9, families: 7 }, 'obstacle'),
        ],
      }),
      pendamping: view({
        view: 'pendamping',
        title: 'Pendamping dan target',
        window: { from: '2026-01-01', to: '2026-07-15' },
        columns: [
          fam('families', 'families', 'Keluarga'),
          fam('families', 'active', 'Aktif'),
          fam('families', 'candidates', 'Kandidat graduasi'),
          fam('families', 'openCases', 'Kasus graduasi berjalan'),
          fam('families', 'graduated', 'Graduasi tahun ini'),
          fam('families', 'graduatedSejahteraMandiri', 'Graduasi sejahtera mandiri tahun ini'),
          fam('target', 'target', 'Target tahunan'),
        ],
        rows: [
          row('pendamping01', 'Siti Rahmawati', { families: 50, active: 45, candidates: 7, openCases: 4, graduated: 5, graduatedSejahteraMandiri: 4, target: 10 }),
          row('pendamping02', 'Agus Wibowo', { families: 48, active: 44, candidates: 6, openCases: 3, graduated: 12, graduatedSejahteraMandiri: 11, target: 10 }),
        ],
      }),
      kelurahan: view({
        view: 'kelurahan',
        title: 'Perbandingan kelurahan',
        period: '2026-Q2',
        columns: [
          fam('families', 'families', 'Keluarga'),
          fam('families', 'active', 'Aktif'),
          fam('families', 'candidates', 'Kandidat graduasi'),
          fam('families', 'graduated', 'Graduasi'),
          fam('families', 'complianceChecked', 'Diverifikasi'),
          fam('families', 'compliant', 'Patuh'),
          fam('percent', 'rate', 'Tingkat kepatuhan (%)'),
        ],
        rows: [
          row('32.76.02.1007', 'Harjamukti', { families: 120, active: 100, candidates: 20, graduated: 10, complianceChecked: 80, compliant: 60, rate: 75 }),
          row('32.76.02.1008', 'Curug', { families: 80, active: 75, candidates: 5, graduated: 3, complianceChecked: 40, compliant: 36, rate: 90 }),
          row('32.76.02.1009', 'Tugu', { families: 200, active: 177, candidates: 32, graduated: 18, complianceChecked: 0, compliant: 0, rate: null }),
        ],
      }),
    },
    calls: { summary: [], views: [], families: [] },
    error: null,
    ...over,
  };
}

/** The number a drill-down key names in the fake state (row key, or `row:column`). */
function numberBehind(state: DashboardFakeState, p: DashboardDrillParams): number {
  if (p.view === 'summary') {
    const s = state.summary;
    const direct: Record<string, number> = { families: s.families.total, active: s.families.active, graduated: s.families.graduated, candidates: s.candidates, openCases: s.openCases, awaitingApproval: s.awaitingApproval };
    if (p.key in direct) return direct[p.key]!;
    throw new ApiError(422, 'validation', 'Kunci tidak dikenal.');
  }
  const v = state.views[p.view];
  const i = p.key.lastIndexOf(':');
  const column = i > 0 && v.columns.some((c) => c.key === p.key.slice(i + 1)) ? p.key.slice(i + 1) : 'families';
  const rowKey = column === 'families' && !p.key.endsWith(':families') ? p.key : p.key.slice(0, i);
  const r = v.rows.find((x) => x.key === rowKey);
  if (!r) throw new ApiError(422, 'validation', 'Kunci tidak dikenal.');
  return r.values[column] ?? 0;
}

export function fakeDashboardData(state: DashboardFakeState = dashboardState()): DashboardData {
  return {
    async dashboardSummary(p) {
      state.calls.summary.push(p);
      if (state.error) throw state.error;
      return { ...state.summary, region: p.region };
    },
    async dashboardView(name, p) {
      state.calls.views.push({ view: name, ...p });
      if (state.error) throw state.error;
      return { ...state.views[name], region: p.region };
    },
    async dashboardFamilies(p) {
      state.calls.families.push(p);
      if (state.error) throw state.error;
      const total = numberBehind(state, p);
      const items: DashboardFamily[] = [];
      for (let i = p.offset; i < Math.min(total, p.offset + p.limit); i++) {
        items.push({ id: `fam-${String(i + 1).padStart(4, '0')}`, headName: `Kepala ${String(i + 1).padStart(3, '0')}`, kelurahanCode: '32.76.02.1009', kelurahanName: 'Tugu', status: 'aktif', pendamping: 'pendamping01' });
      }
      return { items, total };
    },
    dashboardExportUrl(view, p) {
      const q = new URLSearchParams({ view });
      if (p.region) q.set('region', p.region);
      if (p.lang) q.set('lang', p.lang);
      return `/api/v1/dashboard/export.xlsx?${q}`;
    },
  };
}
