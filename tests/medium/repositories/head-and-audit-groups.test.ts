/**
 * The shared reads of the change log's head and the audit trail's group commit (commit e4fe8c3), on both
 * engines:
 *
 * - changeLogHead: a write committed before a call is seen by it, however many callers share a read (a
 *   caller never joins a read that started before it asked); inside a transaction the transaction's own
 *   rows count, outside it they do not; on SQLite the head is read from the connection even while a
 *   streamed read is being iterated, and when that direct read cannot run it falls back to the query builder.
 * - AuditRepository.append: concurrent appends are committed in groups, chained without a gap or a fork,
 *   also when another writer (a second repository: another server process in miniature, or appendAudit in
 *   a transaction) moves the head between groups: on PostgreSQL the one-statement append then writes
 *   nothing and is retried, and after three misses the group takes the head's lock. A failing entry fails
 *   only its own caller.
 * - jsonOnce: one UTF-8 Buffer per answer object.
 *
 * Statements are observed through a Kysely plugin on a second Kysely over the same connection(s) (no mocks):
 * it sees each statement's SQL and result, and can hold a result back or act before handing it on.
 */
import { type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, sql, type UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { PREPARED, sqliteHandleOf } from '../../../src/server/db/database';
import { type AuditActor, type AuditDraft, AuditRepository, appendAudit } from '../../../src/server/db/repositories/audit.repository';
import { appendChanges, changeLogHead, KNOWN_HEAD_MS, RAW_HEAD_SQL } from '../../../src/server/db/repositories/change-log';
import type { DB } from '../../../src/server/db/schema';
import { jsonOnce } from '../../../src/server/http/json-once';
import { ENGINES, freshDatabase, type TestDatabase } from '../../support/engines';

const AT = '2026-03-01T08:00:00.000Z';

/** One statement as the spy saw it. */
interface Seen {
  sql: string;
  /** Set once its result came back. */
  affected?: number;
  rows?: number;
}

/**
 * A Kysely plugin that records every statement (compiled by the same dialect) and its result; `onResult`
 * runs before a result is handed on (to hold it back, or to let another writer act in between).
 */
class Spy implements KyselyPlugin {
  readonly seen: Seen[] = [];
  private readonly byId = new WeakMap<object, Seen>();
  onResult: ((s: Seen) => Promise<void>) | null = null;

  constructor(private readonly base: Kysely<DB>) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const s: Seen = { sql: this.base.getExecutor().compileQuery(args.node, args.queryId).sql };
    this.seen.push(s);
    this.byId.set(args.queryId, s);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const s = this.byId.get(args.queryId);
    if (s) {
      // The PostgreSQL group append is a select over its data-modifying CTEs: what it wrote is its `n`.
      const n = (args.result.rows[0] as { n?: unknown } | undefined)?.n;
      s.affected = args.result.numAffectedRows !== undefined ? Number(args.result.numAffectedRows) : n !== undefined ? Number(n) : undefined;
      s.rows = args.result.rows.length;
      if (this.onResult) await this.onResult(s);
    }
    return args.result;
  }

  matching(re: RegExp): Seen[] {
    return this.seen.filter((s) => re.test(s.sql));
  }

  clear(): void {
    this.seen.length = 0;
  }
}

/** A read of the change log's head by itself (the group append reads it too, inside its own statement). */
const HEAD_READ = /select max\(seq\) as/i;
/** The PostgreSQL one-statement group append. */
const GROUP_STATEMENT = /with moved as/i;
/** AuditRepository.head(). */
const AUDIT_HEAD_READ = /^select .* from "audit_head"/i;
/** The locking append (appendAuditBatch): the head row moved first. */
const LOCKING_APPEND = /^update "audit_head" set "seq" = seq \+/i;

