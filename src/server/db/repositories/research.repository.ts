/**
 * The research module (issue 9): the codebook, documents (uploaded transcripts and Titian's own notes),
 * coded segments, categories and their relations, the core category, memos, and the counts the study view
 * and the tables are made of. The only SQL of the module.
 *
 * Scope: a document carries the region codes it lies in (province .. kelurahan, null below what is known); a
 * coordinator or researcher sees the documents whose column at the depth of their region code equals it,
 * admin all (`documentScope`). Categories, relations, the core and memos belong to a team: the region code of
 * the user who made them ('*' for admin), see docs/research.md.
 */
import { maskIdentifiersIn } from '../../../domain/evidence/pseudonymise';
import { type ExpressionBuilder, type ExpressionWrapper, type Kysely, type SqlBool, sql } from 'kysely';
import type { Engine } from '../database';
import type { DB, ResearchDocumentTable } from '../schema';
import { familyScope, groupScope, regionColumn, regionDepth, type Scope } from '../scope';
import { type AuditActor, type AuditDraft, appendAudit } from './audit.repository';

const DOC_COLUMN = {
  1: 'research_documents.province_code',
  2: 'research_documents.kab_kota_code',
  3: 'research_documents.kecamatan_code',
  4: 'research_documents.kelurahan_code',
} as const;

/** The columns a document and a collected copy are both read with (what it is, its text, family, date, region). */
const DOCUMENT_COLUMNS = ['id', 'title', 'source', 'source_ref', 'text', 'family_id', 'note_date', 'province_code', 'kab_kota_code', 'kecamatan_code', 'kelurahan_code'] as const;

/** The predicate on research_documents for a scope (pendamping and auditor never reach the module). */
export function documentScope(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'research_documents'>): ExpressionWrapper<DB, 'research_documents', SqlBool> => {
    if (scope.role === 'admin') return eb(sql.lit(1), '=', sql.lit(1));
    const column = scope.regionCode ? DOC_COLUMN[regionDepth(scope.regionCode) as 1 | 2 | 3 | 4] : undefined;
    if (!column || scope.role === 'pendamping' || scope.role === 'auditor') return eb(sql.lit(1), '=', sql.lit(0));
    return eb(column, '=', scope.regionCode!);
  };
}

/** A region filter on documents (the region already checked to lie within scope). */
function documentRegion(code: string) {
  return (eb: ExpressionBuilder<DB, 'research_documents'>) => eb(DOC_COLUMN[regionDepth(code) as 1 | 2 | 3 | 4], '=', code);
}

export const teamOf = (scope: Scope) => scope.regionCode ?? '*';

export interface CodeRow {
  id: string;
  code: string;
  label_id: string;
  label_en: string;
  description: string | null;
  kind: string;
  group_code: string | null;
  source: string | null;
  seeded: number;
}

export interface DocumentRow {
  id: string;
  title: string;
  source: string;
  source_ref: string | null;
  text: string;
  text_pseudonymised: string;
  pseudonym_map: string;
  family_id: string | null;
  note_date: string | null;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  kab_kota_code: string | null;
  province_code: string | null;
  created_at: string;
}

export interface SegmentRow {
  id: string;
  document_id: string;
  start_pos: number;
  end_pos: number;
  text: string;
  text_pseudonymised: string;
  code_id: string;
  coder_id: string;
  coder: string;
  /** The coder's role: how the coder is named to a peneliti depends on it (the service's `personAs`). */
  coder_role: string;
  created_at: string;
}

export type NewDocument = Omit<ResearchDocumentTable, 'updated_at' | 'updated_by'>;

/** The change-log entities that can change the names of a region's persons (`nameChangesSince`). */
export const NAME_ENTITIES = ['family', 'person', 'family_member'];

/** A change-log row that may change the names of a region (`nameChangesSince`). */
export interface NameChange {
  seq: number;
  entity: string;
  recordId: string;
  kabKotaCode: string | null;
}

/** A note Titian holds, not yet collected, with the families it may name. */
export interface NoteCandidate {
  source: 'activity_note' | 'p2k2_note' | 'case_note';
  sourceRef: string;
  /** A title from the record's own words; `named` carries the codes a service names from reference data. */
  title: string;
  named?: { activityType: string } | { p2k2Module: string; p2k2Session: string };
  text: string;
  date: string;
  familyId: string | null;
  groupId: string | null;
  provinceCode: string | null;
  kabKotaCode: string | null;
  kecamatanCode: string | null;
  kelurahanCode: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a collected copy's reference names a note Titian can look up (`case_note`: `goal:` or `referral:` + id). */
export function noteRefValid(source: string, ref: string): boolean {
  if (source === 'activity_note' || source === 'p2k2_note') return UUID.test(ref);
  if (source === 'case_note') return /^(goal|referral):/.test(ref) && UUID.test(ref.slice(ref.indexOf(':') + 1));
  return false;
}

/** A collected copy of a note, as read to check it against its note. */
export interface CollectedCopy {
  id: string;
  title: string;
  source: 'activity_note' | 'p2k2_note' | 'case_note';
  source_ref: string;
  text: string;
  note_date: string | null;
  family_id: string | null;
  province_code: string | null;
  kab_kota_code: string | null;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  updated_at: string;
}

export interface CopyRefreshPlan {
  refreshed: Array<{
    id: string;
    /** The text the plan was made from: a copy whose text changed since is left for the next refresh. */
    readText: string;
    set: Pick<ResearchDocumentTable, 'title' | 'text' | 'text_pseudonymised' | 'pseudonym_map' | 'family_id' | 'note_date' | 'province_code' | 'kab_kota_code' | 'kecamatan_code' | 'kelurahan_code'>;
    before: { chars: number; noteDate: string | null; familyId: string | null };
    segmentsMoved: Array<{ id: string; start: number; end: number; textPseudonymised: string }>;
    segmentsDropped: string[];
  }>;
  withdrawn: Array<{ id: string; source: string; chars: number; segments: number; familyId: string | null; regionCode: string | null }>;
}

const num = (v: unknown) => Number(v ?? 0);

/** Free text of the codebook bound for the audit trail: NIK-like runs masked (the trail never holds one). */
function textFields<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? maskIdentifiersIn(v) : v])) as T;
}

