/**
 * Compliance observations (verifikasi komitmen) of members of families in scope. Written set-based,
 * one transaction per batch, audited; a closed period is refused by the caller (its result is a snapshot).
 */
import type { Kysely } from 'kysely';
import { uuidv7 } from '../../../domain/ids';
import type { DB } from '../schema';
import { familyScope, type Scope } from '../scope';
import { type AuditActor, appendAudit } from './audit.repository';

export interface ObservationInput {
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
   * input, whether it was created, updated or unchanged. Audited per family touched.
   */
  async upsert(items: ObservationInput[], actor: AuditActor, at: string, regionOf: (familyId: string) => string | null): Promise<Array<'created' | 'updated' | 'unchanged'>> {
    if (items.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const out: Array<'created' | 'updated' | 'unchanged'> = [];
      const existing = new Map<string, string>();
      const persons = [...new Set(items.map((i) => i.personId))];
      for (let i = 0; i < persons.length; i += 500) {
        const rows = await trx
          .selectFrom('compliance_observations')
          .select(['person_id', 'kind', 'sub', 'month', 'data'])
          .where('person_id', 'in', persons.slice(i, i + 500))
          .where('month', 'in', [...new Set(items.map((x) => x.month))])
          .execute();
        for (const r of rows) existing.set(`${r.person_id}|${r.kind}|${r.sub}|${r.month}`, r.data);
      }
      const byFamily = new Map<string, Array<{ personId: string; kind: string; sub: string; month: string; outcome: string }>>();
      for (const item of items) {
        const key = `${item.personId}|${item.kind}|${item.sub}|${item.month}`;
        const data = JSON.stringify(item.data);
        const before = existing.get(key);
        if (before === data) {
          out.push('unchanged');
          continue;
        }
        await trx
          .insertInto('compliance_observations')
          .values({
            id: uuidv7(),
            person_id: item.personId,
            family_id: item.familyId,
            kind: item.kind,
            sub: item.sub,
            month: item.month,
            data,
            source: item.source,
            source_ref: item.sourceRef,
            recorded_at: at,
            recorded_by: actor.id,
          })
          .onConflict((oc) => oc.columns(['person_id', 'kind', 'sub', 'month']).doUpdateSet({ data, source: item.source, source_ref: item.sourceRef, recorded_at: at, recorded_by: actor.id }))
          .execute();
        existing.set(key, data);
        const outcome = before === undefined ? 'created' : 'updated';
        out.push(outcome);
        byFamily.set(item.familyId, [...(byFamily.get(item.familyId) ?? []), { personId: item.personId, kind: item.kind, sub: item.sub, month: item.month, outcome }]);
      }
      await appendAudit(
        trx,
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
    });
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
