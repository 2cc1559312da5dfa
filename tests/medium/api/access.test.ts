/** Access rules found in review: regions of pendamping, researcher search, known NIKs, parallel logins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, member, newFamilyBody, nikFor } from './helpers';

describe.each(ENGINES)('access rules (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 120, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['admin', 'korcam.cimanggis', 'pendamping01', 'pendamping02', 'peneliti']) s[u] = await loginAs(t.app, u);
    // A pendamping working in another kecamatan (Sawangan).
    const { hashPassword } = await import('../../../src/server/auth/passwords');
    await t.ctx.repos.auth.insertUsers(
      [{ id: '019b0000-0000-7000-8000-000000000001', username: 'pendamping.sawangan', displayName: 'P Sawangan', passwordHash: await hashPassword('x'), role: 'pendamping', regionCode: '32.76.03' }],
      new Date().toISOString(),
    );
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]);

  it('a pendamping cannot register or move a family outside their kecamatan', async () => {
    const err = expectError(await api('pendamping01').post(`${API}/families`, newFamilyBody({ kelurahanCode: '32.76.11.1005' })), 422);
    expect(Object.keys(err.fields ?? {})).toContain('kelurahanCode');
    const created = expectOk(await api('pendamping01').post(`${API}/families`, newFamilyBody()), 201);
    expectError(await api('pendamping01').patch(`${API}/families/${created.id}`, { kelurahanCode: '32.76.01.1006' }), 422);
    expect(expectOk(await api('korcam.cimanggis').get(`${API}/families/${created.id}`)).kelurahanCode).toBe('32.76.02.1007');
  });

  it('a coordinator cannot assign a family to a pendamping of another region', async () => {
    const err = expectError(await api('korcam.cimanggis').post(`${API}/families`, { ...newFamilyBody(), pendamping: 'pendamping.sawangan' }), 422);
    expect(Object.keys(err.fields ?? {})).toContain('pendamping');
    const ok = expectOk(await api('korcam.cimanggis').post(`${API}/families`, { ...newFamilyBody(), pendamping: 'pendamping02' }), 201);
    expect(ok.pendamping).toBe('pendamping02');
  });

  it('a researcher cannot search by name or identifier (it would undo the pseudonyms)', async () => {
    expectError(await api('peneliti').get(`${API}/families?q=siti`), 403, 'search_identity_forbidden');
    const list = expectOk(await api('peneliti').get(`${API}/families?limit=5`));
    expect(list.total).toBeGreaterThan(0);
    const detail = expectOk(await api('peneliti').get(`${API}/families/${list.items[0].id}`));
    expect(detail.rt).toBeNull();
    expect(detail.members.every((m: { startDate: unknown; birthDate: unknown }) => m.startDate === null && m.birthDate === null)).toBe(true);
  });

  it('a known NIK from a family out of scope cannot be pulled into another family', async () => {
    const body = newFamilyBody();
    const theirs = expectOk(await api('pendamping02').post(`${API}/families`, body), 201);
    const child = theirs.members.find((m: { relation: string }) => m.relation === 'anak');
    // pendamping02 records that the child moved out
    expectOk(await api('pendamping02').patch(`${API}/families/${theirs.id}`, { members: { end: [{ id: child.id, endDate: '2026-07-01', reason: 'pindah' }] } }));
    const other = expectOk(await api('pendamping01').post(`${API}/families`, newFamilyBody()), 201);
    const res = await api('pendamping01').patch(`${API}/families/${other.id}`, {
      members: { add: [member({ name: 'Orang Lain', sex: 'L', birthDate: '1950-01-01', nik: body.members[2].nik })] },
    });
    expectError(res, 409, 'nik_known_elsewhere');
    // the stranger's record is untouched
    const after = expectOk(await api('pendamping02').get(`${API}/families/${theirs.id}/entitlement?year=2026&asOf=2026-06-01`));
    expect(after.components).toHaveLength(3);
    // within scope, the same person can re-join another family, from today, keeping the old history
    const mine = expectOk(await api('pendamping02').post(`${API}/families`, newFamilyBody()), 201);
    const joined = expectOk(
      await api('pendamping02').patch(`${API}/families/${mine.id}`, {
        members: { add: [member({ name: body.members[2].name, sex: 'L', birthDate: body.members[2].birthDate, schoolLevel: 'sd', nik: body.members[2].nik })] },
      }),
    );
    const rejoined = joined.members.find((m: { id: string }) => m.id === child.id);
    expect(rejoined?.startDate).toBe('2026-07-15');
  });

  it('empty query parameters mean "not given" and upper-case ids find the same family', async () => {
    const all = expectOk(await api('korcam.cimanggis').get(`${API}/families?q=&kelurahan=&status=&region=`));
    expect(all.total).toBeGreaterThan(0);
    const id = all.items[0].id as string;
    expect(expectOk(await api('korcam.cimanggis').get(`${API}/families/${id.toUpperCase()}`)).id).toBe(id);
    const kec = expectOk(await api('korcam.cimanggis').get(`${API}/families?region=32.76.02`));
    expect(kec.total).toBe(all.total);
    expect(expectOk(await api('korcam.cimanggis').get(`${API}/families?region=32.76.03`)).total).toBe(0);
  });

  it('parallel wrong passwords cannot get past the limit of 10 failures', async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, () => t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username: 'pendamping08', password: 'salah' } })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(15);
    const right = await t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username: 'pendamping08', password: 'titian-demo' } });
    expect(right.statusCode).toBe(429);
  });

  it('a lost version race changes nothing (the loser sees 409)', async () => {
    const fam = expectOk(await api('pendamping01').post(`${API}/families`, newFamilyBody()), 201);
    const attempts = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        api('pendamping01').patch(`${API}/families/${fam.id}`, {
          version: fam.version,
          members: { add: [member({ name: `Bayi ${i}`, sex: 'P', birthDate: '2026-07-01', nik: nikFor('2026-07-01', 'P') })] },
        }),
      ),
    );
    const won = attempts.filter((r) => r.statusCode === 200);
    expect(won).toHaveLength(1);
    expect(attempts.filter((r) => r.statusCode === 409)).toHaveLength(3);
    const detail = expectOk(await api('pendamping01').get(`${API}/families/${fam.id}`));
    expect(detail.members.filter((m: { name: string }) => m.name.startsWith('Bayi'))).toHaveLength(1);
  });
});
