/**
 * Streamed exports (issue 8), on both engines: the families CSV is exactly the contract's registry CSV and
 * holds what the family detail API shows; scope (a pendamping's caseload, a koordinator's kecamatan, a
 * region outside the scope answers 404); masking and pseudonyms for researchers; the XLSX holds the same
 * rows as the CSV; gzip; bad parameters answer 4xx in both languages; one audit entry per export; the
 * other kinds against their APIs; and streaming itself: many chunks before the end, reading stops while
 * nobody reads (backpressure), an error part-way ends the download without a crash or a leaked identifier.
 *
 * TITIAN_EXPORT_RATE_ROWS=100000 also measures the export rate (member rows per second) on each engine.
 */
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { parse as parseCsvText } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { SYSTEM_ACTOR } from '../../../src/server/db/repositories/audit.repository';
import type { NewFamily } from '../../../src/server/db/repositories/families.repository';
import type { Scope } from '../../../src/server/db/scope';
import { prepareExport, REGISTRY_COLUMNS } from '../../../src/server/services/exports.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, kkFor, member, nikFor, UUID } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const TODAY = '2026-07-15';
const HEADER = 'no_kk,nik,nama,hubungan,jenis_kelamin,tanggal_lahir,pengurus,jenjang,hamil,nifas,disabilitas_berat,kode_kelurahan,alamat,rt,rw,tahun_mulai_pkh,desil,pendamping';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Row = Record<string, string>;

