/**
 * Compliance checks offline for a family whose result the phone never saw online: its commitments worked
 * out on the phone from the synced family and members (which member owes which check in which month, no
 * verdicts), the deployment's rules when the phone has them, and the check recorded through the outbox.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from '../api/client';
import type { ComplianceResult } from '../data/compliance';
import type { TitianData } from '../data/TitianData';
import type { User } from '../data/types';
import { complianceOnPhone, rulesOnPhone } from './compliance-local';
import { SyncEngine } from './engine';
import { LocalStore, type LocalRecord, type SyncChange, toLocalRecord } from './local-store';
import { isPhoneResult, type QueuedComplianceResult } from './offline-answers';
import { withOffline } from './offline-data';
import { uuidv7 } from './uuid';

const PENDAMPING: User = { id: 'u-pd1', username: 'pd1', displayName: 'Pendamping Satu', role: 'pendamping', regionCode: '3201010001', regionName: 'Sukamaju' };

const rec = (entity: string, id: string, data: Record<string, unknown>): LocalRecord => toLocalRecord({ entity, id, version: 1, data: { id, ...data } });
const family = (over: Record<string, unknown> = {}) => rec('family', 'F1', { headName: 'Siti', status: 'aktif', joinedYear: 2020, ...over });
const member = (id: string, over: Record<string, unknown>) =>
  rec('member', id, { familyId: 'F1', name: id, relation: 'anak', sex: 'L', birthDate: '2000-01-01', schoolLevel: 'none', pregnant: false, postpartum: false, severeDisability: false, caretaker: false, startDate: '2020-01-01', position: 0, ...over });

/** A family of the caseload: a pregnant mother, a toddler, a baby born in May, a grandmother of 65, a pupil, an adult son. */
const MEMBERS = [
  member('ibu', { relation: 'istri', sex: 'P', birthDate: '1995-03-01', pregnant: true, position: 1 }),
  member('balita', { birthDate: '2023-02-01', position: 2 }),
  member('bayi', { birthDate: '2026-04-20', startDate: '2026-04-20', position: 3 }),
  member('nenek', { relation: 'orang_tua', sex: 'P', birthDate: '1961-01-15', position: 4 }),
  member('pelajar', { birthDate: '2014-07-01', schoolLevel: 'sd', position: 5 }),
  member('dewasa', { birthDate: '1998-01-01', position: 6 }),
];

const kinds = (r: ComplianceResult) => r.items.map((i) => `${i.memberId}:${i.kind}:${i.months.map((m) => m.month).join(',')}`);

describe('a family’s commitments worked out on the phone', () => {
  it('lists who owes which check in which month, with no verdict', () => {
    const r = complianceOnPhone({ period: '2026-Q2', family: family(), members: MEMBERS });
    expect(r).toMatchObject({ period: '2026-Q2', status: 'open', compliant: null, closedAt: null, computedOn: 'phone', waiting: 0 });
    expect(kinds(r)).toEqual([
      'ibu:kesehatan:2026-04,2026-05,2026-06',
      'balita:kesehatan:2026-04,2026-05,2026-06',
      // Born on 20 April: a member from May on (the first day of a month counts).
      'bayi:kesehatan:2026-05,2026-06',
      // 65: lansia for the phone, which takes the widest setting any deployment uses (60), so she is offered.
      'nenek:kesos:2026-04,2026-05,2026-06',
      'pelajar:pendidikan:2026-04,2026-05,2026-06',
    ]);
    expect(r.items.every((i) => i.compliant === null && i.months.every((m) => m.compliant === null && m.reasons.length === 0))).toBe(true);
  });

  it('owes nothing before the year the family joined, nor once it has left', () => {
    expect(complianceOnPhone({ period: '2026-Q2', family: family({ joinedYear: 2027 }), members: MEMBERS }).items).toEqual([]);
    expect(complianceOnPhone({ period: '2026-Q2', family: family({ status: 'keluar' }), members: MEMBERS }).items).toEqual([]);
    expect(complianceOnPhone({ period: '2026-Q2', family: family({ status: 'graduasi' }), members: MEMBERS }).items).toEqual([]);
  });

  it('follows the deployment’s rules when the phone has them (kesos not verified: no kesos check)', () => {
    const doc = { settings: [{ fromYear: 2019, key: 'kesosRequired', value: false }] };
    expect(rulesOnPhone(doc, 2026).kesosRequired).toBe(false);
    expect(rulesOnPhone(undefined, 2026).kesosRequired).toBe(true);
    expect(rulesOnPhone({ nonsense: true }, 2026).kesosRequired).toBe(true);
    const r = complianceOnPhone({ period: '2026-Q2', family: family(), members: MEMBERS, rulesDoc: doc });
    expect(r.items.some((i) => i.kind === 'kesos')).toBe(false);
    expect(r.items.some((i) => i.memberId === 'ibu')).toBe(true);
  });
});

// ---- through the data layer, offline ---------------------------------------------------------

const opened: LocalStore[] = [];
const engines: SyncEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.stop();
  for (const s of opened.splice(0)) s.close();
});

