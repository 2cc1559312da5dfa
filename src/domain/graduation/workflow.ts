/**
 * The graduation workflow as an explicit state machine (contract: "Graduation states" and "Transition
 * rules"; pkh.md 4.4). Pure: checkTransition judges one requested move; the service stores it, audits it
 * and sets the family's status.
 *
 *   (no case) ─► candidate ─► assessed ─► statement_signed ─► proposed ─► approved ─► exited ─► monitoring ─► closed
 *                    │            │  ▲ (re-assessment)          ▲           │            │           │
 *                    │            └──┘                          │           └► rejected  └────┬──────┴► reentered
 *                    └── alamiah ─► proposed; alamiah/paksa: assessed ─► proposed (no statement)
 *   rejected ─► candidate and reentered ─► candidate start again; closed is final.
 *
 * Order of the checks (the contract's): a move the machine does not allow from the current state (for
 * the case's type) is 409 whoever asks; an allowed move by a role that may not make it is 403; missing or
 * invalid evidence is 422.
 * Roles: pendamping make candidate, assessed, statement_signed, proposed, monitoring and closed;
 * koordinator (kecamatan or kota) and admin make approved, rejected, exited and reentered. `system` (the
 * trigger batch) may open a case as candidate.
 * Types: alamiah needs no statement (it may skip assessed too: its exit is driven by data); paksa needs
 * no statement but its proposal needs the kelurahan's letter (`kelurahanLetterDocumentId`);
 * sejahtera_mandiri and pena go through the signed statement. The type is chosen when the case opens
 * (default sejahtera_mandiri) and may change until the proposal; after it, it is fixed.
 * Readiness: the signed statement (the family's voluntary word that it is ready to leave) follows the
 * assessment that found it ready: over an assessment that found it not ready (a mandatory criterion unmet
 * among the reasons) it is refused (422), unless the request carries an explicit override with a written
 * reason (`evidence.readinessOverride.reason`), which is recorded with the move. `assessed` takes any
 * stored assessment: one that finds the family not ready is still an assessment.
 * The family: graduation is for families in PKH. Given the family's status (`ctx.familyStatus`), a family
 * that has left for another reason (`keluar`) has no move but `rejected` (ending the case); a `graduasi`
 * family no move towards an exit; a family back in PKH (`aktif`, `ditangguhkan`) after its exit took effect
 * no monitoring or closing (its way back is `reentered`). All 409, after the role's 403.
 * `judgeStatusChange` says what a direct change of the family's status does to its case.
 */
import { addYears, isCalendarDate, lastDayOfMonth } from '../dates';
import { DEFAULT_TAHAP_CALENDAR, type TahapCalendar, tahapsOfYear } from '../compliance';
import type { CalendarDate, Coded, FamilyStatus, Role } from '../types';

export const GRADUATION_STATES = [
  'candidate',
  'assessed',
  'statement_signed',
  'proposed',
  'approved',
  'rejected',
  'exited',
  'monitoring',
  'closed',
  'reentered',
] as const;
export type GraduationState = (typeof GRADUATION_STATES)[number];

export const GRADUATION_TYPES = ['alamiah', 'sejahtera_mandiri', 'paksa', 'pena'] as const;
export type GraduationType = (typeof GRADUATION_TYPES)[number];

/** Who asks: a user's role, or the trigger batch. */
export type Actor = Role | 'system';

const PENDAMPING: readonly Actor[] = ['pendamping'];
const COORDINATORS: readonly Actor[] = ['koordinator_kecamatan', 'koordinator_kota', 'admin'];

/** Who may move a case into each state (contract). */
export const ROLES_BY_TARGET: Readonly<Record<GraduationState, readonly Actor[]>> = {
  candidate: [...PENDAMPING, 'system'],
  assessed: PENDAMPING,
  statement_signed: PENDAMPING,
  proposed: PENDAMPING,
  monitoring: PENDAMPING,
  closed: PENDAMPING,
  approved: COORDINATORS,
  rejected: COORDINATORS,
  exited: COORDINATORS,
  reentered: COORDINATORS,
};

/** One edge of the machine; `types` restricts it to some graduation types (absent: every type). */
export interface TransitionRule {
  from: GraduationState | null;
  to: GraduationState;
  types?: readonly GraduationType[];
}