/** The CSV body as header + records (the BOM and CRLF checked by the callers). */
function parseCsv(body: string): { header: string[]; rows: Row[] } {
  const records = parseCsvText(body, { bom: true }) as string[][];
  const header = records[0] ?? [];
  return { header, rows: records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

async function parseXlsx(buffer: Buffer): Promise<{ header: string[]; rows: Row[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
  const ws = wb.worksheets[0]!;
  const all: string[][] = [];
  const columns = ws.getRow(1).cellCount; // (ws.columnCount walks every row: read it once)
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= columns; i++) {
      const v = row.getCell(i).value;
      cells.push(v === null || v === undefined ? '' : String(v));
    }
    all.push(cells);
  });
  const header = all[0] ?? [];
  return { header, rows: all.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

/** Current memberships of live families (what the families export holds). */
async function currentMembers(t: TestApp): Promise<number> {
  const r = await t.ctx.database.db
    .selectFrom('family_members')
    .innerJoin('families', 'families.id', 'family_members.family_id')
    .where('families.deleted_at', 'is', null)
    .where('family_members.deleted_at', 'is', null)
    .where('family_members.start_date', '<=', TODAY)
    .where((eb) => eb.or([eb('family_members.end_date', 'is', null), eb('family_members.end_date', '>', TODAY)]))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const jenjang = (level: string) => (level === 'none' ? 'tidak_sekolah' : level);
const bit = (b: boolean) => (b ? '1' : '0');

describe.each(ENGINES)('exports (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  let korcam: Session;
  let p01: Session;
  let peneliti: Session;
  let auditor: Session;
  let outsideKk: string;
  const get = (s: Session, url: string, headers?: Record<string, string>) => as(t.app, s).get(url, headers);

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, seedFacilitation: true, now: () => NOW });
    [admin, korcam, p01, peneliti, auditor] = await Promise.all(['admin', 'korcam.cimanggis', 'pendamping01', 'peneliti', 'auditor'].map((u) => loginAs(t.app, u)));
    // A family outside Kecamatan Cimanggis (in Beji, 32.76.01): the koordinator kecamatan must not get it.
    const kelurahan = (expectOk(await get(admin, `${API}/regions?parent=32.76.01`)).items as Array<{ code: string }>)[0]!.code;
    outsideKk = kkFor('2020-02-03', '327601');
    expectOk(
      await as(t.app, admin).post(`${API}/families`, {
        kkNumber: outsideKk,
        kelurahanCode: kelurahan,
        address: 'Jl. Beji, "Gang" 2, RT sebelah',
        rt: '1',
        rw: '2',
        joinedYear: 2022,
        members: [member({ name: 'Kepala Beji', relation: 'kepala_keluarga', sex: 'L', birthDate: '1980-01-01', nik: nikFor('1980-01-01', 'L', '327601') })],
      }),
      201,
    );
    // A closed period, so that the compliance export has frozen results too.
    expectOk(await as(t.app, korcam).post(`${API}/compliance/close`, { period: '2026-Q2' }));
  }, 240_000);
  afterAll(async () => t?.close());

  const csvOf = async (s: Session, path: string) => {
    const res = await get(s, `${API}/exports/${path}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return { res, ...parseCsv(res.body) };
  };

  it('families CSV is the contract registry CSV: header, BOM, CRLF, file name, the rows the detail API shows', async () => {
    const { res, header, rows } = await csvOf(admin, 'families');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="titian-keluarga-semua-${TODAY}.csv"`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.rawPayload.subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(res.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(HEADER);
    expect(header).toEqual([...REGISTRY_COLUMNS]);
    expect(res.body.replace(/\r\n/g, '').includes('\n')).toBe(false); // every line ends CRLF (none of our values hold a newline)

    // Every current member of every live family, nothing else.
    expect(rows).toHaveLength(await currentMembers(t));

    // Rows of a family are contiguous.
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      if (i > 0 && rows[i - 1]!.no_kk !== r.no_kk) {
        expect(seen.has(r.no_kk), `family ${r.no_kk.slice(0, 4)}… split`).toBe(false);
      }
      seen.add(r.no_kk);
    });

    // A few families decoded and compared with the family detail API, member by member in order.
    const list = expectOk(await get(admin, `${API}/families?limit=200`)).items as Array<{ id: string }>;
    for (const { id } of [list[0]!, list[17]!, list[42]!, list.at(-1)!]) {
      const d = expectOk(await get(admin, `${API}/families/${id}`));
      const mine = rows.filter((r) => r.no_kk === d.kkNumber);
      expect(mine.map((r) => r.nik)).toEqual(d.members.map((m: { nik: string | null }) => m.nik ?? ''));
      mine.forEach((r, i) => {
        const m = d.members[i];
        expect(r).toEqual({
          no_kk: d.kkNumber,
          nik: m.nik ?? '',
          nama: m.name,
          hubungan: m.relation,
          jenis_kelamin: m.sex,
          tanggal_lahir: m.birthDate,
          pengurus: bit(m.caretaker),
          jenjang: jenjang(m.schoolLevel),
          hamil: bit(m.pregnant),
          nifas: bit(m.postpartum),
          disabilitas_berat: bit(m.severeDisability),
          kode_kelurahan: d.kelurahanCode,
          alamat: d.address,
          rt: d.rt,
          rw: d.rw,
          tahun_mulai_pkh: d.joinedYear === null ? '' : String(d.joinedYear),
          desil: d.decile === null ? '' : String(d.decile),
          pendamping: d.pendamping ?? '',
        });
      });
    }
    // RFC 4180 quoting round-trips an address with commas and quotes.
    expect(rows.find((r) => r.no_kk === outsideKk)?.alamat).toBe('Jl. Beji, "Gang" 2, RT sebelah');
    expect(res.body).toContain('"Jl. Beji, ""Gang"" 2, RT sebelah"');
  });

  it('scope: a pendamping gets their caseload, a koordinator kecamatan their kecamatan; a region outside the scope is 404', async () => {
    const caseload = expectOk(await get(p01, `${API}/families?limit=500`)).items as Array<{ id: string }>;
    const kks = new Set<string>();
    for (const f of caseload) kks.add(expectOk(await get(p01, `${API}/families/${f.id}`)).kkNumber);
    const mine = await csvOf(p01, 'families');
    expect(caseload.length).toBeGreaterThan(0);
    expect(new Set(mine.rows.map((r) => r.no_kk))).toEqual(kks);
    expect(mine.res.headers['content-disposition']).toContain('titian-keluarga-pendamping01-');
    expect(new Set(mine.rows.map((r) => r.pendamping))).toEqual(new Set(['pendamping01']));

    const kec = await csvOf(korcam, 'families');
    expect(kec.rows.length).toBeGreaterThan(mine.rows.length);
    expect(kec.rows.every((r) => r.kode_kelurahan.startsWith('32.76.02.'))).toBe(true);
    expect(kec.rows.some((r) => r.no_kk === outsideKk)).toBe(false);
    const all = await csvOf(admin, 'families');
    expect(all.rows.some((r) => r.no_kk === outsideKk)).toBe(true);
    expect(all.rows.length).toBe(kec.rows.length + 1);

    // A region within the scope narrows; one outside it (or unknown) is 404, as everywhere.
    const kel = await csvOf(korcam, 'families?region=32.76.02.1007');
    expect(kel.rows.length).toBeGreaterThan(0);
    expect(kel.rows.every((r) => r.kode_kelurahan === '32.76.02.1007')).toBe(true);
    expect(kel.res.headers['content-disposition']).toContain('titian-keluarga-32.76.02.1007-');
    expectError(await get(korcam, `${API}/exports/families?region=32.76.01`), 404);
    expectError(await get(p01, `${API}/exports/activities?region=32.71`), 404);
    expectError(await get(admin, `${API}/exports/families?region=32.76.99`), 404);
    // A pendamping's region filter still only reaches their caseload.
    const p01kel = await csvOf(p01, 'families?region=32.76.02');
    expect(p01kel.rows.length).toBe(mine.rows.length);
  });

  it('researchers get the pseudonyms of the family detail (No. KK too), no birth dates or addresses', async () => {
    const { rows } = await csvOf(peneliti, 'families');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.no_kk).toMatch(/^KK-[0-9A-F]{8}$/);
      expect(r.nik === '' || /^NIK-[0-9A-F]{8}$/.test(r.nik)).toBe(true);
      expect(r.nama).toMatch(/^ART-[0-9A-F]{8}$/);
      expect([r.tanggal_lahir, r.alamat, r.rt, r.rw]).toEqual(['', '', '', '']);
    }
    const list = expectOk(await get(peneliti, `${API}/families?limit=3`)).items as Array<{ id: string }>;
    for (const { id } of list) {
      const d = expectOk(await get(peneliti, `${API}/families/${id}`));
      const mine = rows.filter((r) => r.no_kk === d.kkNumber && r.kode_kelurahan === d.kelurahanCode);
      expect(mine.map((r) => [r.nama, r.nik])).toEqual(d.members.map((m: { name: string; nik: string | null }) => [m.name, m.nik ?? '']));
    }
    // Activities: no notes, the head's pseudonym.
    const acts = await csvOf(peneliti, 'activities');
    expect(acts.rows.length).toBeGreaterThan(0);
    expect(acts.rows.every((r) => r.catatan === '' && /^KPM-/.test(r.kepala_keluarga) && /^KK-[0-9A-F]{8}$/.test(r.no_kk))).toBe(true);
    // An auditor sees identities (read-only, real identities).
    const aud = await csvOf(auditor, 'families?region=32.76.02.1007');
    expect(aud.rows.every((r) => /^\d{16}$/.test(r.no_kk))).toBe(true);
  });

  it('the XLSX holds the same rows as the CSV, and is not gzipped again; the CSV is, and inflates to the same file', async () => {
    const csv = await csvOf(admin, 'families');
    const res = await get(admin, `${API}/exports/families?format=xlsx`, { 'accept-encoding': 'gzip, deflate' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-disposition']).toBe(`attachment; filename="titian-keluarga-semua-${TODAY}.xlsx"`);
    const x = await parseXlsx(res.rawPayload);
    expect(x.header).toEqual(csv.header);
    expect(x.rows).toEqual(csv.rows);

    const zipped = await get(admin, `${API}/exports/families`, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(csv.res.body);
  });

  it('columns=extended adds status and ids at the end; any page size gives the same rows', async () => {
    const plain = await csvOf(admin, 'families');
    const ext = await csvOf(admin, 'families?columns=extended&status=aktif');
    expect(ext.header).toEqual([...REGISTRY_COLUMNS, 'status', 'id_keluarga', 'id_anggota', 'nama_kelurahan', 'tanggal_masuk']);
    expect(ext.rows.every((r) => r.status === 'aktif' && UUID.test(r.id_keluarga) && UUID.test(r.id_anggota) && r.nama_kelurahan !== '')).toBe(true);
    expect(ext.rows.length).toBeLessThanOrEqual(plain.rows.length);
    // Small pages cross many page boundaries: the same file.
    const scope: Scope = { userId: admin.user.id, username: 'admin', role: 'admin', regionCode: null };
    const small = await prepareExport(t.ctx, scope, 'families', {}, 'id', { pageSize: 7 });
    const chunks: Buffer[] = [];
    for await (const c of small.stream()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(plain.res.body);
  });

  it('bad parameters answer 4xx with Indonesian and English messages, never 5xx', async () => {
    const cases: Array<[string, number, string?]> = [
      ['nonsense', 400],
      ['families?format=pdf', 400],
      ['families?foo=1', 400],
      ['families?region=32-76', 400],
      ['families?period=2026-Q2', 422, 'period'],
      ['activities?status=aktif', 422, 'status'],
      ['compliance?period=2026-Q5', 400],
      ['compliance?period=2027-Q1', 422, 'period'],
      ['compliance?year=2030', 422, 'year'],
      ['compliance?period=2026-Q1&year=2026', 422, 'period'],
      ['activities?from=2026-05-01&to=2026-04-01', 422, 'to'],
      ['activities?type=tidak_ada', 422, 'type'],
      ['activities?from=2026-02-30', 400],
      ['graduation?state=somewhere', 400],
      ['graduation?type=tidak_ada', 422, 'type'],
      ['graduation_candidates?columns=extended', 422, 'columns'],
    ];
    for (const [path, status, field] of cases) {
      const res = await get(admin, `${API}/exports/${path}`);
      const err = expectError(res, status);
      const body = JSON.parse(res.body);
      expect(body.error.messages.id.length, path).toBeGreaterThan(0);
      expect(body.error.messages.en.length, path).toBeGreaterThan(0);
      expect(body.error.messages.id).not.toBe(body.error.messages.en);
      if (field) expect(Object.keys(err.fields ?? {}), path).toContain(field);
    }
    const en = await get(admin, `${API}/exports/families?period=2026-Q2&lang=en`);
    expect(JSON.parse(en.body).error.fields.period).toMatch(/does not apply to the families export/);
    expectError(await t.app.inject({ method: 'GET', url: `${API}/exports/families` }), 401);
  });

  it('one audit entry per export: who, kind, filters, format, rows, identities, completed', async () => {
    const before = await t.ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    const { rows } = await csvOf(korcam, 'families?region=32.76.02.1007&status=aktif');
    await csvOf(peneliti, 'activities?from=2026-01-01');
    const entries = await t.ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', Number(before.seq))
      .where('entity', '=', 'export')
      .orderBy('seq')
      .execute();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ action: 'export.families', actor_username: 'korcam.cimanggis', actor_role: 'koordinator_kecamatan', region_code: '32.76.02.1007' });
    expect(JSON.parse(entries[0]!.after_data!)).toEqual({
      kind: 'families',
      format: 'csv',
      region: '32.76.02.1007',
      filters: { status: 'aktif' },
      rows: rows.length,
      families: expect.any(Number),
      identities: true,
      status: 'completed',
    });
    expect(JSON.parse(entries[1]!.after_data!)).toMatchObject({ kind: 'activities', identities: false, filters: { from: '2026-01-01' }, status: 'completed' });
    // No identifier in the trail: no run of 16 digits standing alone (the entries' hashes are hex, and a
    // 64-character hash holds 16 digits in a row in about one run in forty).
    expect(JSON.stringify(entries)).not.toMatch(/(?<![0-9a-fA-F])\d{16}(?![0-9a-fA-F])/);
  });

  it('compliance: per member, kind and month, frozen for a closed period, as the family compliance API says', async () => {
    const { header, rows } = await csvOf(korcam, 'compliance?period=2026-Q2');
    expect(header).toEqual(['periode', 'status_periode', 'id_keluarga', 'no_kk', 'kode_kelurahan', 'pendamping', 'id_anggota', 'nik', 'nama', 'jenis', 'bulan', 'kehadiran_persen', 'patuh_bulan', 'patuh_periode', 'keterangan']);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.periode === '2026-Q2' && r.status_periode === 'ditutup')).toBe(true);
    const familyId = rows.find((r) => r.jenis === 'pendidikan')!.id_keluarga;
    const api = expectOk(await get(korcam, `${API}/families/${familyId}/compliance?period=2026-Q2`));
    const expected = api.items.flatMap((i: { memberId: string; kind: string; compliant: boolean | null; months: Array<{ month: string; attendancePct: number | null; compliant: boolean | null }> }) =>
      i.months.map((m) => [i.memberId, i.kind, m.month, m.attendancePct === null ? '' : String(m.attendancePct), m.compliant === null ? '' : bit(m.compliant), i.compliant === null ? '' : bit(i.compliant)]),
    );
    const got = rows.filter((r) => r.id_keluarga === familyId).map((r) => [r.id_anggota, r.jenis, r.bulan, r.kehadiran_persen, r.patuh_bulan, r.patuh_periode]);
    expect(got).toEqual(expected);
    const detail = expectOk(await get(korcam, `${API}/families/${familyId}`));
    for (const r of rows.filter((x) => x.id_keluarga === familyId)) {
      const m = detail.members.find((x: { id: string }) => x.id === r.id_anggota);
      if (m) expect([r.nik, r.nama]).toEqual([m.nik ?? '', m.name]);
    }
    // A year: every quarter begun so far (Q3 still open).
    const year = await csvOf(korcam, 'compliance?year=2026');
    expect(new Set(year.rows.map((r) => r.periode))).toEqual(new Set(['2026-Q1', '2026-Q2', '2026-Q3']));
    expect(year.rows.filter((r) => r.periode === '2026-Q3').every((r) => r.status_periode === 'berjalan')).toBe(true);
  });

  it('activities: every activity in the date range, with its roles, factors and obstacles, as the activity list says', async () => {
    const { header, rows } = await csvOf(admin, 'activities');
    expect(header).toEqual(['tanggal', 'jenis', 'id_kegiatan', 'id_keluarga', 'no_kk', 'kepala_keluarga', 'kode_kelurahan', 'pendamping', 'peran_ife', 'faktor_pendukung', 'hambatan', 'catatan']);
    const count = await t.ctx.database.db.selectFrom('activities').where('deleted_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(rows).toHaveLength(Number(count.n));
    expect(rows.length).toBeGreaterThan(0);
    const familyId = rows[Math.floor(rows.length / 2)]!.id_keluarga;
    const list = expectOk(await get(admin, `${API}/families/${familyId}/activities?limit=500`)).items as Array<{ id: string; type: string; date: string; roles: string[]; factors: string[]; obstacles: string[]; notes: string | null; pendamping: string | null }>;
    const byId = new Map(rows.filter((r) => r.id_keluarga === familyId).map((r) => [r.id_kegiatan, r]));
    expect(new Set(byId.keys())).toEqual(new Set(list.map((a) => a.id)));
    for (const a of list) {
      expect(byId.get(a.id)).toMatchObject({ tanggal: a.date, jenis: a.type, peran_ife: [...a.roles].sort().join(';'), faktor_pendukung: [...a.factors].sort().join(';'), hambatan: [...a.obstacles].sort().join(';'), catatan: a.notes ?? '', pendamping: a.pendamping ?? '' });
    }
    const dated = await csvOf(admin, 'activities?from=2026-05-01&to=2026-06-30');
    expect(dated.rows.length).toBeGreaterThan(0);
    expect(dated.rows.length).toBeLessThan(rows.length);
    expect(dated.rows.every((r) => r.tanggal >= '2026-05-01' && r.tanggal <= '2026-06-30')).toBe(true);
    expect(dated.rows.length).toBe(rows.filter((r) => r.tanggal >= '2026-05-01' && r.tanggal <= '2026-06-30').length);
    const visits = await csvOf(admin, 'activities?type=kunjungan_rumah');
    expect(visits.rows.every((r) => r.jenis === 'kunjungan_rumah')).toBe(true);
  });

  it('graduation cases with the date of each step, and the candidates, as the graduation APIs say', async () => {
    const { header, rows } = await csvOf(admin, 'graduation');
    expect(header.slice(0, 10)).toEqual(['id_kasus', 'id_keluarga', 'no_kk', 'kepala_keluarga', 'kode_kelurahan', 'pendamping', 'jenis', 'status', 'terbuka', 'tanggal_dibuka']);
    expect(header).toContain('tanggal_disetujui');
    expect(rows.length).toBeGreaterThan(0);
    const perFamily = new Map<string, Row[]>();
    for (const r of rows) perFamily.set(r.id_keluarga, [...(perFamily.get(r.id_keluarga) ?? []), r]);
    let compared = 0;
    for (const [familyId, cases] of perFamily) {
      if (cases.length !== 1 || compared >= 5) continue;
      const g = expectOk(await get(admin, `${API}/families/${familyId}/graduation`));
      expect([cases[0]!.status, cases[0]!.jenis]).toEqual([g.state, g.type]);
      // The step dates: the (Jakarta) day of the latest move into each state.
      const moves = (g.history as Array<{ to: string; at: string }>).filter((h) => h.to === 'candidate');
      if (moves.length) expect(cases[0]!.tanggal_kandidat).toBe(new Date(Date.parse(moves.at(-1)!.at) + 7 * 3600_000).toISOString().slice(0, 10));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
    const approved = await csvOf(admin, 'graduation?state=approved');
    expect(approved.rows.every((r) => r.status === 'approved' && r.tanggal_disetujui !== '')).toBe(true);

    const cand = await csvOf(admin, 'graduation_candidates?lang=en');
    const api = expectOk(await get(admin, `${API}/graduation/candidates?limit=500`));
    expect(api.total).toBeLessThanOrEqual(500);
    expect(new Set(cand.rows.map((r) => `${r.id_keluarga}|${r.jenis}|${r.kode_alasan}`))).toEqual(new Set(api.items.map((c: { familyId: string; type: string; reasonCode: string }) => `${c.familyId}|${c.type}|${c.reasonCode}`)));
    const one = api.items[0];
    if (one) {
      const en = expectOk(await get(admin, `${API}/graduation/candidates?limit=500`, { 'accept-language': 'en' })).items.find((c: { familyId: string; reasonCode: string }) => c.familyId === one.familyId && c.reasonCode === one.reasonCode);
      expect(cand.rows.find((r) => r.id_keluarga === one.familyId && r.kode_alasan === one.reasonCode)?.alasan).toBe(en.reason);
    }
  });
});

