/**
 * Who coded what, as a peneliti reads it (docs/research.md, "Who coded what"): staff who are subjects of the
 * research (koordinator, admin, pendamping) are named by their pseudonym `PDP-…`, the same as in the rest of
 * the app; fellow researchers by username. Every GET answer of the module (enumerated from the app, so a new
 * one is checked too), JSON and CSV, is read as the peneliti with segments coded by two koordinator and two
 * peneliti and a koordinator's memo. Agreement takes the names the caller sees, and a username behind a
 * pseudonym cannot be confirmed. A koordinator still reads usernames. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { hashPassword } from '../../../src/server/auth/passwords';
import { AuthRepository } from '../../../src/server/db/repositories/auth.repository';
import { DEMO_PASSWORD } from '../../../src/server/seed/demo-data';
import { staffAs } from '../../../src/server/services/families.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { appOperations } from '../../support/routes';
import { API, expectError, expectOk } from './helpers';

const R = `${API}/research`;
const LINES = ['Pendamping menjelaskan aturan PKH.', 'Ibu mulai menabung setiap minggu.', 'Kelompok saling membantu saat sakit.', 'Akses ke puskesmas masih jauh.'];
const TEXT = LINES.join('\n');

describe.each(ENGINES)('coders and authors as a peneliti reads them (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const api = (u: string) => as(t.app, s[u]!);
  const pdp = (u: string) => staffAs(t.ctx, false, u)!;
  let docId = '';
  let codeIds: Record<string, string> = {};
  let categoryId = '';
  /** Every user who is not a peneliti: none of their usernames may reach the peneliti. */
  let staff: string[] = [];
  const answers = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 12, now: () => new Date('2026-07-15T03:00:00Z') });
    // A second researcher of Depok: the two peneliti tell each other apart by username.
    await new AuthRepository(t.ctx.database.db).insertUsers(
      [{ id: uuidv7(), username: 'peneliti.dua', displayName: 'Peneliti Dua', passwordHash: await hashPassword(DEMO_PASSWORD), role: 'peneliti', regionCode: '32.76' }],
      new Date().toISOString(),
    );
    for (const u of ['korcam.cimanggis', 'korkot.depok', 'peneliti', 'peneliti.dua', 'admin']) s[u] = await loginAs(t.app, u);
    staff = (await t.ctx.database.db.selectFrom('users').select('username').where('role', '<>', 'peneliti').execute()).map((r) => r.username);
    const codes = expectOk(await api('korcam.cimanggis').get(`${R}/codes`)).codes as Array<{ id: string; code: string }>;
    codeIds = Object.fromEntries(codes.map((c) => [c.code, c.id]));
    docId = expectOk(await api('korcam.cimanggis').post(`${R}/documents`, { title: 'Wawancara dua tim', text: TEXT }), 201).id;
    const at = (i: number) => ({ start: TEXT.indexOf(LINES[i]!), end: TEXT.indexOf(LINES[i]!) + LINES[i]!.length });
    const plans: Array<[string, Array<[number, string]>]> = [
      ['korcam.cimanggis', [[0, 'advokasi'], [1, 'pelatihan'], [3, 'pelatihan']]],
      ['korkot.depok', [[2, 'advokasi']]],
      ['peneliti', [[0, 'advokasi'], [1, 'advokasi'], [3, 'pelatihan']]],
      ['peneliti.dua', [[0, 'pelatihan']]],
    ];
    for (const [who, plan] of plans) {
      for (const [line, code] of plan) expectOk(await api(who).post(`${R}/documents/${docId}/segments`, { ...at(line), codeId: codeIds[code] }), 201);
    }
    // The korkot shares the peneliti's team (32.76): its memo and category are the peneliti's to read.
    expectOk(await api('korkot.depok').post(`${R}/memos`, { text: 'Catatan koordinator.', documentId: docId }), 201);
    expectOk(await api('korkot.depok').post(`${R}/memos`, { text: 'Memo kode.', codeId: codeIds.advokasi }), 201);
    expectOk(await api('peneliti.dua').post(`${R}/memos`, { text: 'Memo peneliti.', documentId: docId }), 201);
    categoryId = expectOk(await api('korkot.depok').post(`${R}/categories`, { name: 'Peran', codeIds: [codeIds.advokasi, codeIds.pelatihan] }), 201).id;
    expectOk(await api('korkot.depok').post(`${R}/codes`, { label: 'Kode koordinator' }), 201);

    const fill = (path: string): string[] => {
      if (path === `${R}/documents/{id}`) return [path.replace('{id}', docId)];
      if (path === `${R}/documents/{id}/agreement`) return [`${path.replace('{id}', docId)}?coderA=${encodeURIComponent(pdp('korcam.cimanggis'))}&coderB=peneliti`];
      if (path === `${R}/retrieval`) return [`${path}?codeId=${codeIds.advokasi}`, `${path}?categoryId=${categoryId}`];
      if (path === `${R}/memos`) return [path, `${path}?documentId=${docId}`];
      return path.includes('{') ? [] : [path];
    };
    for (const op of (await appOperations(t.app)).filter((o) => o.method === 'GET' && o.path.startsWith(`${R}/`))) {
      for (const url of fill(op.path)) {
        const res = await api('peneliti').get(url);
        expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
        answers.set(url, url.endsWith('.pdf') ? '' : res.body);
      }
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it('reaches every GET answer of the module', () => {
    const reached = [...answers.keys()].map((u) => u.replace(docId, '{id}').replace(/\?.*$/, ''));
    for (const u of ['documents', 'documents/{id}', 'documents/{id}/agreement', 'memos', 'retrieval', 'frequencies', 'cooccurrence', 'categories', 'model', 'codes', 'study', 'export/codebook.csv', 'export/segments.csv', 'export/report.pdf']) {
      expect(reached, u).toContain(`${R}/${u}`);
    }
  });

  it('no answer names a member of staff by username', () => {
    expect(staff).toEqual(expect.arrayContaining(['korcam.cimanggis', 'korkot.depok', 'admin', 'pendamping01']));
    const leaks: string[] = [];
    for (const [url, body] of answers) {
      for (const u of staff) if (new RegExp(`(^|[^a-z0-9._])${u.replace(/\./g, '\\.')}($|[^a-z0-9._])`).test(body)) leaks.push(`${url}: ${u}`);
    }
    expect(leaks).toEqual([]);
  });

  it('staff are named by their pseudonym (the same as elsewhere in the app), researchers by username', () => {
    const korcam = pdp('korcam.cimanggis');
    const korkot = pdp('korkot.depok');
    expect(korcam).toMatch(/^PDP-[0-9A-F]{8}$/);
    const doc = JSON.parse(answers.get(`${R}/documents`)!).items.find((d: { id: string }) => d.id === docId);
    expect(doc.coders).toEqual([korcam, korkot, 'peneliti', 'peneliti.dua'].sort((a, b) => a.localeCompare(b)));
    const seen = JSON.parse(answers.get(`${R}/documents/${docId}`)!);
    expect(new Set(seen.segments.map((g: { coder: string }) => g.coder))).toEqual(new Set([korcam, korkot, 'peneliti', 'peneliti.dua']));
    expect(seen.memos.map((m: { author: string }) => m.author).sort()).toEqual([korkot, 'peneliti.dua'].sort());
    const memos = JSON.parse(answers.get(`${R}/memos`)!).items.map((m: { author: string }) => m.author);
    expect(memos).toContain(korkot);
    const retrieved = JSON.parse(answers.get(`${R}/retrieval?codeId=${codeIds.advokasi}`)!).items.map((r: { coder: string }) => r.coder);
    expect(new Set(retrieved)).toEqual(new Set([korcam, korkot, 'peneliti']));
    const csv = answers.get(`${R}/export/segments.csv`)!.slice(1).trim().split('\r\n');
    const coder = csv[0]!.split(',').indexOf('coder');
    expect(coder).toBeGreaterThan(0);
    expect(new Set(csv.slice(1).map((l) => l.split(',')[coder]))).toEqual(new Set([korcam, korkot, 'peneliti', 'peneliti.dua']));
  });

  it('agreement takes the pseudonym a peneliti sees; a username behind a pseudonym, or a pseudonym of no coder, finds nothing', async () => {
    const url = (a: string, b: string) => `${R}/documents/${docId}/agreement?coderA=${encodeURIComponent(a)}&coderB=${encodeURIComponent(b)}`;
    const byKoordinator = expectOk(await api('korkot.depok').get(url('korcam.cimanggis', 'peneliti')));
    const byPeneliti = expectOk(await api('peneliti').get(url(pdp('korcam.cimanggis'), 'peneliti')));
    expect(byPeneliti).toEqual({ ...byKoordinator, coderA: pdp('korcam.cimanggis') });
    expect(byPeneliti.n).toBe(4);
    expect(byPeneliti.kappa).not.toBeNull();
    expect(expectOk(await api('peneliti').get(url('peneliti.dua', 'peneliti'))).n).toBe(4);
    // The caller's own pseudonymised view is the only key: guesses confirm nothing.
    for (const guess of ['korcam.cimanggis', 'PDP-00000000', pdp('pendamping01'), 'pendamping01', 'nobody']) {
      const e = expectError(await api('peneliti').get(url(guess, 'peneliti')), 400);
      expect(e.fields?.coderA).toContain(guess);
    }
    // One who sees identities names coders by username.
    expectError(await api('korkot.depok').get(url(pdp('korcam.cimanggis'), 'peneliti')), 400);
  });

  it('a koordinator and admin still read usernames', async () => {
    for (const u of ['korkot.depok', 'admin']) {
      const doc = expectOk(await api(u).get(`${R}/documents`)).items.find((d: { id: string }) => d.id === docId);
      expect(doc.coders).toEqual(['korcam.cimanggis', 'korkot.depok', 'peneliti', 'peneliti.dua']);
      const seen = expectOk(await api(u).get(`${R}/documents/${docId}`));
      expect(new Set(seen.segments.map((g: { coder: string }) => g.coder))).toEqual(new Set(['korcam.cimanggis', 'korkot.depok', 'peneliti', 'peneliti.dua']));
      const csv = (await api(u).get(`${R}/export/segments.csv`)).body;
      expect(csv).toContain(',korcam.cimanggis,');
      expect(csv).not.toMatch(/PDP-/);
    }
    const seen = expectOk(await api('korkot.depok').get(`${R}/documents/${docId}`));
    expect(seen.memos.map((m: { author: string }) => m.author).sort()).toEqual(['korkot.depok', 'peneliti.dua']);
  });
});
