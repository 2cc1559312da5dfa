/**
 * A month that already has an observation is never replaced unasked (docs/api.md, compliance observations):
 * a second record without `replaces` is a 409 with the observation there now (value, who, when, version) and
 * a bilingual message naming the month and the check; with the version it showed it is replaced, keeping
 * its id, and the audit entry keeps the value replaced; a version that is no longer the observation's is a
 * 409 again. The family's result lists the observations with their versions, for the form to show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, json } from './helpers';

describe.each(ENGINES)('compliance: replacing an observation only on purpose (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId: string;
  let memberId: string;
  /** The version of the first record (visits 1), as pendamping01's form got it. */
  let firstVersion: string;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis', 'peneliti']) s[u] = await loginAs(t.app, u);
    const list = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=20&status=aktif`)).items as Array<{ id: string }>;
    familyId = list[0]!.id;
    memberId = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families/${familyId}`)).members[0].id;
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const url = () => `${API}/families/${familyId}/compliance/observations`;
  const posyandu = (visits: number, extra: Record<string, unknown> = {}) => ({ memberId, kind: 'kesehatan', sub: 'posyandu', month: '2026-02', observation: { visits }, ...extra });
  const stored = () =>
    t.ctx.database.db.selectFrom('compliance_observations').select(['id', 'data', 'recorded_by']).where('person_id', '=', memberId).where('kind', '=', 'kesehatan').where('sub', '=', 'posyandu').where('month', '=', '2026-02').execute();
  const audits = () =>
    t.ctx.database.db.selectFrom('audit_log').select(['seq', 'before_data', 'after_data', 'actor_username']).where('action', '=', 'compliance.observe').where('family_id', '=', familyId).orderBy('seq').execute();
  const shown = async (u = 'pendamping01') =>
    (expectOk(await api(u).get(`${API}/families/${familyId}/compliance?period=2026-Q1`)).observations as Array<Record<string, unknown>>).filter((o) => o.memberId === memberId && o.sub === 'posyandu');

  it('a second record of the month without replaces is a 409 with the existing one; nothing is written', async () => {
    expectOk(await api('pendamping01').post(url(), posyandu(1)), 201);
    const [first] = await shown();
    expect(first).toMatchObject({ kind: 'kesehatan', sub: 'posyandu', month: '2026-02', observation: { visits: 1 }, source: 'manual', recordedBy: 'pendamping01' });
    expect(first!.version).toMatch(/^[0-9a-f]{20}$/);
    firstVersion = first!.version as string;
    expect(typeof first!.recordedAt).toBe('string');
    const auditsBefore = (await audits()).length;

    // A colleague (the koordinator) records the same month without having seen it.
    const res = await api('korcam.cimanggis').post(url(), posyandu(2));
    const e = expectError(res, 409, 'compliance_observation_exists');
    const body = json(res);
    expect(body.existing).toMatchObject({ id: first!.id, observation: { visits: 1 }, recordedBy: 'pendamping01', version: first!.version, month: '2026-02', sub: 'posyandu' });
    // The message names the month and the check, in both languages, and no NIK.
    expect(e.message).toMatch(/Februari 2026/);
    expect(e.message).toMatch(/kunjungan posyandu/);
    expect(e.message).toMatch(/pendamping01/);
    expect(e.message).toMatch(/Ganti catatan/);
    expect(body.error.messages.en).toMatch(/February 2026 already has a posyandu visit record/);
    expect(body.error.messages.en).toMatch(/15 July 2026/);
    expect(res.body).not.toMatch(/\d{16}/);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.data)).toEqual({ visits: 1 });
    expect((await audits()).length).toBe(auditsBefore);

    // The same value again is no conflict and writes nothing (a retried save).
    expectOk(await api('korcam.cimanggis').post(url(), posyandu(1)), 201);
    expect((await audits()).length).toBe(auditsBefore);
  });

  it('with the version it showed, the record is replaced (same id) and audited with the value it had', async () => {
    const [before] = await shown();
    const r = expectOk(await api('korcam.cimanggis').post(url(), posyandu(2, { replaces: before!.version })), 201);
    expect(r.period).toBe('2026-Q1');
    const [after] = (r.observations as Array<Record<string, unknown>>).filter((o) => o.memberId === memberId && o.sub === 'posyandu');
    expect(after).toMatchObject({ id: before!.id, observation: { visits: 2 }, recordedBy: 'korcam.cimanggis' });
    expect(after!.version).not.toBe(before!.version);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(before!.id);
    expect(JSON.parse(rows[0]!.data)).toEqual({ visits: 2 });
    // The replaced value stays in the family's audit trail.
    const last = (await audits()).at(-1)!;
    expect(last.actor_username).toBe('korcam.cimanggis');
    const auditBefore = JSON.parse(last.before_data!);
    const pendamping = await t.ctx.database.db.selectFrom('users').select('id').where('username', '=', 'pendamping01').executeTakeFirstOrThrow();
    expect(auditBefore.replaced).toEqual([
      expect.objectContaining({ personId: memberId, kind: 'kesehatan', sub: 'posyandu', month: '2026-02', id: before!.id, data: { visits: 1 }, source: 'manual', recordedBy: pendamping.id, recordedAt: before!.recordedAt }),
    ]);
    expect(JSON.parse(last.after_data!).changes).toEqual([expect.objectContaining({ month: '2026-02', outcome: 'updated', data: { visits: 2 } })]);
  });

  it('a stale version (replaced meanwhile) is a 409 with the record as it is now; nothing is written', async () => {
    const [now] = await shown();
    const auditsBefore = (await audits()).length;
    // pendamping01's form still holds the version of the first record (visits 1), from before the koordinator replaced it.
    expect(now!.version).not.toBe(firstVersion);
    const res = await api('pendamping01').post(url(), posyandu(3, { replaces: firstVersion }));
    const e = expectError(res, 409, 'compliance_observation_stale');
    expect(e.message).toMatch(/kunjungan posyandu Februari 2026/);
    expect(e.message).toMatch(/korcam\.cimanggis/);
    expect(json(res).existing).toMatchObject({ observation: { visits: 2 }, version: now!.version, recordedBy: 'korcam.cimanggis' });
    expect(JSON.parse((await stored())[0]!.data)).toEqual({ visits: 2 });
    expect((await audits()).length).toBe(auditsBefore);
    // Two people replacing the same version: the first wins, the second is told (a version that never was, too).
    const [current] = await shown();
    expectOk(await api('pendamping01').post(url(), posyandu(4, { replaces: current!.version })), 201);
    expectError(await api('korcam.cimanggis').post(url(), posyandu(5, { replaces: current!.version })), 409, 'compliance_observation_stale');
    expectError(await api('korcam.cimanggis').post(url(), posyandu(5, { replaces: 'ffffffffffffffffffff' })), 409, 'compliance_observation_stale');
    expect(JSON.parse((await stored())[0]!.data)).toEqual({ visits: 4 });
    // A malformed version is a 400 naming the field.
    const bad = expectError(await api('pendamping01').post(url(), posyandu(6, { replaces: 'not-a-version' })), 400);
    expect(bad.fields?.replaces).toMatch(/versi/i);
  });

  it('a VERKOM import still replaces the months it carries, as documented, and the audit keeps what it replaced', async () => {
    // A pupil of pendamping01's caseload with a NIK, as the school's form names them.
    let pupil: { familyId: string; memberId: string; nik: string; name: string } | undefined;
    const list = expectOk(await api('pendamping01').get(`${API}/families?limit=40&status=aktif`)).items as Array<{ id: string }>;
    for (const f of list) {
      const d = expectOk(await api('pendamping01').get(`${API}/families/${f.id}`));
      const m = d.members.find((x: { schoolLevel: string; nik: string | null; component: string }) => x.schoolLevel === 'sd' && x.nik && x.component === 'sd');
      if (m) {
        pupil = { familyId: f.id, memberId: m.id, nik: m.nik, name: m.name };
        break;
      }
    }
    expect(pupil).toBeDefined();
    expectOk(await api('pendamping01').post(`${API}/families/${pupil!.familyId}/compliance/observations`, { memberId: pupil!.memberId, kind: 'pendidikan', month: '2026-04', observation: { attendancePct: 50 } }), 201);
    const header1 = ['NO', 'NIK PENGURUS', 'NAMA PENGURUS', 'NIK SISWA', 'NISN', 'NAMA SISWA', 'BENTUK PENDIDIKAN', 'TINGKAT PENDIDIKAN', 'APRIL', '', '', '', '', 'MEI', '', '', '', '', 'JUNI', '', '', '', '', 'KET', 'NAMA PENDAMPING'];
    const header2 = ['', '', '', '', '', '', '', '', ...Array(3).fill(['ALPA', 'IZIN', 'SAKIT', 'JML', 'PERSEN']).flat(), '', ''];
    const row = ['1', '', 'IBU', `'${pupil!.nik}`, '', pupil!.name.toUpperCase(), 'SD', 'Kelas 3', ...['95', '90', '90'].flatMap((p) => ['0', '0', '0', '0', p]), '', 'PENDAMPING'].join(';');
    const pad = (x: string) => `${x}${';'.repeat(24)}`;
    const file = `\ufeffsep=;\r\n${[pad('FORM VERIFIKASI KOMITMEN PENDIDIKAN'), pad('NPSN : 20212345'), pad('Nama Sekolah : SD NEGERI UJI 1'), header1.join(';'), header2.join(';'), row].join('\r\n')}\r\n`;
    const res = await t.app.inject({ method: 'POST', url: `${API}/compliance/verkom?period=2026-Q2`, payload: file, headers: { cookie: s.pendamping01!.cookie, 'x-csrf-token': s.pendamping01!.csrf, 'content-type': 'text/csv' } });
    // One row: April replaced (May and June new, so the row counts as created), without asking.
    expect(expectOk(res)).toMatchObject({ created: 1, unmatched: 0, refused: 0 });
    const april = await t.ctx.repos.compliance.current({ personId: pupil!.memberId, kind: 'pendidikan', sub: '', month: '2026-04' });
    expect(april).toMatchObject({ source: 'verkom', data: expect.objectContaining({ attendancePct: 95 }) });
    const last = await t.ctx.database.db
      .selectFrom('audit_log')
      .select(['before_data', 'after_data'])
      .where('action', '=', 'compliance.observe')
      .where('family_id', '=', pupil!.familyId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(last.after_data!).source).toBe('verkom');
    expect(JSON.parse(last.before_data!).replaced).toEqual([expect.objectContaining({ personId: pupil!.memberId, kind: 'pendidikan', month: '2026-04', data: { attendancePct: 50 }, source: 'manual' })]);
  });

  it('a researcher sees the observations without who recorded them', async () => {
    const [o] = await shown('peneliti');
    expect(o).toMatchObject({ observation: { visits: 4 }, recordedBy: null });
  });
});
