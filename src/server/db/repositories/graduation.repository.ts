/**
 * Graduation: criteria sets (versioned data), assessments, the candidates the triggers find, graduation
 * cases with their transitions, follow-up visits and targets. Scope applies to every read and write through
 * the family (`familyScope`); the workflow's rules live in the domain (src/domain/graduation) and reach
 * this layer as a decision made inside the write's transaction, on the locked current state.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { CalendarDate } from '../../../domain/types';
import type { Engine } from '../database';
import type { DB } from '../schema';
import { insertCandidateSignatures } from '../candidate-signature';
import { chunks, insertInChunks } from './batch-insert';
import { familyScope, type Scope } from '../scope';
import { type AuditActor, appendAudit } from './audit.repository';
import { EXIT_STATES } from './dashboard.repository';
import { appendChanges, changeLogHead } from './change-log';

export interface CriteriaSetRow {
  id: string;
  code: string;
  version: number;
  definition: unknown;
  source: string;
  active: boolean;
  createdAt: string;
}

export interface AssessmentRow {
  id: string;
  familyId: string;
  criteriaSetId: string;
  criteriaSetCode: string;
  criteriaSetVersion: number;
  assessedOn: string;
  answers: unknown;
  result: string;
  score: number;
  ready: boolean;
  outcome: unknown;
  assessor: string | null;
  createdAt: string;
}

export interface NewAssessment {
  id: string;
  familyId: string;
  criteriaSetId: string;
  assessedOn: string;
  answers: unknown;
  result: string;
  score: number;
  ready: boolean;
  outcome: unknown;
}

export interface CandidateRow {
  familyId: string;
  reasonCode: string;
  type: string;
  params: Record<string, unknown>;
  dueDate: string | null;
  evaluatedAt: string;
  headName: string;
  kelurahanCode: string;
  pendamping: string | null;
  caseState: string | null;
  caseType: string | null;
}

export interface NewCandidate {
  familyId: string;
  reasonCode: string;
  type: string;
  params: Record<string, unknown>;
  dueDate: string | null;
}

export interface CaseRow {
  id: string;
  familyId: string;
  type: string;
  state: string;
  open: boolean;
  openedAt: string;
  stateAt: string;
  assessmentId: string | null;
  statementSignedAt: string | null;
  documentId: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  exitEffectiveDate: string | null;
  exitApplied: boolean;
  closedAt: string | null;
  version: number;
}

export interface TransitionRow {
  id: string;
  caseId: string;
  from: string | null;
  to: string;
  type: string;
  by: string | null;
  role: string;
  at: string;
  note: string | null;
  evidence: unknown;
}

export interface FollowupRow {
  id: string;
  caseId: string;
  monthsAfter: number;
  dueDate: string;
  doneOn: string | null;
  outcome: string | null;
  notes: string | null;
  version: number;
}

/** A follow-up visit as recorded: who recorded it last (a username; null for the system) and when, and its case's exit date. */
export interface RecordedFollowup extends FollowupRow {
  recordedAt: string;
  recordedBy: string | null;
  exitEffectiveDate: string | null;
}

export type FollowupWrite = { status: 'ok' } | { status: 'not_found' } | { status: 'exists' | 'stale'; current: RecordedFollowup };

/** What the transaction knows when the workflow decides. */
export interface TransitionContext {
  family: { id: string; status: string; kelurahanCode: string; kabKotaCode: string; pendampingId: string | null };
  current: CaseRow | null;
}

/** What an accepted move changes. */
export interface TransitionPlan {
  /** The id of the transition record (UUIDv7, made by the caller). */
  transitionId: string;
  /** Start a new case (no open case, or the open one ends first). */
  newCase?: { id: string; type: string };
  from: string | null;
  to: string;
  type: string;
  note: string | null;
  evidence: Record<string, unknown> | null;
  /** Case columns to set along with the state. */
  set?: Partial<{
    assessment_id: string;
    statement_signed_at: string;
    document_id: string | null;
    approved_at: string;
    approved_by: string;
    exit_effective_date: string | null;
    exit_applied: number;
    closed_at: string;
    type: string;
  }>;
  /** The case ends with this move (closed, rejected, reentered). */
  closeCase?: boolean;
  /** The family's status changes now (exit effective today or earlier: graduasi; reentered: aktif). */
  familyStatus?: string;
  /** Follow-up visits to schedule (after exit). */
  followups?: Array<{ id: string; monthsAfter: number; dueDate: string }>;
  /** The case's follow-up visits not yet done are called off (the family is back in the programme). */
  cancelFollowups?: boolean;
}

export type TransitionOutcome<E> = { status: 'not_found' } | { status: 'refused'; error: E } | { status: 'ok'; caseId: string; transitionId: string };

export interface PipelineRow {
  key: string;
  state: string;
  families: number;
}

const parse = (v: string | null): unknown => (v === null ? null : JSON.parse(v));

const CASE_COLUMNS = [
  'graduation_cases.id',
  'graduation_cases.family_id as familyId',
  'graduation_cases.type',
  'graduation_cases.state',
  'graduation_cases.open',
  'graduation_cases.opened_at as openedAt',
  'graduation_cases.state_at as stateAt',
  'graduation_cases.assessment_id as assessmentId',
  'graduation_cases.statement_signed_at as statementSignedAt',
  'graduation_cases.document_id as documentId',
  'graduation_cases.approved_at as approvedAt',
  'graduation_cases.approved_by as approvedBy',
  'graduation_cases.exit_effective_date as exitEffectiveDate',
  'graduation_cases.exit_applied as exitApplied',
  'graduation_cases.closed_at as closedAt',
  'graduation_cases.version',
] as const;

function toCase(r: Record<string, unknown>): CaseRow {
  return { ...(r as unknown as CaseRow), open: Number(r.open) === 1, exitApplied: Number(r.exitApplied) === 1, version: Number(r.version) };
}

