/** Labels of the sync screens: contested fields, their values, kinds of conflict and decisions. */
import { isAllowedMove, isGraduationState, isGraduationType, ROLES_BY_TARGET } from '../../../domain/graduation/workflow';
import { hasMessage } from '../../../shared/i18n';
import type { ConflictChoice, SyncConflict } from '../../data/sync-admin';
import type { Role } from '../../data/types';
import type { TFunction, useFormat } from '../../i18n/I18nProvider';
import { observationText } from '../compliance/observation-text';
import { monthName } from '../compliance/periods';
import './messages';

type Format = ReturnType<typeof useFormat>;

/** The registry fields a phone may edit (docs/sync.md), in the order the screens list them. */
export const REGISTRY_FIELDS = ['address', 'rt', 'rw', 'kelurahanCode', 'joinedYear', 'decile'] as const;
export type RegistryField = (typeof REGISTRY_FIELDS)[number];
export const NUMERIC_FIELDS: readonly string[] = ['joinedYear', 'decile'];

export function fieldLabel(tr: TFunction, field: string): string {
  const key = `web.syncAdmin.field.${field}`;
  return hasMessage(key) ? tr(key) : field;
}

export function entityLabel(tr: TFunction, entity: string): string {
  const key = `web.syncAdmin.entity.${entity}`;
  return hasMessage(key) ? tr(key) : entity;
}

export function choiceLabel(tr: TFunction, choice: ConflictChoice | null): string {
  return tr(`web.syncAdmin.choice.${choice ?? 'server'}`);
}

/** Whether the coordinator may type other values (registry fields; a graduation step is taken or not). */
export function allowsCustom(c: SyncConflict): boolean {
  return c.entity === 'family' && c.fields.every((f) => (REGISTRY_FIELDS as readonly string[]).includes(f));
}

/**
 * Why the phone's side of a graduation-step conflict is not offered to this user (null: it is, or it is not a
 * step). The server applies "Pakai data HP" as the deciding user's own move on the case as it is now and answers
 * 409 `sync_conflict_device_step` when the workflow refuses it (409) or the move is not the decider's role (403):
 * - `same`: the server's stage is already the one the phone's step leads to (both "Diusulkan"), a move the
 *   workflow does not allow again: nothing is left to apply; "Pakai data server" closes the conflict.
 * - `role`: the step is one only a pendamping makes (candidate, assessed, statement signed, proposed, monitoring,
 *   closed); a koordinator or admin deciding here is always refused it, whatever happens to the case.
 * A coordinator's own step from their phone (approve, reject, exit, re-enter) stays offered: the workflow may
 * allow it on the case as it is now, and the confirmation says "if the workflow allows it".
 */
export function deviceStepBlock(c: SyncConflict, role: Role | null | undefined): 'same' | 'role' | null {
  if (c.entity !== 'graduation_transition') return null;
  const request = (c.device.request ?? {}) as Record<string, unknown>;
  const to = request.to;
  if (!isGraduationState(to)) return null;
  const from = isGraduationState(c.server.state) ? c.server.state : null;
  const type = isGraduationType(request.type) ? request.type : isGraduationType(c.server.type) ? c.server.type : 'sejahtera_mandiri';
  // (assessed → assessed is a re-assessment the workflow allows: not the same step done twice.)
  if (from === to && !isAllowedMove(from, to, type)) return 'same';
  if (!role || !ROLES_BY_TARGET[to].includes(role)) return 'role';
  return null;
}

function stateText(tr: TFunction, state: unknown, type: unknown): string | null {
  if (typeof state !== 'string' || !state) return null;
  const s = hasMessage(`web.grad.state.${state}`) ? tr(`web.grad.state.${state}`) : state;
  if (typeof type !== 'string' || !type) return s;
  return `${s} (${hasMessage(`web.grad.type.${type}`) ? tr(`web.grad.type.${type}`) : type})`;
}

/** One value as text (null when there is none: the screen shows a dash). */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export interface ConflictRow {
  field: string;
  label: string;
  base: string | null;
  server: string | null;
  device: string | null;
}

