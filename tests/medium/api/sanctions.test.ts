/** Sanctions through the API: only after a non-compliant closed period, one step at a time, with reasons; suspension shows in the entitlement. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const MONTHS: Record<string, string[]> = { '2026-Q1': ['JANUARI', 'FEBRUARI', 'MARET'], '2026-Q2': ['APRIL', 'MEI', 'JUNI'] };

/** A one-student VERKOM form for a quarter, with the same attendance every month. */
function verkom(period: string, nik: string, pct: string): string {
  const [a, b, c] = MONTHS[period]!;
  const header1 = ['NO', 'NIK PENGURUS', 'NAMA PENGURUS', 'NIK SISWA', 'NISN', 'NAMA SISWA', 'BENTUK PENDIDIKAN', 'TINGKAT PENDIDIKAN', a, '', '', '', '', b, '', '', '', '', c, '', '', '', '', 'KET', 'NAMA PENDAMPING'];
  const header2 = ['', '', '', '', '', '', '', '', ...Array(3).fill(['ALPA', 'IZIN', 'SAKIT', 'JML', 'PERSEN']).flat(), '', ''];
  const row = ['1', '', 'IBU', `'${nik}`, '', 'SISWA', 'SD', 'Kelas 3', ...[pct, pct, pct].flatMap((p) => ['5', '0', '0', '5', p]), '', 'PENDAMPING'];
  const pad = (t: string) => `${t}${';'.repeat(24)}`;
  return [pad('FORM VERIFIKASI KOMITMEN PENDIDIKAN'), pad('NPSN : 20212345'), pad('Nama Sekolah : SD NEGERI UJI 1'), header1.join(';'), header2.join(';'), row.join(';')].join('\n');
}