/** Fails instead of hanging when `p` does not settle (a deadlock would otherwise stall the file). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Whether `p` has settled once the current I/O turn is over (no waiting beyond that). */
async function settledYet(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((r) => setImmediate(r));
  return settled;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const change = () => ({ entity: 'test', recordId: uuidv7(), familyId: null, kabKotaCode: null, op: 'create' as const, version: 1 });

describe.each(ENGINES)('the change log head on %s', (engine) => {
  let t: TestDatabase;
  let db: Kysely<DB>;
  beforeAll(async () => {
    t = await freshDatabase(engine);
    db = t.database.db;
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** The head by an independent query. */
  const maxSeq = async () => Number((await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);
  const commitChange = () => db.transaction().execute((trx) => appendChanges(trx, [change()], null, AT));

  it('sees a change committed before the call', async () => {
    const before = await changeLogHead(db);
    expect(before).toBe(await maxSeq());
    await commitChange();
    const after = await changeLogHead(db);
    expect(after).toBe(await maxSeq());
    expect(after).toBeGreaterThan(before);
    await commitChange();
    await commitChange();
    expect(await changeLogHead(db)).toBe(after + 2);
  });

  it('concurrent callers: a wave before a commit gets the old head, every caller of a wave after it the new one', async () => {
    const old = await maxSeq();
    const first = await Promise.all(Array.from({ length: 50 }, () => changeLogHead(db)));
    expect(first).toEqual(Array(50).fill(old));
    await commitChange();
    const next = await maxSeq();
    expect(next).toBeGreaterThan(old);
    const second = await Promise.all(Array.from({ length: 50 }, () => changeLogHead(db)));
    expect(second).toEqual(Array(50).fill(next));
  });

  it('overlapping waves: callers after a commit get the new head even while reads of an earlier wave are still under way', async () => {
    const old = await maxSeq();
    // Not awaited: its shared reads may still be running when the commit ends and the second wave asks.
    const firstWave = Array.from({ length: 50 }, () => changeLogHead(db));
    await commitChange();
    const next = old + 1;
    const second = await Promise.all(Array.from({ length: 50 }, () => changeLogHead(db)));
    expect(second).toEqual(Array(50).fill(next));
    const first = await Promise.all(firstWave);
    // The first wave asked before the commit ended: either head is right for it, but never an older one,
    // and a caller never sees an older head than one who asked before it.
    for (const h of first) expect([old, next]).toContain(h);
    for (let i = 1; i < first.length; i++) expect(first[i]).toBeGreaterThanOrEqual(first[i - 1]!);
  });

  it('concurrent callers share reads: 50 callers in one turn cost one head read (started at the end of the turn)', async () => {
    // A Kysely of its own over the same connection(s), watched by the spy. On SQLite it is not the
    // connection's own Kysely, so it takes the shared query-builder path (as during a transaction).
    const spy = new Spy(db);
    const watched = db.withPlugin(spy);
    const expected = await maxSeq();
    const heads = await Promise.all(Array.from({ length: 50 }, () => changeLogHead(watched)));
    expect(heads).toEqual(Array(50).fill(expected));
    expect(spy.matching(HEAD_READ)).toHaveLength(1);
    // Once nothing runs, the next caller reads again (no stale answer kept).
    await commitChange();
    expect(await changeLogHead(watched)).toBe(expected + 1);
    expect(spy.matching(HEAD_READ)).toHaveLength(2);
    // Callers of two turns: the first turn's read, then one read for everyone who asked while it ran.
    spy.clear();
    const first = Array.from({ length: 10 }, () => changeLogHead(watched));
    await new Promise((r) => setImmediate(r));
    const second = Array.from({ length: 10 }, () => changeLogHead(watched));
    expect(await Promise.all([...first, ...second])).toEqual(Array(20).fill(expected + 1));
    expect(spy.matching(HEAD_READ)).toHaveLength(2);
  });

  it('a caller never joins a read that started before it asked: it waits for the next read', async () => {
    const spy = new Spy(db);
    const watched = db.withPlugin(spy);
    const old = await maxSeq();
    // Hold the first read's result back once it has been read.
    const reached = deferred();
    const release = deferred();
    let held = false;
    spy.onResult = async (s) => {
      if (held || !HEAD_READ.test(s.sql)) return;
      held = true;
      reached.resolve();
      await release.promise;
    };
    const a = changeLogHead(watched);
    await within(reached.promise, 5000, 'the first head read');
    // A change is committed while that read is still running (its result held back). On SQLite the held
    // read keeps Kysely's connection lock, so the change is written on the connection directly.
    const raw = sqliteHandleOf(db);
    if (raw) {
      raw
        .prepare(
          `insert into change_log (entity, record_id, family_id, kab_kota_code, op, version, changed_at, changed_by) values ('test', ?, null, null, 'create', 1, ?, null)`,
        )
        .run(uuidv7(), AT);
    } else {
      await commitChange();
    }
    const b = changeLogHead(watched);
    const c = changeLogHead(watched);
    expect(await settledYet(b)).toBe(false);
    release.resolve();
    expect(await within(a, 5000, 'the first caller')).toBe(old);
    expect(await within(b, 5000, 'a caller after the commit')).toBe(old + 1);
    expect(await c).toBe(old + 1);
    expect(spy.matching(HEAD_READ)).toHaveLength(2);
  });

  it('inside a transaction: its own uncommitted change counts; outside it does not, and after a rollback it is gone', async () => {
    const old = await maxSeq();
    let outside: Promise<number> | undefined;
    let inside: number | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await appendChanges(trx, [change(), change()], null, AT);
        inside = await changeLogHead(trx);
        // Asked on the database, not the transaction: on SQLite the connection is the transaction's, so
        // a read straight from it would see the uncommitted rows; it must wait for the transaction instead.
        outside = changeLogHead(db);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(inside).toBe(old + 2);
    expect(await within(outside!, 5000, 'the head asked during a transaction')).toBe(old);
    expect(await changeLogHead(db)).toBe(old);
    expect(await maxSeq()).toBe(old);

    // Committed: seen inside before the commit and outside after it.
    const committed = await db.transaction().execute(async (trx) => {
      await appendChanges(trx, [change()], null, AT);
      return changeLogHead(trx);
    });
    expect(committed).toBe(await maxSeq());
    expect(await changeLogHead(db)).toBe(committed);
  });

  it.runIf(engine === 'sqlite')('during a streamed read the head is still read (the right one, without waiting for the stream)', async () => {
    await commitChange();
    const expected = await maxSeq();
    let rows = 0;
    for await (const _ of db.selectFrom('regions').select('code').stream()) {
      rows += 1;
      // Awaited while the stream holds Kysely's only connection: a query-builder read would wait for the
      // stream, which waits for this: a deadlock, failed by the guard.
      expect(await within(changeLogHead(db), 2000, 'the head during a stream')).toBe(expected);
      if (rows === 3) break;
    }
    expect(rows).toBe(3);
    // The connection is free again afterwards.
    expect(await within(maxSeq(), 2000, 'a query after the stream')).toBe(expected);
  });

  it.runIf(engine === 'sqlite')('a head read from the connection is shared until the turn ends (at most KNOWN_HEAD_MS); an append in this process is seen at once', async () => {
    // A row written on the connection without appendChanges stands for another process's commit (this
    // process does not know of it).
    const raw = sqliteHandleOf(db)!;
    const writeElsewhere = () =>
      raw
        .prepare(`insert into change_log (entity, record_id, family_id, kab_kota_code, op, version, changed_at, changed_by) values ('test', ?, null, null, 'create', 1, ?, null)`)
        .run(uuidv7(), AT);
    await new Promise((r) => setImmediate(r));
    const t0 = performance.now();
    const old = await changeLogHead(db);
    writeElsewhere();
    // Same turn, within KNOWN_HEAD_MS: the read made before the other commit is shared. (A loaded machine
    // can stop this thread for longer than the bound between the two reads; then either answer is right.)
    const again = await changeLogHead(db);
    if (performance.now() - t0 < KNOWN_HEAD_MS) expect(again).toBe(old);
    else expect([old, old + 1]).toContain(again);
    expect(old).toBe((await maxSeq()) - 1);
    // The next turn reads again.
    await new Promise((r) => setImmediate(r));
    expect(await changeLogHead(db)).toBe(old + 1);
    // An append in this process is seen at once, in the same turn as the shared read.
    await commitChange();
    expect(await changeLogHead(db)).toBe(old + 2);
    // The time bound: a shared read older than KNOWN_HEAD_MS is not used, even within one turn.
    writeElsewhere();
    const until = performance.now() + KNOWN_HEAD_MS + 1;
    while (performance.now() < until) {
      // busy: no turn ends meanwhile
    }
    expect(await changeLogHead(db)).toBe(old + 3);
  });

  it('the direct read leaves the query builder\'s statements as they were (rows stay objects)', async () => {
    const expected = await changeLogHead(db);
    const rows = (await sql<{ m: number | null }>`select max(seq) as m from change_log`.execute(db)).rows;
    expect(rows).toEqual([{ m: expected === 0 ? null : expected }]);
    const again = (await sql<{ head: number | null }>`select max(seq) as head from change_log`.execute(db)).rows;
    expect(again).toEqual([{ head: expected === 0 ? null : expected }]);
    expect(await changeLogHead(db)).toBe(expected);
  });

  it.runIf(engine === 'sqlite')('when the direct read cannot run (its statement busy in a stream) the head falls back and is answered once the stream ends', async () => {
    // better-sqlite3 lets other statements run while a stream is being iterated, so the direct read fails
    // only while its own prepared statement is busy: the connection's statement cache hands the same
    // statement to a stream of the same text, which only this test does. Stream that text (with the
    // direct read's statement prepared).
    const expected = await maxSeq();
    expect(await changeLogHead(db)).toBe(expected);
    // The head just read is shared until this turn of the event loop ends; let it end, so the call below
    // reads again.
    await new Promise((r) => setImmediate(r));
    const query = db.selectNoFrom(sql`max(seq) as head from change_log` as never);
    expect(query.compile().sql).toBe(RAW_HEAD_SQL);
    let pending: Promise<number> | undefined;
    let settledDuringStream: boolean | undefined;
    let rows = 0;
    for await (const _ of query.stream()) {
      rows += 1;
      // Does not throw (changeLogHead is not async: an uncaught failure of the direct read would throw here).
      pending = changeLogHead(db);
      settledDuringStream = await settledYet(pending);
    }
    expect(rows).toBe(1);
    // It took the query-builder path, which waits for the stream to release the connection...
    expect(settledDuringStream).toBe(false);
    // ...and then answers, rightly.
    expect(await within(pending!, 2000, 'the head after the stream')).toBe(expected);
    // The direct read works again afterwards.
    await commitChange();
    expect(await changeLogHead(db)).toBe(expected + 1);
  });
});

describe.each(ENGINES)('audit group commit on %s', (engine) => {
  let t: TestDatabase;
  let db: Kysely<DB>;
  beforeAll(async () => {
    t = await freshDatabase(engine);
    db = t.database.db;
  });
  afterAll(async () => {
    await t?.drop();
  });

  const actor = (n: number): AuditActor => ({ id: uuidv7(), username: `petugas${n}`, role: 'pendamping', ip: `10.0.0.${n}` });
  let tagN = 0;
  /** Drafts with unique record ids, to find each caller's entries again. */
  const drafts = (k: number): AuditDraft[] => {
    const tag = `r${++tagN}`;
    return Array.from({ length: k }, (_, j) => ({ action: 'test.read', entity: 'family', recordId: `${tag}-${j}`, after: { j } }));
  };

  const verifier = () => new AuditRepository(db, t.database.engine);

  /** The whole chain verifies up to the head, and every entry up to it is there. */
  async function expectChainIntact(): Promise<number> {
    const head = await verifier().head();
    const v = await verifier().verify();
    expect(v.problem).toBeNull();
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(head.seq);
    expect(v.lastHash).toBe(head.hash);
    const n = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(head.seq);
    return head.seq;
  }

  /** Each caller's entries are there exactly once, after `from`, in its order and without another's between them. */
  async function expectAppended(from: number, calls: AuditDraft[][]): Promise<void> {
    const rows = await db.selectFrom('audit_log').select(['seq', 'record_id']).where('seq', '>', from).orderBy('seq').execute();
    const seqs = rows.map((r) => Number(r.seq));
    const expectedCount = calls.reduce((s, c) => s + c.length, 0);
    expect(seqs).toEqual(Array.from({ length: expectedCount }, (_, i) => from + 1 + i));
    const seqOf = new Map(rows.map((r) => [r.record_id, Number(r.seq)]));
    expect(seqOf.size).toBe(expectedCount);
    for (const call of calls) {
      const first = seqOf.get(call[0]!.recordId!);
      expect(first).toBeDefined();
      call.forEach((d, j) => expect(seqOf.get(d.recordId!)).toBe(first! + j));
    }
  }

  it('200 concurrent appends from one repository: one group, every entry once, consecutive, the chain intact', async () => {
    const spy = new Spy(db);
    const repo = new AuditRepository(db.withPlugin(spy), t.database.engine);
    const head0 = (await verifier().head()).seq;
    const calls = Array.from({ length: 200 }, (_, i) => drafts(1 + (i % 3)));
    await Promise.all(calls.map((c, i) => repo.append(actor(i % 50), AT, c)));
    await expectAppended(head0, calls);
    expect(await expectChainIntact()).toBe(head0 + calls.reduce((s, c) => s + c.length, 0));
    // All asked in one turn: committed together, not one commit each.
    if (engine === 'postgres') {
      expect(spy.matching(GROUP_STATEMENT).map((s) => s.affected)).toEqual([calls.reduce((s, c) => s + c.length, 0)]);
      expect(spy.matching(LOCKING_APPEND)).toHaveLength(0);
    } else {
      expect(spy.matching(LOCKING_APPEND)).toHaveLength(1);
    }
  });

  it.runIf(engine === 'sqlite')('SQLite: a group is written on the connection in one synchronous transaction; inside a request\'s transaction it waits for that one', async () => {
    const raw = sqliteHandleOf(db)!;
    const original = raw.transaction;
    let direct = 0;
    raw.transaction = function (this: typeof raw, fn: Parameters<typeof original>[0]) {
      direct++;
      return original.call(this, fn);
    } as typeof original;
    try {
      const repo = new AuditRepository(db, t.database.engine);
      const head0 = (await verifier().head()).seq;
      const calls = Array.from({ length: 120 }, (_, i) => drafts(1 + (i % 3)));
      await Promise.all(calls.map((c, i) => repo.append(actor(i % 7), AT, c)));
      expect(direct).toBe(1);
      await expectAppended(head0, calls);
      await expectChainIntact();
      // Every column as the query builder's path writes it.
      const last = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      const lastCall = calls[calls.length - 1]!;
      expect(last.action).toBe('test.read');
      expect(last.entity).toBe('family');
      expect(last.record_id).toBe(lastCall[lastCall.length - 1]!.recordId);
      expect(last.after_data).toBe(JSON.stringify({ j: lastCall.length - 1 }));
      expect(last.before_data).toBeNull();
      expect(last.family_id).toBeNull();
      expect(last.actor_username).toMatch(/^petugas\d+$/);
      expect(last.client_ip).toMatch(/^10\.0\.0\./);

      // A request's transaction is open (between two of its statements): the group must not be written
      // into it, so it takes the query builder's path and waits for the transaction to end.
      const head1 = (await verifier().head()).seq;
      const inTrx = drafts(2);
      const mine = drafts(1);
      const reached = deferred();
      const release = deferred();
      const request = db.transaction().execute(async (trx) => {
        await appendAudit(trx, actor(3), AT, inTrx);
        reached.resolve();
        await release.promise;
      });
      await within(reached.promise, 5000, 'the request transaction');
      const before = direct;
      const appended = repo.append(actor(1), AT, mine);
      expect(await settledYet(appended)).toBe(false);
      expect(direct).toBe(before);
      release.resolve();
      await within(Promise.all([request, appended]), 5000, 'both writes');
      await expectAppended(head1, [inTrx, mine]);
      await expectChainIntact();
    } finally {
      raw.transaction = original;
    }
  });

  it('the head moved by another writer between groups: the next group is chained onto the new head', async () => {
    const spy = new Spy(db);
    const a = new AuditRepository(db.withPlugin(spy), t.database.engine);
    const b = new AuditRepository(db, t.database.engine);
    const head0 = (await verifier().head()).seq;
    const calls = [drafts(1), drafts(2), drafts(1), drafts(3), drafts(1)];
    await a.append(actor(1), AT, calls[0]!);
    await b.append(actor(2), AT, calls[1]!); // another process
    await a.append(actor(1), AT, calls[2]!);
    await db.transaction().execute((trx) => appendAudit(trx, actor(3), AT, calls[3]!)); // a writing request
    await a.append(actor(1), AT, calls[4]!);
    await expectAppended(head0, calls);
    await expectChainIntact();
    if (engine === 'postgres') {
      // Each group after another writer's first tried the head it knew, wrote nothing, and was chained anew.
      expect(spy.matching(GROUP_STATEMENT).map((s) => s.affected)).toEqual([1, 0, 1, 0, 1]);
      expect(spy.matching(AUDIT_HEAD_READ)).toHaveLength(3);
    }
  });

  it('interleaved writers: two repositories and appends in transactions, several rounds at once; nothing lost, no fork', async () => {
    const a = new AuditRepository(db, t.database.engine);
    const b = new AuditRepository(db, t.database.engine);
    const head0 = (await verifier().head()).seq;
    const all: AuditDraft[][] = [];
    const everything: Promise<void>[] = [];
    for (let round = 0; round < 6; round++) {
      const work: Promise<void>[] = [];
      for (let i = 0; i < 15; i++) {
        const ca = drafts(1 + (i % 2));
        const cb = drafts(1 + ((i + round) % 3));
        all.push(ca, cb);
        work.push(a.append(actor(1), AT, ca), b.append(actor(2), AT, cb));
        if (i % 5 === 0) {
          const ct = drafts(2);
          all.push(ct);
          work.push(db.transaction().execute((trx) => appendAudit(trx, actor(3), AT, ct)));
        }
      }
      everything.push(...work);
      // Every other round is not waited for: the next one's appends join or follow its groups.
      if (round % 2 === 1) await within(Promise.all(work), 10_000, `round ${round}`);
    }
    await within(Promise.all(everything), 10_000, 'all rounds');
    await expectAppended(head0, all);
    await expectChainIntact();
  });

  it.runIf(engine === 'postgres')('a group that keeps missing the moving head falls back to the locking append after three tries', async () => {
    const spy = new Spy(db);
    const repo = new AuditRepository(db.withPlugin(spy), 'postgres');
    const other = new AuditRepository(db, 'postgres');
    const head0 = (await verifier().head()).seq;
    const mine = drafts(2);
    const others: AuditDraft[][] = [];
    // Each time this repository has read the head, another process appends before it writes.
    spy.onResult = async (s) => {
      if (!AUDIT_HEAD_READ.test(s.sql)) return;
      const d = drafts(1);
      others.push(d);
      await other.append(actor(9), AT, d);
    };
    await within(repo.append(actor(1), AT, mine), 10_000, 'the append');
    spy.onResult = null;
    expect(spy.matching(GROUP_STATEMENT).map((s) => s.affected)).toEqual([0, 0, 0]);
    expect(spy.matching(LOCKING_APPEND)).toHaveLength(1);
    expect(others).toHaveLength(3);
    await expectAppended(head0, [...others, mine]);
    await expectChainIntact();
    // After the fallback the repository reads the head again and is back on the one-statement path.
    spy.clear();
    const after = drafts(1);
    const head1 = (await verifier().head()).seq;
    await repo.append(actor(1), AT, after);
    expect(spy.matching(GROUP_STATEMENT).map((s) => s.affected)).toEqual([1]);
    await expectAppended(head1, [after]);
    await expectChainIntact();
  });

  it('a failing entry rejects only its own caller; the others of its group are committed', async () => {
    const spy = new Spy(db);
    const repo = new AuditRepository(db.withPlugin(spy), t.database.engine);
    const head0 = (await verifier().head()).seq;
    // A value JSON cannot hold (refused before any statement is sent), and an entry without an action
    // (refused by the database: audit_log.action is not null; on PostgreSQL it fails the one-statement
    // group append itself). Each in a group of its own between good appends.
    const badJson: AuditDraft[] = [{ action: 'test.bad', entity: 'test', recordId: 'bad-json', after: { n: 10n } as never }];
    const badRow: AuditDraft[] = [{ action: null as never, entity: 'test', recordId: 'bad-row' }];
    const good: AuditDraft[][] = [];
    for (const bad of [badJson, badRow]) {
      const mine = [drafts(1), drafts(2), drafts(1)];
      good.push(...mine);
      spy.clear();
      const results = await Promise.allSettled([
        repo.append(actor(1), AT, mine[0]!),
        repo.append(actor(2), AT, mine[1]!),
        repo.append(actor(3), AT, bad),
        repo.append(actor(4), AT, mine[2]!),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      // Tried as one group first (on PostgreSQL the JSON failure comes before its statement is sent), then
      // each of the four alone by the locking append.
      if (engine === 'postgres') {
        expect(spy.matching(GROUP_STATEMENT)).toHaveLength(bad === badRow ? 1 : 0);
        expect(spy.matching(LOCKING_APPEND)).toHaveLength(4);
      } else {
        expect(spy.matching(LOCKING_APPEND)).toHaveLength(5);
      }
    }
    await expectAppended(head0, good);
    await expectChainIntact();
    const bad = await db.selectFrom('audit_log').select('seq').where('record_id', 'in', ['bad-json', 'bad-row']).execute();
    expect(bad).toEqual([]);
    // The repository goes on appending (on PostgreSQL its known head is stale after the one-by-one retries).
    const next = drafts(1);
    const head1 = (await verifier().head()).seq;
    await repo.append(actor(6), AT, next);
    await expectAppended(head1, [next]);
    await expectChainIntact();
  });

  it('appendReadingHead: the access recorded and the change log\'s head as after the call; on PostgreSQL in the group\'s one statement', async () => {
    const spy = new Spy(db);
    const repo = new AuditRepository(db.withPlugin(spy), t.database.engine);
    expect(repo.carriesChangeLogHead).toBe(engine === 'postgres');
    const maxSeq = async () => Number((await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);
    const head0 = (await verifier().head()).seq;
    await db.transaction().execute((trx) => appendChanges(trx, [change()], null, AT));
    const h1 = await maxSeq();
    // Thirty at once: one group; each caller learns the head committed before it asked.
    const calls = Array.from({ length: 30 }, () => drafts(1));
    const heads = await Promise.all(calls.map((c, i) => repo.appendReadingHead(actor(i), AT, c)));
    expect(heads).toEqual(calls.map(() => h1));
    await expectAppended(head0, calls);
    if (engine === 'postgres') {
      expect(spy.matching(GROUP_STATEMENT).map((x) => x.affected)).toEqual([30]);
      expect(spy.matching(HEAD_READ)).toHaveLength(0);
    }
    // A change committed between two calls is seen by the second.
    await db.transaction().execute((trx) => appendChanges(trx, [change()], null, AT));
    expect(await repo.appendReadingHead(actor(1), AT, drafts(1))).toBe(h1 + 1);
    // The head this process last knew is stale (another writer appended): the group is retried and still reports the head.
    await new AuditRepository(db, t.database.engine).append(actor(2), AT, drafts(1));
    expect(await repo.appendReadingHead(actor(1), AT, drafts(1))).toBe(h1 + 1);
    await expectChainIntact();
  });

  it('awkward values survive the group append as they are (quotes, braces, backslashes, "NULL", non-ASCII, empty)', async () => {
    const repo = new AuditRepository(db, t.database.engine);
    const head0 = (await verifier().head()).seq;
    const who: AuditActor = { id: uuidv7(), username: `o'brien "x" {a,b}`, role: 'pendamping', ip: '::1' };
    const awkward: AuditDraft[] = [
      { action: 'test.awkward', entity: 'family', recordId: 'NULL', regionCode: null, before: { s: 'a"b\\c' }, after: { s: '{1,2},"NULL"' } },
      { action: 'test.awkward', entity: 'family', recordId: '', regionCode: '32.76', before: null, after: { s: 'Désa Sukamaju – ñ 🌾' } },
      { action: 'test.awkward', entity: 'family', recordId: 'x\\"y', regionCode: 'NULL', before: ['', null, 'NULL'], after: undefined },
    ];
    await Promise.all([repo.append(who, AT, awkward.slice(0, 2)), repo.append(who, AT, awkward.slice(2))]);
    const rows = await db
      .selectFrom('audit_log')
      .select(['actor_id', 'actor_username', 'client_ip', 'record_id', 'region_code', 'before_data', 'after_data'])
      .where('seq', '>', head0)
      .orderBy('seq')
      .execute();
    expect(rows).toEqual(
      awkward.map((d) => ({
        actor_id: who.id,
        actor_username: who.username,
        client_ip: who.ip,
        record_id: d.recordId,
        region_code: d.regionCode,
        before_data: d.before == null ? null : JSON.stringify(d.before),
        after_data: d.after == null ? null : JSON.stringify(d.after),
      })),
    );
    await expectChainIntact();
  });
});

describe.each(ENGINES)('PREPARED statements on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('a text marked PREPARED answers like any other; on PostgreSQL it is prepared once per connection, by name, and unmarked texts are not', async () => {
    await t.database.db.connection().execute(async (c) => {
      for (const n of [1, 2, 3]) {
        const r = await sql<{ x: number }>`${sql.raw(PREPARED)}select cast(${n} as integer) + 1 as x`.execute(c);
        expect(r.rows).toEqual([{ x: n + 1 }]);
      }
      expect((await sql<{ x: number }>`select cast(${5} as integer) + 1 as x`.execute(c)).rows).toEqual([{ x: 6 }]);
      if (engine === 'postgres') {
        const prepared = (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(c)).rows;
        const ours = prepared.filter((p) => p.statement.startsWith(PREPARED));
        expect(ours.map((p) => p.statement)).toEqual([`${PREPARED}select cast($1 as integer) + 1 as x`]);
        expect(ours[0]!.name).toMatch(/^titian_[0-9a-f]{24}$/);
        expect(prepared.some((p) => p.statement.includes('cast($1 as integer) + 1') && !p.statement.startsWith(PREPARED))).toBe(false);
      }
    });
  });
});

describe('jsonOnce', () => {
  it('is the UTF-8 bytes of the JSON, the same Buffer for the same object, written anew for another object', () => {
    const body = { items: [{ name: 'Désa Sukamaju – ñ', rt: '003' }], total: 1, note: 'kuota "PKH" \\ 🌾' };
    const bytes = jsonOnce(body);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(bytes.equals(Buffer.from(JSON.stringify(body), 'utf8'))).toBe(true);
    expect(bytes.byteLength).toBeGreaterThan(JSON.stringify(body).length);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(body);
    expect(jsonOnce(body)).toBe(bytes);
    const twin = structuredClone(body);
    const twinBytes = jsonOnce(twin);
    expect(twinBytes).not.toBe(bytes);
    expect(twinBytes.equals(bytes)).toBe(true);
    expect(jsonOnce([]).toString()).toBe('[]');
  });
});
