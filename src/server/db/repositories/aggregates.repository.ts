/**
 * The dashboard aggregates (migration 0009): the full rebuild that the nightly runs (and that repairs any
 * drift of the incremental maintenance), a check that compares them with a recount, the nightly's
 * entitlement snapshot and the record of batch runs. The incremental maintenance itself is done by
 * triggers in the database (see the migration), so no write path can forget it; nothing here is needed
 * for a write to keep the counts right.
 */
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database';
import type { DashboardCell, DashboardEntitlementTable, DB } from '../schema';
import { insertInChunks } from './batch-insert';

const CELL = 'province_code, kab_kota_code, kecamatan_code, kelurahan_code, pendamping_key';

export interface RebuildResult {
  /** Cells (rows) of the two tables after the rebuild. */
  cells: number;
  /** Cells whose counts differed from the recount (0 when the incremental maintenance was exact). */
  corrected: number;
  ms: number;
}

export interface BatchRun {
  id: string;
  kind: string;
  asOf: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  families: number | null;
  candidates: number | null;
  details: Record<string, unknown> | null;
}

export type EntitlementCell = Omit<DashboardEntitlementTable, never>;

export class AggregatesRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly engine: Engine,
  ) {}

  private key(alias: string) {
    return this.engine === 'postgres' ? `coalesce(${alias}.pendamping_id::text, '')` : `coalesce(${alias}.pendamping_id, '')`;
  }

  /** The counts as a recount from the case tables would give them (a query). */
  private recountCounts() {
    const key = this.key('f');
    if (this.engine === 'sqlite') {
      // SQLite: families read in table order (one sort for the grouping, instead of an index walk that reads
      // the table in index order), each family's candidates looked up by their primary key.
      return `select f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, ${key} as pendamping_key, f.status,
          count(*) as families, sum(exists (select 1 from graduation_candidates g where g.family_id = f.id)) as candidates, max(f.updated_at) as changed_at
        from families f not indexed
        where f.deleted_at is null
        group by f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, ${key}, f.status`;
    }
    return `select f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, ${key} as pendamping_key, f.status,
        count(*) as families, sum(case when g.family_id is null then 0 else 1 end) as candidates, max(f.updated_at) as changed_at
      from families f left join (select distinct family_id from graduation_candidates) g on g.family_id = f.id
      where f.deleted_at is null
      group by f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, ${key}, f.status`;
  }

  private recountCases() {
    const key = this.key('f');
    return `select f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, ${key} as pendamping_key,
        c.state, c.type, c.open, coalesce(c.exit_effective_date, '') as exit_date, count(*) as cases, max(c.updated_at) as changed_at
      from graduation_cases c join families f on f.id = c.family_id
      where c.deleted_at is null and f.deleted_at is null
      group by f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, ${key}, c.state, c.type, c.open, coalesce(c.exit_effective_date, '')`;
  }

  /** Cells whose stored counts differ from a recount (both directions; all-zero cells count as absent). */
  private async differing(trx: Kysely<DB>, counts: string, cases: string): Promise<number> {
    const both = (a: string, b: string) => `select (select count(*) from (${a} except ${b}) x) + (select count(*) from (${b} except ${a}) y) as n`;
    const stored = `select ${CELL}, status, families, candidates from dashboard_counts where families <> 0 or candidates <> 0`;
    const recount = `select ${CELL}, status, families, candidates from ${counts} r where families <> 0 or candidates <> 0`;
    const storedCases = `select ${CELL}, state, type, open, exit_date, cases from dashboard_case_counts where cases <> 0`;
    const recountCases = `select ${CELL}, state, type, open, exit_date, cases from ${cases} r where cases <> 0`;
    const a = await sql.raw<{ n: number }>(both(stored, recount)).execute(trx);
    const b = await sql.raw<{ n: number }>(both(storedCases, recountCases)).execute(trx);
    return Number(a.rows[0]?.n ?? 0) + Number(b.rows[0]?.n ?? 0);
  }

  /** How many cells differ from a recount right now (0: the incremental maintenance is exact). Read-only. */
  async drift(): Promise<number> {
    return this.db.transaction().execute((trx) => this.differing(trx, `(${this.recountCounts()})`, `(${this.recountCases()})`));
  }

  /**
   * Recounts both tables from the case tables and replaces them, in one transaction (on PostgreSQL the
   * tables are locked first, so a concurrent write's trigger waits and then applies its delta to the
   * recount). Returns how many cells had to be corrected.
   */
  async rebuild(): Promise<RebuildResult> {
    const t0 = performance.now();
    return this.db.transaction().execute(async (trx) => {
      if (this.engine === 'postgres') await sql`lock table dashboard_counts, dashboard_case_counts in exclusive mode`.execute(trx);
      const temp = 'create temp table';
      const onCommit = this.engine === 'postgres' ? ' on commit drop' : '';
      await sql.raw('drop table if exists titian_recount_counts').execute(trx);
      await sql.raw('drop table if exists titian_recount_cases').execute(trx);
      await sql.raw(`${temp} titian_recount_counts${onCommit} as ${this.recountCounts()}`).execute(trx);
      await sql.raw(`${temp} titian_recount_cases${onCommit} as ${this.recountCases()}`).execute(trx);
      const corrected = await this.differing(trx, 'titian_recount_counts', 'titian_recount_cases');
      await trx.deleteFrom('dashboard_counts').execute();
      await trx.deleteFrom('dashboard_case_counts').execute();
      await sql.raw(`insert into dashboard_counts (${CELL}, status, families, candidates, changed_at) select ${CELL}, status, families, candidates, changed_at from titian_recount_counts`).execute(trx);
      await sql
        .raw(`insert into dashboard_case_counts (${CELL}, state, type, open, exit_date, cases, changed_at) select ${CELL}, state, type, open, exit_date, cases, changed_at from titian_recount_cases`)
        .execute(trx);
      if (this.engine === 'sqlite') {
        await sql.raw('drop table titian_recount_counts').execute(trx);
        await sql.raw('drop table titian_recount_cases').execute(trx);
      }
      const a = await trx.selectFrom('dashboard_counts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const b = await trx.selectFrom('dashboard_case_counts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      return { cells: Number(a?.n ?? 0) + Number(b?.n ?? 0), corrected, ms: performance.now() - t0 };
    });
  }

  /** Recounts the aggregates when they are empty while families exist (on every start and `migrate`). */
  async rebuildIfEmpty(): Promise<boolean> {
    const cell = await this.db.selectFrom('dashboard_counts').select('status').limit(1).executeTakeFirst();
    if (cell) return false;
    const family = await this.db.selectFrom('families').select('id').where('deleted_at', 'is', null).limit(1).executeTakeFirst();
    if (!family) return false;
    await this.rebuild();
    return true;
  }

  /** Replaces the entitlement snapshot with the nightly's cells (one transaction). */
  async replaceEntitlement(cells: EntitlementCell[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('dashboard_entitlement').execute();
      await insertInChunks(trx, 'dashboard_entitlement', cells);
    });
  }

  /** The kelurahan of some families (live or not), each once. */
  async kelurahanOf(familyIds: string[]): Promise<string[]> {
    const out = new Set<string>();
    for (let i = 0; i < familyIds.length; i += 1000) {
      const rows = await this.db.selectFrom('families').select('kelurahan_code').distinct().where('id', 'in', familyIds.slice(i, i + 1000)).execute();
      for (const r of rows) out.add(r.kelurahan_code);
    }
    return [...out].sort();
  }

  /**
   * Kelurahan of some kecamatan whose active families (the exact counts, dashboard_counts) differ from what the
   * entitlement snapshot counted in a cell: families written, moved or whose status changed since it was
   * computed. Reads the cells of those kecamatan only.
   */
  async kelurahanOutOfStep(kecamatan: string[]): Promise<string[]> {
    if (kecamatan.length === 0) return [];
    const within = sql`kecamatan_code in (${sql.join(kecamatan)})`;
    const counts = sql`select ${sql.raw(CELL)}, families from dashboard_counts where status = 'aktif' and families <> 0 and ${within}`;
    const snapshot = sql`select ${sql.raw(CELL)}, families from dashboard_entitlement where families <> 0 and ${within}`;
    const out = new Set<string>();
    for (const [a, b] of [
      [counts, snapshot],
      [snapshot, counts],
    ]) {
      const r = await sql<{ kelurahan_code: string }>`select distinct kelurahan_code from (${a} except ${b}) x`.execute(this.db);
      for (const row of r.rows) out.add(row.kelurahan_code);
    }
    return [...out];
  }

  /** The live active families of some kelurahan with their entitlement cell (as the nightly's pass keys it). */
  async activeFamiliesIn(kelurahan: string[]): Promise<Array<{ id: string; cell: DashboardCell }>> {
    const out: Array<{ id: string; cell: DashboardCell }> = [];
    for (let i = 0; i < kelurahan.length; i += 500) {
      const rows = await this.db
        .selectFrom('families')
        .select(['id', 'province_code', 'kab_kota_code', 'kecamatan_code', 'kelurahan_code', 'pendamping_id'])
        .where('kelurahan_code', 'in', kelurahan.slice(i, i + 500))
        .where('deleted_at', 'is', null)
        .where('status', '=', 'aktif')
        .orderBy('id')
        .execute();
      for (const r of rows) {
        out.push({
          id: r.id,
          cell: { province_code: r.province_code, kab_kota_code: r.kab_kota_code, kecamatan_code: r.kecamatan_code, kelurahan_code: r.kelurahan_code, pendamping_key: r.pendamping_id === null ? '' : String(r.pendamping_id) },
        });
      }
    }
    return out;
  }

  /** Replaces the entitlement cells of some kelurahan (all of their cells, whatever the pendamping; one transaction). */
  async replaceEntitlementIn(kelurahan: string[], cells: EntitlementCell[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < kelurahan.length; i += 500) await trx.deleteFrom('dashboard_entitlement').where('kelurahan_code', 'in', kelurahan.slice(i, i + 500)).execute();
      await insertInChunks(trx, 'dashboard_entitlement', cells);
    });
  }

  // ---- batch runs ---------------------------------------------------------------------------------

  async startRun(run: { id: string; kind: string; asOf: string; at: string }): Promise<void> {
    await this.db.insertInto('batch_runs').values({ id: run.id, kind: run.kind, as_of: run.asOf, status: 'running', started_at: run.at, finished_at: null, families: null, candidates: null, details: null }).execute();
  }

  async finishRun(id: string, r: { status: 'done' | 'failed'; at: string; families?: number; candidates?: number; details: Record<string, unknown> }): Promise<void> {
    await this.db
      .updateTable('batch_runs')
      .set({ status: r.status, finished_at: r.at, families: r.families ?? null, candidates: r.candidates ?? null, details: JSON.stringify(r.details) })
      .where('id', '=', id)
      .execute();
  }

  /** The latest run of a kind that finished well, or undefined. */
  async lastRun(kind: string, status: 'done' | 'any' = 'done'): Promise<BatchRun | undefined> {
    let q = this.db.selectFrom('batch_runs').selectAll().where('kind', '=', kind);
    if (status === 'done') q = q.where('status', '=', 'done');
    const r = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return (
      r && {
        id: r.id,
        kind: r.kind,
        asOf: r.as_of,
        status: r.status,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        families: r.families === null ? null : Number(r.families),
        candidates: r.candidates === null ? null : Number(r.candidates),
        details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
      }
    );
  }
}
