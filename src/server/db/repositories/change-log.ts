import { type Kysely, sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import { PREPARED, sqliteHandleOf } from '../database';
import type { DB } from '../schema';
import { insertInChunks } from './batch-insert';

export interface ChangeEntry {
  entity: string;
  recordId: string;
  familyId: string | null;
  kabKotaCode: string | null;
  op: 'create' | 'update' | 'delete';
  version: number;
}

/**
 * Appends writes to the change log in the caller's transaction (sync cursors and the audit trail build on it).
 *
 * One row per record written, with one exception: a family created with its persons and memberships
 * (FamiliesRepository.insertFamilies: the registry import, the family form, the demo) writes only the
 * family's `create` row, which stands for the persons and memberships created with it. Readers take a
 * family's `create` as a change of its members (sync's Presenter.changed); a person who already existed and
 * joins the new family still gets a row of its own. At national scale this is most of the import's log
 * rows (a family has four members on average: nine rows become one).
 */
export async function appendChanges(trx: Kysely<DB>, entries: ChangeEntry[], actorId: string | null, at: string): Promise<void> {
  if (entries.length === 0) return;
  forgetKnownHeads();
  await insertInChunks(
    trx,
    'change_log',
    entries.map((e) => ({
      entity: e.entity,
      record_id: e.recordId,
      family_id: e.familyId,
      kab_kota_code: e.kabKotaCode,
      op: e.op,
      version: e.version,
      changed_at: at,
      changed_by: actorId,
    })),
  );
}

/**
 * The change log's head: its latest sequence number (0 when empty). Sync cursors start from it, the nightly
 * catches up after it, and answers read at it stay right while it does not move (change-log-cache.ts).
 *
 * Outside a transaction, concurrent callers share reads: a caller gets the result of a read that started
 * after it called (when nothing runs, one started at the end of this turn of the event loop for every
 * caller of the turn; otherwise the next one, which starts when the running one ends and serves everyone
 * who came meanwhile). So the answer is as fresh as a read of its own
 * (a write committed before the call is seen), while a busy server reads the head once per round trip
 * instead of once per request. On SQLite the head is read from the connection directly (a few microseconds,
 * a fifth of the query builder's cost) unless the connection is inside a transaction (its uncommitted
 * rows must not be seen) or the read cannot run (the query builder's read then waits its turn); such a
 * read is shared with the callers of the same turn of the event loop (knownHead: their requests arrived
 * before it), and forgotten as soon as this process appends to the log.
 */
export function changeLogHead(db: Kysely<DB>): Promise<number> {
  if (db.isTransaction) return readHead(db);
  const raw = sqliteHandleOf(db);
  if (raw && !raw.inTransaction) {
    const known = knownHead(raw);
    if (known !== undefined) return Promise.resolve(known);
    const seq = rawHead(raw);
    if (seq !== undefined) {
      rememberHead(raw, seq);
      return Promise.resolve(seq);
    }
  }
  let reads = headReads.get(db);
  if (!reads) {
    reads = { running: null, next: null };
    headReads.set(db, reads);
  }
  const r = reads;
  if (!r.next) {
    // The next read starts when the running one ends, or (none running) at the end of this turn of the
    // event loop, so every caller of the turn shares it.
    const ready: Promise<unknown> = r.running ? r.running.then(noop, noop) : new Promise((resolve) => setImmediate(resolve));
    r.next = ready.then(() => {
      r.next = null;
      return startHeadRead(db, r);
    });
  }
  return r.next;
}

const noop = () => undefined;

interface HeadReads {
  running: Promise<number> | null;
  next: Promise<number> | null;
}

const headReads = new WeakMap<Kysely<DB>, HeadReads>();

function startHeadRead(db: Kysely<DB>, r: HeadReads): Promise<number> {
  const p = readHead(db);
  r.running = p;
  const clear = () => {
    if (r.running === p) r.running = null;
  };
  p.then(clear, clear);
  return p;
}

const rawHeadStatements = new WeakMap<SQLite.Database, SQLite.Statement>();

/**
 * How long a head read straight from a SQLite connection is shared with later callers: until the event
 * loop's current turn is over (the clearing immediate) and never longer than this many milliseconds.
 */
export const KNOWN_HEAD_MS = 1;

interface KnownHead {
  seq: number;
  at: number;
  generation: number;
}

const knownHeads = new WeakMap<SQLite.Database, KnownHead>();
/** Moved by every append to the change log in this process (any connection), so its own writes are seen at once. */
let appendGeneration = 0;

function forgetKnownHeads(): void {
  appendGeneration++;
}

/**
 * The head read from this connection earlier in the same turn of the event loop, if no change was appended
 * in this process since. A busy server answers the requests that arrived together in one turn from one read
 * (each read costs 10 to 20 microseconds under load, a tenth of a cached answer's work). Every request
 * sharing it had arrived before the turn began, so before the read: a write another process committed
 * after the read was concurrent with them, and either head is right for them. Bounded by KNOWN_HEAD_MS
 * as well, in case a turn runs long.
 */
function knownHead(raw: SQLite.Database): number | undefined {
  const k = knownHeads.get(raw);
  if (!k) return undefined;
  if (k.generation !== appendGeneration || performance.now() - k.at > KNOWN_HEAD_MS) {
    knownHeads.delete(raw);
    return undefined;
  }
  return k.seq;
}

function rememberHead(raw: SQLite.Database, seq: number): void {
  const k: KnownHead = { seq, at: performance.now(), generation: appendGeneration };
  knownHeads.set(raw, k);
  setImmediate(() => {
    if (knownHeads.get(raw) === k) knownHeads.delete(raw);
  });
}

/**
 * The SQL of the direct read: a text of its own, so the connection's statement cache never hands its
 * statement to anyone else.
 */
export const RAW_HEAD_SQL = 'select max(seq) as head from change_log';

/** The head straight from a SQLite connection; undefined when it cannot be read so (its statement busy). */
function rawHead(raw: SQLite.Database): number | undefined {
  try {
    let stmt = rawHeadStatements.get(raw);
    if (!stmt) {
      stmt = raw.prepare(RAW_HEAD_SQL);
      rawHeadStatements.set(raw, stmt);
    }
    const row = stmt.get() as { head: number | null } | undefined;
    return Number(row?.head ?? 0);
  } catch {
    return undefined;
  }
}

async function readHead(db: Kysely<DB>): Promise<number> {
  const r = await sql<{ m: number | string | null }>`${sql.raw(PREPARED)}select max(seq) as m from change_log`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}
