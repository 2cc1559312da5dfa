/**
 * The demo research data on both engines: the coded transcript, two coders with kappa, the peneliti's model,
 * collected notes (idempotent), and pseudonymisation: every name and NIK in the demo notes (activity notes,
 * P2K2 narratives, case notes, the transcript) is gone from what a peneliti receives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../../tests/support/app';
import { ENGINES } from '../../../tests/support/engines';
import { staffAs } from '../services/families.service';
import { DEMO_CODING, DEMO_TRANSCRIPT_NIK, DEMO_TRANSCRIPT_TITLE } from './demo-research';

const R = '/api/v1/research';

function ok(res: { statusCode: number; body: string }, status = 200) {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  return JSON.parse(res.body);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A name as whole words, any whitespace between them, case-insensitive. */
const nameRegex = (name: string) => new RegExp(`(?<![\\p{L}])${name.trim().split(/\s+/).map(escape).join('\\s+')}(?![\\p{L}])`, 'iu');

describe.each(ENGINES)('demo research data (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const api = (u: string) => as(t.app, s[u]!);
  let names: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 160, seedFacilitation: true });
    for (const u of ['korcam.cimanggis', 'peneliti', 'korkot.depok']) s[u] = await loginAs(t.app, u);
    const persons = await t.ctx.database.db.selectFrom('persons').select('name').execute();
    const users = await t.ctx.database.db.selectFrom('users').select('display_name').where('role', '<>', 'admin').execute();
    names = [...new Set([...persons.map((p) => p.name), ...users.map((u) => u.display_name)])];
  }, 240_000);
  afterAll(async () => t?.close());

  it('collects every note of the demo year (idempotent: a second collect adds nothing)', async () => {
    const first = ok(await api('korcam.cimanggis').post(`${R}/documents/collect`, {}));
    expect(first.added).toBeGreaterThan(0);
    const again = ok(await api('korcam.cimanggis').post(`${R}/documents/collect`, {}));
    expect(again).toEqual({ added: 0, total: first.total, refreshed: 0, withdrawn: 0, segmentsDropped: 0 });
    const bySource = ok(await api('korcam.cimanggis').get(`${R}/documents`)).items.reduce((m: Record<string, number>, d: { source: string }) => ({ ...m, [d.source]: (m[d.source] ?? 0) + 1 }), {});
    expect(bySource.transcript).toBe(1);
    expect(bySource.activity_note).toBeGreaterThan(0);
    expect(bySource.p2k2_note).toBeGreaterThan(0);
    expect(first.total).toBe(bySource.activity_note + bySource.p2k2_note + (bySource.case_note ?? 0));
    // The interview transcript heads the first page, whatever the hundreds of notes collected after it.
    const page = ok(await api('korcam.cimanggis').get(`${R}/documents?limit=20`));
    expect(page.items[0].source).toBe('transcript');
    // Notes are titled in words: a P2K2 note with its module's name and session, never a module code.
    const all = ok(await api('korcam.cimanggis').get(`${R}/documents?limit=500`)).items as Array<{ source: string; title: string }>;
    const p2k2 = all.filter((d) => d.source === 'p2k2_note');
    expect(p2k2.length).toBeGreaterThan(0);
    for (const d of p2k2) {
      expect(d.title).toMatch(/^P2K2 [A-Z][^_]*, sesi \d+/);
      expect(d.title).not.toMatch(/_/);
    }
    for (const d of all.filter((x) => x.source === 'activity_note')) expect(d.title).not.toMatch(/^[a-z_]+ ·/);
  });

  it('no name and no NIK of the demo notes reaches the peneliti (transcript, activity notes, P2K2 narratives, case notes)', async () => {
    const list = ok(await api('korcam.cimanggis').get(`${R}/documents`)).items as Array<{ id: string; source: string }>;
    // Full names (two words or more): a one-word name such as "Hari" is also an everyday word ("day").
    const regexes = names.filter((n) => n.trim().split(/\s+/).length > 1).map((n) => ({ n, r: nameRegex(n) }));
    expect(regexes.length).toBeGreaterThan(100);
    let namedOriginals = 0;
    let digitOriginals = 0;
    for (const d of list) {
      const original = ok(await api('korcam.cimanggis').get(`${R}/documents/${d.id}`));
      const seen = ok(await api('peneliti').get(`${R}/documents/${d.id}`));
      expect(seen.pseudonymised).toBe(true);
      const present = regexes.filter(({ r }) => r.test(`${original.title}\n${original.text}`));
      if (present.length) namedOriginals++;
      if (/\d{16}/.test(original.text)) digitOriginals++;
      for (const { n, r } of present) expect(r.test(`${seen.title}\n${seen.text}`), `"${n}" in ${d.source} ${d.id}`).toBe(false);
      // Nor any other known name, nor any 16-digit number.
      const leaked = regexes.filter(({ r }) => r.test(`${seen.title}\n${seen.text}`)).map(({ n }) => n);
      expect(leaked, `${d.source} ${d.id}`).toEqual([]);
      expect(seen.text).not.toMatch(/\d(?:[\s.-]?\d){15}/);
      for (const seg of seen.segments) expect(regexes.some(({ r }) => r.test(seg.text))).toBe(false);
    }
    // The check had names to look for: the transcript and some activity notes name KPM; the transcript has a NIK.
    expect(namedOriginals).toBeGreaterThan(2);
    expect(digitOriginals).toBeGreaterThanOrEqual(1);
    // Retrieval, study view and the segments export likewise.
    const csv = (await api('peneliti').get(`${R}/export/segments.csv`)).body;
    const studyBody = (await api('peneliti').get(`${R}/study`)).body;
    for (const text of [csv, studyBody]) {
      expect(regexes.filter(({ r }) => r.test(text)).map(({ n }) => n)).toEqual([]);
      expect(text).not.toContain(DEMO_TRANSCRIPT_NIK);
    }
  });

  it('the one-word names of the persons a note concerns (its family, its kelompok’s families, the region for a transcript) are gone too when written as names', async () => {
    const db = t.ctx.database.db;
    const docs = await db.selectFrom('research_documents').select(['id', 'source', 'source_ref', 'family_id', 'text']).execute();
    const namesOf = async (familyIds: string[]) =>
      familyIds.length
        ? (await db.selectFrom('family_members').innerJoin('persons', 'persons.id', 'family_members.person_id').where('family_members.family_id', 'in', familyIds).select('persons.name').execute()).map((r) => r.name)
        : [];
    const regionNames = (await db.selectFrom('persons').select('name').execute()).map((r) => r.name);
    let checked = 0;
    for (const d of docs) {
      let known: string[];
      if (d.source === 'transcript') known = regionNames;
      else if (d.source === 'p2k2_note') {
        const session = await db.selectFrom('p2k2_sessions').select('group_id').where('id', '=', d.source_ref!).executeTakeFirstOrThrow();
        known = await namesOf((await db.selectFrom('family_group_members').select('family_id').where('group_id', '=', session.group_id).execute()).map((r) => r.family_id));
      } else known = await namesOf([d.family_id!]);
      const single = [...new Set(known.map((n) => n.trim()).filter((n) => !/\s/.test(n) && n.length >= 2))];
      const seen = ok(await api('peneliti').get(`${R}/documents/${d.id}`)).text as string;
      for (const n of single) {
        const r = new RegExp(`(?<![\\p{L}])${escape(n)}(?![\\p{L}])`, 'u');
        if (!r.test(d.text)) continue;
        checked++;
        expect(r.test(seen), `"${n}" in ${d.source} ${d.id}`).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(2);
  });

  it('the transcript is coded by two coders, with a kappa between 0 and 1; the peneliti’s model has a core and relations', async () => {
    const list = ok(await api('peneliti').get(`${R}/documents?source=transcript`)).items;
    const doc = list.find((d: { title: string }) => d.title === DEMO_TRANSCRIPT_TITLE);
    // The koordinator by pseudonym (a subject of the research), the fellow researcher by name.
    const korcam = staffAs(t.ctx, false, 'korcam.cimanggis')!;
    expect(doc.coders).toEqual([korcam, 'peneliti'].sort());
    expect(doc.segmentCount).toBe(DEMO_CODING.filter((r) => r[1]).length + DEMO_CODING.filter((r) => r[2]).length);
    const lines = ok(await api('korcam.cimanggis').get(`${R}/documents/${doc.id}`)).text.split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(55);
    const a = ok(await api('peneliti').get(`${R}/documents/${doc.id}/agreement?coderA=${encodeURIComponent(korcam)}&coderB=peneliti`));
    expect(a.kappa).toBeGreaterThan(0.5);
    expect(a.kappa).toBeLessThan(1);
    const model = ok(await api('peneliti').get(`${R}/model`));
    expect(model.categories).toHaveLength(3);
    expect(model.relations).toHaveLength(2);
    expect(model.core.storyline).toMatch(/konfrontasi/);
    expect(ok(await api('peneliti').get(`${R}/memos?documentId=${doc.id}`)).items).toHaveLength(1);
  });

  it('the study view is not trivial: every role group has found roles, factors and obstacles counted with examples', async () => {
    const st = ok(await api('korkot.depok').get(`${R}/study`));
    expect(st.roleGroups.map((g: { group: string }) => g.group)).toEqual(['fasilitatif', 'edukasional', 'representasional', 'teknis']);
    for (const g of st.roleGroups) expect(g.roles.some((r: { found: boolean }) => r.found)).toBe(true);
    expect(st.factors).toHaveLength(5);
    for (const f of st.factors) {
      expect(f.count).toBeGreaterThan(0);
      expect(f.examples.length).toBeGreaterThan(0);
    }
    expect(st.obstacles.map((o: { source: string }) => o.source)).toEqual(['pendamping', 'internal_kelompok', 'eksternal_kelompok']);
    for (const o of st.obstacles) expect(o.items[0].segments).toBeGreaterThan(0);
    // Both coders coded "akses saya terbatas": one example, not two.
    const akses = st.obstacles[0].items[0].examples.map((e: { text: string }) => e.text);
    expect(new Set(akses).size).toBe(akses.length);
    expect(st.activities).toBeGreaterThan(0);
    expect(st.documents).toBeGreaterThan(1);
    expect(st.caution).toMatch(/sebab-akibat/);
    // As in the Cimanggis study: confronting is the role not found.
    expect(st.rolesNotFound.map((r: { code: string }) => r.code)).toContain('konfrontasi');
  });
});
