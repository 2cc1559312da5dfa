import { type Kysely, sql } from 'kysely';
import type { TitianMigration } from './types';

/**
 * National scale (issue 8): the family's kab/kota code in every case table, so that each table can later be
 * distributed by region (Citus, `kab_kota_code` as the distribution column, all case tables colocated) and a
 * region filter on any of them is an indexed equality. See docs/scaling.md for which tables are distributed,
 * which are reference tables and which stay central.
 *
 * `families`, `family_members`, `family_groups`, `activities` and `change_log` already carried it; this adds a
 * nullable `kab_kota_code` to every other case table, fills it from the data already there (one set-based
 * UPDATE per table) and indexes it with the record's key. It is kept filled by the database, so no
 * repository's insert code names it:
 *
 * - on insert, when the writer left it null: PostgreSQL BEFORE INSERT row triggers assign NEW.kab_kota_code
 *   (with a WHEN clause, so a writer that sets it pays nothing); SQLite AFTER INSERT triggers update the new
 *   row by rowid (SQLite cannot assign NEW). One primary-key lookup per row;
 * - when a family moves to another kab/kota (rare): a trigger on `families` carries its case rows along
 *   (`family_members` too; the families repository also rewrites their kecamatan). `change_log` keeps the
 *   region each change was written in: it is history.
 *
 * Where the code comes from: the family (`family_id`) for family records; the group for `p2k2_sessions`; the
 * activity for `activity_tags`; the family, else the P2K2 session, for `attachments`; the family, else the
 * P2K2 session, for `sync_conflicts`. No trigger is put on `families`, `persons`, `person_facts` or
 * `family_members` inserts (the registry import writes those in bulk; `family_members` carries the codes from
 * its writer). Nothing changes a case row's `family_id` or a group's region today; a writer that ever does
 * sets `kab_kota_code` itself.
 *
 * `kecamatan_code` is not added: scope filters below kab/kota go through `families` (indexed), a kecamatan
 * column would have to follow moves between kecamatan (far more frequent than moves between kab/kota), and the
 * distribution needs only the kab/kota.
 */

export type RegionSource = 'family' | 'group' | 'activity' | 'attachment' | 'conflict';

export interface CaseRegionTable {
  table: string;
  source: RegionSource;
  /** The index: kab_kota_code, then these (the record's key: the primary key it gets when distributed). */
  key: string[];
  /** Also index family_id (the move finds the family's rows by it; these tables had no such index). */
  familyIndex?: boolean;
}

/** The case tables this migration gives a kab_kota_code, in fill order (sessions before what refers to them). */
export const CASE_REGION_TABLES: readonly CaseRegionTable[] = [
  { table: 'family_assignments', source: 'family', key: ['id'] },
  { table: 'decision_snapshots', source: 'family', key: ['id'] },
  { table: 'family_group_members', source: 'family', key: ['id'] },
  { table: 'p2k2_sessions', source: 'group', key: ['id'] },
  { table: 'p2k2_attendance', source: 'family', key: ['id'] },
  { table: 'activity_tags', source: 'activity', key: ['activity_id'] },
  { table: 'attachments', source: 'attachment', key: ['id'], familyIndex: true },
  { table: 'compliance_observations', source: 'family', key: ['id'] },
  { table: 'data_update_proposals', source: 'family', key: ['id'] },
  { table: 'sanctions', source: 'family', key: ['id'] },
  { table: 'case_goals', source: 'family', key: ['id'] },
  { table: 'case_tasks', source: 'family', key: ['id'], familyIndex: true },
  { table: 'referrals', source: 'family', key: ['id'] },
  { table: 'assessments', source: 'family', key: ['id'] },
  { table: 'graduation_candidates', source: 'family', key: ['family_id', 'reason_code'] },
  { table: 'graduation_cases', source: 'family', key: ['id'] },
  { table: 'graduation_transitions', source: 'family', key: ['id'] },
  { table: 'graduation_followups', source: 'family', key: ['id'], familyIndex: true },
  { table: 'pena_incomes', source: 'family', key: ['id'] },
  { table: 'sync_conflicts', source: 'conflict', key: ['id'] },
];

/** Tables that had the column already: the move carries the first two along; they get the region index too where they lacked one. */
const MOVED_ALREADY = ['family_members', 'activities'] as const;

/** The kab/kota of row `r` of `table`, as an SQL expression (a scalar subquery). */
function sourceOf(t: CaseRegionTable, r: string, pg: boolean): string {
  const family = `(select f.kab_kota_code from families f where f.id = ${r}.family_id)`;
  const session = (id: string) => `(select s.kab_kota_code from p2k2_sessions s where s.id = ${id})`;
  switch (t.source) {
    case 'family':
      return family;
    case 'group':
      return `(select g.kab_kota_code from family_groups g where g.id = ${r}.group_id)`;
    case 'activity':
      return `(select a.kab_kota_code from activities a where a.id = ${r}.activity_id)`;
    case 'attachment':
      return `coalesce(${family}, case when ${r}.owner_kind = 'p2k2_session' then ${session(`${r}.owner_id`)} end)`;
    case 'conflict':
      // record_id is text (a phone's id): compared as uuid on PostgreSQL only when it is one.
      return `coalesce(${family}, case when ${r}.entity = 'p2k2_session' then ${
        pg ? `case when ${r}.record_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then ${session(`${r}.record_id::uuid`)} end` : session(`${r}.record_id`)
      } end)`;
  }
}

