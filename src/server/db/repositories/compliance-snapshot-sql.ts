/**
 * Reading a family's closed compliance period (a `decision_snapshots` row of kind `compliance_period`) in SQL,
 * the same way wherever it is counted: a period with no items is a family with no commitment then, neither
 * compliant nor not (the dashboard and the family list agree on it).
 */
import { type RawBuilder, sql } from 'kysely';

/** The period holds at least one member's commitment. */
export function periodHasItems(postgres: boolean): RawBuilder<boolean> {
  return postgres
    ? sql<boolean>`jsonb_array_length((decision_snapshots.data::jsonb)->'items') > 0`
    : sql<boolean>`json_array_length(decision_snapshots.data, '$.items') > 0`;
}

/** The family-level verdict of a closed period (every item compliant), as 1/0. */
export function periodVerdict(postgres: boolean): RawBuilder<number> {
  return postgres
    ? sql<number>`case when (decision_snapshots.data::jsonb)->>'compliant' = 'true' then 1 else 0 end`
    : sql<number>`case when json_extract(decision_snapshots.data, '$.compliant') = 1 then 1 else 0 end`;
}

/** The `decision_snapshots` kind of a closed compliance period (the service's COMPLIANCE_SNAPSHOT). */
export const COMPLIANCE_PERIOD_SNAPSHOT = 'compliance_period';

/**
 * Writes the derived outcomes (`compliance_outcomes`, migration 0026) of the closed compliance periods that
 * `where` selects (a condition on `s`, a `decision_snapshots` row): one row per family, period and kind of
 * the snapshot's items, `ok` 1 when every item of that kind was compliant, else 0; the family's kab/kota is
 * the snapshot's. A period with no items writes nothing (the family owed nothing then). The dashboard counts
 * these rows instead of expanding every snapshot's JSON on every view; the JSON is read here once, when a
 * period closes (SnapshotsRepository.freeze, in the same transaction) and by the migration's backfill, with
 * the expressions the dashboard used to read it with, so both give the same rows.
 */
export function insertComplianceOutcomes(postgres: boolean, where: RawBuilder<unknown>): RawBuilder<unknown> {
  if (postgres) {
    return sql`insert into compliance_outcomes (family_id, period, kind, ok, kab_kota_code)
      select s.family_id, s.period, i.value->>'kind', min(case when i.value->>'compliant' = 'true' then 1 else 0 end), max(s.kab_kota_code)
      from decision_snapshots s cross join lateral jsonb_array_elements((s.data::jsonb)->'items') as i(value)
      where s.kind = ${COMPLIANCE_PERIOD_SNAPSHOT} and s.family_id is not null and i.value->>'kind' is not null and ${where}
      group by s.family_id, s.period, i.value->>'kind'`;
  }
  return sql`insert into compliance_outcomes (family_id, period, kind, ok, kab_kota_code)
    select s.family_id, s.period, json_extract(i.value, '$.kind'), min(case when json_extract(i.value, '$.compliant') = 1 then 1 else 0 end), max(s.kab_kota_code)
    from decision_snapshots s, json_each(s.data, '$.items') as i
    where s.kind = ${COMPLIANCE_PERIOD_SNAPSHOT} and s.family_id is not null and json_extract(i.value, '$.kind') is not null and ${where}
    group by s.family_id, s.period, json_extract(i.value, '$.kind')`;
}
