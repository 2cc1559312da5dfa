/**
 * The graduation documents through the API on both engines: the self-declaration letter (PDF), the berita
 * acara of a group graduation event (PDF), the proposals list for e-PKH (XLSX), and the evidence uploads
 * of the workflow (family documents; a document of another family is refused).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../../src/server/db/scope';
import { HttpError } from '../../../src/server/http/errors';
import { readPdf as readPdfText } from '../../support/pdf';
import { transition } from '../../../src/server/services/graduation.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, kkFor, member, nikFor, UUID } from './helpers';

const TODAY = '2026-07-15'; // a Wednesday (Rabu)
const TUGU = '32.76.02.1009';

/** A valid 8×8 grey baseline JPEG (no binary fixtures). */
function makeJpeg(): Buffer {
  const seg = (marker: number, body: number[]) => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];
  const huff = (tableClass: number) => [tableClass << 4, 1, ...new Array(15).fill(0), 0x00];
  return Buffer.from([
    0xff, 0xd8,
    ...seg(0xdb, [0x00, ...new Array(64).fill(1)]),
    ...seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...seg(0xc4, huff(0)),
    ...seg(0xc4, huff(1)),
    ...seg(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f,
    0xff, 0xd9,
  ]);
}

describe.each(ENGINES)('graduation documents (%s)', (engine) => {
  let t: TestApp;
  let dataDir = '';
  const s: Record<string, Session> = {};
  const ids = { a: '', b: '', c: '' };
  const kk = kkFor();
  const headNik = nikFor('1980-03-04', 'L');
  const caretakerNik = nikFor('1982-05-06', 'P');
  const docs = { a: '', b: '', c: '' };

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 20, now: () => new Date(`${TODAY}T03:00:00Z`) });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-grad-docs-'));
    t.ctx.config = { ...t.ctx.config, dataDir };
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
    const create = async (kkNumber: string, head: string, caretaker: string, nik1: string, nik2: string) =>
      expectOk(
        await as(t.app, s.pendamping01!).post(`${API}/families`, {
          kkNumber,
          kelurahanCode: TUGU,
          address: 'Jl. Kenanga No. 7',
          rt: '3',
          rw: '11',
          joinedYear: 2016,
          decile: 4,
          members: [
            member({ name: head, nik: nik1, relation: 'kepala_keluarga', sex: 'L', birthDate: '1980-03-04' }),
            member({ name: caretaker, nik: nik2, relation: 'istri', sex: 'P', birthDate: '1982-05-06', caretaker: true }),
            member({ name: 'Anak Pertama', relation: 'anak', sex: 'L', birthDate: '2012-01-01', schoolLevel: 'smp' }),
          ],
        }),
        201,
      ).id as string;
    ids.a = await create(kk, 'Bambang Haryanto', 'Sri Rahayu', headNik, caretakerNik);
    ids.b = await create(kkFor(), 'Joko Susilo', 'Lestari Ningsih', nikFor('1979-01-02', 'L'), nikFor('1981-02-03', 'P'));
    ids.c = await create(kkFor(), 'Agus Salim', 'Wati Kusuma', nikFor('1975-06-07', 'L'), nikFor('1977-08-09', 'P'));
    const upload = async (familyId: string) =>
      expectOk(
        await as(t.app, s.pendamping01!).post(`${API}/attachments?ownerKind=family_document&ownerId=${familyId}&caption=${encodeURIComponent('Surat pernyataan bertanda tangan')}`, makeJpeg(), {
          'content-type': 'image/jpeg',
        }),
        201,
      );
    const a = await upload(ids.a);
    expect(a).toMatchObject({ ownerKind: 'family_document', ownerId: ids.a });
    expect(a.id).toMatch(UUID);
    docs.a = a.id;
    docs.b = (await upload(ids.b)).id;
    docs.c = (await upload(ids.c)).id;
  });
  afterAll(async () => {
    await t?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const api = (u: string) => as(t.app, s[u]!);
  const get = (u: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s[u]!.cookie } });

  it('family documents: listed for the family, scoped like the family, never for researchers', async () => {
    const list = expectOk(await api('pendamping01').get(`${API}/attachments?ownerKind=family_document&ownerId=${ids.a}`));
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([docs.a]);
    expect((await api('korcam.cimanggis').get(`${API}/attachments/${docs.a}`)).statusCode).toBe(200);
    expectError(await api('pendamping02').get(`${API}/attachments?ownerKind=family_document&ownerId=${ids.a}`), 404);
    expectError(await api('pendamping02').get(`${API}/attachments/${docs.a}`), 404);
    expectError(await api('peneliti').get(`${API}/attachments/${docs.a}`), 403);
    expectError(await api('pendamping02').post(`${API}/attachments?ownerKind=family_document&ownerId=${ids.a}`, makeJpeg(), { 'content-type': 'image/jpeg' }), 404);
    expectError(await api('auditor').post(`${API}/attachments?ownerKind=family_document&ownerId=${ids.a}`, makeJpeg(), { 'content-type': 'image/jpeg' }), 403);
  });

  it('the letter PDF is filled with the family’s data, before any case exists', async () => {
    const res = await get('pendamping01', `${API}/families/${ids.a}/graduation/letter.pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    // Named readably: the head's name and the letter's date (today when none is printed), never the record id.
    expect(res.headers['content-disposition']).toBe('attachment; filename="surat-pernyataan-graduasi-bambang-haryanto-2026-07-15.pdf"');
    expect(String(res.headers['content-disposition'])).not.toContain(kk);
    const { text, pages } = readPdfText(res.rawPayload);
    expect(pages).toBe(1);
    for (const phrase of [
      'SURAT PERNYATAAN GRADUASI SEJAHTERA MANDIRI',
      'Sri Rahayu',
      caretakerNik,
      kk,
      'Bambang Haryanto',
      'Jl. Kenanga No. 7, RT 003/',
      'Tugu',
      'Cimanggis',
      'Kota Depok',
      'Materai 10.000',
      'Mengetahui,',
      'Lurah Tugu',
      'Depok, ................................ 20......',
    ]) {
      expect(text, phrase).toContain(phrase);
    }
    expect(text).not.toContain(headNik);
    // The pendamping's name as the accounts know it.
    const me = expectOk(await api('pendamping01').get(`${API}/me`));
    expect(text).toContain(`( ${me.displayName ?? me.user?.displayName} )`);
    // A date to print.
    const datedRes = await get('pendamping01', `${API}/families/${ids.a}/graduation/letter.pdf?date=2026-07-14`);
    expect(datedRes.headers['content-disposition']).toBe('attachment; filename="surat-pernyataan-graduasi-bambang-haryanto-2026-07-14.pdf"');
    const dated = readPdfText(datedRes.rawPayload).text;
    expect(dated).toContain('Depok, 14 Juli 2026');
    expectError(await get('pendamping01', `${API}/families/${ids.a}/graduation/letter.pdf?date=2026-02-30`), 400);
  });

  it('the letter: 403 for researchers, 404 out of scope, audited as a sensitive read', async () => {
    expectError(await get('peneliti', `${API}/families/${ids.a}/graduation/letter.pdf`), 403);
    expectError(await get('pendamping02', `${API}/families/${ids.a}/graduation/letter.pdf`), 404);
    expectError(await get('pendamping01', `${API}/families/01900000-0000-7000-8000-00000000dead/graduation/letter.pdf`), 404);
    expect((await get('auditor', `${API}/families/${ids.a}/graduation/letter.pdf`)).statusCode).toBe(200);
    const rows = await t.ctx.database.db.selectFrom('audit_log').select(['action', 'after_data']).where('family_id', '=', ids.a).where('action', '=', 'family.read_sensitive').execute();
    const vias = rows.map((r) => (r.after_data ? (JSON.parse(r.after_data) as { via?: string }).via : undefined));
    expect(vias.filter((v) => v === 'graduation_letter').length).toBeGreaterThanOrEqual(3);
    // Never an identifier in the trail's own words.
    expect(JSON.stringify(rows)).not.toContain(kk);
  });

  it('evidence documents must be uploads of the family itself (422 on the field); 409 still comes first', async () => {
    const url = `${API}/families/${ids.a}/graduation/transitions`;
    expectOk(await api('pendamping01').post(url, { to: 'candidate', type: 'sejahtera_mandiri', note: 'Usaha katering berjalan' }));
    // Not allowed from candidate: 409, whatever the document.
    expectError(await api('pendamping01').post(url, { to: 'statement_signed', evidence: { statementSignedAt: '2026-07-14', documentId: docs.b } }), 409);
    const assessment = expectOk(await api('pendamping01').post(`${API}/families/${ids.a}/assessments`, { criteriaSet: 'pkh-default', answers: { pendapatan_stabil: true }, date: '2026-07-10' }), 201);
    expectOk(await api('pendamping01').post(url, { to: 'assessed', evidence: { assessmentId: assessment.id } }));
    // The assessment found the family not ready: the statement goes only as an exception with its reason.
    const override = { reason: 'Keluarga menyatakan siap; pendapatan diverifikasi ulang' };
    const other = expectError(await api('pendamping01').post(url, { to: 'statement_signed', evidence: { statementSignedAt: '2026-07-14', documentId: docs.b, readinessOverride: override } }), 422);
    expect(Object.keys(other.fields ?? {})).toEqual(['evidence.documentId']);
    const missing = expectError(
      await api('pendamping01').post(url, { to: 'statement_signed', evidence: { statementSignedAt: '2026-07-14', documentId: '01900000-0000-7000-8000-00000000beef', readinessOverride: override } }),
      422,
    );
    expect(Object.keys(missing.fields ?? {})).toEqual(['evidence.documentId']);
    const signed = expectOk(await api('pendamping01').post(url, { to: 'statement_signed', evidence: { statementSignedAt: '2026-07-14', documentId: docs.a, readinessOverride: override } }));
    expect(signed.state).toBe('statement_signed');
    expect(signed.history.at(-1).evidence).toMatchObject({ documentId: docs.a });
    // The letter now carries the signing date.
    expect(readPdfText((await get('pendamping01', `${API}/families/${ids.a}/graduation/letter.pdf`)).rawPayload).text).toContain('Depok, 14 Juli 2026');
    expectOk(await api('pendamping01').post(url, { to: 'proposed', note: 'Diusulkan graduasi sejahtera mandiri' }));
  });

  it('a forced graduation’s kelurahan letter must be the family’s own upload', async () => {
    const url = `${API}/families/${ids.c}/graduation/transitions`;
    expectOk(await api('pendamping01').post(url, { to: 'candidate', type: 'paksa' }));
    const assessment = expectOk(await api('pendamping01').post(`${API}/families/${ids.c}/assessments`, { criteriaSet: 'pkh-default', answers: {}, date: '2026-07-10' }), 201);
    expectOk(await api('pendamping01').post(url, { to: 'assessed', evidence: { assessmentId: assessment.id } }));
    // Straight to the service (the field as the domain names it).
    const me = await t.ctx.repos.auth.userById(s.pendamping01!.user.id);
    const scope: Scope = { userId: me!.id, username: me!.username, role: 'pendamping', regionCode: me!.regionCode ?? null, via: 'session' };
    const refused = await transition(t.ctx, scope, ids.c, { to: 'proposed', evidence: { kelurahanLetterDocumentId: docs.a } as never }, 'id').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(422);
    expect(Object.keys((refused as HttpError).fields)).toEqual(['evidence.kelurahanLetterDocumentId']);
    const ok = await transition(t.ctx, scope, ids.c, { to: 'proposed', evidence: { kelurahanLetterDocumentId: docs.c } as never }, 'id');
    expect(ok.state).toBe('proposed');
  });

  it('the proposals XLSX lists the proposed families with No. KK and the caretaker’s NIK', async () => {
    const res = await get('pendamping01', `${API}/graduation/proposals.xlsx`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="usulan-graduasi-${TODAY}.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Usulan Graduasi', 'Keterangan']);
    const ws = wb.getWorksheet('Usulan Graduasi')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['No. KK', 'NIK Pengurus', 'Nama Pengurus', 'Kode Kelurahan', 'Kelurahan', 'Jenis Graduasi', 'Status', 'Alasan', 'Hasil Asesmen', 'Skor Asesmen', 'Tanggal Usulan', 'Pendamping']));
    const col = (name: string) => header.indexOf(name) + 1;
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((r, n) => n > 1 && rows.push(r));
    expect(rows).toHaveLength(2);
    const a = rows.find((r) => r.getCell(col('No. KK')).value === kk)!;
    expect(a).toBeDefined();
    expect(a.getCell(col('NIK Pengurus')).value).toBe(caretakerNik);
    expect(a.getCell(col('Nama Pengurus')).value).toBe('Sri Rahayu');
    expect(a.getCell(col('Kode Kelurahan')).value).toBe(TUGU);
    expect(a.getCell(col('Kelurahan')).value).toBe('Tugu');
    expect(a.getCell(col('Jenis Graduasi')).value).toBe('sejahtera_mandiri');
    expect(a.getCell(col('Status')).value).toBe('proposed');
    expect(a.getCell(col('Alasan')).value).toBe('Diusulkan graduasi sejahtera mandiri');
    expect(['ready', 'not_ready']).toContain(a.getCell(col('Hasil Asesmen')).value);
    expect(typeof a.getCell(col('Skor Asesmen')).value).toBe('number');
    expect(a.getCell(col('Tanggal Usulan')).value).toEqual(new Date(`${TODAY}T00:00:00Z`));
    expect(a.getCell(col('Pendamping')).value).toBe('pendamping01');
    const c = rows.find((r) => r.getCell(col('Jenis Graduasi')).value === 'paksa')!;
    expect(c.getCell(col('Nama Pengurus')).value).toBe('Wati Kusuma');
    const notes: unknown[] = [];
    wb.getWorksheet('Keterangan')!.eachRow((r) => notes.push(r.getCell(1).value));
    expect(notes).toEqual(expect.arrayContaining(['No. KK', 'NIK Pengurus', 'Skor Asesmen']));
    // Scope and roles.
    const korcam = new ExcelJS.Workbook();
    await korcam.xlsx.load((await get('korcam.cimanggis', `${API}/graduation/proposals.xlsx`)).rawPayload as never);
    expect(korcam.getWorksheet('Usulan Graduasi')!.rowCount).toBeGreaterThanOrEqual(3);
    const other = new ExcelJS.Workbook();
    await other.xlsx.load((await get('pendamping02', `${API}/graduation/proposals.xlsx`)).rawPayload as never);
    expect(other.getWorksheet('Usulan Graduasi')!.rowCount).toBe(1);
    expectError(await get('peneliti', `${API}/graduation/proposals.xlsx`), 403);
    const audited = await t.ctx.database.db.selectFrom('audit_log').select(['action', 'family_id']).where('action', 'in', ['report.graduation_proposals', 'family.read_sensitive']).execute();
    expect(audited.some((r) => r.action === 'report.graduation_proposals')).toBe(true);
    expect(audited.some((r) => r.action === 'family.read_sensitive' && r.family_id === ids.c)).toBe(true);
  });

  it('the berita acara lists an exited family of the kelurahan, with the day and date in words', async () => {
    const url = `${API}/families/${ids.a}/graduation/transitions`;
    expectOk(await api('korcam.cimanggis').post(url, { to: 'approved', note: 'Layak' }));
    expectOk(await api('korcam.cimanggis').post(url, { to: 'exited', evidence: { effectiveDate: TODAY } }));
    const res = await get('korcam.cimanggis', `${API}/graduation/berita-acara.pdf?date=${TODAY}&kelurahan=${TUGU}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="berita-acara-graduasi-${TUGU}-${TODAY}.pdf"`);
    const { text } = readPdfText(res.rawPayload);
    for (const phrase of [
      'BERITA ACARA GRADUASI KELUARGA PENERIMA MANFAAT PKH',
      'Pada hari ini Rabu tanggal lima belas bulan Juli tahun dua ribu dua puluh enam',
      'sebanyak 1 (satu) keluarga',
      'Bambang Haryanto',
      'Graduasi Sejahtera Mandiri',
      '15 Juli 2026',
      'Pendamping Sosial PKH',
      'Koordinator PKH Kecamatan Cimanggis',
      'Lurah Tugu',
    ]) {
      expect(text, phrase).toContain(phrase);
    }
    // Proposed (not approved) families are not in it.
    expect(text).not.toContain('Agus Salim');
    // The family's pendamping gets it too; others find nothing in their scope.
    expect((await get('pendamping01', `${API}/graduation/berita-acara.pdf?date=${TODAY}&kelurahan=${TUGU}`)).statusCode).toBe(200);
    const none = expectError(await get('pendamping02', `${API}/graduation/berita-acara.pdf?date=${TODAY}&kelurahan=${TUGU}`), 422);
    expect(Object.keys(none.fields ?? {})).toEqual(['date']);
    expectError(await get('korcam.cimanggis', `${API}/graduation/berita-acara.pdf?date=2026-07-01&kelurahan=${TUGU}`), 422);
    expectError(await get('korcam.cimanggis', `${API}/graduation/berita-acara.pdf?date=${TODAY}&kelurahan=${TUGU}&from=2026-08-01`), 422);
    expectError(await get('korcam.cimanggis', `${API}/graduation/berita-acara.pdf?date=${TODAY}&kelurahan=32.76.02.9999`), 422);
    expectError(await get('korcam.cimanggis', `${API}/graduation/berita-acara.pdf?date=${TODAY}&kelurahan=tugu`), 400);
    expectError(await get('korcam.cimanggis', `${API}/graduation/berita-acara.pdf?kelurahan=${TUGU}`), 400);
    expectError(await get('peneliti', `${API}/graduation/berita-acara.pdf?date=${TODAY}&kelurahan=${TUGU}`), 403);
    // The exited family is no longer on the proposals list.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get('pendamping01', `${API}/graduation/proposals.xlsx`)).rawPayload as never);
    const values: unknown[] = [];
    wb.getWorksheet('Usulan Graduasi')!.eachRow((r) => values.push(...(r.values as unknown[])));
    expect(values).not.toContain(kk);
  });
});
