/** In-memory SyncAdminData for component tests (no network): devices and the conflict inbox, paged and decided as the API does. */
import { isAllowedMove, isGraduationState, ROLES_BY_TARGET } from '../../domain/graduation/workflow';
import { syncMessages } from '../../shared/i18n/catalog/sync';
import { ApiError } from '../api/client';
import type { SyncAdminData, SyncConflict, SyncDevice } from '../data/sync-admin';
import type { User } from '../data/types';

/** What the fake holds and records; tests seed it and read it (`Object.assign(data, fakeSyncAdminData(state))`). */
export interface SyncAdminState {
  devices: SyncDevice[];
  conflicts: SyncConflict[];
  /** Answered instead of doing the call (e.g. a 409), by method name. */
  errors: Partial<Record<keyof SyncAdminData, ApiError>>;
  calls: Array<{ method: keyof SyncAdminData; args: unknown[] }>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A device with every field; times are `… ago` from `now`. */
export function device(over: Partial<SyncDevice> = {}): SyncDevice {
  return {
    user: 'pendamping01',
    displayName: 'Siti Rahmawati',
    role: 'pendamping',
    regionCode: '32.76.02',
    deviceId: '6f1c2a9e-0d5b-4c77-9a51-0b1f3e2d4c10',
    appVersion: '0.1.0',
    firstSeenAt: '2026-06-01T01:00:00.000Z',
    lastPullAt: null,
    lastPushAt: null,
    lastSyncAt: null,
    pushed: 0,
    applied: 0,
    conflicts: 0,
    refused: 0,
    lastRefusedAt: null,
    openConflicts: 0,
    outboxPending: null,
    outboxRefused: null,
    outboxReportedAt: null,
    ...over,
  };
}

/**
 * A kecamatan's phones, by username (as the API orders them): Siti synced two hours ago; Dedi has not for
 * ten days (over the limit) with edits waiting and refused; Rina's phone never reported its outbox; the
 * coordinator's own phone last synced yesterday.
 */
export function sampleDevices(now = Date.now()): SyncDevice[] {
  const ago = (ms: number) => new Date(now - ms).toISOString();
  return [
    device({
      user: 'korcam.cimanggis',
      displayName: 'Hendra Gunawan',
      role: 'koordinator_kecamatan',
      deviceId: 'c0c0a000-1111-4222-8333-944455556666',
      appVersion: '0.1.0',
      lastPullAt: ago(DAY + HOUR),
      lastSyncAt: ago(DAY + HOUR),
      outboxPending: 0,
      outboxRefused: 0,
      outboxReportedAt: ago(DAY + HOUR),
    }),
    device({
      user: 'pendamping01',
      lastPullAt: ago(2 * HOUR),
      lastPushAt: ago(2 * HOUR + 60_000),
      lastSyncAt: ago(2 * HOUR),
      pushed: 40,
      applied: 38,
      conflicts: 2,
      refused: 0,
      openConflicts: 2,
      outboxPending: 0,
      outboxRefused: 0,
      outboxReportedAt: ago(2 * HOUR),
    }),
    device({
      user: 'pendamping02',
      displayName: 'Dedi Kurniawan',
      deviceId: 'd3d1b2c4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      appVersion: '0.0.9',
      lastPullAt: ago(10 * DAY),
      lastPushAt: ago(11 * DAY),
      lastSyncAt: ago(10 * DAY),
      pushed: 12,
      applied: 9,
      conflicts: 0,
      refused: 3,
      lastRefusedAt: ago(11 * DAY),
      outboxPending: 14,
      outboxRefused: 2,
      outboxReportedAt: ago(10 * DAY),
    }),
    device({
      user: 'pendamping03',
      displayName: 'Rina Marlina',
      deviceId: 'a1a2a3a4-b5b6-4c7c-8d8d-e9e0f1f2f3f4',
      appVersion: null,
      lastPullAt: ago(3 * DAY),
      lastSyncAt: ago(3 * DAY),
    }),
  ];
}

/** A conflict of registry fields of `fam-0001` from Siti's phone, open. */
export function conflict(over: Partial<SyncConflict> = {}): SyncConflict {
  return {
    id: 'cf-0001',
    mutationId: '01900000-0000-7000-8000-00000000aa01',
    entity: 'family',
    recordId: 'fam-0001',
    familyId: 'fam-0001',
    headName: 'Budi Santoso',
    kelurahanCode: '32.76.02.1009',
    user: 'pendamping01',
    deviceId: '6f1c2a9e-0d5b-4c77-9a51-0b1f3e2d4c10',
    fields: ['address', 'rt'],
    baseVersion: 3,
    serverVersion: 5,
    device: { address: 'Jl. Melati No. 7', rt: '004' },
    server: { address: 'Jl. Kenanga No. 2', rt: '005' },
    status: 'open',
    createdAt: '2026-07-14T03:00:00.000Z',
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    resolutionData: null,
    ...over,
  };
}

/** Two open registry conflicts, an open graduation step, one decided. */
export function sampleConflicts(): SyncConflict[] {
  return [
    conflict(),
    conflict({
      id: 'cf-0002',
      mutationId: '01900000-0000-7000-8000-00000000aa02',
      recordId: 'fam-0002',
      familyId: 'fam-0002',
      headName: 'Kepala 002',
      fields: ['decile'],
      baseVersion: 1,
      serverVersion: 2,
      device: { decile: 3 },
      server: { decile: 1 },
      createdAt: '2026-07-13T02:00:00.000Z',
    }),
    conflict({
      id: 'cf-0003',
      mutationId: '01900000-0000-7000-8000-00000000aa03',
      entity: 'graduation_transition',
      recordId: 'gc-0004',
      familyId: 'fam-0004',
      headName: 'Kepala 004',
      fields: ['state'],
      baseVersion: 2,
      serverVersion: 3,
      device: { request: { to: 'proposed', type: 'sejahtera_mandiri' } },
      server: { state: 'rejected', type: 'sejahtera_mandiri' },
      createdAt: '2026-07-12T02:00:00.000Z',
    }),
    conflict({
      id: 'cf-0000',
      mutationId: '01900000-0000-7000-8000-00000000aa00',
      recordId: 'fam-0003',
      familyId: 'fam-0003',
      headName: 'Kepala 003',
      fields: ['rw'],
      baseVersion: 2,
      serverVersion: 4,
      device: { rw: '008' },
      server: { rw: '009' },
      status: 'resolved',
      createdAt: '2026-07-01T02:00:00.000Z',
      resolvedAt: '2026-07-02T05:00:00.000Z',
      resolvedBy: 'korcam.cimanggis',
      resolution: 'device',
      resolutionData: { rw: '008' },
    }),
  ];
}

/** An open graduation-step conflict of `fam-0004`: the phone's step (`to`) against the server's stage (`state`). */
export function stepConflict(to: string, state: string | null, over: Partial<SyncConflict> = {}): SyncConflict {
  return conflict({
    id: 'cf-0004',
    mutationId: '01900000-0000-7000-8000-00000000aa04',
    entity: 'graduation_transition',
    recordId: 'gc-0004',
    familyId: 'fam-0004',
    headName: 'Kepala 004',
    fields: ['state'],
    baseVersion: 3,
    serverVersion: 4,
    device: { request: { to, type: 'sejahtera_mandiri', expectedVersion: 3 } },
    server: { state, type: state ? 'sejahtera_mandiri' : null },
    createdAt: '2026-07-12T02:00:00.000Z',
    ...over,
  });
}

export function syncAdminState(over: Partial<SyncAdminState> = {}): SyncAdminState {
  return { devices: sampleDevices(), conflicts: sampleConflicts(), errors: {}, calls: [], ...over };
}

const forbidden = () => new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.', {}, null, { id: 'Anda tidak berwenang melakukan tindakan ini.', en: 'You are not allowed to do this.' });
const notFound = () => new ApiError(404, 'not_found', 'Tidak ditemukan', {}, null, { id: 'Tidak ditemukan', en: 'Not found' });
const INBOX_ROLES = new Set(['koordinator_kecamatan', 'koordinator_kota', 'admin']);
const REGISTRY = new Set(['address', 'rt', 'rw', 'kelurahanCode', 'joinedYear', 'decile']);

type Host = { user?: User | null };

export function fakeSyncAdminData(state: SyncAdminState = syncAdminState()): SyncAdminData {
  function enter(method: keyof SyncAdminData, args: unknown[]) {
    state.calls.push({ method, args });
    const e = state.errors[method];
    if (e) throw e;
  }
  const role = (host: Host) => host.user?.role ?? '';
  return {
    async listSyncDevices(this: Host, page) {
      enter('listSyncDevices', [page]);
      if (!INBOX_ROLES.has(role(this)) && role(this) !== 'pendamping') throw forbidden();
      const all = role(this) === 'pendamping' ? state.devices.filter((d) => d.user === this.user?.username) : state.devices;
      return { items: structuredClone(all.slice(page.offset, page.offset + page.limit)), total: all.length };
    },
    async listSyncConflicts(this: Host, params) {
      enter('listSyncConflicts', [params]);
      if (!INBOX_ROLES.has(role(this))) throw forbidden();
      const all = state.conflicts.filter((c) => !params.status || c.status === params.status).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
      return { items: structuredClone(all.slice(params.offset, params.offset + params.limit)), total: all.length };
    },
    async resolveSyncConflict(this: Host, id, decision) {
      enter('resolveSyncConflict', [id, decision]);
      if (!INBOX_ROLES.has(role(this))) throw forbidden();
      const c = state.conflicts.find((x) => x.id === id);
      if (!c) throw notFound();
      if (c.status !== 'open') throw new ApiError(409, 'sync_conflict_resolved', 'Konflik ini sudah diselesaikan.', {}, null, { id: 'Konflik ini sudah diselesaikan.', en: 'This conflict has been resolved already.' });
      if (c.entity === 'graduation_transition' && decision.choose === 'device') {
        // As the server: the phone's step is made now, as this user, on the case as the conflict shows it; the
        // workflow refusing it (409) or the step not being this user's role (403) is sync_conflict_device_step.
        const request = (c.device.request ?? {}) as { to?: unknown; type?: unknown };
        const to = isGraduationState(request.to) ? request.to : null;
        const from = isGraduationState(c.server.state) ? c.server.state : null;
        const type = (request.type ?? c.server.type ?? 'sejahtera_mandiri') as Parameters<typeof isAllowedMove>[2];
        if (!to || !isAllowedMove(from, to, type) || !ROLES_BY_TARGET[to].includes(role(this) as never)) {
          const m = syncMessages['error.sync_conflict_device_step']!;
          throw new ApiError(409, 'sync_conflict_device_step', m.id, {}, null, m);
        }
      }
      let values: Record<string, unknown> = decision.choose === 'server' ? c.server : c.device;
      if (decision.choose === 'custom') {
        const data = decision.data ?? {};
        if (Object.keys(data).length === 0) throw new ApiError(422, 'validation', 'Data tidak valid.', { data: 'Pilihan custom memerlukan data untuk kolom yang dipersengketakan.' });
        const bad = Object.keys(data).filter((k) => !c.fields.includes(k) || !REGISTRY.has(k));
        if (bad.length > 0) throw new ApiError(422, 'validation', 'Data tidak valid.', Object.fromEntries(bad.map((k) => [`data.${k}`, 'Kolom tidak dikenal.'])));
        if (typeof data.rt === 'string' && !/^\d{1,3}$/.test(data.rt)) throw new ApiError(422, 'validation', 'Data tidak valid.', { 'data.rt': 'RT harus 1–3 angka.' });
        values = data;
      }
      Object.assign(c, { status: 'resolved', resolution: decision.choose, resolutionData: structuredClone(values), resolvedBy: this.user?.username ?? null, resolvedAt: '2026-07-15T04:00:00.000Z' });
      return structuredClone(c);
    },
  };
}
