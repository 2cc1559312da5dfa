/**
 * What a peneliti reads, everywhere: every GET endpoint of the app (enumerated from the app itself, so a new
 * one is checked without editing this file) is asked as the peneliti, with real ids and the query values each
 * needs, and no answer may hold a KPM head's name, a staff member's username or name, or the free text of a
 * P2K2 narrative or an absence's reason (research documents excepted: they carry notes pseudonymised, which
 * research.test.ts checks). Staff are named by a stable pseudonym, the same in every answer, the research module
 * included: its document is coded by a koordinator and by the peneliti, and carries a koordinator's memo, so its
 * coders and authors are read too (research-coders.test.ts checks them in detail). Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffAs } from '../../../src/server/services/families.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { appOperations } from '../../support/routes';
import { API, expectOk } from './helpers';

/** Query values an endpoint needs to answer at all (by path). */
/** Marks the free text this test writes (reasons, notes, evidence, goals): none of it may reach the peneliti. */
const SECRET = 'RAHASIA-7Q';

const QUERIES: Record<string, string> = {
  '/api/v1/analytics/graduation': 'by=pendamping',
  '/api/v1/dashboard/families': 'view=summary&key=families',
  '/api/v1/dashboard/export.xlsx': 'view=pendamping',
  '/api/v1/families/{id}/compliance': 'period=2026-Q2',
  '/api/v1/families/{id}/entitlement/tahap': 'year=2026',
  '/api/v1/reports/monthly': 'month=2026-06',
  '/api/v1/graduation/pipeline': 'by=pendamping',
  '/api/v1/exports/{kind}': 'format=csv',
};

