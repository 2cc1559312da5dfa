/**
 * The registry import on both engines: a generated registry round-trips (generate → import → export →
 * compare), a second import changes nothing, a dry run counts exactly what the real run does, edits of a file
 * update families (members added, ended, moved between families of the file), and malformed files give row
 * errors with nothing half-written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeKkNumber, composeNik, maskIdentifier } from '../../src/domain/nik';
import { REGISTRY_COLUMNS } from '../../src/domain/registry-row';
import { uuidv7 } from '../../src/domain/ids';
import { SYSTEM_ACTOR } from '../../src/server/db/repositories/audit.repository';
import { SYSTEM_SCOPE } from '../../src/server/services/graduation.service';
import { applyDryRun, importRegistryFile, openRegistryImport, registryReportRows, runRegistryImport } from '../../src/server/services/registry-import.service';
import { stagingDir, stagingPath } from '../../src/server/import/staging-file';
import { syntheticPendamping, syntheticRegistryCsv } from '../../src/server/import/synthetic-registry';
import { as, createTestApp, loginAs, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';

const ACTOR = { ...SYSTEM_ACTOR, username: 'test' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-import-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function writeFile(content: string | Buffer, ext = 'csv'): string {
  const file = path.join(dir, `f${++fileNo}.${ext}`);
  fs.writeFileSync(file, content);
  return file;
}

type Row = Record<(typeof REGISTRY_COLUMNS)[number], string>;
const HEADER = REGISTRY_COLUMNS.join(',');
const line = (r: Row, sep = ',') => REGISTRY_COLUMNS.map((c) => (/[",;\n]/.test(r[c]) ? `"${r[c].replace(/"/g, '""')}"` : r[c])).join(sep);
const csv = (rows: Row[], sep = ',') => `${REGISTRY_COLUMNS.join(sep)}\n${rows.map((r) => line(r, sep)).join('\n')}\n`;
const parseCsv = (text: string): Row[] => parse(text, { columns: true, bom: true, skip_empty_lines: true });

/** A small hand-made family in Kelurahan Tugu (Cimanggis); `n` picks distinct identifiers. */
function family(n: number, opts: { members?: number; kelurahan?: string } = {}): Row[] {
  const kk = composeKkNumber({ regionCode6: '32.76.02', issueDate: '2015-05-12', serial: 100 + n });
  const base = { no_kk: kk, kode_kelurahan: opts.kelurahan ?? '32.76.02.1009', alamat: `Jl. Melati ${n}, Gg. 2`, rt: '001', rw: '002', tahun_mulai_pkh: '2019', desil: '2', pendamping: '' };
  const people: Array<Omit<Row, keyof typeof base>> = [
    { nik: composeNik({ regionCode6: '32.76.02', birthDate: '1980-03-15', sex: 'L', serial: 1000 + n }), nama: `Budi ${n}`, hubungan: 'kepala_keluarga', jenis_kelamin: 'L', tanggal_lahir: '1980-03-15', pengurus: '0', jenjang: 'tidak_sekolah', hamil: '0', nifas: '0', disabilitas_berat: '0' },
    { nik: composeNik({ regionCode6: '32.76.02', birthDate: '1984-07-01', sex: 'P', serial: 1000 + n }), nama: `Siti ${n}`, hubungan: 'istri', jenis_kelamin: 'P', tanggal_lahir: '1984-07-01', pengurus: '1', jenjang: 'tidak_sekolah', hamil: '0', nifas: '0', disabilitas_berat: '0' },
    { nik: composeNik({ regionCode6: '32.76.02', birthDate: '2014-02-10', sex: 'L', serial: 1000 + n }), nama: `Adi ${n}`, hubungan: 'anak', jenis_kelamin: 'L', tanggal_lahir: '2014-02-10', pengurus: '0', jenjang: 'sd', hamil: '0', nifas: '0', disabilitas_berat: '0' },
    { nik: composeNik({ regionCode6: '32.76.02', birthDate: '2020-09-09', sex: 'P', serial: 1000 + n }), nama: `Ani ${n}`, hubungan: 'anak', jenis_kelamin: 'P', tanggal_lahir: '2020-09-09', pengurus: '0', jenjang: 'paud', hamil: '0', nifas: '0', disabilitas_berat: '0' },
  ];
  return people.slice(0, opts.members ?? 3).map((p) => ({ ...base, ...p }) as Row);
}

