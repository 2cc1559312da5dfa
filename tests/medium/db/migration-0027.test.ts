/**
 * Migration 0027: conflicts stored before the push dropped whole identifiers from the inbox's copies (NIK,
 * No. KK under `nik` / `kkNumber`, at any depth) lose them the way new conflicts never get them; nothing else
 * of a conflict changes, rows without them are not rewritten, a second run changes nothing, and more rows
 * than one batch are all reached. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { conflictNikScrub } from '../../../src/server/db/migrations/0027_conflict_nik_scrub';
import { columnTypes } from '../../../src/server/db/migrations/types';
import { as, createTestApp, loginAs, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectOk } from '../api/helpers';

const NIK_A = '3276024708850001';
const NIK_B = '3276015501900002';
const KK = '3276020101090003';

describe.each(ENGINES)('migration 0027: no whole NIK in stored conflicts (%s)', (engine) => {
  let t: TestApp;
  let userId: string;
  let familyId: string;

  const db = () => t.ctx.database.db;
  const run = () => conflictNikScrub.up(db(), columnTypes(t.ctx.database.engine));
  /** A conflict row as the code before the last release stored it. */
  const row = (over: { entity?: string; device: unknown; server?: unknown; status?: string; resolution?: string | null; resolutionData?: unknown; createdAt?: string }) => ({
    id: uuidv7(),
    mutation_id: uuidv7(),
    entity: over.entity ?? 'data_update',
    record_id: uuidv7(),
    family_id: familyId,
    user_id: userId,
    device_id: 'default',
    fields: JSON.stringify(['request']),
    base_version: null,
    server_version: 0,
    device_data: JSON.stringify(over.device),
    server_data: JSON.stringify(over.server ?? {}),
    status: over.status ?? 'open',
    created_at: over.createdAt ?? '2026-06-01T02:00:00.000Z',
    resolved_at: over.status === 'resolved' ? '2026-06-02T02:00:00.000Z' : null,
    resolved_by: over.status === 'resolved' ? userId : null,
    resolution: over.resolution ?? null,
    resolution_data: over.resolutionData === undefined ? null : JSON.stringify(over.resolutionData),
  });
  const proposal = (nik: string) => ({
    request: {
      kind: 'pindah_masuk',
      reason: 'Pindah dari rumah orang tua',
      change: { members: { add: [{ name: 'Rina Wati', sex: 'P', birthDate: '2001-02-03', nik, relation: 'anak' }], update: [{ id: 'p-1', nik: NIK_B, name: 'Budi' }] }, identity: { kkNumber: KK } },
    },
  });
  const stored = async (ids: string[]) =>
    new Map(
      (await db().selectFrom('sync_conflicts').select(['id', 'device_data', 'server_data', 'resolution_data', 'fields', 'status', 'resolution']).where('id', 'in', ids).execute()).map((r) => [String(r.id), r]),
    );

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 5, now: () => new Date('2026-07-15T03:00:00Z') });
    userId = String((await db().selectFrom('users').select('id').where('username', '=', 'pendamping01').executeTakeFirstOrThrow()).id);
    familyId = String((await db().selectFrom('families').select('id').orderBy('id').executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => t?.close());

  it('is registered after 0026 and has run on a new database', async () => {
    const names = (await db().selectFrom('titian_migrations' as never).select('name' as never).execute()).map((r) => (r as { name: string }).name);
    expect(names).toContain('0027_conflict_nik_scrub');
    expect(names.indexOf('0027_conflict_nik_scrub')).toBeGreaterThan(names.indexOf('0026_compliance_outcomes'));
  });

  it('drops nik and kkNumber at any depth from the phone’s copy, the server’s and the decision; keeps everything else', async () => {
    const open = row({ device: proposal(NIK_A), server: { cause: { key: 'error.nik_taken', params: {} } } });
    const decided = row({ device: proposal(NIK_B), status: 'resolved', resolution: 'device', resolutionData: proposal(NIK_B).request });
    // Named in a value only (no key): read, not rewritten.
    const valueOnly = row({ device: { request: { kind: 'lainnya', reason: 'Ganti "nik" di KTP', evidence: 'foto' } } });
    // A family's fields: nothing to do, not rewritten (byte for byte, even its own formatting).
    const family = { ...row({ entity: 'family', device: {}, server: {} }), fields: JSON.stringify(['address']), device_data: '{"address": "Jl. Melati 7"}', server_data: '{"address": "Jl. Kenanga 2"}' };
    await db().insertInto('sync_conflicts').values([open, decided, valueOnly, family]).execute();
    const before = await stored([valueOnly.id, family.id]);

    await run();
    const after = await stored([open.id, decided.id, valueOnly.id, family.id]);
    const all = [...after.values()].map((r) => `${r.device_data}|${r.server_data}|${r.resolution_data}`).join('\n');
    expect(all).not.toContain(NIK_A);
    expect(all).not.toContain(NIK_B);
    expect(all).not.toContain(KK);
    expect(all).not.toMatch(/"nik"\s*:|"kkNumber"\s*:/);

    const request = {
      kind: 'pindah_masuk',
      reason: 'Pindah dari rumah orang tua',
      change: { members: { add: [{ name: 'Rina Wati', sex: 'P', birthDate: '2001-02-03', relation: 'anak' }], update: [{ id: 'p-1', name: 'Budi' }] }, identity: {} },
    };
    expect(JSON.parse(after.get(open.id)!.device_data)).toEqual({ request });
    expect(JSON.parse(after.get(open.id)!.server_data)).toEqual({ cause: { key: 'error.nik_taken', params: {} } });
    expect(JSON.parse(after.get(decided.id)!.device_data)).toEqual({ request });
    expect(JSON.parse(after.get(decided.id)!.resolution_data!)).toEqual(request);
    expect(after.get(decided.id)).toMatchObject({ status: 'resolved', resolution: 'device' });
    expect(after.get(valueOnly.id)).toEqual(before.get(valueOnly.id));
    expect(after.get(family.id)).toEqual(before.get(family.id));

    // A second run changes nothing.
    await run();
    expect(await stored([open.id, decided.id, valueOnly.id, family.id])).toEqual(after);

    // The inbox shows the proposal as before, without the identifiers.
    const c = (expectOk(await as(t.app, await loginAs(t.app, 'admin')).get(`${API}/sync/conflicts?status=open&limit=100`)).items as Array<Record<string, any>>).find((x) => x.id === open.id);
    expect(c).toBeDefined();
    expect(c!.device.request).toMatchObject({ kind: 'pindah_masuk', reason: 'Pindah dari rumah orang tua' });
    expect(JSON.stringify(c)).not.toContain(NIK_A);
  });

  it('reaches every row of a table larger than one batch', async () => {
    const rows = Array.from({ length: 2345 }, (_, i) => row({ device: proposal(`32760${String(i).padStart(11, '0')}`), createdAt: `2026-05-01T02:00:00.${String(i % 1000).padStart(3, '0')}Z` }));
    // Interleaved with rows that have nothing to clean.
    const clean = Array.from({ length: 300 }, () => row({ entity: 'activity', device: { request: { type: 'kunjungan_rumah', date: '2026-05-02' } } }));
    const all = [...rows, ...clean];
    for (let i = 0; i < all.length; i += 100) await db().insertInto('sync_conflicts').values(all.slice(i, i + 100)).execute();

    await run();
    const left = await db()
      .selectFrom('sync_conflicts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('device_data', 'like', '%"nik"%'), eb('device_data', 'like', '%"kkNumber"%'), eb('resolution_data', 'like', '%"nik"%')]))
      .where('entity', '=', 'data_update')
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
    const sample = await stored([rows[0]!.id, rows[1500]!.id, rows.at(-1)!.id, clean[0]!.id]);
    for (const r of [rows[0]!, rows[1500]!, rows.at(-1)!]) expect(JSON.parse(sample.get(r.id)!.device_data).request.change.members.add[0]).toEqual({ name: 'Rina Wati', sex: 'P', birthDate: '2001-02-03', relation: 'anak' });
    expect(sample.get(clean[0]!.id)!.device_data).toBe(clean[0]!.device_data);
  });
});
