/**
 * A randomized simulation of offline sync (seeded PRNG, so a failure replays): four devices (three
 * pendamping and a koordinator kecamatan sharing their families) make a few hundred interleaved edits
 * offline, then deliver them with random disconnections (answers lost), duplicate deliveries (the same
 * batch twice, at once), reorderings and concurrent uploads. Afterwards every mutation has exactly one
 * outcome on the server, every applied record is there exactly once, every conflict is in the inbox, and
 * nothing is lost (counted). On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, member, nikFor } from './api/helpers';

const SEED = Number(process.env.TITIAN_SIM_SEED ?? 20260715);
const EDITS = 320;

/** mulberry32: small, seedable, good enough to shuffle a simulation. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
    shuffle: <T>(xs: T[]) => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}

interface Mutation {
  id: string;
  entity: string;
  op: string;
  recordId: string;
  familyId?: string;
  baseVersion?: number;
  data: Record<string, unknown>;
}

interface Device {
  user: string;
  id: string;
  cursor?: string;
  families: Map<string, { version: number }>;
  outbox: Mutation[];
}

describe.each(ENGINES)('sync simulation (%s)', (engine) => {
  let t: TestApp;
  const sessions: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 120, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'pendamping03', 'korcam.cimanggis']) sessions[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());

  it(`${EDITS} interleaved offline edits: each applied once, each conflict in the inbox, none lost`, { timeout: 60_000 }, async () => {
    const rng = prng(SEED);
    const devices: Device[] = ['pendamping01', 'pendamping02', 'pendamping03', 'korcam.cimanggis'].map((user) => ({ user, id: uuidv7(), families: new Map(), outbox: [] }));
    const http = (d: Device) => as(t.app, sessions[d.user]!);
    const headers = (d: Device) => ({ 'x-titian-device': d.id, 'x-titian-app-version': 'sim' });
    const statuses: number[] = [];

    async function pullAll(d: Device) {
      for (let i = 0; i < 100; i++) {
        const q = new URLSearchParams({ limit: '400', ...(d.cursor ? { cursor: d.cursor } : {}) });
        const res = await http(d).get(`${API}/sync/pull?${q}`, headers(d));
        statuses.push(res.statusCode);
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        const body = res.json();
        for (const c of body.changes) {
          if (c.entity !== 'family') continue;
          if (c.op === 'delete') d.families.delete(c.id);
          else d.families.set(c.id, { version: c.version });
        }
        d.cursor = body.cursor;
        if (!body.hasMore) return;
      }
      throw new Error('pull does not end');
    }

    /** Delivers a batch; with `lose`, the answer never arrives (the device keeps the batch for later). */
    async function deliver(d: Device, batch: Mutation[], lose: boolean) {
      const res = await http(d).post(`${API}/sync/push`, { mutations: batch }, headers(d));
      statuses.push(res.statusCode);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const results = res.json().results as Array<{ id: string; status: string }>;
      expect(results.map((r) => r.id)).toEqual(batch.map((m) => m.id));
      if (lose) return;
      const done = new Set(results.map((r) => r.id));
      d.outbox = d.outbox.filter((m) => !done.has(m.id));
      for (const r of results) seen.set(r.id, [...(seen.get(r.id) ?? []), r.status]);
    }

    const generated: Mutation[] = [];
    const seen = new Map<string, string[]>();
    for (const d of devices) await pullAll(d);
    // The koordinator shares families with the pendamping: overlapping field edits are likely.
    expect(devices[3]!.families.size).toBeGreaterThan(devices[0]!.families.size);

    function edit(d: Device): Mutation | undefined {
      const ids = [...d.families.keys()];
      if (ids.length === 0) return undefined;
      // Koordinator edits concentrate on pendamping01's families, to meet their phone.
      const familyId = d.user === 'korcam.cimanggis' && rng.chance(0.7) ? rng.pick([...devices[0]!.families.keys()]) : rng.pick(ids);
      const known = d.families.get(familyId) ?? devices[0]!.families.get(familyId)!;
      const roll = rng.next();
      if (roll < 0.55) {
        return {
          id: uuidv7(),
          entity: 'activity',
          op: 'create',
          recordId: uuidv7(),
          familyId,
          // A few invalid ones (an unknown type): refused, and counted.
          data: { type: rng.chance(0.05) ? 'arisan' : rng.pick(['kunjungan_rumah', 'advokasi', 'rujukan']), date: `2026-07-${String(1 + rng.int(14)).padStart(2, '0')}`, roles: ['animasi_sosial'] },
        };
      }
      if (roll < 0.93) {
        const field = rng.pick(['address', 'decile', 'rt'] as const);
        const value = field === 'address' ? `Jl. Simulasi ${rng.int(1000)}` : field === 'decile' ? 1 + rng.int(10) : String(1 + rng.int(20));
        return { id: uuidv7(), entity: 'family', op: 'update', recordId: familyId, familyId, baseVersion: known.version, data: { [field]: value } };
      }
      const birth = `2026-0${1 + rng.int(6)}-1${rng.int(9)}`;
      return {
        id: uuidv7(),
        entity: 'family',
        op: 'update',
        recordId: familyId,
        familyId,
        baseVersion: known.version,
        data: { members: { add: [member({ name: 'Bayi Simulasi', relation: 'anak', sex: 'P', birthDate: birth, nik: nikFor(birth, 'P') })] }, kind: 'kelahiran' },
      };
    }

    let made = 0;
    while (made < EDITS) {
      // Offline work: a few edits on random devices.
      for (let k = 1 + rng.int(6); k > 0 && made < EDITS; k--) {
        const d = rng.pick(devices);
        const m = edit(d);
        if (!m) continue;
        d.outbox.push(m);
        generated.push(m);
        made += 1;
      }
      // Some devices find a signal at once; each sends part of its outbox, in any order.
      const online = rng.shuffle(devices).slice(0, rng.int(devices.length + 1));
      await Promise.all(
        online.map(async (d) => {
          if (d.outbox.length === 0) return;
          const batch = rng.shuffle(d.outbox).slice(0, 1 + rng.int(Math.min(d.outbox.length, 25)));
          if (rng.chance(0.15)) {
            // A duplicate delivery: the same batch twice, concurrently (a retry racing the original).
            await Promise.all([deliver(d, batch, true), deliver(d, batch, false)]);
          } else await deliver(d, batch, rng.chance(0.2));
          if (rng.chance(0.3)) await pullAll(d);
        }),
      );
    }
    // Everyone gets a good connection at the end and empties the outbox.
    for (const d of devices) {
      while (d.outbox.length > 0) await deliver(d, rng.shuffle(d.outbox).slice(0, 50), false);
      await pullAll(d);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);

    // ---- the counts ----------------------------------------------------------------------------
    const db = t.ctx.database.db;
    const ids = generated.map((m) => m.id);
    const rows = await db.selectFrom('sync_mutations').selectAll().where('id', 'in', ids).execute();
    // Every mutation has exactly one outcome on the server: none lost, none twice.
    expect(rows.length).toBe(generated.length);
    const outcome = new Map(rows.map((r) => [r.id, r.status]));
    // What the devices were told agrees with it: the first answer is the outcome, every later one `duplicate`.
    for (const [id, answers] of seen) {
      const firstReal = answers.find((a) => a !== 'duplicate');
      if (firstReal) expect(firstReal, id).toBe(outcome.get(id));
      expect(answers.filter((a) => a !== 'duplicate').length, id).toBeLessThanOrEqual(1);
    }
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    const applied = count('applied');
    const conflicts = count('conflict');
    const refused = count('refused');
    expect(applied + conflicts + refused).toBe(generated.length);
    console.info(`[sync-simulation ${engine} seed=${SEED}] ${generated.length} mutations: ${applied} applied, ${conflicts} conflicts, ${refused} refused; ${[...seen.values()].flat().filter((a) => a === 'duplicate').length} duplicate answers`);
    expect(applied).toBeGreaterThan(generated.length / 2);
    expect(conflicts).toBeGreaterThan(0);

    // Every applied activity is on the server exactly once (under the phone's id); refused ones are not.
    const activities = generated.filter((m) => m.entity === 'activity');
    const stored = await db.selectFrom('activities').select('id').where('id', 'in', activities.map((m) => m.recordId)).execute();
    const storedIds = new Set(stored.map((r) => r.id));
    expect(stored.length).toBe(storedIds.size);
    for (const m of activities) expect(storedIds.has(m.recordId), `${m.id} ${outcome.get(m.id)}`).toBe(outcome.get(m.id) === 'applied');
    expect(activities.every((m) => outcome.get(m.id) !== 'conflict')).toBe(true);

    // Every conflicting mutation is in the inbox, once, with both versions.
    const inbox = await db.selectFrom('sync_conflicts').selectAll().where('mutation_id', 'in', ids).execute();
    expect(inbox.length).toBe(conflicts);
    expect(new Set(inbox.map((c) => c.mutation_id)).size).toBe(conflicts);
    for (const c of inbox) {
      expect(outcome.get(c.mutation_id)).toBe('conflict');
      const device = JSON.parse(c.device_data);
      const server = JSON.parse(c.server_data);
      expect(Object.keys(device).sort()).toEqual(JSON.parse(c.fields).sort());
      expect(Object.keys(server).sort()).toEqual(JSON.parse(c.fields).sort());
    }

    // Composition changes became proposals, one per applied mutation.
    const proposalsAsked = generated.filter((m) => m.data.members);
    const proposalRows = rows.filter((r) => proposalsAsked.some((m) => m.id === r.id) && r.status === 'applied');
    const proposals = proposalRows.length
      ? await db.selectFrom('data_update_proposals').select('id').where('id', 'in', proposalRows.map((r) => r.server_record_id!)).execute()
      : [];
    expect(proposals.length).toBe(proposalRows.length);

    // The koordinator resolves the inbox; afterwards nothing is open.
    const korcam = as(t.app, sessions['korcam.cimanggis']!);
    const open = (await korcam.get(`${API}/sync/conflicts?status=open&limit=500`)).json();
    expect(open.total).toBe(conflicts);
    for (const [i, c] of open.items.entries()) {
      const res = await korcam.post(`${API}/sync/conflicts/${c.id}/resolve`, { choose: i % 2 ? 'server' : 'device' });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    }
    expect((await korcam.get(`${API}/sync/conflicts?status=open`)).json().total).toBe(0);

    // Device state adds up.
    const state = (await korcam.get(`${API}/sync/devices?limit=100`)).json().items as Array<{ deviceId: string; pushed: number; applied: number; conflicts: number; refused: number }>;
    const mine = state.filter((s) => devices.some((d) => d.id === s.deviceId));
    expect(mine.reduce((a, s) => a + s.pushed, 0)).toBe(generated.length);
    expect(mine.reduce((a, s) => a + s.conflicts, 0)).toBe(conflicts);
    expect(mine.reduce((a, s) => a + s.refused, 0)).toBe(refused);
  });
});
