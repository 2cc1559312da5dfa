/** The monthly report: generated from the recorded work, as PDF and XLSX, own or named by a coordinator. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

describe.each(ENGINES)('monthly report (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-20T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'peneliti']) s[u] = await loginAs(t.app, u);
    const fams = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=3`)).items;
    for (const f of fams) {
      expectOk(
        await as(t.app, s.pendamping01!).post(`${API}/families/${f.id}/activities`, {
          type: 'kunjungan_rumah',
          date: '2026-07-10',
          roles: ['animasi_sosial', 'konfrontasi'],
          factors: ['kesadaran_kpm'],
          notes: 'Kunjungan rutin',
        }),
        201,
      );
    }
  });
  afterAll(async () => t?.close());
  const get = (u: string, q: string) => t.app.inject({ method: 'GET', url: `${API}/reports/monthly?${q}`, headers: { cookie: s[u]!.cookie } });

  it('a pendamping downloads their own report as a PDF that opens', async () => {
    const res = await get('pendamping01', 'month=2026-07&format=pdf');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('laporan-bulanan-pendamping01-2026-07.pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.subarray(-8).toString()).toContain('%%EOF');
  });

  it('the XLSX holds the month’s activities by type and by Ife role group', async () => {
    const res = await get('pendamping01', 'month=2026-07&format=xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['Ringkasan', 'Kegiatan']));
    const values: unknown[] = [];
    wb.getWorksheet('Kegiatan')!.eachRow((row) => values.push(...(row.values as unknown[])));
    expect(values).toContain('Kunjungan rumah');
    expect(values).toContain(3);
  });

  it('coordinators name a pendamping in scope; a pendamping naming another is refused', async () => {
    expect((await get('korcam.cimanggis', 'month=2026-07&format=pdf&pendamping=pendamping01')).statusCode).toBe(200);
    expectError(await get('korcam.cimanggis', 'month=2026-07&format=pdf'), 422);
    expect([403, 404]).toContain((await get('pendamping02', 'month=2026-07&format=pdf&pendamping=pendamping01')).statusCode);
    expectError(await get('korcam.cimanggis', 'month=2026-07&format=pdf&pendamping=nobody.here'), 404);
    expectError(await get('pendamping01', 'month=2026-13&format=pdf'), 400);
    expect(expectError(await get('pendamping01', 'month=0000-01&format=pdf'), 400).fields?.month).toMatch(/2007/);
    expectError(await get('peneliti', 'month=2026-07&format=pdf&pendamping=pendamping01'), 403);
  });
});