/** The table: every move the machine allows. `from: null` opens a case. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: null, to: 'candidate' },
  { from: 'rejected', to: 'candidate' },
  { from: 'reentered', to: 'candidate' },
  { from: 'candidate', to: 'assessed' },
  { from: 'assessed', to: 'assessed' },
  { from: 'assessed', to: 'statement_signed' },
  { from: 'candidate', to: 'proposed', types: ['alamiah'] },
  { from: 'assessed', to: 'proposed', types: ['alamiah', 'paksa'] },
  { from: 'statement_signed', to: 'proposed' },
  { from: 'proposed', to: 'approved' },
  { from: 'proposed', to: 'rejected' },
  { from: 'approved', to: 'exited' },
  { from: 'exited', to: 'monitoring' },
  { from: 'monitoring', to: 'closed' },
  { from: 'exited', to: 'reentered' },
  { from: 'monitoring', to: 'reentered' },
];

/** States in which the type may still be chosen (the move into them may carry `type`). */
const TYPE_OPEN: readonly GraduationState[] = ['candidate', 'assessed', 'statement_signed', 'proposed'];

export const WORKFLOW_MESSAGE_CODES = [
  'graduation.transition.unknown_state',
  'graduation.transition.unknown_type',
  'graduation.transition.not_allowed',
  'graduation.transition.no_case',
  'graduation.transition.case_open',
  'graduation.transition.statement_required',
  'graduation.transition.role',
  'graduation.transition.type_locked',
  'graduation.transition.exit_not_yet',
  'graduation.transition.family_left',
  'graduation.transition.family_graduated',
  'graduation.transition.family_in_programme',
  'graduation.evidence.not_ready',
  'graduation.evidence.override_reason_required',
  'graduation.status_change.from_graduasi',
  'graduation.status_change.to_graduasi',
  'graduation.status_change.exit_pending',
  'graduation.status_change.case_exited',
  'graduation.case.ended_family_left',
  'graduation.evidence.assessment_required',
  'graduation.evidence.assessment_unknown',
  'graduation.evidence.statement_date_required',
  'graduation.evidence.date_invalid',
  'graduation.evidence.date_in_future',
  'graduation.evidence.note_required',
  'graduation.evidence.kelurahan_letter_required',
  'graduation.evidence.effective_before_approval',
  'graduation.evidence.effective_too_late',
  'graduation.evidence.statement_before_assessment',
  'graduation.monitoring.visit',
  'graduation.state.candidate',
  'graduation.state.assessed',
  'graduation.state.statement_signed',
  'graduation.state.proposed',
  'graduation.state.approved',
  'graduation.state.rejected',
  'graduation.state.exited',
  'graduation.state.monitoring',
  'graduation.state.closed',
  'graduation.state.reentered',
  'graduation.type.alamiah',
  'graduation.type.sejahtera_mandiri',
  'graduation.type.paksa',
  'graduation.type.pena',
] as const;

/** A family's case as the machine needs it (null: no case yet). */
export interface GraduationCase {
  state: GraduationState;
  type: GraduationType;
  /** The date of the approval (set when the case reached `approved`); exited may not be earlier. */
  approvedAt?: CalendarDate | null;
  /** The date the exit takes effect (set when the case reached `exited`); monitoring starts from it. */
  exitEffectiveDate?: CalendarDate | null;
  /** The date of the assessment the case was assessed with; the statement is signed after it. */
  assessedOn?: CalendarDate | null;
  /**
   * What the assessment the case rests on found (the latest one attached by `assessed`); the statement
   * needs it ready, or an override. Absent: not known to the caller (nothing is checked).
   */
  assessment?: { ready: boolean; mandatoryNotMet: readonly string[] } | null;
}

/** A written override of the readiness check (the statement over an assessment that found the family not ready). */
export interface ReadinessOverride {
  reason: string;
  /** Recorded with the move: the mandatory criteria the assessment found unmet (codes). */
  mandatoryNotMet?: string[];
}

export interface TransitionEvidence {
  assessmentId?: string;
  statementSignedAt?: CalendarDate;
  documentId?: string;
  kelurahanLetterDocumentId?: string;
  effectiveDate?: CalendarDate;
  /** statement_signed over an assessment that found the family not ready: the explicit override and its reason. */
  readinessOverride?: ReadinessOverride | null;
}

