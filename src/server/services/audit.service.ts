/**
 * Reading the audit trail: a family's history (coordinators, admin, auditors, the family's pendamping),
 * the trail of a region (auditors and admin), its streamed export, and verification of the hash chain.
 */
import { Readable } from 'node:stream';
import { addDays, todayInJakarta } from '../../domain/dates';
import type { CalendarDate } from '../../domain/types';
import { describeChainProblem, type AuditEntry } from '../audit/chain';
import type { AppContext } from '../context';
import { AUDIT_COLUMNS, actorOf } from '../db/repositories/audit.repository';
import { canReadAuditTrail, type Scope, seesIdentities } from '../db/scope';
import { forbidden, notFound } from '../http/errors';
import { startOfJakartaDay } from './access.service';

const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as unknown));

export function presentEntry(e: AuditEntry) {
  return {
    seq: e.seq,
    at: e.at,
    actor: e.actorUsername,
    actorRole: e.actorRole,
    clientIp: e.clientIp,
    action: e.action,
    entity: e.entity,
    recordId: e.recordId,
    familyId: e.familyId,
    regionCode: e.regionCode,
    before: parse(e.beforeData),
    after: parse(e.afterData),
    hash: e.hash,
  };
}

/** A family's history: who changed what, when, from where; and who read its sensitive fields. */
export async function familyHistory(ctx: AppContext, scope: Scope, familyId: string, limit: number, offset: number) {
  // Researchers work on pseudonymised data; the trail names people.
  if (!seesIdentities(scope)) throw forbidden();
  if (!(await ctx.repos.families.get(scope, familyId))) throw notFound();
  const result = await ctx.repos.audit.familyHistory(familyId, limit, offset);
  return { items: result.items.map(presentEntry), total: result.total };
}

function range(q: { from?: CalendarDate; to?: CalendarDate }) {
  return { from: q.from ? startOfJakartaDay(q.from) : undefined, to: q.to ? startOfJakartaDay(addDays(q.to, 1)) : undefined };
}

export async function listAudit(ctx: AppContext, scope: Scope, q: { from?: CalendarDate; to?: CalendarDate; action?: string; family?: string; limit: number; offset: number }) {
  if (!canReadAuditTrail(scope)) throw forbidden();
  const result = await ctx.repos.audit.list(scope, { ...range(q), action: q.action, familyId: q.family }, q.limit, q.offset);
  return { items: result.items.map(presentEntry), total: result.total };
}


function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(e: AuditEntry): string {
  const values = [e.seq, e.at, e.actorId, e.actorUsername, e.actorRole, e.clientIp, e.action, e.entity, e.recordId, e.familyId, e.regionCode, e.beforeData, e.afterData, e.prevHash, e.hash];
  return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * The trail of the caller's scope as CSV (the audit_log columns, so hashes can be checked) or NDJSON,
 * streamed page by page. The export itself is audited.
 */
export async function exportAudit(ctx: AppContext, scope: Scope, q: { from?: CalendarDate; to?: CalendarDate; format?: 'csv' | 'ndjson' }) {
  if (!canReadAuditTrail(scope)) throw forbidden();
  const format = q.format ?? 'csv';
  const period = range(q);
  await ctx.repos.audit.append(actorOf(scope), ctx.now().toISOString(), [
    { action: 'audit.export', entity: 'audit_log', regionCode: scope.regionCode, after: { from: q.from ?? null, to: q.to ?? null, format } },
  ]);
  const pages = ctx.repos.audit.exportEntries(scope, period);
  async function* lines() {
    if (format === 'csv') yield `\ufeff${AUDIT_COLUMNS.join(',')}\r\n`;
    for await (const page of pages) {
      yield page.map((e) => (format === 'csv' ? csvRow(e) : `${JSON.stringify(presentEntry(e))}\n`)).join('');
    }
  }
  return {
    stream: Readable.from(lines()),
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    filename: `audit-${scope.regionCode ?? 'semua'}-${todayInJakarta(ctx.now())}.${format === 'csv' ? 'csv' : 'ndjson'}`,
  };
}

export async function verifyAudit(ctx: AppContext, scope: Scope) {
  if (!canReadAuditTrail(scope)) throw forbidden();
  const result = await ctx.repos.audit.verify();
  return {
    ok: result.ok,
    entries: result.entries,
    lastHash: result.lastHash,
    problem: result.problem ? { ...result.problem, message: describeChainProblem(result.problem) } : null,
  };
}
