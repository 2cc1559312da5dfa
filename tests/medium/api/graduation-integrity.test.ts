/**
 * The graduation workflow's integrity through the API, on both engines (defects found on the demo data):
 * 1. a family that left PKH for another reason is not graduated, and a direct status edit neither makes nor
 *    unmakes a graduation (the web, the API and a phone's sync alike);
 * 2. a decision taken on one case never lands on another (versions restart at 1 on every case);
 * 3. a recorded follow-up visit is never overwritten unseen, nor dated before the exit took effect;
 * 4. the voluntary statement follows an assessment that found the family ready, or an override with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const TODAY = '2026-07-15';
const READY_ANSWERS = {
  pendapatan_stabil: true,
  pendapatan_di_atas_garis: 5_000_000,
  usaha_atau_kerja: true,
  tabungan: true,
  partisipasi_sosial: true,
  anak_bersekolah: true,
  akses_kesehatan: true,
  rumah_layak: true,
  air_sanitasi: true,
  kesediaan_mandiri: true,
};

describe.each(ENGINES)('graduation integrity (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const free: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 130, now: () => new Date(`${TODAY}T03:00:00Z`) });
    for (const u of ['pendamping01', 'korcam.cimanggis', 'korkot.depok', 'peneliti']) s[u] = await loginAs(t.app, u);
    // pendamping01's families in PKH without a graduation case, one per test.
    const rows = await t.ctx.database.db
      .selectFrom('families')
      .innerJoin('users', 'users.id', 'families.pendamping_id')
      .select('families.id')
      .where('families.status', '=', 'aktif')
      .where('users.username', '=', 'pendamping01')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('graduation_cases').select('graduation_cases.id').whereRef('graduation_cases.family_id', '=', 'families.id'))))
      .orderBy('families.id')
      .execute();
    free.push(...rows.map((r) => r.id));
    expect(free.length).toBeGreaterThanOrEqual(12);
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const take = () => free.shift()!;
  const moves = (id: string) => `${API}/families/${id}/graduation/transitions`;
  const graduation = async (id: string, u = 'pendamping01') => expectOk(await api(u).get(`${API}/families/${id}/graduation`));
  const status = async (id: string) => expectOk(await api('korcam.cimanggis').get(`${API}/families/${id}`)).status as string;
  /** An alamiah case taken to `proposed` (no statement needed). */
  const proposed = async (id: string) => {
    expectOk(await api('pendamping01').post(moves(id), { to: 'candidate', type: 'alamiah' }));
    return expectOk(await api('pendamping01').post(moves(id), { to: 'proposed' }));
  };

  describe('1. a family that left PKH is not graduated; a status edit neither graduates nor un-graduates', () => {
    it('keluar ends a proposed case in the same change (audited, with a note that says why); approving it afterwards is 409', async () => {
      const id = take();
      await proposed(id);
      const queue = async () => expectOk(await api('korcam.cimanggis').get(`${API}/graduation/cases?state=proposed&limit=500`)).items.map((c: { familyId: string }) => c.familyId);
      expect(await queue()).toContain(id);
      expectOk(await api('korcam.cimanggis').patch(`${API}/families/${id}`, { status: 'keluar' }));
      expect(await status(id)).toBe('keluar');
      const g = await graduation(id, 'korcam.cimanggis');
      expect(g.state).toBe('rejected');
      expect(g.moves).toEqual([]);
      const last = g.history.at(-1);
      expect(last).toMatchObject({ from: 'proposed', to: 'rejected', by: 'korcam.cimanggis', evidence: { familyStatus: 'keluar' } });
      expect(last.note).toMatch(/keluar dari PKH karena alasan lain/);
      expect(await queue()).not.toContain(id);
      expectError(await api('korcam.cimanggis').post(moves(id), { to: 'approved' }), 409);
      expectError(await api('pendamping01').post(moves(id), { to: 'candidate', type: 'alamiah' }), 409, 'graduation.transition.family_left');
      expect(await status(id)).toBe('keluar');
      const actions = expectOk(await api('korcam.cimanggis').get(`${API}/families/${id}/history?limit=100`)).items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['graduation.rejected']));
    });

    it('a case still open on a family that left (data from before this rule) cannot be approved or exited: 409', async () => {
      const id = take();
      await proposed(id);
      await t.ctx.database.db.updateTable('families').set({ status: 'keluar' }).where('id', '=', id).execute();
      const refused = expectError(await api('korcam.cimanggis').post(moves(id), { to: 'approved' }), 409, 'graduation.transition.family_left');
      expect(refused.message).not.toMatch(/\bkeluar\b(?! dari)/);
      expect((await graduation(id, 'korcam.cimanggis')).moves).toEqual(['rejected']);
      expect(await status(id)).toBe('keluar');
      // The way to end it: rejected, still allowed.
      expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'rejected', note: 'Keluarga pindah ke luar kota' }));
    });

    it('a status edit out of graduasi or into it is refused (409) and points to the workflow; so is keluar while an exit is pending', async () => {
      const id = take();
      await proposed(id);
      expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'approved' }));
      const intoGraduasi = expectError(await api('korcam.cimanggis').patch(`${API}/families/${id}`, { status: 'graduasi' }), 409, 'graduation.status_change.to_graduasi');
      expect(intoGraduasi.message).toMatch(/proses graduasi/);
      // The exit approved for the end of the tahap: the family is still aktif until then.
      const pending = expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'exited' }));
      expect(pending.case.exitEffectiveDate > TODAY).toBe(true);
      const keluar = expectError(await api('korcam.cimanggis').patch(`${API}/families/${id}`, { status: 'keluar' }, { 'accept-language': 'en' }), 409, 'graduation.status_change.exit_pending');
      expect(keluar.message).toMatch(/Re-enter into PKH/);
      expect(await status(id)).toBe('aktif');

      const gone = take();
      await proposed(gone);
      expectOk(await api('korcam.cimanggis').post(moves(gone), { to: 'approved' }));
      expectOk(await api('korcam.cimanggis').post(moves(gone), { to: 'exited', evidence: { effectiveDate: TODAY } }));
      expect(await status(gone)).toBe('graduasi');
      const back = expectError(await api('korcam.cimanggis').patch(`${API}/families/${gone}`, { status: 'aktif' }), 409, 'graduation.status_change.from_graduasi');
      expect(back.message).toMatch(/Masukkan kembali ke PKH/);
      expectError(await api('korcam.cimanggis').patch(`${API}/families/${gone}`, { status: 'keluar' }), 409, 'graduation.status_change.from_graduasi');
      expect(await status(gone)).toBe('graduasi');
      const g = await graduation(gone);
      expect(g.state).toBe('exited');
      expect(g.moves).toEqual(['monitoring']);
      // A status edit that keeps the status (a whole form sent back) is no change.
      expectOk(await api('korcam.cimanggis').patch(`${API}/families/${gone}`, { status: 'graduasi', address: 'Jl. Mawar 2' }));
      // The workflow's way back.
      expectOk(await api('korcam.cimanggis').post(moves(gone), { to: 'reentered', note: 'Kepala keluarga kehilangan pekerjaan' }));
      expect(await status(gone)).toBe('aktif');
    });

    it('a graduated family whose status was set back by an edit (before this rule) is not monitored: its way back is re-entry', async () => {
      const id = take();
      await proposed(id);
      expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'approved' }));
      expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'exited', evidence: { effectiveDate: TODAY } }));
      await t.ctx.database.db.updateTable('families').set({ status: 'aktif' }).where('id', '=', id).execute();
      expect((await graduation(id)).moves).toEqual([]);
      expectError(await api('pendamping01').post(moves(id), { to: 'monitoring' }), 409, 'graduation.transition.family_in_programme');
      expect((await graduation(id, 'korcam.cimanggis')).moves).toEqual(['reentered']);
    });

    it("a phone's step for a family that left, and its proposal to make a family graduasi, are not applied", async () => {
      const id = take();
      expectOk(await api('pendamping01').post(moves(id), { to: 'candidate', type: 'alamiah' }));
      expectOk(await api('korcam.cimanggis').patch(`${API}/families/${id}`, { status: 'keluar' }));
      const device = { 'x-titian-device': uuidv7(), 'x-titian-app-version': '0.9.0' };
      const step = { id: uuidv7(), entity: 'graduation_transition', op: 'create', recordId: uuidv7(), familyId: id, data: { to: 'proposed' } };
      const [r] = expectOk(await api('pendamping01').post(`${API}/sync/push`, { mutations: [step] }, device)).results;
      expect(r.status).toBe('conflict');
      expect((await graduation(id)).state).toBe('rejected');

      const other = take();
      const proposal = { id: uuidv7(), entity: 'data_update', op: 'create', recordId: uuidv7(), familyId: other, data: { kind: 'lainnya', reason: 'Sudah mandiri', change: { status: 'graduasi' } } };
      const [p] = expectOk(await api('pendamping01').post(`${API}/sync/push`, { mutations: [proposal] }, device)).results;
      expect(p.status).not.toBe('applied');
      expect(await status(other)).toBe('aktif');
      const online = expectError(await api('pendamping01').post(`${API}/families/${other}/data-updates`, { kind: 'lainnya', reason: 'Sudah mandiri', change: { status: 'graduasi' } }), 409);
      expect(online.code).toBe('graduation.status_change.to_graduasi');
    });
  });

  describe('2. a stale decision never lands on another case', () => {
    it('an approval read on a rejected proposal is refused on the new proposal of the same version (409); the case id read is checked', async () => {
      const id = take();
      await proposed(id);
      const seen = await graduation(id, 'korkot.depok');
      expect(seen.state).toBe('proposed');
      expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'rejected', note: 'Masih ada anak usia sekolah' }));
      const again = await proposed(id);
      expect(again.case.id).not.toBe(seen.case.id);
      expect(again.case.version).toBe(seen.case.version);
      const stale = expectError(await api('korkot.depok').post(moves(id), { to: 'approved', expectedVersion: seen.case.version, caseId: seen.case.id }), 409, 'graduation.transition.stale_case');
      expect(stale.message).toMatch(/kasus lain/);
      expect((await graduation(id)).state).toBe('proposed');
      // Decided on the case as it is now: accepted.
      expect(expectOk(await api('korkot.depok').post(moves(id), { to: 'approved', expectedVersion: again.case.version, caseId: again.case.id })).state).toBe('approved');
    });

    it("a phone's step names the case it was read from: on another case it is a conflict, not applied", async () => {
      const id = take();
      const first = await proposed(id);
      expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'rejected', note: 'Dinilai ulang' }));
      await proposed(id);
      const device = { 'x-titian-device': uuidv7(), 'x-titian-app-version': '0.9.0' };
      const step = { id: uuidv7(), entity: 'graduation_transition', op: 'create', recordId: uuidv7(), familyId: id, data: { to: 'rejected', note: 'x', caseId: first.case.id, expectedVersion: first.case.version } };
      // A pendamping may not reject; the koordinator's phone would: the case check comes first either way.
      const [r] = expectOk(await api('korcam.cimanggis').post(`${API}/sync/push`, { mutations: [step] }, device)).results;
      expect(r.status).toBe('conflict');
      expect((await graduation(id)).state).toBe('proposed');
    });
  });

  describe('3. a recorded follow-up visit is not overwritten unseen', () => {
    it('a second write without the version read is 409 with the record there; with it, the record is replaced (audited)', async () => {
      const id = take();
      await proposed(id);
      expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'approved' }));
      const exited = expectOk(await api('korcam.cimanggis').post(moves(id), { to: 'exited', evidence: { effectiveDate: TODAY } }));
      const f = exited.followups[0];
      expect(f.version).toBe(1);
      const url = `${API}/families/${id}/graduation/followups/${f.id}`;
      // Not before the exit took effect.
      const early = expectError(await api('pendamping01').post(url, { doneOn: '2026-07-14', outcome: 'stable' }), 422);
      expect(early.fields?.doneOn).toMatch(/setelah keluar dari PKH berlaku \(15 Juli 2026\)/);
      expect((await api('pendamping01').post(url, { doneOn: TODAY, outcome: 'fallen_back', notes: 'Usaha tutup' })).statusCode).toBe(204);
      const res = await api('pendamping01').post(url, { doneOn: TODAY, outcome: 'stable' });
      expect(res.statusCode).toBe(409);
      const body = res.json();
      expect(body.error.code).toBe('graduation.followup.recorded');
      expect(body.error.message).toMatch(/kembali miskin/);
      expect(body.error.message).toMatch(/pendamping01/);
      expect(body.error.message).toMatch(/15 Juli 2026/);
      expect(body.error.messages.en).toMatch(/fallen back/);
      expect(body.existing).toMatchObject({ id: f.id, doneOn: TODAY, outcome: 'fallen_back', notes: 'Usaha tutup', recordedBy: 'pendamping01', version: 2 });
      expect((await graduation(id)).followups.find((x: { id: string }) => x.id === f.id)).toMatchObject({ outcome: 'fallen_back', version: 2 });
      // A version that is no longer the record's: 409 too.
      expect((await api('pendamping01').post(url, { doneOn: TODAY, outcome: 'stable', expectedVersion: 1 })).json().error.code).toBe('graduation.followup.stale');
      expect((await api('pendamping01').post(url, { doneOn: TODAY, outcome: 'stable', notes: 'Usaha buka lagi', expectedVersion: 2 })).statusCode).toBe(204);
      expect((await graduation(id)).followups.find((x: { id: string }) => x.id === f.id)).toMatchObject({ outcome: 'stable', version: 3 });
      const audit = expectOk(await api('korcam.cimanggis').get(`${API}/families/${id}/history?limit=100`)).items.filter((e: { action: string }) => e.action === 'graduation.followup');
      expect(audit.length).toBe(2);
      // A researcher sees the outcome of the record there, not who wrote it or the notes.
      const seen = await api('peneliti').post(url, { doneOn: TODAY, outcome: 'at_risk' });
      expect(seen.statusCode).toBe(403);
    });
  });

  describe('4. the voluntary statement follows an assessment that found the family ready', () => {
    it('over a "not ready" assessment (the voluntary criterion unmet) it is 422 unless overridden with a reason, recorded and shown', async () => {
      const id = take();
      const url = moves(id);
      const a = expectOk(await api('pendamping01').post(`${API}/families/${id}/assessments`, { criteriaSet: 'pkh-default', answers: { ...READY_ANSWERS, kesediaan_mandiri: false } }), 201);
      expect(a.ready).toBe(false);
      expect(a.mandatoryNotMet).toContain('kesediaan_mandiri');
      expectOk(await api('pendamping01').post(url, { to: 'candidate', type: 'sejahtera_mandiri' }));
      // An assessment that finds the family not ready is still an assessment.
      expectOk(await api('pendamping01').post(url, { to: 'assessed', evidence: { assessmentId: a.id } }));
      const refused = expectError(await api('pendamping01').post(url, { to: 'statement_signed', evidence: { statementSignedAt: TODAY } }), 422);
      expect(refused.fields?.['evidence.readinessOverride']).toMatch(/belum siap/);
      expectError(await api('pendamping01').post(url, { to: 'statement_signed', evidence: { statementSignedAt: TODAY, readinessOverride: { reason: '   ' } } }), 422);
      expect((await graduation(id)).state).toBe('assessed');
      const signed = expectOk(await api('pendamping01').post(url, { to: 'statement_signed', evidence: { statementSignedAt: TODAY, readinessOverride: { reason: 'Keluarga sudah punya usaha tetap; kesediaan dinyatakan lisan' } } }));
      expect(signed.history.at(-1).evidence).toMatchObject({ statementSignedAt: TODAY, readinessOverride: { reason: 'Keluarga sudah punya usaha tetap; kesediaan dinyatakan lisan', mandatoryNotMet: ['kesediaan_mandiri'] } });
      // The reason is free text: a researcher learns there was an override, not what it says.
      expect((await graduation(id, 'peneliti')).history.at(-1).evidence.readinessOverride).toMatchObject({ reason: null, mandatoryNotMet: ['kesediaan_mandiri'] });
      const audit = expectOk(await api('korcam.cimanggis').get(`${API}/families/${id}/history?limit=100`)).items.find((e: { action: string }) => e.action === 'graduation.statement_signed');
      expect(JSON.stringify(audit)).toMatch(/kesediaan dinyatakan lisan/);
    });

    it('over a "ready" assessment no override is needed', async () => {
      const id = take();
      const url = moves(id);
      const a = expectOk(await api('pendamping01').post(`${API}/families/${id}/assessments`, { criteriaSet: 'pkh-default', answers: READY_ANSWERS }), 201);
      expect(a.ready).toBe(true);
      expectOk(await api('pendamping01').post(url, { to: 'candidate', type: 'sejahtera_mandiri' }));
      expectOk(await api('pendamping01').post(url, { to: 'assessed', evidence: { assessmentId: a.id } }));
      const signed = expectOk(await api('pendamping01').post(url, { to: 'statement_signed', evidence: { statementSignedAt: TODAY } }));
      expect(signed.state).toBe('statement_signed');
      expect(signed.history.at(-1).evidence.readinessOverride).toBeUndefined();
    });
  });
});
