/**
 * The reads of the nightly's set-based pass (src/server/services/nightly.service.ts): each live family with
 * what the rules need of it in one row — the family's own columns, its dashboard cell, a summary of its
 * current members (FamilyFeatures of src/domain/graduation/trigger-features.ts, computed by the database)
 * and its stored candidates as one text (kept per family in graduation_candidate_signatures, migration 0017)
 * — so the pass reads every family once, with one query:
 *
 * - SQLite: one query per chunk of families in id order (families, their members and persons joined by
 *   index, grouped as they come; the candidates' text by a lookup on its primary key). Persons are read
 *   from `persons_pass_idx` (migration 0020), which holds what the rules need: named, because without
 *   statistics SQLite would take the primary key's index and then the row;
 * - PostgreSQL: one query for all families in id order, planned to stream (members through their covering
 *   index in family order, persons by key, grouped as they come: no hash table to build before the first
 *   row), read through a cursor in batches, the next batch computed and fetched while the caller judges
 *   this one.
 *
 * Counts of members are packed in 6-bit fields of two sums (a family has at most 30 members): `flags` holds
 * PASS_FLAGS, `payable` the members by payable component in the order of the year's priority; decode them
 * with `packedCount`. Only the rows are read here; the rules are applied by the caller.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Engine } from '../database';
import type { DB } from '../schema';
import { defaultReaderCount, SqliteReaders } from '../sqlite-readers';

/** The fields of `PassFamilyRow.flags`, in order (each a count of current members). */
export const PASS_FLAGS = ['caretaker', 'invalidBirth', 'openEnded', 'anak_usia_dini', 'sd', 'smp', 'sma'] as const;

/** The separator of the parts of `PassFamilyRow.cell`. */
export const CELL_SEPARATOR = '\u001f';

/** A live family as the pass reads it. */
export interface PassFamilyRow {
  id: string;
  status: string;
  joinedYear: number | null;
  decile: number | null;
  /** The dashboard cell: province, kab/kota, kecamatan, kelurahan, pendamping ('' when none), joined by CELL_SEPARATOR. */
  cell: string;
  /** Counts of current members by PASS_FLAGS, 6 bits each (null: no current member; a numeric text on PostgreSQL). */
  flags: number | string | null;
  /** Counts of current members by payable component in the order of the priority, 6 bits each. */
  payable: number | string | null;
  /** The latest birth date of a born member with sd, smp or sma. */
  maxBirthSchool: string | null;
  /** The latest birth date of a born member with anak_usia_dini. */
  maxBirthEarly: string | null;
  /** The earliest birth date of any current member. */
  minBirth: string | null;
  /** The stored candidates as one text (each row `reason \x01 type \x01 params \x01 due date`, by reason code, joined by \x02), null when none. */
  sig: string | null;
}

export interface PassParams {
  asOf: string;
  /** Born after it: younger than the early-childhood band's end (anak_usia_dini unless at school). */
  earlyBound: string;
  /** Born on or before it: lansia. */
  lansiaBound: string;
  /** Payable components, highest amount first (payablePriority). */
  priority: readonly string[];
}

/** Field `i` (0-based) of a packed count. */
export function packedCount(packed: number, i: number): number {
  return Math.floor(packed / 64 ** i) % 64;
}

/**
 * SQLite: the expression of the virtual column persons.birth_date_valid (migration 0016) over a birth-date
 * column, 1 when it is a calendar date. The same text as the column's definition (a test holds them equal).
 */
export const SQLITE_BIRTH_DATE_VALID = (column: string): string =>
  `(case when ${column} not glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' then 0 when date(${column}) = ${column} then 1 else 0 end)`;

/** PostgreSQL batch size of the cursor: small enough that a batch is judged while PostgreSQL computes and sends the next. */
const PG_BATCH = 10_000;

/** SQLite: reading threads are started for this many chunks or more (fewer are read sooner on the connection itself). */
const MIN_CHUNKS_FOR_READERS = 4;

