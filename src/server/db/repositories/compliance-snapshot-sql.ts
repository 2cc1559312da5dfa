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