describe.each(ENGINES)('sanctions (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 20, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
    // A family with a school child whose attendance stays below the threshold in Q1 and Q2.
    const list = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=100&status=aktif`)).items;
    let nik = '';
    for (const f of list) {
      const d = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families/${f.id}`));
      const child = d.members.find((m: { component: string; nik: string | null }) => m.component === 'sd' && m.nik);
      if (child) {
        familyId = f.id;
        nik = child.nik;
        break;
      }
    }
    for (const period of ['2026-Q1', '2026-Q2']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${API}/compliance/verkom?period=${period}`,
        payload: verkom(period, nik, '50'),
        headers: { cookie: s.pendamping01!.cookie, 'x-csrf-token': s.pendamping01!.csrf, 'content-type': 'text/csv' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  it('nothing is due before a period is closed, and nothing can be decided then', async () => {
    const r = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/sanctions`));
    expect(r).toMatchObject({ items: [], proposal: null });
    expect(r.reason.length).toBeGreaterThan(0);
    expectError(await api('korcam.cimanggis').post(`${API}/families/${familyId}/sanctions`, { step: 'peringatan', reasons: [] }), 422);
  });

  it('a closed non-compliant period proposes a warning; it is decided with its reasons, by a koordinator only', async () => {
    expectOk(await api('korcam.cimanggis').post(`${API}/compliance/close`, { period: '2026-Q1' }));
    const compliance = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/compliance?period=2026-Q1`));
    expect(compliance).toMatchObject({ status: 'closed', compliant: false });
    const r = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/sanctions`));
    expect(r.proposal).toMatchObject({ step: 'peringatan', basedOnPeriods: ['2026-Q1'] });
    expectError(await api('pendamping01').post(`${API}/families/${familyId}/sanctions`, { step: 'peringatan', reasons: r.proposal.requiredReasons }), 403);
    expectError(await api('korcam.cimanggis').post(`${API}/families/${familyId}/sanctions`, { step: 'penangguhan', reasons: r.proposal.requiredReasons }), 422);
    const missing = expectError(await api('korcam.cimanggis').post(`${API}/families/${familyId}/sanctions`, { step: 'peringatan', reasons: [] }), 422);
    expect(Object.keys(missing.fields ?? {})).toEqual(['reasons']);
    const decided = expectOk(await api('korcam.cimanggis').post(`${API}/families/${familyId}/sanctions`, { step: 'peringatan', reasons: r.proposal.requiredReasons, note: 'KPM sudah diberi tahu' }), 201);
    expect(decided.items).toHaveLength(1);
    expect(decided.items[0]).toMatchObject({ step: 'peringatan', decidedBy: 'korcam.cimanggis', basedOnPeriods: ['2026-Q1'] });
    expect(decided.proposal).toBeNull();
  });

  it('a second non-compliant period suspends a tahap, which the entitlement shows; revoking lifts it', async () => {
    expectOk(await api('korcam.cimanggis').post(`${API}/compliance/close`, { period: '2026-Q2' }));
    const r = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/sanctions`));
    expect(r.proposal).toMatchObject({ step: 'penangguhan' });
    expect(r.proposal.suspendedTahap.length).toBeGreaterThan(0);
    const decided = expectOk(await api('korcam.cimanggis').post(`${API}/families/${familyId}/sanctions`, { step: 'penangguhan', reasons: r.proposal.requiredReasons }), 201);
    const tahap = Number(String(r.proposal.suspendedTahap[0]).split('-T')[1]);
    const e = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/entitlement?year=2026`));
    expect(e.suspendedTahap).toContain(tahap);
    expect(e.perTahapPayable[tahap - 1]).toBe(0);
    expect(e.noteCodes).toContain('sanction.tahap_suspended');
    const id = decided.items.find((x: { step: string }) => x.step === 'penangguhan').id;
    expectError(await api('korcam.cimanggis').post(`${API}/families/${familyId}/sanctions/${id}/revoke`, {}), 400);
    expectOk(await api('korcam.cimanggis').post(`${API}/families/${familyId}/sanctions/${id}/revoke`, { note: 'Keberatan diterima' }));
    const after = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/entitlement?year=2026`));
    expect(after.suspendedTahap).toEqual([]);
    const history = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/history`)).items.map((x: { action: string }) => x.action);
    expect(history).toEqual(expect.arrayContaining(['sanction.decide', 'sanction.revoke']));
  });
  it('a family that has left PKH gets no proposal, and months outside its time in PKH owe nothing', async () => {
    const db = t.ctx.database.db;
    const months = async (period: string) =>
      [...new Set(expectOk(await api('pendamping01').get(`${API}/families/${familyId}/compliance?period=${period}`)).items.flatMap((i: { months: Array<{ month: string }> }) => i.months.map((m) => m.month)))].sort();
    // In PKH: the open quarter's months are owed (a school child).
    expect(await months('2026-Q3')).toEqual(['2026-07', '2026-08', '2026-09']);
    // Joined in a later year: nothing owed in 2026.
    await db.updateTable('families').set({ joined_year: 2027 }).where('id', '=', familyId).execute();
    expect(await months('2026-Q3')).toEqual([]);
    // Joined in the year Titian registered it (15 July 2026): owed from the first month that starts after.
    await db.updateTable('families').set({ joined_year: 2026, created_at: '2026-07-15T03:00:00.000Z' }).where('id', '=', familyId).execute();
    expect(await months('2026-Q3')).toEqual(['2026-08', '2026-09']);
    // Joined in an earlier year: owed all along.
    await db.updateTable('families').set({ joined_year: 2020 }).where('id', '=', familyId).execute();
    expect(await months('2026-Q3')).toEqual(['2026-07', '2026-08', '2026-09']);
    // Left PKH, no exit date known: no month, and no sanction proposed whatever the closed periods said.
    await db.updateTable('families').set({ status: 'graduasi' }).where('id', '=', familyId).execute();
    expect(await months('2026-Q3')).toEqual([]);
    const r = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/sanctions`));
    expect(r.proposal).toBeNull();
    expect(r.reason).toMatch(/tidak lagi dalam PKH/);
    expectError(await api('korcam.cimanggis').post(`${API}/families/${familyId}/sanctions`, { step: 'penangguhan', reasons: [] }), 422);
    // Left by an edit of its status (today, 15 July): owed up to that month.
    await db.updateTable('families').set({ status: 'aktif' }).where('id', '=', familyId).execute();
    const version = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}`)).version;
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${familyId}`, { status: 'keluar', version }));
    expect(await months('2026-Q3')).toEqual(['2026-07']);
    // Left with an exit applied on 20 August: July and August owed, September not.
    const at = '2026-07-15T03:00:00.000Z';
    await db
      .insertInto('graduation_cases')
      .values({ id: '01900000-0000-7000-8000-0000000000aa', family_id: familyId, type: 'sejahtera_mandiri', state: 'exited', open: 0, opened_at: at, state_at: at, assessment_id: null, statement_signed_at: null, document_id: null, approved_at: at, approved_by: null, exit_effective_date: '2026-08-20', exit_applied: 1, closed_at: null, version: 1, created_at: at, updated_at: at, updated_by: null, deleted_at: null } as never)
      .execute();
    expect(await months('2026-Q3')).toEqual(['2026-07', '2026-08']);
  });
});
