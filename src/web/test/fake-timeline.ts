/** In-memory TimelineData for component tests (no network): events per family, filtered and paged as the API does. */
import { ApiError } from '../api/client';
import type { TimelineData, TimelineEvent, TimelineParams } from '../data/timeline';

export interface FakeTimelineStore {
  /** Newest first, per family id. */
  events: Record<string, TimelineEvent[]>;
  calls: Array<{ familyId: string } & TimelineParams>;
  /** Answered instead of data. */
  error: ApiError | null;
}

/** Twelve events of `fam-0001`, newest first, of every kind (as a pendamping sees them). */
export function sampleTimeline(): TimelineEvent[] {
  return [
    { at: '2026-07-15', kind: 'graduation', id: 'tr-1', title: 'Graduasi sejahtera mandiri: kandidat', detail: 'Usaha warung berjalan', by: 'pendamping01', link: '/keluarga/fam-0001/graduasi' },
    { at: '2026-07-14', kind: 'data_update', id: 'du-1:confirmed', title: 'Pemutakhiran data disetujui: alamat', by: 'korcam.cimanggis' },
    { at: '2026-07-12', kind: 'referral', id: 'rf-1:outcome', title: 'Rujukan ke PBI-JKN / KIS (jaminan kesehatan): diterima', detail: 'KIS terbit' },
    { at: '2026-07-10', kind: 'p2k2', id: 'ses-1', title: 'Pertemuan P2K2 Pengelolaan Keuangan dan Perencanaan Usaha, sesi 1: hadir', detail: 'Mengelola Keuangan Keluarga', by: 'pendamping01', link: '/kelompok/grp-melati' },
    { at: '2026-07-08', kind: 'graduation', id: 'as-1', title: 'Asesmen kesiapan graduasi (pkh-default): belum siap, skor 0.4', by: 'pendamping01', link: '/keluarga/fam-0001/graduasi' },
    { at: '2026-07-05', kind: 'referral', id: 'rf-1:made', title: 'Dirujuk ke PBI-JKN / KIS (jaminan kesehatan)', detail: 'Belum punya KIS' },
    { at: '2026-07-03', kind: 'case_plan', id: 'goal-1:created', title: 'Tujuan rencana kasus dibuat', detail: 'Warung stabil' },
    { at: '2026-07-01', kind: 'activity', id: 'act-1', title: 'Kunjungan rumah · 2 peran Ife', detail: 'Membahas warung', by: 'pendamping01' },
    { at: '2026-06-30', kind: 'compliance', id: 'snap-1', title: 'Periode verifikasi 2026-Q2 ditutup: patuh', detail: 'pendidikan: patuh', by: 'korcam.cimanggis' },
    { at: '2026-06-20', kind: 'sanction', id: 'sa-1:revoked', title: 'Sanksi dicabut: peringatan', detail: 'Keliru data sekolah', by: 'korcam.cimanggis' },
    { at: '2026-05-02', kind: 'membership', id: 'm-3:joined', title: 'Anggota masuk keluarga (Anak)', detail: 'Bayi Baru' },
    { at: '2025-01-10', kind: 'activity', id: 'act-0', title: 'Kunjungan rumah', by: 'pendamping01' },
  ];
}

export function makeTimelineStore(): FakeTimelineStore {
  return { events: { 'fam-0001': sampleTimeline() }, calls: [], error: null };
}

export function fakeTimelineData(store: FakeTimelineStore = makeTimelineStore()): TimelineData {
  return {
    async familyTimeline(familyId, params) {
      store.calls.push({ familyId, ...params });
      if (store.error) throw store.error;
      const all = (store.events[familyId] ?? []).filter((e) => !params.kinds?.length || params.kinds.includes(e.kind));
      return { items: structuredClone(all.slice(params.offset, params.offset + params.limit)), total: all.length };
    },
  };
}
