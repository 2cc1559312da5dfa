/**
 * Correcting and removing an activity recorded wrongly (`POST /activities/{id}/correction` and `/removal`):
 * the version read and a reason, the audit trail keeps the old record, phones get the change, counts follow.
 * Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

type Change = { entity: string; id: string; op: 'upsert' | 'delete'; version: number | null; data: any };

describe.each(ENGINES)('correcting and removing an activity (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';
  const device = { 'x-titian-device': '0190f2a4-5b6c-7d8e-9f01-23456789abce', 'x-titian-app-version': '0.9.0' };
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 30, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor', 'peneliti', 'admin']) s[u] = await loginAs(t.app, u);
    familyId = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=1&status=aktif`)).items[0].id;
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const visit = async (over: Record<string, unknown> = {}) =>
    expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/activities`, {
        type: 'kunjungan_rumah',
        date: '2026-07-10',
        roles: ['animasi_sosial'],
        factors: ['kesadaran_kpm'],
        notes: 'Kunjungan rumah.',
        location: { latitude: -6.37, longitude: 106.86, accuracy: 12 },
        ...over,
      }),
      201,
    );
  const listed = async () => expectOk(await api('pendamping01').get(`${API}/families/${familyId}/activities?limit=100`)).items as Array<{ id: string; version: number }>;

  it('corrects type, date, tags and notes with the version read and a reason; the place stays; phones and the trail follow', async () => {
    const a = await visit();
    const { cursor } = expectOk(await api('pendamping01').get(`${API}/sync/pull?limit=5000`, device));
    const fixed = expectOk(
      await api('pendamping01').post(`${API}/activities/${a.id}/correction`, {
        type: 'kunjungan_rumah',
        date: '2026-07-09',
        roles: ['pelatihan', 'animasi_sosial'],
        obstacles: ['akses_pendamping_minim'],
        notes: '  Kunjungan rumah, tanggal diperbaiki.  ',
        version: a.version,
        reason: 'Tanggal keliru',
      }),
    );
    expect(fixed).toMatchObject({ id: a.id, date: '2026-07-09', notes: 'Kunjungan rumah, tanggal diperbaiki.', factors: [], obstacles: ['akses_pendamping_minim'], version: a.version + 1 });
    expect([...fixed.roles].sort()).toEqual(['animasi_sosial', 'pelatihan']);
    expect(fixed.location).toMatchObject({ latitude: -6.37, longitude: 106.86 });
    const trail = expectOk(await api('auditor').get(`${API}/audit?action=activity.update&limit=20`)).items as Array<{ recordId: string; before: any; after: any }>;
    const entry = trail.find((e) => e.recordId === a.id)!;
    expect(entry.before).toMatchObject({ date: '2026-07-10', factors: ['kesadaran_kpm'], notes: 'Kunjungan rumah.' });
    expect(entry.after).toMatchObject({ date: '2026-07-09', reason: 'Tanggal keliru' });
    const pulled = expectOk(await api('pendamping01').get(`${API}/sync/pull?limit=5000&cursor=${encodeURIComponent(cursor)}`, device));
    expect((pulled.changes as Change[]).find((c) => c.entity === 'activity' && c.id === a.id)).toMatchObject({ op: 'upsert', version: a.version + 1 });
  });

  it('removes a record made by mistake: gone from the list, a tombstone for phones, the reason in the trail', async () => {
    const a = await visit({ notes: 'Salah keluarga.' });
    // A photo of it (as an upload stores it): it goes with the record.
    const photoId = '0190f2a4-5b6c-7d8e-9f01-23456789ab01';
    await t.ctx.database.db
      .insertInto('attachments')
      .values({ id: photoId, owner_kind: 'activity', owner_id: a.id, family_id: familyId, mime: 'image/jpeg', bytes: 10, sha256: 'x'.repeat(64), storage_key: 'k', caption: null, created_at: '2026-07-10T03:00:00Z', created_by: null, deleted_at: null })
      .execute();
    const { cursor } = expectOk(await api('pendamping01').get(`${API}/sync/pull?limit=5000`, device));
    expect((await listed()).some((x) => x.id === a.id)).toBe(true);
    expect(expectOk(await api('pendamping01').post(`${API}/activities/${a.id}/removal`, { version: a.version, reason: 'Dicatat di keluarga yang salah' }))).toEqual({ id: a.id, removed: true });
    expect((await listed()).some((x) => x.id === a.id)).toBe(false);
    const pulled = expectOk(await api('pendamping01').get(`${API}/sync/pull?limit=5000&cursor=${encodeURIComponent(cursor)}`, device));
    expect((pulled.changes as Change[]).find((c) => c.entity === 'activity' && c.id === a.id)).toMatchObject({ op: 'delete' });
    const trail = expectOk(await api('auditor').get(`${API}/audit?action=activity.delete&limit=20`)).items as Array<{ recordId: string; before: any; after: any }>;
    expect(trail.find((e) => e.recordId === a.id)).toMatchObject({ before: { notes: 'Salah keluarga.' }, after: { reason: 'Dicatat di keluarga yang salah' } });
    const photo = await t.ctx.database.db.selectFrom('attachments').select('deleted_at').where('id', '=', photoId).executeTakeFirstOrThrow();
    expect(photo.deleted_at).not.toBeNull();
    const photoTrail = expectOk(await api('auditor').get(`${API}/audit?action=attachment.delete&limit=20`)).items as Array<{ recordId: string }>;
    expect(photoTrail.some((e) => e.recordId === photoId)).toBe(true);
    // Removed is removed: a second removal or a correction finds nothing.
    expectError(await api('pendamping01').post(`${API}/activities/${a.id}/removal`, { version: a.version + 1, reason: 'x' }), 404);
  });

  it('refuses a stale version, a missing reason, unknown codes and a future date, changing nothing', async () => {
    const a = await visit();
    const body = { type: 'kunjungan_rumah', date: '2026-07-10', roles: ['animasi_sosial'], version: a.version, reason: 'x' };
    expectError(await api('pendamping01').post(`${API}/activities/${a.id}/correction`, { ...body, version: a.version + 1 }), 409, 'version_conflict');
    const noReason = expectError(await api('pendamping01').post(`${API}/activities/${a.id}/correction`, { ...body, reason: ' ' }), 400);
    expect(noReason.fields?.reason).toMatch(/alasan koreksi/i);
    expect(Object.keys(expectError(await api('pendamping01').post(`${API}/activities/${a.id}/removal`, { version: a.version }), 400).fields ?? {})).toEqual(['reason']);
    const bad = expectError(await api('pendamping01').post(`${API}/activities/${a.id}/correction`, { ...body, type: 'arisan', date: '2026-08-01', roles: ['menari'] }), 422);
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['date', 'roles.0', 'type']);
    const en = expectError(await api('pendamping01').post(`${API}/activities/${a.id}/correction`, { ...body, type: 'arisan' }, { 'accept-language': 'en' }), 422);
    expect(en.fields?.type).toMatch(/arisan/);
    expect((await listed()).find((x) => x.id === a.id)).toMatchObject({ version: a.version });
  });

  it('keeps terms deactivated since the record was made acceptable on it', async () => {
    expectOk(await api('admin').post(`${API}/admin/taxonomies/obstacles`, { code: 'banjir', id: 'Banjir', en: 'Flood' }), 201);
    const a = await visit({ obstacles: ['banjir'] });
    expectOk(await api('admin').patch(`${API}/admin/taxonomies/obstacles/banjir`, { active: false }));
    const fixed = expectOk(
      await api('pendamping01').post(`${API}/activities/${a.id}/correction`, { type: 'kunjungan_rumah', date: '2026-07-10', roles: ['animasi_sosial'], obstacles: ['banjir'], notes: 'Lengkap.', version: a.version, reason: 'Catatan dilengkapi' }),
    );
    expect(fixed.obstacles).toEqual(['banjir']);
    // Not a way to put it on another record.
    const b = await visit();
    const err = expectError(
      await api('pendamping01').post(`${API}/activities/${b.id}/correction`, { type: 'kunjungan_rumah', date: '2026-07-10', roles: ['animasi_sosial'], obstacles: ['banjir'], version: b.version, reason: 'x' }),
      422,
    );
    expect(Object.keys(err.fields ?? {})).toEqual(['obstacles.0']);
  });

  it('is for writers in scope, a pendamping for their own records only; a P2K2 activity is corrected through its session', async () => {
    const a = await visit();
    const body = { version: a.version, reason: 'x' };
    expectError(await api('pendamping02').post(`${API}/activities/${a.id}/removal`, body), 404);
    // Handed over to pendamping02: they see it, but what pendamping01 recorded is not theirs to change.
    expectOk(await api('korcam.cimanggis').put(`${API}/families/${familyId}/assignment`, { pendamping: 'pendamping02', reason: 'pemerataan' }));
    const notYours = expectError(await api('pendamping02').post(`${API}/activities/${a.id}/removal`, body), 403, 'activity_not_yours');
    expect(notYours.message).toMatch(/koordinator/);
    expectOk(await api('korcam.cimanggis').put(`${API}/families/${familyId}/assignment`, { pendamping: 'pendamping01', reason: 'kembali' }));
    expectError(await api('auditor').post(`${API}/activities/${a.id}/removal`, body), 403);
    expectError(await api('peneliti').post(`${API}/activities/${a.id}/removal`, body), 403);
    expectError(await api('pendamping01').post(`${API}/activities/${'0190f2a4-5b6c-7d8e-9f01-000000000000'}/removal`, body), 404);
    // A koordinator of the kecamatan may correct it.
    expectOk(await api('korcam.cimanggis').post(`${API}/activities/${a.id}/removal`, body));

    const g = expectOk(
      await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Dahlia', kelurahanCode: (await api('pendamping01').get(`${API}/families/${familyId}`)).json().kelurahanCode, familyIds: [familyId], startDate: '2026-01-05' }),
      201,
    );
    const session = expectOk(await api('pendamping01').post(`${API}/groups/${g.id}/sessions`, { module: 'keuangan_usaha', session: 1, date: '2026-07-08', attendance: [{ familyId, status: 'hadir' }] }), 201);
    const p2k2 = (expectOk(await api('pendamping01').get(`${API}/families/${familyId}/activities?limit=100`)).items as Array<{ id: string; version: number; p2k2SessionId: string | null }>).find(
      (x) => x.p2k2SessionId === session.id,
    )!;
    const err = expectError(await api('pendamping01').post(`${API}/activities/${p2k2.id}/removal`, { version: p2k2.version, reason: 'x' }), 409, 'activity_from_session');
    expect(err.message).toMatch(/pertemuan/);
  });
});
