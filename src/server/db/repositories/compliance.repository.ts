/**
 * Compliance observations (verifikasi komitmen) of members of families in scope. Written set-based,
 * one transaction per batch, audited; a closed period is refused by the caller (its result is a snapshot).
 */
import { createHash } from 'node:crypto';
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

/**
 * An observation as stored, with who recorded it and when, and its `version`: an opaque token that changes
 * whenever the observation does (its id, value, time and author hashed). A write that means to replace an
 * observation names the version it saw; if the observation changed since, the versions differ (a stale write).
 * No column is needed for it: a replacement keeps the id but always changes the value (an unchanged value is
 * not written) and the time.
 */
export interface RecordedObservation {
  id: string;
  personId: string;
  familyId: string;
  kind: string;
  sub: string;
  month: string;
  data: unknown;
  source: string;
  sourceRef: string | null;
  recordedAt: string;
  /** The user's id (null for the system) and username (null when unknown). */
  recordedBy: string | null;
  recordedByUsername: string | null;
  version: string;
  /** The value as stored (JSON text): what a replacement is compared and set against. */
  storedData: string;
}

/** The outcome of one observation written by hand: written (or unchanged), or refused with what is there. */
export type ObservationWrite =
  | { outcome: 'created' | 'updated' | 'unchanged'; current: RecordedObservation }
  /** `exists`: the write named no observation to replace; `stale`: it named a version that is no longer there. */
  | { outcome: 'exists' | 'stale'; current: RecordedObservation };

export function observationVersion(r: { id: string; data: string; recordedAt: string; recordedBy: string | null }): string {
  return createHash('sha256').update(`${r.id}|${r.data}|${r.recordedAt}|${r.recordedBy ?? ''}`).digest('hex').slice(0, 20);
}

type ObservationKey = { personId: string; kind: string; sub: string; month: string };

/** An observation as read back with who recorded it (`toRecorded`): one column list for every such read. */
const RECORDED_COLUMNS = [
  'compliance_observations.id',
  'compliance_observations.person_id as personId',
  'compliance_observations.family_id as familyId',
  'compliance_observations.kind',
  'compliance_observations.sub',
  'compliance_observations.month',
  'compliance_observations.data',
  'compliance_observations.source',
  'compliance_observations.source_ref as sourceRef',
  'compliance_observations.recorded_at as recordedAt',
  'compliance_observations.recorded_by as recordedBy',
  'users.username as recordedByUsername',
] as const;

