/** The "today" view through the API: every list within scope, in the caller's language, pseudonymised for researchers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

interface Item {
  familyId: string | null;
  groupId?: string;
  name: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  date: string | null;
  text: string;
  link: string;
}
interface List {
  total: number;
  items: Item[];
}

describe.each(ENGINES)('GET /today (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let own: Array<{ id: string; kelurahanCode: string; status: string; headName: string }> = [];
  let pupilFamily = '';
  let pupilId = '';
  let visited = '';
  let candidate = '';
  let groupId = '';
  let followupFamily = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'peneliti', 'auditor']) s[u] = await loginAs(t.app, u);
    const p = as(t.app, s.pendamping01!);
    own = expectOk(await p.get(`${API}/families?limit=200&status=aktif`)).items;
    expect(own.length).toBeGreaterThan(4);
    for (const f of own) {
      const d = expectOk(await p.get(`${API}/families/${f.id}`));
      const pupil = d.members.find((m: { schoolLevel: string }) => ['sd', 'smp', 'sma'].includes(m.schoolLevel));
      if (pupil) {
        pupilFamily = f.id;
        pupilId = pupil.id;
        break;
      }
    }
    expect(pupilFamily).not.toBe('');
    visited = own.find((f) => f.id !== pupilFamily)!.id;
    candidate = own.find((f) => f.id !== pupilFamily && f.id !== visited)!.id;
    followupFamily = own.find((f) => ![pupilFamily, visited, candidate].includes(f.id))!.id;

    // A home visit two weeks ago: not due. A task overdue, one due next week, one far away.
    expectOk(await p.post(`${API}/families/${visited}/activities`, { type: 'kunjungan_rumah', date: '2026-07-01', roles: ['fasilitasi_kelompok'] }), 201);
    expectOk(
      await p.post(`${API}/families/${visited}/case-plan/goals`, {
        title: 'Usaha warung stabil',
        tasks: [
          { title: 'Urus NIB warung', dueDate: '2026-07-10' },
          { title: 'Buka rekening', dueDate: '2026-07-20' },
          { title: 'Tabungan tiga bulan', dueDate: '2026-12-01' },
        ],
      }),
      201,
    );
    // A P2K2 session planned in three days, one in a month.
    const group = expectOk(await p.post(`${API}/groups`, { name: 'Kelompok Melati', kelurahanCode: own[0]!.kelurahanCode, familyIds: [own[0]!.id], startDate: '2026-06-01' }), 201);
    groupId = group.id;
    expectOk(await p.post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 1, date: '2026-07-18', status: 'planned' }), 201);
    expectOk(await p.post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 2, date: '2026-08-15', status: 'planned' }), 201);
    // A graduation candidate: the pendamping's next move.
    expectOk(await p.post(`${API}/families/${candidate}/graduation/transitions`, { to: 'candidate', type: 'sejahtera_mandiri' }));
    // A data update waiting for the koordinator.
    expectOk(await p.post(`${API}/families/${visited}/data-updates`, { kind: 'alamat', reason: 'Pindah rumah', change: { address: 'Jl. Hari Ini No. 1' } }), 201);
    // A follow-up visit due in ten days (written directly: reaching it through the workflow takes a whole graduation).
    const db = t.ctx.database.db;
    const at = '2026-01-10T03:00:00.000Z';
    const caseId = uuidv7();
    await db
      .insertInto('graduation_cases')
      .values({ id: caseId, family_id: followupFamily, type: 'sejahtera_mandiri', state: 'monitoring', open: 1, opened_at: at, state_at: at, assessment_id: null, statement_signed_at: null, document_id: null, approved_at: null, approved_by: null, exit_effective_date: '2026-04-25', exit_applied: 1, closed_at: null, version: 1, created_at: at, updated_at: at, updated_by: null, deleted_at: null })
      .execute();
    await db
      .insertInto('graduation_followups')
      .values({ id: uuidv7(), case_id: caseId, family_id: followupFamily, months_after: 3, due_date: '2026-07-25', done_on: null, activity_id: null, outcome: null, notes: null, version: 1, created_at: at, updated_at: at, updated_by: null, deleted_at: null })
      .execute();
  });
  afterAll(async () => t?.close());
  const today = async (u: string, query = '', headers?: Record<string, string>) => expectOk(await as(t.app, s[u]!).get(`${API}/today${query}`, headers));

  it('lists the pendamping’s tasks due or overdue, in Indonesian by default', async () => {
    const v = await today('pendamping01');
    expect(v.date).toBe('2026-07-15');
    expect(v.tasks.total).toBe(2);
    expect(v.tasks.items.map((i: Item) => i.date)).toEqual(['2026-07-10', '2026-07-20']);
    expect(v.tasks.items[0]).toMatchObject({ familyId: visited, text: 'Tugas rencana kasus terlambat 5 hari: Urus NIB warung', link: `/keluarga/${visited}#rencana-kasus` });
    expect(v.tasks.items[1].text).toBe('Tugas rencana kasus jatuh tempo 20 Juli 2026: Buka rekening');
    const en = await today('pendamping01', '', { 'accept-language': 'en' });
    expect(en.tasks.items[0].text).toBe('Case-plan task 5 days overdue: Urus NIB warung');
  });

  it('lists families not visited at home for 90 days, never visited first, capped with the total', async () => {
    const v = await today('pendamping01');
    expect(v.visitDueAfterDays).toBe(90);
    const working = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=200`)).items.filter((f: { status: string }) => f.status === 'aktif' || f.status === 'ditangguhkan');
    expect(v.visits.total).toBe(working.length - 1);
    expect(v.visits.items.length).toBe(Math.min(5, v.visits.total));
    expect(v.visits.items.map((i: Item) => i.familyId)).not.toContain(visited);
    expect(v.visits.items[0]).toMatchObject({ text: 'Belum pernah dikunjungi di rumah', date: null });
    for (const i of v.visits.items) expect(i.name.length).toBeGreaterThan(0);
    // Four months later the July visit is long ago: the family is due again.
    const later = await today('pendamping01', '?date=2026-11-20');
    expect(later.visits.total).toBe(working.length);
    // Never-visited families come first, then the oldest visit.
    const dates = later.visits.items.map((i: Item) => i.date);
    const firstVisited = dates.findIndex((d: string | null) => d !== null);
    if (firstVisited >= 0) expect(dates.slice(firstVisited).every((d: string | null) => d !== null)).toBe(true);
    const again = later.visits.items.find((i: Item) => i.familyId === visited);
    if (again) expect(again).toMatchObject({ date: '2026-07-01', text: 'Kunjungan rumah terakhir 1 Juli 2026 (142 hari lalu)' });
    else expect(later.visits.total).toBeGreaterThan(5);
  });

  it('lists P2K2 sessions planned in the next seven days', async () => {
    const v = await today('pendamping01');
    expect(v.sessions).toMatchObject({ from: '2026-07-15', to: '2026-07-21', total: 1 });
    expect(v.sessions.items[0]).toMatchObject({ groupId, familyId: null, name: 'Kelompok Melati', date: '2026-07-18' });
    expect(v.sessions.items[0].text).toMatch(/sesi 1: 18 Juli 2026$/);
    expect((await today('pendamping01', '', { 'accept-language': 'en' })).sessions.items[0].text).toMatch(/Household Finance and Business Planning/);
    expect(v.sessions.items[0].link).toMatch(new RegExp(`^/kelompok/${groupId}/pertemuan/.+/catat$`));
    expect((await today('pendamping01', '?date=2026-08-12')).sessions.items.map((i: Item) => i.date)).toEqual(['2026-08-15']);
    expect((await today('pendamping02')).sessions.total).toBe(0);
  });

  it('lists families whose school attendance is missing for a past month of the quarter', async () => {
    // In the quarter's first month nothing is over yet.
    const july = await today('pendamping01');
    expect(july.verification).toMatchObject({ period: '2026-Q3', periodEnd: '2026-09-30', months: [], total: 0 });
    const aug = await today('pendamping01', '?date=2026-08-20');
    expect(aug.verification.months).toEqual(['2026-07']);
    const before = aug.verification.total;
    expect(before).toBeGreaterThan(0);
    const all = expectOk(await as(t.app, s.pendamping01!).get(`${API}/today?date=2026-08-20`));
    expect(all.verification.items[0].text).toMatch(/belum dicatat untuk Juli 2026; periode triwulan 3 2026 berakhir 30 September 2026$/);
    expectOk(await as(t.app, s.pendamping01!).post(`${API}/families/${pupilFamily}/compliance/observations`, { memberId: pupilId, kind: 'pendidikan', month: '2026-07', observation: { attendancePct: 95 } }), 201);
    const d = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families/${pupilFamily}`));
    const pupils = d.members.filter((m: { schoolLevel: string }) => ['sd', 'smp', 'sma'].includes(m.schoolLevel)).length;
    const after = (await today('pendamping01', '?date=2026-08-20')).verification.total;
    expect(after).toBe(pupils === 1 ? before - 1 : before);
  });

  it('lists graduation steps waiting for the caller: candidates for the pendamping, proposals for the koordinator', async () => {
    const p = await today('pendamping01');
    expect(p.graduation.total).toBe(1);
    expect(p.graduation.items[0]).toMatchObject({ familyId: candidate, link: `/keluarga/${candidate}/graduasi`, text: 'Calon graduasi sejahtera mandiri: lakukan asesmen kesiapan' });
    const k = await today('korcam.cimanggis');
    expect(k.graduation.items.map((i: Item) => i.familyId)).not.toContain(candidate);
    expect((await today('auditor')).graduation).toBeNull();
    // A proposal the koordinator rejected is the pendamping's again: read why, start again when ready.
    const db = t.ctx.database.db;
    await db.updateTable('graduation_cases').set({ state: 'rejected' }).where('family_id', '=', candidate).where('open', '=', 1).execute();
    const rejected = await today('pendamping01');
    expect(rejected.graduation.items[0]).toMatchObject({ familyId: candidate, text: 'Usulan graduasi sejahtera mandiri ditolak koordinator: baca alasannya, lalu jadikan kandidat lagi bila sudah siap' });
    expect((await today('korcam.cimanggis')).graduation.items.map((i: Item) => i.familyId)).not.toContain(candidate);
    await db.updateTable('graduation_cases').set({ state: 'candidate' }).where('family_id', '=', candidate).where('open', '=', 1).execute();
  });

  it('lists approved cases waiting for their exit to whoever makes the exit (the coordinators), the oldest first', async () => {
    const db = t.ctx.database.db;
    const k0 = await today('korcam.cimanggis');
    // Two approvals (one weeks old, one yesterday) and a proposal in between, in the korcam's kecamatan.
    const taken = [pupilFamily, visited, candidate, followupFamily];
    const area: Array<{ id: string }> = expectOk(await as(t.app, s['korcam.cimanggis']!).get(`${API}/families?limit=200&status=aktif`)).items;
    // pendamping01's own families first: the oldest approval is one of theirs (and still not their task).
    const ownIds = new Set(own.map((f) => f.id));
    const free = area.filter((f) => !taken.includes(f.id)).sort((a, b) => Number(ownIds.has(b.id)) - Number(ownIds.has(a.id)));
    const [oldApproval, newApproval, proposal] = free.slice(0, 3).map((f) => f.id);
    expect(proposal).toBeDefined();
    expect(ownIds.has(oldApproval!)).toBe(true);
    const open = async (familyId: string, state: string, at: string) => {
      const id = uuidv7();
      await db
        .insertInto('graduation_cases')
        .values({ id, family_id: familyId!, type: 'sejahtera_mandiri', state, open: 1, opened_at: '2026-05-01T03:00:00.000Z', state_at: at, assessment_id: null, statement_signed_at: '2026-05-20', document_id: null, approved_at: state === 'approved' ? at.slice(0, 10) : null, approved_by: null, exit_effective_date: null, exit_applied: 0, closed_at: null, version: 5, created_at: at, updated_at: at, updated_by: null, deleted_at: null })
        .execute();
      return id;
    };
    const ids = [await open(oldApproval!, 'approved', '2026-06-02T03:00:00.000Z'), await open(newApproval!, 'approved', '2026-07-14T03:00:00.000Z'), await open(proposal!, 'proposed', '2026-06-20T03:00:00.000Z')];
    try {
      const k = await today('korcam.cimanggis');
      expect(k.graduation.total).toBe(k0.graduation.total + 3);
      const mine = k.graduation.items.filter((i: Item) => [oldApproval, newApproval, proposal].includes(i.familyId!));
      // Waiting longest first, whatever the step: the approval of 2 June, the proposal of 20 June, yesterday's approval.
      expect(mine.map((i: Item) => i.familyId)).toEqual([oldApproval, proposal, newApproval]);
      expect(mine[0]).toMatchObject({ date: '2026-06-02', link: `/keluarga/${oldApproval}/graduasi`, text: 'Disetujui, menunggu dikeluarkan dari PKH: graduasi sejahtera mandiri, disetujui 2 Juni 2026' });
      expect(mine[1].text).toBe('Graduasi sejahtera mandiri diusulkan: setujui atau tolak');
      const en = await today('korcam.cimanggis', '', { 'accept-language': 'en' });
      expect(en.graduation.items.find((i: Item) => i.familyId === oldApproval).text).toBe(
        'Approved, waiting for the exit from PKH: prosperous-independent (sejahtera mandiri) graduation, approved on 2 June 2026',
      );
      // The pendamping does not make the exit: not theirs.
      expect((await today('pendamping01')).graduation.items.map((i: Item) => i.familyId)).not.toContain(oldApproval);
      // Once exited, the case leaves the list (its next step, monitoring, comes with the follow-up visits).
      await db.updateTable('graduation_cases').set({ state: 'exited', exit_effective_date: '2026-09-30' }).where('id', '=', ids[0]!).execute();
      expect((await today('korcam.cimanggis')).graduation.items.map((i: Item) => i.familyId)).not.toContain(oldApproval);
    } finally {
      await db.deleteFrom('graduation_cases').where('id', 'in', ids).execute();
    }
  });

  it('lists follow-up visits due within fourteen days', async () => {
    const v = await today('pendamping01');
    expect(v.followups.total).toBe(1);
    expect(v.followups.items[0]).toMatchObject({ familyId: followupFamily, date: '2026-07-25', text: 'Kunjungan pemantauan 3 bulan jatuh tempo 25 Juli 2026' });
    expect((await today('pendamping01', '?date=2026-07-01')).followups.total).toBe(0);
    expect((await today('pendamping01', '?date=2026-08-01')).followups.items[0].text).toBe('Kunjungan pemantauan 3 bulan terlambat sejak 25 Juli 2026');
  });

  it('lists data updates waiting for coordinators only', async () => {
    expect((await today('pendamping01')).dataUpdates).toBeNull();
    const k = await today('korcam.cimanggis');
    expect(k.dataUpdates.total).toBeGreaterThanOrEqual(1);
    const mine = k.dataUpdates.items.find((i: Item) => i.familyId === visited);
    expect(mine).toMatchObject({ link: '/pemutakhiran', date: '2026-07-15' });
    expect(mine.text).toBe('Usulan pemutakhiran data (alamat) dari pendamping01 sejak 15 Juli 2026');
  });

  it('keeps to the caller’s scope', async () => {
    const other = await today('pendamping02');
    const ids = new Set(own.map((f) => f.id));
    for (const key of ['tasks', 'visits', 'verification', 'graduation', 'followups'] as const) {
      for (const i of (other[key] as List).items) expect(ids.has(i.familyId!), key).toBe(false);
    }
    expect(other.tasks.total).toBe(0);
    expect(other.followups.total).toBe(0);
  });

  it('gives researchers pseudonyms and no free text', async () => {
    const r = await today('peneliti');
    expect(r.graduation).toBeNull();
    expect(r.dataUpdates).toBeNull();
    expect(r.visits.items.length).toBeGreaterThan(0);
    for (const i of r.visits.items) expect(i.name).toMatch(/^KPM-[0-9A-F]{8}$/);
    const task = r.tasks.items.find((i: Item) => i.familyId === visited);
    expect(task.name).toMatch(/^KPM-/);
    expect(task.text).not.toContain('NIB');
    expect(JSON.stringify(r)).not.toContain(own.find((f) => f.id === visited)!.headName);
  });

  it('refuses a malformed date (400) and answers 401 without a session', async () => {
    expectError(await as(t.app, s.pendamping01!).get(`${API}/today?date=2026-02-30`), 400);
    expectError(await t.app.inject({ method: 'GET', url: `${API}/today` }), 401);
  });
});
