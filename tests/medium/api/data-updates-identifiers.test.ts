/**
 * Data updates (pemutakhiran) carry identifiers: a member added with a NIK, a member's NIK corrected. Roles
 * that see identities (pendamping, koordinator, auditor, admin) get them whole, and every answer that
 * carries them writes one `family.read_sensitive` per family in it (`via: 'data_update'`, the fields, never
 * the numbers), in one append; researchers get no change at all. Both engines.
 */
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditRepository } from '../../../src/server/db/repositories/audit.repository';
import { DataUpdatesRepository } from '../../../src/server/db/repositories/data-updates.repository';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectOk, member, nikFor } from './helpers';

const SIXTEEN_DIGITS = /\d{16}/;
type Item = { id: string; familyId: string; change: { members?: { add?: Array<{ nik?: string }>; update?: Array<{ nik?: string }> } } | null };
type Read = { action: string; family_id: string | null; region_code: string | null; before_data: string | null; after_data: string | null; actor_username: string | null };

describe.each(ENGINES)('data updates: whole identifiers only where allowed, each read audited (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const api = (u: string) => as(t.app, s[u]!);
  let F = '';
  let G = '';
  let H = '';
  const nik = { added: '', corrected: '', other: '' };
  const ids = { added: '', corrected: '', other: '', address: '' };
  let moreFamilies: string[] = [];

  const head = async () => Number((await t.ctx.database.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.seq ?? 0);
  /** The audit entries written after `mark`. */
  const since = async (mark: number): Promise<Read[]> =>
    (await t.ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'family_id', 'region_code', 'before_data', 'after_data', 'actor_username'])
      .where('seq', '>', mark as never)
      .orderBy('seq')
      .execute()) as Read[];
  const readsSince = async (mark: number) => (await since(mark)).filter((r) => r.action === 'family.read_sensitive');
  const viaDataUpdate = (reads: Read[]) => reads.filter((r) => (JSON.parse(r.after_data ?? '{}') as { via?: string }).via === 'data_update');
  /** The families of an answer whose change carries a whole NIK. */
  const identified = (items: Item[]) =>
    new Set(items.filter((p) => [...(p.change?.members?.add ?? []), ...(p.change?.members?.update ?? [])].some((m) => typeof m.nik === 'string' && SIXTEEN_DIGITS.test(m.nik))).map((p) => p.familyId));
  /** Exactly one entry per identified family, via data_update, fields named; no identifier in any. */
  const expectAudited = (all: Read[], families: Set<string>, user: string) => {
    for (const r of all) expect(`${r.before_data ?? ''}${r.after_data ?? ''}`).not.toMatch(SIXTEEN_DIGITS);
    const reads = viaDataUpdate(all);
    expect(reads.map((r) => r.family_id).sort()).toEqual([...families].sort());
    for (const r of reads) {
      expect(r.actor_username).toBe(user);
      expect(r.region_code).toMatch(/^32\.76\.02\.\d{4}$/);
      expect(JSON.parse(r.after_data ?? '{}')).toEqual({ fields: ['nik'], via: 'data_update' });
      expect(`${r.before_data ?? ''}${r.after_data ?? ''}`).not.toMatch(SIXTEEN_DIGITS);
    }
  };

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis', 'auditor', 'peneliti', 'admin']) s[u] = await loginAs(t.app, u);
    const families = (expectOk(await api('pendamping01').get(`${API}/families?limit=12&status=aktif`)).items as Array<{ id: string }>).map((f) => f.id);
    expect(families.length, 'pendamping01 has enough families').toBeGreaterThanOrEqual(5);
    [F, G, H] = families as [string, string, string];
    moreFamilies = families.slice(3);
  });
  afterAll(async () => t?.close());

  const correction = async (familyId: string) => {
    const m = (expectOk(await api('pendamping01').get(`${API}/families/${familyId}`)).members as Array<{ id: string; birthDate: string; sex: 'L' | 'P' }>)[0]!;
    const n = nikFor(m.birthDate, m.sex);
    const p = expectOk(await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, { kind: 'lainnya', reason: 'NIK salah ketik', change: { members: { update: [{ id: m.id, nik: n }] } } }), 201);
    return { id: p.id as string, nik: n, answer: p as Item };
  };

  it('the answer to a proposal shows the proposer what they sent, without a read entry', async () => {
    nik.added = nikFor('2026-07-01', 'P');
    const mark = await head();
    const added = expectOk(
      await api('pendamping01').post(`${API}/families/${F}/data-updates`, {
        kind: 'kelahiran',
        reason: 'Lahir di puskesmas',
        change: { members: { add: [{ ...member({ name: 'Bayi Baru', sex: 'P', birthDate: '2026-07-01', nik: nik.added }), startDate: '2026-07-01' }] } },
      }),
      201,
    );
    ids.added = added.id;
    expect(added.change.members.add[0].nik).toBe(nik.added);
    const corrected = await correction(F);
    ids.corrected = corrected.id;
    nik.corrected = corrected.nik;
    expect(corrected.answer.change!.members!.update![0]!.nik).toBe(nik.corrected);
    const other = await correction(G);
    ids.other = other.id;
    nik.other = other.nik;
    ids.address = expectOk(await api('pendamping01').post(`${API}/families/${H}/data-updates`, { kind: 'alamat', reason: 'Pindah rumah', change: { address: 'Jl. Usulan No. 9' } }), 201).id;
    const written = await since(mark);
    // (The detail reads `correction` makes to find a member are audited as such, not via data_update.)
    expect(viaDataUpdate(written)).toEqual([]);
    expect(written.filter((r) => r.action === 'data_update.propose')).toHaveLength(4);
    expect(JSON.stringify(written)).not.toMatch(SIXTEEN_DIGITS);
  });

  for (const user of ['pendamping01', 'korcam.cimanggis', 'auditor', 'admin']) {
    it(`${user} (sees identities) gets whole NIKs; each list writes one read entry per family that carries them`, async () => {
      let mark = await head();
      const queue = expectOk(await api(user).get(`${API}/data-updates?status=proposed&limit=100`)).items as Item[];
      const byId = new Map(queue.map((p) => [p.id, p]));
      expect(byId.get(ids.added)!.change!.members!.add![0]!.nik).toBe(nik.added);
      expect(byId.get(ids.corrected)!.change!.members!.update![0]!.nik).toBe(nik.corrected);
      expect(byId.get(ids.other)!.change!.members!.update![0]!.nik).toBe(nik.other);
      expect(byId.get(ids.address)!.change).toEqual({ address: 'Jl. Usulan No. 9' });
      const families = identified(queue);
      expect(families).toEqual(new Set([F, G]));
      expectAudited(await readsSince(mark), families, user);

      // A family's own list: one entry, for that family, however many of its proposals carry a NIK.
      mark = await head();
      const own = expectOk(await api(user).get(`${API}/families/${F}/data-updates`)).items as Item[];
      expect(own.filter((p) => p.id === ids.added || p.id === ids.corrected)).toHaveLength(2);
      expectAudited(await readsSince(mark), new Set([F]), user);
    });
  }

  it('a list with no identifier in it writes nothing', async () => {
    const mark = await head();
    const items = expectOk(await api('korcam.cimanggis').get(`${API}/families/${H}/data-updates`)).items as Item[];
    expect(items.map((p) => p.id)).toEqual([ids.address]);
    expect(expectOk(await api('auditor').get(`${API}/data-updates?status=confirmed`)).items).toEqual([]);
    expect(await since(mark)).toEqual([]);
  });

  it('peneliti (no identities) gets no change, no digit of a NIK, and writes no read entry', async () => {
    const mark = await head();
    for (const url of [`${API}/data-updates?status=proposed&limit=100`, `${API}/families/${F}/data-updates`]) {
      const res = await api('peneliti').get(url);
      const items = expectOk(res).items as Item[];
      expect(items.map((p) => p.id)).toEqual(expect.arrayContaining(url.includes(F) ? [ids.added, ids.corrected] : [ids.added, ids.corrected, ids.other]));
      for (const p of items) expect(p.change).toBeNull();
      expect(res.body).not.toMatch(SIXTEEN_DIGITS);
    }
    expect(await readsSince(mark)).toEqual([]);
  });

  it('a decision answers with the change, and records the read of its identifiers', async () => {
    let mark = await head();
    const confirmed = expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${ids.added}/confirm`, { note: 'Sesuai akta' }));
    expect(confirmed.change.members.add[0].nik).toBe(nik.added);
    expectAudited(await readsSince(mark), new Set([F]), 'korcam.cimanggis');
    // The confirmation itself records no identifier either.
    expect(JSON.stringify((await since(mark)).filter((r) => r.action === 'data_update.confirm'))).not.toMatch(SIXTEEN_DIGITS);

    mark = await head();
    const rejected = expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${ids.other}/reject`, { note: 'Bukti belum ada' }));
    expect(rejected.change.members.update[0].nik).toBe(nik.other);
    expectAudited(await readsSince(mark), new Set([G]), 'korcam.cimanggis');

    mark = await head();
    const withdrawn = expectOk(await api('pendamping01').post(`${API}/data-updates/${ids.corrected}/withdraw`));
    expect(withdrawn.change.members.update[0].nik).toBe(nik.corrected);
    expectAudited(await readsSince(mark), new Set([F]), 'pendamping01');

    // A decision on a change without identifiers records no read.
    mark = await head();
    expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${ids.address}/reject`, { note: 'Alamat belum pasti' }));
    expect(await readsSince(mark)).toEqual([]);
  });

  // Last: it adds proposals.
  it('the statements per list and the audit appends do not grow with the page (one append for the whole page)', async () => {
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const repos = t.ctx.repos as unknown as { dataUpdates: DataUpdatesRepository; audit: AuditRepository };
    const original = repos.dataUpdates;
    const originalAudit = repos.audit;
    const appends: number[] = [];
    repos.dataUpdates = new DataUpdatesRepository(t.ctx.database.db.withPlugin(counter), (original as unknown as { cipher: ConstructorParameters<typeof DataUpdatesRepository>[1] }).cipher);
    repos.audit = new Proxy(originalAudit, {
      get(target, prop, receiver) {
        if (prop === 'append') {
          return (...args: Parameters<AuditRepository['append']>) => {
            appends.push(args[2].length);
            return target.append(...args);
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const list = async () => {
      statements = 0;
      appends.length = 0;
      const mark = await head();
      const items = expectOk(await api('korcam.cimanggis').get(`${API}/data-updates?status=proposed&limit=100`)).items as Item[];
      expectAudited(await readsSince(mark), identified(items), 'korcam.cimanggis');
      return { statements, appends: [...appends], families: identified(items).size };
    };
    try {
      // Two families with a NIK in the queue, then more.
      const a = await correction(F);
      await correction(G);
      const before = await list();
      expect(before.families).toBe(2);
      expect(before.appends).toEqual([2]);
      for (const f of moreFamilies) {
        await correction(f);
        await correction(f);
      }
      const after = await list();
      expect(after.families).toBe(2 + moreFamilies.length);
      expect(after.appends).toEqual([2 + moreFamilies.length]);
      expect(after.statements).toBe(before.statements);
      expectOk(await api('pendamping01').post(`${API}/data-updates/${a.id}/withdraw`));
    } finally {
      repos.dataUpdates = original;
      repos.audit = originalAudit;
    }
  });
});
