/**
 * Deciding a data update (pemutakhiran) is one transaction: the change applied to the family and the proposal
 * recorded as decided commit together or not at all, with the proposal's state read again under a hold (a row
 * lock on PostgreSQL, the write transaction on SQLite). Two koordinators deciding one proposal at once: one
 * decision, the other told in words that it was decided; the change applied and audited once. A change that
 * cannot apply, or a failure after it was applied, leaves the proposal open and nothing of it in the family.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataUpdatesRepository } from '../../src/server/db/repositories/data-updates.repository';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectError, expectOk, member, newFamilyBody, nikFor } from './api/helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const KOORDINATORS = ['korcam.cimanggis', 'korkot.depok'] as const;

describe.each(ENGINES)('deciding a data update at once (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 10, now: () => NOW });
    for (const u of ['pendamping01', ...KOORDINATORS]) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());
  afterEach(() => vi.restoreAllMocks());
  const api = (u: string) => as(t.app, s[u]!);

  /** A family of pendamping01's, created for the test (three members with NIKs). */
  async function newFamily() {
    return expectOk(await api('pendamping01').post(`${API}/families`, newFamilyBody()), 201) as { id: string; version: number; members: Array<{ id: string; name: string; nik: string; relation: string }> };
  }
  const detail = async (familyId: string) => expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}`));
  /** A proposal's stored state. */
  const proposal = async (id: string) => {
    const r = await t.ctx.database.db.selectFrom('data_update_proposals').select(['status', 'decided_by', 'applied_version']).where('id', '=', id).executeTakeFirstOrThrow();
    return { status: r.status, decidedBy: r.decided_by, appliedVersion: r.applied_version };
  };

  /** The audit entries of an action on a record (or on a family, for `family.update`). */
  async function audited(action: string, where: { recordId?: string; familyId?: string }): Promise<number> {
    let q = t.ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action);
    if (where.recordId) q = q.where('record_id', '=', where.recordId);
    if (where.familyId) q = q.where('family_id', '=', where.familyId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  const statuses = (rs: LightMyRequestResponse[]) => rs.map((r) => r.statusCode).sort();

  it('two koordinators confirming one proposal at once: one 200, one 409 in words; the change applied and audited once', async () => {
    const f = await newFamily();
    const nik = nikFor('2026-07-01', 'P');
    const p = expectOk(
      await api('pendamping01').post(`${API}/families/${f.id}/data-updates`, {
        kind: 'kelahiran',
        reason: 'Lahir di puskesmas',
        change: { address: 'Jl. Kelahiran No. 9', members: { add: [{ ...member({ name: 'Bayi Balapan', sex: 'P', birthDate: '2026-07-01', nik }), startDate: '2026-07-01' }] } },
      }),
      201,
    );
    const before = await detail(f.id);
    const updatesBefore = await audited('family.update', { familyId: f.id });

    const results = await Promise.all(KOORDINATORS.map((u) => api(u).post(`${API}/data-updates/${p.id}/confirm`, { note: `Sesuai (${u})` })));
    expect(statuses(results), results.map((r) => r.body.slice(0, 300)).join('\n')).toEqual([200, 409]);
    const won = expectOk(results.find((r) => r.statusCode === 200)!);
    const winner = KOORDINATORS[results.findIndex((r) => r.statusCode === 200)]!;
    expect(won).toMatchObject({ status: 'confirmed', decidedBy: winner, decisionNote: `Sesuai (${winner})` });
    const lost = expectError(results.find((r) => r.statusCode === 409)!, 409, 'data_update_decided');
    expect(lost.message).toBe('Usulan ini sudah diputuskan (dikonfirmasi dan diterapkan).');
    expect((lost as { messages?: { en: string } }).messages?.en).toBe('This proposal has already been decided (confirmed and applied).');

    // Applied once: one more member (the baby, once), one version step, the version the proposal records.
    const after = await detail(f.id);
    expect(after.members).toHaveLength(before.members.length + 1);
    expect(after.members.filter((m: { nik: string }) => m.nik === nik)).toHaveLength(1);
    expect(after.address).toBe('Jl. Kelahiran No. 9');
    expect(after.version).toBe(before.version + 1);
    expect(won.appliedVersion).toBe(after.version);
    // Audited once: one confirmation, one family update.
    expect(await audited('data_update.confirm', { recordId: p.id })).toBe(1);
    expect(await audited('family.update', { familyId: f.id })).toBe(updatesBefore + 1);
  });

  it('a confirmation and a rejection at once: one decision stands, and the change is applied only if it was the confirmation', async () => {
    const f = await newFamily();
    const p = expectOk(await api('pendamping01').post(`${API}/families/${f.id}/data-updates`, { kind: 'alamat', reason: 'Pindah rumah', change: { address: 'Jl. Simpang No. 4' } }), 201);
    const before = await detail(f.id);
    const results = await Promise.all([
      api('korcam.cimanggis').post(`${API}/data-updates/${p.id}/confirm`, {}),
      api('korkot.depok').post(`${API}/data-updates/${p.id}/reject`, { note: 'Tidak ada surat pindah' }),
    ]);
    expect(statuses(results), results.map((r) => r.body.slice(0, 300)).join('\n')).toEqual([200, 409]);
    const confirmed = results[0]!.statusCode === 200;
    expectError(results[confirmed ? 1 : 0]!, 409, 'data_update_decided');
    const stored = await proposal(p.id);
    expect(stored.status).toBe(confirmed ? 'confirmed' : 'rejected');
    const after = await detail(f.id);
    expect(after.address).toBe(confirmed ? 'Jl. Simpang No. 4' : before.address);
    expect(after.version).toBe(before.version + (confirmed ? 1 : 0));
    expect((await audited('data_update.confirm', { recordId: p.id })) + (await audited('data_update.reject', { recordId: p.id }))).toBe(1);
  });

  it('a NIK given to someone else meanwhile: confirming answers 409, the proposal stays open and nothing of it is applied', async () => {
    const [a, b] = [await newFamily(), await newFamily()];
    const child = a.members.find((m) => m.relation === 'anak')!;
    const nik = nikFor('2016-01-30', 'L');
    const p = expectOk(
      await api('pendamping01').post(`${API}/families/${a.id}/data-updates`, {
        kind: 'lainnya',
        reason: 'NIK anak dibetulkan sesuai KK baru',
        change: { address: 'Jl. Setengah No. 1', members: { update: [{ id: child.id, nik }] } },
      }),
      201,
    );
    // The same NIK given to a member of another family directly.
    const other = b.members.find((m) => m.relation === 'anak')!;
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${b.id}`, { members: { update: [{ id: other.id, nik }] } }));
    const before = await detail(a.id);
    const updatesBefore = await audited('family.update', { familyId: a.id });

    expectError(await api('korcam.cimanggis').post(`${API}/data-updates/${p.id}/confirm`, {}), 409, 'nik_taken');
    const after = await detail(a.id);
    expect(after.version).toBe(before.version);
    expect(after.address).toBe(before.address);
    expect(after.members.find((m: { id: string }) => m.id === child.id).nik).toBe(child.nik);
    expect(await proposal(p.id)).toMatchObject({ status: 'proposed', decidedBy: null, appliedVersion: null });
    expect(await audited('data_update.confirm', { recordId: p.id })).toBe(0);
    expect(await audited('family.update', { familyId: a.id })).toBe(updatesBefore);

    // Still open: once the NIK is free again it applies, once.
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${b.id}`, { members: { update: [{ id: other.id, nik: other.nik }] } }));
    expect(expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${p.id}/confirm`, {})).status).toBe('confirmed');
    const applied = await detail(a.id);
    expect(applied).toMatchObject({ address: 'Jl. Setengah No. 1', version: before.version + 1 });
    expect(applied.members.find((m: { id: string }) => m.id === child.id).nik).toBe(nik);
  });

  it('a failure after the change was applied, while recording the decision, takes the change back with it: the proposal stays open', async () => {
    const f = await newFamily();
    const p = expectOk(await api('pendamping01').post(`${API}/families/${f.id}/data-updates`, { kind: 'alamat', reason: 'Pindah rumah', change: { address: 'Jl. Terputus No. 2', rt: '7' } }), 201);
    const before = await detail(f.id);
    const updatesBefore = await audited('family.update', { familyId: f.id });
    // The decision's write fails once (a lost connection, a full disk), after the family was written.
    const decide = vi.spyOn(DataUpdatesRepository.prototype, 'decide').mockRejectedValueOnce(new Error('simulated failure recording the decision'));

    const res = await api('korcam.cimanggis').post(`${API}/data-updates/${p.id}/confirm`, {});
    expect(res.statusCode).toBe(500);
    expect(decide).toHaveBeenCalledTimes(1);
    const after = await detail(f.id);
    expect(after).toMatchObject({ address: before.address, rt: before.rt, version: before.version });
    expect(await proposal(p.id)).toMatchObject({ status: 'proposed', appliedVersion: null });
    expect(await audited('family.update', { familyId: f.id })).toBe(updatesBefore);
    expect(await audited('data_update.confirm', { recordId: p.id })).toBe(0);

    // Confirmed again, it applies once.
    expect(expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${p.id}/confirm`, {}))).toMatchObject({ status: 'confirmed', appliedVersion: before.version + 1 });
    expect(await detail(f.id)).toMatchObject({ address: 'Jl. Terputus No. 2', rt: '007', version: before.version + 1 });
    expect(await audited('family.update', { familyId: f.id })).toBe(updatesBefore + 1);
  });
});