async function offlinePhone(changes: SyncChange[]) {
  const net = { up: true };
  const pushed: Array<{ entity: string; familyId?: string; data: Record<string, unknown> }> = [];
  const fetchFn: typeof fetch = async (input, init) => {
    if (!net.up) throw new TypeError('Failed to fetch');
    const url = new URL(String(input), 'http://titian.test');
    if (url.pathname.endsWith('/sync/push')) {
      const { mutations } = JSON.parse(String(init?.body)) as { mutations: Array<{ id: string; entity: string; familyId?: string; data: Record<string, unknown> }> };
      pushed.push(...mutations);
      return new Response(JSON.stringify({ results: mutations.map((m) => ({ id: m.id, status: 'applied' })) }), { status: 200 });
    }
    if (url.pathname.endsWith('/me')) return new Response(JSON.stringify({ ...PENDAMPING, csrfToken: 'c' }), { status: 200 });
    return new Response(JSON.stringify({ changes, cursor: 'c1', hasMore: false }), { status: 200 });
  };
  const store = await LocalStore.open(`compliance-local-${uuidv7()}`);
  opened.push(store);
  const engine = new SyncEngine({ store, api: new ApiClient({ fetch: fetchFn }), appVersion: 'test', now: () => new Date('2026-05-17T03:00:00Z') });
  engines.push(engine);
  const down = () => new ApiError(0, 'network', 'no network');
  const http = {
    familyCompliance: async () => {
      if (!net.up) throw down();
      throw new Error('online not used here');
    },
    recordObservation: async () => {
      throw new Error('not expected: checks go through the outbox');
    },
    me: async () => {
      if (!net.up) throw down();
      return PENDAMPING;
    },
  } as unknown as TitianData;
  const data = withOffline(http, engine, { getLang: () => 'id', now: () => new Date('2026-05-17T03:00:00Z'), referenceDocument: async () => ({ settings: [] }) });
  await engine.start(PENDAMPING, { online: true });
  await engine.sync();
  return { store, engine, data, net, pushed };
}

const syncOf = (r: LocalRecord): SyncChange => ({ entity: r.entity, id: r.id, op: 'upsert', version: 1, data: r.data });

describe('the verification section’s data offline', () => {
  it('answers for a family never opened online from the phone’s records, and records a check through the outbox', async () => {
    const p = await offlinePhone([syncOf(family()), ...MEMBERS.map(syncOf), syncOf(rec('family', 'F2', { headName: 'Budi', status: 'aktif' }))]);
    p.net.up = false;
    const r = await p.data.familyCompliance('F1', '2026-Q2');
    expect(isPhoneResult(r)).toBe(true);
    expect(kinds(r)).toContain('nenek:kesos:2026-04,2026-05,2026-06');

    // A family the phone does not hold: no answer to give (the page says it needs a network).
    await expect(p.data.familyCompliance('F-unknown', '2026-Q2')).rejects.toMatchObject({ status: 0 });

    const after = (await p.data.recordObservation('F1', { memberId: 'nenek', kind: 'kesos', month: '2026-05', observation: { serviceContacts: 1 } })) as QueuedComplianceResult;
    expect(after.queuedOnPhone).toBe(true);
    expect(isPhoneResult(after) && after.waiting).toBe(1);
    const outbox = await p.store.outbox(PENDAMPING.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ entity: 'compliance_observation', familyId: 'F1', status: 'pending', data: { memberId: 'nenek', kind: 'kesos', month: '2026-05' } });
    // Another quarter counts its own waiting checks.
    const q1 = await p.data.familyCompliance('F1', '2026-Q1');
    expect(isPhoneResult(q1) && q1.waiting).toBe(0);

    // The network returns: the check is delivered once.
    p.net.up = true;
    await p.engine.sync();
    expect(p.pushed.filter((m) => m.entity === 'compliance_observation')).toHaveLength(1);
    expect(await p.store.outbox(PENDAMPING.id)).toEqual([]);
  });

  it('prefers the result last seen online when the phone has one', async () => {
    const p = await offlinePhone([syncOf(family()), ...MEMBERS.map(syncOf)]);
    const seen: ComplianceResult = { period: '2026-Q2', status: 'open', compliant: true, closedAt: null, items: [] };
    await p.store.setMeta({ 'answer:compliance:F1:2026-Q2:id': seen });
    p.net.up = false;
    expect(await p.data.familyCompliance('F1', '2026-Q2')).toEqual(seen);
  });

  it('keeps the deployment’s compliance rules from the reference data for later', async () => {
    const p = await offlinePhone([]);
    expect(await p.store.getMeta('answer:reference:compliance-rules')).toBeUndefined();
    // Fetched in the background when the server confirms the session (and at most once a day).
    await p.data.me();
    for (let i = 0; i < 50 && !(await p.store.getMeta('answer:reference:compliance-rules')); i++) await new Promise((r) => setTimeout(r, 5));
    expect(await p.store.getMeta('answer:reference:compliance-rules')).toMatchObject({ doc: { settings: [] } });
  });
});
