/**
 * Compliance observations (verifikasi komitmen) of members of families in scope. Written set-based,
 * one transaction per batch, audited; a closed period is refused by the caller (its result is a snapshot).
 */
import type { Kysely } from 'kysely';
import { uuidv7 } from '../../../domain/ids';
import type { DB } from '../schema';
import { familyScope, type Scope } from '../scope';
import { type AuditActor, appendAudit } from './audit.repository';
import { rowsPerStatement } from './batch-insert';

export interface ObservationInput {
  /** The id for a new observation (a phone's, through sync); one that replaces an earlier observation keeps that one's id. */
  id?: string;
  personId: string;
  familyId: string;
  kind: 'pendidikan' | 'kesehatan' | 'kesos';
  sub: string;
  month: string;
  data: unknown;
  source: 'verkom' | 'manual';
  sourceRef: string | null;
}

export interface StoredObservation {
  personId: string;
  kind: string;
  sub: string;
  month: string;
  data: unknown;
  source: string;
}

export class ComplianceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Stores observations (one per person, kind, sub and month; a new one replaces the old). Returns, per
   * input, whether it was created, updated or unchanged (a key given twice: the later one counts against
   * the earlier). Set-based: multi-row upserts sized for both engines. Audited per family touched. In the
   * caller's transaction when `trx` is given, else in one of its own.
   */
  async upsert(
    items: ObservationInput[],
    actor: AuditActor,
    at: string,
    regionOf: (familyId: string) => string | null,
    trx?: Kysely<DB>,
  ): Promise<Array<'created' | 'updated' | 'unchanged'>> {
    if (items.length === 0) return [];
    const run = async (t: Kysely<DB>) => {
      const out: Array<'created' | 'updated' | 'unchanged'> = [];
      const existing = new Map<string, string>();
      const persons = [...new Set(items.map((i) => i.personId))];
      const months = [...new Set(items.map((x) => x.month))];
      for (let i = 0; i < persons.length; i += 500) {
        const rows = await t
          .selectFrom('compliance_observations')
          .select(['person_id', 'kind', 'sub', 'month', 'data'])
          .where('person_id', 'in', persons.slice(i, i + 500))
          .where('month', 'in', months)
          .execute();
        for (const r of rows) existing.set(`${r.person_id}|${r.kind}|${r.sub}|${r.month}`, r.data);
      }
      // The final row per key (a key given twice keeps the later one, as writing them in turn would).
      const writes = new Map<string, ObservationInput & { data: string }>();
      const byFamily = new Map<string, Array<{ personId: string; kind: string; sub: string; month: string; outcome: string }>>();
      for (const item of items) {
        const key = `${item.personId}|${item.kind}|${item.sub}|${item.month}`;
        const data = JSON.stringify(item.data);
        const before = existing.get(key);
        if (before === data) {
          out.push('unchanged');
          continue;
        }
        writes.set(key, { ...item, data });
        existing.set(key, data);
        const outcome = before === undefined ? 'created' : 'updated';
        out.push(outcome);
        byFamily.set(item.familyId, [...(byFamily.get(item.familyId) ?? []), { personId: item.personId, kind: item.kind, sub: item.sub, month: item.month, outcome }]);
      }
      const rows = [...writes.values()].map((w) => ({
        id: w.id ?? uuidv7(),
        person_id: w.personId,
        family_id: w.familyId,
        kind: w.kind,
        sub: w.sub,
        month: w.month,
        data: w.data,
        source: w.source,
        source_ref: w.sourceRef,
        recorded_at: at,
        recorded_by: actor.id,
      }));
      const size = rowsPerStatement(11);
      for (let i = 0; i < rows.length; i += size) {
        await t
          .insertInto('compliance_observations')
          .values(rows.slice(i, i + size))
          .onConflict((oc) =>
            oc.columns(['person_id', 'kind', 'sub', 'month']).doUpdateSet((eb) => ({
              data: eb.ref('excluded.data'),
              source: eb.ref('excluded.source'),
              source_ref: eb.ref('excluded.source_ref'),
              recorded_at: eb.ref('excluded.recorded_at'),
              recorded_by: eb.ref('excluded.recorded_by'),
            })),
          )
          .execute();
      }
      await appendAudit(
        t,
        actor,
        at,
        [...byFamily].map(([familyId, changes]) => ({
          action: 'compliance.observe',
          entity: 'family',
          recordId: familyId,
          familyId,
          regionCode: regionOf(familyId),
          after: { source: items[0]!.source, changes },
        })),
      );
      return out;
    };
    return trx ? run(trx) : this.db.transaction().execute(run);
  }

  /** The observation stored under an id (any family: callers check scope first), by its key. */
  async byId(id: string): Promise<{ id: string; personId: string; familyId: string; kind: string; sub: string; month: string } | undefined> {
    return this.db
      .selectFrom('compliance_observations')
      .select(['id', 'person_id as personId', 'family_id as familyId', 'kind', 'sub', 'month'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The id of the observation of a person, kind, sub and month (there is at most one), if any. */
  async idOf(key: { personId: string; kind: string; sub: string; month: string }): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('compliance_observations')
      .select('id')
      .where('person_id', '=', key.personId)
      .where('kind', '=', key.kind)
      .where('sub', '=', key.sub)
      .where('month', '=', key.month)
      .executeTakeFirst();
    return r?.id;
  }

  /** Observations of many families in scope for some months, by family (one query). */
  async forFamilies(scope: Scope, familyIds: string[], months: string[]): Promise<Map<string, StoredObservation[]>> {
    const out = new Map<string, StoredObservation[]>();
    if (familyIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('compliance_observations')
      .innerJoin('families', 'families.id', 'compliance_observations.family_id')
      .where(familyScope(scope) as never)
      .where('compliance_observations.family_id', 'in', familyIds)
      .where('compliance_observations.month', 'in', months)
      .select([
        'compliance_observations.family_id as familyId',
        'compliance_observations.person_id as personId',
        'compliance_observations.kind',
        'compliance_observations.sub',
        'compliance_observations.month',
        'compliance_observations.data',
        'compliance_observations.source',
      ])
      .execute();
    for (const { familyId, ...r } of rows) {
      const list = out.get(familyId) ?? [];
      list.push({ ...r, data: JSON.parse(r.data) as unknown });
      out.set(familyId, list);
    }
    return out;
  }

  /** Observations of a family in scope for some months. */
  async forFamily(scope: Scope, familyId: string, months: string[]): Promise<StoredObservation[]> {
    const rows = await this.db
      .selectFrom('compliance_observations')
      .innerJoin('families', 'families.id', 'compliance_observations.family_id')
      .where(familyScope(scope) as never)
      .where('compliance_observations.family_id', '=', familyId)
      .where('compliance_observations.month', 'in', months)
      .select([
        'compliance_observations.person_id as personId',
        'compliance_observations.kind',
        'compliance_observations.sub',
        'compliance_observations.month',
        'compliance_observations.data',
        'compliance_observations.source',
      ])
      .execute();
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
  }
}