/** The request body of POST /families/{id}/graduation/transitions. */
export interface TransitionRequest {
  to: string;
  type?: string;
  note?: string | null;
  evidence?: TransitionEvidence | null;
}

export interface TransitionContext {
  /** Today (Asia/Jakarta). */
  today: CalendarDate;
  calendar?: TahapCalendar;
  /** When given, an `assessed` move's assessmentId must be one of these (the family's stored assessments). */
  assessmentIds?: readonly string[];
  /** The family's status now; when given, moves are judged against it (graduation is for families in PKH). */
  familyStatus?: FamilyStatus | string;
}

export interface TransitionAccepted {
  ok: true;
  from: GraduationState | null;
  to: GraduationState;
  type: GraduationType;
  note: string | null;
  evidence: TransitionEvidence;
  /** exited: the date the family's status becomes graduasi. */
  effectiveDate?: CalendarDate;
  /** approved: the approval date to keep on the case (today). */
  approvedAt?: CalendarDate;
}

export interface TransitionRefused {
  ok: false;
  status: 409 | 403 | 422;
  code: string;
  params: Record<string, string | number>;
  /** For 422: the field path (`note`, `evidence.assessmentId`, ...). */
  field?: string;
}

export type TransitionOutcome = TransitionAccepted | TransitionRefused;

export function isGraduationState(v: unknown): v is GraduationState {
  return typeof v === 'string' && (GRADUATION_STATES as readonly string[]).includes(v);
}
export function isGraduationType(v: unknown): v is GraduationType {
  return typeof v === 'string' && (GRADUATION_TYPES as readonly string[]).includes(v);
}

/** Whether the table allows this move for this type. */
export function isAllowedMove(from: GraduationState | null, to: GraduationState, type: GraduationType): boolean {
  return TRANSITIONS.some((r) => r.from === from && r.to === to && (!r.types || r.types.includes(type)));
}

/** The states reachable in one move from a state, for a type (what the UI offers). */
export function nextStates(from: GraduationState | null, type: GraduationType): GraduationState[] {
  return [...new Set(TRANSITIONS.filter((r) => r.from === from && (!r.types || r.types.includes(type))).map((r) => r.to))];
}

/**
 * The moves an actor may make now (allowed by the table and by role; given `today`, monitoring only once the
 * exit has taken effect, as `checkTransition` judges it).
 */
export function movesFor(current: GraduationCase | null, actor: Actor, today?: CalendarDate, familyStatus?: FamilyStatus | string): GraduationState[] {
  const type = current?.type ?? 'sejahtera_mandiri';
  const exit = current?.exitEffectiveDate ?? null;
  return nextStates(current?.state ?? null, type).filter(
    (to) => ROLES_BY_TARGET[to].includes(actor) && !(to === 'monitoring' && today && exit && today < exit) && !familyRefusal(current, to, familyStatus, today),
  );
}

/** The moves that lead a family out of PKH (or towards it): only for a family in PKH. */
const TOWARDS_EXIT: readonly GraduationState[] = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'exited'];
/** A family in PKH: `aktif` or `ditangguhkan` (suspended, still a KPM). */
export const IN_PROGRAMME: readonly string[] = ['aktif', 'ditangguhkan'];

/**
 * The family's status against a move (409), or null: `keluar` allows only `rejected` (ending the case);
 * `graduasi` allows no move towards an exit; a family in PKH whose exit took effect (a status edited
 * directly before that was refused) is neither monitored nor closed: its way back is `reentered`.
 */
function familyRefusal(current: GraduationCase | null, to: GraduationState, familyStatus: FamilyStatus | string | undefined, today?: CalendarDate): TransitionRefused | null {
  if (familyStatus === undefined) return null;
  if (familyStatus === 'keluar') return to === 'rejected' ? null : refuse(409, 'graduation.transition.family_left', {});
  if (familyStatus === 'graduasi') return TOWARDS_EXIT.includes(to) ? refuse(409, 'graduation.transition.family_graduated', {}) : null;
  if (IN_PROGRAMME.includes(familyStatus) && (to === 'monitoring' || to === 'closed')) {
    const exit = current?.exitEffectiveDate ?? null;
    // Before the exit takes effect, monitoring says exit_not_yet (checkTransition); after it, the family should have left.
    if (exit && today && today < exit) return null;
    return refuse(409, 'graduation.transition.family_in_programme', {});
  }
  return null;
}

