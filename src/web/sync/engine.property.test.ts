/**
 * Nothing is lost, nothing is applied twice: random sequences of edits (visits, and P2K2 sessions the
 * server renumbers), the server going down and coming back, answers lost after the server applied the
 * request, concurrent runs and a push racing a run, and syncs. At every step each edit is on the server
 * or still in the outbox; at the end (server up, synced until the outbox is empty) every edit is on the
 * server exactly once and the phone holds the server's copy of each.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import type { User } from '../data/types';
import { type PushAnswer, SyncEngine } from './engine';
import { LocalStore, type OutboxItem, type SyncChange, toLocalRecord } from './local-store';
import { uuidv7 } from './uuid';

interface Mutation {
  id: string;
  entity: string;
  op: string;
  recordId: string;
  familyId?: string;
  data: Record<string, unknown>;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const tick = () => new Promise((r) => setTimeout(r, 0));

/** An idempotent push (by mutation id, results in order) and a paged pull over a change log. */
class FakeServer {
  up = true;
  loseAnswers = 0;
  readonly answers = new Map<string, PushAnswer>();
  readonly applied = new Map<string, number>();
  readonly log: SyncChange[] = [{ entity: 'family', id: 'F1', op: 'upsert', version: 1, data: { id: 'F1' } }];
  stats = { duplicates: 0, lostPushes: 0, lostPulls: 0, refusedWhileDown: 0, maxBatch: 0 };
  private sessions = 0;

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input), 'http://titian.test');
    if (!this.up) {
      this.stats.refusedWhileDown++;
      throw new TypeError('Failed to fetch');
    }
    await tick();
    let res: Response;
    if (url.pathname.endsWith('/sync/push')) {
      const { mutations } = JSON.parse(String(init?.body)) as { mutations: Mutation[] };
      this.stats.maxBatch = Math.max(this.stats.maxBatch, mutations.length);
      const results = mutations.map((m) => this.apply(m));
      res = json(200, { results });
    } else {
      const cursor = url.searchParams.get('cursor');
      const from = cursor ? Number(cursor.slice(4)) : 0;
      const limit = Number(url.searchParams.get('limit'));
      const changes = this.log.slice(from, from + limit);
      res = json(200, { changes, cursor: `cur-${from + changes.length}`, hasMore: from + changes.length < this.log.length });
    }
    await tick();
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      if (url.pathname.endsWith('/sync/push')) this.stats.lostPushes++;
      else this.stats.lostPulls++;
      throw new TypeError('Failed to fetch');
    }
    return res;
  };

  private apply(m: Mutation): PushAnswer {
    const seen = this.answers.get(m.id);
    if (seen) {
      this.stats.duplicates++;
      return { id: m.id, status: 'duplicate', ...(seen.recordId ? { recordId: seen.recordId } : {}) };
    }
    this.applied.set(m.id, (this.applied.get(m.id) ?? 0) + 1);
    let answer: PushAnswer = { id: m.id, status: 'applied' };
    if (m.entity === 'p2k2_session') {
      const id = `srv-s${++this.sessions}`;
      this.log.push({ entity: 'p2k2_session', id, op: 'upsert', version: 1, data: { ...m.data, id, mutation: m.id } });
      answer = { ...answer, recordId: id };
    } else {
      this.log.push({ entity: m.entity, id: m.recordId, op: 'upsert', version: 1, data: { ...m.data, id: m.recordId, familyId: m.familyId, mutation: m.id } });
    }
    this.answers.set(m.id, answer);
    return answer;
  }
}

const USER: User = { id: 'u-pd1', username: 'pd1', displayName: 'Pendamping Satu', role: 'pendamping', regionCode: '3201010001', regionName: 'Sukamaju' };

type Op = 'visit' | 'session' | 'down' | 'up' | 'lose' | 'twice' | 'race' | 'sync';

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constant<Op>('visit'), weight: 4 },
  { arbitrary: fc.constant<Op>('session'), weight: 2 },
  { arbitrary: fc.constant<Op>('down'), weight: 2 },
  { arbitrary: fc.constant<Op>('up'), weight: 3 },
  { arbitrary: fc.constant<Op>('lose'), weight: 2 },
  { arbitrary: fc.constant<Op>('twice'), weight: 1 },
  { arbitrary: fc.constant<Op>('race'), weight: 1 },
  { arbitrary: fc.constant<Op>('sync'), weight: 2 },
);

async function idle(engine: SyncEngine): Promise<void> {
  for (;;) {
    const running = (engine as unknown as { running: Promise<void> | null }).running;
    if (!running) return;
    await running;
  }
}

interface Edit {
  item: OutboxItem;
  kind: 'visit' | 'session';
}

function makeEdit(kind: 'visit' | 'session', n: number): { edit: Edit; optimistic: ReturnType<typeof toLocalRecord> } {
  const recordId = uuidv7();
  const entity = kind === 'visit' ? 'activity' : 'p2k2_session';
  const data = kind === 'visit' ? { type: 'kunjungan', date: '2026-05-17', roles: [], n } : { groupId: 'G1', module: 'M1', session: n, date: '2026-05-17', status: 'held' };
  const item: OutboxItem = {
    id: uuidv7(),
    userId: USER.id,
    entity,
    op: 'create',
    recordId,
    ...(kind === 'visit' ? { familyId: 'F1' } : {}),
    data,
    createdAt: '2026-05-17T03:00:00.000Z',
    status: 'pending',
    attempts: 0,
    summary: kind === 'visit' ? { familyId: 'F1', label: 'visit' } : { groupId: 'G1', label: 'session' },
  };
  return { edit: { item, kind }, optimistic: toLocalRecord({ entity, id: recordId, version: null, data: { ...data, ...(kind === 'visit' ? { familyId: 'F1' } : {}) } }) };
}

