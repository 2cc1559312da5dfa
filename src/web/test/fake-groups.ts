/** In-memory GroupsData for component tests (no network). */
import { makeupEligible, progressOf } from '../../domain/p2k2';
import { ApiError } from '../api/client';
import type { FamilyP2k2, GroupDetail, GroupInput, GroupPatch, GroupsData, P2k2Curriculum, P2k2Session, SessionCorrectionInput, SessionHoldInput, SessionInput } from '../data/groups';

/** The shipped curriculum's first modules (data/reference/p2k2-modules.json), in its shape. */
export const curriculumDoc: P2k2Curriculum = {
  modules: [
    { code: 'pengasuhan_pendidikan', name: 'Pengasuhan dan Pendidikan Anak', sessions: ['Menjadi Orangtua yang Lebih Baik', 'Memahami Perkembangan dan Perilaku Anak', 'Memahami Cara Anak Usia Dini Belajar', 'Membantu Anak Sukses di Sekolah'] },
    { code: 'keuangan_usaha', name: 'Pengelolaan Keuangan dan Perencanaan Usaha', sessions: ['Mengelola Keuangan Keluarga', 'Cermat Meminjam dan Menabung', 'Memulai Usaha'] },
    { code: 'perlindungan_anak', name: 'Perlindungan Anak', sessions: ['Upaya Pencegahan Kekerasan dan Perlakuan Salah pada Anak', 'Penelantaran dan Eksploitasi terhadap Anak'] },
  ],
};

/** `fam-0002` → `Kepala 002`, as makeFamilies names them. */
export function fakeHeadName(familyId: string): string {
  const n = /^fam-(\d+)$/.exec(familyId);
  return n ? `Kepala ${n[1]!.slice(-3)}` : familyId;
}

export interface FakeGroupsStore {
  groups: GroupDetail[];
  sessions: P2k2Session[];
  curriculum: P2k2Curriculum;
  calls: {
    listGroups: Array<{ offset: number }>;
    createGroup: GroupInput[];
    updateGroup: Array<{ id: string; patch: GroupPatch }>;
    recordSession: Array<{ groupId: string; input: SessionInput }>;
    holdSession: Array<{ groupId: string; sessionId: string; input: SessionHoldInput }>;
    correctSession: Array<{ groupId: string; sessionId: string; input: SessionCorrectionInput }>;
    familyP2k2: string[];
  };
  /** Answered instead of data (e.g. a 422 with `fields`). */
  errors: Partial<Record<'listGroups' | 'getGroup' | 'createGroup' | 'updateGroup' | 'recordSession' | 'holdSession' | 'correctSession' | 'familyP2k2' | 'listSessions', ApiError>>;
}

const member = (familyId: string, startDate: string, endDate: string | null = null) => ({ familyId, headName: fakeHeadName(familyId), startDate, endDate, current: endDate === null });

/** Two groups of pendamping01: Melati (five current members, one former, one held session) and Mawar (no session yet). */
export function makeGroupsStore(): FakeGroupsStore {
  const melati: GroupDetail = {
    id: 'grp-melati',
    name: 'Kelompok Melati',
    kelurahanCode: '32.76.02.1008',
    kelurahanName: 'Curug',
    pendamping: 'pendamping01',
    ketuaFamilyId: 'fam-0002',
    ketuaName: fakeHeadName('fam-0002'),
    meetingPlace: 'Balai RW 07',
    memberCount: 5,
    version: 3,
    sessionsHeld: 1,
    lastSessionDate: '2026-06-10',
    attendanceRate: 0.6,
    members: [
      member('fam-0002', '2026-01-05'),
      member('fam-0003', '2026-01-05'),
      member('fam-0004', '2026-01-05'),
      member('fam-0005', '2026-01-05'),
      member('fam-0006', '2026-01-05'),
      member('fam-0009', '2026-01-05', '2026-03-01'),
    ],
  };
  const mawar: GroupDetail = {
    id: 'grp-mawar',
    name: 'Kelompok Mawar',
    kelurahanCode: '32.76.02.1009',
    kelurahanName: 'Tugu',
    pendamping: 'pendamping01',
    ketuaFamilyId: null,
    ketuaName: null,
    meetingPlace: null,
    memberCount: 2,
    version: 1,
    sessionsHeld: 0,
    lastSessionDate: null,
    attendanceRate: null,
    members: [member('fam-0010', '2026-02-01'), member('fam-0011', '2026-02-01')],
  };
  const first: P2k2Session = {
    id: 'ses-1',
    groupId: 'grp-melati',
    moduleCode: 'pengasuhan_pendidikan',
    session: 1,
    date: '2026-06-10',
    place: 'Balai RW 07',
    narrative: 'Membahas peran orang tua.',
    status: 'held',
    makeupOf: null,
    pendamping: 'pendamping01',
    attendance: [
      { familyId: 'fam-0002', status: 'hadir', reason: null },
      { familyId: 'fam-0003', status: 'hadir', reason: null },
      { familyId: 'fam-0004', status: 'hadir', reason: null },
      { familyId: 'fam-0005', status: 'izin', reason: 'Sakit' },
      { familyId: 'fam-0006', status: 'tidak_hadir', reason: null },
    ],
    version: 1,
  };
  return {
    groups: [melati, mawar],
    sessions: [first],
    curriculum: curriculumDoc,
    calls: { listGroups: [], createGroup: [], updateGroup: [], recordSession: [], holdSession: [], correctSession: [], familyP2k2: [] },
    errors: {},
  };
}

