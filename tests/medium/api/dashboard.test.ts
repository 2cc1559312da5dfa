/**
 * The coordinators' dashboard on the demo data, on both engines: the numbers against direct counts, scope
 * (a pendamping sees their caseload; a region outside the scope is empty), every drill-down's total equal
 * to the number it explains, and each view's XLSX read back with exceljs.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const KECAMATAN = '32.76.02';
const VIEWS = ['summary', 'graduations', 'pipeline', 'readiness', 'compliance', 'activity', 'factors', 'pendamping', 'kelurahan'] as const;

interface View {
  view: string;
  dataAsOf: string;
  region: string | null;
  window: { from: string; to: string } | null;
  period: string | null;
  columns: Array<{ key: string; label: string; unit: string }>;
  rows: Array<{ key: string; label: string; group: string | null; values: Record<string, number | null> }>;
}

describe.each(ENGINES)('dashboard (%s)', (engine) => {
  let t: TestApp;
  let korcam: Session;
  let p01: Session;
  let peneliti: Session;
  const get = (s: Session, url: string) => as(t.app, s).get(url);
  const db = () => t.ctx.database.db;

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 400, seedFacilitation: true, now: () => NOW });
    korcam = await loginAs(t.app, 'korcam.cimanggis');
    p01 = await loginAs(t.app, 'pendamping01');
    peneliti = await loginAs(t.app, 'peneliti');
    // A closed compliance period, so that the compliance views have something to show.
    expectOk(await as(t.app, korcam).post(`${API}/compliance/close`, { period: '2026-Q2' }));
  }, 240_000);
  afterAll(async () => t?.close());

  const view = async (s: Session, name: string, query = ''): Promise<View> => expectOk(await get(s, `${API}/dashboard/views/${name}${query ? `?${query}` : ''}`));
  const drillTotal = async (s: Session, name: string, key: string, query = ''): Promise<number> =>
    expectOk(await get(s, `${API}/dashboard/families?view=${name}&key=${encodeURIComponent(key)}&limit=1${query ? `&${query}` : ''}`)).total;

  it('summary (contract shape) matches direct counts for a koordinator kecamatan', async () => {
    const s = expectOk(await get(korcam, `${API}/dashboard/summary`));
    expect(s).toMatchObject({ families: { total: expect.any(Number), active: expect.any(Number), graduated: expect.any(Number) }, graduationsByType: expect.any(Object), candidates: expect.any(Number) });
    expect(Number.isNaN(Date.parse(s.dataAsOf))).toBe(false);
    const byStatus = await db().selectFrom('families').where('kecamatan_code', '=', KECAMATAN).where('deleted_at', 'is', null).select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const count = (st: string) => Number(byStatus.find((r) => r.status === st)?.n ?? 0);
    expect(s.families.total).toBe(400);
    expect(s.families.active).toBe(count('aktif'));
    expect(s.families.graduated).toBe(count('graduasi'));
    expect(s.families.graduated).toBeGreaterThan(0);
    const candidates = await db().selectFrom('graduation_candidates').select(sql<number>`count(distinct family_id)`.as('n')).executeTakeFirstOrThrow();
    expect(s.candidates).toBe(Number(candidates.n));
    const open = await db().selectFrom('graduation_cases').where('open', '=', 1).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(s.openCases).toBe(Number(open.n));
    const exits = await db()
      .selectFrom('graduation_cases')
      // Re-entered families left on their exit date too: their exit stays counted (EXIT_STATES).
      .where('state', 'in', ['exited', 'monitoring', 'closed', 'reentered'])
      .where('exit_effective_date', '<=', '2026-07-15')
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('type')
      .execute();
    for (const type of ['alamiah', 'sejahtera_mandiri', 'paksa', 'pena']) expect(s.graduationsByType[type], type).toBe(Number(exits.find((e) => e.type === type)?.n ?? 0));
    // The same numbers through the drill-down.
    expect(await drillTotal(korcam, 'summary', 'families')).toBe(s.families.total);
    expect(await drillTotal(korcam, 'summary', 'graduated')).toBe(s.families.graduated);
    expect(await drillTotal(korcam, 'summary', 'candidates')).toBe(s.candidates);
    expect(await drillTotal(korcam, 'summary', 'awaitingApproval')).toBe(s.awaitingApproval);
    expect(await drillTotal(korcam, 'summary', 'graduations.sejahtera_mandiri')).toBe(s.graduationsByType.sejahtera_mandiri);
  });

  it('a pendamping gets their caseload; a region narrows; a region outside the scope is empty', async () => {
    const mine = expectOk(await get(p01, `${API}/dashboard/summary`));
    const list = expectOk(await get(p01, `${API}/families?limit=1`));
    expect(mine.families.total).toBe(list.total);
    expect(mine.families.total).toBeLessThan(400);
    const all = expectOk(await get(korcam, `${API}/dashboard/summary`));
    expect(mine.candidates).toBeLessThanOrEqual(all.candidates);
    // Another pendamping's families never appear in pendamping01's drill-down.
    expect(await drillTotal(p01, 'pendamping', 'pendamping02')).toBe(0);
    expect(await drillTotal(korcam, 'pendamping', 'pendamping02')).toBeGreaterThan(0);

    const kel = '32.76.02.1009';
    const inKel = await db().selectFrom('families').where('kelurahan_code', '=', kel).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(expectOk(await get(korcam, `${API}/dashboard/summary?region=${kel}`)).families.total).toBe(Number(inKel.n));
    const other = expectOk(await get(korcam, `${API}/dashboard/summary?region=32.76.01`));
    expect(other.families).toEqual({ total: 0, active: 0, suspended: 0, graduated: 0, exited: 0 });
    expect(other.candidates).toBe(0);
    expect((await view(korcam, 'kelurahan', 'region=32.76.01')).rows).toEqual([]);
    expect(await drillTotal(korcam, 'summary', 'families', 'region=32.76.01')).toBe(0);
  });

  it('every families number of every view equals the total of its drill-down (koordinator)', async () => {
    let checked = 0;
    for (const name of VIEWS) {
      const v = await view(korcam, name);
      expect(v.view).toBe(name);
      const drillable = v.columns.filter((c) => c.unit === 'families');
      expect(drillable.length, name).toBeGreaterThan(0);
      for (const row of v.rows) {
        for (const c of drillable) {
          const value = row.values[c.key]!;
          // Zeros are checked for a sample only (they are many in the monthly view).
          if (value === 0 && checked % 5 !== 0) continue;
          expect(await drillTotal(korcam, name, `${row.key}:${c.key}`), `${name} ${row.key}:${c.key}`).toBe(value);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  }, 120_000);

  it('views agree with direct counts: pipeline, readiness, activity, compliance, kelurahan', async () => {
    const pipeline = await view(korcam, 'pipeline');
    const graduationPipeline = expectOk(await get(korcam, `${API}/graduation/pipeline?by=kecamatan&year=2026`)).items[0].states;
    for (const row of pipeline.rows) expect(row.values.families, row.key).toBe(graduationPipeline[row.key] ?? 0);
    expect(pipeline.rows.map((r) => r.key)).toEqual(['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'exited', 'monitoring', 'rejected', 'reentered']);
    // The rows add up to the summary's open cases (cases sent back or re-entered included).
    const summary = expectOk(await get(korcam, `${API}/dashboard/summary`));
    expect(pipeline.rows.reduce((a, r) => a + r.values.families!, 0)).toBe(summary.openCases);

    const readiness = await view(korcam, 'readiness');
    expect(readiness.rows.reduce((a, r) => a + r.values.families!, 0)).toBe(summary.families.active + summary.families.suspended);
    expect(readiness.rows.at(-1)!.key).toBe('none');
    expect(readiness.rows.some((r) => r.key !== 'none' && r.values.families! > 0)).toBe(true);

    const activity = await view(korcam, 'activity', 'months=12');
    expect(activity.window).toEqual({ from: '2025-08-01', to: '2026-07-15' });
    const roles = await db()
      .selectFrom('activity_tags')
      .innerJoin('activities', 'activities.id', 'activity_tags.activity_id')
      .where('activity_tags.kind', '=', 'role')
      .where('activities.date', '>=', '2025-08-01')
      .where('activities.date', '<=', '2026-07-15')
      .where('activities.deleted_at', 'is', null)
      // A P2K2 session counts once, whatever the families present (each has its own activity of it).
      .select(['activity_tags.code', sql<number>`count(distinct coalesce(activities.p2k2_session_id, activities.id))`.as('n')])
      .groupBy('activity_tags.code')
      .execute();
    expect(roles.length).toBeGreaterThan(0);
    for (const r of roles) expect(activity.rows.find((x) => x.key === `role:${r.code}`)?.values.activities, r.code).toBe(Number(r.n));
    const groupRow = activity.rows.find((r) => r.key === 'group:fasilitatif')!;
    expect(groupRow.label).toBe('Fasilitatif');
    expect(groupRow.values.families).toBeGreaterThan(0);

    const compliance = await view(korcam, 'compliance');
    const pendidikan = compliance.rows.find((r) => r.key === '2026-Q2:pendidikan');
    expect(pendidikan, JSON.stringify(compliance.rows)).toBeDefined();
    const snaps = await db().selectFrom('decision_snapshots').where('kind', '=', 'compliance_period').where('period', '=', '2026-Q2').select(['family_id', 'data']).execute();
    let withEducation = 0;
    let compliantEducation = 0;
    for (const s of snaps) {
      const items = (JSON.parse(s.data) as { items: Array<{ kind: string; compliant: boolean }> }).items.filter((i) => i.kind === 'pendidikan');
      if (items.length === 0) continue;
      withEducation++;
      if (items.every((i) => i.compliant === true)) compliantEducation++;
    }
    expect(pendidikan!.values.families).toBe(withEducation);
    expect(pendidikan!.values.compliant).toBe(compliantEducation);
    expect(pendidikan!.values.notCompliant).toBe(withEducation - compliantEducation);

    const kelurahan = await view(korcam, 'kelurahan');
    expect(kelurahan.period).toBe('2026-Q2');
    expect(kelurahan.rows.reduce((a, r) => a + r.values.families!, 0)).toBe(400);
    // Checked: the families that had something to comply with (a family without obligations was not checked).
    const judged = snaps.filter((s) => (JSON.parse(s.data) as { items: unknown[] }).items.length > 0);
    expect(judged.length).toBeGreaterThan(0);
    expect(judged.length).toBeLessThan(snaps.length);
    expect(kelurahan.rows.reduce((a, r) => a + r.values.complianceChecked!, 0)).toBe(judged.length);
    expect(kelurahan.rows.reduce((a, r) => a + r.values.compliant!, 0)).toBe(judged.filter((s) => (JSON.parse(s.data) as { compliant: boolean }).compliant === true).length);
    for (const r of kelurahan.rows) expect(r.label).not.toBe(r.key);

    const pendamping = await view(korcam, 'pendamping');
    const p01row = pendamping.rows.find((r) => r.key === 'pendamping01')!;
    expect(p01row.values.target).toBe(10);
    expect(p01row.values.families).toBe(expectOk(await get(p01, `${API}/dashboard/summary`)).families.total);
  });

  it('researchers get pseudonyms in drill-downs and aggregate numbers as everyone else', async () => {
    const page = expectOk(await get(peneliti, `${API}/dashboard/families?view=summary&key=families&limit=5`));
    expect(page.total).toBe(400);
    for (const f of page.items) {
      expect(f.headName).toMatch(/^KPM-[0-9A-F]{8}$/);
      expect(Object.keys(f).sort()).toEqual(['headName', 'id', 'kelurahanCode', 'kelurahanName', 'pendamping', 'status']);
    }
    const named = expectOk(await get(korcam, `${API}/dashboard/families?view=summary&key=families&limit=5`));
    expect(named.items[0].headName).not.toMatch(/^KPM-/);
  });

  it('exports a view as XLSX (read back with exceljs), audited', async () => {
    const v = await view(korcam, 'kelurahan');
    const res = await get(korcam, `${API}/dashboard/export.xlsx?view=kelurahan`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(String(res.headers['content-disposition'])).toMatch(/attachment; filename="dasbor-kelurahan-2026-07-15\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Perbandingan kelurahan');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['Kode', 'Uraian', ...v.columns.map((c) => c.label)]);
    expect(ws.rowCount).toBe(v.rows.length + 1);
    v.rows.forEach((r, i) => {
      const cells = (ws.getRow(i + 2).values as unknown[]).slice(1);
      expect(cells[0]).toBe(r.key);
      expect(cells[1]).toBe(r.label);
      expect(cells[2]).toBe(r.values.families);
    });
    expect(wb.worksheets[1]!.name).toBe('Keterangan');
    const audit = await db().selectFrom('audit_log').where('action', '=', 'report.dashboard').select(['actor_username', 'after_data']).execute();
    expect(audit.map((a) => a.actor_username)).toContain('korcam.cimanggis');
    expect(JSON.parse(audit.at(-1)!.after_data!)).toMatchObject({ view: 'kelurahan', rows: v.rows.length });

    // Every view exports, in English when asked.
    for (const name of VIEWS) {
      const r = await get(korcam, `${API}/dashboard/export.xlsx?view=${name}&lang=en`);
      expect(r.statusCode, name).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(r.rawPayload as never);
      expect(book.worksheets[1]!.name).toBe('Notes');
      // Times as people read them, in Jakarta time: never an ISO instant.
      const notes: string[] = [];
      book.worksheets[1]!.eachRow((row) => notes.push(String(row.getCell(2).value ?? '')));
      expect(notes.some((n) => /\d{2}:\d{2} WIB$/.test(n)), name).toBe(true);
      expect(notes.filter((n) => /\d{4}-\d{2}-\d{2}T\d{2}:/.test(n)), name).toEqual([]);
    }
  });

  it('refuses bad input with the contract error shape, never a 5xx', async () => {
    expectError(await get(korcam, `${API}/dashboard/views/nope`), 400);
    expectError(await get(korcam, `${API}/dashboard/summary?region=abc`), 400);
    expectError(await get(korcam, `${API}/dashboard/summary?months=0`), 400);
    expectError(await get(korcam, `${API}/dashboard/families?view=pipeline&key=nope`), 422);
    expectError(await get(korcam, `${API}/dashboard/families?view=graduations&key=2026-13`), 422);
    expectError(await get(korcam, `${API}/dashboard/families?view=compliance&key=${encodeURIComponent("x' or 1=1 --")}`), 422);
    expectError(await get(korcam, `${API}/dashboard/families?view=summary`), 400);
    expectError(await get(korcam, `${API}/dashboard/export.xlsx?view=zzz`), 400);
    expectError(await t.app.inject({ method: 'GET', url: `${API}/dashboard/summary` }), 401);
    // A strange readiness key is simply a result nobody has.
    expect(await drillTotal(korcam, 'readiness', "x' or 1=1 --")).toBe(0);
  });
});