/** The last day of the tahap `date` falls in (2020's monthly tahap end with their month). */
export function endOfTahap(date: CalendarDate, calendar: TahapCalendar = DEFAULT_TAHAP_CALENDAR): CalendarDate {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const slot = tahapsOfYear(year, calendar).find((s) => s.months.includes(month));
  if (!slot) throw new RangeError(`The tahap calendar does not cover ${date.slice(0, 7)}`);
  return lastDayOfMonth(year, slot.months[slot.months.length - 1]);
}

const refuse = (status: 409 | 403 | 422, code: string, params: Record<string, string | number> = {}, field?: string): TransitionRefused => ({
  ok: false,
  status,
  code,
  params,
  ...(field ? { field } : {}),
});

const filled = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';

/** 409 for a move the table does not allow, with the most helpful code. */
function notAllowed(current: GraduationCase | null, to: GraduationState, type: GraduationType): TransitionRefused {
  const from = current?.state ?? null;
  if (from === null) return refuse(409, 'graduation.transition.no_case', { to });
  if (to === 'candidate' && from !== 'closed') return refuse(409, 'graduation.transition.case_open', { from, to });
  if (to === 'proposed' && (from === 'candidate' || from === 'assessed')) {
    return refuse(409, 'graduation.transition.statement_required', { from, to, type });
  }
  return refuse(409, 'graduation.transition.not_allowed', { from, to, type });
}

/**
 * Judges one requested move of a family's case by an actor. Accepted: the new state, the type, the note
 * and evidence to record (and, for exited, the effective date; for approved, the approval date).
 */
