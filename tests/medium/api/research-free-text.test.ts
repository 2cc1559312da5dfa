/**
 * Free text written in the research module reaches a peneliti pseudonymised, whoever wrote it: the codebook
 * (an open code's label, code and description, a seeded code's description), categories, relations, the core
 * category's storyline, memos and document titles, in every answer and export (JSON, the CSVs, the report PDF's
 * text). A koordinator kota writes them with a KPM head's name, a whole NIK, a staff member's display name and
 * their username; none of these comes back to the peneliti, and the staff member is named by their `PDP-…`
 * pseudonym. The audit trail keeps a document's title without a whole NIK. Cohen's kappa with a coder who has
 * coded nothing in the document is a 422 in both languages. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffAs } from '../../../src/server/services/families.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { readPdf } from '../../support/pdf';
import { API, expectError, expectOk } from './helpers';

const R = `${API}/research`;
const NIK = '3276024107850002';
const STAFF_USERNAME = 'pendamping01';

describe.each(ENGINES)('free text of the research module, read by a peneliti (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const api = (u: string) => as(t.app, s[u]!);
  let head = '';
  let staffName = '';
  let pdp = '';
  let text = '';
  let docId = '';
  let openCodeId = '';
  let categoryId = '';
  /** What the peneliti read, by what they asked. */
  const answers = new Map<string, string>();

  /** Every way the text could still name someone: the head's name, the NIK (or 8 of its digits), the staff member. */
  function leaks(answer: string): string[] {
    const found: string[] = [];
    // Record ids left out: a UUID's groups can hold 16 digits in a row by chance.
    const body = answer.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>');
    if (body.toLowerCase().includes(head.toLowerCase())) found.push(`head ${head}`);
    for (const w of head.split(/\s+/).filter((x) => x.length >= 3)) if (new RegExp(`\\b${w}\\b`).test(body)) found.push(`head's name ${w}`);
    const digits = /\d(?:[\s.-]?\d){15}/.exec(body);
    if (digits) found.push(`a 16-digit number: …${body.slice(Math.max(0, digits.index - 60), digits.index + 30)}…`);
    for (let i = 0; i + 8 <= NIK.length; i++) if (body.includes(NIK.slice(i, i + 8))) found.push(`NIK digits ${NIK.slice(i, i + 8)}`);
    if (body.toLowerCase().includes(staffName.toLowerCase())) found.push(`staff ${staffName}`);
    if (new RegExp(`(^|[^a-z0-9_])${STAFF_USERNAME}($|[^a-z0-9_])`, 'i').test(body)) found.push(`username ${STAFF_USERNAME}`);
    return [...new Set(found)];
  }

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 12, now: () => new Date('2026-07-15T03:00:00Z') });
    const db = t.ctx.database.db;
    for (const u of ['korkot.depok', 'peneliti', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
    // A head with a name of two words or more (the whole name and each word of it are checked).
    head = (await db.selectFrom('families').select('head_name').where('kab_kota_code', '=', '32.76').orderBy('id').execute()).map((f) => f.head_name).find((n) => n.includes(' '))!;
    staffName = (await db.selectFrom('users').select('display_name').where('username', '=', STAFF_USERNAME).executeTakeFirstOrThrow()).display_name;
    pdp = staffAs(t.ctx, false, STAFF_USERNAME)!;
    expect(head).toBeTruthy();
    text = `Alur: keluarga ${head}, NIK ${NIK}, didampingi ${staffName} / ${STAFF_USERNAME}.`;

    // The koordinator kota (the peneliti's team, 32.76) writes the codebook, the model and a memo.
    const k = api('korkot.depok');
    const open = expectOk(await k.post(`${R}/codes`, { label: `Dukungan ${head} ${STAFF_USERNAME} ${NIK}`, description: text }), 201);
    openCodeId = open.id;
    const codes = expectOk(await k.get(`${R}/codes`)).codes as Array<{ id: string; code: string }>;
    const advokasi = codes.find((c) => c.code === 'advokasi')!.id;
    expectOk(await k.patch(`${R}/codes/${advokasi}`, { description: text }));
    expectOk(await k.patch(`${R}/codes/${advokasi}?lang=en`, { label: `Advocacy with ${staffName}` }));
    const catA = expectOk(await k.post(`${R}/categories`, { name: `Kategori ${head}`, description: text, codeIds: [openCodeId, advokasi] }), 201);
    const catB = expectOk(await k.post(`${R}/categories`, { name: `Peran ${STAFF_USERNAME}`, description: `Oleh ${staffName}`, codeIds: [advokasi] }), 201);
    categoryId = catA.id;
    expectOk(await k.post(`${R}/relations`, { fromCategoryId: catA.id, toCategoryId: catB.id, label: text }), 201);
    expectOk(await k.put(`${R}/core`, { categoryId: catA.id, storyline: text }));
    expectOk(await k.post(`${R}/memos`, { text, categoryId: catA.id }), 201);
    // A document titled and written with the same, coded by the koordinator with the open code and a seeded one.
    const doc = expectOk(await k.post(`${R}/documents`, { title: `Wawancara ${head} ${NIK} ${STAFF_USERNAME}`, text: `P: Siapa?\n${text}\nJ: Baik.` }), 201);
    docId = doc.id;
    expectOk(await k.post(`${R}/documents/${docId}/segments`, { start: 10, end: 40, codeId: openCodeId }), 201);
    expectOk(await k.post(`${R}/documents/${docId}/segments`, { start: 0, end: 9, codeId: advokasi }), 201);
    expectOk(await k.post(`${R}/memos`, { text, documentId: docId }), 201);

    const p = api('peneliti');
    for (const url of [
      'codes',
      'codes?lang=en',
      'categories',
      'model',
      'memos',
      `memos?categoryId=${catA.id}`,
      'documents',
      `documents/${docId}`,
      `retrieval?codeId=${openCodeId}`,
      `retrieval?categoryId=${catA.id}`,
      'frequencies',
      'frequencies?lang=en',
      'cooccurrence',
      'study',
      'export/codebook.csv',
      'export/segments.csv',
    ]) {
      const res = await p.get(`${R}/${url}`);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
      answers.set(url, res.body);
    }
    for (const lang of ['id', 'en']) {
      const res = await p.get(`${R}/export/report.pdf?lang=${lang}`);
      expect(res.statusCode).toBe(200);
      answers.set(`export/report.pdf?lang=${lang}`, readPdf(res.rawPayload).text);
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it('the koordinator reads what they wrote as written', async () => {
    const m = expectOk(await api('korkot.depok').get(`${R}/model`));
    expect(m.core.storyline).toBe(text);
    expect(leaks(m.core.storyline).length).toBeGreaterThan(0);
  });

  it('no answer or export to the peneliti holds the head’s name, a NIK’s digits, the staff member’s name or username', () => {
    expect(answers.size).toBe(18);
    const found = [...answers].flatMap(([url, body]) => leaks(body).map((l) => `${url}: ${l}`));
    expect(found).toEqual([]);
  });

  it('the peneliti reads the storyline, the codebook, categories and relations pseudonymised, the staff member by their PDP pseudonym', () => {
    const m = JSON.parse(answers.get('model')!);
    // (A head's name may be written with a title or initials, "Hj. …": each part becomes a pseudonym.)
    expect(m.core.storyline).toMatch(/^Alur: keluarga Warga-[0-9A-F]{4}[^,]*, NIK NIK-disamarkan, didampingi PDP-[0-9A-F]{8} \/ PDP-[0-9A-F]{8}\.$/);
    expect(m.core.storyline).toContain(`didampingi ${pdp} / ${pdp}.`);
    expect(m.relations[0].label).toBe(m.core.storyline);
    expect(m.categories.map((c: { name: string }) => c.name)).toEqual([expect.stringMatching(/^Kategori Warga-[0-9A-F]{4}/), `Peran ${pdp}`]);
    const code = JSON.parse(answers.get('codes')!).codes.find((c: { id: string }) => c.id === openCodeId);
    expect(code.label).toMatch(new RegExp(`^Dukungan Warga-[0-9A-F]{4}.* ${pdp} NIK-disamarkan$`));
    expect(code.description).toBe(m.core.storyline);
    // Made from the label when it was created (cut at 48 characters, inside the NIK): its digits are masked (and
    // the code cut at 48 characters again).
    expect(code.code).toMatch(/^dukungan_warga_[0-9a-f]{4}_.*pdp_[0-9a-f]{8}_nomor_disamarka/);
    expect(JSON.parse(answers.get('codes?lang=en')!).codes.find((c: { code: string }) => c.code === 'advokasi').label).toBe(`Advocacy with ${pdp}`);
    // The seeded codes' own labels are left as they are.
    expect(JSON.parse(answers.get('codes')!).codes.find((c: { code: string }) => c.code === 'konfrontasi').label).toBe('Konfrontasi');
    expect(JSON.parse(answers.get('memos')!).items.map((x: { text: string }) => x.text)).toContain(m.core.storyline);
    expect(answers.get('export/report.pdf?lang=id')).toContain('Kategori Warga-');
  });

  it('the research.document_create audit entry holds the title with the NIK masked, not whole', async () => {
    const res = expectOk(await api('korkot.depok').post(`${R}/documents`, { title: 't 3276021503850091', text: 'Teks singkat.' }), 201);
    const entry = await t.ctx.database.db.selectFrom('audit_log').select(['after_data', 'action']).where('record_id', '=', res.id).executeTakeFirstOrThrow();
    expect(entry.action).toBe('research.document_create');
    expect(entry.after_data).not.toMatch(/\d{16}/);
    expect(JSON.parse(entry.after_data!)).toMatchObject({ title: 't 3276********0091', source: 'transcript', chars: 13 });
    // An upload too, with the number written with separators.
    const up = await t.app.inject({
      method: 'POST',
      url: `${R}/documents/upload?title=${encodeURIComponent('KK 3276-0212-0300-0001')}`,
      payload: Buffer.from('P: Apa kabar?', 'utf8'),
      headers: { cookie: s['korkot.depok']!.cookie, 'x-csrf-token': s['korkot.depok']!.csrf, 'content-type': 'text/plain; charset=utf-8' },
    });
    const uploaded = expectOk(up, 201);
    const e2 = await t.ctx.database.db.selectFrom('audit_log').select(['after_data', 'action']).where('record_id', '=', uploaded.id).executeTakeFirstOrThrow();
    expect(e2.action).toBe('research.document_upload');
    expect(e2.after_data!.replace(/\D/g, '')).not.toContain('32760212030');
    expect(JSON.parse(e2.after_data!).title).toBe('KK 3276********0001');
  });

  it('no research entry of the audit trail holds the NIK written into the codebook, categories and relations', async () => {
    const entries = await t.ctx.database.db.selectFrom('audit_log').select(['action', 'before_data', 'after_data']).where('action', 'like', 'research.%').execute();
    const kinds = new Set(entries.map((e) => e.action));
    for (const k of ['research.code_create', 'research.code_change', 'research.category_create', 'research.relation_create']) expect(kinds, k).toContain(k);
    for (const e of entries) {
      const body = `${e.before_data ?? ''} ${e.after_data ?? ''}`.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>');
      expect(body, e.action).not.toContain(NIK);
      expect(/\d(?:[\s.-]?\d){15}/.test(body), `${e.action}: ${body.slice(0, 200)}`).toBe(false);
    }
  });

  it('kappa with a coder who has coded nothing in the document: 422 naming them, in Indonesian and English', async () => {
    const korkot = staffAs(t.ctx, false, 'korkot.depok')!;
    const url = `${R}/documents/${docId}/agreement?coderA=${encodeURIComponent(korkot)}&coderB=peneliti`;
    const id = expectError(await api('peneliti').get(url), 422, 'research_coder_not_coded');
    expect(id.message).toBe('peneliti belum mengodekan dokumen ini, jadi kesepakatan belum dapat dihitung.');
    const en = expectError(await api('peneliti').get(`${url}&lang=en`), 422, 'research_coder_not_coded');
    expect(en.message).toBe('peneliti has not coded this document yet, so agreement cannot be computed.');
    // A koordinator names the coders by username; the one who has not coded is named, first or second.
    const k = expectError(await api('korkot.depok').get(`${R}/documents/${docId}/agreement?coderA=peneliti&coderB=korkot.depok&lang=en`), 422, 'research_coder_not_coded');
    expect(k.message).toBe('peneliti has not coded this document yet, so agreement cannot be computed.');
    // Once both have coded, a kappa.
    expectOk(await api('peneliti').post(`${R}/documents/${docId}/segments`, { start: 0, end: 9, codeId: openCodeId }), 201);
    const ok = expectOk(await api('peneliti').get(url));
    expect(typeof ok.kappa === 'number' || ok.kappa === null).toBe(true);
    expect(ok).toMatchObject({ coderA: korkot, coderB: 'peneliti', unit: 'line' });
    // An unknown coder stays a 400, as before.
    expectError(await api('peneliti').get(`${R}/documents/${docId}/agreement?coderA=nobody.here&coderB=peneliti`), 400);
  });

  it('categories are listed and retrieved by the peneliti with the same pseudonyms', () => {
    const list = JSON.parse(answers.get('categories')!).items;
    const model = JSON.parse(answers.get('model')!).categories;
    expect(list.map((c: { name: string; description: string | null }) => [c.name, c.description])).toEqual(model.map((c: { name: string; description: string | null }) => [c.name, c.description]));
    expect(list.find((c: { id: string }) => c.id === categoryId).description).toContain(pdp);
  });
});
