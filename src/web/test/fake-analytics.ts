/**
 * In-memory AnalyticsData for component tests (no network): answers shaped exactly like the agreed API
 * (`/analytics/graduation`, `/analytics/survival`, `/analytics/roles-usage`, `/research/study`), the
 * calls recorded with their filters.
 */
import { ApiError } from '../api/client';
import type {
  AnalyticsData,
  AnalyticsFilter,
  AnalyticsSplit,
  GraduationTable,
  RolesUsage,
  RolesUsageSplit,
  StudyFindings,
  SurvivalCurves,
} from '../data/analytics';

export interface AnalyticsFakeState {
  graduation: (by: AnalyticsSplit) => GraduationTable;
  survival: (by: AnalyticsSplit | null) => SurvivalCurves;
  rolesUsage: (by: RolesUsageSplit) => RolesUsage;
  study: StudyFindings;
  calls: {
    graduation: Array<{ by: AnalyticsSplit } & AnalyticsFilter>;
    survival: Array<{ by: AnalyticsSplit | null } & AnalyticsFilter>;
    rolesUsage: Array<{ by: RolesUsageSplit } & AnalyticsFilter>;
    study: AnalyticsFilter[];
  };
  /** An error to answer for every call (e.g. a network failure or a 403). */
  error: ApiError | null;
}

export const FAKE_CAUTION = 'Angka ini menunjukkan keterkaitan, bukan sebab-akibat.';

const GROUP_SPLIT: Record<string, Array<[string, string, number, number, number | null]>> = {
  // key, label, families, graduated, median months
  role_group: [
    ['fasilitatif', 'Fasilitatif', 120, 30, 22],
    ['edukasional', 'Edukasional', 80, 12, null],
    ['teknis', 'Teknis', 6, 1, null],
  ],
  kelurahan: [
    ['32.76.02.1007', 'Harjamukti', 90, 20, 20],
    ['32.76.02.1009', 'Tugu', 40, 4, null],
  ],
};

function graduationTable(by: AnalyticsSplit): GraduationTable {
  const rows = (GROUP_SPLIT[by] ?? GROUP_SPLIT.role_group!).map(([key, label, families, graduated, median]) => ({
    key,
    label,
    families,
    graduated,
    graduationRate: graduated / families,
    medianMonthsToGraduation: median,
  }));
  return { by, rows, totalFamilies: 150, caution: FAKE_CAUTION };
}

function survivalCurves(by: AnalyticsSplit | null): SurvivalCurves {
  const rows = by ? (GROUP_SPLIT[by] ?? GROUP_SPLIT.role_group!) : [['all', 'Semua keluarga', 150, 40, 24] as [string, string, number, number, number | null]];
  return {
    by,
    caution: FAKE_CAUTION,
    groups: rows.map(([key, label, families, graduated, median], i) => {
      const drop = (i + 1) * 0.1;
      return {
        key,
        label,
        families,
        events: graduated,
        medianMonths: median,
        curve: [
          { months: 0, survival: 1, atRisk: families, events: 0 },
          { months: 6, survival: 1 - drop, atRisk: families - 2, events: 2 },
          { months: 12, survival: 1 - 2 * drop, atRisk: Math.max(1, families - 10), events: 5 },
          { months: 24, survival: Math.max(0, 1 - 3.5 * drop), atRisk: Math.max(1, families - 30), events: 3 },
        ],
      };
    }),
  };
}

/** The sample roles usage (shares are of all role tags, as the server's); tests change parts of it. */
export function rolesUsage(by: RolesUsageSplit): RolesUsage {
  const roles = [
    { code: 'dukungan', group: 'fasilitatif', label: 'Dukungan', activities: 140, families: 90, share: 0.56 },
    { code: 'menyampaikan_informasi', group: 'edukasional', label: 'Menyampaikan informasi', activities: 100, families: 70, share: 0.4 },
    { code: 'advokasi', group: 'representasional', label: 'Advokasi', activities: 8, families: 6, share: 0.032 },
    { code: 'konfrontasi', group: 'edukasional', label: 'Konfrontasi', activities: 0, families: 0, share: 0 },
  ];
  const rows =
    by === 'pendamping'
      ? [
          { key: 'u-p1', label: 'Pendamping 01', activities: 150, counts: { dukungan: 90, menyampaikan_informasi: 55, advokasi: 5, konfrontasi: 0 }, neverUsed: ['konfrontasi'] },
          { key: 'u-p2', label: 'Pendamping 02', activities: 98, counts: { dukungan: 50, menyampaikan_informasi: 45, advokasi: 3, konfrontasi: 0 }, neverUsed: ['konfrontasi'] },
        ]
      : [{ key: '32.76.02.1007', label: 'Harjamukti', activities: 248, counts: { dukungan: 140, menyampaikan_informasi: 100, advokasi: 8, konfrontasi: 0 }, neverUsed: ['konfrontasi'] }];
  return { roles, neverUsed: ['konfrontasi'], rarelyUsed: ['advokasi'], rarelyThreshold: 0.05, rows, caution: FAKE_CAUTION };
}

