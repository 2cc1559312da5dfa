/** The research module through the API (issue 9): codebook, documents, segments, model, memos, tables, agreement, exports. */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohensKappa } from '../../../src/domain/evidence/kappa';
import { hashPassword } from '../../../src/server/auth/passwords';
import { AuthRepository } from '../../../src/server/db/repositories/auth.repository';
import { DEMO_PASSWORD } from '../../../src/server/seed/demo-data';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { readPdf } from '../../support/pdf';
import { API, expectError, expectOk } from './helpers';

const R = `${API}/research`;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function tinyDocx(paragraphs: string[][]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  const body = paragraphs
    .map((runs) => `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>${runs.map((r) => (r === '\t' ? '<w:r><w:tab/></w:r>' : r === '\n' ? '<w:r><w:br/></w:r>' : `<w:r><w:t xml:space="preserve">${r}</w:t></w:r>`)).join('')}</w:p>`)
    .join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe.each(ENGINES)('research module (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const api = (u: string) => as(t.app, s[u]!);
  let codes: Array<{ id: string; code: string; label: string; kind: string; group: string | null; source: string | null; seeded: boolean }>;
  const codeId = (c: string) => codes.find((x) => x.code === c)!.id;
  let kpmName = '';

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 12, now: () => new Date('2026-07-15T03:00:00Z') });
    // A koordinator of another kecamatan of Depok (Beji, 32.76.06).
    await new AuthRepository(t.ctx.database.db).insertUsers(
      [{ id: uuidv7(), username: 'korcam.beji', displayName: 'Korcam Beji', passwordHash: await hashPassword(DEMO_PASSWORD), role: 'koordinator_kecamatan', regionCode: '32.76.06' }],
      new Date().toISOString(),
    );
    for (const u of ['korcam.cimanggis', 'korcam.beji', 'korkot.depok', 'peneliti', 'pendamping01', 'auditor', 'admin']) s[u] = await loginAs(t.app, u);
    codes = expectOk(await api('korcam.cimanggis').get(`${R}/codes`)).codes;
    kpmName = (await t.ctx.database.db.selectFrom('families').select('head_name').where('kecamatan_code', '=', '32.76.02').orderBy('id').executeTakeFirstOrThrow()).head_name;
  });
  afterAll(async () => t?.close());

  it('the codebook is seeded (30 codes) with labels in the request language; open codes can be added and renamed', async () => {
    expect(codes).toHaveLength(30);
    expect(codes.find((c) => c.code === 'advokasi')).toMatchObject({ kind: 'role', group: 'representasional', label: 'Advokasi', seeded: true });
    expect(codes.find((c) => c.code === 'perpecahan_politik_internal')).toMatchObject({ kind: 'obstacle', source: 'internal_kelompok' });
    const en = expectOk(await api('peneliti').get(`${R}/codes?lang=en`)).codes;
    expect(en.find((c: { code: string }) => c.code === 'konfrontasi').label).toBe('Confronting');
    const created = expectOk(await api('peneliti').post(`${R}/codes`, { label: 'Gotong royong', description: 'Kerja bersama warga' }), 201);
    expect(created).toMatchObject({ code: 'gotong_royong', kind: 'open', label: 'Gotong royong', seeded: false, group: null });
    const again = expectOk(await api('korcam.cimanggis').post(`${R}/codes`, { label: 'Gotong-royong!' }), 201);
    expect(again.code).toBe('gotong_royong_2');
    const renamed = expectOk(await api('korcam.cimanggis').patch(`${R}/codes/${again.id}`, { label: 'Kerja bakti' }));
    expect(renamed.label).toBe('Kerja bakti');
    expectError(await api('korcam.cimanggis').post(`${R}/codes`, { label: '' }), 400);
    codes = expectOk(await api('korcam.cimanggis').get(`${R}/codes`)).codes;
  });

  it('pendamping and auditor get 403 everywhere in the module', async () => {
    for (const u of ['pendamping01', 'auditor']) {
      const e = expectError(await api(u).get(`${R}/codes`), 403, 'research_role');
      expect(e.message).toMatch(/riset/);
      expectError(await api(u).get(`${R}/documents`), 403);
      expectError(await api(u).post(`${R}/documents`, { title: 'x', text: 'y' }), 403);
      expectError(await api(u).get(`${R}/study`), 403);
      expectError(await api(u).get(`${R}/export/segments.csv`), 403);
    }
  });

  let docId = '';
  const TEXT = ['Baris pertama tentang advokasi.', 'Baris kedua tentang pelatihan.', '', 'Baris ketiga tanpa kode.', 'Baris keempat: potensi KPM.'].join('\n');

  it('documents: JSON create in the caller’s region, listed with counts; another kecamatan’s koordinator gets 404', async () => {
    const doc = expectOk(await api('korcam.cimanggis').post(`${R}/documents`, { title: 'Wawancara 1', text: TEXT }), 201);
    docId = doc.id;
    expect(doc).toMatchObject({ title: 'Wawancara 1', source: 'transcript', segmentCount: 0, coders: [] });
    const list = expectOk(await api('korkot.depok').get(`${R}/documents?source=transcript`)).items;
    expect(list.map((d: { id: string }) => d.id)).toContain(docId);
    expectError(await api('korcam.beji').get(`${R}/documents/${docId}`), 404);
    expect(expectOk(await api('korcam.beji').get(`${R}/documents`)).items).toHaveLength(0);
    expectError(await api('korcam.cimanggis').post(`${R}/documents`, { title: 'Kosong', text: '  \n ' }), 400);
    // A region outside scope is refused like a missing one.
    expectError(await api('korcam.cimanggis').post(`${R}/documents`, { title: 'x', text: 'y', region: '32.76.06' }), 404);
    expectError(await api('korcam.cimanggis').get(`${R}/documents?source=nope`), 400);
    // A page: newest first, with the total.
    expectOk(await api('korcam.cimanggis').post(`${R}/documents`, { title: 'Wawancara 1b', text: 'x' }), 201);
    const page = expectOk(await api('korcam.cimanggis').get(`${R}/documents?limit=1&offset=1`));
    expect(page.total).toBe(2);
    expect(page.items.map((d: { title: string }) => d.title)).toEqual(['Wawancara 1']);
    expectError(await api('korcam.cimanggis').get(`${R}/documents?limit=0`), 400);
  });

  it('segments: validated (start < end <= length, known code; messages in id and en), coder = caller, only one’s own deleted', async () => {
    const url = `${R}/documents/${docId}/segments`;
    const bad = expectError(await api('korcam.cimanggis').post(url, { start: 5, end: 5, codeId: codeId('advokasi') }), 400);
    expect(bad.fields?.end).toMatch(/panjang teks/);
    const badEn = expectError(await api('korcam.cimanggis').post(`${url}?lang=en`, { start: 0, end: TEXT.length + 1, codeId: codeId('advokasi') }), 400);
    expect(badEn.fields?.end).toMatch(/length of the text/);
    expect(badEn.fields?.end).toContain(String(TEXT.length));
    expectError(await api('korcam.cimanggis').post(url, { start: -1, end: 3, codeId: codeId('advokasi') }), 400);
    const unknown = expectError(await api('korcam.cimanggis').post(url, { start: 0, end: 3, codeId: uuidv7() }), 400);
    expect(unknown.fields?.codeId).toBe('Kode tidak dikenal.');
    expectError(await api('korcam.cimanggis').post(`${R}/documents/${uuidv7()}/segments`, { start: 0, end: 3, codeId: codeId('advokasi') }), 404);
    expectError(await api('korcam.beji').post(url, { start: 0, end: 3, codeId: codeId('advokasi') }), 404);

    const seg = expectOk(await api('korcam.cimanggis').post(url, { start: 0, end: 31, codeId: codeId('advokasi') }), 201);
    expect(seg).toMatchObject({ start: 0, end: 31, text: 'Baris pertama tentang advokasi.', coder: 'korcam.cimanggis' });
    const other = expectOk(await api('peneliti').post(url, { start: 0, end: 10, codeId: codeId('pelatihan') }), 201);
    expectError(await api('korcam.cimanggis').delete(`${R}/segments/${other.id}`), 403, 'research_segment_not_own');
    expect((await api('peneliti').delete(`${R}/segments/${other.id}`)).statusCode).toBe(204);
    expectError(await api('peneliti').delete(`${R}/segments/${other.id}`), 404);
    const got = expectOk(await api('korcam.cimanggis').get(`${R}/documents/${docId}`));
    expect(got.segments.map((x: { id: string }) => x.id)).toEqual([seg.id]);
    expect((await api('korcam.cimanggis').delete(`${R}/segments/${seg.id}`)).statusCode).toBe(204);
  });

  it('agreement equals Cohen’s kappa over the document’s non-empty lines (hand-computed example)', async () => {
    // Lines (non-empty): L1 [0,31), L2 [32,62), L3 [64,87), L4 [88,115).
    const lines = TEXT.split('\n');
    const at = (i: number) => lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0);
    const code = async (u: string, line: number, c: string, from = 0, len?: number) =>
      expectOk(await api(u).post(`${R}/documents/${docId}/segments`, { start: at(line) + from, end: at(line) + (len ?? lines[line]!.length), codeId: codeId(c) }), 201);
    // korcam: L1 advokasi, L2 pelatihan, L3 —, L4 pelatihan; peneliti: L1 advokasi, L2 advokasi, L3 —, L4 pelatihan.
    await code('korcam.cimanggis', 0, 'advokasi');
    await code('korcam.cimanggis', 1, 'pelatihan');
    await code('korcam.cimanggis', 4, 'pelatihan');
    await code('peneliti', 0, 'advokasi');
    await code('peneliti', 1, 'advokasi');
    // A longer pelatihan segment and a shorter advokasi one on L4: the largest overlap wins.
    await code('peneliti', 4, 'pelatihan', 0, 20);
    await code('peneliti', 4, 'advokasi', 21);
    const a = expectOk(await api('korkot.depok').get(`${R}/documents/${docId}/agreement?coderA=korcam.cimanggis&coderB=peneliti`));
    const expected = cohensKappa([
      ['advokasi', 'advokasi'],
      ['pelatihan', 'advokasi'],
      ['none', 'none'],
      ['pelatihan', 'pelatihan'],
    ]);
    // By hand: po = 3/4; pe = (1·2 + 2·1 + 1·1) / 16 = 5/16; kappa = (0.75 - 0.3125) / 0.6875.
    expect(a.n).toBe(4);
    expect(a.observedAgreement).toBeCloseTo(0.75, 10);
    expect(a.expectedAgreement).toBeCloseTo(5 / 16, 10);
    expect(a.kappa).toBeCloseTo(0.4375 / 0.6875, 10);
    expect(a.kappa).toBeCloseTo(expected.kappa!, 10);
    expect(a).toMatchObject({ coderA: 'korcam.cimanggis', coderB: 'peneliti' });
    const unknown = expectError(await api('korkot.depok').get(`${R}/documents/${docId}/agreement?coderA=korcam.cimanggis&coderB=nobody`), 400);
    expect(unknown.fields?.coderB).toContain('nobody');
    expectError(await api('korcam.beji').get(`${R}/documents/${docId}/agreement?coderA=korcam.cimanggis&coderB=peneliti`), 404);
  });

  it('frequencies and co-occurrence on a known set of segments', async () => {
    // Segments so far (doc 1): advokasi ×4 (L1 korcam, L1, L2 and L4 peneliti), pelatihan ×3 (L2 korcam, L4 korcam, L4 peneliti).
    // A second document: advokasi [0,5) and potensi_kpm [2,8).
    const d2 = expectOk(await api('korcam.cimanggis').post(`${R}/documents`, { title: 'Wawancara 2', text: 'abcdefghij' }), 201);
    await api('korcam.cimanggis').post(`${R}/documents/${d2.id}/segments`, { start: 0, end: 5, codeId: codeId('advokasi') });
    await api('korcam.cimanggis').post(`${R}/documents/${d2.id}/segments`, { start: 2, end: 8, codeId: codeId('potensi_kpm') });
    const f = expectOk(await api('korcam.cimanggis').get(`${R}/frequencies`)).rows;
    const row = (c: string) => f.find((r: { code: string }) => r.code === c);
    expect(row('advokasi')).toMatchObject({ segments: 5, documents: 2, label: 'Advokasi' });
    expect(row('pelatihan')).toMatchObject({ segments: 3, documents: 1 });
    expect(row('potensi_kpm')).toMatchObject({ segments: 1, documents: 1 });
    expect(f).toHaveLength(3);
    // Another kecamatan sees none of it.
    expect(expectOk(await api('korcam.beji').get(`${R}/frequencies`)).rows).toEqual([]);

    const c = expectOk(await api('korcam.cimanggis').get(`${R}/cooccurrence`));
    const i = (code: string) => c.codes.findIndex((x: { code: string }) => x.code === code);
    const m = c.matrix as number[][];
    // advokasi–pelatihan: on L2 korcam's pelatihan and the peneliti's advokasi; on L4 korcam's pelatihan and the
    // peneliti's advokasi [L4+21..) (the peneliti's own pelatihan [L4, 0..20) does not reach it): 2 pairs.
    // Doc 2: advokasi–potensi_kpm: 1.
    expect(m[i('advokasi')]![i('pelatihan')]).toBe(2);
    expect(m[i('pelatihan')]![i('advokasi')]).toBe(2);
    expect(m[i('advokasi')]![i('potensi_kpm')]).toBe(1);
    expect(m[i('pelatihan')]![i('potensi_kpm')]).toBe(0);
    expect(m[i('advokasi')]![i('advokasi')]).toBe(5);
  });

  let catA = '';
  let catB = '';
  it('categories with codes, relations, the core category and storyline, memos, retrieval by code and by category', async () => {
    const a = expectOk(await api('peneliti').post(`${R}/categories`, { name: 'Peran representasional', codeIds: [codeId('advokasi')] }), 201);
    const b = expectOk(await api('peneliti').post(`${R}/categories`, { name: 'Kapasitas KPM', description: 'Dari dalam diri KPM', codeIds: [codeId('potensi_kpm'), codeId('pelatihan')] }), 201);
    catA = a.id;
    catB = b.id;
    expect(b.codeIds.sort()).toEqual([codeId('potensi_kpm'), codeId('pelatihan')].sort());
    expectError(await api('peneliti').post(`${R}/categories`, { name: 'X', codeIds: [uuidv7()] }), 400);
    const rel = expectOk(await api('peneliti').post(`${R}/relations`, { fromCategoryId: catA, toCategoryId: catB, label: 'memperkuat' }), 201);
    expectError(await api('peneliti').post(`${R}/relations`, { fromCategoryId: catA, toCategoryId: catA, label: 'x' }), 400);
    expectError(await api('peneliti').post(`${R}/relations`, { fromCategoryId: catA, toCategoryId: uuidv7(), label: 'x' }), 400);
    expectOk(await api('peneliti').put(`${R}/core`, { categoryId: catB, storyline: 'KPM yang sadar akan potensinya lebih cepat graduasi.' }));
    const model = expectOk(await api('peneliti').get(`${R}/model`));
    expect(model.core).toMatchObject({ categoryId: catB });
    expect(model.categories.find((c: { id: string }) => c.id === catB).isCore).toBe(true);
    expect(model.relations).toEqual([{ id: rel.id, fromCategoryId: catA, toCategoryId: catB, label: 'memperkuat' }]);
    // The korkot shares the peneliti's region (32.76): the same team; the korcam has its own model.
    expect(expectOk(await api('korkot.depok').get(`${R}/model`)).categories).toHaveLength(2);
    expect(expectOk(await api('korcam.cimanggis').get(`${R}/model`))).toEqual({ categories: [], relations: [], core: null });
    const renamed = expectOk(await api('peneliti').patch(`${R}/categories/${catA}`, { name: 'Advokasi dan jaringan', codeIds: [codeId('advokasi'), codeId('jaringan_kerja')] }));
    expect(renamed).toMatchObject({ name: 'Advokasi dan jaringan' });
    expect(renamed.codeIds).toHaveLength(2);
    expectError(await api('korcam.cimanggis').patch(`${R}/categories/${catA}`, { name: 'x' }), 404);

    const byCode = expectOk(await api('korcam.cimanggis').get(`${R}/retrieval?codeId=${codeId('potensi_kpm')}`)).items;
    expect(byCode).toEqual([expect.objectContaining({ text: 'cdefgh', codeLabel: 'Potensi dalam diri KPM', documentTitle: 'Wawancara 2', source: 'transcript', coder: 'korcam.cimanggis' })]);
    const byCat = expectOk(await api('peneliti').get(`${R}/retrieval?categoryId=${catB}`)).items;
    expect(byCat).toHaveLength(4); // pelatihan ×3 and potensi_kpm ×1
    expectError(await api('peneliti').get(`${R}/retrieval`), 400);
    expectError(await api('peneliti').get(`${R}/retrieval?codeId=${codeId('advokasi')}&categoryId=${catB}`), 400);

    const memo = expectOk(await api('peneliti').post(`${R}/memos`, { text: 'Kode potensi muncul bersama advokasi.', codeId: codeId('potensi_kpm'), categoryId: catB }), 201);
    expect(memo).toMatchObject({ author: 'peneliti', codeId: codeId('potensi_kpm'), categoryId: catB, documentId: null });
    const onDoc = expectOk(await api('korcam.cimanggis').post(`${R}/memos`, { text: 'Catatan tentang dokumen ini.', documentId: docId }), 201);
    expect(expectOk(await api('korcam.cimanggis').get(`${R}/documents/${docId}`)).memos.map((m: { id: string }) => m.id)).toEqual([onDoc.id]);
    expect(expectOk(await api('peneliti').get(`${R}/memos?categoryId=${catB}`)).items.map((m: { id: string }) => m.id)).toEqual([memo.id]);
    expectError(await api('korcam.beji').post(`${R}/memos`, { text: 'x', documentId: docId }), 404);
  });

  it('exports: codebook.csv and segments.csv (BOM, columns), report.pdf', async () => {
    const cb = await api('peneliti').get(`${R}/export/codebook.csv`);
    expect(cb.statusCode).toBe(200);
    expect(cb.headers['content-type']).toMatch(/text\/csv/);
    expect(cb.body.startsWith('\uFEFF')).toBe(true);
    const cbLines = cb.body.slice(1).trim().split('\r\n');
    expect(cbLines[0]).toBe('code,kind,group,source,label_id,label_en,description,seeded,segments,documents');
    expect(cbLines).toHaveLength(33); // header + 30 seeded + 2 open
    expect(cbLines.find((l) => l.startsWith('advokasi,'))).toMatch(/,1,5,2$/);

    const sg = await api('korcam.cimanggis').get(`${R}/export/segments.csv`);
    const lines = sg.body.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('segment_id,document_id,document_title,source,code,label_id,label_en,coder,start,end,text,created_at');
    expect(lines).toHaveLength(1 + 9);
    expect(lines.some((l) => l.includes(',potensi_kpm,') && l.includes(',2,8,cdefgh,'))).toBe(true);

    const pdf = await api('peneliti').get(`${R}/export/report.pdf?lang=en`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Deleting a category takes its relations and the core with it.
    expect((await api('peneliti').delete(`${R}/categories/${catB}`)).statusCode).toBe(204);
    const model = expectOk(await api('peneliti').get(`${R}/model`));
    expect(model).toMatchObject({ relations: [], core: null });
    expect(model.categories.map((c: { id: string }) => c.id)).toEqual([catA]);
  });

  it('a peneliti reads names and NIK pseudonymised, codes the text they see, and the koordinator sees the segment on the original', async () => {
    const nik = '3276024107850002';
    const text = `Wawancara dengan pendamping.\nIbu ${kpmName} (NIK ${nik}) sudah membuka warung.\n${kpmName.toUpperCase()} ikut kelompok.`;
    const d = expectOk(await api('korcam.cimanggis').post(`${R}/documents`, { title: `Wawancara tentang ${kpmName}`, text }), 201);
    const seen = expectOk(await api('peneliti').get(`${R}/documents/${d.id}`));
    expect(seen.pseudonymised).toBe(true);
    expect(seen.title).toMatch(/^Wawancara tentang Warga-[0-9A-F]{4}$/);
    const listed = expectOk(await api('peneliti').get(`${R}/documents`)).items.find((x: { id: string }) => x.id === d.id);
    expect(listed.title).toBe(seen.title);
    expect(seen.text).not.toContain(nik);
    for (const part of kpmName.split(/\s+/).filter((p) => p.length >= 3)) expect(seen.text.toLowerCase()).not.toContain(` ${part.toLowerCase()} `);
    expect(seen.text.toLowerCase()).not.toContain(kpmName.toLowerCase());
    expect(seen.text).toMatch(/Ibu Warga-[0-9A-F]{4}/);
    expect(seen.text).toContain('NIK-disamarkan');
    // The peneliti codes "warung" on the text they see.
    const start = seen.text.indexOf('sudah membuka warung');
    const seg = expectOk(await api('peneliti').post(`${R}/documents/${d.id}/segments`, { start, end: start + 'sudah membuka warung'.length, codeId: codeId('ekonomi_membaik') }), 201);
    expect(seg.text).toBe('sudah membuka warung');
    // A passage that includes the pseudonym keeps it whole, and never the name.
    const line = seen.text.split('\n')[1]!;
    const lineStart = seen.text.indexOf(line);
    const whole = expectOk(await api('peneliti').post(`${R}/documents/${d.id}/segments`, { start: lineStart, end: lineStart + line.length, codeId: codeId('potensi_kpm') }), 201);
    expect(whole.text).toBe(line);
    const orig = expectOk(await api('korcam.cimanggis').get(`${R}/documents/${d.id}`));
    expect(orig.text).toBe(text);
    expect(orig.title).toBe(`Wawancara tentang ${kpmName}`);
    // Reading the NIK in the original is a read of identifiers: audited (the peneliti's read is not).
    const reads = await t.ctx.database.db.selectFrom('audit_log').select(['actor_username']).where('action', '=', 'research.document_read_identifiers').where('record_id', '=', d.id).execute();
    expect(reads.map((r) => r.actor_username)).toEqual(['korcam.cimanggis']);
    const onOrig = orig.segments.find((x: { id: string }) => x.id === seg.id);
    expect(text.slice(onOrig.start, onOrig.end)).toBe('sudah membuka warung');
    const wholeOrig = orig.segments.find((x: { id: string }) => x.id === whole.id);
    expect(wholeOrig.text).toBe(text.split('\n')[1]);
    // Retrieval and the CSV give the peneliti no name either.
    const items = expectOk(await api('peneliti').get(`${R}/retrieval?codeId=${codeId('potensi_kpm')}`)).items;
    expect(JSON.stringify(items).toLowerCase()).not.toContain(kpmName.toLowerCase());
    const csv = (await api('peneliti').get(`${R}/export/segments.csv`)).body;
    expect(csv.toLowerCase()).not.toContain(kpmName.toLowerCase());
    expect(csv).not.toContain(nik);
    expect((await api('korcam.cimanggis').get(`${R}/export/segments.csv`)).body).toContain(kpmName);
  });

  it('collect gathers case notes and activity notes in scope once, pseudonymised for the peneliti', async () => {
    const fam = await t.ctx.database.db.selectFrom('families').select(['id', 'head_name']).where('kecamatan_code', '=', '32.76.02').where('pendamping_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const pendamping = (await t.ctx.database.db.selectFrom('users').select('username').innerJoin('families', 'families.pendamping_id', 'users.id').where('families.id', '=', fam.id).executeTakeFirstOrThrow()).username;
    s[pendamping] ??= await loginAs(t.app, pendamping);
    expectOk(await api(pendamping).post(`${API}/families/${fam.id}/case-plan/goals`, { title: 'Usaha warung', description: `${fam.head_name} ingin membuka warung; NIK 3276024107850002 dicek ulang.` }), 201);
    expectOk(await api(pendamping).post(`${API}/families/${fam.id}/activities`, { type: 'kunjungan_rumah', date: '2026-07-10', roles: ['dukungan'], notes: `Bertemu ${fam.head_name} di rumah.` }), 201);
    const first = expectOk(await api('korcam.cimanggis').post(`${R}/documents/collect`, { from: '2026-07-01', to: '2026-07-31' }));
    expect(first).toEqual({ added: 2, total: 2, refreshed: 0, withdrawn: 0, segmentsDropped: 0 });
    expect(expectOk(await api('korcam.cimanggis').post(`${R}/documents/collect`, { from: '2026-07-01', to: '2026-07-31' }))).toEqual({ added: 0, total: 2, refreshed: 0, withdrawn: 0, segmentsDropped: 0 });
    // Another kecamatan collects nothing of it; a region outside scope is 404.
    expect(expectOk(await api('korcam.beji').post(`${R}/documents/collect`, {}))).toEqual({ added: 0, total: 0, refreshed: 0, withdrawn: 0, segmentsDropped: 0 });
    expectError(await api('korcam.cimanggis').post(`${R}/documents/collect`, { region: '32.76.06' }), 404);
    const notes = expectOk(await api('peneliti').get(`${R}/documents`)).items.filter((d: { source: string }) => d.source !== 'transcript');
    expect(notes.map((d: { source: string }) => d.source).sort()).toEqual(['activity_note', 'case_note']);
    // An activity note is titled with its type's name, not its code, and its date, both in the reader's language.
    const visit = notes.find((d: { source: string }) => d.source === 'activity_note');
    expect(visit.title).toBe('Kunjungan rumah · 10 Juli 2026');
    const visitEn = 'Home visit · 10 July 2026';
    expect(expectOk(await api('peneliti').get(`${R}/documents?lang=en`)).items.find((d: { id: string }) => d.id === visit.id).title).toBe(visitEn);
    expect(expectOk(await api('korcam.cimanggis').get(`${R}/documents/${visit.id}?lang=en`)).title).toBe(visitEn);
    // Its coded passage goes out under that title: retrieval, the segments CSV and the report's examples.
    const seg = expectOk(await api('korcam.cimanggis').post(`${R}/documents/${visit.id}/segments`, { start: 0, end: 7, codeId: codeId('riset') }), 201);
    const found = expectOk(await api('peneliti').get(`${R}/retrieval?codeId=${codeId('riset')}&lang=en`)).items;
    expect(found.map((i: { documentTitle: string }) => i.documentTitle)).toEqual([visitEn]);
    expect((await api('korcam.cimanggis').get(`${R}/export/segments.csv?lang=en`)).body).toContain(`,${visitEn},activity_note,riset,`);
    expect((await api('korcam.cimanggis').get(`${R}/export/segments.csv`)).body).toContain(',Kunjungan rumah · 10 Juli 2026,activity_note,riset,');
    const report = readPdf((await api('peneliti').get(`${R}/export/report.pdf?lang=en`)).rawPayload).text.replace(/\s+/g, ' ');
    expect(report).toContain(`(${visitEn})`);
    expect(report).not.toContain('2026-07-10');
    expect((await api('korcam.cimanggis').delete(`${R}/segments/${seg.id}`)).statusCode).toBe(204);
    for (const d of notes) {
      const seen = expectOk(await api('peneliti').get(`${R}/documents/${d.id}`));
      expect(seen.text.toLowerCase()).not.toContain(fam.head_name.toLowerCase());
      expect(seen.text).not.toContain('3276024107850002');
      expect(seen.text).toMatch(/Warga-[0-9A-F]{4}/);
      const orig = expectOk(await api('korcam.cimanggis').get(`${R}/documents/${d.id}`));
      expect(orig.text).toContain(fam.head_name);
    }
  });

  it('factors and obstacles a deployment adds to its taxonomies join the codebook', async () => {
    expectOk(await api('admin').post(`${API}/admin/taxonomies/obstacles`, { code: 'jarak_jauh', id: 'Jarak rumah yang jauh', en: 'Long distances' }), 201);
    const list = expectOk(await api('korcam.cimanggis').get(`${R}/codes`)).codes;
    expect(list.find((c: { code: string }) => c.code === 'jarak_jauh')).toMatchObject({ kind: 'obstacle', label: 'Jarak rumah yang jauh', source: null });
    const st = expectOk(await api('korcam.cimanggis').get(`${R}/study`));
    expect(st.obstacles.at(-1)).toMatchObject({ source: 'lainnya', items: [expect.objectContaining({ code: 'jarak_jauh', count: 0 })] });
    codes = list;
  });

  it('upload: plain text and DOCX (paragraphs, tabs, breaks); 415 for other types, 413 above 5 MB, 400 when empty', async () => {
    const plain = await t.app.inject({
      method: 'POST',
      url: `${R}/documents/upload?title=${encodeURIComponent('Transkrip teks')}`,
      payload: Buffer.from('\uFEFFP: Apa kabar?\r\nJ: Baik.', 'utf8'),
      headers: { cookie: s['korcam.cimanggis']!.cookie, 'x-csrf-token': s['korcam.cimanggis']!.csrf, 'content-type': 'text/plain; charset=utf-8' },
    });
    const p = expectOk(plain, 201);
    expect(expectOk(await api('korcam.cimanggis').get(`${R}/documents/${p.id}`)).text).toBe('P: Apa kabar?\nJ: Baik.');

    const docx = await tinyDocx([['P: Bagaimana ', 'kelompoknya?'], ['J:', '\t', 'Kompak &amp; rajin.', '\n', 'Baris baru.'], []]);
    const up = await t.app.inject({
      method: 'POST',
      url: `${R}/documents/upload?title=Transkrip%20DOCX`,
      payload: docx,
      headers: { cookie: s['peneliti']!.cookie, 'x-csrf-token': s['peneliti']!.csrf, 'content-type': DOCX },
    });
    const d = expectOk(up, 201);
    expect(d.source).toBe('transcript');
    expect(expectOk(await api('peneliti').get(`${R}/documents/${d.id}`)).text).toBe('P: Bagaimana kelompoknya?\nJ:\tKompak & rajin.\nBaris baru.\n');

    const headers = (ct: string) => ({ cookie: s['peneliti']!.cookie, 'x-csrf-token': s['peneliti']!.csrf, 'content-type': ct });
    const png = await t.app.inject({ method: 'POST', url: `${R}/documents/upload?title=x`, payload: Buffer.from([0x89, 0x50, 0x4e, 0x47]), headers: headers('image/png') });
    const e415 = expectError(png, 415, 'research_media_type');
    expect(e415.message).toMatch(/DOCX/);
    const big = await t.app.inject({ method: 'POST', url: `${R}/documents/upload?title=x&lang=en`, payload: Buffer.alloc(5 * 1024 * 1024 + 10, 0x61), headers: headers('text/plain') });
    expect(expectError(big, 413, 'research_too_large').message).toMatch(/5 MB/);
    const empty = await t.app.inject({ method: 'POST', url: `${R}/documents/upload?title=x`, payload: Buffer.from('  \n'), headers: headers('text/plain') });
    expectError(empty, 400);
    const broken = await t.app.inject({ method: 'POST', url: `${R}/documents/upload?title=x`, payload: Buffer.from('not a zip'), headers: headers(DOCX) });
    expectError(broken, 400);
    const noTitle = await t.app.inject({ method: 'POST', url: `${R}/documents/upload`, payload: Buffer.from('abc'), headers: headers('text/plain') });
    expectError(noTitle, 400);
  });
});
