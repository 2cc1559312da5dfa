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

/** One value as text (null when there is none: the screen shows a dash). Never JSON: a structure has no words here. */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * Words the inbox needs from other areas' reference data, when it has them: the curriculum's module and session
 * names (a P2K2 session's conflict) and the activity types' names (a visit's). Without them a code is made
 * readable ("keuangan_keluarga" -> "keuangan keluarga"), never shown as it is.
 */
export interface ConflictWords {
  moduleName?: (code: string) => string | undefined;
  sessionTitle?: (code: string, n: number) => string | undefined;
  activityType?: (code: string) => string | undefined;
}

const readable = (code: string) => code.replaceAll('_', ' ');
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** Whether the conflict is a P2K2 session's (the phone held or cancelled a planned session). */
export const isSessionConflict = (c: Pick<SyncConflict, 'entity'>) => c.entity === 'p2k2_session' || c.entity === 'p2k2_attendance';

/** "3 hadir, 1 izin, 1 tidak hadir": an attendance list counted in words (null: none given). */
function attendanceText(tr: TFunction, list: unknown): string | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  const counts = new Map<string, number>();
  for (const a of list) {
    const status = str(record(a).status);
    if (status) counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const parts = ['hadir', 'izin', 'tidak_hadir'].filter((k) => counts.has(k)).map((k) => tr(`web.syncAdmin.session.attendance.${k}`, { n: counts.get(k)! }));
  return parts.length > 0 ? parts.join(', ') : null;
}

function sessionStatusText(tr: TFunction, status: unknown): string | null {
  const s = str(status);
  if (!s) return null;
  return hasMessage(`web.syncAdmin.session.status.${s}`) ? tr(`web.syncAdmin.session.status.${s}`) : readable(s);
}

function topicText(tr: TFunction, words: ConflictWords | undefined, module: unknown, session: unknown): string | null {
  const m = str(module);
  if (!m) return null;
  const name = words?.moduleName?.(m) ?? readable(m);
  const n = typeof session === 'number' ? session : Number(session);
  if (!Number.isInteger(n) || n < 1) return name;
  const title = words?.sessionTitle?.(m, n);
  return tr(title ? 'web.syncAdmin.session.topicTitled' : 'web.syncAdmin.session.topic', { module: name, n, title: title ?? '' });
}

/** A P2K2 session's conflict: the session as the server holds it against what the phone recorded, row by row. */
function sessionRows(tr: TFunction, c: SyncConflict, fmt: Format | undefined, words: ConflictWords | undefined): ConflictRow[] {
  const server = c.server;
  const device = record(c.device.request);
  // What the phone did not send stays as planned: its side shows the planned value.
  const phone = (k: string) => (device[k] === undefined ? server[k] : device[k]);
  const date = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? (fmt ? fmt.date(v) : v) : null);
  const rows: ConflictRow[] = [
    { field: 'status', label: tr('web.syncAdmin.session.field.status'), base: null, server: sessionStatusText(tr, server.status), device: sessionStatusText(tr, device.status) },
    { field: 'topic', label: tr('web.syncAdmin.session.field.topic'), base: null, server: topicText(tr, words, server.module, server.session), device: topicText(tr, words, phone('module'), phone('session')) },
    { field: 'date', label: tr('web.syncAdmin.session.field.date'), base: null, server: date(server.date), device: date(phone('date')) },
    { field: 'place', label: tr('web.syncAdmin.session.field.place'), base: null, server: str(server.place), device: str(phone('place')) },
    { field: 'attendance', label: tr('web.syncAdmin.session.field.attendance'), base: null, server: attendanceText(tr, server.attendance), device: attendanceText(tr, device.attendance) },
  ];
  return rows.filter((r) => r.server !== null || r.device !== null);
}

/**
 * A record the phone added that the server answered with a conflict (a visit, an assessment, a proposed change):
 * what it was, in words; the server's side has nothing of its own to show (the reason says why).
 */
function addedRow(tr: TFunction, c: SyncConflict, fmt: Format | undefined, words: ConflictWords | undefined): ConflictRow {
  const r = record(c.device.request);
  const date = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? (fmt ? fmt.date(v) : v) : null);
  let device: string | null;
  if (c.entity === 'activity') {
    const type = str(r.type);
    const name = type ? (words?.activityType?.(type) ?? readable(type)) : null;
    device = name ? [name, date(r.date)].filter(Boolean).join(', ') : date(r.date);
  } else if (c.entity === 'assessment') {
    device = date(r.date) ? tr('web.syncAdmin.added.assessmentOn', { date: date(r.date)! }) : tr('web.syncAdmin.added.assessment');
  } else if (c.entity === 'data_update') {
    const kind = str(r.kind);
    const kindText = kind ? (hasMessage(`web.syncAdmin.proposalKind.${kind}`) ? tr(`web.syncAdmin.proposalKind.${kind}`) : readable(kind)) : null;
    const reason = str(r.reason);
    device = [kindText, reason ? `“${reason.trim()}”` : null].filter(Boolean).join(' — ') || null;
  } else device = null;
  return { field: 'request', label: entityLabel(tr, c.entity), base: null, server: null, device: device ?? tr('web.syncAdmin.added.unknown') };
}