describe.each(ENGINES)('what a peneliti reads (%s)', (engine) => {
  let t: TestApp;
  let s: Session;
  const answers = new Map<string, string>();
  let staff: Array<{ username: string; display_name: string; role: string }> = [];
  let heads: string[] = [];
  let narratives: string[] = [];
  let families: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 300, seedFacilitation: true, now: () => new Date('2026-07-15T03:00:00Z') });
    const db = t.ctx.database.db;
    // A note to collect, so research documents are asked too.
    const korcam = await loginAs(t.app, 'korcam.cimanggis');
    expectOk(await as(t.app, korcam).post(`${API}/research/documents/collect`, { from: '2026-06-01', to: '2026-06-30' }));
    s = await loginAs(t.app, 'peneliti');
    // Everyone but the researchers themselves (who code together and keep their usernames).
    staff = await db.selectFrom('users').select(['username', 'display_name', 'role']).where('role', '<>', 'peneliti').execute();
    heads = (await db.selectFrom('families').select('head_name').execute()).map((r) => r.head_name);
    narratives = (await db.selectFrom('p2k2_sessions').select('narrative').where('narrative', 'is not', null).execute()).map((r) => r.narrative!).filter((n) => n.length > 20);
    const family = (await db.selectFrom('families').select('id').where('kecamatan_code', '=', '32.76.02').where('pendamping_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow()).id;
    // Records with free text and staff names on one of pendamping01's families: a data update (proposed, then
    // decided), a referral, a case goal with a task; a sanction where the ladder proposes one; and a family
    // taken through graduation by the demo (its history names who moved it, with notes).
    const p1 = await loginAs(t.app, 'pendamping01');
    const own = expectOk(await as(t.app, p1).get(`${API}/families?limit=1&status=aktif`)).items[0].id as string;
    expectOk(await as(t.app, p1).post(`${API}/families/${own}/data-updates`, { kind: 'alamat', reason: `${SECRET} alasan`, evidence: `${SECRET} bukti`, change: { address: 'Jl. Usulan No. 2' } }), 201);
    const second = expectOk(await as(t.app, p1).post(`${API}/families/${own}/data-updates`, { kind: 'alamat', reason: `${SECRET} alasan dua`, change: { address: 'Jl. Usulan No. 3' } }), 201);
    expectOk(await as(t.app, korcam).post(`${API}/data-updates/${second.id}/reject`, { note: `${SECRET} catatan keputusan` }));
    expectOk(await as(t.app, p1).post(`${API}/families/${own}/referrals`, { program: 'pbi_jkn', referredOn: '2026-07-10', notes: `${SECRET} rujukan` }), 201);
    expectOk(await as(t.app, p1).post(`${API}/families/${own}/case-plan/goals`, { title: `${SECRET} tujuan`, description: `${SECRET} uraian`, tasks: [{ title: `${SECRET} langkah` }] }), 201);
    let sanctioned: string | undefined;
    for (const f of expectOk(await as(t.app, korcam).get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string }>) {
      const r = expectOk(await as(t.app, korcam).get(`${API}/families/${f.id}/sanctions`));
      if (!r.proposal) continue;
      expectOk(await as(t.app, korcam).post(`${API}/families/${f.id}/sanctions`, { step: r.proposal.step, reasons: r.proposal.requiredReasons, note: `${SECRET} catatan sanksi` }), 201);
      sanctioned = f.id;
      break;
    }
    const graduated = (await db.selectFrom('graduation_cases').select('family_id').where('state', '=', 'monitoring').orderBy('family_id').executeTakeFirstOrThrow()).family_id;
    families = [family, own, graduated, ...(sanctioned ? [sanctioned] : [])];
    const session = await db.selectFrom('p2k2_sessions').select(['id', 'group_id']).where('status', '=', 'held').where('narrative', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const document = (await db.selectFrom('research_documents').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    // The document coded by a koordinator and by the peneliti, with a koordinator's memo: the module names its
    // coders and authors in the document, the list, retrieval, memos, agreement and the segments CSV.
    const codeId = expectOk(await as(t.app, korcam).get(`${API}/research/codes`)).codes.find((c: { code: string }) => c.code === 'advokasi').id as string;
    expectOk(await as(t.app, korcam).post(`${API}/research/documents/${document}/segments`, { start: 0, end: 5, codeId }), 201);
    expectOk(await as(t.app, s).post(`${API}/research/documents/${document}/segments`, { start: 0, end: 5, codeId }), 201);
    // The koordinator kota writes free text in the module (the peneliti's team): a memo, an open code, a
    // category, a relation and the storyline, naming a KPM head, staff by name and username, and a NIK.
    const korkot = as(t.app, await loginAs(t.app, 'korkot.depok'));
    const head = (await db.selectFrom('families').select('head_name').where('kab_kota_code', '=', '32.76').orderBy('id').executeTakeFirstOrThrow()).head_name;
    const named = `keluarga ${head} (NIK 3276024107850002) dibantu Bu ${head.split(' ')[0]} dan pendamping01 / Ahmad Fauzi, korcam.cimanggis dan Siti Nurjanah`;
    expectOk(await korkot.post(`${API}/research/memos`, { text: `Memo koordinator: ${named}.`, documentId: document }), 201);
    const open = expectOk(await korkot.post(`${API}/research/codes`, { label: `Kode ${head} pendamping01`, description: named }), 201);
    const catA = expectOk(await korkot.post(`${API}/research/categories`, { name: `Kategori ${head}`, description: named, codeIds: [open.id, codeId] }), 201);
    const catB = expectOk(await korkot.post(`${API}/research/categories`, { name: 'Peran pendamping01 (Ahmad Fauzi)', codeIds: [codeId] }), 201);
    expectOk(await korkot.post(`${API}/research/relations`, { fromCategoryId: catA.id, toCategoryId: catB.id, label: `${head}, 3276024107850002, pendamping01 / Ahmad Fauzi` }), 201);
    expectOk(await korkot.put(`${API}/research/core`, { categoryId: catA.id, storyline: `Alur: ${named}.` }), 200);
    expectOk(await korkot.post(`${API}/research/memos`, { text: `Memo kategori: ${named}.`, categoryId: catA.id }), 201);
    QUERIES['/api/v1/research/retrieval'] = `codeId=${codeId}`;
    QUERIES['/api/v1/research/documents/{id}/agreement'] = `coderA=${staffAs(t.ctx, false, 'korcam.cimanggis')}&coderB=peneliti`;
    const fill = (path: string, kind: string): string[] => {
      if (path.startsWith('/api/v1/families/{id}')) return families.map((f) => path.replace('{id}', f));
      if (path.startsWith('/api/v1/groups/{id}')) return [path.replace('{id}', session.group_id).replace('{sessionId}', session.id)];
      if (path.startsWith('/api/v1/research/documents/{id}')) return [path.replace('{id}', document)];
      if (path === '/api/v1/dashboard/views/{view}') return ['summary', 'graduations', 'pipeline', 'readiness', 'compliance', 'activity', 'factors', 'pendamping', 'kelurahan'].map((v) => path.replace('{view}', v));
      if (path === '/api/v1/exports/{kind}') return ['families', 'compliance', 'activities', 'graduation', 'graduation_candidates'].map((k) => path.replace('{kind}', k));
      if (path === '/api/v1/reference/{name}') return [path.replace('{name}', 'ife-roles')];
      return kind.includes('{') ? [] : [path];
    };
    for (const op of (await appOperations(t.app)).filter((o) => o.method === 'GET' && o.path.startsWith('/api/v1/'))) {
      for (const url of fill(op.path, op.path)) {
        const query = QUERIES[op.path];
        const res = await as(t.app, s).get(query ? `${url}?${query}` : url);
        if (res.statusCode === 200) answers.set(url, res.body);
      }
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it('reaches the endpoints that hold families, work, groups, graduation, dashboards, exports and research', () => {
    const reached = [...answers.keys()].map((u) => u.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}'));
    for (const u of [
      '/api/v1/families',
      '/api/v1/families/{id}',
      '/api/v1/families/{id}/activities',
      '/api/v1/families/{id}/assignments',
      '/api/v1/groups',
      '/api/v1/groups/{id}/sessions',
      '/api/v1/groups/{id}/sessions/{id}',
      '/api/v1/graduation/candidates',
      '/api/v1/graduation/pipeline',
      '/api/v1/dashboard/views/pendamping',
      '/api/v1/dashboard/families',
      '/api/v1/exports/activities',
      '/api/v1/sync/pull',
      '/api/v1/research/documents',
      '/api/v1/research/documents/{id}',
      '/api/v1/research/documents/{id}/agreement',
      '/api/v1/research/retrieval',
      '/api/v1/research/memos',
      '/api/v1/research/export/segments.csv',
      '/api/v1/research/codes',
      '/api/v1/research/categories',
      '/api/v1/research/model',
      '/api/v1/research/export/codebook.csv',
    ]) {
      expect(reached, u).toContain(u);
    }
  });

  it('names no KPM head and no member of staff, by username or by name', () => {
    const leaks: string[] = [];
    for (const [url, body] of answers) {
      for (const u of staff) {
        if (new RegExp(`(^|[^a-z0-9._])${u.username.replace(/\./g, '\\.')}($|[^a-z0-9._])`).test(body)) leaks.push(`${url}: username ${u.username}`);
        if (body.includes(u.display_name)) leaks.push(`${url}: name ${u.display_name}`);
      }
      for (const h of heads) if (body.includes(h)) leaks.push(`${url}: head ${h}`);
    }
    expect(leaks.slice(0, 20)).toEqual([]);
  });

  it('reads the free text written in the research module without the NIK it holds', () => {
    const leaks = [...answers].filter(([url, body]) => url.startsWith('/api/v1/research/') && /3276\D?0241\D?0785\D?0002|32760241|07850002/.test(body.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>'))).map(([url]) => url);
    expect(leaks).toEqual([]);
    const model = JSON.parse(answers.get('/api/v1/research/model')!);
    expect(model.core.storyline).toContain(`dan ${staffAs(t.ctx, false, 'pendamping01')} / ${staffAs(t.ctx, false, 'pendamping01')}, ${staffAs(t.ctx, false, 'korcam.cimanggis')} dan ${staffAs(t.ctx, false, 'korcam.cimanggis')}.`);
    expect(model.core.storyline).toContain('NIK-disamarkan');
  });

  it('reads the seeded codebook (Ife’s roles, the study’s factors and obstacles) as it is, with 300 families’ names known', async () => {
    const asKorcam = expectOk(await as(t.app, await loginAs(t.app, 'korcam.cimanggis')).get(`${API}/research/codes`)).codes as Array<{ id: string; seeded: boolean }>;
    const seeded = (list: Array<{ id: string; seeded: boolean }>) => list.filter((c) => c.seeded);
    expect(seeded(JSON.parse(answers.get('/api/v1/research/codes')!).codes)).toEqual(seeded(asKorcam));
  });

  it('gets no free text about a family: reasons, evidence, decisions, notes, goals', () => {
    expect(families.length).toBe(4);
    const leaks = [...answers].filter(([, body]) => body.includes(SECRET)).map(([url]) => url);
    expect(leaks).toEqual([]);
  });

  it('gets no P2K2 narrative outside research documents (which carry it pseudonymised)', () => {
    expect(narratives.length).toBeGreaterThan(0);
    const leaks = [...answers].filter(([url]) => !url.startsWith('/api/v1/research/')).flatMap(([url, body]) => (narratives.some((n) => body.includes(JSON.stringify(n).slice(1, -1))) ? [url] : []));
    expect(leaks).toEqual([]);
  });

  it('sees the koordinator who coded the research document under their pseudonym', () => {
    const korcam = staffAs(t.ctx, false, 'korcam.cimanggis')!;
    const korkot = staffAs(t.ctx, false, 'korkot.depok')!;
    expect(JSON.parse(answers.get('/api/v1/research/documents')!).items.flatMap((d: { coders: string[] }) => d.coders)).toEqual(expect.arrayContaining([korcam, 'peneliti']));
    const doc = [...answers].find(([url]) => /^\/api\/v1\/research\/documents\/[0-9a-f-]{36}$/.test(url))![1];
    expect(new Set(JSON.parse(doc).segments.map((g: { coder: string }) => g.coder))).toEqual(new Set([korcam, 'peneliti']));
    expect(JSON.parse(doc).memos.map((m: { author: string }) => m.author)).toContain(korkot);
    expect(answers.get('/api/v1/research/export/segments.csv')).toContain(`,${korcam},`);
  });

  it('sees each pendamping under one pseudonym everywhere, and can drill into the pendamping view by it', async () => {
    const pseudonyms = (body: string) => new Set(body.match(/PDP-[0-9A-F]{8}/g) ?? []);
    const inFamilies = pseudonyms(answers.get('/api/v1/families')!);
    const inDashboard = pseudonyms(answers.get('/api/v1/dashboard/views/pendamping')!);
    expect(inFamilies.size).toBeGreaterThan(0);
    for (const p of inFamilies) expect(inDashboard, p).toContain(p);
    const row = JSON.parse(answers.get('/api/v1/dashboard/views/pendamping')!).rows.find((r: { key: string; values: { families: number } }) => r.key.startsWith('PDP-') && r.values.families > 0);
    const drill = expectOk(await as(t.app, s).get(`${API}/dashboard/families?view=pendamping&key=${encodeURIComponent(`${row.key}:families`)}`));
    expect(drill.total).toBe(row.values.families);
    expect(new Set(drill.items.map((f: { pendamping: string }) => f.pendamping))).toEqual(new Set([row.key]));
  });
});
