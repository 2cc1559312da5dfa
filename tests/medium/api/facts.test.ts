/** Effective-dated facts: a change of school level or pregnancy holds from its date, so past dates keep their answers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, member, newFamilyBody, nikFor } from './helpers';

describe.each(ENGINES)('effective-dated member facts (%s)', (engine) => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-09-01T03:00:00Z') });
    s = await loginAs(t.app, 'pendamping01');
  });
  afterAll(async () => t?.close());
  const api = () => as(t.app, s);
  const componentOf = async (familyId: string, memberId: string, asOf: string) => {
    const e = expectOk(await api().get(`${API}/families/${familyId}/entitlement?year=${asOf.slice(0, 4)}&asOf=${asOf}`));
    return e.components.find((c: { memberId: string }) => c.memberId === memberId);
  };

  it('a move from SD to SMP counts from its date, not before', async () => {
    const fam = expectOk(await api().post(`${API}/families`, newFamilyBody()), 201);
    const child = fam.members.find((m: { relation: string }) => m.relation === 'anak');
    expect(child.schoolLevel).toBe('sd');
    expectOk(await api().patch(`${API}/families/${fam.id}`, { members: { update: [{ id: child.id, schoolLevel: 'smp', effectiveDate: '2026-07-13' }] } }));
    expect((await componentOf(fam.id, child.id, '2026-06-01')).component).toBe('sd');
    expect((await componentOf(fam.id, child.id, '2026-07-13')).component).toBe('smp');
    expect((await componentOf(fam.id, child.id, '2026-08-01')).annual).toBe(1_500_000);
    const detail = expectOk(await api().get(`${API}/families/${fam.id}`));
    expect(detail.members.find((m: { id: string }) => m.id === child.id).schoolLevel).toBe('smp');
  });

  it('a backdated change holds until the next recorded change', async () => {
    const body = newFamilyBody();
    const fam = expectOk(await api().post(`${API}/families`, body), 201);
    const wife = fam.members.find((m: { relation: string }) => m.relation === 'istri');
    // Recorded in this order: pregnant from 1 August, not from 20 August, then (late news) pregnant since 1 March.
    expectOk(await api().patch(`${API}/families/${fam.id}`, { members: { update: [{ id: wife.id, pregnant: true, effectiveDate: '2026-08-01' }] } }));
    expectOk(await api().patch(`${API}/families/${fam.id}`, { members: { update: [{ id: wife.id, pregnant: false, effectiveDate: '2026-08-20' }] } }));
    expectOk(await api().patch(`${API}/families/${fam.id}`, { members: { update: [{ id: wife.id, pregnant: true, effectiveDate: '2026-03-01' }] } }));
    expect((await componentOf(fam.id, wife.id, '2026-02-01')).component).toBeNull();
    expect((await componentOf(fam.id, wife.id, '2026-05-01')).component).toBe('ibu_hamil');
    expect((await componentOf(fam.id, wife.id, '2026-08-10')).component).toBe('ibu_hamil');
    expect((await componentOf(fam.id, wife.id, '2026-08-25')).component).toBeNull();
    // today's view follows the latest record
    const detail = expectOk(await api().get(`${API}/families/${fam.id}`));
    expect(detail.members.find((m: { id: string }) => m.id === wife.id).pregnant).toBe(false);
  });

  it('refuses an effective date in the future or before birth', async () => {
    const fam = expectOk(await api().post(`${API}/families`, newFamilyBody()), 201);
    const child = fam.members.find((m: { relation: string }) => m.relation === 'anak');
    for (const effectiveDate of ['2026-09-02', '2010-01-01']) {
      const err = expectError(await api().patch(`${API}/families/${fam.id}`, { members: { update: [{ id: child.id, schoolLevel: 'smp', effectiveDate }] } }), 422);
      expect(Object.keys(err.fields ?? {})).toContain('members.update.0.effectiveDate');
    }
    expect((await componentOf(fam.id, child.id, '2026-08-31')).component).toBe('sd');
  });

  it('a newborn added later has facts from birth', async () => {
    const fam = expectOk(await api().post(`${API}/families`, newFamilyBody()), 201);
    const baby = member({ name: 'Bayi Fakta', sex: 'P', birthDate: '2026-05-05', nik: nikFor('2026-05-05', 'P') });
    const after = expectOk(await api().patch(`${API}/families/${fam.id}`, { members: { add: [baby] } }));
    const id = after.members.find((m: { name: string }) => m.name === 'Bayi Fakta').id;
    expect((await componentOf(fam.id, id, '2026-06-01')).component).toBe('anak_usia_dini');
    expect(await componentOf(fam.id, id, '2026-05-01')).toBeUndefined();
  });
});

describe.each(ENGINES)('effective-dated facts and re-joining, edge cases (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-09-01T03:00:00Z') });
    for (const u of ['pendamping01', 'korkot.depok']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());
  const api = (u = 'pendamping01') => as(t.app, s[u]);
  const componentOf = async (familyId: string, memberId: string, asOf: string) => {
    const e = expectOk(await api().get(`${API}/families/${familyId}/entitlement?year=${asOf.slice(0, 4)}&asOf=${asOf}`));
    return e.components.find((c: { memberId: string }) => c.memberId === memberId);
  };

  it('a backdated change of one fact survives a later change of another fact', async () => {
    const fam = expectOk(await api().post(`${API}/families`, newFamilyBody()), 201);
    const child = fam.members.find((m: { relation: string }) => m.relation === 'anak');
    expectOk(await api().patch(`${API}/families/${fam.id}`, { members: { update: [{ id: child.id, schoolLevel: 'smp', effectiveDate: '2026-07-01' }] } }));
    expectOk(await api().patch(`${API}/families/${fam.id}`, { members: { update: [{ id: child.id, severeDisability: true, effectiveDate: '2026-03-01' }] } }));
    expect((await componentOf(fam.id, child.id, '2026-02-01')).component).toBe('sd');
    expect((await componentOf(fam.id, child.id, '2026-05-01')).component).toBe('disabilitas_berat');
    expect((await componentOf(fam.id, child.id, '2026-08-01')).component).toBe('disabilitas_berat');
    expect((await componentOf(fam.id, child.id, '2026-08-01')).eligible).toEqual(['smp', 'disabilitas_berat']);
    const detail = expectOk(await api().get(`${API}/families/${fam.id}`));
    expect(detail.members.find((m: { id: string }) => m.id === child.id)).toMatchObject({ schoolLevel: 'smp', severeDisability: true });
  });

  it('a change cannot be backdated before the member joined this family', async () => {
    const fam = expectOk(await api().post(`${API}/families`, newFamilyBody()), 201);
    const baby = member({ name: 'Bayi Tanggal', sex: 'L', birthDate: '2025-01-10', nik: nikFor('2025-01-10', 'L') });
    const after = expectOk(await api().patch(`${API}/families/${fam.id}`, { members: { add: [{ ...baby, startDate: '2026-08-01' }] } }));
    const id = after.members.find((m: { name: string }) => m.name === 'Bayi Tanggal').id;
    const err = expectError(await api().patch(`${API}/families/${fam.id}`, { members: { update: [{ id, severeDisability: true, effectiveDate: '2026-02-01' }] } }), 422);
    expect(Object.keys(err.fields ?? {})).toContain('members.update.0.effectiveDate');
    expectOk(await api().patch(`${API}/families/${fam.id}`, { members: { update: [{ id, severeDisability: true, effectiveDate: '2026-08-01' }] } }));
  });

  it('two families racing to take the same person: one wins, the other gets 409', async () => {
    const body = newFamilyBody();
    const a = expectOk(await api().post(`${API}/families`, body), 201);
    const child = a.members.find((m: { relation: string }) => m.relation === 'anak');
    expectOk(await api().patch(`${API}/families/${a.id}`, { members: { end: [{ id: child.id, endDate: '2026-08-15', reason: 'pindah' }] } }));
    const withChild = () => {
      const b = newFamilyBody();
      b.members[2] = { ...body.members[2] };
      return b;
    };
    const results = await Promise.all([api().post(`${API}/families`, withChild()), api().post(`${API}/families`, withChild())]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it('a deceased person cannot join a family', async () => {
    const body = newFamilyBody();
    const a = expectOk(await api().post(`${API}/families`, body), 201);
    const child = a.members.find((m: { relation: string }) => m.relation === 'anak');
    expectOk(await api().patch(`${API}/families/${a.id}`, { members: { end: [{ id: child.id, endDate: '2026-08-15', reason: 'meninggal' }] } }));
    const b = newFamilyBody();
    b.members[2] = { ...body.members[2] };
    expectError(await api().post(`${API}/families`, b), 409, 'person_deceased');
  });

  it('adding a NIK that is already a member of the same family says so', async () => {
    const body = newFamilyBody();
    const a = expectOk(await api().post(`${API}/families`, body), 201);
    expectError(await api().patch(`${API}/families/${a.id}`, { members: { add: [{ ...body.members[2], relation: 'cucu' }] } }), 409, 'nik_already_member');
  });

  it('a coordinator can move a family and unassign its pendamping in one change', async () => {
    const a = expectOk(await api().post(`${API}/families`, newFamilyBody()), 201);
    const moved = expectOk(await api('korkot.depok').patch(`${API}/families/${a.id}`, { kelurahanCode: '32.76.01.1006', pendamping: null }));
    expect(moved).toMatchObject({ kelurahanCode: '32.76.01.1006', pendamping: null });
  });

  it('refuses a membership starting in the future and the same member listed twice', async () => {
    const a = expectOk(await api().post(`${API}/families`, newFamilyBody()), 201);
    const baby = member({ name: 'Bayi Nanti', sex: 'L', birthDate: '2026-08-01', nik: nikFor('2026-08-01', 'L') });
    expectError(await api().patch(`${API}/families/${a.id}`, { members: { add: [{ ...baby, startDate: '2030-01-01' }] } }), 422);
    const head = a.members.find((m: { relation: string }) => m.relation === 'kepala_keluarga');
    expectError(
      await api().patch(`${API}/families/${a.id}`, { members: { update: [{ id: head.id, relation: 'anak' }, { id: head.id, relation: 'kepala_keluarga' }] } }),
      422,
    );
  });
});