export interface ConflictRow {
  field: string;
  label: string;
  base: string | null;
  server: string | null;
  device: string | null;
}

/**
 * The contested values side by side, in words: per field for a family (a kelurahan by its name); one row (the
 * graduation stage) for a step; an observation's month; a P2K2 session's status, topic, date, place and
 * attendance; for a record the phone added, what it was.
 */
export function conflictRows(tr: TFunction, c: SyncConflict, fmt?: Format, words?: ConflictWords): ConflictRow[] {
  if (isSessionConflict(c)) return sessionRows(tr, c, fmt, words);
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
  if (c.entity !== 'family') return [addedRow(tr, c, fmt, words)];
  return c.fields.map((f) => ({
    field: f,
    label: f === 'kelurahanCode' ? tr('web.syncAdmin.field.kelurahan') : fieldLabel(tr, f),
    base: c.base ? familyValue(c, f, c.base[f]) : null,
    server: familyValue(c, f, c.server[f]),
    device: familyValue(c, f, c.device[f]),
  }));
}

/** A family field's value as people say it: a kelurahan by its name (its code only when the server does not name it). */
function familyValue(c: Pick<SyncConflict, 'regionNames'>, field: string, value: unknown): string | null {
  const text = valueText(value);
  if (field === 'kelurahanCode' && text) return c.regionNames?.[text] ?? text;
  return text;
}

/** Why the phone's side of an open conflict no longer applies because its record changed since (null: it did not, or the server does not say). */
export function staleReason(c: SyncConflict): string | null {
  return c.status === 'open' && c.stillApplicable === false && typeof c.staleReason === 'string' && c.staleReason ? c.staleReason : null;
}

/**
 * Why "Pakai data HP" is not offered for this conflict (null: it is), with the sentence that says why and what
 * to do instead. A record changed since the conflict arose (`staleReason`). A graduation step: `deviceStepBlock`. A P2K2 session the server holds as held or cancelled is
 * never overwritten from the inbox (it is corrected on the group's page). A record the phone added in the
 * pendamping's name (a visit, an assessment, a proposal) is not recreated by the koordinator: the server keeps its
 * data and the pendamping records it again if it is still needed.
 */
export function deviceBlock(tr: TFunction, c: SyncConflict, role: Role | null | undefined, rows: ConflictRow[]): { reason: string; text: string } | null {
  // The record changed after the conflict arose (the copy shown is the record as it was then): the server would refuse it.
  const stale = staleReason(c);
  if (stale) return { reason: `stale-${stale}`, text: tr(hasMessage(`web.syncAdmin.stale.${stale}`) ? `web.syncAdmin.stale.${stale}` : 'web.syncAdmin.stale.other', { user: c.user }) };
  if (c.entity === 'graduation_transition') {
    const step = deviceStepBlock(c, role);
    return step ? { reason: step, text: tr(step === 'same' ? 'web.syncAdmin.step.same' : 'web.syncAdmin.step.pendamping', { step: rows[0]?.device ?? '–' }) } : null;
  }
  if (isSessionConflict(c)) {
    const status = c.server.status;
    if (status === 'held' || status === 'cancelled') return { reason: `session-${status}`, text: tr(`web.syncAdmin.blocked.session.${status}`, { user: c.user }) };
    return null;
  }
  if (c.deviceApplies === false || !['family', 'compliance_observation'].includes(c.entity)) {
    const key = hasMessage(`web.syncAdmin.blocked.${c.entity}`) ? `web.syncAdmin.blocked.${c.entity}` : 'web.syncAdmin.blocked.other';
    return { reason: 'added', text: tr(key, { user: c.user }) };
  }
  return null;
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

/** "Alamat: Jl. Melati No. 7; RT: 004", for a confirmation (a P2K2 session: the phone's side, row by row). */
export function valuesSummary(tr: TFunction, c: SyncConflict, values: Record<string, unknown>, fmt?: Format, words?: ConflictWords): string {
  if (c.entity === 'compliance_observation') return observationValue(tr, fmt, values.observation) ?? '–';
  if (isSessionConflict(c)) {
    const rows = conflictRows(tr, c, fmt, words);
    return rows.map((r) => `${r.label}: ${(values === c.server ? r.server : r.device) ?? '–'}`).join('; ');
  }
  if (c.entity !== 'family') return addedRow(tr, c, fmt, words).device ?? '–';
  return c.fields.map((f) => `${f === 'kelurahanCode' ? tr('web.syncAdmin.field.kelurahan') : fieldLabel(tr, f)}: ${familyValue(c, f, values[f]) ?? '–'}`).join('; ');
}
