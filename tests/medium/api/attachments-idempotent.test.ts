/**
 * Photos uploaded under an id made on the phone (`POST /attachments?id=`), as the outbox delivers a photo
 * taken offline: stored under that id; the same upload repeated (a lost answer) answers 200 with what was
 * stored and writes nothing (no second row, file, change or audit entry), also when two arrive at once or the
 * photo was removed since; another photo or owner under the id is a 409; a refusal stores nothing, so the
 * same id can be sent again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const seg = (marker: number, body: number[]) => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];

/** A valid 8×8 grey baseline JPEG; `shade` changes its one byte of image data (another photo). */
function makeJpeg(shade = 0x3f): Buffer {
  const huff = (tableClass: number) => [tableClass << 4, 1, ...new Array(15).fill(0), 0x00];
  return Buffer.from([
    0xff, 0xd8,
    ...seg(0xe0, [...Buffer.from('JFIF', 'latin1'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xdb, [0x00, ...new Array(64).fill(1)]),
    ...seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...seg(0xc4, huff(0)),
    ...seg(0xc4, huff(1)),
    ...seg(0xda, [1, 1, 0x00, 0, 63, 0]),
    shade,
    0xff, 0xd9,
  ]);
}

describe.each(ENGINES)('attachments under a phone-made id (%s)', (engine) => {
  let t: TestApp;
  let dataDir = '';
  const s: Record<string, Session> = {};
  let familyId = '';
  let activityId = '';
  let otherActivityId = '';

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-15T03:00:00Z') });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-uploads-id-'));
    t.ctx.config = { ...t.ctx.config, dataDir };
    for (const u of ['pendamping01', 'pendamping02']) s[u] = await loginAs(t.app, u);
    familyId = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=1`)).items[0].id;
    const record = async (date: string) =>
      expectOk(await as(t.app, s.pendamping01!).post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date, roles: ['dukungan'] }), 201).id as string;
    activityId = await record('2026-07-10');
    otherActivityId = await record('2026-07-11');
  });
  afterAll(async () => {
    await t?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (u: string) => as(t.app, s[u]!);
  const upload = (u: string, query: string, body: Buffer) => api(u).post(`${API}/attachments?${query}`, body, { 'content-type': 'image/jpeg' });
  const owner = (id = activityId) => `ownerKind=activity&ownerId=${id}`;
  const files = () => (fs.existsSync(path.join(dataDir, 'uploads')) ? fs.readdirSync(path.join(dataDir, 'uploads')) : []);
  const rows = (id: string) => t.ctx.database.db.selectFrom('attachments').select(['id', 'storage_key', 'deleted_at']).where('id', '=', id).execute();
  const audits = async (id: string) =>
    (await t.ctx.database.db.selectFrom('audit_log').select('action').where('record_id', '=', id).execute()).map((r) => r.action);
  const changes = async (id: string) => (await t.ctx.database.db.selectFrom('change_log').select('op').where('record_id', '=', id).execute()).length;

  it('stores a photo under the phone’s id; the same upload again answers 200 with it and stores nothing more', async () => {
    const id = uuidv7();
    const before = files().length;
    const first = expectOk(await upload('pendamping01', `${owner()}&id=${id}&caption=Rumah`, makeJpeg()), 201);
    expect(first).toMatchObject({ id, ownerKind: 'activity', ownerId: activityId, caption: 'Rumah' });
    expect(first.repeated).toBeUndefined();
    const again = expectOk(await upload('pendamping01', `${owner()}&id=${id}&caption=Rumah`, makeJpeg()), 200);
    expect(again).toMatchObject({ id, ownerId: activityId, sha256: first.sha256, bytes: first.bytes, repeated: true, url: `/api/v1/attachments/${id}` });
    expect(again.removed).toBeUndefined();
    // A third time, after a pause: still the one photo.
    expectOk(await upload('pendamping01', `${owner()}&id=${id}`, makeJpeg()), 200);

    const listed = expectOk(await api('pendamping01').get(`${API}/attachments?${owner()}`)).items.filter((a: { id: string }) => a.id === id);
    expect(listed).toHaveLength(1);
    expect(await rows(id)).toHaveLength(1);
    expect(files().length).toBe(before + 1);
    expect(await audits(id)).toEqual(['attachment.create']);
    expect(await changes(id)).toBe(1);
    // The file is served under the id; its storage key is the server's own, not the phone's id.
    const [row] = await rows(id);
    expect(row!.storage_key).not.toBe(id);
    expect((await api('pendamping01').get(`${API}/attachments/${id}`)).statusCode).toBe(200);
  });

  it('two deliveries of the same photo at once store it once (the later one answers 200), leaving one file', async () => {
    const id = uuidv7();
    const before = files().length;
    const answers = await Promise.all([upload('pendamping01', `${owner()}&id=${id}`, makeJpeg(0x21)), upload('pendamping01', `${owner()}&id=${id}`, makeJpeg(0x21))]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 201]);
    expect(answers.every((a) => JSON.parse(a.body).id === id)).toBe(true);
    expect(await rows(id)).toHaveLength(1);
    expect(files().length).toBe(before + 1);
    expect(await audits(id)).toEqual(['attachment.create']);
  });

  it('refuses another photo or another owner under an id stored already (409), writing nothing', async () => {
    const id = uuidv7();
    expectOk(await upload('pendamping01', `${owner()}&id=${id}`, makeJpeg(0x11)), 201);
    const before = files().length;
    const other = expectError(await upload('pendamping01', `${owner()}&id=${id}`, makeJpeg(0x12)), 409, 'attachment_id_exists');
    expect(other.message).toBe('Foto lain sudah tersimpan dengan id ini.');
    expectError(await upload('pendamping01', `${owner(otherActivityId)}&id=${id}`, makeJpeg(0x11)), 409, 'attachment_id_exists');
    expect(files().length).toBe(before);
    expect(await rows(id)).toHaveLength(1);
    // An id of a photo outside the caller's scope: the owner is checked first (404), nothing said about the id.
    expectError(await upload('pendamping02', `${owner()}&id=${id}`, makeJpeg(0x11)), 404);
  });

  it('a photo removed since stays removed when its upload is repeated (200, removed)', async () => {
    const id = uuidv7();
    expectOk(await upload('pendamping01', `${owner()}&id=${id}`, makeJpeg(0x31)), 201);
    expect((await api('pendamping01').delete(`${API}/attachments/${id}`)).statusCode).toBe(204);
    const again = expectOk(await upload('pendamping01', `${owner()}&id=${id}`, makeJpeg(0x31)), 200);
    expect(again).toMatchObject({ id, repeated: true, removed: true });
    expect(expectOk(await api('pendamping01').get(`${API}/attachments?${owner()}`)).items.some((a: { id: string }) => a.id === id)).toBe(false);
    expect((await rows(id))[0]!.deleted_at).not.toBeNull();
  });

  it('a refused upload stores nothing under the id, so the same id can be sent again; a repeat is never counted against the cap', async () => {
    const id = uuidv7();
    // Not an image: refused, nothing stored.
    expectError(await upload('pendamping01', `${owner(otherActivityId)}&id=${id}`, Buffer.from('not a photo')), 422);
    expect(await rows(id)).toHaveLength(0);
    // Fill the other activity to the cap of 10 (the first under the id refused above).
    expectOk(await upload('pendamping01', `${owner(otherActivityId)}&id=${id}`, makeJpeg(0x40)), 201);
    for (let i = 1; i < 10; i++) expectOk(await upload('pendamping01', `${owner(otherActivityId)}&id=${uuidv7()}`, makeJpeg(0x40 + i)), 201);
    // The 11th is refused; a repeat of one stored is answered as stored, not refused as one too many.
    expectError(await upload('pendamping01', `${owner(otherActivityId)}&id=${uuidv7()}`, makeJpeg(0x60)), 422);
    expectOk(await upload('pendamping01', `${owner(otherActivityId)}&id=${id}`, makeJpeg(0x40)), 200);
  });

  it('refuses an id that is not a UUID (400); uploads without an id work as before (the server names them)', async () => {
    expectError(await upload('pendamping01', `${owner()}&id=foto-1`, makeJpeg()), 400);
    const a = expectOk(await upload('pendamping01', owner(), makeJpeg(0x70)), 201);
    const b = expectOk(await upload('pendamping01', owner(), makeJpeg(0x70)), 201);
    expect(a.id).not.toBe(b.id);
  });
});