export class ComplianceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Stores observations in bulk (one per person, kind, sub and month; a new one replaces the old): for
   * imports that are the source of record for what they carry (the VERKOM form: the school's attendance
   * replaces what was there, by design). Observations entered by hand go through `write`, which never
   * replaces unasked. Returns, per input, whether it was created, updated or unchanged (a key given twice:
   * the later one counts against the earlier). Set-based: multi-row upserts sized for both engines.
   * Audited per family touched, with the values replaced (`before.replaced`). In the caller's transaction
   * when `trx` is given, else in one of its own.
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
      // What each replaced observation was, for the audit entry (a replaced value stays readable there).
      const stored = new Map<string, { id: string; data: string; source: string; recordedAt: string; recordedBy: string | null }>();
      const persons = [...new Set(items.map((i) => i.personId))];
      const months = [...new Set(items.map((x) => x.month))];
      for (let i = 0; i < persons.length; i += 500) {
        const rows = await t
          .selectFrom('compliance_observations')
          .select(['id', 'person_id', 'kind', 'sub', 'month', 'data', 'source', 'recorded_at', 'recorded_by'])
          .where('person_id', 'in', persons.slice(i, i + 500))
          .where('month', 'in', months)
          .execute();
        for (const r of rows) {
          const key = `${r.person_id}|${r.kind}|${r.sub}|${r.month}`;
          existing.set(key, r.data);
          stored.set(key, { id: r.id, data: r.data, source: r.source, recordedAt: r.recorded_at, recordedBy: r.recorded_by });
        }
      }
      // The final row per key (a key given twice keeps the later one, as writing them in turn would).
      const writes = new Map<string, ObservationInput & { data: string }>();
      const byFamily = new Map<string, Array<{ personId: string; kind: string; sub: string; month: string; outcome: string }>>();
      const replacedByFamily = new Map<string, Array<Record<string, unknown>>>();
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
        const was = stored.get(key);
        if (outcome === 'updated' && was) {
          replacedByFamily.set(item.familyId, [...(replacedByFamily.get(item.familyId) ?? []), replacedEntry(item, was)]);
          stored.delete(key); // a key given twice: the earlier value of this batch is not a stored one
        }
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
          ...(replacedByFamily.has(familyId) ? { before: { replaced: replacedByFamily.get(familyId) } } : {}),
          after: { source: items[0]!.source, changes },
        })),
      );
      return out;
    };
    return trx ? run(trx) : this.db.transaction().execute(run);
  }

  /**
   * Writes one observation entered by hand (the form, a phone's sync), never over one the writer did not
   * know of: with no `replaces`, an observation already there for the member, kind, check and month is
   * answered back (`exists`) and nothing is written; with `replaces`, only the observation of that version
   * is replaced (else `stale`, with the one there now). The same value again is `unchanged` either way.
   * The replacement is a compare-and-set on the row as it was read, so two writers racing for it cannot
   * both win; the audit entry keeps the replaced value (`before`). In the caller's transaction when `trx`
   * is given, else in one of its own.
   */
  async write(item: ObservationInput, replaces: string | undefined, actor: AuditActor, at: string, regionCode: string | null, trx?: Kysely<DB>): Promise<ObservationWrite> {
    const run = async (t: Kysely<DB>): Promise<ObservationWrite> => {
      const key = { personId: item.personId, kind: item.kind, sub: item.sub, month: item.month };
      const data = JSON.stringify(item.data);
      const audit = (outcome: 'created' | 'updated', id: string, before?: RecordedObservation) =>
        appendAudit(t, actor, at, [
          {
            action: 'compliance.observe',
            entity: 'family',
            recordId: item.familyId,
            familyId: item.familyId,
            regionCode,
            ...(before ? { before: { replaced: [replacedEntry(item, { ...before, data: before.storedData })] } } : {}),
            after: { source: item.source, changes: [{ ...key, outcome, id, data: item.data }] },
          },
        ]);
      const current = await this.recorded(t, key);
      if (current && current.storedData === data) return { outcome: 'unchanged', current };
      if (!current) {
        const id = item.id ?? uuidv7();
        const inserted = await t
          .insertInto('compliance_observations')
          .values({ id, person_id: item.personId, family_id: item.familyId, kind: item.kind, sub: item.sub, month: item.month, data, source: item.source, source_ref: item.sourceRef, recorded_at: at, recorded_by: actor.id })
          .onConflict((oc) => oc.columns(['person_id', 'kind', 'sub', 'month']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
          // Someone recorded it between the read and the insert: theirs is answered back, as if read first.
          const now = (await this.recorded(t, key))!;
          return now.storedData === data ? { outcome: 'unchanged', current: now } : { outcome: replaces ? 'stale' : 'exists', current: now };
        }
        await audit('created', id);
        return { outcome: 'created', current: (await this.recorded(t, key))! };
      }
      if (replaces === undefined) return { outcome: 'exists', current };
      if (replaces !== current.version) return { outcome: 'stale', current };
      const updated = await t
        .updateTable('compliance_observations')
        .set({ data, source: item.source, source_ref: item.sourceRef, recorded_at: at, recorded_by: actor.id })
        .where('id', '=', current.id)
        .where('data', '=', current.storedData)
        .where('recorded_at', '=', current.recordedAt)
        .where((eb) => (current.recordedBy === null ? eb('recorded_by', 'is', null) : eb('recorded_by', '=', current.recordedBy)))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return { outcome: 'stale', current: (await this.recorded(t, key))! };
      await audit('updated', current.id, current);
      return { outcome: 'updated', current: (await this.recorded(t, key))! };
    };
    return trx ? run(trx) : this.db.transaction().execute(run);
  }

  /** The observation of a person, kind, sub and month (there is at most one) with who recorded it and its version. */
  async current(key: ObservationKey): Promise<RecordedObservation | undefined> {
    return this.recorded(this.db, key);
  }

  private async recorded(db: Kysely<DB>, key: ObservationKey): Promise<RecordedObservation | undefined> {
    const r = await db
      .selectFrom('compliance_observations')
      .leftJoin('users', 'users.id', 'compliance_observations.recorded_by')
      .select(RECORDED_COLUMNS)
      .where('compliance_observations.person_id', '=', key.personId)
      .where('compliance_observations.kind', '=', key.kind)
      .where('compliance_observations.sub', '=', key.sub)
      .where('compliance_observations.month', '=', key.month)
      .executeTakeFirst();
    return r ? toRecorded(r) : undefined;
  }

  /** A family's observations (in scope) of some months, with who recorded each, when, and its version. */
  async recordedForFamily(scope: Scope, familyId: string, months: string[]): Promise<RecordedObservation[]> {
    const rows = await this.db
      .selectFrom('compliance_observations')
      .innerJoin('families', 'families.id', 'compliance_observations.family_id')
      .leftJoin('users', 'users.id', 'compliance_observations.recorded_by')
      .where(familyScope(scope) as never)
      .where('compliance_observations.family_id', '=', familyId)
      .where('compliance_observations.month', 'in', months)
      .select(RECORDED_COLUMNS)
      .orderBy('compliance_observations.month')
      .orderBy('compliance_observations.kind')
      .orderBy('compliance_observations.sub')
      .execute();
    return rows.map(toRecorded);
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

function toRecorded(r: Omit<RecordedObservation, 'data' | 'version' | 'recordedByUsername' | 'storedData'> & { data: string; recordedByUsername: string | null }): RecordedObservation {
  const recordedBy = r.recordedBy ?? null;
  return {
    ...r,
    recordedBy,
    recordedByUsername: r.recordedByUsername ?? null,
    data: JSON.parse(r.data) as unknown,
    storedData: r.data,
    version: observationVersion({ id: r.id, data: r.data, recordedAt: r.recordedAt, recordedBy }),
  };
}

/** A replaced observation as its family's audit entry keeps it: the key, the value it had, and whose it was. */
function replacedEntry(key: ObservationKey, was: { id: string; data: string; source: string; recordedAt: string; recordedBy: string | null }): Record<string, unknown> {
  return { personId: key.personId, kind: key.kind, sub: key.sub, month: key.month, id: was.id, data: JSON.parse(was.data) as unknown, source: was.source, recordedAt: was.recordedAt, recordedBy: was.recordedBy };
}
