/**
 * The audit trail in the database: appending (in the caller's transaction, chained onto the head),
 * verifying, and reading it within a scope. Nothing here updates or deletes an entry.
 */
import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { type AuditEntry, type AuditFields, ChainVerifier, type ChainProblem, chainEntries } from '../../audit/chain';
import { PREPARED, sqliteHandleOf } from '../database';
import type { DB } from '../schema';
import { arrayParameter, insertInChunks } from './batch-insert';
import { changeLogHead } from './change-log';
import { regionContains, type Scope } from '../scope';
import { nextTurn } from '../../next-turn';

/** Who did something and from where. */
export interface AuditActor {
  id: string | null;
  username: string | null;
  role: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, username: 'system', role: 'system', ip: null };

export function actorOf(scope: Scope): AuditActor {
  return { id: scope.userId, username: scope.username, role: scope.role, ip: scope.clientIp ?? null };
}

/** One thing that happened: what (action on entity/record), to which family and region, before and after. */
export interface AuditDraft {
  action: string;
  entity: string;
  recordId?: string | null;
  familyId?: string | null;
  /** The region the record lies in (a family's kelurahan, a user's region): auditors export by it. */
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/**
 * Appends entries in the caller's transaction (or a new one). The head row is updated first: that takes
 * the write lock, so concurrent appenders queue behind each other and the chain never forks.
 */
export async function appendAudit(db: Kysely<DB>, actor: AuditActor, at: string, drafts: AuditDraft[]): Promise<void> {
  await appendAuditBatch(db, [{ actor, at, drafts }]);
}

/** Appends several callers' entries, in order, chained in one go (see AuditRepository.append). */
async function appendAuditBatch(db: Kysely<DB>, batch: ReadonlyArray<{ actor: AuditActor; at: string; drafts: AuditDraft[] }>): Promise<void> {
  const items = batch.flatMap(({ actor, at, drafts }) => drafts.map((d) => ({ actor, at, d })));
  if (items.length === 0) return;
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => appendAuditBatch(trx, batch));
    return;
  }
  const n = items.length;
  const head = await db
    .updateTable('audit_head')
    .set({ seq: sql`seq + ${n}` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const entries = chainEntries(head.hash, auditFields(batch, Number(head.seq) - n + 1));
  await insertInChunks(db, 'audit_log', entries.map(toRow));
  await db.updateTable('audit_head').set({ hash: entries[entries.length - 1]!.hash }).where('id', '=', 1).execute();
}

/**
 * SQLite: a group appended on the connection itself, in one synchronous transaction (the head moved, the
 * entries chained and inserted, the new hash recorded), without the query builder: under load its five
 * statements and their awaits cost about as much as the group's own inserts. Nothing else can run on the
 * connection meanwhile (better-sqlite3 is synchronous), so this is the locking append of appendAuditBatch,
 * done at once. Returns false, having written nothing, when the connection is inside another transaction
 * (a request's, between two of its statements) or cannot take these statements now (a streamed read busy):
 * the caller then takes the query builder's path, which waits its turn.
 */
function appendGroupDirect(db: Kysely<DB>, batch: ReadonlyArray<{ actor: AuditActor; at: string; drafts: AuditDraft[] }>): boolean {
  const raw = sqliteHandleOf(db);
  if (!raw || raw.inTransaction) return false;
  const n = batch.reduce((sum, b) => sum + b.drafts.length, 0);
  if (n === 0) return true;
  let statements: DirectStatements;
  try {
    statements = directStatementsOf(raw);
  } catch {
    return false;
  }
  const { moveHead, insert, setHash } = statements;
  if (moveHead.busy || insert.busy || setHash.busy) return false;
  raw.transaction(() => {
    const head = moveHead.get(n) as { seq: number; hash: string };
    const entries = chainEntries(head.hash, auditFields(batch, Number(head.seq) - n + 1));
    // In AUDIT_COLUMNS order (the statement's), without a row object per entry.
    for (const e of entries) {
      insert.run(
        e.seq,
        e.at,
        e.actorId ?? null,
        e.actorUsername ?? null,
        e.actorRole ?? null,
        e.clientIp ?? null,
        e.action,
        e.entity,
        e.recordId ?? null,
        e.familyId ?? null,
        e.regionCode ?? null,
        e.beforeData ?? null,
        e.afterData ?? null,
        e.prevHash,
        e.hash,
      );
    }
    setHash.run(entries[entries.length - 1]!.hash);
  })();
  return true;
}

interface DirectStatements {
  moveHead: SQLite.Statement;
  insert: SQLite.Statement;
  setHash: SQLite.Statement;
}

const directStatements = new WeakMap<SQLite.Database, DirectStatements>();

function directStatementsOf(raw: SQLite.Database): DirectStatements {
  let s = directStatements.get(raw);
  if (!s) {
    s = {
      moveHead: raw.prepare('update audit_head set seq = seq + ? where id = 1 returning seq, hash'),
      insert: raw.prepare(`insert into audit_log (${AUDIT_COLUMNS.join(', ')}) values (${AUDIT_COLUMNS.map(() => '?').join(', ')})`),
      setHash: raw.prepare('update audit_head set hash = ? where id = 1'),
    };
    directStatements.set(raw, s);
  }
  return s;
}

/** The entries of several callers, in order, numbered from `first`. */
function auditFields(batch: ReadonlyArray<{ actor: AuditActor; at: string; drafts: AuditDraft[] }>, first: number): AuditFields[] {
  const items = batch.flatMap(({ actor, at, drafts }) => drafts.map((d) => ({ actor, at, d })));
  return items.map(({ actor, at, d }, i) => ({
    seq: first + i,
    at,
    actorId: actor.id,
    actorUsername: actor.username,
    actorRole: actor.role,
    clientIp: actor.ip,
    action: d.action,
    entity: d.entity,
    recordId: d.recordId ?? null,
    familyId: d.familyId ?? null,
    regionCode: d.regionCode ?? null,
    beforeData: json(d.before),
    afterData: json(d.after),
  }));
}

function toRow(e: AuditEntry) {
  return {
    seq: e.seq,
    at: e.at,
    actor_id: e.actorId,
    actor_username: e.actorUsername,
    actor_role: e.actorRole,
    client_ip: e.clientIp,
    action: e.action,
    entity: e.entity,
    record_id: e.recordId,
    family_id: e.familyId,
    region_code: e.regionCode,
    before_data: e.beforeData,
    after_data: e.afterData,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

/** The audit_log columns, in table order (the export writes them as they are). */
export const AUDIT_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_username',
  'actor_role',
  'client_ip',
  'action',
  'entity',
  'record_id',
  'family_id',
  'region_code',
  'before_data',
  'after_data',
  'prev_hash',
  'hash',
] as const;

type Row = Pick<DB['audit_log'], (typeof AUDIT_COLUMNS)[number]>;

function fromRow(r: Row): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actorUsername: r.actor_username,
    actorRole: r.actor_role,
    clientIp: r.client_ip,
    action: r.action,
    entity: r.entity,
    recordId: r.record_id,
    familyId: r.family_id,
    regionCode: r.region_code,
    beforeData: r.before_data,
    afterData: r.after_data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  lastHash: string;
  problem: ChainProblem | null;
}

export interface AuditQuery {
  familyId?: string;
  from?: string;
  to?: string;
  action?: string;
}

interface PendingAppend {
  actor: AuditActor;
  at: string;
  drafts: AuditDraft[];
  /** Settles the caller: an error, or the change log's head when the group's statement read it. */
  done: (error?: unknown, changeLogHead?: number) => void;
}

const noop = () => undefined;

/** Most entries written by one group commit. */
const GROUP_LIMIT = 500;

/** The audit_log columns with their PostgreSQL types, for the one-statement group append. */
const PG_AUDIT_COLUMNS = [
  ['seq', 'bigint'],
  ['at', 'text'],
  ['actor_id', 'uuid'],
  ['actor_username', 'text'],
  ['actor_role', 'text'],
  ['client_ip', 'text'],
  ['action', 'text'],
  ['entity', 'text'],
  ['record_id', 'text'],
  ['family_id', 'uuid'],
  ['region_code', 'text'],
  ['before_data', 'text'],
  ['after_data', 'text'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
] as const satisfies ReadonlyArray<readonly [keyof ReturnType<typeof toRow>, string]>;

/** Tries of the one-statement append before a group falls back to the locking transaction. */
const OPTIMISTIC_TRIES = 3;

export class AuditRepository {
  private readonly pending: PendingAppend[] = [];
  private flushing = false;
  /** The head as this process last wrote or read it (PostgreSQL group commit; a guess, checked by the write). */
  private knownHead: { seq: number; hash: string } | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly engine: 'sqlite' | 'postgres',
  ) {}

  /**
   * Appends entries: in the caller's transaction when there is one; otherwise by group commit. Appends
   * that arrive while one is being written (many audited reads at once) are chained and committed
   * together in the next transaction, and each caller's promise settles only once its entries are
   * committed: nothing is answered before it is recorded, and a hundred concurrent reads pay for a few
   * commits instead of a hundred. If a group fails, each of its appends is retried alone, so one bad
   * entry fails only its own caller.
   */
  append(actor: AuditActor, at: string, drafts: AuditDraft[]): Promise<void> {
    if (drafts.length === 0) return Promise.resolve();
    if (this.db.isTransaction) return appendAudit(this.db, actor, at, drafts);
    return this.enqueue(actor, at, drafts).then(noop);
  }

  /**
   * Whether appendReadingHead saves a round trip: on PostgreSQL the group's statement reads the change
   * log's head as it writes (SQLite reads its head in-process, for almost nothing).
   */
  get carriesChangeLogHead(): boolean {
    return this.engine === 'postgres';
  }

  /**
   * Appends as `append` does, outside any transaction, and resolves with the change log's head read after
   * this call: by the group's own statement on PostgreSQL (its snapshot is taken after every append of
   * the group was made), otherwise by a read once the entries are committed. For a cached answer that is
   * valid only while the head stands still (ChangeLogCache), this is the head check and the access
   * record in one round trip.
   */
  async appendReadingHead(actor: AuditActor, at: string, drafts: AuditDraft[]): Promise<number> {
    const head = drafts.length > 0 && !this.db.isTransaction ? await this.enqueue(actor, at, drafts) : (await this.append(actor, at, drafts), undefined);
    return head ?? changeLogHead(this.db);
  }

  private enqueue(actor: AuditActor, at: string, drafts: AuditDraft[]): Promise<number | undefined> {
    return new Promise<number | undefined>((resolve, reject) => {
      this.pending.push({ actor, at, drafts, done: (error, head) => (error === undefined ? resolve(head) : reject(error)) });
      if (!this.flushing) {
        this.flushing = true;
        void this.flush();
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      // Let the appends of requests already under way join the first group.
      await nextTurn();
      while (this.pending.length > 0) {
        const group = this.pending.splice(0, GROUP_LIMIT);
        try {
          const head = await this.appendGroup(group);
          for (const p of group) p.done(undefined, head);
        } catch (error) {
          if (group.length === 1) {
            group[0]!.done(error);
            continue;
          }
          for (const p of group) {
            try {
              await appendAudit(this.db, p.actor, p.at, p.drafts);
              p.done();
            } catch (e) {
              p.done(e);
            }
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * One group commit. On PostgreSQL a group is one statement in its own transaction (one round trip
   * instead of five): the entries are chained onto the head this process last saw, and the statement
   * moves the head only if it is still that one, inserting the entries only if it did. When another
   * writer moved the head meanwhile nothing is written; the head is read again and the group chained
   * anew, and after a few such tries the group takes the head's lock like any other append. On SQLite (one
   * connection, no round trips) the locking transaction is as cheap.
   */
  private async appendGroup(group: ReadonlyArray<{ actor: AuditActor; at: string; drafts: AuditDraft[] }>): Promise<number | undefined> {
    if (this.engine !== 'postgres') {
      if (!appendGroupDirect(this.db, group)) await appendAuditBatch(this.db, group);
      return undefined;
    }
    for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
      const head = this.knownHead ?? (await this.head());
      const entries = chainEntries(head.hash, auditFields(group, head.seq + 1));
      const last = entries[entries.length - 1]!;
      const rows = entries.map(toRow);
      const columns = PG_AUDIT_COLUMNS.map(([c]) => sql.ref(c));
      const arrays = PG_AUDIT_COLUMNS.map(([c, type]) => sql`${arrayParameter(rows, c)}::${sql.raw(type)}[]`);
      // Prepared (one text whatever the group's size); the change log's head is read in the same snapshot.
      const r = await sql<{ n: number | string; head: number | string | null }>`${sql.raw(PREPARED)}with moved as (
          update audit_head set seq = ${last.seq}, hash = ${last.hash}
          where id = 1 and seq = ${head.seq} and hash = ${head.hash}
          returning seq
        ), inserted as (
          insert into audit_log (${sql.join(columns)})
          select u.* from moved cross join unnest(${sql.join(arrays)}) as u
          returning 1
        )
        select (select count(*) from inserted) as n, (select max(seq) from change_log) as head`.execute(this.db);
      const row = r.rows[0];
      if (row && Number(row.n) === rows.length) {
        this.knownHead = { seq: last.seq, hash: last.hash };
        return Number(row.head ?? 0);
      }
      this.knownHead = null;
    }
    await appendAuditBatch(this.db, group);
    return undefined;
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const r = await this.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    return r ? { seq: Number(r.seq), hash: r.hash } : { seq: 0, hash: '' };
  }

  /**
   * Walks the whole trail in pages, up to the head as it was when verification started (entries appended
   * meanwhile are left for the next run). Reports the first broken entry.
   */
  async verify(onProgress?: (checked: number, total: number) => void, pageSize = 5000): Promise<VerifyResult> {
    const head = await this.head();
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_log')
        .select(AUDIT_COLUMNS)
        .where('seq', '>', after)
        .where('seq', '<=', head.seq)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      for (const r of rows) if (!verifier.check(fromRow(r))) break;
      if (verifier.problem || rows.length < pageSize) break;
      after = Number(rows[rows.length - 1]!.seq);
      onProgress?.(verifier.count, head.seq);
    }
    // Entries beyond the recorded head that are not chained would also be tampering; only look when the
    // chain up to the head held.
    let problem = verifier.finish(head);
    if (!problem) {
      const extra = await this.db.selectFrom('audit_log').select('seq').where('seq', '>', head.seq).orderBy('seq').limit(1).executeTakeFirst();
      const current = await this.head();
      if (extra && current.seq < Number(extra.seq)) problem = { kind: 'head_mismatch', seq: Number(extra.seq) };
    }
    return { ok: problem === null, entries: verifier.count, lastHash: verifier.lastHash, problem };
  }

  /** Entries in the scope's region (admin: all), oldest first, in pages by seq. */
  private scoped(scope: Scope, q: AuditQuery) {
    let query = this.db.selectFrom('audit_log').select(AUDIT_COLUMNS);
    if (scope.role !== 'admin') {
      const region = scope.regionCode;
      if (!region) return query.where(sql.lit(1), '=', sql.lit(0));
      query = query.where((eb) => eb.or([eb('region_code', '=', region), eb('region_code', 'like', `${region}.%`)]));
    }
    if (q.familyId) query = query.where('family_id', '=', q.familyId);
    if (q.from) query = query.where('at', '>=', q.from);
    if (q.to) query = query.where('at', '<', q.to);
    if (q.action) query = query.where('action', '=', q.action);
    return query;
  }

  /** A family's history (the caller has already checked the family is in scope), newest first. */
  async familyHistory(familyId: string, limit: number, offset: number): Promise<{ items: AuditEntry[]; total: number }> {
    const base = this.db.selectFrom('audit_log').where('family_id', '=', familyId);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base.select(AUDIT_COLUMNS).orderBy('seq', 'desc').limit(limit).offset(offset).execute();
    return { items: rows.map(fromRow), total: Number(total.n) };
  }

  async list(scope: Scope, q: AuditQuery, limit: number, offset: number): Promise<{ items: AuditEntry[]; total: number }> {
    const total = await this.scoped(scope, q)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await this.scoped(scope, q).orderBy('seq', 'desc').limit(limit).offset(offset).execute();
    return { items: rows.map(fromRow), total: Number(total.n) };
  }

  /** Every entry in scope, oldest first, page by page (for streaming exports). */
  async *exportEntries(scope: Scope, q: AuditQuery, pageSize = 2000): AsyncGenerator<AuditEntry[]> {
    let after = 0;
    for (;;) {
      const rows = await this.scoped(scope, q).where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
      if (rows.length === 0) return;
      yield rows.map(fromRow);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
}

/** Whether an entry's region lies in the scope (for entries read by id). */
export function auditEntryInScope(scope: Scope, regionCode: string | null): boolean {
  if (scope.role === 'admin') return true;
  return !!scope.regionCode && !!regionCode && regionContains(scope.regionCode, regionCode);
}
