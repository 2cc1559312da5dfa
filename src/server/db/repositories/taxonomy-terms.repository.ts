/**
 * The terms a deployment adds to a shipped taxonomy (`taxonomy_terms`): listed with inactive ones, added,
 * relabelled and (de)activated by an admin. Every change is audited in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { DB, Flag } from '../schema';
import { type AuditActor, appendAudit } from './audit.repository';

export interface TaxonomyTerm {
  taxonomy: string;
  code: string;
  labelId: string;
  labelEn: string;
  active: boolean;
  createdAt: string;
}

export interface TermPatch {
  labelId?: string;
  labelEn?: string;
  active?: boolean;
}

const COLUMNS = ['taxonomy', 'code', 'label_id', 'label_en', 'active', 'created_at'] as const;

function toTerm(r: { taxonomy: string; code: string; label_id: string; label_en: string; active: number; created_at: string }): TaxonomyTerm {
  return { taxonomy: r.taxonomy, code: r.code, labelId: r.label_id, labelEn: r.label_en, active: Number(r.active) === 1, createdAt: r.created_at };
}

const recordId = (taxonomy: string, code: string) => `${taxonomy}:${code}`;

export class TaxonomyTermsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A taxonomy's added terms, active or not, by code. */
  async list(taxonomy: string): Promise<TaxonomyTerm[]> {
    const rows = await this.db.selectFrom('taxonomy_terms').select(COLUMNS).where('taxonomy', '=', taxonomy).orderBy('code').execute();
    return rows.map(toTerm);
  }

  async get(taxonomy: string, code: string): Promise<TaxonomyTerm | undefined> {
    const r = await this.db.selectFrom('taxonomy_terms').select(COLUMNS).where('taxonomy', '=', taxonomy).where('code', '=', code).executeTakeFirst();
    return r && toTerm(r);
  }

  /** Adds a term; undefined (nothing written) when the code is already taken in this taxonomy. */
  async add(term: { taxonomy: string; code: string; labelId: string; labelEn: string }, actor: AuditActor, at: string): Promise<TaxonomyTerm | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('taxonomy_terms')
        .values({ taxonomy: term.taxonomy, code: term.code, label_id: term.labelId, label_en: term.labelEn, group_code: null, active: 1, created_at: at, created_by: actor.id })
        .onConflict((oc) => oc.columns(['taxonomy', 'code']).doNothing())
        .returning('code')
        .execute();
      if (inserted.length === 0) return undefined;
      await appendAudit(trx, actor, at, [
        { action: 'taxonomy.add', entity: 'taxonomy_term', recordId: recordId(term.taxonomy, term.code), after: { taxonomy: term.taxonomy, code: term.code, labelId: term.labelId, labelEn: term.labelEn } },
      ]);
      return { ...term, active: true, createdAt: at };
    });
  }

  /** Changes an added term's labels or active flag; undefined when there is no such term. */
  async update(taxonomy: string, code: string, patch: TermPatch, actor: AuditActor, at: string): Promise<TaxonomyTerm | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('taxonomy_terms').select(COLUMNS).where('taxonomy', '=', taxonomy).where('code', '=', code).executeTakeFirst();
      if (!row) return undefined;
      const was = toTerm(row);
      const set: { label_id?: string; label_en?: string; active?: Flag } = {};
      const before: TermPatch = {};
      const after: TermPatch = {};
      if (patch.labelId !== undefined && patch.labelId !== was.labelId) {
        set.label_id = patch.labelId;
        before.labelId = was.labelId;
        after.labelId = patch.labelId;
      }
      if (patch.labelEn !== undefined && patch.labelEn !== was.labelEn) {
        set.label_en = patch.labelEn;
        before.labelEn = was.labelEn;
        after.labelEn = patch.labelEn;
      }
      if (patch.active !== undefined && patch.active !== was.active) {
        set.active = patch.active ? 1 : 0;
        before.active = was.active;
        after.active = patch.active;
      }
      if (Object.keys(set).length === 0) return was;
      await trx.updateTable('taxonomy_terms').set(set).where('taxonomy', '=', taxonomy).where('code', '=', code).execute();
      await appendAudit(trx, actor, at, [{ action: 'taxonomy.update', entity: 'taxonomy_term', recordId: recordId(taxonomy, code), before, after }]);
      return { ...was, ...after };
    });
  }
}
