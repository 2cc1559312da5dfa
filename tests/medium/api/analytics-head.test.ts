/**
 * HEAD of the analytics downloads (`format=csv|xlsx` on /analytics/graduation, /survival, /roles-usage), both
 * engines. A HEAD ran the whole answer (the cohort, the split, Kaplan-Meier) to build the table, then threw it
 * away. Now analyticsFile checks the request and names the file first; a GET then builds the table before it
 * answers (as before), a HEAD does not, and its stream (which would build it when read) is closed unread by
 * http/head-routes.ts. So:
 * - for a valid request, HEAD gives the GET's status and headers (Content-Type, Content-Disposition,
 *   Content-Encoding, Vary), with no body, for each kind, format, role and Accept-Encoding;
 * - for each kind of bad request (dates out of order 422, a region unknown or out of scope 404, a bad
 *   parameter 400, signed out 401), HEAD gives the GET's status and headers, the GET's error being in
 *   Indonesian and English;
 * - a HEAD runs none of the answer's statements (AnalyticsRepository) and writes no audit entry; the GET
 *   that follows runs them and writes one, and its file holds the same table as the JSON answer; a GET whose
 *   table fails still answers the 500 of any request.
 */
import { parse as parseCsvText } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { AnalyticsRepository } from '../../../src/server/db/repositories/analytics.repository';
import type { Scope } from '../../../src/server/db/scope';
import { type AnalyticsKind, analyticsFile, tableOf } from '../../../src/server/services/analytics.service';
import { type Lang, t as translate } from '../../../src/shared/i18n/index';
import { createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const TODAY = '2026-07-15';
const CIMANGGIS = '32.76.02';
const BEJI = '32.76.01';
type Method = 'GET' | 'HEAD';

/** The statements of an answer: every read of AnalyticsRepository. */
const TABLE_READS = ['cohort', 'tagsByFamily', 'p2k2Attendance', 'complianceObservations', 'roleUsage', 'userNames'] as const;

function expectHeadLikeGet(head: LightMyRequestResponse, get: LightMyRequestResponse, what: string) {
  expect(head.statusCode, what).toBe(get.statusCode);
  expect(head.body, what).toBe('');
  for (const h of ['content-type', 'content-disposition', 'content-length', 'content-encoding', 'vary', 'cache-control']) {
    expect(head.headers[h], `${what}: ${h}`).toBe(get.headers[h]);
  }
}

/** The file's lines (the header line first) as text cells, CSV or XLSX. */
async function fileLines(res: LightMyRequestResponse, format: 'csv' | 'xlsx', width: number): Promise<string[][]> {
  if (format === 'csv') return parseCsvText(res.body, { bom: true }) as string[][];
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as never);
  const lines: string[][] = [];
  // An empty cell is not written: read each line to the width of the header.
  wb.worksheets[0]!.eachRow((row) => {
    lines.push(Array.from({ length: width }, (_, i) => cell(row.getCell(i + 1).value)));
  });
  return lines;
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

describe.each(ENGINES)('HEAD of an analytics file (%s)', (engine) => {
  let t: TestApp;
  const users: Record<string, Session> = {};
  const spies: MockInstance[] = [];
  let regionLookups: MockInstance;

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, seedFacilitation: true, now: () => NOW });
    for (const u of ['admin', 'korcam.cimanggis', 'pendamping01', 'peneliti']) users[u] = await loginAs(t.app, u);
    const repo = t.ctx.repos.analytics as AnalyticsRepository;
    for (const m of TABLE_READS) spies.push(vi.spyOn(repo, m));
    regionLookups = vi.spyOn(t.ctx.repos.regions, 'get');
  }, 120_000);
  afterAll(async () => {
    for (const s of spies) s.mockRestore();
    regionLookups?.mockRestore();
    await t?.close();
  });

  const ask = (method: Method, url: string, who: string | null, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url: `${API}/analytics/${url}`, headers: { ...(who ? { cookie: users[who]!.cookie } : {}), ...headers } });
  const tableReads = () => spies.reduce((n, s) => n + s.mock.calls.length, 0);
  const resetCounts = () => {
    for (const s of spies) s.mockClear();
    regionLookups.mockClear();
  };
  const audited = async () => Number((await t.ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  /** A HEAD's stream is closed as its answer is sent: a turn or two later nothing may have started. */
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('a valid download: HEAD gives the GET’s status and headers, builds no table and audits nothing; the GET does both', async () => {
    const cases: Array<[string, string, 'csv' | 'xlsx', string]> = [
      ['admin', 'graduation?by=role_group&format=csv', 'csv', `titian-analitik-graduasi-role_group-semua-${TODAY}.csv`],
      ['korcam.cimanggis', `graduation?by=kelurahan&format=xlsx&region=${CIMANGGIS}`, 'xlsx', `titian-analitik-graduasi-kelurahan-32.76.02-${TODAY}.xlsx`],
      ['pendamping01', 'survival?format=csv', 'csv', `titian-analitik-kurva-graduasi-semua-pendamping01-${TODAY}.csv`],
      ['peneliti', 'survival?by=p2k2_attendance&format=xlsx&from=2026-01-01&to=2026-06-30', 'xlsx', `titian-analitik-kurva-graduasi-p2k2_attendance-32.76-${TODAY}.xlsx`],
      ['korcam.cimanggis', 'roles-usage?format=csv&lang=en', 'csv', `titian-analitik-pemakaian-peran-32.76.02-${TODAY}.csv`],
      ['admin', 'roles-usage?by=kelurahan&format=xlsx', 'xlsx', `titian-analitik-pemakaian-peran-kelurahan-semua-${TODAY}.xlsx`],
    ];
    for (const [who, url, format, filename] of cases) {
      for (const encoding of [{}, { 'accept-encoding': 'gzip' }] as Array<Record<string, string>>) {
        const what = `${who} ${url} ${JSON.stringify(encoding)}`;
        const before = await audited();
        resetCounts();
        const head = await ask('HEAD', url, who, encoding);
        await settle();
        expect(head.statusCode, what).toBe(200);
        expect(tableReads(), `${what}: HEAD reads no table`).toBe(0);
        expect(regionLookups.mock.calls.length, `${what}: HEAD checks the region`).toBe(url.includes('region=') ? 1 : 0);
        expect(await audited(), `${what}: HEAD audits nothing`).toBe(before);

        const get = await ask('GET', url, who, encoding);
        expect(get.statusCode, `${what}: ${get.body.slice(0, 300)}`).toBe(200);
        expect(tableReads(), `${what}: GET reads the table`).toBeGreaterThan(0);
        expect(await audited(), `${what}: GET audits the download`).toBe(before + 1);
        expect(get.headers['content-disposition'], what).toBe(`attachment; filename="${filename}"`);
        if (format === 'csv' && 'accept-encoding' in encoding) expect(get.headers['content-encoding'], what).toBe('gzip');
        expectHeadLikeGet(head, get, what);
      }
    }
  });

  it('the GET’s file is the JSON answer’s table, and its audit entry counts its lines', async () => {
    const cases: Array<[string, string, AnalyticsKind, 'csv' | 'xlsx', Lang]> = [
      ['korcam.cimanggis', 'graduation?by=role', 'graduation', 'csv', 'id'],
      ['admin', 'survival?by=kelurahan&lang=en', 'survival', 'xlsx', 'en'],
      ['peneliti', 'roles-usage?by=pendamping', 'roles_usage', 'csv', 'id'],
    ];
    for (const [who, url, kind, format, lang] of cases) {
      const body = expectOk(await ask('GET', url, who));
      const table = tableOf(kind, body, lang);
      expect(table.rows.length, url).toBeGreaterThan(0);
      const file = await ask('GET', `${url}&format=${format}`, who);
      expect(file.statusCode, file.body.slice(0, 300)).toBe(200);
      const lines = await fileLines(file, format, table.columns.length);
      expect(lines[0], url).toEqual(table.columns);
      expect(lines.slice(1), url).toEqual(table.rows.map((r) => r.map(cell)));
      const entry = await t.ctx.database.db
        .selectFrom('audit_log')
        .select(['action', 'after_data'])
        .where('action', '=', `export.analytics_${kind}`)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(String(entry.after_data)), url).toMatchObject({ kind: `analytics_${kind}`, format, rows: table.rows.length, status: 'completed' });
    }
  });

  it('each kind of bad request: HEAD gives the GET’s 4xx and headers (the error in Indonesian and English), builds no table, audits nothing', async () => {
    const cases: Array<{ who: string | null; url: string; status: number; code: string; id: RegExp; en: RegExp; field?: [string, RegExp, RegExp] }> = [
      {
        who: 'admin',
        url: 'graduation?by=role&from=2026-05-01&to=2026-04-01&format=csv',
        status: 422,
        code: 'analytics_date_order',
        id: new RegExp(escape(translate('id', 'error.analytics_date_order', { from: '2026-05-01', to: '2026-04-01' }))),
        en: new RegExp(escape(translate('en', 'error.analytics_date_order', { from: '2026-05-01', to: '2026-04-01' }))),
      },
      { who: 'korcam.cimanggis', url: `survival?format=xlsx&region=${BEJI}`, status: 404, code: 'not_found', id: /^Data tidak ditemukan\.$/, en: /^Not found\.$/ },
      { who: 'pendamping01', url: `roles-usage?format=csv&region=${BEJI}`, status: 404, code: 'not_found', id: /^Data tidak ditemukan\.$/, en: /^Not found\.$/ },
      { who: 'admin', url: 'graduation?by=role&format=csv&region=32.76.02.9999', status: 404, code: 'not_found', id: /^Data tidak ditemukan\.$/, en: /^Not found\.$/ },
      { who: 'admin', url: 'graduation?by=umur&format=csv', status: 400, code: 'validation', id: /./, en: /./, field: ['by', /Pembagian tidak dikenal/, /Unknown split/] },
      { who: 'admin', url: 'survival?format=pdf', status: 400, code: 'validation', id: /./, en: /./, field: ['format', /^Format harus csv atau xlsx\.$/, /^The format must be csv or xlsx\.$/] },
      { who: 'admin', url: 'roles-usage?by=role&format=xlsx', status: 400, code: 'validation', id: /./, en: /./, field: ['by', /pendamping atau kelurahan/, /pendamping or kelurahan/] },
      { who: 'admin', url: 'graduation?by=role&format=csv&from=2026-02-30', status: 400, code: 'validation', id: /./, en: /./ },
      { who: 'admin', url: 'graduation?by=role&format=csv&extra=1', status: 400, code: 'validation', id: /./, en: /./ },
      { who: null, url: 'graduation?by=role&format=csv', status: 401, code: 'unauthenticated', id: /./, en: /./ },
    ];
    for (const c of cases) {
      for (const [suffix, headers, lang] of [
        ['', {}, 'id'],
        ['&lang=en', {}, 'en'],
        ['', { 'accept-language': 'en' }, 'en'],
      ] as Array<[string, Record<string, string>, Lang]>) {
        const url = c.url + suffix;
        const what = `${c.who ?? 'signed out'} ${url} ${JSON.stringify(headers)}`;
        const before = await audited();
        resetCounts();
        const head = await ask('HEAD', url, c.who, headers);
        const get = await ask('GET', url, c.who, headers);
        await settle();
        expect(tableReads(), `${what}: no table`).toBe(0);
        expect(await audited(), `${what}: nothing audited`).toBe(before);
        const error = expectError(get, c.status, c.code) as { message: string; messages?: { id: string; en: string }; fields?: Record<string, string> };
        // Both languages in the body; the message in the caller's.
        expect(error.messages?.id, what).toMatch(c.id);
        expect(error.messages?.en, what).toMatch(c.en);
        expect(error.message, what).toBe(error.messages?.[lang]);
        if (c.field) expect(error.fields?.[c.field[0]], what).toMatch(lang === 'en' ? c.field[2] : c.field[1]);
        expectHeadLikeGet(head, get, what);
        expect(head.headers['content-length'], what).toBe(String(get.rawPayload.length));
      }
    }
  });

  it('a GET whose table fails: the 500 of any request, as before (no file headers), no audit entry; the next GET is whole', async () => {
    const cohort = spies[TABLE_READS.indexOf('cohort')]!;
    for (const [url, encoding] of [
      ['graduation?by=kelurahan&format=csv', {}],
      ['graduation?by=kelurahan&format=csv', { 'accept-encoding': 'gzip' }],
      ['survival?format=xlsx', {}],
    ] as Array<[string, Record<string, string>]>) {
      const before = await audited();
      cohort.mockRejectedValueOnce(new Error('connection lost'));
      const res = await ask('GET', url, 'admin', encoding);
      const error = expectError(res, 500) as { messages?: { id: string; en: string } };
      expect(error.messages?.en, url).toBeTruthy();
      expect(res.headers['content-disposition'], url).toBeUndefined();
      expect(await audited(), url).toBe(before);
      const again = await ask('GET', url, 'admin', encoding);
      expect(again.statusCode, url).toBe(200);
      expect(await audited(), url).toBe(before + 1);
    }
  });

  it('the service: checks and headers build no table; the stream builds it when first read, and one closed unread builds nothing', async () => {
    const u = await t.ctx.database.db.selectFrom('users').select(['id', 'region_code']).where('username', '=', 'korcam.cimanggis').executeTakeFirstOrThrow();
    const scope: Scope = { userId: String(u.id), username: 'korcam.cimanggis', role: 'koordinator_kecamatan', regionCode: u.region_code };
    const q = { by: 'kelurahan' as const, format: 'csv' as const };
    const before = await audited();
    resetCounts();
    const unread = await analyticsFile(t.ctx, scope, 'graduation', q, 'id');
    expect(unread.filename).toBe(`titian-analitik-graduasi-kelurahan-32.76.02-${TODAY}.csv`);
    expect(unread.contentType).toBe('text/csv; charset=utf-8');
    unread.stream().destroy();
    await settle();
    expect(tableReads(), 'made and closed unread').toBe(0);
    expect(await audited()).toBe(before);
    // Read without build(): the stream builds the table itself; the same file as the GET's.
    const read = await analyticsFile(t.ctx, scope, 'graduation', q, 'id');
    const chunks: Buffer[] = [];
    for await (const chunk of read.stream()) chunks.push(Buffer.from(chunk as Buffer));
    expect(tableReads()).toBeGreaterThan(0);
    expect(await audited()).toBe(before + 1);
    const get = await ask('GET', 'graduation?by=kelurahan&format=csv', 'korcam.cimanggis');
    expect(Buffer.concat(chunks).toString('utf8')).toBe(get.body);
    // build() then the stream: the table is built once.
    resetCounts();
    const built = await analyticsFile(t.ctx, scope, 'graduation', q, 'id');
    await built.build();
    const reads = tableReads();
    expect(reads).toBeGreaterThan(0);
    for await (const _ of built.stream());
    expect(tableReads()).toBe(reads);
  });

  it('a JSON answer (no format) still builds its table on HEAD: its Content-Length is the body’s', async () => {
    resetCounts();
    const head = await ask('HEAD', 'graduation?by=role_group', 'korcam.cimanggis');
    expect(tableReads()).toBeGreaterThan(0);
    const get = await ask('GET', 'graduation?by=role_group', 'korcam.cimanggis');
    expectOk(get);
    expectHeadLikeGet(head, get, 'graduation JSON');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
