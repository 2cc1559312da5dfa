/**
 * The monthly report's photos count the caseload of the month, as every other section (docs/domain-rules.md,
 * "The monthly report"; report-caseload-sections.test.ts): a photo of the pendamping's activity for a family
 * registered after the month's end, or no longer theirs at its end, is not in that month's report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk, newFamilyBody } from './api/helpers';

/** A valid 8×8 grey baseline JPEG (as tests/medium/api/attachments.test.ts builds it). */
function makeJpeg(): Buffer {
  const seg = (marker: number, body: number[]) => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];
  const huff = (tableClass: number) => [tableClass << 4, 1, ...new Array(15).fill(0), 0x00];
  return Buffer.from([
    0xff, 0xd8,
    ...seg(0xe0, [...Buffer.from('JFIF', 'latin1'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xdb, [0x00, ...new Array(64).fill(1)]),
    ...seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...seg(0xc4, huff(0)),
    ...seg(0xc4, huff(1)),
    ...seg(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f,
    0xff, 0xd9,
  ]);
}

describe.each(ENGINES)('monthly report, photos of the caseload only (%s)', (engine) => {
  let t: TestApp;
  let dataDir = '';
  let clock = new Date('2026-06-20T03:00:00Z');
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => clock });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-report-photos-'));
    t.ctx.config = { ...t.ctx.config, dataDir };
  });
  afterAll(async () => {
    await t?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (u: string) => as(t.app, s[u]!);
  /** A June home visit of pendamping01 for the family, with one photo captioned `caption`. */
  const visitWithPhoto = async (familyId: string, date: string, caption: string) => {
    const activityId = expectOk(await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date, roles: ['dukungan'] }), 201).id as string;
    const res = await api('pendamping01').post(`${API}/attachments?ownerKind=activity&ownerId=${activityId}&caption=${encodeURIComponent(caption)}`, makeJpeg(), { 'content-type': 'image/jpeg' });
    expectOk(res, 201);
  };
  /** The texts of the report's photo appendix (XLSX "Dokumentasi": "<activity>: <caption>"). */
  const photoTexts = async (month: string): Promise<string[]> => {
    const res = await t.app.inject({ method: 'GET', url: `${API}/reports/monthly?month=${month}&format=xlsx`, headers: { cookie: s.pendamping01!.cookie } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const values: string[] = [];
    wb.getWorksheet('Dokumentasi')?.eachRow((row) => values.push(...(row.values as unknown[]).filter((v): v is string => typeof v === 'string')));
    return values;
  };

  it('leaves out photos of a family registered after the month or moved to another pendamping before its end', async () => {
    // Sessions expire as the clock moves on: each step logs in afresh.
    s.pendamping01 = await loginAs(t.app, 'pendamping01');
    const [kept, moved] = expectOk(await api('pendamping01').get(`${API}/families?limit=2`)).items as Array<{ id: string; kelurahanCode: string }>;
    await visitWithPhoto(kept!.id, '2026-06-15', 'Foto keluarga tetap');
    await visitWithPhoto(moved!.id, '2026-06-15', 'Foto keluarga pindah');

    clock = new Date('2026-06-25T03:00:00Z');
    s['korcam.cimanggis'] = await loginAs(t.app, 'korcam.cimanggis');
    expectOk(await api('korcam.cimanggis').put(`${API}/families/${moved!.id}/assignment`, { pendamping: 'pendamping02' }));

    // Registered in July, joining PKH this year: in July's caseload, not in June's.
    clock = new Date('2026-07-20T03:00:00Z');
    s.pendamping01 = await loginAs(t.app, 'pendamping01');
    const { joinedYear: _, ...body } = newFamilyBody({ kelurahanCode: kept!.kelurahanCode });
    const late = expectOk(await api('pendamping01').post(`${API}/families`, body), 201);
    await visitWithPhoto(late.id, '2026-06-16', 'Foto keluarga baru');

    const june = await photoTexts('2026-06');
    const has = (caption: string) => june.some((v) => v.includes(caption));
    expect(has('Foto keluarga tetap'), JSON.stringify(june)).toBe(true);
    expect(has('Foto keluarga pindah'), JSON.stringify(june)).toBe(false);
    expect(has('Foto keluarga baru'), JSON.stringify(june)).toBe(false);
  });
});