export class ResearchRepository {
  constructor(
    readonly db: Kysely<DB>,
    readonly engine: Engine,
  ) {}

  // ---- codebook ------------------------------------------------------------------------------------

  async codes(): Promise<CodeRow[]> {
    const rows = await this.db
      .selectFrom('research_codes')
      .select(['id', 'code', 'label_id', 'label_en', 'description', 'kind', 'group_code', 'source', 'seeded'])
      .orderBy('position')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, seeded: num(r.seeded) }));
  }

  /**
   * Adds to the codebook the supporting factors and obstacles a deployment added to its taxonomies
   * (`taxonomy_terms`) since, so activities tagged with them are counted too. Returns how many were added.
   */
  async syncTaxonomyTerms(newId: () => string, at: string): Promise<number> {
    const missing = await this.db
      .selectFrom('taxonomy_terms')
      .where('taxonomy', 'in', ['supporting_factors', 'obstacles'])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('research_codes').select('research_codes.id').whereRef('research_codes.code', '=', 'taxonomy_terms.code'))))
      .select(['taxonomy', 'code', 'label_id', 'label_en'])
      .orderBy('created_at')
      .execute();
    if (missing.length === 0) return 0;
    const max = await this.db.selectFrom('research_codes').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
    let position = num(max?.p);
    await this.db
      .insertInto('research_codes')
      .values(
        missing.map((m) => ({
          id: newId(),
          code: m.code,
          label_id: m.label_id,
          label_en: m.label_en,
          description: null,
          kind: m.taxonomy === 'obstacles' ? 'obstacle' : 'factor',
          group_code: null,
          source: null,
          seeded: 1 as const,
          position: ++position,
          created_by: null,
          created_at: at,
          updated_at: at,
          updated_by: null,
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    return missing.length;
  }

  async codeExists(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.selectFrom('research_codes').select('id').where('id', 'in', [...ids]).execute();
    return new Set(rows.map((r) => r.id));
  }

  async codeTaken(code: string): Promise<boolean> {
    return !!(await this.db.selectFrom('research_codes').select('id').where('code', '=', code).executeTakeFirst());
  }

  /**
   * Adds an open code; false (nothing written) when its `code` is taken, by a writer who took it a moment
   * before too: the insert does nothing on a taken code instead of failing on the key (on PostgreSQL it waits
   * for that writer's commit), so the caller can try the next code.
   */
  async insertCode(row: { id: string; code: string; label_id: string; label_en: string; description: string | null }, actor: AuditActor, at: string, regionCode: string | null): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const max = await trx.selectFrom('research_codes').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
      const inserted = await trx
        .insertInto('research_codes')
        .values({ ...row, kind: 'open', group_code: null, source: null, seeded: 0, position: num(max?.p) + 1, created_by: actor.id, created_at: at, updated_at: at, updated_by: actor.id })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return false;
      await appendAudit(trx, actor, at, [{ action: 'research.code_create', entity: 'research_codes', recordId: row.id, regionCode, after: textFields({ code: row.code, label: row.label_id }) }]);
      return true;
    });
  }

  async updateCode(id: string, set: { label_id?: string; label_en?: string; description?: string | null }, actor: AuditActor, at: string, regionCode: string | null): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('research_codes').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) return false;
      await trx.updateTable('research_codes').set({ ...set, updated_at: at, updated_by: actor.id }).where('id', '=', id).execute();
      const prior = Object.fromEntries(Object.keys(set).map((k) => [k, (before as Record<string, unknown>)[k]]));
      await appendAudit(trx, actor, at, [{ action: 'research.code_change', entity: 'research_codes', recordId: id, regionCode, before: textFields(prior), after: textFields(set) }]);
      return true;
    });
  }

  // ---- documents -----------------------------------------------------------------------------------

  /**
   * Documents in scope, interview transcripts first (what a study is made of; collected notes run to the
   * hundreds), then newest first (a page of them when `limit` is given), with segment counts and coders (each
   * with their role, read in the same query).
   */
  async listDocuments(scope: Scope, source?: string, page: { limit?: number; offset?: number } = {}) {
    const base = this.db
      .selectFrom('research_documents')
      .where(documentScope(scope))
      .$if(!!source, (q) => q.where('research_documents.source', '=', source!));
    const docs = await base
      .select(['research_documents.id', 'research_documents.title', 'research_documents.source', 'research_documents.created_at', 'research_documents.note_date', 'research_documents.pseudonym_map'])
      .orderBy(sql`case when research_documents.source = 'transcript' then 0 else 1 end`)
      .orderBy('research_documents.created_at', 'desc')
      .orderBy('research_documents.id', 'desc')
      .$if(page.limit !== undefined, (q) => q.limit(page.limit!).offset(page.offset ?? 0))
      .execute();
    const total = page.limit === undefined ? docs.length : num((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
    const coded = docs.length
      ? await this.db
          .selectFrom('research_segments')
          .innerJoin('users', 'users.id', 'research_segments.coder_id')
          .where(
            'research_segments.document_id',
            'in',
            docs.map((d) => d.id),
          )
          .select(['research_segments.document_id', 'users.username', 'users.role', (eb) => eb.fn.countAll().as('n')])
          .groupBy(['research_segments.document_id', 'users.username', 'users.role'])
          .execute()
      : [];
    const byDoc = new Map<string, Array<{ username: string; role: string; n: number }>>();
    for (const c of coded) byDoc.set(c.document_id, [...(byDoc.get(c.document_id) ?? []), { username: c.username, role: c.role, n: num(c.n) }]);
    const items = docs.map((d) => {
      const coders = byDoc.get(d.id) ?? [];
      return { ...d, segmentCount: coders.reduce((s, c) => s + c.n, 0), coders: coders.map((c) => ({ username: c.username, role: c.role })) };
    });
    return { items, total };
  }

  async document(scope: Scope, id: string): Promise<DocumentRow | undefined> {
    return this.db
      .selectFrom('research_documents')
      .where(documentScope(scope))
      .where('research_documents.id', '=', id)
      .select([...DOCUMENT_COLUMNS, 'text_pseudonymised', 'pseudonym_map', 'created_at'])
      .executeTakeFirst();
  }

  async insertDocument(row: NewDocument, actor: AuditActor, action: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('research_documents').values({ ...row, updated_at: row.created_at, updated_by: actor.id }).execute();
      await appendAudit(trx, actor, row.created_at, [
        { action, entity: 'research_documents', recordId: row.id, familyId: row.family_id, regionCode: row.kelurahan_code ?? row.kecamatan_code ?? row.kab_kota_code ?? row.province_code, after: { ...textFields({ title: row.title }), source: row.source, chars: row.text.length } },
      ]);
    });
  }

  /** Inserts collected notes, skipping those already there (source, source_ref); returns how many were added. */
  async insertCollected(rows: NewDocument[], actor: AuditActor, at: string, summary: AuditDraft): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      let added = 0;
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200).map((r) => ({ ...r, updated_at: r.created_at, updated_by: actor.id }));
        const inserted = await trx
          .insertInto('research_documents')
          .values(chunk)
          .onConflict((oc) => oc.columns(['source', 'source_ref']).doNothing())
          .returning('id')
          .execute();
        added += inserted.length;
      }
      await appendAudit(trx, actor, at, [{ ...summary, after: { ...(summary.after as object), added } }]);
      return added;
    });
  }

  /** Collected copies of notes (not uploads): in scope after `afterId` in id order, or those of the sources named. */
  async collectedCopies(
    which: { scope: Scope; region?: string; afterId?: string; limit: number } | { refs: ReadonlyArray<{ source: string; ref: string }> },
  ): Promise<CollectedCopy[]> {
    const base = () =>
      this.db
        .selectFrom('research_documents')
        .select([...DOCUMENT_COLUMNS, 'updated_at'])
        .where('source_ref', 'is not', null);
    if ('refs' in which) {
      const out: CollectedCopy[] = [];
      for (const source of new Set(which.refs.map((r) => r.source))) {
        const refs = which.refs.filter((r) => r.source === source).map((r) => r.ref);
        for (let i = 0; i < refs.length; i += 500) {
          out.push(...((await base().where('source', '=', source).where('source_ref', 'in', refs.slice(i, i + 500)).execute()) as CollectedCopy[]));
        }
      }
      return out;
    }
    return (await base()
      .where(documentScope(which.scope))
      .where('source', 'in', ['activity_note', 'p2k2_note', 'case_note'])
      .$if(!!which.region, (q) => q.where(documentRegion(which.region!)))
      .$if(!!which.afterId, (q) => q.where('id', '>', which.afterId!))
      .orderBy('id')
      .limit(which.limit)
      .execute()) as CollectedCopy[];
  }

  /** The coded segments of these documents (offsets and the passage they code). */
  async segmentsOfDocuments(documentIds: readonly string[]) {
    const out: Array<{ id: string; document_id: string; start_pos: number; end_pos: number; text: string }> = [];
    for (let i = 0; i < documentIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('research_segments')
        .select(['id', 'document_id', 'start_pos', 'end_pos', 'text'])
        .where('document_id', 'in', documentIds.slice(i, i + 500))
        .execute();
      out.push(...rows.map((r) => ({ ...r, start_pos: num(r.start_pos), end_pos: num(r.end_pos) })));
    }
    return out;
  }

  /**
   * Applies a refresh of collected copies in one transaction: copies whose note changed take the new text
   * (their segments moved or dropped), copies whose note is gone are withdrawn with their segments (memos
   * that pointed at them keep their text and lose the link). A copy whose text changed since it was read is
   * left for the next refresh. Each copy changed is audited. Returns the ids actually written.
   */
  async applyCopyRefresh(plan: CopyRefreshPlan, actor: AuditActor, at: string): Promise<{ refreshed: string[]; withdrawn: string[] }> {
    return this.db.transaction().execute(async (trx) => {
      const done = { refreshed: [] as string[], withdrawn: [] as string[] };
      const audits: AuditDraft[] = [];
      for (const u of plan.refreshed) {
        const r = await trx
          .updateTable('research_documents')
          .set({ ...u.set, updated_at: at, updated_by: actor.id })
          .where('id', '=', u.id)
          .where('text', '=', u.readText)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) continue;
        done.refreshed.push(u.id);
        // A segment coded on the old text after the plan was made (not in it) cannot be placed when the text
        // changed: it goes too. With the same text it stays where it is.
        if (u.set.text !== u.readText) {
          const planned = new Set([...u.segmentsDropped, ...u.segmentsMoved.map((m) => m.id)]);
          const late = (await trx.selectFrom('research_segments').select('id').where('document_id', '=', u.id).execute()).map((x) => x.id).filter((id) => !planned.has(id));
          u.segmentsDropped.push(...late);
        }
        if (u.segmentsDropped.length > 0) await trx.deleteFrom('research_segments').where('id', 'in', u.segmentsDropped).execute();
        for (const m of u.segmentsMoved) {
          await trx.updateTable('research_segments').set({ start_pos: m.start, end_pos: m.end, text_pseudonymised: m.textPseudonymised }).where('id', '=', m.id).execute();
        }
        audits.push({
          action: 'research.copy_refresh',
          entity: 'research_documents',
          recordId: u.id,
          familyId: u.set.family_id,
          regionCode: u.set.kelurahan_code ?? u.set.kecamatan_code ?? u.set.kab_kota_code ?? u.set.province_code,
          before: u.before,
          after: { chars: u.set.text.length, noteDate: u.set.note_date, familyId: u.set.family_id, segmentsKept: u.segmentsMoved.length, segmentsDropped: u.segmentsDropped.length },
        });
      }
      const gone = plan.withdrawn.map((w) => w.id);
      for (let i = 0; i < gone.length; i += 500) {
        const part = gone.slice(i, i + 500);
        await trx.updateTable('research_memos').set({ document_id: null }).where('document_id', 'in', part).execute();
        await trx.deleteFrom('research_segments').where('document_id', 'in', part).execute();
        const deleted = await trx.deleteFrom('research_documents').where('id', 'in', part).returning('id').execute();
        done.withdrawn.push(...deleted.map((d) => d.id));
      }
      const withdrawn = new Set(done.withdrawn);
      for (const w of plan.withdrawn) {
        if (!withdrawn.has(w.id)) continue;
        audits.push({ action: 'research.copy_withdraw', entity: 'research_documents', recordId: w.id, familyId: w.familyId, regionCode: w.regionCode, before: { source: w.source, chars: w.chars, segments: w.segments } });
      }
      if (audits.length > 0) await appendAudit(trx, actor, at, audits);
      return done;
    });
  }

  async countDocuments(scope: Scope, opts: { region?: string; from?: string; to?: string; sources?: readonly string[] } = {}): Promise<number> {
    const r = await this.db
      .selectFrom('research_documents')
      .where(documentScope(scope))
      .$if(!!opts.region, (q) => q.where(documentRegion(opts.region!)))
      .$if(!!opts.sources, (q) => q.where('research_documents.source', 'in', [...opts.sources!]))
      .$if(!!opts.from, (q) => q.where(sql<string>`coalesce(research_documents.note_date, substr(research_documents.created_at, 1, 10))`, '>=', opts.from!))
      .$if(!!opts.to, (q) => q.where(sql<string>`coalesce(research_documents.note_date, substr(research_documents.created_at, 1, 10))`, '<=', opts.to!))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return num(r?.n);
  }

  /**
   * Notes in scope not collected yet (activities' notes, P2K2 session narratives, case goals' descriptions
   * and referrals' notes), in the region and period given, oldest first.
   */
  async notesToCollect(scope: Scope, opts: { region?: string; from?: string; to?: string; limit: number }): Promise<NoteCandidate[]> {
    return this.notes(scope, opts);
  }

  /**
   * The notes these copies were made from, as they stand now (any scope: the copies were checked when read).
   * A note deleted, emptied, or of a family since deleted is absent. Keyed `source|source_ref`.
   */
  async currentNotes(refs: ReadonlyArray<{ source: string; ref: string }>): Promise<Map<string, NoteCandidate>> {
    const out = new Map<string, NoteCandidate>();
    const ids = (source: string, prefix = '') =>
      refs.flatMap((r) => (r.source === source && r.ref.startsWith(prefix) && noteRefValid(r.source, r.ref) ? [r.ref.slice(prefix.length)] : []));
    const all = { activity: ids('activity_note'), session: ids('p2k2_note'), goal: ids('case_note', 'goal:'), referral: ids('case_note', 'referral:') };
    const size = 500;
    const longest = Math.max(all.activity.length, all.session.length, all.goal.length, all.referral.length);
    for (let i = 0; i < longest; i += size) {
      const only = { activity: all.activity.slice(i, i + size), session: all.session.slice(i, i + size), goal: all.goal.slice(i, i + size), referral: all.referral.slice(i, i + size) };
      for (const n of await this.notes(null, { limit: size, only })) out.set(`${n.source}|${n.sourceRef}`, n);
    }
    return out;
  }

  /** Notes in scope not collected yet (`scope`), or the notes of the ids named whatever their scope (`only`). */
  private async notes(
    scope: Scope | null,
    opts: { region?: string; from?: string; to?: string; limit: number; only?: { activity: string[]; session: string[]; goal: string[]; referral: string[] } },
  ): Promise<NoteCandidate[]> {
    const only = opts.only;
    const inRegion = <T extends { where: (...a: any[]) => T }>(q: T, table: 'families' | 'family_groups'): T => {
      if (!opts.region) return q;
      const column = table === 'families' ? regionColumn(opts.region) : regionColumn(opts.region).replace('families.', 'family_groups.');
      return q.where(column as never, '=', opts.region as never);
    };
    const period = <T extends { where: (...a: any[]) => T }>(q: T, column: string): T => {
      let out = q;
      if (opts.from) out = out.where(column as never, '>=', opts.from as never);
      if (opts.to) out = out.where(column as never, '<=', opts.to as never);
      return out;
    };
    const notCollected = (source: string, ref: unknown) => (eb: ExpressionBuilder<any, any>) =>
      eb.not(eb.exists(eb.selectFrom('research_documents as rd').select('rd.id').where('rd.source', '=', source).where('rd.source_ref', '=', ref as never)));
    const pg = this.engine === 'postgres';
    const idText = (col: string) => (pg ? sql<string>`${sql.ref(col)}::text` : sql<string>`${sql.ref(col)}`);

    const regionCols = ['families.province_code', 'families.kab_kota_code', 'families.kecamatan_code', 'families.kelurahan_code'] as const;
    // Collecting: in scope and not collected yet. Checking copies: the ids named, nothing else.
    const pick = <T extends { where: (...a: any[]) => T }>(q: T, scoped: (s: Scope) => unknown, source: string, ref: unknown, idColumn: string, named: string[] | undefined): T =>
      only ? q.where(idColumn as never, 'in', named as never) : q.where(scoped(scope!) as never).where(notCollected(source, ref) as never);
    const wanted = (named: string[] | undefined) => !only || (named?.length ?? 0) > 0;

    let acts = this.db
      .selectFrom('activities')
      .innerJoin('families', 'families.id', 'activities.family_id')
      .where('families.deleted_at', 'is', null)
      .where('activities.deleted_at', 'is', null)
      .where('activities.notes', 'is not', null)
      .where('activities.notes', '<>', '')
      .select(['activities.id', 'activities.type', 'activities.date', 'activities.notes', 'activities.family_id', ...regionCols]);
    acts = period(inRegion(pick(acts, familyScope, 'activity_note', idText('activities.id'), 'activities.id', only?.activity), 'families'), 'activities.date');
    const activityRows = wanted(only?.activity) ? await acts.orderBy('activities.date').orderBy('activities.id').limit(opts.limit).execute() : [];

    let sessions = this.db
      .selectFrom('p2k2_sessions')
      .innerJoin('family_groups', 'family_groups.id', 'p2k2_sessions.group_id')
      .where('family_groups.deleted_at', 'is', null)
      .where('p2k2_sessions.deleted_at', 'is', null)
      .where('p2k2_sessions.narrative', 'is not', null)
      .where('p2k2_sessions.narrative', '<>', '')
      .select([
        'p2k2_sessions.id',
        'p2k2_sessions.module_code',
        'p2k2_sessions.session_code',
        'p2k2_sessions.date',
        'p2k2_sessions.narrative',
        'p2k2_sessions.group_id',
        'family_groups.province_code',
        'family_groups.kab_kota_code',
        'family_groups.kecamatan_code',
        'family_groups.kelurahan_code',
      ]);
    sessions = period(inRegion(pick(sessions, groupScope, 'p2k2_note', idText('p2k2_sessions.id'), 'p2k2_sessions.id', only?.session), 'family_groups'), 'p2k2_sessions.date');
    const sessionRows = wanted(only?.session) ? await sessions.orderBy('p2k2_sessions.date').orderBy('p2k2_sessions.id').limit(opts.limit).execute() : [];

    let goals = this.db
      .selectFrom('case_goals')
      .innerJoin('families', 'families.id', 'case_goals.family_id')
      .where('families.deleted_at', 'is', null)
      .where('case_goals.deleted_at', 'is', null)
      .where('case_goals.description', 'is not', null)
      .where('case_goals.description', '<>', '')
      .select(['case_goals.id', 'case_goals.title', 'case_goals.description', 'case_goals.family_id', sql<string>`substr(case_goals.created_at, 1, 10)`.as('date'), ...regionCols]);
    goals = period(inRegion(pick(goals, familyScope, 'case_note', sql`${'goal:'} || ${idText('case_goals.id')}`, 'case_goals.id', only?.goal), 'families'), sql`substr(case_goals.created_at, 1, 10)` as never);
    const goalRows = wanted(only?.goal) ? await goals.orderBy('case_goals.created_at').limit(opts.limit).execute() : [];

    let referrals = this.db
      .selectFrom('referrals')
      .innerJoin('families', 'families.id', 'referrals.family_id')
      .where('families.deleted_at', 'is', null)
      .where('referrals.deleted_at', 'is', null)
      .where('referrals.notes', 'is not', null)
      .where('referrals.notes', '<>', '')
      .select(['referrals.id', 'referrals.program', 'referrals.notes', 'referrals.referred_on', 'referrals.family_id', ...regionCols]);
    referrals = period(inRegion(pick(referrals, familyScope, 'case_note', sql`${'referral:'} || ${idText('referrals.id')}`, 'referrals.id', only?.referral), 'families'), 'referrals.referred_on');
    const referralRows = wanted(only?.referral) ? await referrals.orderBy('referrals.referred_on').limit(opts.limit).execute() : [];

    const region = (r: { province_code: string; kab_kota_code: string; kecamatan_code: string; kelurahan_code: string }) => ({
      provinceCode: r.province_code,
      kabKotaCode: r.kab_kota_code,
      kecamatanCode: r.kecamatan_code,
      kelurahanCode: r.kelurahan_code,
    });
    return [
      ...activityRows.map((a) => ({ source: 'activity_note' as const, sourceRef: a.id, title: `${a.type} · ${a.date}`, named: { activityType: a.type }, text: a.notes!, date: a.date, familyId: a.family_id, groupId: null, ...region(a) })),
      ...sessionRows.map((s) => ({ source: 'p2k2_note' as const, sourceRef: s.id, title: `P2K2 ${s.module_code} ${s.session_code} · ${s.date}`, named: { p2k2Module: s.module_code, p2k2Session: String(s.session_code) }, text: s.narrative!, date: s.date, familyId: null, groupId: s.group_id, ...region(s) })),
      ...goalRows.map((g) => ({ source: 'case_note' as const, sourceRef: `goal:${g.id}`, title: `${g.title} · ${g.date}`, text: g.description!, date: g.date, familyId: g.family_id, groupId: null, ...region(g) })),
      ...referralRows.map((r) => ({ source: 'case_note' as const, sourceRef: `referral:${r.id}`, title: `${r.program} · ${r.referred_on}`, text: r.notes!, date: r.referred_on, familyId: r.family_id, groupId: null, ...region(r) })),
    ];
  }

  /** The names of every person who was ever a member of these families (one query per 500 families). */
  async namesOfFamilies(familyIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const ids = [...new Set(familyIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('family_members')
        .innerJoin('persons', 'persons.id', 'family_members.person_id')
        .where('family_members.family_id', 'in', ids.slice(i, i + 500))
        .select(['family_members.family_id', 'persons.name'])
        .execute();
      for (const r of rows) out.set(r.family_id, [...(out.get(r.family_id) ?? []), r.name]);
    }
    return out;
  }

  /** The families that ever belonged to these groups. */
  async familiesOfGroups(groupIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const ids = [...new Set(groupIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('family_group_members').where('group_id', 'in', ids.slice(i, i + 500)).select(['group_id', 'family_id']).execute();
      for (const r of rows) out.set(r.group_id, [...(out.get(r.group_id) ?? []), r.family_id]);
    }
    return out;
  }

  /** Every person's name in a region's families (null: none), and the names of the users of that region. */
  async namesInRegion(code: string | null): Promise<string[]> {
    if (!code) return [];
    const persons = await this.db
      .selectFrom('persons')
      .innerJoin('family_members', 'family_members.person_id', 'persons.id')
      .innerJoin('families', 'families.id', 'family_members.family_id')
      .where(regionColumn(code), '=', code)
      .select('persons.name')
      .distinct()
      .execute();
    return [...persons.map((p) => p.name), ...(await this.userNames(code))];
  }

  /**
   * The change-log rows after `after` up to `upTo` (both sequence numbers) that can change the names of a
   * region's persons (`namesInRegion`): families (a family's `create` stands for its persons and memberships,
   * an update may move it), persons and memberships. At most `limit` rows; null when there are more (the
   * caller then reads the names again rather than look at them one by one). A range scan of the log's key.
   */
  async nameChangesSince(after: number, upTo: number, limit: number): Promise<NameChange[] | null> {
    if (upTo <= after) return [];
    const rows = await this.db
      .selectFrom('change_log')
      .where('seq', '>', after)
      .where('seq', '<=', upTo)
      .where('entity', 'in', NAME_ENTITIES)
      .select(['seq', 'entity', 'record_id', 'kab_kota_code'])
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
    if (rows.length > limit) return null;
    return rows.map((r) => ({ seq: Number(r.seq), entity: r.entity, recordId: r.record_id, kabKotaCode: r.kab_kota_code }));
  }

  /** Whether any of these persons is (or was) a member of a family of the region: their name is one of its names. */
  async anyPersonInRegion(personIds: readonly string[], code: string): Promise<boolean> {
    const ids = [...new Set(personIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const hit = await this.db
        .selectFrom('family_members')
        .innerJoin('families', 'families.id', 'family_members.family_id')
        .where('family_members.person_id', 'in', ids.slice(i, i + 500))
        .where(regionColumn(code), '=', code)
        .select('family_members.id')
        .limit(1)
        .executeTakeFirst();
      if (hit) return true;
    }
    return false;
  }

  /**
   * A number that moves whenever a user's username or display name may have changed: the sequence number of
   * the latest `user.create` / `user.update` entry of the audit trail (both written in the transaction of the
   * change; the trail's appends are serialised by its head row, so they commit in their order). Two lookups
   * of the (action, seq) index.
   */
  async staffChangeMark(): Promise<number> {
    const latest = (action: string) => this.db.selectFrom('audit_log').where('action', '=', action).select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const [created, updated] = await Promise.all([latest('user.create'), latest('user.update')]);
    return Math.max(Number(created?.seq ?? 0), Number(updated?.seq ?? 0));
  }

  /** Display names of the users working in or under a region (pendamping, coordinators). */
  async userNames(code: string | null): Promise<string[]> {
    const rows = await this.db
      .selectFrom('users')
      .$if(!!code, (q) => q.where((eb) => eb.or([eb('region_code', '=', code!), eb('region_code', 'like', `${code}.%`)])))
      .where('role', '<>', 'admin')
      .select('display_name')
      .execute();
    return rows.map((r) => r.display_name.replace(/\(.*\)/, '').trim());
  }

  // ---- segments ------------------------------------------------------------------------------------

  async segments(documentId: string): Promise<SegmentRow[]> {
    const rows = await this.db
      .selectFrom('research_segments')
      .innerJoin('users', 'users.id', 'research_segments.coder_id')
      .where('research_segments.document_id', '=', documentId)
      .select([
        'research_segments.id',
        'research_segments.document_id',
        'research_segments.start_pos',
        'research_segments.end_pos',
        'research_segments.text',
        'research_segments.text_pseudonymised',
        'research_segments.code_id',
        'research_segments.coder_id',
        'users.username as coder',
        'users.role as coder_role',
        'research_segments.created_at',
      ])
      .orderBy('research_segments.start_pos')
      .orderBy('research_segments.end_pos')
      .orderBy('research_segments.id')
      .execute();
    return rows.map((r) => ({ ...r, start_pos: num(r.start_pos), end_pos: num(r.end_pos) }));
  }

  /** Adds a coded segment to the document whose texts were read as `read`; false if either changed since. */
  async insertSegment(row: DB['research_segments'], actor: AuditActor, regionCode: string | null, read: { text: string; text_pseudonymised: string }): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      // A no-op update takes the document's row lock (PostgreSQL), so a refresh of its text waits for this
      // insert, or this insert sees the refreshed text and refuses.
      const doc = await trx.updateTable('research_documents').set({ id: row.document_id }).where('id', '=', row.document_id).where('text', '=', read.text).where('text_pseudonymised', '=', read.text_pseudonymised).executeTakeFirst();
      if (Number(doc.numUpdatedRows) !== 1) return false;
      await trx.insertInto('research_segments').values(row).execute();
      await appendAudit(trx, actor, row.created_at, [
        { action: 'research.segment_create', entity: 'research_segments', recordId: row.id, regionCode, after: { documentId: row.document_id, start: row.start_pos, end: row.end_pos, codeId: row.code_id } },
      ]);
      return true;
    });
  }

  /** The segment (in a document in scope) with its coder, or undefined. */
  async segment(scope: Scope, id: string) {
    return this.db
      .selectFrom('research_segments')
      .innerJoin('research_documents', 'research_documents.id', 'research_segments.document_id')
      .where(documentScope(scope))
      .where('research_segments.id', '=', id)
      .select(['research_segments.id', 'research_segments.coder_id', 'research_segments.document_id', 'research_documents.kelurahan_code', 'research_documents.kecamatan_code', 'research_documents.kab_kota_code'])
      .executeTakeFirst();
  }

  async deleteSegment(id: string, actor: AuditActor, at: string, regionCode: string | null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('research_segments').where('id', '=', id).execute();
      await appendAudit(trx, actor, at, [{ action: 'research.segment_delete', entity: 'research_segments', recordId: id, regionCode }]);
    });
  }

  /** Segments in documents in scope, for codes (retrieval, examples, exports), with their documents' facts. */
  async codedSegments(scope: Scope, opts: { codeIds?: readonly string[]; region?: string; from?: string; to?: string } = {}) {
    if (opts.codeIds && opts.codeIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('research_segments')
      .innerJoin('research_documents', 'research_documents.id', 'research_segments.document_id')
      .innerJoin('users', 'users.id', 'research_segments.coder_id')
      .innerJoin('research_codes', 'research_codes.id', 'research_segments.code_id')
      .where(documentScope(scope))
      .$if(!!opts.codeIds, (q) => q.where('research_segments.code_id', 'in', [...opts.codeIds!]))
      .$if(!!opts.region, (q) => q.where(documentRegion(opts.region!)))
      .$if(!!opts.from, (q) => q.where(sql<string>`coalesce(research_documents.note_date, substr(research_documents.created_at, 1, 10))`, '>=', opts.from!))
      .$if(!!opts.to, (q) => q.where(sql<string>`coalesce(research_documents.note_date, substr(research_documents.created_at, 1, 10))`, '<=', opts.to!))
      .select([
        'research_segments.id',
        'research_segments.document_id',
        'research_segments.start_pos',
        'research_segments.end_pos',
        'research_segments.text',
        'research_segments.text_pseudonymised',
        'research_segments.code_id',
        'research_segments.created_at',
        'research_codes.code',
        'research_codes.label_id',
        'research_codes.label_en',
        'research_documents.title as document_title',
        'research_documents.source',
        'research_documents.pseudonym_map',
        'users.username as coder',
        'users.role as coder_role',
      ])
      .orderBy('research_documents.created_at')
      .orderBy('research_segments.document_id')
      .orderBy('research_segments.start_pos')
      .orderBy('research_segments.id')
      .execute();
    return rows.map((r) => ({ ...r, start_pos: num(r.start_pos), end_pos: num(r.end_pos) }));
  }

  /** Segments and documents per code, over documents in scope (codes with at least one segment). */
  async frequencies(scope: Scope) {
    const rows = await this.db
      .selectFrom('research_segments')
      .innerJoin('research_documents', 'research_documents.id', 'research_segments.document_id')
      .where(documentScope(scope))
      .select(['research_segments.code_id', (eb) => eb.fn.countAll().as('segments'), (eb) => eb.fn.count('research_segments.document_id').distinct().as('documents')])
      .groupBy('research_segments.code_id')
      .execute();
    return rows.map((r) => ({ codeId: r.code_id, segments: num(r.segments), documents: num(r.documents) }));
  }

  /** Pairs of segments of two different codes that overlap in a document in scope, counted per pair of codes. */
  async cooccurrence(scope: Scope) {
    const rows = await this.db
      .selectFrom('research_segments as a')
      .innerJoin('research_segments as b', (j) =>
        j
          .onRef('b.document_id', '=', 'a.document_id')
          .onRef('b.code_id', '<>', 'a.code_id')
          .onRef('a.start_pos', '<', 'b.end_pos')
          .onRef('b.start_pos', '<', 'a.end_pos'),
      )
      .innerJoin('research_documents', 'research_documents.id', 'a.document_id')
      .where(documentScope(scope))
      .select(['a.code_id as a', 'b.code_id as b', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['a.code_id', 'b.code_id'])
      .execute();
    return rows.map((r) => ({ a: r.a, b: r.b, n: num(r.n) }));
  }

  /** Users by username (for agreement): their id and role, in one query. */
  async usersByUsername(usernames: readonly string[]): Promise<Map<string, { id: string; role: string }>> {
    const names = [...new Set(usernames)];
    if (names.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'username', 'role']).where('username', 'in', names).execute();
    return new Map(rows.map((r) => [r.username, { id: r.id, role: r.role }]));
  }

  // ---- categories, relations, core -----------------------------------------------------------------

  async categories(team: string) {
    const cats = await this.db
      .selectFrom('research_categories')
      .where('team_region', '=', team)
      .select(['id', 'name', 'description', 'created_at'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const links = cats.length
      ? await this.db
          .selectFrom('research_category_codes')
          .innerJoin('research_codes', 'research_codes.id', 'research_category_codes.code_id')
          .where(
            'research_category_codes.category_id',
            'in',
            cats.map((c) => c.id),
          )
          .select(['research_category_codes.category_id', 'research_category_codes.code_id'])
          .orderBy('research_codes.position')
          .execute()
      : [];
    const core = await this.core(team);
    return cats.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      codeIds: links.filter((l) => l.category_id === c.id).map((l) => l.code_id),
      isCore: core?.category_id === c.id,
    }));
  }

  async category(team: string, id: string) {
    return this.db.selectFrom('research_categories').where('team_region', '=', team).where('id', '=', id).selectAll().executeTakeFirst();
  }

  async insertCategory(row: { id: string; team_region: string; name: string; description: string | null }, codeIds: readonly string[], actor: AuditActor, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('research_categories').values({ ...row, created_by: actor.id, created_at: at, updated_at: at, updated_by: actor.id }).execute();
      if (codeIds.length) await trx.insertInto('research_category_codes').values(codeIds.map((code_id) => ({ category_id: row.id, code_id }))).execute();
      await appendAudit(trx, actor, at, [{ action: 'research.category_create', entity: 'research_categories', recordId: row.id, regionCode: teamRegion(row.team_region), after: { ...textFields({ name: row.name }), codeIds } }]);
    });
  }

  async updateCategory(team: string, id: string, set: { name?: string; description?: string | null }, codeIds: readonly string[] | undefined, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('research_categories').selectAll().where('team_region', '=', team).where('id', '=', id).executeTakeFirst();
      if (!before) return false;
      await trx.updateTable('research_categories').set({ ...set, updated_at: at, updated_by: actor.id }).where('id', '=', id).execute();
      if (codeIds) {
        await trx.deleteFrom('research_category_codes').where('category_id', '=', id).execute();
        if (codeIds.length) await trx.insertInto('research_category_codes').values(codeIds.map((code_id) => ({ category_id: id, code_id }))).execute();
      }
      await appendAudit(trx, actor, at, [
        { action: 'research.category_change', entity: 'research_categories', recordId: id, regionCode: teamRegion(team), before: textFields({ name: before.name, description: before.description }), after: { ...textFields(set), codeIds } },
      ]);
      return true;
    });
  }

  async deleteCategory(team: string, id: string, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('research_categories').selectAll().where('team_region', '=', team).where('id', '=', id).executeTakeFirst();
      if (!before) return false;
      await trx.deleteFrom('research_category_codes').where('category_id', '=', id).execute();
      await trx
        .deleteFrom('research_relations')
        .where((eb) => eb.or([eb('from_category_id', '=', id), eb('to_category_id', '=', id)]))
        .execute();
      await trx.deleteFrom('research_core').where('team_region', '=', team).where('category_id', '=', id).execute();
      await trx.updateTable('research_memos').set({ category_id: null }).where('category_id', '=', id).execute();
      await trx.deleteFrom('research_categories').where('id', '=', id).execute();
      await appendAudit(trx, actor, at, [{ action: 'research.category_delete', entity: 'research_categories', recordId: id, regionCode: teamRegion(team), before: textFields({ name: before.name }) }]);
      return true;
    });
  }

  async relations(team: string) {
    return this.db
      .selectFrom('research_relations')
      .where('team_region', '=', team)
      .select(['id', 'from_category_id as fromCategoryId', 'to_category_id as toCategoryId', 'label'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async insertRelation(row: { id: string; team_region: string; from_category_id: string; to_category_id: string; label: string }, actor: AuditActor, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('research_relations').values({ ...row, created_by: actor.id, created_at: at }).execute();
      await appendAudit(trx, actor, at, [
        { action: 'research.relation_create', entity: 'research_relations', recordId: row.id, regionCode: teamRegion(row.team_region), after: { from: row.from_category_id, to: row.to_category_id, ...textFields({ label: row.label }) } },
      ]);
    });
  }

  async deleteRelation(team: string, id: string, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('research_relations').where('team_region', '=', team).where('id', '=', id).executeTakeFirst();
      if (num(r.numDeletedRows) === 0) return false;
      await appendAudit(trx, actor, at, [{ action: 'research.relation_delete', entity: 'research_relations', recordId: id, regionCode: teamRegion(team) }]);
      return true;
    });
  }

  async core(team: string) {
    return this.db.selectFrom('research_core').where('team_region', '=', team).select(['category_id', 'storyline', 'updated_at']).executeTakeFirst();
  }

  async setCore(team: string, categoryId: string, storyline: string, actor: AuditActor, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('research_core').selectAll().where('team_region', '=', team).executeTakeFirst();
      if (before) await trx.updateTable('research_core').set({ category_id: categoryId, storyline, updated_at: at, updated_by: actor.id }).where('team_region', '=', team).execute();
      else await trx.insertInto('research_core').values({ team_region: team, category_id: categoryId, storyline, created_at: at, updated_at: at, updated_by: actor.id }).execute();
      await appendAudit(trx, actor, at, [
        { action: 'research.core_set', entity: 'research_core', recordId: null, regionCode: teamRegion(team), before: before ? { categoryId: before.category_id } : null, after: { categoryId, storylineChars: storyline.length } },
      ]);
    });
  }

  // ---- memos ---------------------------------------------------------------------------------------

  /** The team's memos; a memo on a document only while that document is in scope. */
  async memos(scope: Scope, filter: { documentId?: string; codeId?: string; categoryId?: string } = {}) {
    return this.db
      .selectFrom('research_memos')
      .leftJoin('users', 'users.id', 'research_memos.created_by')
      .leftJoin('research_documents', 'research_documents.id', 'research_memos.document_id')
      .where('research_memos.team_region', '=', teamOf(scope))
      .where((eb) => eb.or([eb('research_memos.document_id', 'is', null), documentScope(scope)(eb as never) as never]))
      .$if(!!filter.documentId, (q) => q.where('research_memos.document_id', '=', filter.documentId!))
      .$if(!!filter.codeId, (q) => q.where('research_memos.code_id', '=', filter.codeId!))
      .$if(!!filter.categoryId, (q) => q.where('research_memos.category_id', '=', filter.categoryId!))
      .select([
        'research_memos.id',
        'research_memos.text',
        'research_memos.text_pseudonymised',
        'users.username as author',
        'users.role as author_role',
        'research_memos.created_at',
        'research_memos.code_id',
        'research_memos.category_id',
        'research_memos.document_id',
      ])
      .orderBy('research_memos.created_at')
      .orderBy('research_memos.id')
      .execute();
  }

  async insertMemo(row: DB['research_memos'], actor: AuditActor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('research_memos').values(row).execute();
      await appendAudit(trx, actor, row.created_at, [
        { action: 'research.memo_create', entity: 'research_memos', recordId: row.id, regionCode: teamRegion(row.team_region), after: { codeId: row.code_id, categoryId: row.category_id, documentId: row.document_id, chars: row.text.length } },
      ]);
    });
  }

  // ---- study view ----------------------------------------------------------------------------------

  /** Activities in scope and period carrying each tag: activities and families per (kind, code). */
  async tagCounts(scope: Scope, opts: { region?: string; from?: string; to?: string }) {
    const rows = await this.activitiesInStudy(scope, opts)
      .innerJoin('activity_tags', 'activity_tags.activity_id', 'activities.id')
      .select(['activity_tags.kind', 'activity_tags.code', (eb) => eb.fn.count('activities.id').distinct().as('activities'), (eb) => eb.fn.count('activities.family_id').distinct().as('families')])
      .groupBy(['activity_tags.kind', 'activity_tags.code'])
      .execute();
    return rows.map((r) => ({ kind: r.kind, code: r.code, activities: num(r.activities), families: num(r.families) }));
  }

  /** Activities and families in scope and period (all activities, tagged or not). */
  async activityTotals(scope: Scope, opts: { region?: string; from?: string; to?: string }) {
    const r = await this.activitiesInStudy(scope, opts)
      .select([(eb) => eb.fn.count('activities.id').distinct().as('activities'), (eb) => eb.fn.count('activities.family_id').distinct().as('families')])
      .executeTakeFirst();
    return { activities: num(r?.activities), families: num(r?.families) };
  }

  /** Up to `per` recent activity notes for each tag (kind, code), with the family (for pseudonymisation). */
  async tagExamples(scope: Scope, opts: { region?: string; from?: string; to?: string }, per: number) {
    const inner = this.activitiesInStudy(scope, opts)
      .innerJoin('activity_tags', 'activity_tags.activity_id', 'activities.id')
      .where('activities.notes', 'is not', null)
      .where('activities.notes', '<>', '')
      .select([
        'activity_tags.kind',
        'activity_tags.code',
        'activities.notes',
        'activities.family_id',
        'activities.type',
        'activities.date',
        sql<number>`row_number() over (partition by activity_tags.kind, activity_tags.code order by activities.date desc, activities.id desc)`.as('rn'),
      ]);
    const rows = await this.db
      .selectFrom(inner.as('x'))
      .selectAll()
      .where('x.rn', '<=', per)
      .orderBy('x.kind')
      .orderBy('x.code')
      .orderBy('x.rn')
      .execute();
    return rows as Array<{ kind: string; code: string; notes: string; family_id: string; type: string; date: string }>;
  }

  private activitiesInStudy(scope: Scope, opts: { region?: string; from?: string; to?: string }) {
    return this.db
      .selectFrom('activities')
      .innerJoin('families', 'families.id', 'activities.family_id')
      .where(familyScope(scope) as never)
      .where('activities.deleted_at', 'is', null)
      .$if(!!opts.region, (q) => q.where(regionColumn(opts.region!) as never, '=', opts.region as never))
      .$if(!!opts.from, (q) => q.where('activities.date', '>=', opts.from!))
      .$if(!!opts.to, (q) => q.where('activities.date', '<=', opts.to!));
  }
}

/** The audit region of a team ('*' is admin's: no region). */
function teamRegion(team: string): string | null {
  return team === '*' ? null : team;
}
