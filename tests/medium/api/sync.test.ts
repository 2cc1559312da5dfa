/**
 * Offline sync through the API (docs/sync.md): pull paging and cursors, tombstones, scope loss, no leak
 * between pendamping; push idempotency, append-only records, field merge, the conflict inbox, proposals,
 * read-only callers; device state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, anon, expectError, expectOk, member, newFamilyBody, nikFor } from './helpers';

type Change = { entity: string; id: string; op: 'upsert' | 'delete'; version: number | null; data: any };

const NOW = new Date('2026-07-15T03:00:00Z');

describe.each(ENGINES)('sync (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const api = (u: string, device?: string) => {
    const a = as(t.app, s[u]!);
    const h: Record<string, string> = device ? { 'x-titian-device': device, 'x-titian-app-version': '0.9.0' } : {};
    return {
      get: (url: string) => a.get(url, h),
      post: (url: string, body: unknown) => a.post(url, body, h),
      patch: (url: string, body: unknown) => a.patch(url, body, h),
      put: (url: string, body: unknown) => a.put(url, body, h),
    };
  };

  /** Pulls until hasMore is false; returns every change and the last cursor. */
  async function pullAll(u: string, device: string, cursor?: string, limit = 200) {
    const changes: Change[] = [];
    let pages = 0;
    let c = cursor;
    for (;;) {
      const q = new URLSearchParams({ limit: String(limit), ...(c ? { cursor: c } : {}) });
      const body = expectOk(await api(u, device).get(`${API}/sync/pull?${q}`));
      expect(typeof body.cursor).toBe('string');
      expect(typeof body.hasMore).toBe('boolean');
      changes.push(...body.changes);
      c = body.cursor;
      pages += 1;
      if (!body.hasMore) break;
      if (pages > 200) throw new Error('pull does not end');
    }
    return { changes, cursor: c!, pages };
  }

  const push = async (u: string, device: string, mutations: unknown[]) => expectOk(await api(u, device).post(`${API}/sync/push`, { mutations })).results as Array<{ id: string; status: string; reason?: string; recordId?: string }>;

  const visit = (familyId: string, over: Record<string, unknown> = {}) => ({
    id: uuidv7(),
    entity: 'activity',
    op: 'create',
    recordId: uuidv7(),
    familyId,
    data: { type: 'kunjungan_rumah', date: '2026-07-14', roles: ['animasi_sosial'], notes: 'Kunjungan luring.', ...over },
  });

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 300, seedFacilitation: true, now: () => NOW });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor', 'admin']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());

  it('first sync pages through the working set: the caseload, members, groups, reference data; nothing of another pendamping', async () => {
    const device = uuidv7();
    const caseload = expectOk(await api('pendamping01').get(`${API}/families?limit=500`));
    const { changes, pages } = await pullAll('pendamping01', device, undefined, 60);
    expect(pages).toBeGreaterThan(1);
    const families = changes.filter((c) => c.entity === 'family' && c.op === 'upsert');
    expect(families.map((f) => f.id).sort()).toEqual(caseload.items.map((f: { id: string }) => f.id).sort());
    expect(families.every((f) => f.data.pendamping === 'pendamping01')).toBe(true);
    // Whole identifiers, as the API shows them to a pendamping.
    expect(families[0]!.data.kkNumber).toMatch(/^\d{16}$/);
    const members = changes.filter((c) => c.entity === 'member');
    expect(members.length).toBeGreaterThan(families.length);
    const familyIds = new Set(families.map((f) => f.id));
    expect(members.every((m) => familyIds.has(m.data.familyId))).toBe(true);
    for (const e of ['activity', 'group', 'p2k2_session', 'reference', 'criteria_set']) expect(changes.some((c) => c.entity === e), e).toBe(true);
    expect(changes.some((c) => c.entity === 'reference' && c.id === 'p2k2-modules')).toBe(true);
    // Nothing of pendamping02's caseload.
    const other = expectOk(await api('pendamping02').get(`${API}/families?limit=500`)).items.map((f: { id: string }) => f.id);
    const sent = new Set(changes.map((c) => c.data?.familyId ?? (c.entity === 'family' ? c.id : undefined)));
    expect(other.some((id: string) => sent.has(id))).toBe(false);
    // Activities are within the last 12 months.
    expect(changes.filter((c) => c.entity === 'activity').every((a) => a.data.date >= '2025-07-15')).toBe(true);
    // Reading whole identifiers onto a phone is audited.
    const audit = await t.ctx.database.db.selectFrom('audit_log').select(['action']).where('action', '=', 'sync.read_sensitive').execute();
    expect(audit.length).toBe(families.length);
  });

  it('an incremental pull after a change holds only it; a malformed cursor is a 400', async () => {
    const device = uuidv7();
    const first = await pullAll('pendamping01', device);
    const empty = await pullAll('pendamping01', device, first.cursor);
    expect(empty.changes.filter((c) => c.entity !== 'reference')).toEqual([]);
    const familyId = first.changes.find((c) => c.entity === 'family')!.id;
    const made = expectOk(await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2026-07-15', roles: ['animasi_sosial'] }), 201);
    const next = await pullAll('pendamping01', device, empty.cursor);
    expect(next.changes.map((c) => [c.entity, c.id, c.op])).toEqual([['activity', made.id, 'upsert']]);
    expect(next.changes[0]!.data).toMatchObject({ familyId, type: 'kunjungan_rumah', roles: ['animasi_sosial'], pendamping: 'pendamping01' });
    for (const bad of ['abc!', 'djE6eHl6', Buffer.from('v2:1:1:').toString('base64url'), 'x'.repeat(300)]) {
      expectError(await api('pendamping01', device).get(`${API}/sync/pull?cursor=${encodeURIComponent(bad)}`), 400);
    }
  });

  it('a new family arrives with its members, and its one change-log row brings them again from the log', async () => {
    const device = uuidv7();
    const first = await pullAll('pendamping01', device);
    const created = expectOk(await api('pendamping01').post(`${API}/families`, newFamilyBody()), 201);
    const memberIds = created.members.map((m: { id: string }) => m.id).sort();
    expect(memberIds.length).toBeGreaterThan(1);
    // One row in the log for the family and everyone created with it.
    const logged = await t.ctx.database.db.selectFrom('change_log').select(['entity', 'op']).where('family_id', '=', created.id).execute();
    expect(logged).toEqual([{ entity: 'family', op: 'create' }]);
    // The next pull gains the family (its working set); the one after reads the log past the cursor, where the
    // family's create row alone must bring its members back, not just the family.
    const gained = await api('pendamping01', device).get(`${API}/sync/pull?cursor=${encodeURIComponent(first.cursor)}`);
    const page = expectOk(gained);
    expect(page.changes.filter((c: Change) => c.entity === 'member' && c.data.familyId === created.id).map((c: Change) => c.id).sort()).toEqual(memberIds);
    const fromLog = await pullAll('pendamping01', device, page.cursor);
    expect(fromLog.changes.filter((c) => c.entity === 'family').map((c) => c.id)).toEqual([created.id]);
    expect(fromLog.changes.filter((c) => c.entity === 'member' && c.op === 'upsert').map((c) => c.id).sort()).toEqual(memberIds);
  });

  it('a tombstone follows a delete (a member who left the family), and a retried page comes again', async () => {
    const device = uuidv7();
    const first = await pullAll('pendamping01', device);
    const family = first.changes.find((c) => c.entity === 'family')!;
    const detail = expectOk(await api('pendamping01').get(`${API}/families/${family.id}`));
    const child = detail.members.find((m: { relation: string }) => m.relation !== 'kepala_keluarga');
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${family.id}`, { members: { end: [{ id: child.id, endDate: '2026-07-15', reason: 'pindah' }] } }));
    const next = await pullAll('pendamping01', device, first.cursor);
    expect(next.changes).toContainEqual(expect.objectContaining({ entity: 'member', id: child.id, op: 'delete' }));
    expect(next.changes).toContainEqual(expect.objectContaining({ entity: 'family', id: family.id, op: 'upsert' }));
    // The same cursor again (the phone lost the answer): the same changes.
    const again = await pullAll('pendamping01', device, first.cursor);
    expect(again.changes.map((c) => `${c.entity}:${c.id}:${c.op}`).sort()).toEqual(next.changes.map((c) => `${c.entity}:${c.id}:${c.op}`).sort());
  });

  it('scope loss: a family reassigned to another pendamping is dropped from the phone at the next pull, and arrives on theirs', async () => {
    const d1 = uuidv7();
    const d2 = uuidv7();
    const p1 = await pullAll('pendamping01', d1);
    const p2 = await pullAll('pendamping02', d2);
    const familyId = p1.changes.find((c) => c.entity === 'family')!.id;
    expectOk(await api('korcam.cimanggis').put(`${API}/families/${familyId}/assignment`, { pendamping: 'pendamping02', reason: 'rebalancing' }));
    const n1 = await pullAll('pendamping01', d1, p1.cursor);
    expect(n1.changes).toContainEqual({ entity: 'family', id: familyId, op: 'delete', version: null, data: { reason: 'scope', cascade: true } });
    expect(n1.changes.some((c) => c.op === 'upsert' && (c.id === familyId || c.data?.familyId === familyId))).toBe(false);
    const n2 = await pullAll('pendamping02', d2, p2.cursor);
    expect(n2.changes).toContainEqual(expect.objectContaining({ entity: 'family', id: familyId, op: 'upsert' }));
    expect(n2.changes.some((c) => c.entity === 'member' && c.data.familyId === familyId)).toBe(true);
    // The tombstone is not repeated once acknowledged.
    const n1b = await pullAll('pendamping01', d1, n1.cursor);
    expect(n1b.changes.some((c) => c.id === familyId)).toBe(false);
    // pendamping01 pushing to it now is refused (out of scope).
    const [r] = await push('pendamping01', d1, [visit(familyId)]);
    expect(r).toMatchObject({ status: 'refused' });
    expect(r!.reason).toMatch(/tidak ditemukan|di luar/);
  });

  it('push is idempotent: the same batch twice answers duplicate and writes nothing twice; append-only never conflicts', async () => {
    const device = uuidv7();
    const familyId = expectOk(await api('pendamping01').get(`${API}/families?limit=1`)).items[0].id;
    const before = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/activities?limit=1`)).total;
    const batch = [visit(familyId), visit(familyId, { date: '2026-07-13', type: 'advokasi' }), visit(familyId, { date: '2026-07-12' })];
    const first = await push('pendamping01', device, batch);
    expect(first.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const second = await push('pendamping01', device, [...batch].reverse());
    expect(second.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const after = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/activities?limit=100`));
    expect(after.total).toBe(before + 3);
    // The phone's ids are kept.
    for (const m of batch) expect(after.items.some((a: { id: string }) => a.id === m.recordId)).toBe(true);
    // The same record under a new mutation id (an outbox rebuilt) is not written twice either.
    const [again] = await push('pendamping01', device, [{ ...batch[0], id: uuidv7() }]);
    expect(again!.status).toBe('refused');
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}/activities?limit=1`)).total).toBe(before + 3);
    // A bad one is refused alone, with a reason in the caller's language; the rest of the batch applies.
    const mixed = await push('pendamping01', device, [visit(familyId, { type: 'arisan' }), visit(familyId)]);
    expect(mixed.map((r) => r.status)).toEqual(['refused', 'applied']);
    expect(mixed[0]!.reason).toMatch(/^Data tidak valid: Jenis kegiatan "arisan"/);
    // A date out of bounds or missing: one sentence per field, no paths, no doubled general sentence.
    const dates = await push('pendamping01', device, [visit(familyId, { date: '1850-03-01' }), visit(familyId, { date: '' })]);
    expect(dates.map((r) => r.status)).toEqual(['refused', 'refused']);
    for (const r of dates) {
      expect(r.reason).toMatch(/^Data tidak valid: Tanggal[^;]*\.$/);
      expect(r.reason).not.toMatch(/date:|kolom yang ditandai|\.;/);
    }
    const unknown = await push('pendamping01', device, [{ ...visit(familyId), entity: 'sanction' }, { ...visit(familyId), op: 'delete' }]);
    expect(unknown.map((r) => r.status)).toEqual(['refused', 'refused']);
    // The contract's 400 for a malformed body (not a uuid v7 id).
    expectError(await api('pendamping01', device).post(`${API}/sync/push`, { mutations: [{ ...visit(familyId), id: 'not-a-uuid' }] }), 400);
    expectError(await api('pendamping01', device).post(`${API}/sync/push`, { mutations: 'x' }), 400);
  });

  it('a held P2K2 session with attendance and an assessment are appended; a graduation step the state machine refuses is a conflict', async () => {
    const device = uuidv7();
    const { changes } = await pullAll('pendamping01', device);
    const group = changes.find((c) => c.entity === 'group')!;
    const mine = new Set(changes.filter((c) => c.entity === 'family').map((c) => c.id));
    const roster = changes.filter((c) => c.entity === 'group_member' && c.data.groupId === group.id && mine.has(c.data.familyId)).map((c) => c.data.familyId);
    const modules = changes.find((c) => c.entity === 'reference' && c.id === 'p2k2-modules')!.data.content.modules;
    const sessionMutation = {
      id: uuidv7(),
      entity: 'p2k2_session',
      op: 'create',
      recordId: uuidv7(),
      data: { groupId: group.id, module: modules[0].code, session: 2, date: '2026-07-14', status: 'held', attendance: roster.map((f: string) => ({ familyId: f, status: 'hadir' })), roles: ['fasilitasi_kelompok'] },
    };
    const [sr] = await push('pendamping01', device, [sessionMutation]);
    expect(sr, JSON.stringify(sr)).toMatchObject({ status: 'applied' });
    // Stored under the phone's id.
    expect(sr!.recordId).toBe(sessionMutation.recordId);
    const [dup] = await push('pendamping01', device, [sessionMutation]);
    expect(dup).toMatchObject({ status: 'duplicate', recordId: sr!.recordId });
    // The session changed on the phone before its (lost) answer came: a new mutation for the same record is
    // refused as existing, never a second session.
    const [changed] = await push('pendamping01', device, [{ ...sessionMutation, id: uuidv7(), data: { ...sessionMutation.data, session: 3 } }]);
    expect(changed).toMatchObject({ status: 'refused', code: 'sync.refused.record_exists', reason: expect.stringMatching(/sudah ada/) });
    const sessions = await t.ctx.database.db.selectFrom('p2k2_sessions').select(['id', 'session_code']).where('group_id', '=', group.id).where('date', '=', '2026-07-14').execute();
    expect(sessions).toEqual([{ id: sessionMutation.recordId, session_code: '2' }]);

    const familyId = roster[0] as string;
    const assessment = { id: uuidv7(), entity: 'assessment', op: 'create', recordId: uuidv7(), familyId, data: { criteriaSet: 'pkh-default', answers: {} } };
    const [ar] = await push('pendamping01', device, [assessment]);
    expect(ar, JSON.stringify(ar)).toMatchObject({ status: 'applied' });
    const stored = await t.ctx.database.db.selectFrom('assessments').select('id').where('id', '=', assessment.recordId).execute();
    expect(stored).toHaveLength(1);
    expect((await push('pendamping01', device, [assessment]))[0]!.status).toBe('duplicate');

    // `approved` from nothing: the state machine refuses it whoever asks (409) → a conflict, in the inbox.
    const step = { id: uuidv7(), entity: 'graduation_transition', op: 'create', recordId: uuidv7(), familyId, data: { to: 'proposed', type: 'sejahtera_mandiri' } };
    const [gr] = await push('pendamping01', device, [step]);
    expect(gr, JSON.stringify(gr)).toMatchObject({ status: 'conflict' });
    expect(gr!.reason).toBeTruthy();
    const inbox = expectOk(await api('korcam.cimanggis').get(`${API}/sync/conflicts?status=open&limit=100`));
    expect(inbox.items.some((c: { mutationId: string; entity: string }) => c.mutationId === step.id && c.entity === 'graduation_transition')).toBe(true);
    const [gdup] = await push('pendamping01', device, [step]);
    expect(gdup!.status).toBe('duplicate');
    // The phone's step cannot be applied now: "use the phone's data" says so (not "reload and retry"), the
    // conflict stays open, and "use the server's data" closes it.
    const conflict = inbox.items.find((c: { mutationId: string }) => c.mutationId === step.id);
    // The inbox names the family's kelurahan, not only its code.
    expect(conflict.kelurahanName).toBeTruthy();
    expect(conflict.kelurahanName).not.toMatch(/\d/);
    const stateBefore = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/graduation`)).state;
    const refused = expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${conflict.id}/resolve`, { choose: 'device' }), 409, 'sync_conflict_device_step');
    expect(refused.message).toMatch(/Pakai data server/);
    expect(expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/graduation`)).state).toBe(stateBefore);
    const stillOpen = expectOk(await api('korcam.cimanggis').get(`${API}/sync/conflicts?status=open&limit=100`));
    expect(stillOpen.items.some((c: { id: string }) => c.id === conflict.id)).toBe(true);
    const ownConflicts = async (u: string) => expectOk(await api(u).post(`${API}/sync/conflicts/mine`, { mutations: [step.id, uuidv7()] })).items;
    // The phone asks what became of its contested step: open, then decided.
    expect(await ownConflicts('pendamping01')).toEqual([{ mutationId: step.id, status: 'open', resolution: null, resolvedAt: null }]);
    expect(expectOk(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${conflict.id}/resolve`, { choose: 'server' }))).toMatchObject({ status: 'resolved', resolution: 'server' });
    expect(await ownConflicts('pendamping01')).toEqual([{ mutationId: step.id, status: 'resolved', resolution: 'server', resolvedAt: expect.any(String) }]);
    // Only the caller's own: another user learns nothing of it.
    expect(await ownConflicts('korcam.cimanggis')).toEqual([]);
    expectError(await api('pendamping01').post(`${API}/sync/conflicts/mine`, { mutations: ['not-an-id'] }), 400);
  });

  it('field edits: non-overlapping edits merge; the same field edited twice lands in the inbox, and resolving applies the choice', async () => {
    const device = uuidv7();
    const familyId = expectOk(await api('pendamping01').get(`${API}/families?limit=1&offset=3`)).items[0].id;
    const base = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    // Online, the koordinator changes the address.
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${familyId}`, { address: 'Jl. Koordinator 1' }));
    // Offline, the phone changed the decile (not touched since): merged.
    const [merged] = await push('pendamping01', device, [{ id: uuidv7(), entity: 'family', op: 'update', recordId: familyId, baseVersion: base.version, data: { decile: 3 } }]);
    expect(merged, JSON.stringify(merged)).toMatchObject({ status: 'applied' });
    let now = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    expect({ address: now.address, decile: now.decile }, JSON.stringify(now).slice(0, 600)).toEqual({ address: 'Jl. Koordinator 1', decile: 3 });
    // The phone also changed the address from the same base: a conflict, nothing overwritten; its rt (untouched) merges.
    const contested = { id: uuidv7(), entity: 'family', op: 'update', recordId: familyId, baseVersion: base.version, data: { address: 'Jl. Pendamping 2', rt: '7' } };
    const [conflict] = await push('pendamping01', device, [contested]);
    expect(conflict, JSON.stringify(conflict)).toMatchObject({ status: 'conflict' });
    expect(conflict!.reason).toMatch(/address/);
    now = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    expect(now).toMatchObject({ address: 'Jl. Koordinator 1', rt: '007' });
    const [dup] = await push('pendamping01', device, [contested]);
    expect(dup!.status).toBe('duplicate');
    // The inbox: both versions, the device, the user; pendamping and auditors may not read it.
    expectError(await api('pendamping01').get(`${API}/sync/conflicts`), 403);
    expectError(await api('auditor').get(`${API}/sync/conflicts`), 403);
    const inbox = expectOk(await api('korcam.cimanggis').get(`${API}/sync/conflicts?status=open&limit=100`));
    const item = inbox.items.find((c: { mutationId: string }) => c.mutationId === contested.id);
    expect(item).toMatchObject({ entity: 'family', familyId, fields: ['address'], device: { address: 'Jl. Pendamping 2' }, server: { address: 'Jl. Koordinator 1' }, user: 'pendamping01', deviceId: device, status: 'open' });
    expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${item.id}/resolve`, { choose: 'custom', data: { decile: 1 } }), 422);
    const resolved = expectOk(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${item.id}/resolve`, { choose: 'device' }));
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'device', resolvedBy: 'korcam.cimanggis' });
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}`)).address).toBe('Jl. Pendamping 2');
    expectError(await api('korcam.cimanggis').post(`${API}/sync/conflicts/${item.id}/resolve`, { choose: 'server' }), 409);
    // pendamping02 cannot see it; another region's conflict is a 404.
    expectError(await api('pendamping02').post(`${API}/sync/conflicts/${item.id}/resolve`, { choose: 'server' }), 403);
  });

  it('changes to members or identity become a data-update proposal, not a direct edit', async () => {
    const device = uuidv7();
    const familyId = expectOk(await api('pendamping01').get(`${API}/families?limit=1&offset=4`)).items[0].id;
    const before = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    const baby = member({ name: 'Bayi Luring', relation: 'anak', sex: 'P', birthDate: '2026-06-01', nik: nikFor('2026-06-01', 'P') });
    const [r] = await push('pendamping01', device, [
      { id: uuidv7(), entity: 'family', op: 'update', recordId: familyId, baseVersion: before.version, data: { members: { add: [baby] }, kind: 'kelahiran', reason: 'Lahir di rumah' } },
    ]);
    expect(r, JSON.stringify(r)).toMatchObject({ status: 'applied' });
    expect(r!.reason).toMatch(/usulan/);
    const after = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    expect(after.members.length).toBe(before.members.length);
    const proposals = expectOk(await api('korcam.cimanggis').get(`${API}/data-updates?status=proposed&limit=100`));
    const p = proposals.items.find((x: { id: string }) => x.id === r!.recordId);
    expect(p).toMatchObject({ familyId, kind: 'kelahiran', reason: 'Lahir di rumah', status: 'proposed' });
    // NIK, head or pendamping are never edited directly from a phone.
    const [bad] = await push('pendamping01', device, [{ id: uuidv7(), entity: 'family', op: 'update', recordId: familyId, baseVersion: after.version, data: { pendamping: 'pendamping02' } }]);
    expect(bad!.status).toBe('refused');
    // The proposal reaches the phone.
    const { changes } = await pullAll('pendamping01', device);
    expect(changes).toContainEqual(expect.objectContaining({ entity: 'data_update', id: r!.recordId, op: 'upsert' }));
  });

  it('read-only callers: an auditor gets refused per mutation, a read-only token is refused before anything runs', async () => {
    const familyId = expectOk(await api('auditor').get(`${API}/families?limit=1`)).items[0].id;
    const m = visit(familyId);
    const [r] = await push('auditor', uuidv7(), [m]);
    expect(r).toMatchObject({ id: m.id, status: 'refused' });
    expect(r!.reason).toMatch(/membaca/);
    const token = expectOk(await api('pendamping01').post(`${API}/tokens`, { name: 'ro', readOnly: true, expiresInDays: 1 }), 201).token;
    const res = await anon(t.app).post(`${API}/sync/push`, { mutations: [visit(familyId)] }, { authorization: `Bearer ${token}` });
    expectError(res, 403, 'token_read_only');
    // It may still pull.
    expectOk(await anon(t.app).get(`${API}/sync/pull?limit=50`, { authorization: `Bearer ${token}` }));
    const count = await t.ctx.database.db.selectFrom('activities').select('id').where('id', '=', m.recordId).execute();
    expect(count).toHaveLength(0);
  });

  it('device state: last pull and push, refused items and app version, for the region coordinator and admin', async () => {
    const device = uuidv7();
    const familyId = expectOk(await api('pendamping01').get(`${API}/families?limit=1`)).items[0].id;
    await pullAll('pendamping01', device);
    await push('pendamping01', device, [visit(familyId), visit(familyId, { type: 'arisan' })]);
    const list = expectOk(await api('korcam.cimanggis').get(`${API}/sync/devices?limit=200`));
    const d = list.items.find((x: { deviceId: string }) => x.deviceId === device);
    expect(d).toMatchObject({ user: 'pendamping01', appVersion: '0.9.0', pushed: 2, applied: 1, refused: 1 });
    expect(d.lastPullAt).toBeTruthy();
    expect(d.lastPushAt).toBeTruthy();
    expect(expectOk(await api('admin').get(`${API}/sync/devices?limit=200`)).items.some((x: { deviceId: string }) => x.deviceId === device)).toBe(true);
    expectError(await api('auditor').get(`${API}/sync/devices`), 403);
  });
});
