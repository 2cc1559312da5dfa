/**
 * Checks on a seeded demo database shared by the demo's medium tests (not used by the seed itself).
 *
 * `recordsBeforeJoining`: every record of a family's history the demo writes, dated before the first day the
 * family was in PKH (`earliestFamilyDate` of its joined year, the bound the services refuse earlier dates
 * with). `undatedFamilyTables`: the tables with a family_id that hold rows but are neither checked here nor
 * listed as stamped with the time of the write, so a table the seed starts to fill is not left unchecked.
 */
import { sql } from 'kysely';
import { earliestFamilyDate } from '../../domain/activities';
import { parsePeriod } from '../../domain/compliance';
import { todayInJakarta } from '../../domain/dates';
import type { Database } from '../db/database';
import type { DB } from '../db/schema';

/** The last month of a compliance period (a quarter or a month), or null when it is no such period. */
function lastMonthOf(period: string): string | null {
  const parsed = parsePeriod(period);
  return parsed.ok ? parsed.period.months[parsed.period.months.length - 1]! : null;
}

/** The Jakarta calendar date of a stored timestamp (ISO), or a date as it is. */
const dayOf = (v: string) => (v.length > 10 ? todayInJakarta(new Date(v)) : v);

type Db = Database['db'];
type Dated = { family_id: string } & Record<string, string | null>;

/**
 * The family tables checked, with their dated columns: a date or timestamp column is before the family's
 * first day; a month column (YYYY-MM) is a month before the month of that day.
 */
const CHECKED: Partial<Record<keyof DB, { dates?: string[]; months?: string[]; read?: (db: Db) => Promise<Dated[]> }>> = {
  family_members: { dates: ['start_date', 'end_date'] },
  family_group_members: { dates: ['start_date', 'end_date'] },
  // Attendance carries its session's date.
  p2k2_attendance: {
    dates: ['date'],
    read: (db) => db.selectFrom('p2k2_attendance as a').innerJoin('p2k2_sessions as s', 's.id', 'a.session_id').select(['a.family_id', 's.date']).execute(),
  },
  activities: { dates: ['date'] },
  compliance_observations: { months: ['month'] },
  pena_incomes: { months: ['month'] },
  case_goals: { dates: ['target_date', 'closed_at'] },
  case_tasks: { dates: ['due_date', 'done_at'] },
  referrals: { dates: ['referred_on', 'outcome_on'] },
  assessments: { dates: ['assessed_on'] },
  graduation_cases: { dates: ['opened_at', 'state_at', 'statement_signed_at', 'approved_at', 'exit_effective_date', 'closed_at'] },
  graduation_transitions: { dates: ['at'] },
  graduation_followups: { dates: ['due_date', 'done_on'] },
  sanctions: { dates: ['decided_at', 'revoked_at'] },
  research_documents: { dates: ['note_date'] },
  // A closed period is about the family when it ended after the family joined: an outcome always; a frozen
  // result only when it holds anything owed (closing a period freezes one for every family in scope, and a
  // family not in PKH yet owes nothing in it).
  compliance_outcomes: {
    months: ['last_month'],
    read: async (db) => (await db.selectFrom('compliance_outcomes').select(['family_id', 'period']).execute()).map((o) => ({ family_id: o.family_id, last_month: lastMonthOf(o.period) ?? o.period })),
  },
  decision_snapshots: {
    months: ['last_month'],
    read: async (db) =>
      (await db.selectFrom('decision_snapshots').select(['family_id', 'kind', 'period', 'data']).where('family_id', 'is not', null).execute())
        .filter((r) => r.kind !== 'compliance_period' || ((JSON.parse(r.data) as { items?: unknown[] }).items ?? []).length > 0)
        .map((r) => ({ family_id: r.family_id!, last_month: lastMonthOf(r.period) })),
  },
};

/**
 * Family tables whose times are those of the write itself (the seeding, today), or that describe no day of
 * the family's history: the change log, assignments to a pendamping, the graduation triggers' findings, photos (uploaded
 * now; their activity is checked).
 * (The audit trail dates the graduation steps as they are described; those are checked on the cases.)
 */
const STAMPED_AT_WRITE = new Set<keyof DB>(['change_log', 'audit_log', 'family_assignments', 'graduation_candidates', 'graduation_candidate_signatures', 'attachments']);

/** Tables of the current schema with a family_id column. */
async function familyTables(database: Database): Promise<string[]> {
  const rows =
    database.engine === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.columns where column_name = 'family_id' and table_schema = current_schema()`.execute(database.db)
      : await sql<{ name: string }>`select m.name as name from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and p.name = 'family_id'`.execute(database.db);
  return rows.rows.map((r) => r.name).sort();
}

/** Family tables that hold rows and are neither checked by `recordsBeforeJoining` nor stamped at the write. */
export async function undatedFamilyTables(database: Database): Promise<string[]> {
  const out: string[] = [];
  for (const table of await familyTables(database)) {
    if (table in CHECKED || STAMPED_AT_WRITE.has(table as keyof DB)) continue;
    const any = await sql<{ one: number }>`select 1 as one from ${sql.table(table)} limit 1`.execute(database.db);
    if (any.rows.length) out.push(table);
  }
  return out;
}

export interface EarlyRecord {
  table: string;
  column: string;
  familyId: string;
  value: string;
  earliest: string;
}

/** Every dated record of a family before its first day in PKH (one query per table), and how many were read per table. */
export async function recordsBeforeJoining(database: Database): Promise<{ early: EarlyRecord[]; read: Record<string, number> }> {
  const db = database.db;
  const earliest = new Map((await db.selectFrom('families').select(['id', 'joined_year']).execute()).map((f) => [f.id, earliestFamilyDate(f.joined_year)]));
  const early: EarlyRecord[] = [];
  const read: Record<string, number> = {};
  for (const [table, spec] of Object.entries(CHECKED) as Array<[string, NonNullable<(typeof CHECKED)[keyof DB]>]>) {
    const columns = [...(spec.dates ?? []), ...(spec.months ?? [])];
    const rows: Dated[] = spec.read
      ? await spec.read(db)
      : ((await sql<Dated>`select family_id, ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)} where family_id is not null`.execute(db)).rows);
    read[table] = rows.length;
    for (const row of rows) {
      const first = earliest.get(row.family_id);
      if (!first) throw new Error(`${table}: a row of unknown family ${row.family_id}`);
      for (const c of spec.dates ?? []) {
        const v = row[c];
        if (v && dayOf(v) < first) early.push({ table, column: c, familyId: row.family_id, value: dayOf(v), earliest: first });
      }
      for (const c of spec.months ?? []) {
        const v = row[c];
        if (v && v < first.slice(0, 7)) early.push({ table, column: c, familyId: row.family_id, value: v, earliest: first });
      }
    }
  }
  return { early, read };
}

/** A short account of early records for a failing assertion: counts per table and column, and a few examples. */
export function describeEarly(early: EarlyRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const e of early) counts.set(`${e.table}.${e.column}`, (counts.get(`${e.table}.${e.column}`) ?? 0) + 1);
  return [...[...counts].map(([k, n]) => `${k}: ${n}`), ...early.slice(0, 5).map((e) => `${e.table}.${e.column} ${e.value} of family ${e.familyId} (in PKH from ${e.earliest})`)];
}
