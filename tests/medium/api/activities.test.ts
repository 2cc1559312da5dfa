/** Facilitation activities through the API: tagging with Ife's roles, validation, scope, paging, audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

describe.each(ENGINES)('activities (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
    familyId = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=1`)).items[0].id;
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  it('records a home visit tagged with roles, factors, obstacles and GPS; lists newest first', async () => {
    const first = expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/activities`, {
        type: 'kunjungan_rumah',
        date: '2026-07-10',
        roles: ['animasi_sosial', 'konfrontasi'],
        factors: ['kesadaran_kpm'],
        obstacles: ['akses_pendamping_minim'],
        notes: 'Ibu Siti mulai menabung.',
        location: { latitude: -6.372, longitude: 106.889, accuracy: 12 },
      }),
      201,
    );
    expect(first).toMatchObject({
      familyId,
      type: 'kunjungan_rumah',
      date: '2026-07-10',
      roles: ['animasi_sosial', 'konfrontasi'],
      factors: ['kesadaran_kpm'],
      obstacles: ['akses_pendamping_minim'],
      pendamping: 'pendamping01',
      location: { latitude: -6.372, longitude: 106.889, accuracy: 12 },
    });
    expectOk(await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'p2k2', date: '2026-07-14', roles: ['fasilitasi_kelompok'] }), 201);
    const list = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/activities`));
    expect(list.total).toBe(2);
    expect(list.items.map((a: { date: string }) => a.date)).toEqual(['2026-07-14', '2026-07-10']);
    const page = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/activities?limit=1&offset=1`));
    expect(page.items[0].id).toBe(first.id);
    const history = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/history`));
    expect(history.items.some((e: { action: string; recordId: string }) => e.action === 'activity.create' && e.recordId === first.id)).toBe(true);
  });

  it('refuses unknown codes and dates with a message per field, storing nothing', async () => {
    const err = expectError(
      await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'arisan', date: '2026-08-01', roles: ['menari'], factors: ['x'] }),
      422,
    );
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['date', 'factors.0', 'roles.0', 'type']);
    expectError(await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: 'kemarin', roles: [] }), 400);
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}/activities`)).total).toBe(2);
  });

  it('keeps to scope: another pendamping gets 404, read-only roles 403 on writes, researchers read', async () => {
    expectError(await api('pendamping02').get(`${API}/families/${familyId}/activities`), 404);
    expectError(await api('pendamping02').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2026-07-10', roles: [] }), 404);
    expectError(await api('auditor').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2026-07-10', roles: [] }), 403);
    expectOk(await api('auditor').get(`${API}/families/${familyId}/activities`));
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}/activities`)).total).toBe(2);
    // Researchers see the tags, not the free text nor where the home is.
    const research = expectOk(await api('peneliti').get(`${API}/families/${familyId}/activities`));
    expect(research.items.every((a: { notes: unknown; location: unknown; roles: string[] }) => a.notes === null && a.location === null && Array.isArray(a.roles))).toBe(true);
  });
});
