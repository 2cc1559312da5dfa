/**
 * Sanctions for non-compliance, pure: a configurable ladder (data/reference/sanction-ladder.json,
 * parsed by parseSanctionLadder) and the next step it proposes for a family (nextSanction).
 *
 * pkh.md 2.3: non-compliance leads to penangguhan (suspension) and, continued, to pembatalan
 * (cancellation); PKH historically also reduced the benefit. The thresholds were not found (U), so the
 * ladder is data: ordered steps, each with an action, the consecutive and/or total non-compliant closed
 * periods that trigger it, the reason codes a decision must record, and whether the ladder may pass
 * over it. Invariants (tested as properties):
 * - no proposal without a recorded non-compliant closed period: only closed periods count, and only the
 *   latest closed period, when non-compliant and not yet decided on, can trigger a proposal;
 * - one step per non-compliant period, and one step at a time: from the family's current step the
 *   proposal is the next enabled step, or a later one only when every enabled step in between is
 *   `skippable` in the ladder and not triggered itself.
 * A proposal is a proposal: the caller records the decision (toSanctionRecord) with its reasons.
 */
import {
  comparePeriods,
  DEFAULT_TAHAP_CALENDAR,
  isMonth,
  lastMonthOfPeriod,
  nextPeriod,
  parsePeriod,
  type Month,
  type PeriodId,
  type PeriodOutcome,
  type RuleError,
  type TahapCalendar,
  type TahapId,
  tahapId,
  tahapsStartingAfter,
} from './compliance';
import type { Coded } from './types';

export const SANCTION_ACTIONS = ['peringatan', 'pengurangan', 'penangguhan', 'pembatalan'] as const;
export type SanctionAction = (typeof SANCTION_ACTIONS)[number];

/** Every code this module can emit (step names and reason codes come from the ladder's data). */
export const SANCTION_MESSAGE_CODES = [
  'sanction.ladder_invalid',
  'sanction.history_invalid',
  'sanction.current_step_unknown',
  'sanction.proposed.consecutive',
  'sanction.proposed.total',
  'sanction.none.no_closed_period',
  'sanction.none.latest_compliant',
  'sanction.none.already_decided',
  'sanction.none.threshold_not_met',
  'sanction.none.ladder_end',
  'sanction.none.not_in_programme',
  'sanction.tahap_suspended',
] as const;

/** A step is triggered when either threshold is reached (an absent threshold never triggers). */
export interface SanctionThresholds {
  /** Non-compliant closed periods in a row, ending with the latest closed period. */
  consecutive?: number;
  /** Non-compliant closed periods since the ladder last reset. */
  total?: number;
}

export interface SanctionStep {
  /** Unique in the ladder; names the step (`sanction.step.<code>` in the catalogue). */
  code: string;
  action: SanctionAction;
  /** A disabled step is as if absent (pengurangan ships disabled). */
  enabled: boolean;
  /** The ladder may pass over this step (when it is not triggered itself and a later step is). */
  skippable: boolean;
  thresholds: SanctionThresholds;
  /** Reason codes a decision at this step must record (`sanction.reason.*`). */
  requiredReasons: string[];
  /** penangguhan: how many tahap are suspended. */
  suspendTahap?: number;
  /** pengurangan: the reduction in percent. */
  reductionPct?: number;
  confidence?: string;
  note?: string;
}

export interface SanctionLadder {
  steps: SanctionStep[];
  /** After this many compliant closed periods in a row the ladder starts again (null: never). */
  resetAfterCompliantPeriods: number | null;
}

/** A sanction decided (and recorded) for a family. */
export interface SanctionRecord {
  /** The ladder step's code. */
  step: string;
  /** The non-compliant closed periods it was based on. */
  basedOnPeriods: PeriodId[];
  /** penangguhan: the tahap withheld. */
  suspendedTahap?: TahapId[];
  /** Set when the sanction was withdrawn (e.g. on review): it no longer counts or suspends. */
  revoked?: boolean;
}

export interface SanctionProposal {
  step: string;
  action: SanctionAction;
  /** Index of the step in ladder.steps. */
  stepIndex: number;
  /** The family's current step (null: none yet). */
  fromStep: string | null;
  /** Enabled steps passed over (all `skippable`); empty when the ladder moved one step. */
  skipped: string[];
  /** The non-compliant closed periods counted, oldest first (never empty). */
  basedOnPeriods: PeriodId[];
  trigger: 'consecutive' | 'total';
  count: number;
  threshold: number;
  requiredReasons: string[];
  /** penangguhan: the tahap it suspends, the first `suspendTahap` tahap that start after the period. */
  suspendedTahap?: TahapId[];
  reductionPct?: number;
  reason: Coded;
}

