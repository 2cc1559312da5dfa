import { type Kysely, sql } from 'kysely';
import type { ColumnTypes, TitianMigration } from './types';

/**
 * National scale (issue 8): the dashboard's counts kept as aggregates, maintained incrementally by the
 * database itself, and the record of batch runs (the nightly re-evaluation).
 *
 * - `dashboard_counts`: live families per cell (province, kab/kota, kecamatan, kelurahan, pendamping; the
 *   grain every scope and region filter uses) and status, with how many of them the graduation triggers
 *   list (`candidates`: families with at least one `graduation_candidates` row).
 * - `dashboard_case_counts`: live graduation cases of live families per cell, state, type, open flag and
 *   exit date ('' when none): the pipeline, open cases, cases awaiting approval and exits by type and date.
 * - `dashboard_entitlement`: what the nightly found as of its date for the active families of each cell
 *   (members counted per payable component, the annual entitlement): a snapshot the nightly replaces.
 * - `batch_runs`: each nightly run (as-of date, when, what it found, how many cells it had to correct).
 *
 * The counts are kept by triggers on `families`, `graduation_cases` and `graduation_candidates`, so no write
 * path can forget them (bulk inserts, the registry import, updates in place, sync pushes, the workflow):
 * SQLite row triggers (an upsert into a small table per row written), PostgreSQL statement triggers with
 * transition tables (one grouped upsert per statement, so a multi-row INSERT costs one aggregate write per
 * cell it touches). The nightly rebuilds both tables from the case tables in one transaction, which also
 * repairs any drift; this migration fills them from the data already there.
 *
 * Never write these tables from application code except through the rebuild in aggregates.repository.ts,
 * and never `INSERT OR REPLACE` into the three watched tables (SQLite runs no delete trigger for the row
 * a REPLACE removes); TRUNCATE of a watched table on PostgreSQL needs a rebuild afterwards.
 */

const CELL = ['province_code', 'kab_kota_code', 'kecamatan_code', 'kelurahan_code', 'pendamping_key'] as const;
const COUNTS_KEY = 'kelurahan_code, pendamping_key, status, kecamatan_code, kab_kota_code, province_code';
const CASES_KEY = 'kelurahan_code, pendamping_key, state, type, open, exit_date, kecamatan_code, kab_kota_code, province_code';
const ENTITLEMENT_COMPONENTS = ['ibu_hamil', 'anak_usia_dini', 'sd', 'smp', 'sma', 'disabilitas_berat', 'lansia'] as const;