export interface PassReadOptions {
  /** SQLite: the database file, so chunks can be read on reading threads of their own (absent in memory). */
  sqliteFile?: string;
  /** SQLite: how many reading threads (0: every chunk on the connection itself); default defaultReaderCount(). */
  readers?: number;
}

/** How the pass's families were read: the reading threads that read (0: none), and the chunks read on the connection itself. */
export interface PassReads {
  readers: number;
  chunksOnConnection: number;
}

export class NightlyPassRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly engine: Engine,
    private readonly options: PassReadOptions = {},
  ) {}

  /**
   * Calls `each` with every live family, in batches of at most `chunkSize` families in id order (PostgreSQL:
   * cursor batches), awaiting it before the next batch is handed over. SQLite on a file, when there are
   * several chunks: the chunks are read on reading threads (see forEachBatchOnThreads). The answer says how
   * many threads read, and how many chunks were read on the connection itself instead.
   */
  async forEachBatch(p: PassParams, chunkSize: number, each: (rows: PassFamilyRow[]) => Promise<void>): Promise<PassReads> {
    if (this.engine === 'sqlite') {
      const size = Math.max(1, Math.floor(chunkSize));
      const readers = Math.min(16, this.options.readers ?? defaultReaderCount());
      if (this.options.sqliteFile && readers > 0) {
        const bounds = await this.chunkBounds(size);
        if (bounds.length + 1 >= MIN_CHUNKS_FOR_READERS) return this.forEachBatchOnThreads(p, size, bounds, readers, each);
      }
      return { readers: 0, chunksOnConnection: await this.forEachBatchOnConnection(p, size, '', each) };
    }
    const batch = chunkSize > 0 ? Math.max(chunkSize, 1) : PG_BATCH;
    await this.db.transaction().execute(async (trx) => {
      await this.streamingSettings(trx);
      await sql`declare titian_nightly_pass no scroll cursor for ${this.pgQuery(p)}`.execute(trx);
      const fetch = () => sql<PassFamilyRow>`fetch forward ${sql.raw(String(batch))} from titian_nightly_pass`.execute(trx);
      let next = fetch();
      try {
        for (;;) {
          const { rows } = await next;
          if (rows.length === 0) break;
          // The next batch is computed and sent while this one is judged.
          next = rows.length < batch ? Promise.resolve({ rows: [] }) : fetch();
          await each(rows);
        }
      } finally {
        await next.catch(() => undefined);
      }
      await sql`close titian_nightly_pass`.execute(trx);
    });
    return { readers: 0, chunksOnConnection: 0 };
  }

  /**
   * SQLite: a chunk's query. The live families after `after` (and up to `upTo`), at most `limit` of them,
   * each with its member summary and stored candidates.
   */
  private chunkQuery(p: PassParams, range: { after: string; upTo?: string; limit?: number }) {
    const upTo = range.upTo === undefined ? sql`` : sql` and f.id <= ${range.upTo}`;
    const limit = range.limit === undefined ? sql`` : sql` limit ${range.limit}`;
    return sql<PassFamilyRow>`${this.select(p)} where f.deleted_at is null and f.id > ${range.after}${upTo} group by f.id order by f.id${limit}`;
  }

  /** SQLite: the chunks after `after`, `chunkSize` live families each, read on the connection. Answers how many. */
  private async forEachBatchOnConnection(p: PassParams, chunkSize: number, after: string, each: (rows: PassFamilyRow[]) => Promise<void>): Promise<number> {
    let read = 0;
    for (;;) {
      const rows = (await this.chunkQuery(p, { after, limit: chunkSize }).execute(this.db)).rows;
      if (rows.length > 0) read++;
      if (rows.length === 0) return read;
      await each(rows);
      if (rows.length < chunkSize) return read;
      after = rows[rows.length - 1]!.id;
    }
  }

  /**
   * SQLite: where the chunks end, in id order. Every `chunkSize`-th family id, deleted families counted (the
   * primary key's index alone answers it: about 15 ms for a million families), so a chunk holds at most
   * `chunkSize` live families of those there were when the pass started. A family added meanwhile falls in
   * some chunk, read or not: the nightly's catch-up judges it anyway, as with the chunks read on the
   * connection itself.
   */
  private async chunkBounds(chunkSize: number): Promise<string[]> {
    const bounds: string[] = [];
    let after = '';
    for (;;) {
      const r = await sql<{ id: string }>`select id from families where id > ${after} order by id limit 1 offset ${chunkSize - 1}`.execute(this.db);
      const id = r.rows[0]?.id;
      if (id === undefined) return bounds;
      bounds.push(String(id));
      after = String(id);
    }
  }

  /**
   * SQLite: the chunks between the bounds read on `count` reading threads while this thread judges the ones
   * before, each handed to `each` in id order. At most two reads per thread are waiting, so memory stays
   * bounded whatever the size. The chunk after the last bound is read on the connection, `chunkSize` at a
   * time, however many families were added there since the bounds were found. The threads end with the pass,
   * whatever happens. Should a thread's read fail (a thread that cannot start, crashes or ends, or a read the
   * thread cannot do), that chunk and every later one are read on the connection itself: the pass is slower,
   * not lost, and a query that fails there too fails the pass as it always did.
   */
  private async forEachBatchOnThreads(p: PassParams, chunkSize: number, bounds: string[], count: number, each: (rows: PassFamilyRow[]) => Promise<void>): Promise<PassReads> {
    const between = (k: number) => ({ after: k === 0 ? '' : bounds[k - 1]!, upTo: bounds[k]! });
    const waiting: Array<Promise<PassFamilyRow[]>> = [];
    let readers: SqliteReaders | null = null;
    let next = 0;
    let readOnThreads = 0;
    let onConnection = 0;
    const ask = () => {
      while (readers && next < bounds.length && waiting.length < 2 * count) {
        const read = readers.all(this.chunkQuery(p, between(next++)).compile(this.db));
        // Awaited in turn below; a failure meanwhile is not an unhandled rejection.
        read.catch(() => undefined);
        waiting.push(read);
      }
    };
    const giveUpThreads = () => {
      // The reads already asked are dropped; the threads are closed below.
      waiting.length = 0;
      const r = readers;
      readers = null;
      return r?.close();
    };
    try {
      try {
        readers = SqliteReaders.open(this.options.sqliteFile!, count);
      } catch {
        readers = null;
      }
      ask();
      for (let k = 0; k < bounds.length; k++) {
        let rows: PassFamilyRow[] | null = null;
        if (readers) {
          try {
            rows = await waiting.shift()!;
            readOnThreads++;
            ask();
          } catch {
            await giveUpThreads();
          }
        }
        if (rows === null) {
          rows = (await this.db.executeQuery(this.chunkQuery(p, between(k)).compile(this.db))).rows;
          onConnection++;
        }
        if (rows.length > 0) await each(rows);
      }
      await giveUpThreads();
      onConnection += await this.forEachBatchOnConnection(p, chunkSize, bounds[bounds.length - 1]!, each);
    } finally {
      await giveUpThreads();
    }
    return { readers: readOnThreads > 0 ? count : 0, chunksOnConnection: onConnection };
  }

  /**
   * PostgreSQL, within the pass's transaction: a streaming plan. Members in family order through their
   * covering index, each member's person by key, grouped as they come, merged with families and signatures
   * by key (no hash table, no sort). The first rows leave at once, so PostgreSQL computes the next batch
   * while this process judges the last one; the plan that hashes everything first was slower by itself and
   * returned nothing until it was done. No JIT: compiling the expressions costs more than it saves here.
   */
  private async streamingSettings(trx: Kysely<DB>): Promise<void> {
    await sql`set local jit = off`.execute(trx);
    await sql`set local cursor_tuple_fraction = 1`.execute(trx);
    await sql`set local enable_hashagg = off`.execute(trx);
    await sql`set local enable_hashjoin = off`.execute(trx);
    await sql`set local enable_sort = off`.execute(trx);
  }

  private pgQuery(p: PassParams): RawBuilder<unknown> {
    return sql`${this.select(p)} where f.deleted_at is null order by f.id`;
  }

  /**
   * The plan of the pass's query, for tests and diagnosis. PostgreSQL: as its cursor runs it (EXPLAIN's lines;
   * a cursor plans without parallel workers). SQLite: a chunk's query (EXPLAIN QUERY PLAN's details).
   */
  async planOfPass(p: PassParams, range: 'first' | 'between' = 'first'): Promise<string[]> {
    if (this.engine === 'sqlite') {
      // `first`: a chunk read on the connection (after an id, a limit); `between`: one read on a thread (between two ids).
      const q = this.chunkQuery(p, range === 'first' ? { after: '', limit: 2000 } : { after: '', upTo: '~' });
      const r = await sql<{ detail: string }>`explain query plan ${q}`.execute(this.db);
      return r.rows.map((x) => x.detail);
    }
    return this.db.transaction().execute(async (trx) => {
      await this.streamingSettings(trx);
      await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
      const r = await sql<{ 'QUERY PLAN': string }>`explain ${this.pgQuery(p)}`.execute(trx);
      return r.rows.map((x) => x['QUERY PLAN']);
    });
  }

  /** The select list and joins (the caller adds the condition, grouping and order). */
  private select(p: PassParams): RawBuilder<unknown> {
    const pg = this.engine === 'postgres';
    // Dates compared byte by byte, as the domain compares them: PostgreSQL's database collation (C.UTF-8
    // here) would call the C library for each of the several comparisons per member.
    const b = sql.raw(pg ? `(p.birth_date collate "C")` : 'p.birth_date');
    const ibu = sql`(p.sex = 'P' and (p.pregnant = 1 or p.postpartum = 1))`;
    const school = sql`p.school_level in ('sd', 'smp', 'sma')`;
    const notSchool = sql`p.school_level not in ('sd', 'smp', 'sma')`;
    const w = (i: number) => sql.raw(pg && 64 ** i > 2 ** 31 ? `cast(${64 ** i} as bigint)` : String(64 ** i));
    // Whether the birth date is a calendar date: kept with the person (migration 0016). On SQLite the column
    // is virtual and would make persons_pass_idx non-covering, so its expression is read here instead.
    const valid = pg ? sql`p.birth_date_valid = 1` : sql`${sql.raw(SQLITE_BIRTH_DATE_VALID('p.birth_date'))} = 1`;
    // A member born after the date has no component (it counts for the caretaker, the birth check and the earliest birth only).
    const flags = sql`fm.caretaker + (case when ${valid} then 0 else ${w(1)} end) + (case when ${b} > ${p.asOf} then 0 else
        (case p.school_level when 'sd' then ${w(4)} when 'smp' then ${w(5)} when 'sma' then ${w(6)} else (case when ${b} > ${p.earlyBound} then ${w(3)} else 0 end) end)
        + (case when ${ibu} or p.severe_disability = 1 or ${b} <= ${p.lansiaBound} then ${w(2)} else 0 end) end)`;
    const cond: Record<string, RawBuilder<unknown>> = {
      ibu_hamil: ibu,
      anak_usia_dini: sql`${b} > ${p.earlyBound} and ${notSchool}`,
      sd: sql`p.school_level = 'sd'`,
      smp: sql`p.school_level = 'smp'`,
      sma: sql`p.school_level = 'sma'`,
      disabilitas_berat: sql`p.severe_disability = 1`,
      lansia: sql`${b} <= ${p.lansiaBound}`,
    };
    const payable = p.priority.length
      ? sql`case when ${b} > ${p.asOf} then 0 ${sql.join(
          p.priority.map((code, i) => sql`when ${cond[code]!} then ${w(i)}`),
          sql` `,
        )} else 0 end`
      : sql`0`;
    const aggregates = sql`sum(${flags}) as flags, sum(${payable}) as payable,
        max(case when ${b} <= ${p.asOf} and ${school} then ${b} end) as "maxBirthSchool",
        max(case when ${b} <= ${p.asOf} and ${b} > ${p.earlyBound} and ${notSchool} then ${b} end) as "maxBirthEarly",
        min(${b}) as "minBirth"`;
    const current = sql`fm.deleted_at is null and fm.start_date <= ${p.asOf} and (fm.end_date is null or fm.end_date > ${p.asOf})`;
    const sep = sql.raw(pg ? 'chr(31)' : 'char(31)');
    const cell = sql`f.province_code || ${sep} || f.kab_kota_code || ${sep} || f.kecamatan_code || ${sep} || f.kelurahan_code || ${sep} || coalesce(${sql.raw(pg ? 'f.pendamping_id::text' : 'f.pendamping_id')}, '')`;
    const family = sql`f.id, f.status, f.joined_year as "joinedYear", f.decile, ${cell} as cell`;
    if (!pg) {
      return sql`select ${family}, ${aggregates},
          (select s.sig from graduation_candidate_signatures s where s.family_id = f.id) as sig
        from families f
        left join family_members fm on fm.family_id = f.id and ${current}
        left join persons p indexed by persons_pass_idx on p.id = fm.person_id`;
    }
    return sql`select ${family}, m.flags, m.payable, m."maxBirthSchool", m."maxBirthEarly", m."minBirth", c.sig
      from families f
      left join (select fm.family_id, ${aggregates}
        from family_members fm join persons p on p.id = fm.person_id
        where ${current}
        group by fm.family_id) m on m.family_id = f.id
      left join graduation_candidate_signatures c on c.family_id = f.id`;
  }

  /** PENA income of every family, by family (months in order). */
  async penaIncome(): Promise<Map<string, Array<{ month: string; rupiah: number }>>> {
    const rows = await this.db.selectFrom('pena_incomes').select(['family_id', 'month', 'rupiah']).where('deleted_at', 'is', null).orderBy('family_id').orderBy('month').execute();
    const out = new Map<string, Array<{ month: string; rupiah: number }>>();
    for (const r of rows) {
      const id = String(r.family_id);
      let list = out.get(id);
      if (!list) out.set(id, (list = []));
      list.push({ month: r.month, rupiah: Number(r.rupiah) });
    }
    return out;
  }

  /**
   * Due exits the exit step leaves alone (applyDueExits): open cases whose exit date has come (exited or
   * monitoring, not applied) of live families that left PKH for another reason (`keluar`; data from before
   * judgeStatusChange refused `keluar` while an exit was pending). Such a family is never made `graduasi`;
   * the count tells the run's record how many wait for a koordinator (docs/batch.md, "Due exits"). `today`
   * is the date the exits were applied for (the same as applyDueExits'). Soft-deleted families and cases
   * are not counted: the exit step skips them too, and nobody has a move to make on them (no list shows
   * them), so a held exit is always one a koordinator can find and resolve.
   */
  async heldExits(today: string): Promise<number> {
    const r = await this.db
      .selectFrom('graduation_cases')
      .innerJoin('families', 'families.id', 'graduation_cases.family_id')
      .where('graduation_cases.open', '=', 1)
      .where('graduation_cases.exit_applied', '=', 0)
      .where('graduation_cases.exit_effective_date', '<=', today)
      .where('graduation_cases.state', 'in', ['exited', 'monitoring'])
      .where('graduation_cases.deleted_at', 'is', null)
      .where('families.status', '=', 'keluar')
      .where('families.deleted_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * Families with stored candidates that are not live: deleted ones (a candidate's family always exists: a
   * foreign key). The deleted families are found first (a scan of families), then their candidates by key.
   */
  async candidatesOfDeadFamilies(): Promise<string[]> {
    const join = this.engine === 'sqlite' ? sql.raw('cross join') : sql.raw('join');
    const r = await sql<{ family_id: string }>`select distinct f.id as family_id from families f ${join} graduation_candidates g on g.family_id = f.id
      where f.deleted_at is not null`.execute(this.db);
    return r.rows.map((x) => String(x.family_id));
  }
}