const notFound = () => new ApiError(404, 'not_found', 'Tidak ditemukan');

export function fakeGroupsData(store: FakeGroupsStore = makeGroupsStore()): GroupsData {
  const find = (id: string) => {
    const g = store.groups.find((x) => x.id === id);
    if (!g) throw notFound();
    return g;
  };
  /** As the server: a make-up's roster is the families who missed its session and have not made it up. */
  const makeupRoster = (makeupOf: string | null, self?: string) => {
    const original = makeupOf ? store.sessions.find((x) => x.id === makeupOf) : undefined;
    return makeupOf ? (original ? makeupEligible(original, store.sessions, self) : new Set<string>()) : undefined;
  };
  const summary = (g: GroupDetail) => {
    const { members: _members, ...rest } = g;
    return rest;
  };
  return {
    async listGroups(params) {
      store.calls.listGroups.push({ offset: params.offset });
      if (store.errors.listGroups) throw store.errors.listGroups;
      return { items: store.groups.slice(params.offset, params.offset + params.limit).map(summary) as GroupDetail[], total: store.groups.length };
    },
    async getGroup(id) {
      if (store.errors.getGroup) throw store.errors.getGroup;
      return structuredClone(find(id));
    },
    async createGroup(input) {
      store.calls.createGroup.push(input);
      if (store.errors.createGroup) throw store.errors.createGroup;
      const g: GroupDetail = {
        id: `grp-${store.groups.length + 1}`,
        name: input.name,
        kelurahanCode: input.kelurahanCode,
        kelurahanName: null,
        pendamping: input.pendamping ?? 'pendamping01',
        ketuaFamilyId: input.ketuaFamilyId ?? null,
        ketuaName: input.ketuaFamilyId ? fakeHeadName(input.ketuaFamilyId) : null,
        meetingPlace: input.meetingPlace ?? null,
        memberCount: input.familyIds?.length ?? 0,
        version: 1,
        sessionsHeld: 0,
        lastSessionDate: null,
        attendanceRate: null,
        members: (input.familyIds ?? []).map((f) => member(f, '2026-07-15')),
      };
      store.groups.push(g);
      return structuredClone(g);
    },
    async updateGroup(id, patch) {
      store.calls.updateGroup.push({ id, patch });
      if (store.errors.updateGroup) throw store.errors.updateGroup;
      const g = find(id);
      if (patch.version !== undefined && patch.version !== g.version) throw new ApiError(409, 'version_conflict', 'Conflict');
      if (patch.ketuaFamilyId !== undefined) {
        g.ketuaFamilyId = patch.ketuaFamilyId;
        g.ketuaName = patch.ketuaFamilyId ? fakeHeadName(patch.ketuaFamilyId) : null;
      }
      for (const f of patch.addFamilyIds ?? []) g.members.push(member(f, patch.effectiveDate ?? '2026-07-15'));
      for (const f of patch.removeFamilyIds ?? []) {
        const m = g.members.find((x) => x.familyId === f && x.current);
        if (m) Object.assign(m, { endDate: patch.effectiveDate ?? '2026-07-15', current: false });
        if (g.ketuaFamilyId === f) Object.assign(g, { ketuaFamilyId: null, ketuaName: null });
      }
      g.memberCount = g.members.filter((m) => m.current).length;
      g.version++;
      return structuredClone(g);
    },
    async listSessions(groupId, page) {
      if (store.errors.listSessions) throw store.errors.listSessions;
      find(groupId);
      const all = store.sessions
        .filter((s) => s.groupId === groupId && (!page.status || s.status === page.status))
        .sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id));
      if (page.status === 'planned') all.reverse();
      return { items: structuredClone(all.slice(page.offset, page.offset + page.limit)), total: all.length };
    },
    async recordSession(groupId, input) {
      store.calls.recordSession.push({ groupId, input });
      if (store.errors.recordSession) throw store.errors.recordSession;
      const g = find(groupId);
      const given = new Map((input.attendance ?? []).map((a) => [a.familyId, a]));
      const forMakeup = makeupRoster(input.makeupOf ?? null);
      const s: P2k2Session = {
        id: `ses-${store.sessions.length + 1}`,
        groupId,
        moduleCode: input.module,
        session: input.session,
        date: input.date,
        place: input.place ?? null,
        narrative: input.narrative ?? null,
        status: input.status ?? 'held',
        makeupOf: input.makeupOf ?? null,
        pendamping: 'pendamping01',
        attendance:
          input.status === 'planned'
            ? []
            : g.members
                .filter((m) => m.current && (!forMakeup || forMakeup.has(m.familyId)))
                .map((m) => ({ familyId: m.familyId, status: given.get(m.familyId)?.status ?? 'tidak_hadir', reason: given.get(m.familyId)?.reason ?? null })),
        version: 1,
      };
      store.sessions.push(s);
      // A make-up is not another meeting of the group.
      if (s.status === 'held' && !s.makeupOf) {
        g.sessionsHeld++;
        g.lastSessionDate = g.lastSessionDate && g.lastSessionDate > s.date ? g.lastSessionDate : s.date;
      }
      return structuredClone(s);
    },
    async getSession(groupId, sessionId) {
      find(groupId);
      const s = store.sessions.find((x) => x.groupId === groupId && x.id === sessionId);
      if (!s) throw notFound();
      return structuredClone(s);
    },
    async holdSession(groupId, sessionId, input) {
      store.calls.holdSession.push({ groupId, sessionId, input });
      if (store.errors.holdSession) throw store.errors.holdSession;
      const g = find(groupId);
      const s = store.sessions.find((x) => x.groupId === groupId && x.id === sessionId);
      if (!s) throw notFound();
      if (s.status !== 'planned' || (input.version !== undefined && input.version !== s.version)) throw new ApiError(409, 'p2k2_session_not_planned', 'Pertemuan ini sudah tidak direncanakan lagi.');
      const given = new Map((input.attendance ?? []).map((a) => [a.familyId, a]));
      const forMakeup = makeupRoster(s.makeupOf, s.id);
      Object.assign(s, {
        status: input.status,
        moduleCode: input.module ?? s.moduleCode,
        session: input.session ?? s.session,
        date: input.date ?? s.date,
        place: input.place ?? s.place,
        narrative: input.narrative ?? s.narrative,
        version: s.version + 1,
        attendance:
          input.status === 'held'
            ? g.members
                .filter((m) => m.current && (!forMakeup || forMakeup.has(m.familyId)))
                .map((m) => ({ familyId: m.familyId, status: given.get(m.familyId)?.status ?? 'tidak_hadir', reason: given.get(m.familyId)?.reason ?? null }))
            : [],
      });
      if (input.status === 'held' && !s.makeupOf) {
        g.sessionsHeld++;
        g.lastSessionDate = g.lastSessionDate && g.lastSessionDate > s.date ? g.lastSessionDate : s.date;
      }
      return structuredClone(s);
    },
    async correctSession(groupId, sessionId, input) {
      store.calls.correctSession.push({ groupId, sessionId, input });
      if (store.errors.correctSession) throw store.errors.correctSession;
      const g = find(groupId);
      const s = store.sessions.find((x) => x.groupId === groupId && x.id === sessionId);
      if (!s) throw notFound();
      if (s.status !== 'held') throw new ApiError(409, 'p2k2_session_not_held', 'Hanya pertemuan yang sudah berlangsung yang dapat dikoreksi.');
      if (input.version !== s.version) throw new ApiError(409, 'version_conflict', 'Data ini sudah diubah orang lain.');
      const given = new Map((input.attendance ?? s.attendance).map((a) => [a.familyId, a]));
      Object.assign(s, {
        status: input.status,
        moduleCode: input.module ?? s.moduleCode,
        session: input.session ?? s.session,
        date: input.date ?? s.date,
        place: input.place ?? s.place,
        narrative: input.narrative ?? s.narrative,
        roles: input.status === 'held' ? (input.roles ?? s.roles ?? []) : [],
        version: s.version + 1,
        attendance: input.status === 'held' ? s.attendance.map((a) => ({ familyId: a.familyId, status: given.get(a.familyId)?.status ?? 'tidak_hadir', reason: given.get(a.familyId)?.reason ?? null })) : [],
      });
      if (input.status === 'cancelled') g.sessionsHeld--;
      return structuredClone(s);
    },
    async familyP2k2(familyId): Promise<FamilyP2k2> {
      store.calls.familyP2k2.push(familyId);
      if (store.errors.familyP2k2) throw store.errors.familyP2k2;
      const sessions = store.sessions
        .filter((s) => s.status === 'held')
        .flatMap((s) => s.attendance.filter((a) => a.familyId === familyId).map((a) => ({ sessionId: s.id, moduleCode: s.moduleCode, session: s.session, date: s.date, status: a.status, makeupOf: s.makeupOf })))
        .sort((a, b) => a.date.localeCompare(b.date));
      return { ...progressOf(store.curriculum, sessions), sessions };
    },
    async p2k2Curriculum() {
      return store.curriculum;
    },
  };
}