/** The contested values side by side: per field for a family; one row (the graduation stage) for a step. */
export function conflictRows(tr: TFunction, c: SyncConflict, fmt?: Format): ConflictRow[] {
  if (c.entity === 'graduation_transition') {
    const request = (c.device.request ?? {}) as Record<string, unknown>;
    return [
      {
        field: 'state',
        label: tr('web.syncAdmin.field.graduationState'),
        base: null,
        server: stateText(tr, c.server.state, c.server.type) ?? tr('web.grad.state.none'),
        device: stateText(tr, request.to, request.type),
      },
    ];
  }
  if (c.entity === 'compliance_observation') {
    return [
      {
        field: 'observation',
        label: tr('web.syncAdmin.conflict.observationRow', observationSubject(tr, c, fmt)),
        base: null,
        server: observationValue(tr, fmt, c.server.observation),
        device: observationValue(tr, fmt, c.device.observation),
      },
    ];
  }
  return c.fields.map((f) => ({
    field: f,
    label: fieldLabel(tr, f),
    base: c.base ? valueText(c.base[f]) : null,
    server: valueText(c.server[f]),
    device: valueText(c.device[f]),
  }));
}

/**
 * Whom and what an observation conflict is about: the member (as the server names them to this reader) and
 * "Posyandu (penimbangan), Nov 2026", the check and month.
 */
export function observationSubject(tr: TFunction, c: SyncConflict, fmt?: Format): { member: string; check: string } {
  return {
    member: c.memberName?.trim() || tr('web.syncAdmin.conflict.memberUnknown'),
    check: observationLabel(tr, fmt, c.server.kind ?? c.device.kind, c.server.sub ?? c.device.sub, c.server.month ?? c.device.month),
  };
}

/** "Posyandu (penimbangan), Feb 2026": the check and month an observation conflict is about. */
function observationLabel(tr: TFunction, fmt: Format | undefined, kind: unknown, sub: unknown, month: unknown): string {
  const check = typeof sub === 'string' && sub && hasMessage(`web.compliance.sub.${sub}`) ? tr(`web.compliance.sub.${sub}`) : typeof kind === 'string' && hasMessage(`web.compliance.kind.${kind}`) ? tr(`web.compliance.kind.${kind}`) : String(kind ?? '');
  const when = typeof month === 'string' && /^\d{4}-\d{2}$/.test(month) ? (fmt ? monthName(fmt.locale, month) : month) : '';
  return when ? `${check}, ${when}` : check;
}

/** An observation's value in words ("Kunjungan posyandu bulan ini: 1"), or as text when it is not an object. */
function observationValue(tr: TFunction, fmt: Format | undefined, value: unknown): string | null {
  if (!fmt || value === null || typeof value !== 'object' || Array.isArray(value)) return valueText(value);
  return observationText(tr, fmt, value as Parameters<typeof observationText>[2]);
}

/**
 * Who last changed the server's side and when, in words (an observation: who recorded it and when), or null
 * when the conflict does not say (a family's fields, a graduation step: the screen says the server's data
 * changed after the phone last synced).
 */
export function serverRecorded(c: SyncConflict): { by: string | null; at: string; verkom: boolean } | null {
  if (c.entity !== 'compliance_observation') return null;
  const at = typeof c.server.recordedAt === 'string' && c.server.recordedAt ? c.server.recordedAt : null;
  if (!at) return null;
  return { by: typeof c.server.recordedBy === 'string' && c.server.recordedBy ? c.server.recordedBy : null, at, verkom: c.server.source === 'verkom' };
}

/** "Alamat: Jl. Melati No. 7; RT: 004", for a confirmation. */
export function valuesSummary(tr: TFunction, c: SyncConflict, values: Record<string, unknown>, fmt?: Format): string {
  if (c.entity === 'compliance_observation') return observationValue(tr, fmt, values.observation) ?? '–';
  return c.fields.map((f) => `${fieldLabel(tr, f)}: ${valueText(values[f]) ?? '–'}`).join('; ');
}