export class GraduationRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly engine: Engine,
  ) {}

  // ---- criteria sets ----------------------------------------------------------------------------

  /**
   * Stores the bundled sets not stored yet (matched by code and the set's own version label); each new
   * one gets the next revision number of its code. Returns how many were added.
   */
  async syncBundledSets(sets: Array<{ id: string; code: string; label: string; definition: unknown }>, at: string): Promise<number> {
    if (sets.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('criteria_sets').select(['code', 'version', 'definition']).execute();
      const labels = new Set(existing.map((e) => `${e.code}@${(JSON.parse(e.definition) as { version?: string }).version}`));
      const top = new Map<string, number>();
      for (const e of existing) top.set(e.code, Math.max(top.get(e.code) ?? 0, Number(e.version)));
      const fresh = sets.filter((s) => !labels.has(`${s.code}@${s.label}`));
      if (fresh.length === 0) return 0;
      await trx
        .insertInto('criteria_sets')
        .values(
          fresh.map((s) => {
            const version = (top.get(s.code) ?? 0) + 1;
            top.set(s.code, version);
            return { id: s.id, code: s.code, version, definition: JSON.stringify(s.definition), source: 'bundled', active: 1, created_at: at, created_by: null };
          }),
        )
        .execute();
      return fresh.length;
    });
  }

  /** Every stored version (newest first per code), or only the latest active version of each code. */
  async criteriaSets(opts: { latestOnly: boolean }): Promise<CriteriaSetRow[]> {
    const rows = await this.db.selectFrom('criteria_sets').selectAll().orderBy('code').orderBy('version', 'desc').execute();
    const out: CriteriaSetRow[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      if (opts.latestOnly && (seen.has(r.code) || Number(r.active) !== 1)) continue;
      seen.add(r.code);
      out.push({ id: r.id, code: r.code, version: Number(r.version), definition: JSON.parse(r.definition), source: r.source, active: Number(r.active) === 1, createdAt: r.created_at });
    }
    return out;
  }

  /** A set by code (its latest active version) or by code and version. */
  async criteriaSet(code: string, version?: number): Promise<CriteriaSetRow | undefined> {
    let q = this.db.selectFrom('criteria_sets').selectAll().where('code', '=', code);
    q = version === undefined ? q.where('active', '=', 1) : q.where('version', '=', version);
    const r = await q.orderBy('version', 'desc').limit(1).executeTakeFirst();
    return r && { id: r.id, code: r.code, version: Number(r.version), definition: JSON.parse(r.definition), source: r.source, active: Number(r.active) === 1, createdAt: r.created_at };
  }

  async criteriaSetById(id: string): Promise<CriteriaSetRow | undefined> {
    const r = await this.db.selectFrom('criteria_sets').selectAll().where('id', '=', id).executeTakeFirst();
    return r && { id: r.id, code: r.code, version: Number(r.version), definition: JSON.parse(r.definition), source: r.source, active: Number(r.active) === 1, createdAt: r.created_at };
  }

  /**
   * Stores a new version of a set (the next revision for its code); older versions stay for the
   * assessments that used them.
   */
  async addCriteriaSetVersion(row: { id: string; code: string; definition: unknown }, actor: AuditActor, at: string): Promise<CriteriaSetRow> {
    return this.db.transaction().execute(async (trx) => {
      const top = await trx.selectFrom('criteria_sets').select((eb) => eb.fn.max('version').as('v')).where('code', '=', row.code).executeTakeFirst();
      const version = Number(top?.v ?? 0) + 1;
      const definition = row.definition;
      await trx
        .insertInto('criteria_sets')
        .values({ id: row.id, code: row.code, version, definition: JSON.stringify(definition), source: 'admin', active: 1, created_at: at, created_by: actor.id })
        .execute();
      await appendAudit(trx, actor, at, [{ action: 'criteria_set.version', entity: 'criteria_sets', recordId: row.id, after: { code: row.code, revision: version, version: (definition as { version?: string }).version } }]);
      return { id: row.id, code: row.code, version, definition, source: 'admin', active: true, createdAt: at };
    });
  }

  // ---- assessments ------------------------------------------------------------------------------

  /** Stores an assessment of a family in scope; false when the family is not in scope. */
  async insertAssessment(scope: Scope, a: NewAssessment, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const family = await this.familyInScope(trx, scope, a.familyId);
      if (!family) return false;
      await trx
        .insertInto('assessments')
        .values({
          id: a.id,
          family_id: a.familyId,
          criteria_set_id: a.criteriaSetId,
          assessed_on: a.assessedOn,
          answers: JSON.stringify(a.answers),
          result: a.result,
          score: a.score,
          ready: a.ready ? 1 : 0,
          outcome: JSON.stringify(a.outcome),
          assessor_id: actor.id,
          version: 1,
          created_at: at,
          updated_at: at,
          updated_by: actor.id,
          deleted_at: null,
        })
        .execute();
      await appendChanges(trx, [{ entity: 'assessments', recordId: a.id, familyId: a.familyId, kabKotaCode: family.kab_kota_code, op: 'create', version: 1 }], actor.id, at);
      await appendAudit(trx, actor, at, [
        { action: 'assessment.create', entity: 'assessments', recordId: a.id, familyId: a.familyId, regionCode: family.kelurahan_code, after: { criteriaSetId: a.criteriaSetId, assessedOn: a.assessedOn, result: a.result, score: a.score } },
      ]);
      return true;
    });
  }

  /** A family's assessments, oldest first (a trajectory), or one by id. */
  async assessments(scope: Scope, familyId: string, id?: string): Promise<AssessmentRow[]> {
    let q = this.db
      .selectFrom('assessments')
      .innerJoin('families', 'families.id', 'assessments.family_id')
      .innerJoin('criteria_sets', 'criteria_sets.id', 'assessments.criteria_set_id')
      .leftJoin('users', 'users.id', 'assessments.assessor_id')
      .where(familyScope(scope) as never)
      .where('assessments.family_id', '=', familyId)
      .where('assessments.deleted_at', 'is', null);
    if (id) q = q.where('assessments.id', '=', id);
    const rows = await q
      .select([
        'assessments.id',
        'assessments.family_id as familyId',
        'assessments.criteria_set_id as criteriaSetId',
        'criteria_sets.code as criteriaSetCode',
        'criteria_sets.version as criteriaSetVersion',
        'assessments.assessed_on as assessedOn',
        'assessments.answers',
        'assessments.result',
        'assessments.score',
        'assessments.ready',
        'assessments.outcome',
        'users.username as assessor',
        'assessments.created_at as createdAt',
      ])
      .orderBy('assessments.assessed_on')
      .orderBy('assessments.created_at')
      .orderBy('assessments.id')
      .execute();
    return rows.map((r) => ({
      ...r,
      criteriaSetVersion: Number(r.criteriaSetVersion),
      score: Number(r.score),
      ready: Number(r.ready) === 1,
      answers: JSON.parse(r.answers),
      outcome: JSON.parse(r.outcome),
    }));
  }

  // ---- candidates (triggers) --------------------------------------------------------------------

  /** Replaces what the triggers found for these families (set-based: one delete, chunked inserts). */
  async replaceCandidates(familyIds: string[], rows: NewCandidate[], at: string, trx?: Kysely<DB>): Promise<void> {
    const run = async (t: Kysely<DB>) => {
      for (const part of chunks(familyIds)) {
        await t.deleteFrom('graduation_candidates').where('family_id', 'in', part).execute();
      }
      // 6 columns a row: chunks of 150 rows stay well under SQLite's and PostgreSQL's parameter limits.
      for (let i = 0; i < rows.length; i += 150) {
        await t
          .insertInto('graduation_candidates')
          .values(rows.slice(i, i + 150).map((r) => ({ family_id: r.familyId, reason_code: r.reasonCode, type: r.type, params: JSON.stringify(r.params), due_date: r.dueDate, evaluated_at: at })))
          .execute();
      }
      await this.refreshSignatures(t, [...familyIds, ...rows.map((r) => r.familyId)]);
    };
    if (trx) await run(trx);
    else await this.db.transaction().execute(run);
  }

  /** Candidates in scope, by type, paged; one row per family and reason. */
  /** A page of candidacies (one per family and trigger); `families`: how many families they concern. */
  async candidates(scope: Scope, f: { type?: string; reasonCode?: string; limit: number; offset: number }): Promise<{ items: CandidateRow[]; total: number; families: number }> {
    let base = this.db
      .selectFrom('graduation_candidates')
      .innerJoin('families', 'families.id', 'graduation_candidates.family_id')
      .where(familyScope(scope) as never)
      .where('families.deleted_at', 'is', null);
    if (f.type) base = base.where('graduation_candidates.type', '=', f.type);
    if (f.reasonCode) base = base.where('graduation_candidates.reason_code', '=', f.reasonCode);
    const [count, rows] = await Promise.all([
      base.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('graduation_candidates.family_id').distinct().as('families')]).executeTakeFirst(),
      base
        .leftJoin('users', 'users.id', 'families.pendamping_id')
        .leftJoin('graduation_cases', (j) => j.onRef('graduation_cases.family_id', '=', 'families.id').on('graduation_cases.open', '=', 1))
        .select([
          'graduation_candidates.family_id as familyId',
          'graduation_candidates.reason_code as reasonCode',
          'graduation_candidates.type',
          'graduation_candidates.params',
          'graduation_candidates.due_date as dueDate',
          'graduation_candidates.evaluated_at as evaluatedAt',
          'families.head_name as headName',
          'families.kelurahan_code as kelurahanCode',
          'users.username as pendamping',
          'graduation_cases.state as caseState',
          'graduation_cases.type as caseType',
        ])
        .orderBy('graduation_candidates.type')
        .orderBy('families.head_name_folded')
        .orderBy('graduation_candidates.family_id')
        .orderBy('graduation_candidates.reason_code')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
    ]);
    return { items: rows.map((r) => ({ ...r, params: JSON.parse(r.params) as Record<string, unknown> })), total: Number(count?.n ?? 0), families: Number(count?.families ?? 0) };
  }

  /** What the triggers found for one family in scope. */
  async familyCandidates(scope: Scope, familyId: string): Promise<NewCandidate[]> {
    const rows = await this.db
      .selectFrom('graduation_candidates')
      .innerJoin('families', 'families.id', 'graduation_candidates.family_id')
      .where(familyScope(scope) as never)
      .where('graduation_candidates.family_id', '=', familyId)
      .select(['graduation_candidates.family_id as familyId', 'reason_code as reasonCode', 'type', 'params', 'due_date as dueDate'])
      .orderBy('reason_code')
      .execute();
    return rows.map((r) => ({ ...r, params: JSON.parse(r.params) as Record<string, unknown> }));
  }

  // ---- cases and the workflow -------------------------------------------------------------------

  /** The family's open case, else its latest one; undefined when the family is out of scope. */
  async currentCase(scope: Scope, familyId: string, opts: { trx?: Kysely<DB>; lock?: boolean } = {}): Promise<{ family: TransitionContext['family']; current: CaseRow | null } | undefined> {
    const db = opts.trx ?? this.db;
    // `lock` (in the caller's transaction): the family row is held, so a workflow move waits for the caller's write.
    const family = await this.familyInScope(db, scope, familyId, opts.lock === true);
    if (!family) return undefined;
    return { family: shapeFamily(family), current: await this.latestCase(db, familyId) };
  }

  /** Every transition of every case of a family (oldest first). */
  async history(familyId: string): Promise<TransitionRow[]> {
    const rows = await this.db
      .selectFrom('graduation_transitions')
      .leftJoin('users', 'users.id', 'graduation_transitions.actor_id')
      .where('graduation_transitions.family_id', '=', familyId)
      .select([
        'graduation_transitions.id',
        'graduation_transitions.case_id as caseId',
        'graduation_transitions.from_state as from',
        'graduation_transitions.to_state as to',
        'graduation_transitions.type',
        'users.username as by',
        'graduation_transitions.actor_role as role',
        'graduation_transitions.at',
        'graduation_transitions.note',
        'graduation_transitions.evidence',
      ])
      .orderBy('graduation_transitions.at')
      .orderBy('graduation_transitions.id')
      .execute();
    return rows.map((r) => ({ ...r, evidence: parse(r.evidence) }));
  }

  async followups(caseId: string): Promise<FollowupRow[]> {
    const rows = await this.db
      .selectFrom('graduation_followups')
      .where('case_id', '=', caseId)
      .where('deleted_at', 'is', null)
      .select(['id', 'case_id as caseId', 'months_after as monthsAfter', 'due_date as dueDate', 'done_on as doneOn', 'outcome', 'notes', 'version'])
      .orderBy('months_after')
      .execute();
    return rows.map((r) => ({ ...r, monthsAfter: Number(r.monthsAfter), version: Number(r.version) }));
  }

  /** One follow-up visit of a family in scope, as recorded (who and when), with its case's exit date. */
  async followup(scope: Scope, familyId: string, followupId: string, trx: Kysely<DB> = this.db): Promise<RecordedFollowup | undefined> {
    const family = await this.familyInScope(trx, scope, familyId);
    if (!family) return undefined;
    return this.recordedFollowup(trx, familyId, followupId);
  }

  private async recordedFollowup(trx: Kysely<DB>, familyId: string, followupId: string): Promise<RecordedFollowup | undefined> {
    const r = await trx
      .selectFrom('graduation_followups')
      .innerJoin('graduation_cases', 'graduation_cases.id', 'graduation_followups.case_id')
      .leftJoin('users', 'users.id', 'graduation_followups.updated_by')
      .where('graduation_followups.id', '=', followupId)
      .where('graduation_followups.family_id', '=', familyId)
      .where('graduation_followups.deleted_at', 'is', null)
      .select([
        'graduation_followups.id',
        'graduation_followups.case_id as caseId',
        'graduation_followups.months_after as monthsAfter',
        'graduation_followups.due_date as dueDate',
        'graduation_followups.done_on as doneOn',
        'graduation_followups.outcome',
        'graduation_followups.notes',
        'graduation_followups.version',
        'graduation_followups.updated_at as recordedAt',
        'users.username as recordedBy',
        'graduation_cases.exit_effective_date as exitEffectiveDate',
      ])
      .executeTakeFirst();
    return r ? { ...r, monthsAfter: Number(r.monthsAfter), version: Number(r.version) } : undefined;
  }

  /**
   * Records a follow-up visit's outcome (a family in scope). A visit recorded already is never replaced
   * unasked: the writer names the version it read (`expectedVersion`), else 'exists' with the record there;
   * a version no longer the follow-up's (changed since it was read) is 'stale'. Nothing is written then.
   */
  async recordFollowup(
    scope: Scope,
    familyId: string,
    followupId: string,
    set: { doneOn: string; outcome: string; notes: string | null; activityId?: string | null },
    actor: AuditActor,
    at: string,
    expectedVersion?: number,
  ): Promise<FollowupWrite> {
    return this.db.transaction().execute(async (trx) => {
      const family = await this.familyInScope(trx, scope, familyId, true);
      if (!family) return { status: 'not_found' } as const;
      const current = await this.recordedFollowup(trx, familyId, followupId);
      if (!current) return { status: 'not_found' } as const;
      if (expectedVersion === undefined && current.doneOn !== null) return { status: 'exists', current } as const;
      if (expectedVersion !== undefined && expectedVersion !== current.version) return { status: 'stale', current } as const;
      const r = await trx
        .updateTable('graduation_followups')
        .set({ done_on: set.doneOn, outcome: set.outcome, notes: set.notes, activity_id: set.activityId ?? null, version: sql`version + 1`, updated_at: at, updated_by: actor.id })
        .where('id', '=', followupId)
        .where('family_id', '=', familyId)
        .where('deleted_at', 'is', null)
        .where('version', '=', current.version)
        .returning('version')
        .executeTakeFirst();
      if (!r) {
        const now = await this.recordedFollowup(trx, familyId, followupId);
        return now ? ({ status: 'stale', current: now } as const) : ({ status: 'not_found' } as const);
      }
      await appendChanges(trx, [{ entity: 'graduation_followups', recordId: followupId, familyId, kabKotaCode: family.kab_kota_code, op: 'update', version: Number(r.version) }], actor.id, at);
      // A replaced record stays in the audit trail (what it said, as it was).
      const before = current.doneOn !== null ? { doneOn: current.doneOn, outcome: current.outcome, notes: current.notes, version: current.version } : undefined;
      await appendAudit(trx, actor, at, [{ action: 'graduation.followup', entity: 'graduation_followups', recordId: followupId, familyId, regionCode: family.kelurahan_code, ...(before ? { before } : {}), after: set }]);
      return { status: 'ok' } as const;
    });
  }

  /**
   * One move of the workflow, all or nothing. The family row is locked (PostgreSQL) so two moves on one
   * family queue; `decide` sees the current case inside the transaction and returns the plan or a refusal.
   */
  async transition<E>(
    scope: Scope,
    familyId: string,
    decide: (ctx: TransitionContext) => { ok: true; plan: TransitionPlan } | { ok: false; error: E },
    actor: AuditActor,
    at: string,
    /** A transaction the move joins (a family's status change that ends its case); its own otherwise. */
    inTrx?: Kysely<DB>,
  ): Promise<TransitionOutcome<E>> {
    const run = <T>(fn: (trx: Kysely<DB>) => Promise<T>) => (inTrx ? fn(inTrx) : this.db.transaction().execute(fn));
    return run(async (trx) => {
      const family = await this.familyInScope(trx, scope, familyId, true);
      if (!family) return { status: 'not_found' } as const;
      const current = await this.latestCase(trx, familyId);
      const decision = decide({ family: shapeFamily(family), current });
      if (!decision.ok) return { status: 'refused', error: decision.error } as const;
      const p = decision.plan;
      const changes: Parameters<typeof appendChanges>[1] = [];
      let caseId: string;
      if (p.newCase) {
        if (current?.open) {
          await trx.updateTable('graduation_cases').set({ open: 0, closed_at: at, version: sql`version + 1`, updated_at: at, updated_by: actor.id }).where('id', '=', current.id).execute();
          changes.push({ entity: 'graduation_cases', recordId: current.id, familyId, kabKotaCode: family.kab_kota_code, op: 'update', version: current.version + 1 });
        }
        caseId = p.newCase.id;
        await trx
          .insertInto('graduation_cases')
          .values({
            id: caseId,
            family_id: familyId,
            type: p.newCase.type,
            state: p.to,
            open: p.closeCase ? 0 : 1,
            opened_at: at,
            state_at: at,
            assessment_id: null,
            statement_signed_at: null,
            document_id: null,
            approved_at: null,
            approved_by: null,
            exit_effective_date: null,
            exit_applied: 0,
            closed_at: p.closeCase ? at : null,
            ...(p.set ?? {}),
            version: 1,
            created_at: at,
            updated_at: at,
            updated_by: actor.id,
            deleted_at: null,
          })
          .execute();
        changes.push({ entity: 'graduation_cases', recordId: caseId, familyId, kabKotaCode: family.kab_kota_code, op: 'create', version: 1 });
      } else {
        if (!current) throw new Error('a move without a case must start one');
        caseId = current.id;
        const r = await trx
          .updateTable('graduation_cases')
          .set({
            ...(p.set ?? {}),
            state: p.to,
            state_at: at,
            ...(p.closeCase ? { open: 0, closed_at: at } : {}),
            version: sql`version + 1`,
            updated_at: at,
            updated_by: actor.id,
          })
          .where('id', '=', caseId)
          .where('version', '=', current.version)
          .returning('version')
          .executeTakeFirstOrThrow();
        changes.push({ entity: 'graduation_cases', recordId: caseId, familyId, kabKotaCode: family.kab_kota_code, op: 'update', version: Number(r.version) });
      }
      const tid = p.transitionId;
      await trx
        .insertInto('graduation_transitions')
        .values({
          id: tid,
          case_id: caseId,
          family_id: familyId,
          from_state: p.from,
          to_state: p.to,
          type: p.type,
          actor_id: actor.id,
          actor_role: actor.role ?? 'system',
          at,
          note: p.note,
          evidence: p.evidence ? JSON.stringify(p.evidence) : null,
        })
        .execute();
      if (p.followups?.length) {
        await trx
          .insertInto('graduation_followups')
          .values(
            p.followups.map((f) => ({
              id: f.id,
              case_id: caseId,
              family_id: familyId,
              months_after: f.monthsAfter,
              due_date: f.dueDate,
              done_on: null,
              activity_id: null,
              outcome: null,
              notes: null,
              version: 1,
              created_at: at,
              updated_at: at,
              updated_by: actor.id,
              deleted_at: null,
            })),
          )
          .execute();
        for (const f of p.followups) changes.push({ entity: 'graduation_followups', recordId: f.id, familyId, kabKotaCode: family.kab_kota_code, op: 'create', version: 1 });
      }
      if (p.cancelFollowups) {
        const called = await trx
          .updateTable('graduation_followups')
          .set({ deleted_at: at, version: sql`version + 1`, updated_at: at, updated_by: actor.id })
          .where('case_id', '=', caseId)
          .where('done_on', 'is', null)
          .where('deleted_at', 'is', null)
          .returning(['id', 'version'])
          .execute();
        for (const f of called) changes.push({ entity: 'graduation_followups', recordId: f.id, familyId, kabKotaCode: family.kab_kota_code, op: 'update', version: Number(f.version) });
      }
      const audits: Parameters<typeof appendAudit>[3] = [
        { action: `graduation.${p.to}`, entity: 'graduation_cases', recordId: caseId, familyId, regionCode: family.kelurahan_code, before: { state: p.from }, after: { state: p.to, type: p.type, note: p.note, evidence: p.evidence } },
      ];
      if (p.familyStatus && p.familyStatus !== family.status) {
        const v = await this.setFamilyStatus(trx, familyId, p.familyStatus, actor.id, at);
        changes.push({ entity: 'families', recordId: familyId, familyId, kabKotaCode: family.kab_kota_code, op: 'update', version: v });
        audits.push({ action: 'family.status', entity: 'families', recordId: familyId, familyId, regionCode: family.kelurahan_code, before: { status: family.status }, after: { status: p.familyStatus } });
      }
      if (p.familyStatus === 'graduasi' && p.set?.exit_effective_date) {
        changes.push(...(await this.leaveGroups(trx, [{ familyId, kabKotaCode: family.kab_kota_code }], p.set.exit_effective_date, actor.id, at)));
      }
      await appendChanges(trx, changes, actor.id, at);
      await appendAudit(trx, actor, at, audits);
      return { status: 'ok', caseId, transitionId: tid } as const;
    });
  }

  /**
   * Exits whose effective date has come by `today` (the date the caller applies them for: the real date, or
   * an earlier one, never a later one: an exit is not applied before its date): the family's status becomes
   * `graduasi` (set-based; run at start, daily, and before reads that depend on it). Only live cases of live
   * families in PKH: a soft-deleted family or case, and a family that left PKH (`keluar`), are never changed
   * (docs/batch.md, "Due exits"). Returns the families changed.
   */
  async applyDueExits(today: string, actor: AuditActor, at: string): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('graduation_cases')
        .innerJoin('families', 'families.id', 'graduation_cases.family_id')
        .where('graduation_cases.open', '=', 1)
        .where('graduation_cases.exit_applied', '=', 0)
        .where('graduation_cases.exit_effective_date', '<=', today)
        .where('graduation_cases.state', 'in', ['exited', 'monitoring'])
        // A soft-deleted family (or case) is kept for the record as it was: its exit is neither applied nor held.
        .where('graduation_cases.deleted_at', 'is', null)
        .where('families.deleted_at', 'is', null)
        // A family that left PKH for another reason is never changed: an exit still pending when it left (data
        // from before judgeStatusChange refused that) does not make it graduasi (docs/batch.md, "Due exits").
        .where('families.status', '<>', 'keluar')
        .select(['graduation_cases.id', 'graduation_cases.version', 'graduation_cases.exit_effective_date as exitDate', 'families.id as familyId', 'families.status', 'families.kab_kota_code', 'families.kelurahan_code'])
        .execute();
      if (found.length === 0) return [];
      const changes: Parameters<typeof appendChanges>[1] = [];
      const audits: Parameters<typeof appendAudit>[3] = [];
      // Applied only to cases still waiting as read: one re-entered meanwhile (a concurrent move) is left alone.
      const applied = new Set<string>();
      for (const part of chunks(found)) {
        const rows = await trx
          .updateTable('graduation_cases')
          .set({ exit_applied: 1, version: sql`version + 1`, updated_at: at, updated_by: actor.id })
          .where('id', 'in', part.map((d) => d.id))
          .where('state', 'in', ['exited', 'monitoring'])
          .where('exit_applied', '=', 0)
          .returning('id')
          .execute();
        for (const r of rows) applied.add(r.id);
      }
      const due = found.filter((d) => applied.has(d.id));
      for (const part of chunks(due)) {
        const toChange = part.filter((d) => d.status !== 'graduasi').map((d) => d.familyId);
        if (toChange.length) {
          await trx.updateTable('families').set({ status: 'graduasi', version: sql`version + 1`, updated_at: at, updated_by: actor.id }).where('id', 'in', toChange).execute();
        }
      }
      // The families leave their P2K2 groups on their exit dates: one update per date, not per family.
      const byDate = new Map<string, Array<{ familyId: string; kabKotaCode: string }>>();
      for (const d of due) {
        const date = d.exitDate ?? today;
        byDate.set(date, [...(byDate.get(date) ?? []), { familyId: d.familyId, kabKotaCode: d.kab_kota_code }]);
      }
      for (const [date, families] of byDate) {
        for (const part of chunks(families)) changes.push(...(await this.leaveGroups(trx, part, date, actor.id, at)));
      }
      const versionOf = new Map<string, number>();
      for (const part of chunks(due.map((d) => d.familyId))) {
        for (const v of await trx.selectFrom('families').select(['id', 'version']).where('id', 'in', part).execute()) versionOf.set(v.id, Number(v.version));
      }
      for (const d of due) {
        changes.push({ entity: 'graduation_cases', recordId: d.id, familyId: d.familyId, kabKotaCode: d.kab_kota_code, op: 'update', version: Number(d.version) + 1 });
        if (d.status !== 'graduasi') {
          changes.push({ entity: 'families', recordId: d.familyId, familyId: d.familyId, kabKotaCode: d.kab_kota_code, op: 'update', version: versionOf.get(d.familyId) ?? 0 });
          audits.push({ action: 'family.status', entity: 'families', recordId: d.familyId, familyId: d.familyId, regionCode: d.kelurahan_code, before: { status: d.status }, after: { status: 'graduasi' } });
        }
      }
      await appendChanges(trx, changes, actor.id, at);
      await appendAudit(trx, actor, at, audits);
      return due.map((d) => d.familyId);
    });
  }

  /** Families as the triggers read them, in pages by id (or the given ids). */
  async familiesForTriggers(opts: { after?: string; ids?: string[]; limit: number }): Promise<Array<{ id: string; status: string; joinedYear: number | null; decile: number | null; kabKotaCode: string }>> {
    let q = this.db
      .selectFrom('families')
      .select(['id', 'status', 'joined_year as joinedYear', 'decile', 'kab_kota_code as kabKotaCode'])
      .where('deleted_at', 'is', null);
    if (opts.ids) {
      if (opts.ids.length === 0) return [];
      q = q.where('id', 'in', opts.ids);
    }
    if (opts.after) q = q.where('id', '>', opts.after);
    const rows = await q.orderBy('id').limit(opts.limit).execute();
    return rows.map((r) => ({ ...r, joinedYear: r.joinedYear === null ? null : Number(r.joinedYear), decile: r.decile === null ? null : Number(r.decile) }));
  }

  // ---- the nightly's set-based pass (nightly.service.ts) -----------------------------------------

  /**
   * A member's component flags on `asOf` as SQL 0/1 over `persons p` and `family_members fm`: eligibleComponents
   * for calendar-date births, except that being born (`born`) is left to the caller (every component needs it).
   */
  private memberFlags(p: { asOf: string; earlyBound: string; lansiaBound: string }) {
    const pg = this.engine === 'postgres';
    const b = (cond: RawBuilder<unknown>) => (pg ? sql`cast(${cond} as integer)` : sql`(${cond})`);
    const ibuCond = sql`p.sex = 'P' and (p.pregnant = 1 or p.postpartum = 1)`;
    return {
      caretaker: sql`fm.caretaker`,
      born: b(sql`p.birth_date <= ${p.asOf}`),
      ibu: b(ibuCond),
      aud: b(sql`p.birth_date > ${p.earlyBound} and p.school_level not in ('sd', 'smp', 'sma')`),
      sd: b(sql`p.school_level = 'sd'`),
      smp: b(sql`p.school_level = 'smp'`),
      sma: b(sql`p.school_level = 'sma'`),
      dis: b(sql`p.severe_disability = 1`),
      lansia: b(sql`p.birth_date <= ${p.lansiaBound}`),
      // Any component (early childhood or school: younger than the band or enrolled), and an open-ended one.
      comps: b(sql`(${ibuCond}) or p.school_level in ('sd', 'smp', 'sma') or p.birth_date > ${p.earlyBound} or p.severe_disability = 1 or p.birth_date <= ${p.lansiaBound}`),
      open: b(sql`(${ibuCond}) or p.severe_disability = 1 or p.birth_date <= ${p.lansiaBound}`),
    };
  }

  /**
   * The ending components (anak_usia_dini, sd, smp, sma) of these families' current members in member
   * order (position, then start date: as members are read everywhere), each listed once, at its first member.
   */
  async endingOrder(familyIds: string[], p: { asOf: string; earlyBound: string; lansiaBound: string }): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const m = this.memberFlags(p);
    for (const part of chunks(familyIds)) {
      const rows = await sql<{ family_id: string; code: string | null }>`
        select fm.family_id, case when ${m.born} = 0 then null when ${m.aud} = 1 then 'anak_usia_dini' when ${m.sd} = 1 then 'sd' when ${m.smp} = 1 then 'smp' when ${m.sma} = 1 then 'sma' end as code
        from family_members fm join persons p on p.id = fm.person_id
        where fm.family_id in (${sql.join(part)})
          and fm.deleted_at is null and fm.start_date <= ${p.asOf} and (fm.end_date is null or fm.end_date > ${p.asOf})
        order by fm.family_id, fm.position, fm.start_date`.execute(this.db);
      for (const r of rows.rows) {
        if (!r.code) continue;
        const id = String(r.family_id);
        const list = out.get(id) ?? [];
        if (!list.includes(r.code)) list.push(r.code);
        out.set(id, list);
      }
    }
    return out;
  }

  /**
   * Families with a member whose facts changed after `asOf` (a facts record after the date that is not the
   * person's first): only for them do the facts on the date differ from the person's current facts, so the
   * pass asks the domain for them. A first record after the date (someone born after it) changes nothing.
   */
  async familiesWithFactsAfter(asOf: string): Promise<Set<string>> {
    // The facts records after the date first (one pass over person_facts), then their families.
    const later = this.db
      .selectFrom('person_facts')
      .select('person_facts.person_id')
      .where('person_facts.valid_from', '>', asOf)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('person_facts as earlier')
            .select(sql.lit(1).as('one'))
            .whereRef('earlier.person_id', '=', 'person_facts.person_id')
            .whereRef('earlier.valid_from', '<', 'person_facts.valid_from'),
        ),
      );
    const rows = await this.db
      .selectFrom('family_members')
      .select('family_members.family_id')
      .distinct()
      .where('family_members.person_id', 'in', later)
      .where('family_members.deleted_at', 'is', null)
      .execute();
    return new Set(rows.map((r) => String(r.family_id)));
  }

  /**
   * PostgreSQL: fresh planner statistics of the candidates (after many rows were written: the deletes and the
   * aggregates' trigger look rows up by family, which a stale "empty table" estimate turns into scans).
   */
  async refreshCandidateStatistics(): Promise<void> {
    if (this.engine === 'postgres') await sql`analyze graduation_candidates`.execute(this.db);
  }

  /**
   * Rewrites the candidates of these families (set-based, one transaction): their rows are deleted and the
   * given rows inserted. `params` of the rows is the JSON text to store.
   */
  async rewriteCandidates(familyIds: string[], rows: StoredCandidate[], at: string): Promise<void> {
    if (familyIds.length === 0 && rows.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(familyIds)) await trx.deleteFrom('graduation_candidates').where('family_id', 'in', part).execute();
      await insertInChunks(
        trx,
        'graduation_candidates',
        rows.map((r) => ({ family_id: r.familyId, reason_code: r.reasonCode, type: r.type, params: r.params, due_date: r.dueDate, evaluated_at: at })),
      );
      await this.refreshSignatures(trx, [...familyIds, ...rows.map((r) => r.familyId)]);
    });
  }

  /**
   * Writes again the candidates' text of these families (graduation_candidate_signatures, migration 0017),
   * from their rows as now stored, in the caller's transaction: every write of candidates ends with it, so
   * the text the nightly pass reads is always that of the rows.
   */
  private async refreshSignatures(trx: Kysely<DB>, familyIds: string[]): Promise<void> {
    for (const part of chunks([...new Set(familyIds)])) {
      await trx.deleteFrom('graduation_candidate_signatures').where('family_id', 'in', part).execute();
      await insertCandidateSignatures(this.engine, sql`g.family_id in (${sql.join(part)})`).execute(trx);
    }
  }

  /** The latest change-log sequence number (0 when empty). */
  latestChangeSeq(): Promise<number> {
    return changeLogHead(this.db);
  }

  /** Families changed after a change-log sequence number. */
  async familiesChangedSince(seq: number): Promise<string[]> {
    const rows = await this.db.selectFrom('change_log').select('family_id').distinct().where('seq', '>', seq).where('family_id', 'is not', null).execute();
    return rows.map((r) => String(r.family_id));
  }

  /** Usernames → user ids. */
  async pendampingIds(usernames: string[]): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'username']).where('username', 'in', usernames).execute();
    return new Map(rows.map((r) => [r.username, r.id]));
  }

  // ---- PENA income ------------------------------------------------------------------------------

  /** Business income per month of PENA families (for the PENA trigger), by family. */
  async penaIncome(familyIds: string[]): Promise<Map<string, Array<{ month: string; rupiah: number }>>> {
    const out = new Map<string, Array<{ month: string; rupiah: number }>>();
    for (const part of chunks(familyIds)) {
      const rows = await this.db
        .selectFrom('pena_incomes')
        .select(['family_id', 'month', 'rupiah'])
        .where('family_id', 'in', part)
        .where('deleted_at', 'is', null)
        .orderBy('family_id')
        .orderBy('month')
        .execute();
      for (const r of rows) {
        const list = out.get(r.family_id) ?? [];
        list.push({ month: r.month, rupiah: Number(r.rupiah) });
        out.set(r.family_id, list);
      }
    }
    return out;
  }

  /** Records (or corrects) a month's PENA income of a family in scope; false when out of scope. */
  async recordPenaIncome(scope: Scope, familyId: string, entry: { id: string; month: string; rupiah: number }, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const family = await this.familyInScope(trx, scope, familyId);
      if (!family) return false;
      const before = await trx.selectFrom('pena_incomes').select(['id', 'rupiah', 'version']).where('family_id', '=', familyId).where('month', '=', entry.month).executeTakeFirst();
      let id = entry.id;
      let version = 1;
      if (before) {
        id = before.id;
        version = Number(before.version) + 1;
        await trx.updateTable('pena_incomes').set({ rupiah: entry.rupiah, deleted_at: null, version, updated_at: at, updated_by: actor.id }).where('id', '=', id).execute();
      } else {
        await trx
          .insertInto('pena_incomes')
          .values({ id, family_id: familyId, month: entry.month, rupiah: entry.rupiah, version: 1, created_at: at, updated_at: at, updated_by: actor.id, deleted_at: null })
          .execute();
      }
      await appendChanges(trx, [{ entity: 'pena_incomes', recordId: id, familyId, kabKotaCode: family.kab_kota_code, op: before ? 'update' : 'create', version }], actor.id, at);
      await appendAudit(trx, actor, at, [
        { action: 'pena_income.record', entity: 'pena_incomes', recordId: id, familyId, regionCode: family.kelurahan_code, before: before ? { rupiah: Number(before.rupiah) } : null, after: { month: entry.month, rupiah: entry.rupiah } },
      ]);
      return true;
    });
  }

  // ---- pipeline and targets ---------------------------------------------------------------------

  /**
   * Families per open-case state (and exits in a year) within scope, keyed by pendamping (username),
   * kelurahan or kecamatan code.
   */
  async pipeline(scope: Scope, by: 'pendamping' | 'kelurahan' | 'kecamatan', year: number): Promise<PipelineRow[]> {
    const key = by === 'pendamping' ? sql<string>`coalesce(users.username, '-')` : by === 'kelurahan' ? sql<string>`families.kelurahan_code` : sql<string>`families.kecamatan_code`;
    const rows = await this.db
      .selectFrom('graduation_cases')
      .innerJoin('families', 'families.id', 'graduation_cases.family_id')
      .leftJoin('users', 'users.id', 'families.pendamping_id')
      .where(familyScope(scope) as never)
      .where('families.deleted_at', 'is', null)
      .where('graduation_cases.deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('graduation_cases.open', '=', 1),
          eb.and([eb('graduation_cases.state', '=', 'closed'), eb('graduation_cases.exit_effective_date', '>=', `${year}-01-01`), eb('graduation_cases.exit_effective_date', '<=', `${year}-12-31`)]),
        ]),
      )
      .select([key.as('key'), 'graduation_cases.state as state', (eb) => eb.fn.countAll<number>().as('families')])
      .groupBy([key, 'graduation_cases.state'])
      .orderBy('key')
      .orderBy('state')
      .execute();
    return rows.map((r) => ({ key: String(r.key), state: r.state, families: Number(r.families) }));
  }

  /** Sejahtera-mandiri exits in a year per pendamping in scope (for targets). */
  /** Exits of a type that took effect in the year, up to `until` (today: an exit scheduled later has not happened yet). */
  async exitsByPendamping(scope: Scope, year: number, type: string, until: CalendarDate): Promise<Map<string, number>> {
    const end = `${year}-12-31` < until ? `${year}-12-31` : until;
    const rows = await this.db
      .selectFrom('graduation_cases')
      .innerJoin('families', 'families.id', 'graduation_cases.family_id')
      .where(familyScope(scope) as never)
      .where('graduation_cases.type', '=', type)
      .where('graduation_cases.state', 'in', EXIT_STATES)
      .where('graduation_cases.exit_effective_date', '>=', `${year}-01-01`)
      .where('graduation_cases.exit_effective_date', '<=', end)
      .where('families.pendamping_id', 'is not', null)
      // As the dashboard counts graduations: deleted families and cases are not counted.
      .where('families.deleted_at', 'is', null)
      .where('graduation_cases.deleted_at', 'is', null)
      .select(['families.pendamping_id as pendampingId', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('families.pendamping_id')
      .execute();
    return new Map(rows.map((r) => [r.pendampingId as string, Number(r.n)]));
  }

  async targets(pendampingIds: string[], year: number): Promise<Map<string, number>> {
    if (pendampingIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('graduation_targets').select(['pendamping_id', 'target']).where('year', '=', year).where('pendamping_id', 'in', pendampingIds).execute();
    return new Map(rows.map((r) => [r.pendamping_id, Number(r.target)]));
  }

  async setTarget(pendampingId: string, year: number, target: number, actor: AuditActor, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Written without a read first: a target nobody has set is inserted, and one set already (by a writer of
      // the same moment too: on PostgreSQL the insert waits for that writer's commit) is left to the update,
      // which reads the value it replaces under the row's lock. Writers of one target never meet on its key.
      const inserted = await trx
        .insertInto('graduation_targets')
        .values({ pendamping_id: pendampingId, year, target, updated_at: at, updated_by: actor.id })
        .onConflict((oc) => oc.columns(['pendamping_id', 'year']).doNothing())
        .returning('target')
        .executeTakeFirst();
      let before: { target: number } | undefined;
      if (!inserted) {
        let held = trx.selectFrom('graduation_targets').select('target').where('pendamping_id', '=', pendampingId).where('year', '=', year);
        if (this.engine === 'postgres') held = held.forUpdate();
        before = await held.executeTakeFirst();
        await trx.updateTable('graduation_targets').set({ target, updated_at: at, updated_by: actor.id }).where('pendamping_id', '=', pendampingId).where('year', '=', year).execute();
      }
      await appendAudit(trx, actor, at, [{ action: 'graduation.target', entity: 'graduation_targets', recordId: pendampingId, before: before ?? null, after: { year, target } }]);
    });
  }

  /** Open cases in scope, optionally in one state (the approval queue: `proposed`), oldest move first, paged. */
  async openCases(scope: Scope, f: { state?: string; limit: number; offset: number }): Promise<{ items: OpenCaseRow[]; total: number }> {
    let base = this.db
      .selectFrom('graduation_cases')
      .innerJoin('families', 'families.id', 'graduation_cases.family_id')
      .where(familyScope(scope) as never)
      .where('families.deleted_at', 'is', null)
      .where('graduation_cases.deleted_at', 'is', null)
      .where('graduation_cases.open', '=', 1);
    if (f.state) base = base.where('graduation_cases.state', '=', f.state);
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
      base
        .leftJoin('users', 'users.id', 'families.pendamping_id')
        .select([
          'graduation_cases.id as caseId',
          'graduation_cases.family_id as familyId',
          'graduation_cases.state',
          'graduation_cases.type',
          'graduation_cases.state_at as stateAt',
          'graduation_cases.version',
          'families.head_name as headName',
          'families.kelurahan_code as kelurahanCode',
          'users.username as pendamping',
        ])
        .orderBy('graduation_cases.state_at')
        .orderBy('graduation_cases.id')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
    ]);
    return { items: rows.map((r) => ({ ...r, version: Number(r.version) })), total: Number(count?.n ?? 0) };
  }

  // ---- graduation documents (letter, berita acara, proposals list) -------------------------------

  /**
   * Cases in scope for the graduation documents, with the family's address and pendamping: by state,
   * optionally open only, in one kelurahan, and approved within a window (calendar dates). At most `limit`.
   */
  async documentCases(
    scope: Scope,
    f: { states: readonly string[]; openOnly?: boolean; kelurahanCode?: string; approvedFrom?: string; approvedTo?: string; limit: number },
  ): Promise<DocumentCaseRow[]> {
    let q = this.db
      .selectFrom('graduation_cases')
      .innerJoin('families', 'families.id', 'graduation_cases.family_id')
      .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
      .leftJoin('users', 'users.id', 'families.pendamping_id')
      .where(familyScope(scope) as never)
      .where('families.deleted_at', 'is', null)
      .where('graduation_cases.deleted_at', 'is', null)
      .where('graduation_cases.state', 'in', [...f.states]);
    if (f.openOnly) q = q.where('graduation_cases.open', '=', 1);
    if (f.kelurahanCode) q = q.where('families.kelurahan_code', '=', f.kelurahanCode);
    if (f.approvedFrom) q = q.where('graduation_cases.approved_at', '>=', f.approvedFrom);
    if (f.approvedTo) q = q.where('graduation_cases.approved_at', '<=', f.approvedTo);
    const rows = await q
      .select([
        'graduation_cases.id as caseId',
        'graduation_cases.family_id as familyId',
        'graduation_cases.type',
        'graduation_cases.state',
        'graduation_cases.state_at as stateAt',
        'graduation_cases.assessment_id as assessmentId',
        'graduation_cases.approved_at as approvedAt',
        'graduation_cases.exit_effective_date as exitEffectiveDate',
        'families.head_name as headName',
        'families.address',
        'families.rt',
        'families.rw',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'users.username as pendamping',
        'users.display_name as pendampingName',
      ])
      .orderBy('families.kelurahan_code')
      .orderBy('families.head_name_folded')
      .orderBy('graduation_cases.id')
      .limit(f.limit)
      .execute();
    return rows;
  }

  /** The latest move of each case into a state (`proposed`: when and with which note it was proposed). */
  async latestMovesTo(caseIds: string[], to: string): Promise<Map<string, { at: string; note: string | null }>> {
    const out = new Map<string, { at: string; note: string | null }>();
    for (const part of chunks(caseIds)) {
      const rows = await this.db
        .selectFrom('graduation_transitions')
        .select(['case_id as caseId', 'at', 'note'])
        .where('case_id', 'in', part)
        .where('to_state', '=', to)
        .orderBy('at')
        .orderBy('id')
        .execute();
      for (const r of rows) out.set(r.caseId, { at: r.at, note: r.note });
    }
    return out;
  }

  /** Result and score of the families' assessments, oldest first per family. */
  async assessmentSummaries(familyIds: string[]): Promise<Map<string, Array<{ id: string; result: string; score: number; assessedOn: string }>>> {
    const out = new Map<string, Array<{ id: string; result: string; score: number; assessedOn: string }>>();
    for (const part of chunks(familyIds)) {
      const rows = await this.db
        .selectFrom('assessments')
        .select(['id', 'family_id as familyId', 'result', 'score', 'assessed_on as assessedOn'])
        .where('family_id', 'in', part)
        .where('deleted_at', 'is', null)
        .orderBy('assessed_on')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      for (const r of rows) {
        const list = out.get(r.familyId) ?? [];
        list.push({ id: r.id, result: r.result, score: Number(r.score), assessedOn: r.assessedOn });
        out.set(r.familyId, list);
      }
    }
    return out;
  }

  /** What the triggers found for these families (reason codes and their parameters). */
  async candidatesOf(familyIds: string[]): Promise<Map<string, NewCandidate[]>> {
    const out = new Map<string, NewCandidate[]>();
    for (const part of chunks(familyIds)) {
      const rows = await this.db
        .selectFrom('graduation_candidates')
        .select(['family_id as familyId', 'reason_code as reasonCode', 'type', 'params', 'due_date as dueDate'])
        .where('family_id', 'in', part)
        .orderBy('family_id')
        .orderBy('reason_code')
        .execute();
      for (const r of rows) {
        const list = out.get(r.familyId) ?? [];
        list.push({ ...r, params: JSON.parse(r.params) as Record<string, unknown> });
        out.set(r.familyId, list);
      }
    }
    return out;
  }

  // ---- internals --------------------------------------------------------------------------------

  private async familyInScope(trx: Kysely<DB>, scope: Scope, familyId: string, lock = false) {
    let q = trx
      .selectFrom('families')
      .select(['families.id', 'families.status', 'families.kab_kota_code', 'families.kelurahan_code', 'families.pendamping_id'])
      .where(familyScope(scope))
      .where('families.deleted_at', 'is', null)
      .where('families.id', '=', familyId);
    if (lock && this.engine === 'postgres') q = q.forUpdate();
    return q.executeTakeFirst();
  }

  private async latestCase(trx: Kysely<DB>, familyId: string): Promise<CaseRow | null> {
    const r = await trx
      .selectFrom('graduation_cases')
      .select(CASE_COLUMNS)
      .where('graduation_cases.family_id', '=', familyId)
      .where('graduation_cases.deleted_at', 'is', null)
      .orderBy('graduation_cases.open', 'desc')
      .orderBy('graduation_cases.opened_at', 'desc')
      .orderBy('graduation_cases.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? toCase(r as Record<string, unknown>) : null;
  }

  /** A graduated family leaves its P2K2 groups on its exit date (membership history kept). */
  private async leaveGroups(trx: Kysely<DB>, families: Array<{ familyId: string; kabKotaCode: string }>, date: string, actorId: string | null, at: string): Promise<Parameters<typeof appendChanges>[1]> {
    const ids = families.map((f) => f.familyId);
    const open = await trx.selectFrom('family_group_members').select(['id', 'family_id', 'version']).where('family_id', 'in', ids).where('end_date', 'is', null).where('deleted_at', 'is', null).execute();
    if (open.length === 0) return [];
    await trx
      .updateTable('family_group_members')
      .set({ end_date: date, end_reason: 'graduasi', version: sql`version + 1`, updated_at: at, updated_by: actorId })
      .where('id', 'in', open.map((o) => o.id))
      .execute();
    const kab = new Map(families.map((f) => [f.familyId, f.kabKotaCode]));
    return open.map((o) => ({ entity: 'family_group_members', recordId: o.id, familyId: o.family_id, kabKotaCode: kab.get(o.family_id) ?? null, op: 'update' as const, version: Number(o.version) + 1 }));
  }

  private async setFamilyStatus(trx: Kysely<DB>, familyId: string, status: string, actorId: string | null, at: string): Promise<number> {
    const r = await trx
      .updateTable('families')
      .set({ status, version: sql`version + 1`, updated_at: at, updated_by: actorId })
      .where('id', '=', familyId)
      .returning('version')
      .executeTakeFirstOrThrow();
    return Number(r.version);
  }
}

function shapeFamily(f: { id: string; status: string; kab_kota_code: string; kelurahan_code: string; pendamping_id: string | null }): TransitionContext['family'] {
  return { id: f.id, status: f.status, kelurahanCode: f.kelurahan_code, kabKotaCode: f.kab_kota_code, pendampingId: f.pendamping_id };
}

/** A candidate row as stored (`params` the JSON text). */
export type StoredCandidate = Omit<NewCandidate, 'params'> & { params: string };

/** An open case as the approval queue lists it. */
export interface OpenCaseRow {
  caseId: string;
  familyId: string;
  state: string;
  type: string;
  stateAt: string;
  version: number;
  headName: string;
  kelurahanCode: string;
  pendamping: string | null;
}

/** A graduation case as the graduation documents print it (letter, berita acara, proposals list). */
export interface DocumentCaseRow {
  caseId: string;
  familyId: string;
  type: string;
  state: string;
  stateAt: string;
  assessmentId: string | null;
  approvedAt: string | null;
  exitEffectiveDate: string | null;
  headName: string;
  address: string;
  rt: string;
  rw: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  pendamping: string | null;
  pendampingName: string | null;
}