/**
 * Fills `kab_kota_code` where it is null, one UPDATE per table (the migration's fill; also what a repair
 * would run). Returns the rows filled per table.
 */
export async function backfillCaseRegions(db: Kysely<any>, engine: 'sqlite' | 'postgres'): Promise<Record<string, number>> {
  const pg = engine === 'postgres';
  const filled: Record<string, number> = {};
  // A join (UPDATE ... FROM, both engines) where the source is one table; a correlated subquery for the two
  // tables whose code may come from one of two places.
  const from: Partial<Record<RegionSource, [string, string]>> = {
    family: ['families', 'family_id'],
    group: ['family_groups', 'group_id'],
    activity: ['activities', 'activity_id'],
  };
  for (const t of CASE_REGION_TABLES) {
    const join = from[t.source];
    const statement = join
      ? `update ${t.table} set kab_kota_code = src.kab_kota_code from ${join[0]} src where src.id = ${t.table}.${join[1]} and ${t.table}.kab_kota_code is null`
      : `update ${t.table} set kab_kota_code = ${sourceOf(t, t.table, pg)} where kab_kota_code is null`;
    const r = await sql.raw(statement).execute(db);
    filled[t.table] = Number(r.numAffectedRows ?? 0);
  }
  return filled;
}

/** The family's case rows, for the move trigger: `set kab_kota_code = <v> where <family is id>` (later migrations add tables). */
function moveStatements(v: string, id: string, moreTables: readonly string[]): string[] {
  const byFamily = [...MOVED_ALREADY, ...CASE_REGION_TABLES.filter((t) => t.source !== 'group' && t.source !== 'activity').map((t) => t.table), ...moreTables];
  return [
    ...byFamily.map((table) => `update ${table} set kab_kota_code = ${v} where family_id = ${id}`),
    `update activity_tags set kab_kota_code = ${v} where activity_id in (select a.id from activities a where a.family_id = ${id})`,
  ];
}

function sqliteTriggers(): string[] {
  return [
    ...CASE_REGION_TABLES.map(
      (t) => `create trigger ${t.table}_region_ins after insert on ${t.table} when new.kab_kota_code is null begin
        update ${t.table} set kab_kota_code = ${sourceOf(t, 'new', false)} where rowid = new.rowid;
      end`,
    ),
    ...regionMoveTrigger('sqlite'),
  ];
}

/**
 * The statements that make (SQLite) or replace (PostgreSQL: its function) the `families_region_move` trigger,
 * which carries a family's case rows along when it moves to another kab/kota; `moreTables` are case tables
 * added by later migrations (0018).
 */
export function regionMoveTrigger(engine: 'sqlite' | 'postgres', moreTables: readonly string[] = []): string[] {
  const body = moveStatements('new.kab_kota_code', 'new.id', moreTables)
    .map((s) => `${s};`)
    .join('\n      ');
  if (engine === 'sqlite') {
    return [
      'drop trigger if exists families_region_move',
      `create trigger families_region_move after update of kab_kota_code on families when old.kab_kota_code is not new.kab_kota_code begin
      ${body}
    end`,
    ];
  }
  return [
    `create or replace function families_region_move() returns trigger language plpgsql as $fn$
    begin
      ${body}
      return null;
    end $fn$`,
  ];
}

function postgresTriggers(): string[] {
  const sources = [...new Set(CASE_REGION_TABLES.map((t) => t.source))];
  const fn = (name: string, body: string) => `create or replace function ${name}() returns trigger language plpgsql as $fn$
    begin
      ${body}
    end $fn$`;
  return [
    // One function per source; PL/pgSQL compiles a trigger function separately for each table it serves.
    ...sources.map((s) =>
      fn(`case_region_from_${s}`, `new.kab_kota_code := ${sourceOf(CASE_REGION_TABLES.find((t) => t.source === s)!, 'new', true)};\n      return new;`),
    ),
    ...CASE_REGION_TABLES.map(
      (t) =>
        `create trigger ${t.table}_region_ins before insert on ${t.table} for each row when (new.kab_kota_code is null) execute function case_region_from_${t.source}()`,
    ),
    ...regionMoveTrigger('postgres'),
    `create trigger families_region_move after update of kab_kota_code on families for each row
      when (old.kab_kota_code is distinct from new.kab_kota_code) execute function families_region_move()`,
  ];
}

export const caseRegions: TitianMigration = {
  async up(db, t) {
    const pg = t.engine === 'postgres';
    for (const c of CASE_REGION_TABLES) {
      await db.schema.alterTable(c.table).addColumn('kab_kota_code', 'text').execute();
    }
    await backfillCaseRegions(db, t.engine);
    for (const c of CASE_REGION_TABLES) {
      await db.schema.createIndex(`${c.table}_kab_kota_idx`).on(c.table).columns(['kab_kota_code', ...c.key]).execute();
      if (c.familyIndex) await db.schema.createIndex(`${c.table}_family_id_idx`).on(c.table).column('family_id').execute();
    }
    // activities carried the code without an index; family_members is left without one on purpose (the
    // registry import writes 50,000 of them a second; region reads of members go through families).
    await db.schema.createIndex('activities_kab_kota_idx').on('activities').columns(['kab_kota_code', 'id']).execute();
    for (const s of pg ? postgresTriggers() : sqliteTriggers()) await sql.raw(s).execute(db);
  },
};
