/** In-memory AuditData for component tests (no network): the trail filtered, paged and verified as the API does. */
import { ApiError } from '../api/client';
import type { AuditData, AuditEntry, AuditQuery, AuditVerification } from '../data/audit';
import type { User } from '../data/types';

/** What the fake holds and records; tests seed it and read it (`Object.assign(data, fakeAuditData(state))`). */
export interface AuditState {
  entries: AuditEntry[];
  verification: AuditVerification;
  /** Answered instead of doing the call (e.g. a 500), by method name. */
  errors: Partial<Record<'listAudit' | 'verifyAudit', ApiError>>;
  calls: Array<{ method: keyof AuditData; args: unknown[] }>;
}

export const FAMILY_ID = '0190b000-0000-7000-8000-00000000f001';

/** An entry with every field; `seq` decides the order (newest first). */
export function auditEntry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq: 1,
    at: '2026-07-15T03:10:00.000Z',
    actor: 'korcam.cimanggis',
    actorRole: 'koordinator_kecamatan',
    clientIp: '10.0.0.7',
    action: 'family.read_sensitive',
    entity: 'family',
    recordId: FAMILY_ID,
    familyId: FAMILY_ID,
    regionCode: '32.76.02.1009',
    before: null,
    after: { fields: ['nik', 'kkNumber'] },
    hash: 'a1'.repeat(32),
    ...over,
  };
}

/**
 * A small trail, newest first: a coordinator opened a family's personal data; a pendamping changed its
 * address; a login; an export of the trail; the family registered (its No. KK masked, as the server stores it).
 */
export function sampleAudit(): AuditEntry[] {
  return [
    auditEntry({ seq: 5 }),
    auditEntry({
      seq: 4,
      at: '2026-07-14T02:00:00.000Z',
      actor: 'pendamping01',
      actorRole: 'pendamping',
      action: 'family.update',
      before: { address: 'Jl. Lama' },
      after: { address: 'Jl. Baru', rt: '003' },
      hash: 'b2'.repeat(32),
    }),
    auditEntry({
      seq: 3,
      at: '2026-07-13T23:30:00.000Z',
      actor: 'pendamping01',
      actorRole: 'pendamping',
      action: 'auth.login',
      entity: 'user',
      recordId: 'u-pendamping01',
      familyId: null,
      regionCode: '32.76.02',
      after: null,
      hash: 'c3'.repeat(32),
    }),
    auditEntry({
      seq: 2,
      at: '2026-07-01T01:00:00.000Z',
      actor: 'auditor',
      actorRole: 'auditor',
      action: 'audit.export',
      entity: 'audit_log',
      recordId: null,
      familyId: null,
      regionCode: '32.76',
      after: { from: '2026-06-01', to: null, format: 'csv' },
      hash: 'd4'.repeat(32),
    }),
    auditEntry({
      seq: 1,
      at: '2026-01-02T01:00:00.000Z',
      actor: 'system',
      actorRole: 'system',
      action: 'family.create',
      clientIp: null,
      after: { kkNumber: '3276********0003', address: 'Jl. Melati No. 5', status: 'aktif', persons: [{ name: 'Budi Santoso', nik: '3276********0001', sex: 'L' }] },
      hash: 'e5'.repeat(32),
    }),
  ];
}

export function auditState(over: Partial<AuditState> = {}): AuditState {
  return { entries: sampleAudit(), verification: { ok: true, entries: 5, lastHash: 'a1'.repeat(32), problem: null }, errors: {}, calls: [], ...over };
}

const forbidden = () => new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.', {}, null, { id: 'Anda tidak berwenang melakukan tindakan ini.', en: 'You are not allowed to do this.' });
const READERS = new Set(['auditor', 'admin']);
/** The Jakarta calendar day of an instant (UTC+7, no daylight saving). */
const jakartaDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

type Host = { user?: User | null };

export function fakeAuditData(state: AuditState = auditState()): AuditData {
  function enter(method: 'listAudit' | 'verifyAudit', args: unknown[]) {
    state.calls.push({ method, args });
    const e = state.errors[method];
    if (e) throw e;
  }
  return {
    async listAudit(this: Host, q: AuditQuery) {
      enter('listAudit', [q]);
      if (!READERS.has(this.user?.role ?? '')) throw forbidden();
      const all = state.entries
        .filter((e) => (!q.from || jakartaDay(e.at) >= q.from) && (!q.to || jakartaDay(e.at) <= q.to) && (!q.action || e.action === q.action) && (!q.family || e.familyId === q.family))
        .sort((a, b) => b.seq - a.seq);
      return { items: structuredClone(all.slice(q.offset, q.offset + q.limit)), total: all.length };
    },
    async verifyAudit(this: Host) {
      enter('verifyAudit', []);
      if (!READERS.has(this.user?.role ?? '')) throw forbidden();
      return structuredClone(state.verification);
    },
    auditExportUrl(p) {
      state.calls.push({ method: 'auditExportUrl', args: [p] });
      const q = new URLSearchParams({ format: p.format });
      if (p.from) q.set('from', p.from);
      if (p.to) q.set('to', p.to);
      if (p.lang) q.set('lang', p.lang);
      return `/api/v1/audit/export?${q}`;
    },
  };
}
