/** Labels and small rules shared by the graduation screens. */
import { createElement, Fragment, type ReactNode } from 'react';
import { todayInJakarta } from '../../../domain/dates';
import { hasMessage, type Lang } from '../../../shared/i18n';
import { isApiError } from '../../api/client';
import type { CriteriaSet, Criterion, GraduationState } from '../../data/graduation';
import type { Role } from '../../data/types';
import type { TFunction } from '../../i18n/I18nProvider';
import './messages';

export const COORDINATOR_ROLES: readonly Role[] = ['koordinator_kecamatan', 'koordinator_kota', 'admin'];

/** Roles that decide proposals (approve, reject, exit) and set targets. */
export function isCoordinator(role: Role | null | undefined): boolean {
  return !!role && COORDINATOR_ROLES.includes(role);
}

/** Roles that record assessments and follow-ups. */
export function canAssess(role: Role | null | undefined): boolean {
  return role === 'pendamping' || isCoordinator(role);
}

/**
 * A state's name. An exit whose date is still ahead (`exited` is recorded at once, taking effect at the end of
 * the tahap by default) says so, "Keluar dari PKH per 31 Desember 2026", as the family page says the family is
 * active until then; pass the case's `exitEffectiveDate` where it is known.
 */
export function stateLabel(tr: TFunction, state: GraduationState | null, exitEffectiveDate?: string | null, today: string = todayInJakarta(new Date())): string {
  if (state === 'exited' && exitEffectiveDate && exitEffectiveDate > today) return tr('web.grad.state.exitedOn', { date: exitEffectiveDate });
  return tr(state ? `web.grad.state.${state}` : 'web.grad.state.none');
}

/**
 * Badge colours by state: decided and ended states stand out. Only the app-wide badge classes (styles.css):
 * a class defined in another area's stylesheet (`badge-warn`, casework.css) has no background until that area loads.
 */
export function stateTone(state: GraduationState | null): string {
  switch (state) {
    case 'approved':
    case 'exited':
    case 'monitoring':
    case 'closed':
      return 'badge-ok';
    case 'rejected':
    case 'reentered':
      return 'badge-pending';
    case null:
      return 'badge-muted';
    default:
      return 'badge-info';
  }
}

export function roleLabel(tr: TFunction, role: string): string {
  const key = `web.grad.role.${role}`;
  return hasMessage(key) ? tr(key) : role;
}

export function dimensionLabel(tr: TFunction, dimension: string | undefined): string {
  if (!dimension) return tr('web.grad.dim.other');
  const key = `web.grad.dim.${dimension}`;
  if (hasMessage(key)) return tr(key);
  const words = dimension.replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Score 0..1 as a percentage. */
export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** The score at which a set calls a family ready (the chart's line), when the mode has one. */
export function thresholdOf(set: CriteriaSet | undefined): number | null {
  if (!set) return null;
  const s = set.scoring;
  switch (s.mode) {
    case 'weighted_threshold':
      return s.threshold;
    case 'n_of_m':
      return set.criteria.length ? s.n / set.criteria.length : null;
    case 'levels':
      return s.levels.find((l) => l.name === s.graduateAt)?.min ?? null;
    case 'all':
      return 1;
  }
}

/** The criteria in steps: one dimension a step, long dimensions split into steps of four. */
export function wizardSteps(set: CriteriaSet): Array<{ dimension: string | undefined; criteria: Criterion[] }> {
  const groups: Array<{ dimension: string | undefined; criteria: Criterion[] }> = [];
  for (const c of set.criteria) {
    const g = groups.find((x) => x.dimension === c.dimension);
    if (g) g.criteria.push(c);
    else groups.push({ dimension: c.dimension, criteria: [c] });
  }
  return groups.flatMap((g) => {
    const out = [];
    for (let i = 0; i < g.criteria.length; i += 4) out.push({ dimension: g.dimension, criteria: g.criteria.slice(i, i + 4) });
    return out;
  });
}

const rupiahDigits = {
  id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }),
};

/**
 * "1500000", "1.500.000" or "1,500,000" → 1500000 and its display in the language's grouping ("1.500.000" /
 * "1,500,000"); empty → undefined. Only digits are read: rupiah have no cents here.
 */
export function parseRupiah(text: string, lang: Lang): { value: number | undefined; display: string; negative?: true } {
  const digits = text.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  if (!digits) return { value: undefined, display: /^\s*(rp\.?\s*)?[-−]/i.test(text) ? '-' : '' };
  const value = Number(digits.slice(0, 15));
  // A minus typed before the amount is kept in sight and refused (no value), never dropped silently.
  if (/^\s*(rp\.?\s*)?[-−]/i.test(text)) return { value: undefined, display: `-${rupiahDigits[lang].format(value)}`, negative: true };
  return { value, display: rupiahDigits[lang].format(value) };
}

/** The longest note the server takes (a move's note or reason, a follow-up's notes, an answer's note: `note` in src/shared/schemas/graduation.ts). */
export const NOTE_MAX = 2000;
/** The largest month of PENA income the server takes, in rupiah (`POST /families/{id}/pena-income`). */
export const PENA_RUPIAH_MAX = 10_000_000_000;

/**
 * The server's message per field of a refused form: from its schema (400) as from its rules (422); any other
 * failure has none.
 */
export function serverFieldErrors(error: unknown): Record<string, string> {
  return isApiError(error) && (error.status === 400 || error.status === 422) ? error.fields : {};
}

/** A translated sentence with a React node where `{param}` was (e.g. a person's <UserName />). */
export function withNode(tr: TFunction, key: string, params: Record<string, string | number>, param: string, node: ReactNode): ReactNode {
  const mark = '\u0000';
  const [before = '', after = ''] = tr(key, { ...params, [param]: mark }).split(mark);
  return createElement(Fragment, null, before, node, after);
}
