/**
 * The rules that are data, as an admin changes them: benefit index rows and programme settings (rows of
 * their own tables, marked origin 'deployment' so `migrate` keeps them), and deployment overrides of
 * reference documents (`<name>@deployment` rows of reference_documents). Every change writes one
 * `config.change` audit entry in the same transaction; the history is read back from the trail.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import { familyScope, type Scope } from '../scope';
import { type AuditActor, appendAudit } from './audit.repository';
import { overrideName } from './reference.repository';

export const CONFIG_ACTION = 'config.change';

/** What a change records: the rule (audit entity), the item (record id), the value before and after, why. */
export interface ConfigChange {
  rule: string;
  item: string;
  before: unknown;
  after: unknown;
  reason: string;
}

export interface ConfigHistoryEntry {
  seq: number;
  at: string;
  actor: string | null;
  actorRole: string | null;
  rule: string;
  item: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

const parse = (s: string | null) => (s === null ? null : JSON.parse(s));

function audit(trx: Kysely<DB>, actor: AuditActor, at: string, c: ConfigChange) {
  return appendAudit(trx, actor, at, [
    { action: CONFIG_ACTION, entity: c.rule, recordId: c.item, before: { value: c.before ?? null }, after: { value: c.after, reason: c.reason } },
  ]);
}

const REGION_COLUMNS = ['province_code', 'kab_kota_code', 'kecamatan_code', 'kelurahan_code'] as const;

export class ConfigRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Families and distinct pendamping (of those families) in each child region of `parent` (null: the
   * provinces), counting only families in the caller's scope; one grouped query.
   */
  async regionCounts(scope: Scope, parent: string | null): Promise<Map<string, { families: number; pendamping: number }>> {
    const depth = parent === null ? 0 : parent.split('.').length;
    const child = REGION_COLUMNS[depth];
    if (!child) return new Map();
    // Soft-deleted families are gone everywhere else (dashboard, family list, analytics): not counted here either.
    let q = this.db.selectFrom('families').where(familyScope(scope)).where('families.deleted_at', 'is', null);
    if (parent !== null) q = q.where(REGION_COLUMNS[depth - 1]!, '=', parent);
    const rows = await q
      .select((eb) => [eb.ref(child).as('code'), eb.fn.countAll<number>().as('families'), eb.fn.count<number>('pendamping_id').distinct().as('pendamping')])
      .groupBy(child)
      .execute();
    return new Map(rows.map((r) => [String(r.code), { families: Number(r.families), pendamping: Number(r.pendamping) }]));
  }

  /** Sets the amount of one component in one year (a new row, or a shipped one becoming the deployment's). */
  async setBenefitAmount(row: { year: number; component: string; annualRupiah: number }, change: ConfigChange, actor: AuditActor, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('benefit_index')
        .values({ year: row.year, component: row.component, annual_rupiah: row.annualRupiah, confidence: null, note: null, origin: 'deployment' })
        .onConflict((oc) => oc.columns(['year', 'component']).doUpdateSet({ annual_rupiah: row.annualRupiah, origin: 'deployment' }))
        .execute();
      await audit(trx, actor, at, change);
    });
  }

  /** Sets a programme setting from a year on. */
  async setProgramSetting(row: { fromYear: number; key: string; value: unknown }, change: ConfigChange, actor: AuditActor, at: string): Promise<void> {
    const value = JSON.stringify(row.value);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('program_settings')
        .values({ from_year: row.fromYear, key: row.key, value, note: null, origin: 'deployment' })
        .onConflict((oc) => oc.columns(['from_year', 'key']).doUpdateSet({ value, origin: 'deployment' }))
        .execute();
      await audit(trx, actor, at, change);
    });
  }

  /** The programme settings rows with their origin. */
  async programSettings(): Promise<Array<{ fromYear: number; key: string; value: unknown; note: string | null; origin: string }>> {
    const rows = await this.db.selectFrom('program_settings').select(['from_year', 'key', 'value', 'note', 'origin']).orderBy('from_year').orderBy('key').execute();
    return rows.map((r) => ({ fromYear: r.from_year, key: r.key, value: JSON.parse(r.value), note: r.note, origin: r.origin }));
  }

  /** Replaces the deployment's override of a reference document. */
  async setDocumentOverride(name: string, content: unknown, change: ConfigChange, actor: AuditActor, at: string): Promise<void> {
    const text = JSON.stringify(content);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('reference_documents')
        .values({ name: overrideName(name), content: text, origin: 'deployment', updated_at: at })
        .onConflict((oc) => oc.column('name').doUpdateSet({ content: text, updated_at: at }))
        .execute();
      await audit(trx, actor, at, change);
    });
  }

  /** Changes to the configuration, newest first (optionally of one rule). */
  async history(opts: { rule?: string; limit: number; offset: number }): Promise<{ items: ConfigHistoryEntry[]; total: number }> {
    let base = this.db.selectFrom('audit_log').where('action', '=', CONFIG_ACTION);
    if (opts.rule) base = base.where('entity', '=', opts.rule);
    const [rows, count] = await Promise.all([
      base
        .select(['seq', 'at', 'actor_username', 'actor_role', 'entity', 'record_id', 'before_data', 'after_data'])
        .orderBy('seq', 'desc')
        .limit(opts.limit)
        .offset(opts.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(count.n),
      items: rows.map((r) => {
        const before = parse(r.before_data) as { value?: unknown } | null;
        const after = parse(r.after_data) as { value?: unknown; reason?: string } | null;
        return {
          seq: Number(r.seq),
          at: r.at,
          actor: r.actor_username,
          actorRole: r.actor_role,
          rule: r.entity,
          item: r.record_id,
          before: before?.value ?? null,
          after: after?.value ?? null,
          reason: after?.reason ?? null,
        };
      }),
    };
  }
}
