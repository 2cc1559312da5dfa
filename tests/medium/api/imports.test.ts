/**
 * The registry import over HTTP on both engines (docs/import.md): an upload streamed to the data folder and
 * run in the background, followed by polling; a dry run's counts and row report (CSV and XLSX, messages in
 * Indonesian and English, audited), applied without a second upload; the same file again changes nothing;
 * roles, other users' jobs, empty, too large and wrongly typed uploads; XLSX uploads; resuming on start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeKkNumber, composeNik } from '../../../src/domain/nik';
import { REGISTRY_COLUMNS } from '../../../src/domain/registry-row';
import { actorOf } from '../../../src/server/db/repositories/audit.repository';
import type { Scope } from '../../../src/server/db/scope';
import { importQueueIdle, resumeImportJobs } from '../../../src/server/services/import-jobs.service';
import { openRegistryImport, REPORT_COLUMNS } from '../../../src/server/services/registry-import.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, UUID } from './helpers';

type Row = Record<(typeof REGISTRY_COLUMNS)[number], string>;
const csv = (rows: Row[], sep = ',') => `${REGISTRY_COLUMNS.join(sep)}\n${rows.map((r) => REGISTRY_COLUMNS.map((c) => r[c]).join(sep)).join('\n')}\n`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A family of three in a kelurahan of Cimanggis; `n` picks distinct identifiers and names. */
function family(n: number, opts: { kelurahan?: string; pendamping?: string } = {}): Row[] {
  const kk = composeKkNumber({ regionCode6: '32.76.02', issueDate: '2016-04-20', serial: 7000 + n });
  const base = { no_kk: kk, kode_kelurahan: opts.kelurahan ?? '32.76.02.1009', alamat: `Jl. Impor ${n}`, rt: '003', rw: '004', tahun_mulai_pkh: '2020', desil: '1', pendamping: opts.pendamping ?? '' };
  const person = (birth: string, sex: 'L' | 'P', nama: string, hubungan: string, pengurus: string, jenjang: string) => ({
    ...base,
    nik: composeNik({ regionCode6: '32.76.02', birthDate: birth, sex, serial: 7000 + n }),
    nama,
    hubungan,
    jenis_kelamin: sex,
    tanggal_lahir: birth,
    pengurus,
    jenjang,
    hamil: '0',
    nifas: '0',
    disabilitas_berat: '0',
  });
  return [
    person('1979-01-11', 'L', `Darmawan Impor ${n}`, 'kepala_keluarga', '0', 'tidak_sekolah'),
    person('1983-05-02', 'P', `Wulan Impor ${n}`, 'istri', '1', 'tidak_sekolah'),
    person('2013-08-17', 'L', `Bima Impor ${n}`, 'anak', '0', 'sd'),
  ];
}