describe('sync engine: no edit lost, none applied twice', () => {
  it('for any sequence of edits, outages, lost answers and concurrent runs', async () => {
    const total = { edits: 0, duplicates: 0, lostPushes: 0, lostPulls: 0, offlineSubmits: 0, runs: 0, batchesOfSeveral: 0 };
    let dbSeq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 40, size: 'max' }), fc.integer({ min: 1, max: 4 }), async (ops, pushBatch) => {
        const server = new FakeServer();
        const store = await LocalStore.open(`engine-property-${++dbSeq}-${uuidv7()}`);
        const api = new ApiClient({ fetch: server.fetch });
        api.setCsrfToken('csrf-test'); // as after login
        const engine = new SyncEngine({ store, api, appVersion: 'test', pageLimit: 3, pushBatch });
        const edits: Edit[] = [];
        const background: Promise<unknown>[] = [];

        /** Every edit made is on the server (once at most) or waiting in the outbox. */
        async function nothingLost(): Promise<void> {
          const outbox = new Set((await store.outbox()).map((i) => i.id));
          for (const e of edits) {
            const n = server.applied.get(e.item.id) ?? 0;
            expect(n).toBeLessThanOrEqual(1);
            if (n === 0) expect(outbox.has(e.item.id)).toBe(true);
          }
        }

        try {
          await engine.start(USER, { online: true });
          for (const op of ops) {
            switch (op) {
              case 'visit':
              case 'session': {
                const { edit, optimistic } = makeEdit(op, edits.length + 1);
                edits.push(edit);
                const answer = await engine.submit(edit.item, optimistic);
                if (answer === null) total.offlineSubmits++;
                else expect(['applied', 'duplicate']).toContain(answer.status);
                // The edit shows at once (until delivery replaces or renumbers it).
                if (answer === null && op === 'visit') expect(await store.get('activity', edit.item.recordId)).toBeDefined();
                break;
              }
              case 'down':
                server.up = false;
                break;
              case 'up':
                server.up = true;
                break;
              case 'lose':
                server.loseAnswers++;
                break;
              case 'twice':
                await Promise.all([engine.sync(), engine.sync()]);
                break;
              case 'race':
                // A push outside the run (as a submit's own push is), at the same time as a run: the same
                // edits travel twice at once.
                background.push(engine.push().catch(() => undefined));
                await engine.sync();
                break;
              case 'sync':
                await engine.sync();
                break;
            }
            await nothingLost();
          }

          // The network is back for good: sync until the outbox is empty.
          server.up = true;
          server.loseAnswers = 0;
          await Promise.all(background);
          for (let i = 0; i < 10 && (await store.outbox()).length > 0; i++) {
            await idle(engine);
            await engine.sync();
            total.runs++;
          }
          await idle(engine);
          await engine.sync(); // one more pull, in case the run that emptied the outbox was a bare push

          expect(await store.outbox()).toEqual([]);
          expect(engine.getState()).toMatchObject({ pending: 0, refused: 0, conflicts: 0, reachable: true, ready: true });
          for (const e of edits) expect(server.applied.get(e.item.id)).toBe(1);
          expect([...server.applied.keys()].sort()).toEqual(edits.map((e) => e.item.id).sort());

          // The phone holds the server's copy of every edit, and no copy of its own is left behind.
          const activities = await store.byEntity('activity');
          expect(activities.map((r) => r.id).sort()).toEqual(edits.filter((e) => e.kind === 'visit').map((e) => e.item.recordId).sort());
          expect(activities.every((r) => r.pending === undefined && r.version === 1)).toBe(true);
          const sessions = await store.byEntity('p2k2_session');
          expect(sessions.map((r) => r.data.mutation).sort()).toEqual(edits.filter((e) => e.kind === 'session').map((e) => e.item.id).sort());
          expect(sessions.every((r) => r.id.startsWith('srv-s') && r.pending === undefined)).toBe(true);

          total.edits += edits.length;
          total.duplicates += server.stats.duplicates;
          total.lostPushes += server.stats.lostPushes;
          total.lostPulls += server.stats.lostPulls;
          if (server.stats.maxBatch > 1) total.batchesOfSeveral++;
        } finally {
          await Promise.all(background);
          await idle(engine);
          engine.stop();
          store.close();
        }
      }),
      { seed: 42, numRuns: 30 }, // fixed: the coverage counts below must not depend on a run's luck
    );
    // The interesting paths were taken, not just the easy ones.
    expect(total.edits).toBeGreaterThan(150);
    expect(total.offlineSubmits).toBeGreaterThan(50);
    expect(total.lostPushes).toBeGreaterThan(10);
    expect(total.duplicates).toBeGreaterThan(10);
    expect(total.lostPulls).toBeGreaterThan(5);
    expect(total.batchesOfSeveral).toBeGreaterThan(3);
  }, 120_000);
});
