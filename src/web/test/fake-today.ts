/** In-memory TodayData for component tests (no network). */
import type { TodayData, TodayList, TodayView } from '../data/today';

const empty = (): TodayList => ({ total: 0, items: [] });

/** A day with nothing waiting. */
export function emptyTodayView(): TodayView {
  return {
    date: '2026-07-15',
    visitDueAfterDays: 90,
    tasks: empty(),
    visits: empty(),
    sessions: { ...empty(), from: '2026-07-15', to: '2026-07-21' },
    verification: { ...empty(), period: '2026-Q3', periodEnd: '2026-09-30', months: [] },
    graduation: empty(),
    followups: empty(),
    dataUpdates: null,
  };
}

/** A pendamping's busy day: a bit of everything. */
export function busyTodayView(): TodayView {
  const fam = (n: number) => ({ familyId: `fam-${String(n).padStart(4, '0')}`, name: `Kepala ${String(n).padStart(3, '0')}`, kelurahanCode: '32.76.02.1009', kelurahanName: 'Tugu' });
  return {
    ...emptyTodayView(),
    tasks: { total: 2, items: [{ ...fam(1), date: '2026-07-10', text: 'Tugas rencana kasus terlambat 5 hari: Urus NIB warung', link: '/keluarga/fam-0001#rencana-kasus' }] },
    visits: {
      total: 12,
      items: [
        { ...fam(2), date: null, text: 'Belum pernah dikunjungi di rumah', link: '/keluarga/fam-0002#kegiatan' },
        { ...fam(3), date: '2026-03-01', text: 'Kunjungan rumah terakhir 1 Maret 2026 (136 hari lalu)', link: '/keluarga/fam-0003#kegiatan' },
      ],
    },
    sessions: {
      from: '2026-07-15',
      to: '2026-07-21',
      total: 1,
      items: [{ familyId: null, groupId: 'grp-1', name: 'Kelompok Melati', kelurahanCode: '32.76.02.1009', kelurahanName: 'Tugu', date: '2026-07-18', text: 'Pertemuan P2K2 Pengelolaan Keuangan, sesi 1: 18 Juli 2026', link: '/kelompok/grp-1/pertemuan/s-1/catat' }],
    },
    graduation: { total: 1, items: [{ ...fam(4), date: '2026-07-01', text: 'Calon graduasi sejahtera mandiri: lakukan asesmen kesiapan', link: '/keluarga/fam-0004/graduasi' }] },
  };
}

export function fakeTodayData(view: () => TodayView = emptyTodayView): TodayData & { todayCalls: Array<string | undefined> } {
  const calls: Array<string | undefined> = [];
  return {
    todayCalls: calls,
    async today(date) {
      calls.push(date);
      return view();
    },
  };
}
