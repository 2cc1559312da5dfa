/**
 * A phone shared by two users (docs/sync.md, Device state): the edits one user left unsent on it (they logged
 * out offline; the phone never sends them under another's session) are reported by whoever uses the phone next
 * (`X-Titian-Outbox-Others: <user id>=<count>`, counts only) and listed by `GET /sync/devices` on the right
 * user's row for that device, with who reported it, named only to those who oversee the reporter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectOk } from './helpers';

const NOW = new Date('2026-11-20T03:00:00Z');

interface Device {
  user: string;
  deviceId: string;
  lastPullAt: string | null;
  outboxPending: number | null;
  outboxReportedAt: string | null;
  outboxReportedByOther: boolean;
  outboxReportedBy: string | null;
}

describe.each(ENGINES)('edits of another user waiting on a shared phone (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let clock = NOW.getTime();

  const headers = (device: string, over: Record<string, string> = {}) => ({ 'x-titian-device': device, 'x-titian-app-version': '0.9.0', ...over });
  const pull = async (u: string, device: string, over: Record<string, string> = {}) => expectOk(await as(t.app, s[u]!).get(`${API}/sync/pull?limit=50`, headers(device, over)));
  const push = async (u: string, device: string, over: Record<string, string> = {}) => expectOk(await as(t.app, s[u]!).post(`${API}/sync/push`, { mutations: [] }, headers(device, over)));
  const devices = async (u: string) => expectOk(await as(t.app, s[u]!).get(`${API}/sync/devices?limit=200`)).items as Device[];
  const row = async (viewer: string, user: string, device: string) => (await devices(viewer)).find((d) => d.user === user && d.deviceId === device);
  const tick = () => {
    clock += 60_000;
  };

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 30, now: () => new Date(clock) });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'korkot.depok', 'admin']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());

  it('stores the count on the other user’s row for the same device, and the koordinator sees it with who reported it', async () => {
    const phone = uuidv7();
    const p1 = s.pendamping01!.user.id;
    const p2 = s.pendamping02!.user.id;
    // pendamping01 used the phone online (their row for it exists), then recorded a visit offline and logged out.
    await pull('pendamping01', phone, { 'x-titian-outbox-pending': '0', 'x-titian-outbox-refused': '0' });
    const firstSeen = (await row('korcam.cimanggis', 'pendamping01', phone))!;
    expect(firstSeen).toMatchObject({ outboxPending: 0, outboxReportedByOther: false, outboxReportedBy: null });

    // pendamping02 logs in on the same phone, online: their own outbox is empty; one edit of pendamping01 waits.
    tick();
    await pull('pendamping02', phone, { 'x-titian-outbox-pending': '0', 'x-titian-outbox-refused': '0', 'x-titian-outbox-others': `${p1}=1` });
    const at = new Date(clock).toISOString();
    const p1Row = (await row('korcam.cimanggis', 'pendamping01', phone))!;
    expect(p1Row).toMatchObject({ outboxPending: 1, outboxReportedAt: at, outboxReportedByOther: true, outboxReportedBy: 'pendamping02' });
    // pendamping01's own sync times are theirs: the other's pull is not one of them.
    expect(p1Row.lastPullAt).toBe(firstSeen.lastPullAt);
    expect(await row('korcam.cimanggis', 'pendamping02', phone)).toMatchObject({ outboxPending: 0, outboxReportedByOther: false, outboxReportedBy: null });
    // Admin and the korkot oversee both: named too.
    expect(await row('admin', 'pendamping01', phone)).toMatchObject({ outboxPending: 1, outboxReportedBy: 'pendamping02' });
    expect(await row('korkot.depok', 'pendamping01', phone)).toMatchObject({ outboxPending: 1, outboxReportedBy: 'pendamping02' });
    // pendamping01 sees their own row (a pendamping oversees only themselves): the count, not the other's name.
    expect(await row('pendamping01', 'pendamping01', phone)).toMatchObject({ outboxPending: 1, outboxReportedByOther: true, outboxReportedBy: null });
    // Stored in the column the migration added (0025), on this engine.
    const stored = await t.ctx.database.db.selectFrom('sync_devices').select(['outbox_pending', 'outbox_reported_by']).where('user_id', '=', p1).where('device_id', '=', phone).executeTakeFirstOrThrow();
    expect({ ...stored, outbox_pending: Number(stored.outbox_pending) }).toEqual({ outbox_pending: 1, outbox_reported_by: p2 });

    // A push reports it too (a second edit waits now).
    tick();
    await push('pendamping02', phone, { 'x-titian-outbox-others': `${p1}=2` });
    expect(await row('korcam.cimanggis', 'pendamping01', phone)).toMatchObject({ outboxPending: 2, outboxReportedBy: 'pendamping02' });

    // pendamping01 is back and sends them: their own report replaces the other's.
    tick();
    await pull('pendamping01', phone, { 'x-titian-outbox-pending': '0', 'x-titian-outbox-refused': '0' });
    expect(await row('korcam.cimanggis', 'pendamping01', phone)).toMatchObject({ outboxPending: 0, outboxReportedByOther: false, outboxReportedBy: null });
  });

  it('names the reporter only to those who oversee them: a korkot on the phone is “another user” to the korcam', async () => {
    const phone = uuidv7();
    const p1 = s.pendamping01!.user.id;
    await pull('pendamping01', phone);
    tick();
    await pull('korkot.depok', phone, { 'x-titian-outbox-others': `${p1}=3` });
    expect(await row('korcam.cimanggis', 'pendamping01', phone)).toMatchObject({ outboxPending: 3, outboxReportedByOther: true, outboxReportedBy: null });
    expect(await row('korkot.depok', 'pendamping01', phone)).toMatchObject({ outboxPending: 3, outboxReportedBy: 'korkot.depok' });
    expect(await row('admin', 'pendamping01', phone)).toMatchObject({ outboxReportedBy: 'korkot.depok' });
  });

  it('writes no row for a user never seen on the device, skips the caller’s own id, and ignores a malformed report', async () => {
    const phone = uuidv7();
    const p1 = s.pendamping01!.user.id;
    const p2 = s.pendamping02!.user.id;
    const nobody = '0190aaaa-0000-7000-8000-000000000000';
    // pendamping01 never synced from this phone: nothing is written for them (a device cannot make rows for others).
    await pull('pendamping02', phone, { 'x-titian-outbox-pending': '0', 'x-titian-outbox-others': `${p1}=4,${nobody}=1,${p2}=9` });
    expect(await row('korcam.cimanggis', 'pendamping01', phone)).toBeUndefined();
    const rows = await t.ctx.database.db.selectFrom('sync_devices').select('user_id').where('device_id', '=', phone).execute();
    expect(rows.map((r) => r.user_id)).toEqual([p2]);
    // The caller's own id among "others" does not replace what they reported of their own outbox.
    expect(await row('korcam.cimanggis', 'pendamping02', phone)).toMatchObject({ outboxPending: 0, outboxReportedByOther: false });

    // Malformed: never an error; the well-formed entries are kept.
    await pull('pendamping01', phone);
    tick();
    for (const bad of ['garbage', `${p1}=-1`, `${p1}=x`, `not-a-uuid=2`, `${p1}=1=2`, '=']) await pull('pendamping02', phone, { 'x-titian-outbox-others': bad });
    expect(await row('korcam.cimanggis', 'pendamping01', phone)).toMatchObject({ outboxReportedByOther: false });
    await pull('pendamping02', phone, { 'x-titian-outbox-others': `junk, ${p1.toUpperCase()}=5` });
    expect(await row('korcam.cimanggis', 'pendamping01', phone)).toMatchObject({ outboxPending: 5, outboxReportedBy: 'pendamping02' });
  });
});