export interface SanctionOutcome {
  proposal: SanctionProposal | null;
  /** With a proposal, why (naming the periods); without one, why not. */
  reason: Coded;
}

export interface NextSanctionOptions {
  calendar?: TahapCalendar;
  /** The month the decision is taken: suspended tahap start after it (and after the period). */
  decidedIn?: Month;
  /** The family's status now: one that has left PKH (graduasi, keluar) is sanctioned no more. */
  familyStatus?: string;
}

// ---------------------------------------------------------------------------------------------
// The ladder

const CODE_RE = /^[a-z][a-z0-9_]*$/;
const REASON_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

function ladderInvalid(field: string, value: unknown): RuleError {
  return { ok: false, error: { code: 'sanction.ladder_invalid', params: { field, value: JSON.stringify(value) ?? String(value) } } };
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

function parseStep(raw: unknown, i: number, seen: Set<string>): { ok: true; step: SanctionStep } | RuleError {
  const f = (name: string) => `steps[${i}].${name}`;
  const s = raw as Record<string, unknown> | null;
  if (!s || typeof s !== 'object' || Array.isArray(s)) return ladderInvalid(`steps[${i}]`, raw);
  if (typeof s.code !== 'string' || !CODE_RE.test(s.code) || seen.has(s.code)) return ladderInvalid(f('code'), s.code);
  if (!(SANCTION_ACTIONS as readonly unknown[]).includes(s.action)) return ladderInvalid(f('action'), s.action);
  const action = s.action as SanctionAction;
  const enabled = s.enabled ?? true;
  const skippable = s.skippable ?? false;
  if (typeof enabled !== 'boolean') return ladderInvalid(f('enabled'), s.enabled);
  if (typeof skippable !== 'boolean') return ladderInvalid(f('skippable'), s.skippable);
  const t = s.thresholds as Record<string, unknown> | null;
  if (!t || typeof t !== 'object' || Array.isArray(t)) return ladderInvalid(f('thresholds'), s.thresholds);
  const thresholds: SanctionThresholds = {};
  for (const key of ['consecutive', 'total'] as const) {
    if (t[key] === undefined || t[key] === null) continue;
    if (!isPositiveInt(t[key])) return ladderInvalid(f(`thresholds.${key}`), t[key]);
    thresholds[key] = t[key];
  }
  if (thresholds.consecutive === undefined && thresholds.total === undefined) return ladderInvalid(f('thresholds'), s.thresholds);
  const reasons = s.requiredReasons;
  if (!Array.isArray(reasons) || reasons.length === 0 || !reasons.every((r) => typeof r === 'string' && REASON_RE.test(r)) || new Set(reasons).size !== reasons.length) {
    return ladderInvalid(f('requiredReasons'), reasons);
  }
  const step: SanctionStep = { code: s.code, action, enabled, skippable, thresholds, requiredReasons: [...(reasons as string[])] };
  if (action === 'penangguhan') {
    if (!isPositiveInt(s.suspendTahap)) return ladderInvalid(f('suspendTahap'), s.suspendTahap);
    step.suspendTahap = s.suspendTahap;
  } else if (s.suspendTahap !== undefined) return ladderInvalid(f('suspendTahap'), s.suspendTahap);
  if (action === 'pengurangan') {
    const pct = s.reductionPct;
    if (typeof pct !== 'number' || !Number.isFinite(pct) || pct <= 0 || pct > 100) return ladderInvalid(f('reductionPct'), pct);
    step.reductionPct = pct;
  } else if (s.reductionPct !== undefined) return ladderInvalid(f('reductionPct'), s.reductionPct);
  if (typeof s.confidence === 'string') step.confidence = s.confidence;
  if (typeof s.note === 'string') step.note = s.note;
  seen.add(s.code);
  return { ok: true, step };
}

/**
 * A ladder document, checked: `{ resetAfterCompliantPeriods: n | null, steps: [{ code, action, enabled?,
 * skippable?, thresholds: { consecutive?, total? }, requiredReasons: [...], suspendTahap? (penangguhan),
 * reductionPct? (pengurangan), confidence?, note? }] }`, steps in ladder order, at least one enabled.
 * Errors are `sanction.ladder_invalid` naming the field.
 */
export function parseSanctionLadder(doc: unknown): { ok: true; ladder: SanctionLadder } | RuleError {
  const d = doc as Record<string, unknown> | null;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return ladderInvalid('document', doc);
  const reset = d.resetAfterCompliantPeriods ?? null;
  if (reset !== null && !isPositiveInt(reset)) return ladderInvalid('resetAfterCompliantPeriods', reset);
  if (!Array.isArray(d.steps) || d.steps.length === 0) return ladderInvalid('steps', d.steps);
  const seen = new Set<string>();
  const steps: SanctionStep[] = [];
  for (const [i, raw] of d.steps.entries()) {
    const parsed = parseStep(raw, i, seen);
    if (!parsed.ok) return parsed;
    steps.push(parsed.step);
  }
  if (!steps.some((s) => s.enabled)) return ladderInvalid('steps', 'no enabled step');
  return { ok: true, ladder: { steps, resetAfterCompliantPeriods: reset as number | null } };
}

// ---------------------------------------------------------------------------------------------
// The next step

const none = (code: string, params?: Coded['params']): SanctionOutcome => ({ proposal: null, reason: params ? { code, params } : { code } });

interface Counted {
  trigger: 'consecutive' | 'total';
  count: number;
  threshold: number;
  periods: PeriodId[];
}

/**
 * The sanction the ladder proposes for a family now, or null, with the reason either way.
 *
 * - `history`: the family's period outcomes (periodOutcome of each period result). Only closed
 *   periods with a verdict count; open ones are ignored. For one period the last entry wins.
 * - `current`: the sanctions recorded so far. The family's current step is the highest step of a
 *   sanction not revoked and not older than the last reset.
 * - The latest closed period must be non-compliant and not yet cited by a recorded sanction.
 * - Counting: `consecutive` is the run of non-compliant periods (each the period after the one before)
 *   ending with the latest; `total` counts the non-compliant periods since the last reset, that is
 *   since the last run of `resetAfterCompliantPeriods` compliant periods in a row.
 * - The proposal is the next enabled step after the current one if it is triggered; otherwise, when
 *   that step is `skippable`, the first triggered step after it that is reached through skippable steps
 *   only (a skippable step is passed over only when it is not triggered itself).
 * - penangguhan names the tahap it suspends: the first `suspendTahap` tahap of the calendar that start
 *   after the period's last month (and after `decidedIn`).
 */
export function nextSanction(
  history: readonly PeriodOutcome[],
  current: readonly SanctionRecord[],
  ladder: SanctionLadder,
  options: NextSanctionOptions = {},
): SanctionOutcome {
  const checked = parseSanctionLadder(ladder);
  if (!checked.ok) return { proposal: null, reason: checked.error };
  const steps = checked.ladder.steps;
  if (options.familyStatus === 'graduasi' || options.familyStatus === 'keluar') return none('sanction.none.not_in_programme', { status: options.familyStatus });

  // Closed periods with a verdict, in order, one entry per period; all of one kind.
  const byPeriod = new Map<PeriodId, boolean>();
  let kind: string | null = null;
  for (const h of history) {
    if (!h || !h.closed || typeof h.compliant !== 'boolean') continue;
    const parsed = parsePeriod(h.period);
    if (!parsed.ok || (kind !== null && parsed.period.kind !== kind)) return none('sanction.history_invalid', { value: String(h.period) });
    kind = parsed.period.kind;
    byPeriod.set(h.period, h.compliant);
  }
  const closed = [...byPeriod.entries()].map(([period, compliant]) => ({ period, compliant })).sort((a, b) => comparePeriods(a.period, b.period));
  for (const s of current) {
    if (!s || !Array.isArray(s.basedOnPeriods) || s.basedOnPeriods.length === 0 || !s.basedOnPeriods.every((p) => parsePeriod(p).ok)) {
      return none('sanction.history_invalid', { value: JSON.stringify(s?.basedOnPeriods ?? null) });
    }
  }
  if (closed.length === 0) return none('sanction.none.no_closed_period');
  const latest = closed[closed.length - 1];
  if (latest.compliant) return none('sanction.none.latest_compliant', { period: latest.period });
  const decided = current.find((s) => s.basedOnPeriods.includes(latest.period));
  if (decided) return none('sanction.none.already_decided', { period: latest.period, step: decided.step });

  // The episode: the periods after the last reset.
  const reset = checked.ladder.resetAfterCompliantPeriods;
  let episodeStart = 0;
  let compliantRun = 0;
  closed.forEach((c, i) => {
    if (i > 0 && nextPeriod(closed[i - 1].period) !== c.period) compliantRun = 0;
    compliantRun = c.compliant ? compliantRun + 1 : 0;
    if (reset !== null && compliantRun >= reset) episodeStart = i + 1;
  });
  const episode = closed.slice(episodeStart);
  const nonCompliant = episode.filter((c) => !c.compliant).map((c) => c.period);
  const run: PeriodId[] = [latest.period];
  for (let i = episode.length - 2; i >= 0 && !episode[i].compliant && nextPeriod(episode[i].period) === run[0]; i--) run.unshift(episode[i].period);

  // The current step.
  let level = -1;
  for (const s of current) {
    if (s.revoked) continue;
    const newest = [...s.basedOnPeriods].sort(comparePeriods)[s.basedOnPeriods.length - 1];
    if (episodeStart > 0 && comparePeriods(newest, episode[0].period) < 0) continue;
    const index = steps.findIndex((x) => x.code === s.step);
    if (index < 0) return none('sanction.current_step_unknown', { step: s.step });
    level = Math.max(level, index);
  }
  const fromStep = level >= 0 ? steps[level].code : null;
  const ahead = steps.map((s, index) => ({ s, index })).filter(({ s, index }) => s.enabled && index > level);
  if (ahead.length === 0) return none('sanction.none.ladder_end', { step: fromStep ?? '-' });

  const triggered = (s: SanctionStep): Counted | null => {
    const { consecutive, total } = s.thresholds;
    if (consecutive !== undefined && run.length >= consecutive) return { trigger: 'consecutive', count: run.length, threshold: consecutive, periods: run };
    if (total !== undefined && nonCompliant.length >= total) return { trigger: 'total', count: nonCompliant.length, threshold: total, periods: nonCompliant };
    return null;
  };
  let chosen: { s: SanctionStep; index: number; counted: Counted; skipped: string[] } | null = null;
  const passed: string[] = [];
  for (const { s, index } of ahead) {
    const counted = triggered(s);
    if (counted) {
      chosen = { s, index, counted, skipped: [...passed] };
      break;
    }
    if (!s.skippable) break;
    passed.push(s.code);
  }
  if (!chosen) {
    return none('sanction.none.threshold_not_met', {
      step: ahead[0].s.code,
      consecutive: run.length,
      total: nonCompliant.length,
      periods: nonCompliant.join(', '),
    });
  }

  const { s, index, counted, skipped } = chosen;
  const reason: Coded = {
    code: `sanction.proposed.${counted.trigger}`,
    params: { step: s.code, periods: counted.periods.join(', '), count: counted.count, threshold: counted.threshold },
  };
  const proposal: SanctionProposal = {
    step: s.code,
    action: s.action,
    stepIndex: index,
    fromStep,
    skipped,
    basedOnPeriods: [...counted.periods],
    trigger: counted.trigger,
    count: counted.count,
    threshold: counted.threshold,
    requiredReasons: [...s.requiredReasons],
    reason,
  };
  if (s.action === 'penangguhan' && s.suspendTahap !== undefined) {
    if (options.decidedIn !== undefined && !isMonth(options.decidedIn)) throw new RangeError(`decidedIn is not a month (YYYY-MM): ${String(options.decidedIn)}`);
    const periodEnd = lastMonthOfPeriod(latest.period);
    const after = options.decidedIn !== undefined && options.decidedIn > periodEnd ? options.decidedIn : periodEnd;
    proposal.suspendedTahap = tahapsStartingAfter(after, s.suspendTahap, options.calendar ?? DEFAULT_TAHAP_CALENDAR);
  }
  if (s.action === 'pengurangan' && s.reductionPct !== undefined) proposal.reductionPct = s.reductionPct;
  return { proposal, reason };
}

/** The record of a decision taken on a proposal. */
export function toSanctionRecord(proposal: SanctionProposal): SanctionRecord {
  const record: SanctionRecord = { step: proposal.step, basedOnPeriods: [...proposal.basedOnPeriods] };
  if (proposal.suspendedTahap) record.suspendedTahap = [...proposal.suspendedTahap];
  return record;
}

/** The required reason codes a decision has not recorded yet (empty: the decision may be taken). */
export function missingReasons(proposal: Pick<SanctionProposal, 'requiredReasons'>, given: readonly string[]): string[] {
  return proposal.requiredReasons.filter((r) => !given.includes(r));
}

// ---------------------------------------------------------------------------------------------
// Suspended tahap

/** The sanction (not revoked) that suspends tahap `tahap` of `year`, or null. */
export function suspensionOf(sanctions: readonly SanctionRecord[], year: number, tahap: number): SanctionRecord | null {
  const id = tahapId(year, tahap);
  return sanctions.find((s) => !s.revoked && (s.suspendedTahap ?? []).includes(id)) ?? null;
}

/** Whether a recorded sanction (not revoked) suspends tahap `tahap` of `year`. */
export function isTahapSuspended(sanctions: readonly SanctionRecord[], year: number, tahap: number): boolean {
  return suspensionOf(sanctions, year, tahap) !== null;
}

/** For the entitlement: `sanction.tahap_suspended` naming the tahap, the step and its periods, or null. */
export function suspensionNote(sanctions: readonly SanctionRecord[], year: number, tahap: number): Coded | null {
  const s = suspensionOf(sanctions, year, tahap);
  if (!s) return null;
  return { code: 'sanction.tahap_suspended', params: { tahap: tahapId(year, tahap), step: s.step, periods: s.basedOnPeriods.join(', ') } };
}
