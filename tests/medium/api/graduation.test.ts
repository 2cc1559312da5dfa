/**
 * Graduation through the API on both engines: criteria sets, assessments (system data filled in), the
 * triggers (a new family listed at once), the workflow with its 403/409/422, exit and the family's status,
 * follow-ups, targets and the pipeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { COMPLIANCE_SNAPSHOT } from '../../../src/server/services/compliance.service';
import { API, expectError, expectOk, kkFor, member, nikFor, UUID } from './helpers';

const TODAY = '2026-07-15';

describe.each(ENGINES)('graduation (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 20, now: () => new Date(`${TODAY}T03:00:00Z`) });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor', 'peneliti', 'admin']) s[u] = await loginAs(t.app, u);
    const families = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?status=aktif&limit=5`)).items;
    familyId = families[0].id;
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  it('lists the bundled criteria sets; an admin adds a newer version, older versions stay', async () => {
    const sets = expectOk(await api('pendamping01').get(`${API}/graduation/criteria-sets`)).items;
    expect(sets.map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(['pkh-default']));
    const pkh = sets.find((x: { code: string }) => x.code === 'pkh-default');
    expectError(await api('pendamping01').post(`${API}/graduation/criteria-sets`, { definition: pkh }), 403);
    expectError(await api('admin').post(`${API}/graduation/criteria-sets`, { definition: pkh }), 409);
    const { revision: _r, source: _s, active: _a, createdAt: _c, ...definition } = pkh;
    // A new version must change something (the same definition under a new label is 409 graduation.set.unchanged).
    expectError(await api('admin').post(`${API}/graduation/criteria-sets`, { definition: { ...definition, version: '0.2' } }), 409, 'graduation.set.unchanged');
    const renamed = { id: `${definition.name.id} (revisi)`, en: `${definition.name.en} (revised)` };
    const added = expectOk(await api('admin').post(`${API}/graduation/criteria-sets`, { definition: { ...definition, version: '0.2', name: renamed } }), 201);
    expect(added).toMatchObject({ code: 'pkh-default', version: '0.2', source: 'admin' });
    const bad = expectError(await api('admin').post(`${API}/graduation/criteria-sets`, { definition: { ...definition, version: '0.3', scoring: { mode: 'n_of_m', n: 99 } } }), 422);
    expect(Object.keys(bad.fields ?? {})).toContain('definition.scoring.n');
    const all = expectOk(await api('admin').get(`${API}/graduation/criteria-sets?all=true`)).items.filter((x: { code: string }) => x.code === 'pkh-default');
    expect(all.map((x: { version: string }) => x.version).sort()).toEqual(['0.1', '0.2']);
  });

  it('scores and stores an assessment that explains itself; wrong answers are 422 with their path', async () => {
    const a = expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/assessments`, {
        criteriaSet: 'pkh-default',
        answers: { pendapatan_stabil: true, pendapatan_di_atas_garis: { value: 900000, evidence: 'self_report', note: 'slip gaji' } },
      }),
      201,
    );
    expect(a.id).toMatch(UUID);
    expect(['ready', 'not_ready']).toContain(a.result);
    expect(a.score).toBeGreaterThanOrEqual(0);
    expect(a.missing.length).toBeGreaterThan(0);
    expect(Array.isArray(a.failing)).toBe(true);
    expect(a.result).toBe('not_ready');
    expect(a.nearestChanges.length).toBeGreaterThan(0);
    const err = expectError(await api('pendamping01').post(`${API}/families/${familyId}/assessments`, { criteriaSet: 'pkh-default', answers: { pendapatan_stabil: 'ya', tidak_ada: true } }), 422);
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['answers.pendapatan_stabil', 'answers.tidak_ada']);
    expectError(await api('pendamping01').post(`${API}/families/${familyId}/assessments`, { criteriaSet: 'tidak-ada', answers: {} }), 422);
    expectError(await api('pendamping02').post(`${API}/families/${familyId}/assessments`, { criteriaSet: 'pkh-default', answers: {} }), 404);
    expectError(await api('auditor').post(`${API}/families/${familyId}/assessments`, { criteriaSet: 'pkh-default', answers: {} }), 403);
    const list = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/assessments`));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: a.id, result: a.result, score: a.score });
  });

  it('previews an assessment as saving it would (the criteria Titian knows filled from its records); the preview stores nothing', async () => {
    const other = expectOk(await api('pendamping01').get(`${API}/families?status=aktif&limit=5`)).items[1].id as string;
    // A closed compliance period in which a child of the family did not attend school.
    await t.ctx.repos.snapshots.freeze(
      COMPLIANCE_SNAPSHOT,
      '2026-Q1',
      [{ subjectId: other, familyId: other, regionCode: null, data: { period: '2026-Q1', status: 'closed', compliant: false, items: [{ kind: 'pendidikan', compliant: false }], notes: [] } }],
      { id: null, username: 'test', role: 'system', ip: null },
      `${TODAY}T03:00:00.000Z`,
    );
    const answers = { pendapatan_stabil: true, pendapatan_di_atas_garis: 5_000_000, usaha_atau_kerja: true, tabungan: true, partisipasi_sosial: true, akses_kesehatan: true, rumah_layak: true, air_sanitasi: true, kesediaan_mandiri: true };
    const before = expectOk(await api('pendamping01').get(`${API}/families/${other}/assessments`)).items.length;
    const preview = expectOk(await api('pendamping01').post(`${API}/families/${other}/assessments/preview`, { criteriaSet: 'pkh-default', answers }));
    // The stateless scoring does not know the family: there the criterion is unanswered, here it failed.
    const stateless = expectOk(await api('pendamping01').post(`${API}/rules/readiness`, { criteriaSet: 'pkh-default', answers, kabKotaCode: '32.76' }));
    expect(preview.filled).toEqual(['anak_bersekolah']);
    expect(preview.mandatoryNotMet).toContain('anak_bersekolah');
    expect(preview.ready).toBe(false);
    expect(preview.explanation.map((e: { code: string }) => e.code)).toContain('graduation.answer.from_records');
    expect(stateless.missing).toContain('anak_bersekolah');
    expect(stateless.filled).toBeUndefined();
    expect(preview.missing).not.toContain('anak_bersekolah');
    expect(preview.failing).toContain('anak_bersekolah');
    expect(expectOk(await api('pendamping01').get(`${API}/families/${other}/assessments`)).items).toHaveLength(before);
    // Saving the same answers gives the preview's verdict.
    const saved = expectOk(await api('pendamping01').post(`${API}/families/${other}/assessments`, { criteriaSet: 'pkh-default', answers }), 201);
    expect({ result: saved.result, score: saved.score, ready: saved.ready, filled: saved.filled, mandatoryNotMet: saved.mandatoryNotMet, explanation: saved.explanation }).toEqual({
      result: preview.result,
      score: preview.score,
      ready: preview.ready,
      filled: preview.filled,
      mandatoryNotMet: preview.mandatoryNotMet,
      explanation: preview.explanation,
    });
    // An answer given overrides the records, in the preview as in the saving.
    const overridden = expectOk(await api('pendamping01').post(`${API}/families/${other}/assessments/preview`, { criteriaSet: 'pkh-default', answers: { ...answers, anak_bersekolah: true } }));
    expect(overridden.filled).toEqual([]);
    expect(overridden.mandatoryNotMet).not.toContain('anak_bersekolah');
    // The same checks as saving: scope, role, answers.
    expectError(await api('pendamping02').post(`${API}/families/${other}/assessments/preview`, { criteriaSet: 'pkh-default', answers }), 404);
    expectError(await api('auditor').post(`${API}/families/${other}/assessments/preview`, { criteriaSet: 'pkh-default', answers }), 403);
    const bad = expectError(await api('pendamping01').post(`${API}/families/${other}/assessments/preview`, { criteriaSet: 'pkh-default', answers: { pendapatan_stabil: 'ya' } }), 422);
    expect(Object.keys(bad.fields ?? {})).toEqual(['answers.pendapatan_stabil']);
  });

  it('a new family with no eligible component is a candidate for alamiah at once', async () => {
    const created = expectOk(
      await api('pendamping01').post(`${API}/families`, {
        kkNumber: kkFor(),
        kelurahanCode: '32.76.02.1009',
        address: 'Jl. Contoh 1',
        rt: '1',
        rw: '2',
        joinedYear: 2020,
        decile: 3,
        members: [
          member({ name: 'Budi Santoso', nik: nikFor('1980-03-04', 'L'), relation: 'kepala_keluarga', sex: 'L', birthDate: '1980-03-04' }),
          member({ name: 'Sari Wulandari', nik: nikFor('1982-05-06', 'P'), relation: 'istri', sex: 'P', birthDate: '1982-05-06', caretaker: true }),
        ],
      }),
      201,
    );
    const page = expectOk(await api('pendamping01').get(`${API}/graduation/candidates?type=alamiah&limit=100`));
    const mine = page.items.filter((c: { familyId: string }) => c.familyId === created.id);
    // How many families the candidacies concern (a family is listed once per trigger).
    const everything = expectOk(await api('pendamping01').get(`${API}/graduation/candidates?limit=500`));
    expect(everything.items).toHaveLength(everything.total);
    expect(everything.families).toBe(new Set(everything.items.map((c: { familyId: string }) => c.familyId)).size);
    expect(mine.map((c: { reasonCode: string }) => c.reasonCode)).toContain('graduation.trigger.no_component');
    expect(mine[0].reason.length).toBeGreaterThan(10);
    expect(page.total).toBeGreaterThanOrEqual(1);
    // Another pendamping does not see it; English on request.
    const other = expectOk(await api('pendamping02').get(`${API}/graduation/candidates?limit=100`));
    expect(other.items.some((c: { familyId: string }) => c.familyId === created.id)).toBe(false);
    const en = expectOk(await api('pendamping01').get(`${API}/graduation/candidates?type=alamiah&limit=100`, { 'accept-language': 'en' }));
    expect(en.items.find((c: { familyId: string }) => c.familyId === created.id).reason).not.toBe(mine[0].reason);
    // `?lang=en` too, on a route whose query schema does not name `lang`, and over the Accept-Language.
    const asked = expectOk(await api('pendamping01').get(`${API}/graduation/candidates?type=alamiah&limit=100&lang=en`, { 'accept-language': 'id' }));
    expect(asked.items.find((c: { familyId: string }) => c.familyId === created.id).reason).toBe(en.items.find((c: { familyId: string }) => c.familyId === created.id).reason);
  });

  it('walks the workflow: 409 for illegal moves, 403 for wrong roles, 422 for missing evidence; exit makes the family graduasi', async () => {
    const url = `${API}/families/${familyId}/graduation`;
    // The family is in a P2K2 group: it leaves it on its exit date.
    const detail = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    const group = expectOk(await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Melati', kelurahanCode: detail.kelurahanCode, familyIds: [familyId], startDate: '2026-01-05' }), 201);
    expect(expectOk(await api('pendamping01').get(url))).toMatchObject({ state: null, history: [] });
    expectError(await api('pendamping01').post(`${url}/transitions`, { to: 'approved' }), 409);
    expectError(await api('korcam.cimanggis').post(`${url}/transitions`, { to: 'candidate', type: 'sejahtera_mandiri' }), 403);
    expectOk(await api('pendamping01').post(`${url}/transitions`, { to: 'candidate', type: 'sejahtera_mandiri', note: 'Usaha warung berjalan' }));
    expectError(await api('pendamping01').post(`${url}/transitions`, { to: 'proposed' }), 409);
    expectError(await api('pendamping01').post(`${url}/transitions`, { to: 'assessed' }), 422);
    expectError(await api('pendamping01').post(`${url}/transitions`, { to: 'assessed', evidence: { assessmentId: '0190a000-0000-7000-8000-000000000099' } }), 422);
    const assessmentId = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/assessments`)).items[0].id;
    expectOk(await api('pendamping01').post(`${url}/transitions`, { to: 'assessed', evidence: { assessmentId } }));
    expectError(await api('pendamping01').post(`${url}/transitions`, { to: 'statement_signed', evidence: { statementSignedAt: '2026-08-01' } }), 422);
    // Not before the assessment the case rests on.
    const early = expectError(await api('pendamping01').post(`${url}/transitions`, { to: 'statement_signed', evidence: { statementSignedAt: '2000-01-01' } }), 422);
    expect(early.fields?.['evidence.statementSignedAt']).toMatch(/^Surat pernyataan tidak mungkin ditandatangani \(1 Januari 2000\) sebelum asesmen yang dipakai kasus ini \(\d{1,2} \w+ \d{4}\)\.$/);
    // The assessment found the family not ready: the statement is recorded only as an exception, with its reason.
    expectError(await api('pendamping01').post(`${url}/transitions`, { to: 'statement_signed', evidence: { statementSignedAt: TODAY } }), 422);
    expectOk(await api('pendamping01').post(`${url}/transitions`, { to: 'statement_signed', evidence: { statementSignedAt: TODAY, readinessOverride: { reason: 'Usaha warung stabil; dinilai ulang' } } }));
    expectOk(await api('pendamping01').post(`${url}/transitions`, { to: 'proposed' }));
    expectError(await api('pendamping01').post(`${url}/transitions`, { to: 'approved' }), 403);
    expectError(await api('auditor').post(`${url}/transitions`, { to: 'approved' }), 403);
    expectError(await api('korcam.cimanggis').post(`${url}/transitions`, { to: 'rejected' }), 422);
    const approved = expectOk(await api('korcam.cimanggis').post(`${url}/transitions`, { to: 'approved', note: 'Layak' }));
    expect(approved).toMatchObject({ state: 'approved', type: 'sejahtera_mandiri' });
    expectError(await api('korcam.cimanggis').post(`${url}/transitions`, { to: 'exited', evidence: { effectiveDate: '2026-07-01' } }), 422);
    const late = expectError(await api('korcam.cimanggis').post(`${url}/transitions`, { to: 'exited', evidence: { effectiveDate: '2030-01-01' } }, { 'accept-language': 'en' }), 422);
    expect(late.fields?.['evidence.effectiveDate']).toBe('The exit date 1 January 2030 is too far ahead: 15 July 2027 at the latest (a year from today).');
    const exited = expectOk(await api('korcam.cimanggis').post(`${url}/transitions`, { to: 'exited', evidence: { effectiveDate: TODAY } }));
    expect(exited.state).toBe('exited');
    expect(exited.followups.map((f: { dueDate: string }) => f.dueDate)).toEqual(['2026-10-15', '2027-01-15', '2027-07-15']);
    expect(exited.history.map((h: { to: string }) => h.to)).toEqual(['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'exited']);
    expect(exited.history[0]).toMatchObject({ from: null, by: 'pendamping01' });
    const family = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    expect(family.status).toBe('graduasi');
    const membership = expectOk(await api('pendamping01').get(`${API}/groups/${group.id}`)).members.find((m: { familyId: string }) => m.familyId === familyId);
    expect(membership).toMatchObject({ endDate: TODAY, current: false });
    // The researcher sees states but not who or why.
    const seen = expectOk(await api('peneliti').get(url));
    expect(seen.state).toBe('exited');
    expect(seen.history[0].by).toBeNull();
    // Monitoring, a follow-up, then closed.
    expectOk(await api('pendamping01').post(`${url}/transitions`, { to: 'monitoring' }));
    const followupId = exited.followups[0].id;
    const r = await api('pendamping01').post(`${url}/followups/${followupId}`, { doneOn: TODAY, outcome: 'stable', notes: 'Usaha tetap jalan' });
    expect(r.statusCode).toBe(204);
    // What was said at the visit is free text: the pendamping reads it, the researcher does not.
    const withNotes = expectOk(await api('pendamping01').get(url)).followups.find((f: { id: string }) => f.id === followupId);
    expect(withNotes).toMatchObject({ outcome: 'stable', notes: 'Usaha tetap jalan' });
    const redacted = expectOk(await api('peneliti').get(url)).followups.find((f: { id: string }) => f.id === followupId);
    expect(redacted).toMatchObject({ outcome: 'stable', notes: null });
    expectOk(await api('pendamping01').post(`${url}/transitions`, { to: 'closed' }));
    expectError(await api('pendamping01').post(`${url}/transitions`, { to: 'candidate' }), 409);
    const actions = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/history?limit=100`)).items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['graduation.candidate', 'graduation.approved', 'graduation.exited', 'family.status', 'assessment.create', 'graduation.followup']));
  });

  it('an exit dated at the end of the tahap leaves the family aktif until that day', async () => {
    const families = expectOk(await api('pendamping01').get(`${API}/families?status=aktif&limit=5`)).items;
    const id = families.find((f: { id: string }) => f.id !== familyId).id;
    const url = `${API}/families/${id}/graduation/transitions`;
    expectOk(await api('pendamping01').post(url, { to: 'candidate', type: 'alamiah' }));
    expectOk(await api('pendamping01').post(url, { to: 'proposed' }));
    const exited = expectOk(await api('korcam.cimanggis').post(url, { to: 'approved' }));
    expect(exited.state).toBe('approved');
    const out = expectOk(await api('korcam.cimanggis').post(url, { to: 'exited' }));
    expect(out.case.exitEffectiveDate > TODAY).toBe(true);
    expect(expectOk(await api('pendamping01').get(`${API}/families/${id}`)).status).toBe('aktif');
    // Still in PKH until then: monitoring is neither offered nor accepted, nor a follow-up visit dated before the exit.
    const before = expectOk(await api('pendamping01').get(`${API}/families/${id}/graduation`));
    expect(before.moves).not.toContain('monitoring');
    expectError(await api('pendamping01').post(url, { to: 'monitoring' }), 409, 'graduation.transition.exit_not_yet');
    const visit = expectError(await api('pendamping01').post(`${API}/families/${id}/graduation/followups/${before.followups[0].id}`, { doneOn: TODAY, outcome: 'stable' }), 422);
    expect(visit.fields?.doneOn).toMatch(/setelah keluar dari PKH berlaku/);
    // Rejection needs a reason and opens the way back to candidate.
    const other = families.filter((f: { id: string }) => f.id !== familyId && f.id !== id)[0].id;
    const u2 = `${API}/families/${other}/graduation/transitions`;
    expectOk(await api('pendamping01').post(u2, { to: 'candidate', type: 'alamiah' }));
    expectOk(await api('pendamping01').post(u2, { to: 'proposed' }));
    expectOk(await api('korcam.cimanggis').post(u2, { to: 'rejected', note: 'Masih ada anak usia sekolah' }));
    const again = expectOk(await api('pendamping01').post(u2, { to: 'candidate', type: 'sejahtera_mandiri' }));
    expect(again.history.map((h: { to: string }) => h.to)).toEqual(['candidate', 'proposed', 'rejected', 'candidate']);
  });

  it('a re-entry keeps an exit that took effect counted in its month, and clears one that had not taken effect', async () => {
    // Two aktif families with no open case, of a pendamping logged in here.
    const db = t.ctx.database.db;
    const free = await db
      .selectFrom('families')
      .innerJoin('users', 'users.id', 'families.pendamping_id')
      .select(['families.id', 'users.username'])
      .where('families.status', '=', 'aktif')
      .where('users.username', 'in', ['pendamping01', 'pendamping02'])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('graduation_cases').select('graduation_cases.id').whereRef('graduation_cases.family_id', '=', 'families.id').where('graduation_cases.open', '=', 1))))
      .orderBy('families.id')
      .limit(2)
      .execute();
    expect(free).toHaveLength(2);
    const [left, stayed] = free;
    const walk = async (f: { id: string; username: string }, exit: Record<string, unknown>) => {
      const url = `${API}/families/${f.id}/graduation/transitions`;
      expectOk(await api(f.username).post(url, { to: 'candidate', type: 'alamiah' }));
      expectOk(await api(f.username).post(url, { to: 'proposed' }));
      expectOk(await api('korcam.cimanggis').post(url, { to: 'approved' }));
      expectOk(await api('korcam.cimanggis').post(url, { to: 'exited', ...exit }));
      return url;
    };
    const graduations = async () => expectOk(await api('korcam.cimanggis').get(`${API}/dashboard/summary`)).graduationsByType.alamiah as number;
    const before = await graduations();
    const url = await walk(left!, { evidence: { effectiveDate: TODAY } });
    expect(await graduations()).toBe(before + 1);
    const back = expectOk(await api('korcam.cimanggis').post(url, { to: 'reentered', note: 'Kepala keluarga kehilangan pekerjaan' }));
    expect(back).toMatchObject({ state: 'reentered', case: { exitEffectiveDate: TODAY } });
    expect(expectOk(await api('pendamping01').get(`${API}/families/${left!.id}`)).status).toBe('aktif');
    // The family did leave that day: this month's graduations do not shrink.
    expect(await graduations()).toBe(before + 1);

    // An exit dated later (the end of the tahap), taken back before that day: the family never left.
    const later = await walk(stayed!, {});
    const undone = expectOk(await api('korcam.cimanggis').post(later, { to: 'reentered', note: 'Keputusan dibatalkan' }));
    expect(undone.case.exitEffectiveDate).toBeNull();
  });

  it('pipeline per pendamping with targets; coordinators set targets', async () => {
    expectError(await api('pendamping01').put(`${API}/graduation/targets`, { pendamping: 'pendamping01', year: 2026, target: 12 }), 403);
    expectOk(await api('korcam.cimanggis').put(`${API}/graduation/targets`, { pendamping: 'pendamping01', year: 2026, target: 12 }));
    expectError(await api('korcam.cimanggis').put(`${API}/graduation/targets`, { pendamping: 'tidak.ada', year: 2026, target: 12 }), 422);
    // Out-of-range and wrong values say what is wanted, in the caller's language (not the validator's words).
    const field = async (target: unknown, lang = 'id') =>
      expectError(await api('korcam.cimanggis').put(`${API}/graduation/targets?lang=${lang}`, { pendamping: 'pendamping01', year: 2026, target }), 400).fields?.target;
    expect(await field(2.5)).toBe('Harus bilangan bulat.');
    expect(await field(-3)).toBe('Paling kecil 0.');
    expect(await field(9999)).toBe('Paling besar 500.');
    expect(await field(9999, 'en')).toBe('At most 500.');
    expect(await field('5', 'en')).toBe('Must be a number.');
    expect(await field(null)).toBe('Wajib diisi.');
    const p = expectOk(await api('korcam.cimanggis').get(`${API}/graduation/pipeline?by=pendamping&year=2026`));
    const row = p.items.find((i: { key: string }) => i.key === 'pendamping01');
    expect(row.target).toBe(12);
    expect(row.graduatedSejahteraMandiri).toBe(1);
    // An exit approved for later in the year has not happened yet: not counted toward the target (as on the
    // dashboard) until its day.
    const db = t.ctx.database.db;
    const other = await db
      .selectFrom('families')
      .innerJoin('users', 'users.id', 'families.pendamping_id')
      .select('families.id')
      .where('users.username', 'in', ['pendamping01', 'pendamping02'])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('graduation_cases').select('graduation_cases.id').whereRef('graduation_cases.family_id', '=', 'families.id'))))
      .orderBy('users.username')
      .executeTakeFirstOrThrow();
    const at = `${TODAY}T03:00:00.000Z`;
    await db
      .insertInto('graduation_cases')
      .values({ id: '01900000-0000-7000-8000-0000000000bb', family_id: other.id, type: 'sejahtera_mandiri', state: 'exited', open: 1, opened_at: at, state_at: at, assessment_id: null, statement_signed_at: null, document_id: null, approved_at: at, approved_by: null, exit_effective_date: '2026-12-31', exit_applied: 0, closed_at: null, version: 1, created_at: at, updated_at: at, updated_by: null, deleted_at: null } as never)
      .execute();
    const count = async () => (expectOk(await api('korcam.cimanggis').get(`${API}/graduation/pipeline?by=pendamping&year=2026`)).items as Array<{ key: string; graduatedSejahteraMandiri: number }>).reduce((n, i) => n + i.graduatedSejahteraMandiri, 0);
    const before = await count();
    await db.updateTable('graduation_cases').set({ exit_effective_date: TODAY }).where('id', '=', '01900000-0000-7000-8000-0000000000bb').execute();
    expect(await count()).toBe(before + 1);
    // A deleted family's exit, or a deleted case, is not counted (as the dashboard counts graduations).
    await db.updateTable('families').set({ deleted_at: at }).where('id', '=', other.id).execute();
    expect(await count()).toBe(before);
    await db.updateTable('families').set({ deleted_at: null }).where('id', '=', other.id).execute();
    await db.updateTable('graduation_cases').set({ deleted_at: at }).where('id', '=', '01900000-0000-7000-8000-0000000000bb').execute();
    expect(await count()).toBe(before);
    await db.updateTable('graduation_cases').set({ deleted_at: null }).where('id', '=', '01900000-0000-7000-8000-0000000000bb').execute();
    expect(await count()).toBe(before + 1);
    await db.updateTable('graduation_cases').set({ exit_effective_date: '2026-12-31' }).where('id', '=', '01900000-0000-7000-8000-0000000000bb').execute();
    expect(await count()).toBe(before);
    await db.deleteFrom('graduation_cases').where('id', '=', '01900000-0000-7000-8000-0000000000bb').execute();
    expect(row.states).toMatchObject({ closed: 1 });
    const own = expectOk(await api('pendamping02').get(`${API}/graduation/pipeline?by=pendamping&year=2026`));
    expect(own.items.every((i: { key: string }) => i.key === 'pendamping02')).toBe(true);
  });
});