export function checkTransition(
  current: GraduationCase | null,
  request: TransitionRequest,
  actor: Actor,
  ctx: TransitionContext,
): TransitionOutcome {
  if (!isGraduationState(request.to)) return refuse(422, 'graduation.transition.unknown_state', { to: String(request.to) }, 'to');
  if (request.type !== undefined && request.type !== null && !isGraduationType(request.type)) {
    return refuse(422, 'graduation.transition.unknown_type', { type: String(request.type) }, 'type');
  }
  const to = request.to;
  const from = current?.state ?? null;
  const requestedType = request.type as GraduationType | undefined;
  const typeOpen = current === null || TYPE_OPEN.includes(to);
  const type: GraduationType = (typeOpen ? requestedType : undefined) ?? current?.type ?? 'sejahtera_mandiri';

  // 1. The machine (409, whoever asks).
  if (!isAllowedMove(from, to, type)) return notAllowed(current, to, type);
  // 2. The role (403).
  if (!ROLES_BY_TARGET[to].includes(actor)) return refuse(403, 'graduation.transition.role', { role: actor, to });
  // 2b. The family (409): graduation is for families in PKH.
  const outOfPlace = familyRefusal(current, to, ctx.familyStatus, ctx.today);
  if (outOfPlace) return outOfPlace;
  // 3. Evidence (422).
  if (requestedType && current && requestedType !== current.type && !typeOpen) {
    return refuse(422, 'graduation.transition.type_locked', { type: current.type, state: current.state }, 'type');
  }
  const ev: TransitionEvidence = request.evidence ?? {};
  const note = filled(request.note) ? request.note.trim() : null;
  const accepted: TransitionAccepted = { ok: true, from, to, type, note, evidence: {} };
  switch (to) {
    case 'assessed': {
      if (!filled(ev.assessmentId)) return refuse(422, 'graduation.evidence.assessment_required', {}, 'evidence.assessmentId');
      if (ctx.assessmentIds && !ctx.assessmentIds.includes(ev.assessmentId)) {
        return refuse(422, 'graduation.evidence.assessment_unknown', { assessmentId: ev.assessmentId }, 'evidence.assessmentId');
      }
      accepted.evidence = { assessmentId: ev.assessmentId };
      break;
    }
    case 'statement_signed': {
      if (ev.statementSignedAt === undefined || ev.statementSignedAt === null) {
        return refuse(422, 'graduation.evidence.statement_date_required', {}, 'evidence.statementSignedAt');
      }
      if (!isCalendarDate(ev.statementSignedAt)) {
        return refuse(422, 'graduation.evidence.date_invalid', { value: String(ev.statementSignedAt) }, 'evidence.statementSignedAt');
      }
      if (ev.statementSignedAt > ctx.today) {
        return refuse(422, 'graduation.evidence.date_in_future', { date: ev.statementSignedAt, todayDate: ctx.today }, 'evidence.statementSignedAt');
      }
      // The statement follows the assessment that found the family ready (it cannot be signed before it).
      const assessedOn = current?.assessedOn ?? null;
      if (assessedOn && ev.statementSignedAt < assessedOn) {
        return refuse(422, 'graduation.evidence.statement_before_assessment', { date: ev.statementSignedAt, assessedDate: assessedOn }, 'evidence.statementSignedAt');
      }
      // The voluntary statement follows an assessment that found the family ready; over one that did not,
      // only with an explicit override and its written reason (recorded with the move).
      const assessment = current?.assessment ?? null;
      let override: ReadinessOverride | undefined;
      if (assessment && (!assessment.ready || assessment.mandatoryNotMet.length > 0)) {
        const asked = ev.readinessOverride ?? null;
        if (!asked) return refuse(422, 'graduation.evidence.not_ready', {}, 'evidence.readinessOverride');
        if (!filled(asked.reason)) return refuse(422, 'graduation.evidence.override_reason_required', {}, 'evidence.readinessOverride.reason');
        override = { reason: asked.reason.trim(), mandatoryNotMet: [...assessment.mandatoryNotMet] };
      }
      accepted.evidence = { statementSignedAt: ev.statementSignedAt, ...(filled(ev.documentId) ? { documentId: ev.documentId } : {}), ...(override ? { readinessOverride: override } : {}) };
      break;
    }
    case 'proposed': {
      if (type === 'paksa') {
        if (!filled(ev.kelurahanLetterDocumentId)) {
          return refuse(422, 'graduation.evidence.kelurahan_letter_required', {}, 'evidence.kelurahanLetterDocumentId');
        }
        accepted.evidence = { kelurahanLetterDocumentId: ev.kelurahanLetterDocumentId };
      }
      break;
    }
    case 'rejected': {
      if (!note) return refuse(422, 'graduation.evidence.note_required', { to }, 'note');
      break;
    }
    case 'approved':
      accepted.approvedAt = ctx.today;
      break;
    case 'monitoring': {
      // Monitoring follows the family after it has left: not before the exit takes effect.
      const exit = current?.exitEffectiveDate ?? null;
      if (exit && ctx.today < exit) return refuse(409, 'graduation.transition.exit_not_yet', { date: exit, to });
      break;
    }
    case 'exited': {
      const approvedAt = current?.approvedAt ?? null;
      let effective: CalendarDate;
      if (ev.effectiveDate !== undefined && ev.effectiveDate !== null) {
        if (!isCalendarDate(ev.effectiveDate)) {
          return refuse(422, 'graduation.evidence.date_invalid', { value: String(ev.effectiveDate) }, 'evidence.effectiveDate');
        }
        effective = ev.effectiveDate;
      } else {
        effective = endOfTahap(ctx.today, ctx.calendar);
      }
      if (approvedAt && effective < approvedAt) {
        return refuse(422, 'graduation.evidence.effective_before_approval', { date: effective, approvedDate: approvedAt }, 'evidence.effectiveDate');
      }
      // An exit takes effect within a year (the end of a tahap, usually): a later date is a slip of the year.
      const latest = addYears(ctx.today, 1);
      if (effective > latest) {
        return refuse(422, 'graduation.evidence.effective_too_late', { date: effective, latestDate: latest }, 'evidence.effectiveDate');
      }
      accepted.effectiveDate = effective;
      accepted.evidence = { effectiveDate: effective };
      break;
    }
    default:
      break;
  }
  return accepted;
}

/** The case after an accepted move. */
export function applyTransition(current: GraduationCase | null, accepted: TransitionAccepted): GraduationCase {
  const approvedAt = accepted.to === 'approved' ? (accepted.approvedAt ?? null) : accepted.to === 'candidate' ? null : (current?.approvedAt ?? null);
  return { state: accepted.to, type: accepted.type, approvedAt };
}

// ---------------------------------------------------------------------------------------------
// A direct change of the family's status (PATCH /families/{id}, a confirmed data update)

/** The states of a case still on its way to an exit: a family that leaves PKH for another reason ends it. */
export const BEFORE_EXIT: readonly GraduationState[] = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved'];