/** Streaming itself: 20,000 member rows (5,000 families of four) inserted in bulk. */
describe.each(ENGINES)('exports streaming (%s)', (engine) => {
  const FAMILIES = 5_000;
  const RATE_ROWS = Number(process.env.TITIAN_EXPORT_RATE_ROWS ?? 0);
  let t: TestApp;
  let admin: Session;
  let scope: Scope;
  const log: string[] = [];
  let base = '';

  /** Families of four, in bulk through the families repository (kk and NIK serials from `offset`). */
  async function insertBulk(count: number, offset: number) {
    const at = NOW.toISOString();
    for (let i = 0; i < count; i += 1000) {
      const batch: NewFamily[] = [];
      for (let j = i; j < Math.min(count, i + 1000); j++) {
        const n = offset + j;
        const kk = `3276090${String(n).padStart(9, '0')}`;
        const members = ['kepala_keluarga', 'istri', 'anak', 'anak'] as const;
        const persons = members.map((relation, k) => ({
          id: uuidv7(),
          nik: `3276080${String(n * 4 + k).padStart(9, '0')}`,
          nikHash: '',
          name: `Anggota ${n}-${k}`,
          sex: (k === 1 ? 'P' : 'L') as 'L' | 'P',
          birthDate: k < 2 ? '1985-05-05' : '2015-06-06',
          schoolLevel: (k < 2 ? 'none' : 'sd') as 'none' | 'sd',
          pregnant: false,
          postpartum: false,
          severeDisability: false,
          relation,
        }));
        batch.push({
          id: uuidv7(),
          kkNumber: kk,
          kkHash: t.ctx.hashIdentity(kk),
          provinceCode: '32',
          kabKotaCode: '32.76',
          kecamatanCode: '32.76.02',
          kelurahanCode: '32.76.02.1007',
          address: `Jl. Massal ${n}`,
          rt: '001',
          rw: '002',
          joinedYear: 2021,
          decile: 3,
          status: 'aktif',
          pendampingId: null,
          headName: persons[0]!.name,
          persons: persons.map(({ relation: _r, ...p }) => ({ ...p, nikHash: t.ctx.hashIdentity(p.nik) })),
          memberships: persons.map((p, k) => ({ id: uuidv7(), personId: p.id, relation: p.relation, caretaker: k === 1, startDate: p.birthDate, position: k })),
        });
      }
      await t.ctx.repos.families.insertFamilies(batch, SYSTEM_ACTOR, at);
    }
  }

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, cb) {
        log.push(String(chunk));
        cb();
      },
    });
    t = await createTestApp(engine, { seedFamilies: 2, now: () => NOW, logger: { stream, level: 'info' } });
    admin = await loginAs(t.app, 'admin');
    scope = { userId: admin.user.id, username: 'admin', role: 'admin', regionCode: null };
    await insertBulk(FAMILIES, 0);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  }, 600_000);
  afterAll(async () => t?.close());

  /** A GET over a real socket: the chunks as they arrive (with their time) and how the response ended. */
  function download(path: string, headers: Record<string, string> = {}, onChunk?: (index: number) => void) {
    return new Promise<{ status: number; chunks: Array<{ at: number; bytes: number }>; body: Buffer; ended: 'end' | 'aborted'; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const started = performance.now();
      const req = http.get(`${base}${path}`, { headers: { cookie: admin.cookie, ...headers } }, (res) => {
        const chunks: Array<{ at: number; bytes: number }> = [];
        const parts: Buffer[] = [];
        let done = false;
        const finish = (ended: 'end' | 'aborted') => {
          if (done) return;
          done = true;
          resolve({ status: res.statusCode ?? 0, chunks, body: Buffer.concat(parts), ended, headers: res.headers });
        };
        res.on('data', (c: Buffer) => {
          chunks.push({ at: performance.now() - started, bytes: c.length });
          parts.push(c);
          onChunk?.(chunks.length);
        });
        res.on('end', () => finish(res.complete ? 'end' : 'aborted'));
        res.on('aborted', () => finish('aborted'));
        res.on('error', () => finish('aborted'));
        res.on('close', () => finish(res.complete ? 'end' : 'aborted'));
      });
      req.on('error', reject);
    });
  }

  it('20,000 member rows arrive in many chunks, the first long before the end; the heap does not hold the file', async () => {
    // The heap after a full collection, every 8 chunks while the file arrives (the body itself is kept in
    // Buffers, outside the heap): retained rows would make it climb with the rows sent.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heap: number[] = [];
    const r = await download('/api/v1/exports/families', {}, (i) => {
      if (i % 8 !== 0) return;
      gc();
      heap.push(process.memoryUsage().heapUsed / 1e6);
    });
    expect(r.status).toBe(200);
    expect(r.ended).toBe('end');
    expect(r.headers['transfer-encoding']).toBe('chunked');
    const text = r.body.toString('utf8');
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines.length - 1).toBe(await currentMembers(t));
    expect(r.chunks.length).toBeGreaterThan(20);
    const total = r.chunks.at(-1)!.at;
    expect(r.chunks[0]!.at).toBeLessThan(total / 2);
    console.log(
      `[exports ${engine}] ${lines.length - 1} rows, ${(r.body.length / 1e6).toFixed(1)} MB in ${r.chunks.length} chunks over ${total.toFixed(0)} ms (first after ${r.chunks[0]!.at.toFixed(0)} ms); heap after GC while streaming: ${heap.map((h) => h.toFixed(1)).join(' ')} MB`,
    );
    expect(heap.length).toBeGreaterThan(5);
    // 20,000 rows held as objects would be tens of MB; what remains after a collection stays level.
    // Retention shows as a climb: each sample against the lowest before it. A fall is what earlier requests or
    // test files left being collected late, not this export.
    const settled = heap.slice(1); // (the first sample still holds what earlier requests left)
    const climb = Math.max(...settled.map((h, i) => h - Math.min(...settled.slice(0, i + 1))));
    expect(climb).toBeLessThan(8);
  });

  it('backpressure: while nobody reads, no more pages are read (CSV and XLSX), and the rest follows when reading resumes', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      let pages = 0;
      let stream: import('node:stream').Readable | undefined;
      const repo = t.ctx.repos.exports;
      const original = repo.familiesPage.bind(repo);
      repo.familiesPage = async (...args) => {
        pages++;
        return original(...args);
      };
      try {
        const prepared = await prepareExport(t.ctx, scope, 'families', { format }, 'id', { pageSize: 250 });
        stream = prepared.stream();
        const it = stream[Symbol.asyncIterator]();
        const first = await it.next();
        expect(first.done).toBe(false);
        await new Promise((r) => setTimeout(r, 400));
        const whilePaused = pages;
        // 5,000 families in pages of 250 is 21 pages; a stalled reader holds the export to the first few (the
        // XLSX writer's deflate swallows several pages before its first bytes fill the stream: up to about half).
        expect(whilePaused, `${format}: pages read while paused`).toBeLessThanOrEqual(format === 'csv' ? 3 : 15);
        // And it stays held while the reader still waits: CSV reads nothing more; the XLSX writer may read a
        // little more as zlib drains its input into its window, but never the whole export (its backlog is
        // bounded in bytes, see export-format.ts).
        await new Promise((r) => setTimeout(r, 1000));
        const afterLongPause = pages;
        if (format === 'csv') expect(pages, 'csv: pages read during a longer pause').toBe(whilePaused);
        else expect(pages, 'xlsx: pages read during a longer pause').toBeLessThanOrEqual(18);
        const parts: Buffer[] = [first.value as Buffer];
        for (let r = await it.next(); !r.done; r = await it.next()) parts.push(r.value as Buffer);
        expect(pages).toBeGreaterThanOrEqual(21);
        const rows = format === 'csv' ? parseCsv(Buffer.concat(parts).toString('utf8')).rows.length : (await parseXlsx(Buffer.concat(parts))).rows.length;
        expect(rows).toBeGreaterThanOrEqual(FAMILIES * 4);
        console.log(`[exports ${engine}] ${format}: ${whilePaused} (${afterLongPause} after a longer pause) of ${pages} pages read while the reader paused`);
      } finally {
        stream?.destroy();
        repo.familiesPage = original;
      }
    }
  }, 120_000);

  it('a reader that goes away ends the export (audited as aborted); an error part-way ends the download, is logged without identifiers, and the server carries on', async () => {
    const repo = t.ctx.repos.exports;
    const original = repo.membersOf.bind(repo);
    let calls = 0;
    repo.membersOf = async (...args) => {
      calls++;
      if (calls === 2) throw new Error('database exploded near NIK 3276081234567890');
      return original(...args);
    };
    try {
      const r = await download('/api/v1/exports/families', { 'accept-encoding': 'gzip' });
      expect(r.status).toBe(200);
      expect(r.ended).toBe('aborted');
    } finally {
      repo.membersOf = original;
    }
    expectOk(await t.app.inject({ method: 'GET', url: '/api/health' }));
    const failed = await t.ctx.database.db.selectFrom('audit_log').select(['after_data']).where('action', '=', 'export.families').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    const after = JSON.parse(failed.after_data!);
    expect(after).toMatchObject({ status: 'failed', identities: true });
    // The first page (2,000 families) went out before the second failed.
    expect(after.rows).toBeGreaterThanOrEqual(7_990);
    expect(after.rows).toBeLessThan(FAMILIES * 4);
    const logged = log.join('');
    expect(logged).toContain(`export families failed after ${after.rows} rows`);
    expect(logged).not.toMatch(/\d{16}/);

    // A reader that stops after the first chunk.
    await new Promise<void>((resolve, reject) => {
      const req = http.get(`${base}/api/v1/exports/families?format=xlsx`, { headers: { cookie: admin.cookie } }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e)));
    });
    await expect
      .poll(async () => JSON.parse((await t.ctx.database.db.selectFrom('audit_log').select(['after_data']).where('action', '=', 'export.families').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).after_data!).status, { timeout: 10_000 })
      .toBe('aborted');
    expectOk(await t.app.inject({ method: 'GET', url: '/api/health' }));
  }, 120_000);

  it.runIf(RATE_ROWS > 0)(`measures the export rate for ${RATE_ROWS} member rows`, async () => {
    const have = FAMILIES * 4;
    if (RATE_ROWS > have) await insertBulk(Math.ceil((RATE_ROWS - have) / 4), FAMILIES);
    for (const format of ['csv', 'xlsx'] as const) {
      const started = performance.now();
      const prepared = await prepareExport(t.ctx, scope, 'families', { format }, 'id');
      let bytes = 0;
      let rows = 0;
      const rss: number[] = [];
      for await (const c of prepared.stream()) {
        bytes += (c as Buffer).length;
        rss.push(process.memoryUsage().rss);
      }
      const audit = await t.ctx.database.db.selectFrom('audit_log').select(['after_data']).where('action', '=', 'export.families').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      rows = JSON.parse(audit.after_data!).rows;
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `[exports ${engine}] RATE ${format}: ${rows} member rows in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds)} rows/s, ${(bytes / 1e6).toFixed(1)} MB; RSS ${(Math.min(...rss) / 1e6).toFixed(0)}-${(Math.max(...rss) / 1e6).toFixed(0)} MB`,
      );
      expect(rows).toBeGreaterThanOrEqual(RATE_ROWS);
    }
  }, 1_800_000);
});