describe.each(ENGINES)('registry import over HTTP (%s)', (engine) => {
  let t: TestApp;
  let dataDir = '';
  const s: Record<string, Session> = {};
  // Two good families (one with its pendamping), one with a bad sex code on its child's row.
  const good1 = family(1, { pendamping: 'pendamping04' });
  const good2 = family(2, { kelurahan: '32.76.02.1007' });
  const bad = family(3).map((r, i) => (i === 2 ? { ...r, jenis_kelamin: 'X' } : r));
  const fileText = csv([...good1, ...bad, ...good2]);

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 3, now: () => new Date('2026-06-15T03:00:00Z') });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-imports-'));
    t.ctx.config = { ...t.ctx.config, dataDir };
    for (const u of ['admin', 'korcam.cimanggis', 'korkot.depok', 'pendamping01', 'pendamping04', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = (who: string, body: string | Buffer | Readable | undefined, query = 'dryRun=true&fileName=kpm.csv', contentType: string | null = 'text/csv', extra: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/imports/registry?${query}`,
      payload: body as never,
      headers: { cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf, ...(contentType ? { 'content-type': contentType } : {}), ...extra },
    });

  /** Polls the job until it has ended (done or failed), at most 30 s. */
  async function finished(who: string, id: string): Promise<any> {
    const until = Date.now() + 30_000;
    for (;;) {
      const job = expectOk(await as(t.app, s[who]!).get(`${API}/imports/${id}`));
      if (job.status === 'done' || job.status === 'failed') return job;
      if (Date.now() > until) throw new Error(`import ${id} still ${job.status} (${job.phase}) after 30 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const familiesNamed = async (who: string, q: string) => expectOk(await as(t.app, s[who]!).get(`${API}/families?q=${encodeURIComponent(q)}`)).total as number;
  /** The files left in the imports folder once the queue is idle (a job's file goes as the job ends). */
  const importFiles = async () => {
    await importQueueIdle(t.ctx);
    return fs.readdirSync(path.join(dataDir, 'imports'));
  };
  let dryId = '';

  it('a dry run: 202 with the job at once, then counts, the report flag and apply allowed; nothing written; the file removed', async () => {
    const res = await upload('korcam.cimanggis', fileText);
    const job = expectOk(res, 202);
    expect(job.id).toMatch(UUID);
    expect(job).toMatchObject({ fileName: 'kpm.csv', format: 'csv', dryRun: true, status: 'staging', createdBy: 'korcam.cimanggis', fileBytes: Buffer.byteLength(fileText) });
    expect(['queued', 'hashing', 'staging']).toContain(job.phase);
    dryId = job.id;
    const done = await finished('korcam.cimanggis', dryId);
    expect(done).toMatchObject({
      status: 'done',
      phase: 'done',
      dryRun: true,
      created: 2,
      updated: 0,
      unchanged: 0,
      refused: 1,
      unmatched: 0,
      rowsStaged: 9,
      rowsRefused: 3,
      familiesTotal: 3,
      familiesDone: 3,
      bytesRead: Buffer.byteLength(fileText),
      report: true,
      canApply: true,
      error: null,
      ignoredColumns: [],
    });
    expect(done.finishedAt).toBeTruthy();
    expect(await familiesNamed('korcam.cimanggis', 'Darmawan Impor')).toBe(0);
    // A dry run's rows are staged: its file is not needed any more.
    expect(await importFiles()).toEqual([]);
  });

  it('the row report as CSV: refused rows with their messages in Indonesian or English, full identities; each download audited', async () => {
    const auditBefore = await countAudit('registry.import_report');
    const res = await as(t.app, s['korcam.cimanggis']!).get(`${API}/imports/${dryId}/report.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="laporan-impor-kpm\.csv"/);
    const rows: Record<string, string>[] = parse(res.body, { columns: true, bom: true });
    expect(Object.keys(rows[0]!)).toEqual([...REPORT_COLUMNS]);
    // Lines 5-7 are the bad family (line 1 is the header); line 7 is the child with sex X.
    expect(rows.map((r) => r.baris)).toEqual(['5', '6', '7']);
    const sexRow = rows.find((r) => r.kolom === 'jenis_kelamin')!;
    expect(sexRow).toMatchObject({ baris: '7', jenis: 'ditolak', nama: 'Bima Impor 3', nik: bad[2]!.nik, no_kk: bad[2]!.no_kk });
    expect(sexRow.pesan).toBe('Jenis kelamin "X" harus L atau P.');
    expect(rows.filter((r) => r.pesan.startsWith('Ditolak bersama keluarganya')).map((r) => r.baris)).toEqual(['5', '6']);

    const en: Record<string, string>[] = parse((await as(t.app, s['korcam.cimanggis']!).get(`${API}/imports/${dryId}/report.csv?lang=en`)).body, { columns: true, bom: true });
    expect(en.find((r) => r.kolom === 'jenis_kelamin')).toMatchObject({ jenis: 'refused', pesan: 'Sex "X" must be L or P.' });
    const byHeader: Record<string, string>[] = parse((await as(t.app, s['korcam.cimanggis']!).get(`${API}/imports/${dryId}/report.csv`, { 'accept-language': 'en' })).body, { columns: true, bom: true });
    expect(byHeader[0]!.pesan).toMatch(/^Refused with its family/);
    expect(await countAudit('registry.import_report')).toBe(auditBefore + 3);
  });

  it('the row report as XLSX opens in a spreadsheet reader with the same rows', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${API}/imports/${dryId}/report.xlsx`, headers: { cookie: s['korcam.cimanggis']!.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map(String);
    expect(values(1)).toEqual([...REPORT_COLUMNS]);
    expect(sheet.rowCount).toBe(4);
    expect(values(4)).toEqual(['7', bad[2]!.no_kk, bad[2]!.nik, 'Bima Impor 3', 'jenis_kelamin', 'ditolak', 'Jenis kelamin "X" harus L atau P.']);
  });

  it('apply: 202, the same staged rows imported for real; the families appear in the caseload list', async () => {
    const res = await as(t.app, s['korcam.cimanggis']!).post(`${API}/imports/${dryId}/apply`);
    const job = expectOk(res, 202);
    expect(job).toMatchObject({ id: dryId, dryRun: false, canApply: false });
    expect(['staged', 'applying', 'done']).toContain(job.status);
    const done = await finished('korcam.cimanggis', dryId);
    expect(done).toMatchObject({ status: 'done', dryRun: false, created: 2, refused: 1, unchanged: 0, canApply: false, report: true, encoding: null });
    expect(await familiesNamed('korcam.cimanggis', 'Darmawan Impor 1')).toBe(1);
    expect(await familiesNamed('korcam.cimanggis', 'Darmawan Impor 2')).toBe(1);
    expect(await familiesNamed('korcam.cimanggis', 'Darmawan Impor 3')).toBe(0);
    // The pendamping named in the file has the family in their caseload.
    expect(await familiesNamed('pendamping04', 'Darmawan Impor 1')).toBe(1);
    // Applying again: not a dry run any more.
    expectError(await as(t.app, s['korcam.cimanggis']!).post(`${API}/imports/${dryId}/apply`), 409, 'import.job_not_dry_run');
  });

  it('the same file uploaded again for real changes nothing (unchanged), the bad family refused again', async () => {
    const job = expectOk(await upload('korcam.cimanggis', fileText, 'dryRun=false&fileName=kpm-lagi.csv'), 202);
    expect(job.dryRun).toBe(false);
    const done = await finished('korcam.cimanggis', job.id);
    expect(done).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 2, refused: 1, canApply: false });
    expect(await importFiles()).toEqual([]);
    expectError(await as(t.app, s['korcam.cimanggis']!).post(`${API}/imports/${job.id}/apply`), 409, 'import.job_not_dry_run');
  });

  it('roles: pendamping, auditor and researcher are refused (403, in both languages); the list too', async () => {
    for (const who of ['pendamping01', 'auditor', 'peneliti']) {
      const err = expectError(await upload(who, fileText), 403, 'import.forbidden');
      expect(err.message).toBe('Hanya admin dan koordinator yang dapat mengimpor data registri.');
      expectError(await as(t.app, s[who]!).get(`${API}/imports`), 403, 'import.forbidden');
      expectError(await as(t.app, s[who]!).get(`${API}/imports/${dryId}`), 403, 'import.forbidden');
    }
    const en = await upload('pendamping01', fileText, 'dryRun=true', 'text/csv', { 'accept-language': 'en' });
    expect(expectError(en, 403).message).toBe('Only admins and koordinator can import registry data.');
    // Without a session: 401 before the body is read.
    const anon = await t.app.inject({ method: 'POST', url: `${API}/imports/registry`, payload: fileText, headers: { 'content-type': 'text/csv' } });
    expect(anon.statusCode).toBe(401);
  });

  it("another user's job answers 404 (admin sees every job); lists hold the caller's own jobs", async () => {
    const korkot = as(t.app, s['korkot.depok']!);
    expectError(await korkot.get(`${API}/imports/${dryId}`), 404, 'import.job_not_found');
    expectError(await korkot.get(`${API}/imports/${dryId}/report.csv`), 404, 'import.job_not_found');
    expectError(await korkot.post(`${API}/imports/${dryId}/apply`), 404, 'import.job_not_found');
    expect(expectOk(await korkot.get(`${API}/imports`))).toMatchObject({ items: [], total: 0 });
    const admin = as(t.app, s.admin!);
    expect(expectOk(await admin.get(`${API}/imports/${dryId}`)).id).toBe(dryId);
    const own = expectOk(await as(t.app, s['korcam.cimanggis']!).get(`${API}/imports?limit=1`));
    expect(own.total).toBe(2);
    expect(own.items).toHaveLength(1);
    expect(own.maxBytes).toBe(2 * 1024 * 1024 * 1024);
    expect(own.items[0].fileName).toBe('kpm-lagi.csv');
    const all = expectOk(await admin.get(`${API}/imports`));
    expect(all.items.map((j: { id: string }) => j.id)).toContain(dryId);
    expectError(await admin.get(`${API}/imports/01900000-0000-7000-8000-0000000000ff`), 404, 'import.job_not_found');
  });

  it('an empty upload is 422; a body of another type 415; a file too large 413, in both languages', async () => {
    expectError(await upload('korcam.cimanggis', ''), 422, 'import.upload_empty');
    expectError(await upload('korcam.cimanggis', undefined, 'dryRun=true', null), 422, 'import.upload_empty');
    expectError(await upload('korcam.cimanggis', Buffer.from([1, 2, 3]), 'dryRun=true', 'image/png'), 415, 'import.upload_media_type');
    expectError(await upload('korcam.cimanggis', fileText, 'dryRun=maybe'), 400);
    const before = t.ctx.config;
    t.ctx.config = { ...before, importMaxBytes: 200 };
    try {
      const res = await upload('korcam.cimanggis', fileText);
      const err = expectError(res, 413, 'import.upload_too_large');
      expect(err.message).toBe('Berkas terlalu besar (paling besar 200 B).');
      expect(JSON.parse(res.body).error.messages.en).toBe('The file is too large (at most 200 B).');
      // Sent without a length (streamed): stopped once past the limit, nothing kept.
      const streamed = await upload('korcam.cimanggis', Readable.from([Buffer.from(fileText.slice(0, 150)), Buffer.from(fileText.slice(150))]));
      expectError(streamed, 413, 'import.upload_too_large');
    } finally {
      t.ctx.config = before;
    }
    expect(await importFiles()).toEqual([]);
  });

  it('an XLSX upload is read like the CSV (application/octet-stream, recognised by its content)', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('KPM');
    sheet.addRow([...REGISTRY_COLUMNS]);
    for (const r of family(4)) sheet.addRow(REGISTRY_COLUMNS.map((c) => r[c]));
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const job = expectOk(await upload('korkot.depok', buffer, 'dryRun=false&fileName=kpm.xlsx', 'application/octet-stream'), 202);
    expect(job.format).toBe('xlsx');
    const done = await finished('korkot.depok', job.id);
    expect(done).toMatchObject({ status: 'done', created: 1, refused: 0, rowsStaged: 3, report: false });
    expect(await familiesNamed('korkot.depok', 'Darmawan Impor 4')).toBe(1);
    // No problems: the report holds its header only.
    const report = await as(t.app, s['korkot.depok']!).get(`${API}/imports/${job.id}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(parse(report.body, { columns: true, bom: true })).toEqual([]);
  });

  it('a file the reader refuses fails the job with the reason in the caller’s language', async () => {
    const job = expectOk(await upload('korcam.cimanggis', 'no_kk;nama\n123;Ani\n', 'dryRun=true&fileName=salah.csv'), 202);
    const failed = await finished('korcam.cimanggis', job.id);
    expect(failed.status).toBe('failed');
    expect(failed.phase).toBe('failed');
    expect(failed.error.code).toBe('import.columns_missing');
    expect(failed.error.message).toMatch(/^Kolom wajib tidak ada: /);
    expect(failed.error.messages.en).toMatch(/^Required columns are missing: /);
    const en = expectOk(await as(t.app, s['korcam.cimanggis']!).get(`${API}/imports/${job.id}?lang=en`));
    expect(en.error.message).toMatch(/^Required columns are missing: /);
    expectError(await as(t.app, s['korcam.cimanggis']!).get(`${API}/imports/${job.id}/report.csv`), 409, 'import.report_not_ready');
    expect(await importFiles()).toEqual([]);
  });

  it('a CSV named .xlsx (or sent as XLSX) is read as the CSV it is; no library message ever reaches the user', async () => {
    const text = csv(family(8));
    const job = expectOk(await upload('korcam.cimanggis', text, 'dryRun=false&fileName=kpm-tugu.xlsx', XLSX), 202);
    const done = await finished('korcam.cimanggis', job.id);
    expect(done).toMatchObject({ status: 'done', created: 1, refused: 0, rowsStaged: 3, error: null });
    expect(await familiesNamed('korcam.cimanggis', 'Darmawan Impor 8')).toBe(1);
    // A zip that is no workbook: a plain message in both languages, nothing of the library's.
    const broken = expectOk(await upload('korcam.cimanggis', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('k_on'.repeat(64))]), 'dryRun=true&fileName=rusak.xlsx', XLSX), 202);
    const failed = await finished('korcam.cimanggis', broken.id);
    expect(failed.error).toMatchObject({ code: 'import.xlsx_unreadable', message: expect.stringMatching(/^Berkas XLSX tidak dapat dibaca: berkas rusak atau bukan buku kerja Excel\./) });
    expect(failed.error.messages.en).toMatch(/^The XLSX file cannot be read: it is damaged or not an Excel workbook\./);
    expect(JSON.stringify(failed.error)).not.toMatch(/signature|zip|0x/i);
    expect(await importFiles()).toEqual([]);
  });

  it('a Windows-1252 CSV (Excel\'s "CSV (Comma delimited)"): names read whole, the job counts one warning and its report says how the file was read', async () => {
    const rows = family(9).map((r, i) => (i === 0 ? { ...r, nama: 'Abdul Majïd Impor 9' } : i === 1 ? { ...r, nama: 'Riní Handayani Impor 9' } : r));
    const bytes = Buffer.from([...csv(rows)].map((ch) => (ch === 'ï' ? 0xef : ch === 'í' ? 0xed : ch.charCodeAt(0))));
    const job = expectOk(await upload('korcam.cimanggis', bytes, 'dryRun=true&fileName=kpm-excel.csv'), 202);
    const done = await finished('korcam.cimanggis', job.id);
    expect(done).toMatchObject({ status: 'done', created: 1, refused: 0, rowsRefused: 0, warnings: 1, report: true, canApply: true, encoding: 'windows-1252' });
    const report = await as(t.app, s['korcam.cimanggis']!).get(`${API}/imports/${job.id}/report.csv`);
    const lines = parse(report.body, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(lines).toEqual([{ baris: '', no_kk: '', nik: '', nama: '', kolom: 'berkas', jenis: 'peringatan', pesan: expect.stringMatching(/^Berkas dibaca sebagai Windows-1252 \(bukan UTF-8\)/) }]);
    expectOk(await as(t.app, s['korcam.cimanggis']!).post(`${API}/imports/${job.id}/apply`), 202);
    expect(await finished('korcam.cimanggis', job.id)).toMatchObject({ status: 'done', dryRun: false, created: 1, warnings: 1 });
    expect(await familiesNamed('korcam.cimanggis', 'Abdul Majïd Impor 9')).toBe(1);
    expect(await familiesNamed('korcam.cimanggis', 'Abdul Maj\uFFFDd')).toBe(0);
  });

  it('on start, unfinished uploads resume (the file kept under the job id); one whose file is gone fails; stray files go', async () => {
    const me = s['korcam.cimanggis']!.user;
    const scope: Scope = { userId: me.id, username: me.username, role: 'koordinator_kecamatan', regionCode: '32.76.02' };
    const dir = path.join(dataDir, 'imports');
    fs.mkdirSync(dir, { recursive: true });
    // A job opened (as the upload route does) whose server stopped before running it.
    const upload1 = path.join(dir, 'upload-1.csv');
    fs.writeFileSync(upload1, csv(family(5)));
    const { job: kept } = await openRegistryImport(t.ctx, scope, actorOf(scope), { filePath: upload1, fileName: 'terhenti.csv', dryRun: false, format: 'csv' });
    fs.renameSync(upload1, path.join(dir, `${kept.id}.csv`));
    // Another one whose file was lost.
    const upload2 = path.join(dir, 'upload-2.csv');
    fs.writeFileSync(upload2, csv(family(6)));
    const { job: lost } = await openRegistryImport(t.ctx, scope, actorOf(scope), { filePath: upload2, fileName: 'hilang.csv', dryRun: false, format: 'csv' });
    fs.rmSync(upload2);
    fs.writeFileSync(path.join(dir, 'sisa-unggahan.csv'), 'stray');

    const result = await resumeImportJobs(t.ctx);
    expect(result).toEqual({ resumed: 1, failed: 1 });
    await importQueueIdle(t.ctx);
    expect(await finished('korcam.cimanggis', kept.id)).toMatchObject({ status: 'done', created: 1 });
    const failed = await finished('korcam.cimanggis', lost.id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'import.upload_missing' } });
    expect(failed.error.message).toMatch(/^Berkas unggahan tidak ditemukan lagi/);
    expect(await familiesNamed('korcam.cimanggis', 'Darmawan Impor 5')).toBe(1);
    expect(await importFiles()).toEqual([]);
  });

  it('the routes are in the OpenAPI document', async () => {
    const doc = expectOk(await t.app.inject({ method: 'GET', url: '/api/openapi.json' }));
    expect(Object.keys(doc.paths['/api/v1/imports/registry'])).toContain('post');
    expect(doc.paths['/api/v1/imports/registry'].post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['dryRun', 'fileName']));
    for (const p of ['/api/v1/imports', '/api/v1/imports/{id}', '/api/v1/imports/{id}/report.csv', '/api/v1/imports/{id}/report.xlsx']) expect(Object.keys(doc.paths[p] ?? {}), p).toContain('get');
    expect(Object.keys(doc.paths['/api/v1/imports/{id}/apply'])).toContain('post');
  });

  async function countAudit(action: string): Promise<number> {
    const r = await t.ctx.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
});