export type StatusChangeVerdict =
  | { ok: true; endCase: null }
  /** The case ends with this move (`rejected`, with the note `graduation.case.ended_family_left`), in the status change's transaction. */
  | { ok: true; endCase: { from: GraduationState; to: 'rejected'; type: GraduationType } }
  | { ok: false; status: 409; code: string; params: Record<string, string | number> };

/**
 * What a direct change of a family's status means for its graduation (pure; the service applies it in the
 * same transaction as the change):
 * - into or out of `graduasi`: refused (409). A family graduates only through the workflow (approved, then
 *   exited), and comes back through its `reentered` move, which also calls off the follow-up visits.
 * - to `keluar` (left PKH for another reason) with a case on its way to an exit (`BEFORE_EXIT`): the case
 *   ends as `rejected` (the machine's end for a case that will not go on; the family can start again as a
 *   candidate should it come back), a move recorded with a note that says why.
 * - to `keluar` with an exit approved that has not taken effect yet (`exited`/`monitoring` and the family
 *   still in PKH): refused (409); the exit would make the family `graduasi` on its day. It is called off
 *   first with `reentered`.
 * Anything else changes nothing in the case.
 */
export function judgeStatusChange(from: FamilyStatus | string, to: FamilyStatus | string, current: GraduationCase | null, today: CalendarDate): StatusChangeVerdict {
  if (from === to) return { ok: true, endCase: null };
  if (from === 'graduasi') return { ok: false, status: 409, code: 'graduation.status_change.from_graduasi', params: {} };
  if (to === 'graduasi') return { ok: false, status: 409, code: 'graduation.status_change.to_graduasi', params: {} };
  if (to !== 'keluar' || !current) return { ok: true, endCase: null };
  if (BEFORE_EXIT.includes(current.state)) return { ok: true, endCase: { from: current.state, to: 'rejected', type: current.type } };
  if (current.state === 'exited' || current.state === 'monitoring') {
    const exit = current.exitEffectiveDate ?? null;
    if (exit && exit > today) return { ok: false, status: 409, code: 'graduation.status_change.exit_pending', params: { date: exit } };
    return { ok: false, status: 409, code: 'graduation.status_change.case_exited', params: {} };
  }
  return { ok: true, endCase: null };
}

// ---------------------------------------------------------------------------------------------
// Monitoring after exit

export const DEFAULT_MONITORING_MONTHS: readonly number[] = [3, 6, 12];

export interface MonitoringVisit {
  /** 1-based. */
  visit: number;
  monthsAfterExit: number;
  dueDate: CalendarDate;
  reason: Coded;
}

/** The same day `n` months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsToDate(date: CalendarDate, n: number): CalendarDate {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date: ${String(date)}`);
  if (!Number.isInteger(n)) throw new RangeError(`addMonthsToDate needs an integer, got ${n}`);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const ordinal = y * 12 + (m - 1) + n;
  const ty = Math.floor(ordinal / 12);
  const tm = (ordinal % 12) + 1;
  const last = lastDayOfMonth(ty, tm);
  const lastDay = Number(last.slice(8, 10));
  return `${last.slice(0, 8)}${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * Follow-up visits after a family's exit: one per entry of `monthsAfterExit` (default 3, 6 and 12
 * months), due that many months after the effective exit date. Duplicates are dropped, order ascending.
 */
export function monitoringSchedule(exitDate: CalendarDate, monthsAfterExit: readonly number[] = DEFAULT_MONITORING_MONTHS): MonitoringVisit[] {
  const months = [...new Set(monthsAfterExit)].sort((a, b) => a - b);
  for (const m of months) if (!Number.isInteger(m) || m < 1) throw new RangeError(`monitoring months must be whole months >= 1, got ${m}`);
  return months.map((m, i) => {
    const dueDate = addMonthsToDate(exitDate, m);
    return { visit: i + 1, monthsAfterExit: m, dueDate, reason: { code: 'graduation.monitoring.visit', params: { visit: i + 1, months: m, dueDate } } };
  });
}

/** The scheduled visits already due on `today` (a hint for the UI; closing is the machine's and the pendamping's call). */
export function monitoringDue(exitDate: CalendarDate, today: CalendarDate, monthsAfterExit: readonly number[] = DEFAULT_MONITORING_MONTHS): MonitoringVisit[] {
  return monitoringSchedule(exitDate, monthsAfterExit).filter((v) => v.dueDate <= today);
}
