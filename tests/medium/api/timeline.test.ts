/** A family's timeline through the API: every kind of work merged newest first, paged, filtered, in scope, private. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

interface Event {
  at: string;
  kind: string;
  id: string;
  title: string;
  detail?: string;
  by?: string;
  link?: string;
}

const NOTE = 'Bu Sumirah bercerita tentang warung di depan rumah';

describe.each(ENGINES)('family timeline (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';
  let groupId = '';
  let memberNames: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 30, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'peneliti']) s[u] = await loginAs(t.app, u);
    const p = as(t.app, s.pendamping01!);
    const list = expectOk(await p.get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    // A family with a pupil at SD (an education observation to record).
    let studentId = '';
    let kelurahanCode = '';
    for (const f of list) {
      const d = expectOk(await p.get(`${API}/families/${f.id}`));
      const pupil = d.members.find((m: { schoolLevel: string; component: string }) => m.schoolLevel === 'sd' && m.component === 'sd');
      if (pupil) {
        familyId = f.id;
        studentId = pupil.id;
        kelurahanCode = f.kelurahanCode;
        memberNames = d.members.map((m: { name: string }) => m.name);
        break;
      }
    }
    expect(familyId).not.toBe('');

    // Work with the family, of every kind, on known dates.
    expectOk(await p.post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2026-07-01', roles: ['fasilitasi_kelompok', 'pelatihan'], notes: NOTE }), 201);
    const group = expectOk(await p.post(`${API}/groups`, { name: 'Kelompok Kenanga', kelurahanCode, familyIds: [familyId], startDate: '2026-06-01' }), 201);
    groupId = group.id;
    expectOk(await p.post(`${API}/groups/${groupId}/sessions`, { module: 'keuangan_usaha', session: 1, date: '2026-07-10', attendance: [{ familyId, status: 'hadir' }], roles: ['pelatihan'] }), 201);
    expectOk(await p.post(`${API}/families/${familyId}/compliance/observations`, { memberId: studentId, kind: 'pendidikan', month: '2026-07', observation: { attendancePct: 95 } }), 201);
    const proposal = expectOk(await p.post(`${API}/families/${familyId}/data-updates`, { kind: 'alamat', reason: 'Pindah ke rumah Bu Sumirah', change: { address: 'Jl. Timeline No. 3' } }), 201);
    expectOk(await as(t.app, s['korcam.cimanggis']!).post(`${API}/data-updates/${proposal.id}/confirm`, {}));
    const plan = expectOk(await p.post(`${API}/families/${familyId}/case-plan/goals`, { title: 'Warung Bu Sumirah stabil', tasks: [{ title: 'Ikut pelatihan KUBE' }] }), 201);
    expectOk(await p.patch(`${API}/families/${familyId}/case-plan/tasks/${plan.goals[0].tasks[0].id}`, { done: true }));
    const referral = expectOk(await p.post(`${API}/families/${familyId}/referrals`, { program: 'pbi_jkn', referredOn: '2026-07-05', notes: 'Belum punya KIS' }), 201);
    expectOk(await p.patch(`${API}/families/${familyId}/referrals/${referral.items[0].id}`, { status: 'diterima', outcome: 'KIS terbit', outcomeOn: '2026-07-12' }));
    expectOk(await p.post(`${API}/families/${familyId}/assessments`, { criteriaSet: 'pkh-default', answers: {}, date: '2026-07-08' }), 201);
    expectOk(await p.post(`${API}/families/${familyId}/graduation/transitions`, { to: 'candidate', type: 'sejahtera_mandiri', note: 'Usaha Bu Sumirah berjalan' }));
    // A closed compliance period (2026-Q2, no observations: not compliant) and the sanction it leads to.
    expectOk(await as(t.app, s['korcam.cimanggis']!).post(`${API}/compliance/close`, { period: '2026-Q2' }));
    const sanctions = expectOk(await as(t.app, s['korcam.cimanggis']!).get(`${API}/families/${familyId}/sanctions`));
    if (sanctions.proposal) {
      expectOk(
        await as(t.app, s['korcam.cimanggis']!).post(`${API}/families/${familyId}/sanctions`, { step: sanctions.proposal.step, reasons: sanctions.proposal.requiredReasons, note: 'Sudah dibicarakan dengan Bu Sumirah' }),
        201,
      );
    }
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const timeline = async (u: string, query = '', headers?: Record<string, string>) => expectOk(await api(u).get(`${API}/families/${familyId}/timeline${query}`, headers)) as { items: Event[]; total: number };

  it('merges every kind of event, newest first, each titled in the caller language', async () => {
    const all = await timeline('pendamping01', '?limit=200');
    expect(all.total).toBe(all.items.length);
    const kinds = new Set(all.items.map((e) => e.kind));
    for (const k of ['activity', 'p2k2', 'compliance', 'data_update', 'sanction', 'case_plan', 'referral', 'graduation', 'membership']) expect(kinds, k).toContain(k);
    expect(all.items.find((e) => e.kind === 'sanction')).toMatchObject({ at: '2026-07-15', title: 'Sanksi diputuskan: peringatan', by: 'korcam.cimanggis' });
    // Newest first, ids unique, dates calendar dates.
    const dates = all.items.map((e) => e.at);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(new Set(all.items.map((e) => e.id)).size).toBe(all.items.length);
    for (const e of all.items) expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const activity = all.items.find((e) => e.kind === 'activity')!;
    expect(activity).toMatchObject({ at: '2026-07-01', title: 'Kunjungan rumah · 2 peran Ife', detail: NOTE, by: 'pendamping01' });
    // The session's own P2K2 activity is not listed twice: the session is.
    const p2k2 = all.items.filter((e) => e.kind === 'p2k2');
    expect(p2k2).toHaveLength(1);
    expect(p2k2[0]).toMatchObject({ at: '2026-07-10', link: `/kelompok/${groupId}`, by: 'pendamping01' });
    expect(p2k2[0]!.title).toMatch(/^Pertemuan P2K2 .+, sesi 1: hadir$/);
    expect(all.items.filter((e) => e.kind === 'activity')).toHaveLength(1);

    const referral = all.items.filter((e) => e.kind === 'referral').map((e) => [e.at, e.title]);
    expect(referral).toEqual([
      ['2026-07-12', expect.stringMatching(/^Rujukan ke PBI-JKN.*: diterima$/)],
      ['2026-07-05', expect.stringMatching(/^Dirujuk ke PBI-JKN/)],
    ]);
    const dataUpdates = all.items.filter((e) => e.kind === 'data_update');
    expect(dataUpdates.map((e) => e.title)).toEqual(['Pemutakhiran data disetujui: alamat', 'Usulan pemutakhiran data: alamat']);
    expect(dataUpdates.map((e) => e.by)).toEqual(['korcam.cimanggis', 'pendamping01']);
    expect(all.items.filter((e) => e.kind === 'case_plan').map((e) => e.title).sort()).toEqual(
      ['Tugas rencana kasus ditambahkan', 'Tugas rencana kasus selesai', 'Tujuan rencana kasus dibuat'].sort(),
    );
    const graduation = all.items.filter((e) => e.kind === 'graduation');
    expect(graduation.map((e) => e.at)).toEqual(['2026-07-15', '2026-07-08']);
    expect(graduation[0]).toMatchObject({ title: 'Graduasi sejahtera mandiri: kandidat', detail: 'Usaha Bu Sumirah berjalan', link: `/keluarga/${familyId}/graduasi` });
    expect(graduation[1]!.title).toMatch(/^Asesmen kesiapan graduasi \(Kesiapan Graduasi Sejahtera Mandiri \(sementara\), versi 0\.1\): (siap|belum siap), skor \d{1,3}%$/);
    const compliance = all.items.filter((e) => e.kind === 'compliance');
    expect(compliance.some((e) => /^Verifikasi pendidikan bulan Juli 2026 dicatat \(1 catatan\)$/.test(e.title))).toBe(true);
    expect(compliance.some((e) => /^Periode verifikasi triwulan 2 2026 ditutup: (patuh|tidak patuh)$/.test(e.title))).toBe(true);
    expect(all.items.filter((e) => e.kind === 'membership').length).toBe(memberNames.length);

    const en = await timeline('pendamping01', '?limit=200', { 'accept-language': 'en' });
    expect(en.items.map((e) => e.id)).toEqual(all.items.map((e) => e.id));
    expect(en.items.find((e) => e.kind === 'activity')!.title).toBe("Home visit · 2 of Ife's roles");
    expect(en.items.find((e) => e.kind === 'data_update')!.title).toBe('Data update confirmed: address');
    // The curriculum in the caller's language too (module and session names).
    const meeting = en.items.find((e) => e.kind === 'p2k2')!;
    expect(meeting.title).toMatch(/Household Finance and Business Planning/);
    expect(meeting.detail).toBe("Managing the Family's Money");
  });

  it('pages without overlap and filters by kind', async () => {
    const all = await timeline('pendamping01', '?limit=200');
    const pages: Event[] = [];
    for (let offset = 0; offset < all.total; offset += 4) {
      const page = await timeline('pendamping01', `?limit=4&offset=${offset}`);
      expect(page.total).toBe(all.total);
      expect(page.items.length).toBeLessThanOrEqual(4);
      pages.push(...page.items);
    }
    expect(pages.map((e) => e.id)).toEqual(all.items.map((e) => e.id));
    expect((await timeline('pendamping01', `?limit=4&offset=${all.total}`)).items).toEqual([]);

    const some = await timeline('pendamping01', '?kinds=activity,p2k2&limit=50');
    expect(new Set(some.items.map((e) => e.kind))).toEqual(new Set(['activity', 'p2k2']));
    expect(some.total).toBe(all.items.filter((e) => e.kind === 'activity' || e.kind === 'p2k2').length);
    const repeated = await timeline('pendamping01', '?kinds=referral&kinds=graduation');
    expect(new Set(repeated.items.map((e) => e.kind))).toEqual(new Set(['referral', 'graduation']));
    const err = expectError(await api('pendamping01').get(`${API}/families/${familyId}/timeline?kinds=activity,gossip`), 400);
    expect(Object.keys(err.fields ?? {}).join()).toMatch(/kinds/);
    expectError(await api('pendamping01').get(`${API}/families/${familyId}/timeline?limit=0`), 400);
  });

  it('keeps to scope: another pendamping and an unknown family get 404', async () => {
    expectError(await api('pendamping02').get(`${API}/families/${familyId}/timeline`), 404);
    expectError(await api('pendamping01').get(`${API}/families/0190f2a0-0000-7000-8000-000000000000/timeline`), 404);
    expect((await timeline('korcam.cimanggis')).total).toBeGreaterThan(0);
  });

  it('researchers see what happened, but no notes, names, usernames or members’ joining days (often birth dates)', async () => {
    const own = await timeline('pendamping01', '?limit=200');
    const research = await timeline('peneliti', '?limit=200');
    expect(own.items.some((e) => e.kind === 'membership')).toBe(true);
    expect(research.items.some((e) => e.kind === 'membership')).toBe(false);
    const ownWithoutMembers = own.items.filter((e) => e.kind !== 'membership');
    expect(research.items.map((e) => [e.id, e.kind, e.at, e.title])).toEqual(ownWithoutMembers.map((e) => [e.id, e.kind, e.at, e.title]));
    const body = JSON.stringify(research);
    for (const secret of [NOTE, 'Sumirah', 'Belum punya KIS', 'KIS terbit', 'pendamping01', 'korcam.cimanggis', ...memberNames]) expect(body, secret).not.toContain(secret);
    expect(research.items.every((e) => e.by === undefined)).toBe(true);
  });
});
