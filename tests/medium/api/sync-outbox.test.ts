/**
 * Offline sync, issue 7 server side (docs/sync.md): compliance observations pushed from a phone (applied
 * once through the compliance service, idempotent, refused for bad data, out of scope, a closed period or a
 * role that may not write), and the outbox state a device reports in headers on every pull and push
 * (stored on its row, shown to the coordinator in /sync/devices; a malformed value is ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');

type PushResult = { id: string; status: string; reason?: string; recordId?: string };

describe.each(ENGINES)('sync: compliance observations and device outbox (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  /** A family of pendamping01 and one of its members. */
  let familyId: string;
  let memberId: string;
  let otherMemberId: string;

  const call = (u: string, headers: Record<string, string> = {}) => {
    const a = as(t.app, s[u]!);
    return { get: (url: string) => a.get(url, headers), post: (url: string, body: unknown) => a.post(url, body, headers) };
  };
  const deviceHeaders = (device: string, extra: Record<string, string> = {}) => ({ 'x-titian-device': device, 'x-titian-app-version': '0.9.1', ...extra });
  const push = async (u: string, device: string, mutations: unknown[], extra: Record<string, string> = {}, query = '') =>
    expectOk(await call(u, deviceHeaders(device, extra)).post(`${API}/sync/push${query}`, { mutations })).results as PushResult[];
  const pullOnce = async (u: string, device: string, extra: Record<string, string> = {}) => expectOk(await call(u, deviceHeaders(device, extra)).get(`${API}/sync/pull?limit=1000`));

  const observation = (data: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
    id: uuidv7(),
    entity: 'compliance_observation',
    op: 'create',
    recordId: uuidv7(),
    familyId,
    data: { memberId, kind: 'pendidikan', month: '2026-07', observation: { attendancePct: 90 }, ...data },
    ...over,
  });

  const rowsFor = (personId: string, month: string) =>
    t.ctx.database.db.selectFrom('compliance_observations').select(['id', 'data', 'source']).where('person_id', '=', personId).where('month', '=', month).execute();
  const observeAudits = (family: string) => t.ctx.database.db.selectFrom('audit_log').select('seq').where('action', '=', 'compliance.observe').where('family_id', '=', family).execute();

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 120, now: () => NOW });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor', 'peneliti', 'admin']) s[u] = await loginAs(t.app, u);
    const list = expectOk(await call('pendamping01').get(`${API}/families?limit=50&status=aktif`)).items as Array<{ id: string }>;
    for (const f of list) {
      const d = expectOk(await call('pendamping01').get(`${API}/families/${f.id}`));
      if (d.members.length >= 2) {
        familyId = f.id;
        memberId = d.members[0].id;
        otherMemberId = d.members[1].id;
        break;
      }
    }
    expect(familyId).toBeTruthy();
  });
  afterAll(async () => t?.close());

  it('a compliance observation is applied once, under the phone\'s id, through the compliance service; a retry answers duplicate', async () => {
    const device = uuidv7();
    const m = observation({ observation: { attendancePct: 92 } });
    const [r] = await push('pendamping01', device, [m]);
    expect(r, JSON.stringify(r)).toMatchObject({ id: m.id, status: 'applied', recordId: m.recordId });
    const rows = await rowsFor(memberId, '2026-07');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: m.recordId, source: 'manual' });
    expect(JSON.parse(rows[0]!.data)).toEqual({ attendancePct: 92 });
    const audits = (await observeAudits(familyId)).length;
    expect(audits).toBeGreaterThanOrEqual(1);
    // The family's result for the period has it, as if entered through the API.
    const result = expectOk(await call('pendamping01').get(`${API}/families/${familyId}/compliance?period=2026-Q3`));
    const item = result.items.find((i: { memberId: string; kind: string }) => i.memberId === memberId && i.kind === 'pendidikan');
    if (item) expect(item.months.find((x: { month: string }) => x.month === '2026-07')).toMatchObject({ attendancePct: 92 });

    // The same mutation again (the answer was lost): duplicate, with the id; nothing recorded twice.
    const [dup] = await push('pendamping01', device, [m]);
    expect(dup).toMatchObject({ id: m.id, status: 'duplicate', recordId: m.recordId });
    expect(await rowsFor(memberId, '2026-07')).toHaveLength(1);
    expect((await observeAudits(familyId)).length).toBe(audits);
    // Twice in one batch: the second is a duplicate of the first.
    const twice = observation({ memberId: otherMemberId, observation: { attendancePct: 70 } });
    expect((await push('pendamping01', device, [twice, twice])).map((x) => x.status)).toEqual(['applied', 'duplicate']);
    expect(await rowsFor(otherMemberId, '2026-07')).toHaveLength(1);

    // A later observation of the same member, kind and month that does not name the version it replaces (the
    // phone did not know of the record) is a conflict for a koordinator: nothing is overwritten, nothing lost.
    const later = observation({ observation: { attendancePct: 80 } });
    const [lr] = await push('pendamping01', device, [later]);
    expect(lr, JSON.stringify(lr)).toMatchObject({ status: 'conflict' });
    const kept = await rowsFor(memberId, '2026-07');
    expect(kept).toHaveLength(1);
    expect(JSON.parse(kept[0]!.data)).toEqual({ attendancePct: 92 });
    // The phone's id already naming another observation (another month) is refused, never written twice.
    const [clash] = await push('pendamping01', device, [observation({ month: '2026-06' }, { recordId: m.recordId })]);
    expect(clash).toMatchObject({ status: 'refused' });
    expect(clash!.reason).toMatch(/sudah ada/);
    expect(await rowsFor(memberId, '2026-06')).toHaveLength(0);
    // Devices count it like any mutation.
    const d = expectOk(await call('pendamping01').get(`${API}/sync/devices?limit=100`)).items.find((x: { deviceId: string }) => x.deviceId === device);
    expect(d).toMatchObject({ pushed: 4, applied: 2, conflicts: 1, refused: 1 });
  });

  it('invalid data is refused with field messages, in the caller\'s language; nothing is stored', async () => {
    const device = uuidv7();
    const results = await push('pendamping01', device, [
      observation({ month: '2026-13' }), // schema: not a month
      observation({ kind: 'gizi' }), // schema: unknown kind
      observation({ kind: 'kesehatan', month: '2026-07', observation: { visits: 1 } }), // service: kesehatan needs sub
      observation({ month: '2026-09' }), // service: a future month
      observation({ memberId: uuidv7(), month: '2026-07' }), // service: not a member of the family
      observation({ observation: { attendancePct: 'banyak' } }), // service: shape of the kind
      observation({}, { op: 'update' }),
      observation({}, { familyId: undefined }),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('refused'));
    // Each reason says what is wrong in words, without the fields' paths.
    expect(results.slice(0, 6).map((r) => r.reason)).toEqual([
      'Data tidak valid: Bulan harus berbentuk YYYY-MM.',
      'Data tidak valid: Jenis harus pendidikan, kesehatan atau kesos.',
      expect.stringMatching(/^Data tidak valid: Untuk kesehatan, pilih anc/),
      'Data tidak valid: Bulan tidak boleh setelah bulan ini (2026-07).',
      expect.stringMatching(/^Data tidak valid: Anggota \S+ bukan anggota keluarga ini\.$/),
      expect.stringMatching(/^Data tidak valid: Data verifikasi tidak dapat dibaca/),
    ]);
    expect(results[6]!.reason).toMatch(/update/);
    expect(results[7]!.reason).toMatch(/familyId/);
    for (const r of results) expect(r.recordId).toBeUndefined();
    // In English when asked.
    const [en] = await push('pendamping01', device, [observation({ month: '2026-09' })], {}, '?lang=en');
    expect(en!.reason).toBe('Invalid data: Month: The month cannot be after this month (2026-07).');
    expect(await rowsFor(memberId, '2026-09')).toHaveLength(0);
    expect(await rowsFor(memberId, '2026-13')).toHaveLength(0);
    // A retried refusal answers duplicate.
    const again = results[0]!;
    const [dup] = await push('pendamping01', device, [observation({ month: '2026-13' }, { id: again.id })]);
    expect(dup!.status).toBe('duplicate');
  });

  it('a closed verification period is refused (its results are frozen)', async () => {
    const close = await call('korcam.cimanggis').post(`${API}/compliance/close`, { period: '2026-Q2' });
    expect(close.statusCode, close.body).toBe(200);
    const [r] = await push('pendamping01', uuidv7(), [observation({ month: '2026-05', observation: { attendancePct: 99 } })]);
    expect(r).toMatchObject({ status: 'refused' });
    expect(r!.reason).toMatch(/triwulan 2 2026/);
    expect(r!.reason).toMatch(/ditutup/);
    expect(await rowsFor(memberId, '2026-05')).toHaveLength(0);
  });

  it('out of scope, a researcher and an auditor are refused; nothing is stored', async () => {
    const out = observation({ month: '2026-04', observation: { attendancePct: 61 } });
    const [r2] = await push('pendamping02', uuidv7(), [out]);
    expect(r2).toMatchObject({ status: 'refused' });
    expect(r2!.reason).toMatch(/tidak ditemukan|di luar/);
    // An unknown family the same way.
    const [r3] = await push('pendamping01', uuidv7(), [observation({}, { familyId: uuidv7() })]);
    expect(r3).toMatchObject({ status: 'refused' });
    expect(r3!.reason).toMatch(/tidak ditemukan|di luar/);
    for (const u of ['peneliti', 'auditor']) {
      const m = observation({ month: '2026-04', observation: { attendancePct: 62 } });
      const [r] = await push(u, uuidv7(), [m]);
      expect(r, u).toMatchObject({ id: m.id, status: 'refused' });
      expect(r!.reason, u).toMatch(/membaca/);
    }
    expect(await rowsFor(memberId, '2026-04')).toHaveLength(0);
  });

  it('the outbox a device reports on pull and push is stored and shown to the coordinator of its pendamping', async () => {
    const device = uuidv7();
    const silent = uuidv7();
    await pullOnce('pendamping01', silent);
    await pullOnce('pendamping01', device, { 'x-titian-outbox-pending': '3', 'x-titian-outbox-refused': '1' });
    const devices = async (u: string) => expectOk(await call(u).get(`${API}/sync/devices?limit=200`)).items as Array<Record<string, unknown>>;
    let d = (await devices('korcam.cimanggis')).find((x) => x.deviceId === device);
    expect(d).toMatchObject({ user: 'pendamping01', outboxPending: 3, outboxRefused: 1 });
    const firstAt = d!.outboxReportedAt as string;
    expect(new Date(firstAt).toISOString()).toBe(firstAt);
    // A device that never reported: null, not 0.
    expect((await devices('korcam.cimanggis')).find((x) => x.deviceId === silent)).toMatchObject({ outboxPending: null, outboxRefused: null, outboxReportedAt: null });
    // A push reports again (after it: nothing waiting, the refused one kept).
    await push('pendamping01', device, [observation({ month: '2026-07', memberId: otherMemberId, observation: { attendancePct: 75 } })], { 'x-titian-outbox-pending': '0', 'x-titian-outbox-refused': '2' });
    d = (await devices('korcam.cimanggis')).find((x) => x.deviceId === device);
    expect(d).toMatchObject({ outboxPending: 0, outboxRefused: 2 });
    expect(typeof d!.outboxReportedAt).toBe('string');
    // Admin sees it; the pendamping sees their own; another pendamping does not.
    expect((await devices('admin')).find((x) => x.deviceId === device)).toMatchObject({ outboxPending: 0, outboxRefused: 2 });
    expect((await devices('pendamping01')).find((x) => x.deviceId === device)).toMatchObject({ outboxPending: 0 });
    expect((await devices('pendamping02')).some((x) => x.deviceId === device)).toBe(false);
    expectError(await call('auditor').get(`${API}/sync/devices`), 403);
  });

  it('malformed outbox headers are ignored: the pull and push still answer 200 and the last good report stays', async () => {
    const device = uuidv7();
    await pullOnce('pendamping01', device, { 'x-titian-outbox-pending': '7', 'x-titian-outbox-refused': '4' });
    const read = async () => (expectOk(await call('korcam.cimanggis').get(`${API}/sync/devices?limit=200`)).items as Array<Record<string, unknown>>).find((x) => x.deviceId === device)!;
    const good = await read();
    expect(good).toMatchObject({ outboxPending: 7, outboxRefused: 4 });
    for (const bad of ['abc', '-1', '1.5', '1e3', '1000001', '99999999999999999999', '', ' ', '0x10', '3;DROP']) {
      const res = await call('pendamping01', deviceHeaders(device, { 'x-titian-outbox-pending': bad, 'x-titian-outbox-refused': bad })).get(`${API}/sync/pull?limit=1000`);
      expect(res.statusCode, `${JSON.stringify(bad)}: ${res.body.slice(0, 200)}`).toBe(200);
    }
    const pushed = await call('pendamping01', deviceHeaders(device, { 'x-titian-outbox-pending': 'lots', 'x-titian-outbox-refused': '-5' })).post(`${API}/sync/push`, { mutations: [] });
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect(await read()).toMatchObject({ outboxPending: 7, outboxRefused: 4, outboxReportedAt: good.outboxReportedAt });
    // One good, one bad: the good one is taken, the other kept. The bounds are included.
    await pullOnce('pendamping01', device, { 'x-titian-outbox-pending': '1000000', 'x-titian-outbox-refused': 'x' });
    expect(await read()).toMatchObject({ outboxPending: 1_000_000, outboxRefused: 4 });
    await pullOnce('pendamping01', device, { 'x-titian-outbox-pending': ' 0 ' });
    expect(await read()).toMatchObject({ outboxPending: 0, outboxRefused: 4 });
    // On a new device, malformed headers leave it unreported.
    const fresh = uuidv7();
    await pullOnce('pendamping01', fresh, { 'x-titian-outbox-pending': 'NaN', 'x-titian-outbox-refused': 'Infinity' });
    expect((expectOk(await call('korcam.cimanggis').get(`${API}/sync/devices?limit=200`)).items as Array<Record<string, unknown>>).find((x) => x.deviceId === fresh)).toMatchObject({
      outboxPending: null,
      outboxRefused: null,
      outboxReportedAt: null,
    });
    // The device header itself stays strict (a 400, as before).
    expectError(await call('pendamping01', { 'x-titian-device': 'not-a-uuid', 'x-titian-outbox-pending': '1' }).get(`${API}/sync/pull?limit=1000`), 400);
  });

  it('a first sync sends the last 12 months of activities and a summary of the older ones on the family', async () => {
    const old = expectOk(await call('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2025-03-10', roles: ['dukungan'] }), 201);
    const older = expectOk(await call('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2025-01-20', roles: ['dukungan'] }), 201);
    const recent = expectOk(await call('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2026-07-01', roles: ['dukungan'] }), 201);
    const device = uuidv7();
    const changes: Array<{ entity: string; id: string; op: string; data: Record<string, unknown> | null }> = [];
    let cursor = '';
    for (let i = 0; i < 20; i++) {
      const page = expectOk(await call('pendamping01', deviceHeaders(device)).get(`${API}/sync/pull?limit=1000${cursor ? `&cursor=${cursor}` : ''}`));
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const ids = new Set(changes.filter((c) => c.entity === 'activity').map((c) => c.id));
    expect(ids.has(recent.id)).toBe(true);
    expect(ids.has(old.id)).toBe(false);
    expect(ids.has(older.id)).toBe(false);
    const family = changes.find((c) => c.entity === 'family' && c.id === familyId)!;
    expect(family.data!.olderHistory).toEqual({ since: '2025-07-15', activities: 2, lastActivityDate: '2025-03-10' });
    // Nothing but live records in a first sync.
    expect(changes.filter((c) => c.op === 'delete')).toEqual([]);
  });

  it('list parameters out of range name their own range, in both languages', async () => {
    const limit = expectError(await call('pendamping01', deviceHeaders(uuidv7())).get(`${API}/sync/pull?limit=5`), 400);
    expect(limit.fields?.limit).toMatch(/10 sampai 5000/);
    const status = expectError(await call('pendamping01').get(`${API}/data-updates?status=nope`), 400);
    expect(status.fields?.status).toMatch(/proposed, confirmed/);
    const year = expectError(await call('pendamping01').get(`${API}/graduation/pipeline?year=1900`), 400);
    expect(year.fields?.year).toMatch(/2007 sampai 2100/);
    const en = await t.app.inject({ method: 'GET', url: `${API}/graduation/pipeline?year=abc`, headers: { cookie: s.pendamping01!.cookie, 'accept-language': 'en' } });
    expect(en.statusCode).toBe(400);
    expect(JSON.parse(en.body).error.messages.en).toBeTruthy();
    expect(JSON.parse(en.body).error.fields.year).toMatch(/2007 to 2100/);
  });

  it("a researcher's phone gets the same pseudonyms as the API: No. KK as KK-…, never its digits", async () => {
    const page = expectOk(await call('peneliti', deviceHeaders(uuidv7())).get(`${API}/sync/pull?limit=200`));
    const families = (page.changes as Array<{ entity: string; id: string; data?: Record<string, unknown> }>).filter((c) => c.entity === 'family' && c.data);
    expect(families.length).toBeGreaterThan(0);
    for (const f of families) {
      expect(f.data!.kkNumber).toMatch(/^KK-[0-9A-F]{8}$/);
      expect(f.data!.headName).toMatch(/^KPM-[0-9A-F]{8}$/);
    }
    const detail = expectOk(await call('peneliti').get(`${API}/families/${families[0]!.id}`));
    expect(detail.kkNumber).toBe(families[0]!.data!.kkNumber);
    // Members: a NIK becomes NIK-…, a member without one stays without; names are pseudonyms.
    const members = (page.changes as Array<{ entity: string; data?: Record<string, unknown> }>).filter((c) => c.entity === 'member' && c.data);
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) {
      expect(m.data!.name).toMatch(/^ART-[0-9A-F]{8}$/);
      if (m.data!.nik !== null) expect(m.data!.nik).toMatch(/^NIK-[0-9A-F]{8}$/);
    }
    expect(members.some((m) => m.data!.nik !== null)).toBe(true);
  });
});