const example = (text: string, source: string, documentTitle: string | null = null) => ({ text, source, documentTitle });

export function studyFindings(): StudyFindings {
  return {
    region: null,
    from: null,
    to: null,
    roleGroups: [
      {
        group: 'fasilitatif',
        label: 'Fasilitatif',
        roles: [
          {
            code: 'dukungan',
            label: 'Dukungan',
            activities: 140,
            segments: 12,
            found: true,
            examples: [
              example('Ibu S. didampingi ke puskesmas.', 'activity'),
              example('Pendamping memberi semangat kepada KPM.', 'transcript', 'Wawancara KPM Harjamukti'),
              example('Kunjungan rumah rutin.', 'Kegiatan 2026-04-10'),
            ],
          },
          { code: 'mediasi_negosiasi', label: 'Mediasi dan negosiasi', activities: 0, segments: 0, found: false, examples: [] },
        ],
      },
      {
        group: 'edukasional',
        label: 'Edukasional',
        roles: [
          { code: 'menyampaikan_informasi', label: 'Menyampaikan informasi', activities: 100, segments: 8, found: true, examples: [example('Materi P2K2 modul kesehatan.', 'Sesi P2K2')] },
          { code: 'konfrontasi', label: 'Konfrontasi', activities: 0, segments: 0, found: false, examples: [] },
        ],
      },
    ],
    rolesNotFound: [
      { code: 'mediasi_negosiasi', label: 'Mediasi dan negosiasi', group: 'fasilitatif' },
      { code: 'konfrontasi', label: 'Konfrontasi', group: 'edukasional' },
    ],
    factors: [{ code: 'kesadaran_kpm', label: 'Kesadaran KPM', count: 33, examples: [example('KPM sadar pentingnya sekolah anak.', 'Kegiatan 2026-02-11')] }],
    obstacles: [
      { source: 'pendamping', label: 'Dari pendamping', items: [{ code: 'akses_pendamping_minim', label: 'Minimnya akses pendamping', count: 4, examples: [] }] },
      { source: 'internal_kelompok', label: 'Internal kelompok KPM', items: [{ code: 'perpecahan_politik_internal', label: 'Agenda politik yang memecah kelompok', count: 2, examples: [] }] },
      { source: 'eksternal_kelompok', label: 'Eksternal kelompok KPM', items: [{ code: 'tekanan_politik_eksternal', label: 'Tekanan politik dari luar kelompok', count: 1, examples: [example('Ada tekanan dari tokoh setempat.', 'Catatan lapangan', 'Catatan Tugu')] }] },
    ],
    families: 150,
    activities: 248,
    documents: 3,
    caution: FAKE_CAUTION,
  };
}

export function analyticsState(over: Partial<AnalyticsFakeState> = {}): AnalyticsFakeState {
  return {
    graduation: graduationTable,
    survival: survivalCurves,
    rolesUsage,
    study: studyFindings(),
    calls: { graduation: [], survival: [], rolesUsage: [], study: [] },
    error: null,
    ...over,
  };
}

export function fakeAnalyticsData(state: AnalyticsFakeState = analyticsState()): AnalyticsData {
  const answer = async <T>(value: () => T): Promise<T> => {
    if (state.error) throw state.error;
    return value();
  };
  return {
    analyticsGraduation: (by, f) => {
      state.calls.graduation.push({ by, ...f });
      return answer(() => state.graduation(by));
    },
    analyticsSurvival: (by, f) => {
      state.calls.survival.push({ by, ...f });
      return answer(() => state.survival(by));
    },
    analyticsRolesUsage: (by, f) => {
      state.calls.rolesUsage.push({ by, ...f });
      return answer(() => state.rolesUsage(by));
    },
    researchStudy: (f) => {
      state.calls.study.push(f);
      return answer(() => state.study);
    },
  };
}
