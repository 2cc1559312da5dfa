/**
 * A family that moves leaves the P2K2 group it may no longer be in. A group takes only families of its own
 * kecamatan and, when it has a pendamping, of that pendamping (the rules a family joins by); when a family's
 * kelurahan moves it to another kecamatan, or it is given to another pendamping, its open membership ends on
 * the move's day, in the move's transaction, audited (`group.leave`) and on the phones' change log. Every
 * path that moves a family: the family form (PATCH), a confirmed data update, the sync push and the registry
 * import. Past sessions keep their attendance; a group's `memberCount` is the number of current members it
 * lists to the same reader. Both engines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/ids';
import { composeKkNumber, composeNik } from '../../src/domain/nik';
import { REGISTRY_COLUMNS } from '../../src/domain/registry-row';
import { hashPassword } from '../../src/server/auth/passwords';
import { SYSTEM_ACTOR } from '../../src/server/db/repositories/audit.repository';
import { SYSTEM_SCOPE } from '../../src/server/services/graduation.service';
import { importRegistryFile } from '../../src/server/services/registry-import.service';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-data';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectError, expectOk } from './api/helpers';

const TODAY = '2026-07-15';
const BEJI = '32.76.01.1008';
const ACTOR = { ...SYSTEM_ACTOR, username: 'test' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-move-groups-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Member = { familyId: string; current: boolean; endDate: string | null; endReason?: string | null };
type Change = { entity: string; id: string; op: 'upsert' | 'delete'; data: any };

describe.each(ENGINES)('a family that moves leaves its P2K2 group (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let fam: Array<{ id: string; kelurahanCode: string }> = [];
  let groupId = '';
  let sessionId = '';
  const api = (u: string) => as(t.app, s[u]!);
  const device = (u: string, id: string) => ({ 'x-titian-device': id, 'x-titian-app-version': '0.9.0' }) as Record<string, string>;

  async function pull(u: string, dev: string, cursor?: string) {
    const changes: Change[] = [];
    let c = cursor;
    for (let i = 0; i < 100; i++) {
      const q = new URLSearchParams({ limit: '500', ...(c ? { cursor: c } : {}) });
      const body = expectOk(await api(u).get(`${API}/sync/pull?${q}`, device(u, dev)));
      changes.push(...body.changes);
      c = body.cursor;
      if (!body.hasMore) break;
    }
    return { changes, cursor: c! };
  }

  async function pendampingAccount(username: string, regionCode: string) {
    const at = t.ctx.now().toISOString();
    await t.ctx.repos.auth.createUser({ id: uuidv7(), username, displayName: username, passwordHash: await hashPassword(DEMO_PASSWORD), role: 'pendamping', regionCode }, ACTOR, at);
  }

  /** The group as `u` sees it; asserts that its count is the number of current members it lists. */
  async function group(u: string, id = groupId) {
    const g = expectOk(await api(u).get(`${API}/groups/${id}`));
    const current = (g.members as Member[]).filter((m) => m.current).map((m) => m.familyId);
    expect(g.memberCount, `${u}: memberCount and the current members listed`).toBe(current.length);
    const listed = expectOk(await api(u).get(`${API}/groups?limit=100`)).items.find((x: { id: string }) => x.id === id);
    expect(listed.memberCount, `${u}: the list's memberCount`).toBe(current.length);
    return { g, current, member: (familyId: string) => (g.members as Member[]).find((m) => m.familyId === familyId) };
  }

  async function membership(familyId: string, gid = groupId) {
    return t.ctx.database.db.selectFrom('family_group_members').selectAll().where('family_id', '=', familyId).where('group_id', '=', gid).executeTakeFirstOrThrow();
  }

  async function version(familyId: string) {
    return expectOk(await api('korkot.depok').get(`${API}/families/${familyId}`)).version as number;
  }

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 100, now: () => new Date('2026-07-15T03:00:00Z') });
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, `data-${engine}-`)) };
    await pendampingAccount('pdp.327601.03', '32.76.01');
    await pendampingAccount('pdp.kota', '32.76');
    for (const u of ['admin', 'korkot.depok', 'korcam.cimanggis', 'pendamping01', 'pendamping02', 'pdp.kota']) s[u] = await loginAs(t.app, u);
    const all = expectOk(await api('pendamping01').get(`${API}/families?limit=200&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    fam = all.filter((f) => f.kelurahanCode === '32.76.02.1007').slice(0, 8);
    expect(fam.length).toBe(8);
    for (const f of fam) expectOk(await api('korcam.cimanggis').patch(`${API}/families/${f.id}`, { joinedYear: 2018 }));
    const six = fam.slice(0, 6).map((f) => f.id);
    const g = expectOk(
      await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Melati', kelurahanCode: '32.76.02.1007', familyIds: six, ketuaFamilyId: six[0], startDate: '2026-01-05' }),
      201,
    );
    groupId = g.id;
    const session = expectOk(
      await api('pendamping01').post(`${API}/groups/${groupId}/sessions`, {
        module: 'keuangan_usaha',
        session: 1,
        date: '2026-07-10',
        status: 'held',
        attendance: six.map((familyId) => ({ familyId, status: 'hadir' })),
      }),
      201,
    );
    sessionId = session.id;
  });
  afterAll(async () => t?.close());

  it('PATCH to another kecamatan and pendamping: the membership ends today, audited, logged; counts agree; attendance stays', async () => {
    const moved = fam[0]!.id;
    const phone = uuidv7();
    const before = await pull('pendamping01', phone);
    expect(before.changes.some((c) => c.entity === 'group_member' && c.data?.familyId === moved)).toBe(true);
    const seqBefore = Number((await t.ctx.database.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m);

    expectOk(await api('korkot.depok').patch(`${API}/families/${moved}`, { version: await version(moved), kelurahanCode: BEJI, pendamping: 'pdp.327601.03' }));

    const row = await membership(moved);
    expect(row).toMatchObject({ end_date: TODAY, end_reason: 'pindah_wilayah' });
    for (const u of ['korcam.cimanggis', 'pendamping01', 'korkot.depok']) {
      const { current } = await group(u);
      expect(current).toHaveLength(5);
      expect(current).not.toContain(moved);
    }
    // The koordinator who still sees the family reads why it left; its ketua role went with it.
    const { g, member } = await group('korkot.depok');
    expect(member(moved)).toMatchObject({ current: false, endDate: TODAY, endReason: 'pindah_wilayah' });
    expect(g.ketuaFamilyId).toBeNull();
    // The session held before the move keeps the family's attendance.
    const att = await t.ctx.database.db.selectFrom('p2k2_attendance').selectAll().where('session_id', '=', sessionId).where('deleted_at', 'is', null).execute();
    expect(att).toHaveLength(6);
    expect(att.find((a) => a.family_id === moved)).toMatchObject({ status: 'hadir' });
    expect(expectOk(await api('korkot.depok').get(`${API}/groups/${groupId}/sessions/${sessionId}`)).attendance.map((a: { familyId: string }) => a.familyId)).toContain(moved);
    // Audited in the move's name, on the change log.
    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'group.leave').where('family_id', '=', moved).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ record_id: groupId, actor_username: 'korkot.depok', region_code: BEJI });
    expect(JSON.parse(audit[0]!.after_data!)).toEqual({ endDate: TODAY, reason: 'pindah_wilayah' });
    const logged = await t.ctx.database.db.selectFrom('change_log').selectAll().where('seq', '>', seqBefore).where('entity', '=', 'group_member').execute();
    expect(logged.map((l) => [l.record_id, l.family_id])).toEqual([[row.id, moved]]);
    // The old pendamping's phone: the family left their caseload, and the group has no ketua now.
    const after = await pull('pendamping01', phone, before.cursor);
    expect(after.changes).toContainEqual(expect.objectContaining({ entity: 'family', id: moved, op: 'delete' }));
    expect(after.changes.find((c) => c.entity === 'group' && c.id === groupId)?.data).toMatchObject({ ketuaFamilyId: null });
  });

  it('another pendamping ends the membership too; a move within the kecamatan with the same pendamping does not', async () => {
    const [, reassigned, stays] = fam;
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${reassigned!.id}`, { version: await version(reassigned!.id), pendamping: 'pendamping03' }));
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${stays!.id}`, { version: await version(stays!.id), kelurahanCode: '32.76.02.1008' }));
    expect(await membership(reassigned!.id)).toMatchObject({ end_date: TODAY, end_reason: 'ganti_pendamping' });
    expect(await membership(stays!.id)).toMatchObject({ end_date: null, end_reason: null });
    const { current, member } = await group('korcam.cimanggis');
    expect(current).toHaveLength(4);
    expect(current).toContain(stays!.id);
    expect(member(reassigned!.id)).toMatchObject({ current: false, endReason: 'ganti_pendamping' });
    await group('pendamping01');
  });

  it('a confirmed data update that moves the family ends its membership in the same transaction', async () => {
    const f = fam[3]!.id;
    const p = expectOk(
      await api('korkot.depok').post(`${API}/families/${f}/data-updates`, { kind: 'alamat', reason: 'Pindah ke Beji', change: { kelurahanCode: BEJI, pendamping: 'pdp.327601.03' } }),
      201,
    );
    expect(await membership(f)).toMatchObject({ end_date: null });
    expect(expectOk(await api('korkot.depok').post(`${API}/data-updates/${p.id}/confirm`, {})).status).toBe('confirmed');
    expect(await membership(f)).toMatchObject({ end_date: TODAY, end_reason: 'pindah_wilayah' });
    const { current } = await group('korcam.cimanggis');
    expect(current).toHaveLength(3);
  });

  it('a phone’s push that moves the family to another kecamatan: ended, and the phone drops the membership', async () => {
    const [a, b] = [fam[6]!.id, fam[7]!.id];
    for (const f of [a, b]) expectOk(await api('korkot.depok').patch(`${API}/families/${f}`, { version: await version(f), pendamping: 'pdp.kota' }));
    const g = expectOk(
      await api('korkot.depok').post(`${API}/groups`, { name: 'Kelompok Kota', kelurahanCode: '32.76.02.1007', pendamping: 'pdp.kota', familyIds: [a, b], startDate: '2026-02-01' }),
      201,
    );
    const phone = uuidv7();
    const before = await pull('pdp.kota', phone);
    const held = before.changes.find((c) => c.entity === 'group_member' && c.data?.familyId === a);
    expect(held?.op).toBe('upsert');
    const pushed = expectOk(
      await api('pdp.kota').post(`${API}/sync/push`, { mutations: [{ id: uuidv7(), entity: 'family', op: 'update', recordId: a, baseVersion: await version(a), data: { kelurahanCode: BEJI } }] }, device('pdp.kota', phone)),
    ).results;
    expect(pushed[0]).toMatchObject({ status: 'applied' });
    expect(await membership(a, g.id)).toMatchObject({ end_date: TODAY, end_reason: 'pindah_wilayah' });
    const after = await pull('pdp.kota', phone, before.cursor);
    expect(after.changes).toContainEqual(expect.objectContaining({ entity: 'group_member', id: held!.id, op: 'delete', data: expect.objectContaining({ reason: 'ended' }) }));
    const { current, member } = await group('pdp.kota', g.id);
    expect(current).toEqual([b]);
    expect(member(a)).toMatchObject({ endReason: 'pindah_wilayah' });
  });

  it('a group goes to another pendamping only with its families: refused while members are someone else’s, nothing written', async () => {
    const g = expectOk(await api('korcam.cimanggis').get(`${API}/groups/${groupId}`));
    const { current } = await group('korcam.cimanggis');
    expect(current).toHaveLength(3);
    const refused = expectError(await api('korcam.cimanggis').patch(`${API}/groups/${groupId}`, { pendamping: 'pendamping02', version: g.version }), 422);
    expect(Object.keys(refused.fields ?? {})).toEqual(['pendamping']);
    expect(JSON.stringify(refused.fields)).toContain('3');
    const en = expectError(await api('korcam.cimanggis').patch(`${API}/groups/${groupId}`, { pendamping: 'pendamping02', version: g.version }, { 'accept-language': 'en' }), 422);
    expect(JSON.stringify(en.fields)).toMatch(/another pendamping.*caseload transfer/);
    const after = expectOk(await api('korcam.cimanggis').get(`${API}/groups/${groupId}`));
    expect(after).toMatchObject({ pendamping: 'pendamping01', version: g.version });
    expect((await group('korcam.cimanggis')).current).toEqual(current);
    // Removing those families, or taking them all along by a caseload transfer, is the way: a group without
    // a pendamping holds any family of its kecamatan, so clearing the pendamping is allowed.
    const cleared = expectOk(await api('korcam.cimanggis').patch(`${API}/groups/${groupId}`, { pendamping: null, version: g.version }));
    expect(cleared.pendamping ?? null).toBeNull();
    expectOk(await api('korcam.cimanggis').patch(`${API}/groups/${groupId}`, { pendamping: 'pendamping01', version: cleared.version }));
  });

  it('the registry import ends the memberships of the families it moves, keeps the others', async () => {
    const file = path.join(dir, `move-${engine}.csv`);
    const write = (kel: [string, string]) =>
      fs.writeFileSync(file, `${REGISTRY_COLUMNS.join(',')}\n${[...registryFamily(1, kel[0]), ...registryFamily(2, kel[1])].map((r) => REGISTRY_COLUMNS.map((c) => r[c]).join(',')).join('\n')}\n`);
    const run = () => importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: path.basename(file), dryRun: false });
    write(['32.76.02.1009', '32.76.02.1009']);
    await run();
    const ids = (await t.ctx.database.db.selectFrom('families').select(['id', 'address']).where('address', 'like', 'Jl. Pindah %').orderBy('address').execute()).map((r) => r.id);
    expect(ids).toHaveLength(2);
    // A group without a pendamping: only the kecamatan holds its families.
    const g = expectOk(await api('korcam.cimanggis').post(`${API}/groups`, { name: 'Kelompok Tugu', kelurahanCode: '32.76.02.1009', familyIds: ids, startDate: '2026-03-01' }), 201);
    write([BEJI, '32.76.02.1010']);
    await run();
    expect(await membership(ids[0]!, g.id)).toMatchObject({ end_date: TODAY, end_reason: 'pindah_wilayah' });
    expect(await membership(ids[1]!, g.id)).toMatchObject({ end_date: null });
    expect(await t.ctx.database.db.selectFrom('audit_log').select('action').where('action', '=', 'group.leave').where('family_id', '=', ids[0]!).execute()).toHaveLength(1);
    const { current } = await group('korkot.depok', g.id);
    expect(current).toEqual([ids[1]]);
  });
});

/** A small family of the registry file (two members), in `kelurahan`. */
function registryFamily(n: number, kelurahan: string): Array<Record<(typeof REGISTRY_COLUMNS)[number], string>> {
  const kk = composeKkNumber({ regionCode6: '32.76.02', issueDate: '2015-05-12', serial: 700 + n });
  const base = { no_kk: kk, kode_kelurahan: kelurahan, alamat: `Jl. Pindah ${n}`, rt: '001', rw: '002', tahun_mulai_pkh: '2019', desil: '2', pendamping: '' };
  return [
    { ...base, nik: composeNik({ regionCode6: '32.76.02', birthDate: '1980-03-15', sex: 'L', serial: 7000 + n }), nama: `Budi ${n}`, hubungan: 'kepala_keluarga', jenis_kelamin: 'L', tanggal_lahir: '1980-03-15', pengurus: '0', jenjang: 'tidak_sekolah', hamil: '0', nifas: '0', disabilitas_berat: '0' },
    { ...base, nik: composeNik({ regionCode6: '32.76.02', birthDate: '1984-07-01', sex: 'P', serial: 7000 + n }), nama: `Siti ${n}`, hubungan: 'istri', jenis_kelamin: 'P', tanggal_lahir: '1984-07-01', pengurus: '1', jenjang: 'tidak_sekolah', hamil: '0', nifas: '0', disabilitas_berat: '0' },
  ] as Array<Record<(typeof REGISTRY_COLUMNS)[number], string>>;
}