describe.each(ENGINES)('registry import on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 1, now: () => new Date('2026-06-15T03:00:00Z') });
    // The staging files live under the data directory.
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, `data-${engine}-`)) };
  });
  afterAll(() => t.close());

  const run = (file: string, dryRun = false) => importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: path.basename(file), dryRun });
  const familyCount = async () => Number((await t.ctx.database.db.selectFrom('families').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const memberCount = async () =>
    Number(
      (
        await t.ctx.database.db
          .selectFrom('family_members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('end_date', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('round-trips a generated registry: import, export, the same rows; a second import changes nothing', async () => {
    const opts = { families: 120, seed: 7, region: '32.76.02', asOf: '2026-01-01' };
    const at = new Date().toISOString();
    for (const p of syntheticPendamping(opts)) {
      await t.ctx.repos.auth.createUser({ id: uuidv7(), username: p.username, displayName: p.username, passwordHash: 'x', role: 'pendamping', regionCode: p.kecamatanCode }, ACTOR, at);
    }
    const text = syntheticRegistryCsv(opts);
    const generated = parseCsv(text);
    const file = writeFile(text);
    const families0 = await familyCount();

    const dry = await run(file, true);
    expect(await familyCount()).toBe(families0);
    const real = await run(file);
    // The dry run counted exactly what the real run did.
    expect({ ...dry, jobId: '', status: '', dryRun: false, resumed: false }).toEqual({ ...real, jobId: '', status: '', dryRun: false, resumed: false });
    const withoutPendamping = new Set(generated.filter((r) => r.pendamping === '').map((r) => r.no_kk)).size;
    expect(real).toMatchObject({ created: 120, updated: 0, unchanged: 0, refused: 0, unmatched: 0, rows: generated.length });
    expect(withoutPendamping).toBeLessThan(120);
    expect(await familyCount()).toBe(families0 + 120);

    const admin = as(t.app, await loginAs(t.app, 'admin'));
    const res = await admin.get('/api/v1/exports/families?format=csv&region=32.76.02');
    expect(res.statusCode).toBe(200);
    const exported = parseCsv(res.body).filter((r) => generated.some((g) => g.no_kk === r.no_kk));
    const key = (r: Row) => `${r.no_kk}|${r.nik}`;
    const norm = (r: Row) => REGISTRY_COLUMNS.map((c) => r[c]).join('|');
    expect(new Map(exported.map((r) => [key(r), norm(r)]))).toEqual(new Map(generated.map((r) => [key(r), norm(r)])));

    const changesBefore = await t.ctx.database.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow();
    const again = await run(file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 120, refused: 0, unmatched: 0 });
    const changesAfter = await t.ctx.database.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow();
    expect(changesAfter.m).toEqual(changesBefore.m);
    // The exported file imports back as unchanged too (BOM, CRLF, the exporter's quoting).
    expect(await run(writeFile(res.body))).toMatchObject({ created: 0, updated: 0, refused: 0 });
  });

  it('updates families from an edited file: fields, a member added, one ended, one moved to another family of the file', async () => {
    const a = family(1, { members: 3 });
    const b = family(2, { members: 2 });
    expect(await run(writeFile(csv([...a, ...b])))).toMatchObject({ created: 2, refused: 0 });
    const members0 = await memberCount();
    // Family 1: new address, Ani joins, Adi leaves for family 2; family 2: Adi (same NIK) joins.
    const a2 = [...family(1, { members: 4 }).filter((r) => r.nama !== 'Adi 1').map((r) => ({ ...r, alamat: 'Jl. Kenanga 9' }))];
    const adi = a.find((r) => r.nama === 'Adi 1')!;
    const b2 = [...b, { ...adi, no_kk: b[0]!.no_kk, alamat: b[0]!.alamat, hubungan: 'famili_lain' }];
    const dry = await run(writeFile(csv([...b2, ...a2])), true);
    const real = await run(writeFile(csv([...b2, ...a2])));
    expect(real).toMatchObject({ created: 0, updated: 2, unchanged: 0, refused: 0 });
    expect(dry).toMatchObject({ created: 0, updated: 2, unchanged: 0, refused: 0 });
    expect(await memberCount()).toBe(members0 + 1);
    const hash = t.ctx.hashIdentity(adi.nik);
    const adiNow = await t.ctx.repos.families.personsByNikHash([hash], '2026-06-15');
    const famB = await t.ctx.repos.families.familyIdByKkHash(t.ctx.hashIdentity(b[0]!.no_kk));
    expect(adiNow[0]!.currentFamilyId).toBe(famB);
    // Applying the edited file again changes nothing.
    expect(await run(writeFile(csv([...b2, ...a2])))).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('names its job in the audit entries of the families it writes, identifiers masked as in every family entry', async () => {
    const a = family(71, { members: 3 });
    const first = await run(writeFile(csv(a)));
    expect(first).toMatchObject({ created: 1, refused: 0 });
    const audits = async (kk: string, action: string) => {
      const familyId = await t.ctx.repos.families.familyIdByKkHash(t.ctx.hashIdentity(kk));
      const rows = await t.ctx.database.db.selectFrom('audit_log').select(['after_data']).where('family_id', '=', familyId!).where('action', '=', action).orderBy('seq').execute();
      return rows.map((r) => JSON.parse(r.after_data!) as Record<string, unknown>);
    };
    const nikOf = (rows: Row[], name: string) => maskIdentifier(rows.find((r) => r.nama === name)!.nik);
    const [created] = await audits(a[0]!.no_kk, 'family.create');
    expect(created).toMatchObject({ importJob: first.jobId, kkNumber: maskIdentifier(a[0]!.no_kk) });
    expect(created!.kkNumber).toMatch(/^\d{4}\*{8}\d{4}$/);
    const persons = created!.persons as Array<{ name: string; nik: string }>;
    expect(persons.map((p) => [p.name, p.nik]).sort()).toEqual(a.map((r) => [r.nama, maskIdentifier(r.nik)]).sort());
    // The full identifiers are nowhere in the trail.
    expect(JSON.stringify(created)).not.toContain(a[0]!.no_kk);
    for (const r of a) expect(JSON.stringify(created)).not.toContain(r.nik);

    // Next file: Ani joins family 71 (an update) and Adi leaves it for a new family 72 (created with a known person).
    const adi = a.find((r) => r.nama === 'Adi 71')!;
    const b = family(72, { members: 2 });
    const a2 = family(71, { members: 4 }).filter((r) => r.nama !== 'Adi 71');
    const b2 = [...b, { ...adi, no_kk: b[0]!.no_kk, alamat: b[0]!.alamat, hubungan: 'famili_lain' }];
    const second = await run(writeFile(csv([...a2, ...b2])));
    expect(second).toMatchObject({ created: 1, updated: 1, refused: 0 });
    const [updated] = await audits(a[0]!.no_kk, 'family.update');
    expect(updated).toMatchObject({ importJob: second.jobId });
    expect((updated!.added as Array<{ name: string; nik: string }>).map((p) => [p.name, p.nik])).toEqual([['Ani 71', nikOf(a2, 'Ani 71')]]);
    const [createdB] = await audits(b[0]!.no_kk, 'family.create');
    expect(createdB).toMatchObject({ importJob: second.jobId, kkNumber: maskIdentifier(b[0]!.no_kk) });
    expect((createdB!.persons as Array<{ name: string; nik: string }>).map((p) => [p.name, p.nik]).sort()).toEqual(b2.map((r) => [r.nama, maskIdentifier(r.nik)]).sort());
  });

  it('refuses families with bad rows whole, with a row report, and imports the rest', async () => {
    const good = family(10);
    const badNik = family(11).map((r, i) => (i === 1 ? { ...r, nik: '327602ABC' } : r));
    const twoHeads = family(12).map((r, i) => (i === 1 ? { ...r, hubungan: 'kepala_keluarga' } : r));
    const unknownKelurahan = family(13, { kelurahan: '32.76.02.9999' });
    // The same NIK under two No. KK of the file: both families refused.
    const dupA = family(14);
    const dupB = family(15).map((r, i) => (i === 2 ? { ...r, nik: dupA[2]!.nik } : r));
    const before = await familyCount();
    const file = writeFile(csv([...good, ...badNik, ...twoHeads, ...unknownKelurahan, ...dupA, ...dupB], ';'));
    const s = await run(file);
    expect(s).toMatchObject({ created: 1, refused: 5 });
    expect(await familyCount()).toBe(before + 1);
    const job = (await t.ctx.repos.imports.job(s.jobId))!;
    const report: string[][] = [];
    for await (const r of registryReportRows(t.ctx, job, 'en', true)) report.push(r);
    const byLine = (l: number) => report.filter((r) => r[0] === String(l)).map((r) => r[6]).join(' / ');
    // Lines: header 1, good 2-4, badNik 5-7, twoHeads 8-10, unknown 11-13, dupA 14-16, dupB 17-19.
    expect(byLine(6)).toMatch(/only the digits|16 digits/);
    expect(byLine(5)).toMatch(/Refused with its family/);
    expect(byLine(9)).toMatch(/More than one kepala_keluarga/);
    expect(byLine(11)).toMatch(/not a known region/);
    expect(byLine(16)).toMatch(/another family in this file \(file lines: 19\)/);
    expect(byLine(19)).toMatch(/another family in this file \(file lines: 16\)/);
    expect(report.some((r) => ['2', '3', '4'].includes(r[0]!))).toBe(false);
    // Indonesian by default.
    const id: string[][] = [];
    for await (const r of registryReportRows(t.ctx, job, 'id', false)) id.push(r);
    expect(id.find((r) => r[0] === '9')![6]).toMatch(/Lebih dari satu kepala_keluarga/);
    expect(id.find((r) => r[0] === '6')![2]).toMatch(/\*{8}/);
  });

  it('reads BOM, sep=;, CRLF, XLSX; refuses a file without the required columns before writing anything', async () => {
    const rows = family(20);
    const semicolon = `\uFEFFsep=;\r\n${csv(rows, ';').replace(/\n/g, '\r\n')}`;
    expect(await run(writeFile(semicolon))).toMatchObject({ created: 1, refused: 0 });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('KPM');
    ws.addRow([...REGISTRY_COLUMNS]);
    for (const r of family(21)) ws.addRow(REGISTRY_COLUMNS.map((c) => r[c]));
    const xlsx = path.join(dir, 'k.xlsx');
    await wb.xlsx.writeFile(xlsx);
    expect(await run(xlsx)).toMatchObject({ created: 1, refused: 0 });

    const before = await familyCount();
    const noNama = `${HEADER.replace(',nama', '')}\n${family(22).map((r) => line(r).replace(`,${r.nama}`, '')).join('\n')}\n`;
    await expect(run(writeFile(noNama))).rejects.toMatchObject({ status: 422, code: 'import.columns_missing', params: { columns: 'nama' } });
    await expect(run(writeFile(Buffer.from([0, 1, 2, 3, 0, 0, 9])))).rejects.toMatchObject({ status: 422 });
    await expect(run(writeFile(''))).rejects.toMatchObject({ status: 422, code: 'import.upload_empty' });
    // A stray quote and a short row: row errors, the rest imported.
    const broken = `${HEADER}\n${line(family(23)[0]!)}\n${line(family(23)[1]!)}\n${line(family(23)[2]!).split(',').slice(0, 10).join(',')}\n${line(family(24)[0]!)}\n`;
    const s = await run(writeFile(broken));
    expect(s).toMatchObject({ created: 1, refused: 1 });
    expect(await familyCount()).toBe(before + 1);
  });

  const staged = (jobId: string) => fs.existsSync(stagingPath(t.ctx.config.dataDir, jobId));

  it('stages into a staging file under the data directory, removed when the job ends; a dry run keeps it until applied', async () => {
    const file = writeFile(csv([...family(30), ...family(31)]));
    const real = await run(file);
    expect(real).toMatchObject({ created: 2, refused: 0 });
    expect(staged(real.jobId)).toBe(false);

    const rows = csv([...family(32), ...family(33).map((r, i) => (i === 1 ? { ...r, jenis_kelamin: 'X' } : r))]);
    const dry = await run(writeFile(rows), true);
    expect(dry).toMatchObject({ created: 1, refused: 1 });
    expect(staged(dry.jobId)).toBe(true);
    const applied = await applyDryRun(t.ctx, dry.jobId, ACTOR);
    expect(applied).toMatchObject({ created: 1, refused: 1, dryRun: false });
    expect(staged(dry.jobId)).toBe(false);
    // The report still names the refused rows (kept in the main database with their chunk).
    const report: string[][] = [];
    for await (const r of registryReportRows(t.ctx, (await t.ctx.repos.imports.job(dry.jobId))!, 'en', true)) report.push(r);
    expect(report.map((r) => r[4])).toContain('jenis_kelamin');
  });

  it('resumes a job whose staging file is gone by reading the file again; without the file it stops with upload_missing', async () => {
    const rows = [...family(40), ...family(41), ...family(42), ...family(43)];
    const file = writeFile(csv(rows));
    const before = await familyCount();
    const { job } = await openRegistryImport(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: 'f.csv', dryRun: false });
    // Stopped as soon as it applies (as a crash would: the staging file stays, half of nothing written).
    await expect(
      runRegistryImport(t.ctx, job.id, ACTOR, {
        filePath: file,
        onProgress: (p) => {
          if (p.phase === 'applying') throw new Error('stop');
        },
      }),
    ).rejects.toThrow('stop');
    expect(fs.existsSync(stagingPath(t.ctx.config.dataDir, job.id))).toBe(true);
    fs.rmSync(stagingPath(t.ctx.config.dataDir, job.id));
    await expect(runRegistryImport(t.ctx, job.id, ACTOR, {})).rejects.toMatchObject({ status: 422, code: 'import.upload_missing' });
    // A staging file cut short (not marked complete) is not trusted either: staged again from the file.
    fs.mkdirSync(stagingDir(t.ctx.config.dataDir), { recursive: true });
    fs.writeFileSync(stagingPath(t.ctx.config.dataDir, job.id), 'not a database');
    const s = await runRegistryImport(t.ctx, job.id, ACTOR, { filePath: file });
    expect(s).toMatchObject({ status: 'done', created: 4, refused: 0, rows: rows.length, resumed: true });
    expect(await familyCount()).toBe(before + 4);
    expect(staged(job.id)).toBe(false);
    expect(await run(file)).toMatchObject({ created: 0, unchanged: 4 });
  });

  it('applies in many chunks (on PostgreSQL each new-families chunk written while the next is planned): creates, then edits, refusals and new families mixed', async () => {
    const previous = process.env.TITIAN_IMPORT_CHUNK_FAMILIES;
    process.env.TITIAN_IMPORT_CHUNK_FAMILIES = '9';
    try {
      const opts = { families: 150, seed: 11, region: '32.76.05', asOf: '2026-01-01' };
      const generated = parseCsv(syntheticRegistryCsv(opts));
      const kks = [...new Set(generated.map((r) => r.no_kk))];
      expect(kks).toHaveLength(150);
      const families0 = await familyCount();
      const first = await run(writeFile(csv(generated)));
      // 17 chunks of at most 9 families, every one new: all of them in flight one after another on PostgreSQL.
      expect(first).toMatchObject({ created: 150, updated: 0, unchanged: 0, refused: 0, rows: generated.length });
      expect(await familyCount()).toBe(families0 + 150);
      const job = (await t.ctx.repos.imports.job(first.jobId))!;
      expect(job).toMatchObject({ families_done: 150, families_total: 150, status: 'done' });

      // Edits spread over the chunks (their order is the No. KK's hash, not the file's): an address, a member's
      // name, a bad date (the family refused whole), and 20 new families.
      const cls = (kk: string) => kks.indexOf(kk) % 10;
      const edited = generated.map((r) => {
        if (cls(r.no_kk) === 3) return { ...r, alamat: `${r.alamat} (baru)` };
        if (cls(r.no_kk) === 9 && r.hubungan === 'kepala_keluarga') return { ...r, tanggal_lahir: '1980-02-30' };
        return r;
      });
      for (const kk of kks.filter((k) => cls(k) === 6)) {
        const last = edited.findLastIndex((r) => r.no_kk === kk);
        edited[last] = { ...edited[last]!, nama: `${edited[last]!.nama} Baru` };
      }
      const extra = parseCsv(syntheticRegistryCsv({ ...opts, families: 20, seed: 12, region: '32.76.06' }));
      const count = (c: number) => kks.filter((k) => cls(k) === c).length;
      const second = await run(writeFile(csv([...extra, ...edited])));
      expect(second).toMatchObject({ created: 20, updated: count(3) + count(6), refused: count(9), unchanged: 150 - count(3) - count(6) - count(9) });
      expect(await familyCount()).toBe(families0 + 170);

      // Every family of both files has all its rows as current members: nothing half-written, nothing lost.
      const rowsByKk = new Map<string, number>();
      for (const r of [...extra, ...generated]) rowsByKk.set(r.no_kk, (rowsByKk.get(r.no_kk) ?? 0) + 1);
      const members = await t.ctx.database.db
        .selectFrom('families')
        .innerJoin('family_members', 'family_members.family_id', 'families.id')
        .select(['families.kk_hash', 'families.address'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('family_members.end_date', 'is', null)
        .where('families.kk_hash', 'in', [...rowsByKk.keys()].map((k) => t.ctx.hashIdentity(k)))
        .groupBy(['families.kk_hash', 'families.address'])
        .execute();
      expect(members).toHaveLength(170);
      const byHash = new Map([...rowsByKk].map(([kk, n]) => [t.ctx.hashIdentity(kk), { kk, n }]));
      for (const m of members) {
        const f = byHash.get(m.kk_hash)!;
        expect(Number(m.n)).toBe(f.n);
        // The edited address landed; the refused family kept its own.
        if (kks.includes(f.kk)) expect(m.address.endsWith('(baru)')).toBe(cls(f.kk) === 3);
      }
      // The audit chain is whole (each chunk's entries appended in its own transaction, in order).
      expect((await t.ctx.repos.audit.verify()).ok).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.TITIAN_IMPORT_CHUNK_FAMILIES;
      else process.env.TITIAN_IMPORT_CHUNK_FAMILIES = previous;
    }
  });

  it('gives the event loop a turn while it applies, so a server running it keeps answering', async () => {
    // On SQLite every awaited statement resolves at once: without a turn given between chunks, nothing
    // else ran until the last family was written (a server's requests, its timers, the job's own progress page).
    const previous = process.env.TITIAN_IMPORT_CHUNK_FAMILIES;
    process.env.TITIAN_IMPORT_CHUNK_FAMILIES = '3';
    let turns = 0;
    let stop = false;
    const spin = () => {
      turns++;
      if (!stop) setImmediate(spin);
    };
    try {
      const rows = Array.from({ length: 30 }, (_, i) => family(80 + i, { members: 2 })).flat();
      const file = writeFile(csv(rows));
      const { job } = await openRegistryImport(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: path.basename(file), dryRun: false });
      const turnsWhile = new Map<string, number>();
      let phase = '';
      let mark = 0;
      setImmediate(spin);
      const summary = await runRegistryImport(t.ctx, job.id, ACTOR, {
        filePath: file,
        background: true,
        onProgress: (p) => {
          if (p.phase === phase) return;
          if (phase) turnsWhile.set(phase, (turnsWhile.get(phase) ?? 0) + turns - mark);
          phase = p.phase;
          mark = turns;
        },
      });
      expect(summary).toMatchObject({ created: 30, refused: 0 });
      // Ten chunks of three families: the other work had a turn before each chunk and between its planning and its write.
      expect(turnsWhile.get('applying')).toBeGreaterThanOrEqual(20);
    } finally {
      stop = true;
      if (previous === undefined) delete process.env.TITIAN_IMPORT_CHUNK_FAMILIES;
      else process.env.TITIAN_IMPORT_CHUNK_FAMILIES = previous;
    }
  });

  it('reads a big file in a worker thread: the same outcome, file errors included', async () => {
    const previous = process.env.TITIAN_IMPORT_WORKER_MIN_BYTES;
    process.env.TITIAN_IMPORT_WORKER_MIN_BYTES = '0';
    try {
      const rows = [...family(50), ...family(51).map((r, i) => (i === 0 ? { ...r, tanggal_lahir: '1980-13-45' } : r))];
      const s = await run(writeFile(csv(rows)));
      expect(s).toMatchObject({ created: 1, refused: 1, rows: rows.length, rowsRefused: 3 });
      const report: string[][] = [];
      for await (const r of registryReportRows(t.ctx, (await t.ctx.repos.imports.job(s.jobId))!, 'en', true)) report.push(r);
      expect(report.some((r) => r[4] === 'tanggal_lahir')).toBe(true);
      const noNama = `${HEADER.replace(',nama', '')}\n${family(52).map((r) => line(r).replace(`,${r.nama}`, '')).join('\n')}\n`;
      expect(staged(s.jobId)).toBe(false);
      await expect(run(writeFile(noNama))).rejects.toMatchObject({ status: 422, code: 'import.columns_missing' });
      const failed = await t.ctx.repos.imports.unfinishedJobs();
      expect(failed.filter((j) => staged(j.id))).toEqual([]);
      expect(fs.readdirSync(stagingDir(t.ctx.config.dataDir)).filter((n) => n.endsWith('-journal'))).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TITIAN_IMPORT_WORKER_MIN_BYTES;
      else process.env.TITIAN_IMPORT_WORKER_MIN_BYTES = previous;
    }
  });
});