async function createTables(db: Kysely<any>, t: ColumnTypes) {
  const cell = <T extends { addColumn: (...a: any[]) => any }>(b: T): T =>
    b
      .addColumn('province_code', 'text', (c: any) => c.notNull())
      .addColumn('kab_kota_code', 'text', (c: any) => c.notNull())
      .addColumn('kecamatan_code', 'text', (c: any) => c.notNull())
      .addColumn('kelurahan_code', 'text', (c: any) => c.notNull())
      // The pendamping's user id as text, '' for families without one.
      .addColumn('pendamping_key', 'text', (c: any) => c.notNull());
  await cell(db.schema.createTable('dashboard_counts'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('families', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('candidates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed_at', 'text')
    .addPrimaryKeyConstraint('dashboard_counts_pk', COUNTS_KEY.split(', ') as never)
    .execute();
  await cell(db.schema.createTable('dashboard_case_counts'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('open', t.flag, (c) => c.notNull())
    .addColumn('exit_date', 'text', (c) => c.notNull())
    .addColumn('cases', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed_at', 'text')
    .addPrimaryKeyConstraint('dashboard_case_counts_pk', CASES_KEY.split(', ') as never)
    .execute();
  let entitlement = cell(db.schema.createTable('dashboard_entitlement'))
    .addColumn('families', 'integer', (c) => c.notNull())
    .addColumn('entitled_families', 'integer', (c) => c.notNull())
    .addColumn('annual_rupiah', t.bigint, (c) => c.notNull());
  for (const code of ENTITLEMENT_COMPONENTS) entitlement = entitlement.addColumn(`members_${code}`, 'integer', (c) => c.notNull().defaultTo(0));
  await entitlement.addPrimaryKeyConstraint('dashboard_entitlement_pk', ['kelurahan_code', 'pendamping_key', 'kecamatan_code', 'kab_kota_code', 'province_code'] as never).execute();
  for (const table of ['dashboard_counts', 'dashboard_case_counts', 'dashboard_entitlement']) {
    for (const col of CELL.filter((c) => c !== 'kelurahan_code')) {
      await db.schema.createIndex(`${table}_${col}_idx`).on(table).column(col).execute();
    }
  }
  await db.schema
    .createTable('batch_runs')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // nightly
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // running | done | failed
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('families', 'integer')
    .addColumn('candidates', 'integer')
    .addColumn('details', 'text') // JSON: timings, rows written, cells corrected, error
    .execute();
  await db.schema.createIndex('batch_runs_kind_idx').on('batch_runs').columns(['kind', 'started_at']).execute();
  // Moving a family's cases with it (its pendamping or kelurahan changed) finds them by family.
  await db.schema.createIndex('graduation_cases_family_idx').on('graduation_cases').column('family_id').execute();
}

// ---- SQLite: row triggers -----------------------------------------------------------------------------

/** The cell columns of a families row `r` (`new`, `old`, `f`), in CELL order. */
const cellOf = (r: string, pg = false) =>
  `${r}.province_code, ${r}.kab_kota_code, ${r}.kecamatan_code, ${r}.kelurahan_code, coalesce(${r}.pendamping_id${pg ? '::text' : ''}, '')`;
const cellMatches = (r: string) =>
  `kelurahan_code = ${r}.kelurahan_code and pendamping_key = coalesce(${r}.pendamping_id, '') and kecamatan_code = ${r}.kecamatan_code and kab_kota_code = ${r}.kab_kota_code and province_code = ${r}.province_code`;
const cellMoved = (a: string, b: string) =>
  `(${a}.province_code is not ${b}.province_code or ${a}.kab_kota_code is not ${b}.kab_kota_code or ${a}.kecamatan_code is not ${b}.kecamatan_code or ${a}.kelurahan_code is not ${b}.kelurahan_code or ${a}.pendamping_id is not ${b}.pendamping_id)`;
const hasCandidates = (id: string) => `exists (select 1 from graduation_candidates g where g.family_id = ${id})`;
const caseKeyOf = (c: string) => `${c}.state, ${c}.type, ${c}.open, coalesce(${c}.exit_effective_date, '')`;
const sqliteLater = (col: string, v: string) => `${col} = max(coalesce(${col}, ''), coalesce(${v}, ''))`;

function sqliteTriggers(): string[] {
  const countsUpsert = `on conflict (${COUNTS_KEY}) do update set families = families + excluded.families, candidates = candidates + excluded.candidates, ${sqliteLater('changed_at', 'excluded.changed_at')}`;
  const casesUpsert = `on conflict (${CASES_KEY}) do update set cases = cases + excluded.cases, ${sqliteLater('changed_at', 'excluded.changed_at')}`;
  const casesCols = `(${CELL.join(', ')}, state, type, open, exit_date, cases, changed_at)`;
  const countsCols = `(${CELL.join(', ')}, status, families, candidates, changed_at)`;
  /** The family's live cases leave the cell of family row `r`. */
  const casesLeave = (r: string, when: string) => `
    update dashboard_case_counts set cases = cases - (
        select count(*) from graduation_cases c where c.family_id = ${r}.id and c.deleted_at is null
          and c.state = dashboard_case_counts.state and c.type = dashboard_case_counts.type and c.open = dashboard_case_counts.open
          and coalesce(c.exit_effective_date, '') = dashboard_case_counts.exit_date)
      where ${when} and ${cellMatches(r)}
        and exists (select 1 from graduation_cases c where c.family_id = ${r}.id and c.deleted_at is null
          and c.state = dashboard_case_counts.state and c.type = dashboard_case_counts.type and c.open = dashboard_case_counts.open
          and coalesce(c.exit_effective_date, '') = dashboard_case_counts.exit_date);`;
  /** The family's live cases join the cell of family row `r`. */
  const casesJoin = (r: string, when: string, at: string) => `
    insert into dashboard_case_counts ${casesCols}
      select ${cellOf(r)}, ${caseKeyOf('c')}, count(*), ${at} from graduation_cases c
      where c.family_id = ${r}.id and c.deleted_at is null and ${when}
      group by c.state, c.type, c.open, coalesce(c.exit_effective_date, '')
      ${casesUpsert};`;
  const familyCell = (id: string) =>
    `select f.kelurahan_code, coalesce(f.pendamping_id, ''), f.status, f.kecamatan_code, f.kab_kota_code, f.province_code from families f where f.id = ${id} and f.deleted_at is null`;
  const caseCell = (c: string) =>
    `select f.kelurahan_code, coalesce(f.pendamping_id, ''), ${c}.state, ${c}.type, ${c}.open, coalesce(${c}.exit_effective_date, ''), f.kecamatan_code, f.kab_kota_code, f.province_code from families f where f.id = ${c}.family_id and f.deleted_at is null`;
  const caseLeaves = (c: string, at: string, when = '1 = 1') =>
    `update dashboard_case_counts set cases = cases - 1, ${sqliteLater('changed_at', at)} where ${when} and (${CASES_KEY}) = (${caseCell(c)});`;
  const caseJoins = (c: string) => `
    insert into dashboard_case_counts ${casesCols}
      select ${cellOf('f')}, ${caseKeyOf(c)}, 1, ${c}.updated_at from families f where f.id = ${c}.family_id and f.deleted_at is null
      ${casesUpsert};`;
  const candidateGained = (id: string, at: string) =>
    `update dashboard_counts set candidates = candidates + 1, ${sqliteLater('changed_at', at)} where (${COUNTS_KEY}) = (${familyCell(id)});`;
  const candidateLost = (id: string) => `update dashboard_counts set candidates = candidates - 1 where (${COUNTS_KEY}) = (${familyCell(id)});`;
  const moved = cellMoved('old', 'new');
  const liveChanged = '((old.deleted_at is null) <> (new.deleted_at is null))';
  return [
    // A new family has no candidates yet (they reference it), so only its count moves.
    `create trigger dashboard_families_ins after insert on families when new.deleted_at is null begin
      insert into dashboard_counts ${countsCols} values (${cellOf('new')}, new.status, 1, 0, new.updated_at) ${countsUpsert};
    end`,
    `create trigger dashboard_families_upd after update of province_code, kab_kota_code, kecamatan_code, kelurahan_code, pendamping_id, status, deleted_at on families
    when ${moved} or old.status is not new.status or ${liveChanged} begin
      update dashboard_counts set families = families - 1, candidates = candidates - ${hasCandidates('old.id')}, ${sqliteLater('changed_at', 'new.updated_at')}
        where old.deleted_at is null and ${cellMatches('old')} and status = old.status;
      insert into dashboard_counts ${countsCols} select ${cellOf('new')}, new.status, 1, ${hasCandidates('new.id')}, new.updated_at where new.deleted_at is null ${countsUpsert};
      ${casesLeave('old', `old.deleted_at is null and (${moved} or new.deleted_at is not null)`)}
      ${casesJoin('new', `new.deleted_at is null and (${moved} or old.deleted_at is not null)`, 'new.updated_at')}
    end`,
    `create trigger dashboard_families_del after delete on families when old.deleted_at is null begin
      update dashboard_counts set families = families - 1, candidates = candidates - ${hasCandidates('old.id')} where ${cellMatches('old')} and status = old.status;
      ${casesLeave('old', '1 = 1')}
    end`,
    `create trigger dashboard_candidates_ins after insert on graduation_candidates
    when (select count(*) from graduation_candidates g where g.family_id = new.family_id) = 1 begin
      ${candidateGained('new.family_id', 'new.evaluated_at')}
    end`,
    `create trigger dashboard_candidates_del after delete on graduation_candidates
    when not exists (select 1 from graduation_candidates g where g.family_id = old.family_id) begin
      ${candidateLost('old.family_id')}
    end`,
    `create trigger dashboard_candidates_upd after update of family_id on graduation_candidates when old.family_id is not new.family_id begin
      update dashboard_counts set candidates = candidates - 1
        where not exists (select 1 from graduation_candidates g where g.family_id = old.family_id) and (${COUNTS_KEY}) = (${familyCell('old.family_id')});
      update dashboard_counts set candidates = candidates + 1, ${sqliteLater('changed_at', 'new.evaluated_at')}
        where (select count(*) from graduation_candidates g where g.family_id = new.family_id) = 1 and (${COUNTS_KEY}) = (${familyCell('new.family_id')});
    end`,
    `create trigger dashboard_cases_ins after insert on graduation_cases when new.deleted_at is null begin
      ${caseJoins('new')}
    end`,
    `create trigger dashboard_cases_upd after update of family_id, state, type, open, exit_effective_date, deleted_at on graduation_cases
    when old.family_id is not new.family_id or old.state is not new.state or old.type is not new.type or old.open is not new.open
      or old.exit_effective_date is not new.exit_effective_date or ${liveChanged} begin
      ${caseLeaves('old', 'new.updated_at', 'old.deleted_at is null')}
      insert into dashboard_case_counts ${casesCols}
        select ${cellOf('f')}, ${caseKeyOf('new')}, 1, new.updated_at from families f where f.id = new.family_id and f.deleted_at is null and new.deleted_at is null
        ${casesUpsert};
    end`,
    `create trigger dashboard_cases_del after delete on graduation_cases when old.deleted_at is null begin
      ${caseLeaves('old', 'old.updated_at')}
    end`,
  ];
}

// ---- PostgreSQL: statement triggers with transition tables ----------------------------------------------

const caseChanged = `(o.family_id is distinct from n.family_id or o.state is distinct from n.state or o.type is distinct from n.type or o.open is distinct from n.open
  or o.exit_effective_date is distinct from n.exit_effective_date or (o.deleted_at is null) <> (n.deleted_at is null))`;

function postgresTriggers(): string[] {
  const countsUpsert = `on conflict (${COUNTS_KEY}) do update set families = d.families + excluded.families, candidates = d.candidates + excluded.candidates, changed_at = greatest(d.changed_at, excluded.changed_at)`;
  const casesUpsert = `on conflict (${CASES_KEY}) do update set cases = d.cases + excluded.cases, changed_at = greatest(d.changed_at, excluded.changed_at)`;
  const countsCols = `(${CELL.join(', ')}, status, families, candidates, changed_at)`;
  const casesCols = `(${CELL.join(', ')}, state, type, open, exit_date, cases, changed_at)`;
  // The planner cannot know how many rows a transition table holds: families and cases are looked up per
  // row (LATERAL, through their indexes; `limit 1` / `offset 0` keep the planner from flattening the
  // lookup back into a join), never joined by a plan that guessed one row and scans the table.
  const familyOf = (id: string) =>
    `select f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, f.pendamping_id, f.status from families f where f.id = ${id} and f.deleted_at is null limit 1`;
  // Grouped by the whole key and in key order: one upsert per cell, rows locked in the same order by every writer.
  const g6 = 'group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6';
  const g9 = 'group by 1, 2, 3, 4, 5, 6, 7, 8, 9 order by 1, 2, 3, 4, 5, 6, 7, 8, 9';
  /** A side of a families change: x(id, cell, status, d, at). */
  const side = (r: string, d: number, at: string) =>
    `select ${r}.id, ${r}.province_code, ${r}.kab_kota_code, ${r}.kecamatan_code, ${r}.kelurahan_code, coalesce(${r}.pendamping_id::text, '') as pendamping_key, ${r}.status, ${d} as d, ${at} as at`;
  /** Signed family deltas applied to the counts (the candidate flag travels with the family). */
  const applyFamilies = (deltas: string, candidates = true) => `
    insert into dashboard_counts as d ${countsCols}
      select x.province_code, x.kab_kota_code, x.kecamatan_code, x.kelurahan_code, x.pendamping_key, x.status,
        sum(x.d), ${candidates ? `sum(case when ${hasCandidates('x.id')} then x.d else 0 end)` : '0'}, max(x.at)
      from (${deltas}) x ${g6}
      ${countsUpsert};`;
  /** Signed family deltas applied to the families' live cases (a family that moves takes its cases along). */
  const moveCases = (deltas: string) => `
    insert into dashboard_case_counts as d ${casesCols}
      select x.province_code, x.kab_kota_code, x.kecamatan_code, x.kelurahan_code, x.pendamping_key, ${caseKeyOf('c')}, sum(x.d), max(x.at)
      from (${deltas}) x
      cross join lateral (select c.state, c.type, c.open, c.exit_effective_date from graduation_cases c where c.family_id = x.id and c.deleted_at is null offset 0) c
      ${g9}
      ${casesUpsert};`;
  const moved = `(o.province_code, o.kab_kota_code, o.kecamatan_code, o.kelurahan_code, o.pendamping_id) is distinct from (n.province_code, n.kab_kota_code, n.kecamatan_code, n.kelurahan_code, n.pendamping_id)`;
  const pairs = 'from old_rows o join new_rows n on n.id = o.id';
  /** A side of a cases change: the case's key in its live family's cell. */
  const caseSide = (c: 'o' | 'n', d: number, at: string, join = '', where = '') =>
    `select ${cellOf('f', true)}, ${caseKeyOf(c)}, ${d}, ${at} from ${c === 'o' ? 'old_rows' : 'new_rows'} ${c} ${join}
      cross join lateral (${familyOf(`${c}.family_id`)}) f where ${c}.deleted_at is null ${where}`;
  const applyCases = (deltas: string) => `
    insert into dashboard_case_counts as d ${casesCols}
      select x.p, x.k, x.c, x.l, x.pk, x.state, x.type, x.open, x.exit_date, sum(x.d), max(x.at)
      from (${deltas}) x (p, k, c, l, pk, state, type, open, exit_date, d, at)
      ${g9}
      ${casesUpsert};`;
  /**
   * A family gains the candidate flag when it had no row before the statement and has one after it, and
   * loses it the other way round (before = after - rows added + rows removed).
   */
  const candidates = (sides: string) => `
    insert into dashboard_counts as d ${countsCols}
      select ${cellOf('f', true)}, f.status, 0, sum(t.d), max(t.at)
      from (
        select s.family_id,
          (case when a.after > 0 then 1 else 0 end) - (case when a.after - sum(s.added) + sum(s.removed) > 0 then 1 else 0 end) as d,
          max(s.at) as at
        from (${sides}) s (family_id, added, removed, at)
        cross join lateral (select count(*) as after from graduation_candidates g where g.family_id = s.family_id) a
        group by s.family_id, a.after
      ) t cross join lateral (${familyOf('t.family_id')}) f
      where t.d <> 0
      ${g6}
      ${countsUpsert};`;
  const added = 'select n.family_id, 1, 0, n.evaluated_at from new_rows n';
  const removed = 'select o.family_id, 0, 1, null::text from old_rows o';
  // No JIT: a trigger's statements are small, and compiling them would cost more than running them.
  const fn = (name: string, body: string) => `create or replace function ${name}() returns trigger language plpgsql set jit = off as $fn$
    begin
      ${body}
      return null;
    end $fn$`;
  const trigger = (table: string, event: 'insert' | 'update' | 'delete', name: string) => {
    const referencing = event === 'insert' ? 'new table as new_rows' : event === 'delete' ? 'old table as old_rows' : 'old table as old_rows new table as new_rows';
    return `create trigger ${name} after ${event} on ${table} referencing ${referencing} for each statement execute function ${name}()`;
  };
  return [
    // A new family has no candidates yet (they reference it).
    fn('dashboard_families_ins', applyFamilies(`${side('n', 1, 'n.updated_at')} from new_rows n where n.deleted_at is null`, false)),
    fn(
      'dashboard_families_upd',
      `${applyFamilies(`
        ${side('o', -1, 'n.updated_at')} ${pairs} where o.deleted_at is null and (${moved} or o.status is distinct from n.status or n.deleted_at is not null)
        union all
        ${side('n', 1, 'n.updated_at')} ${pairs} where n.deleted_at is null and (${moved} or o.status is distinct from n.status or o.deleted_at is not null)`)}
      ${moveCases(`
        ${side('o', -1, 'n.updated_at')} ${pairs} where o.deleted_at is null and (${moved} or n.deleted_at is not null)
        union all
        ${side('n', 1, 'n.updated_at')} ${pairs} where n.deleted_at is null and (${moved} or o.deleted_at is not null)`)}`,
    ),
    fn(
      'dashboard_families_del',
      `${applyFamilies(`${side('o', -1, 'o.updated_at')} from old_rows o where o.deleted_at is null`)}
      ${moveCases(`${side('o', -1, 'o.updated_at')} from old_rows o where o.deleted_at is null`)}`,
    ),
    fn('dashboard_candidates_ins', candidates(added)),
    fn('dashboard_candidates_upd', candidates(`${added} union all ${removed}`)),
    fn('dashboard_candidates_del', candidates(removed)),
    fn('dashboard_cases_ins', applyCases(caseSide('n', 1, 'n.updated_at'))),
    fn(
      'dashboard_cases_upd',
      applyCases(`
        ${caseSide('o', -1, 'n.updated_at', 'join new_rows n on n.id = o.id', `and ${caseChanged}`)}
        union all
        ${caseSide('n', 1, 'n.updated_at', 'join old_rows o on o.id = n.id', `and ${caseChanged}`)}`),
    ),
    fn('dashboard_cases_del', applyCases(caseSide('o', -1, 'o.updated_at'))),
    trigger('families', 'insert', 'dashboard_families_ins'),
    trigger('families', 'update', 'dashboard_families_upd'),
    trigger('families', 'delete', 'dashboard_families_del'),
    trigger('graduation_candidates', 'insert', 'dashboard_candidates_ins'),
    trigger('graduation_candidates', 'update', 'dashboard_candidates_upd'),
    trigger('graduation_candidates', 'delete', 'dashboard_candidates_del'),
    trigger('graduation_cases', 'insert', 'dashboard_cases_ins'),
    trigger('graduation_cases', 'update', 'dashboard_cases_upd'),
    trigger('graduation_cases', 'delete', 'dashboard_cases_del'),
  ];
}

// ---- the first fill ------------------------------------------------------------------------------------

async function fill(db: Kysely<any>, pg: boolean) {
  const key = pg ? "coalesce(f.pendamping_id::text, '')" : "coalesce(f.pendamping_id, '')";
  await sql
    .raw(
      `insert into dashboard_counts (${CELL.join(', ')}, status, families, candidates, changed_at)
      select f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, ${key}, f.status, count(*),
        sum(case when exists (select 1 from graduation_candidates g where g.family_id = f.id) then 1 else 0 end), max(f.updated_at)
      from families f where f.deleted_at is null
      group by f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, ${key}, f.status`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into dashboard_case_counts (${CELL.join(', ')}, state, type, open, exit_date, cases, changed_at)
      select f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, ${key}, c.state, c.type, c.open, coalesce(c.exit_effective_date, ''), count(*), max(c.updated_at)
      from graduation_cases c join families f on f.id = c.family_id
      where c.deleted_at is null and f.deleted_at is null
      group by f.province_code, f.kab_kota_code, f.kecamatan_code, f.kelurahan_code, ${key}, c.state, c.type, c.open, coalesce(c.exit_effective_date, '')`,
    )
    .execute(db);
}

export const aggregates: TitianMigration = {
  async up(db, t) {
    await createTables(db, t);
    const statements = t.engine === 'postgres' ? postgresTriggers() : sqliteTriggers();
    for (const s of statements) await sql.raw(s).execute(db);
    await fill(db, t.engine === 'postgres');
  },
};
