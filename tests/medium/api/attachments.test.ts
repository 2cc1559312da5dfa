/**
 * Photos of activities, P2K2 sessions and graduation assessments through the API: upload (type checked by magic bytes, EXIF
 * stripped, size limit), list, file, delete, scope, roles, audit, and the monthly report's appendix.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, UUID } from './helpers';

// ---------------------------------------------------------------------------------------------------
// Tiny images built here (no binary fixtures)

const seg = (marker: number, body: number[]) => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];
const ascii = (s: string) => [...Buffer.from(s, 'latin1')];

/** A valid 8×8 grey baseline JPEG, optionally with an EXIF (APP1) segment holding a GPS-like text, and a comment. */
function makeJpeg(opts: { exif?: boolean } = {}): Buffer {
  const huff = (tableClass: number) => [tableClass << 4, 1, ...new Array(15).fill(0), 0x00];
  return Buffer.from([
    0xff, 0xd8, // SOI
    ...seg(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]), // APP0 JFIF
    ...(opts.exif ? seg(0xe1, [...ascii('Exif'), 0, 0, ...ascii('MM GPSLatitude -6.3721 GPSLongitude 106.8891')]) : []),
    ...(opts.exif ? seg(0xe2, [...ascii('ICC_PROFILE'), 0, 1, 1, ...ascii('camera-serial-XYZ')]) : []),
    ...(opts.exif ? seg(0xfe, ascii('Rumah Ibu Siti, RT 03')) : []),
    ...seg(0xdb, [0x00, ...new Array(64).fill(1)]), // DQT
    ...seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]), // SOF0: 8-bit, 8×8, one component
    ...seg(0xc4, huff(0)), // DHT DC
    ...seg(0xc4, huff(1)), // DHT AC
    ...seg(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
    0x3f, // entropy-coded data
    0xff, 0xd9, // EOI
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A valid RGB PNG, with a tEXt chunk that must not survive. */
function makePng(w = 16, h = 12): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h, 0x80);
  for (let y = 0; y < h; y++) raw[y * (w * 3 + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('tEXt', Buffer.from('Comment\0GPS -6.37 106.88', 'latin1')),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(ENGINES)('attachments (%s)', (engine) => {
  let t: TestApp;
  let dataDir = '';
  const s: Record<string, Session> = {};
  let familyId = '';
  let activityId = '';
  let secondActivityId = '';
  let sessionId = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-15T03:00:00Z') });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-uploads-'));
    t.ctx.config = { ...t.ctx.config, dataDir };
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
    familyId = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=1`)).items[0].id;
    const record = async (date: string) =>
      expectOk(await as(t.app, s.pendamping01!).post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date, roles: ['dukungan'] }), 201).id as string;
    activityId = await record('2026-07-10');
    secondActivityId = await record('2026-07-11');
    // A kelompok of pendamping01 with one held session, written directly (the groups API is tested elsewhere).
    const family = await t.ctx.database.db
      .selectFrom('families')
      .select(['province_code', 'kab_kota_code', 'kecamatan_code', 'kelurahan_code'])
      .where('id', '=', familyId)
      .executeTakeFirstOrThrow();
    const at = '2026-07-12T03:00:00.000Z';
    const versioned = { version: 1, created_at: at, updated_at: at, updated_by: s.pendamping01!.user.id, deleted_at: null };
    const groupId = '01900000-0000-7000-8000-0000000000a1';
    sessionId = '01900000-0000-7000-8000-0000000000b1';
    await t.ctx.database.db
      .insertInto('family_groups')
      .values({ id: groupId, name: 'Kelompok Uji Foto', ...family, pendamping_id: s.pendamping01!.user.id, ketua_family_id: null, meeting_place: null, ...versioned })
      .execute();
    await t.ctx.database.db
      .insertInto('p2k2_sessions')
      .values({
        id: sessionId,
        group_id: groupId,
        module_code: 'pengasuhan',
        session_code: '1',
        date: '2026-07-12',
        place: 'Balai RW',
        narrative: null,
        status: 'held',
        makeup_of: null,
        pendamping_id: s.pendamping01!.user.id,
        ...versioned,
      })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const api = (u: string) => as(t.app, s[u]!);
  const upload = (u: string, query: string, body: Buffer, contentType = 'image/jpeg', lang = 'id') =>
    api(u).post(`${API}/attachments?${query}`, body, { 'content-type': contentType, 'accept-language': lang });
  const owner = (id = activityId) => `ownerKind=activity&ownerId=${id}`;

  it('stores a JPEG without its EXIF, APP2 and comment segments; lists and serves it; audits the upload', async () => {
    const original = makeJpeg({ exif: true });
    const res = upload('pendamping01', `${owner()}&caption=${encodeURIComponent('Kunjungan ke rumah')}`, original);
    const created = expectOk(await res, 201);
    expect(created).toMatchObject({ ownerKind: 'activity', ownerId: activityId, mime: 'image/jpeg', caption: 'Kunjungan ke rumah', createdBy: 'pendamping01' });
    expect(created.id).toMatch(UUID);
    expect(created.url).toBe(`/api/v1/attachments/${created.id}`);
    expect(created.bytes).toBeLessThan(original.length);

    const file = await api('korcam.cimanggis').get(`${API}/attachments/${created.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(String(file.headers['cache-control'])).toMatch(/^private\b/);
    const stored = file.rawPayload;
    const text = stored.toString('latin1');
    expect(text).not.toContain('GPSLatitude');
    expect(text).not.toContain('Exif');
    expect(text).not.toContain('camera-serial');
    expect(text).not.toContain('Ibu Siti');
    expect(text).toContain('JFIF');
    // Still a JPEG with its image data: SOI, the scan and EOI kept as they were.
    expect([...stored.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(stored.subarray(-4).equals(original.subarray(-4))).toBe(true);
    expect(stored.length).toBe(created.bytes);
    expect(sha(stored)).toBe(created.sha256);

    // On disk: under <data dir>/uploads, private to the server's user.
    const onDisk = path.join(dataDir, 'uploads', created.id);
    expect(fs.readFileSync(onDisk).equals(stored)).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(onDisk).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.join(dataDir, 'uploads')).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const list = expectOk(await api('auditor').get(`${API}/attachments?${owner()}`));
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: created.id, sha256: created.sha256, caption: 'Kunjungan ke rumah' });

    const audit = await t.ctx.database.db.selectFrom('audit_log').select(['action', 'family_id', 'actor_username', 'after_data']).where('record_id', '=', created.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'attachment.create', family_id: familyId, actor_username: 'pendamping01' });
    expect(JSON.parse(audit[0]!.after_data!)).toMatchObject({ ownerKind: 'activity', ownerId: activityId, sha256: created.sha256 });
  });

  it('strips text chunks from a PNG and accepts photos of a P2K2 session', async () => {
    const created = expectOk(await upload('pendamping01', `ownerKind=p2k2_session&ownerId=${sessionId}&caption=Sesi`, makePng(), 'image/png'), 201);
    expect(created.ownerKind).toBe('p2k2_session');
    const file = await api('pendamping01').get(`${API}/attachments/${created.id}`);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.toString('latin1')).not.toContain('GPS');
    expect(file.rawPayload.toString('latin1')).toContain('IEND');
    expect(expectOk(await api('korcam.cimanggis').get(`${API}/attachments?ownerKind=p2k2_session&ownerId=${sessionId}`)).total).toBe(1);
    // Another pendamping's session is out of scope.
    expectError(await upload('pendamping02', `ownerKind=p2k2_session&ownerId=${sessionId}`, makePng(), 'image/png'), 404);
  });

  it('refuses bytes that are not the declared type (422), other types (415) and bad owners (400/404)', async () => {
    const mismatch = expectError(await upload('pendamping01', owner(), makeJpeg(), 'image/png'), 422);
    expect(Object.keys(mismatch.fields ?? {})).toEqual(['file']);
    expectError(await upload('pendamping01', owner(), Buffer.from('GIF89a not really'), 'image/webp'), 422);
    // A truncated JPEG (its segments cannot be followed) is refused, not stored.
    expectError(await upload('pendamping01', owner(), makeJpeg({ exif: true }).subarray(0, 30)), 422);
    expectError(await upload('pendamping01', owner(), Buffer.from('hello'), 'text/plain'), 415, 'attachment_media_type');
    expectError(await api('pendamping01').post(`${API}/attachments?${owner()}`, { photo: 'x' }), 415);
    expectError(await upload('pendamping01', `ownerKind=family&ownerId=${activityId}`, makeJpeg()), 400);
    expectError(await upload('pendamping01', 'ownerKind=activity&ownerId=nope', makeJpeg()), 400);
    expectError(await upload('pendamping01', owner('01900000-0000-7000-8000-000000000000'), makeJpeg()), 404);
    expect(expectOk(await api('pendamping01').get(`${API}/attachments?${owner()}`)).total).toBe(1);
  });

  it('accepts photos with a graduation assessment in scope: listed, audited with the family; other pendamping 404, read-only 403, researchers never', async () => {
    const assessment = expectOk(await api('pendamping01').post(`${API}/families/${familyId}/assessments`, { criteriaSet: 'pkh-default', answers: { pendapatan_stabil: true } }), 201);
    const kind = `ownerKind=assessment&ownerId=${assessment.id}`;
    const created = expectOk(await upload('pendamping01', `${kind}&caption=${encodeURIComponent('Warung milik keluarga')}`, makeJpeg({ exif: true })), 201);
    expect(created).toMatchObject({ ownerKind: 'assessment', ownerId: assessment.id, caption: 'Warung milik keluarga', createdBy: 'pendamping01' });
    const file = await api('korcam.cimanggis').get(`${API}/attachments/${created.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.toString('latin1')).not.toContain('GPSLatitude');
    expect(expectOk(await api('korcam.cimanggis').get(`${API}/attachments?${kind}`)).items.map((a: { id: string }) => a.id)).toEqual([created.id]);
    const row = await t.ctx.database.db.selectFrom('attachments').select('family_id').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.family_id).toBe(familyId);
    const audit = await t.ctx.database.db.selectFrom('audit_log').select(['action', 'family_id']).where('record_id', '=', created.id).execute();
    expect(audit).toEqual([{ action: 'attachment.create', family_id: familyId }]);

    // Another pendamping's assessment is missing to pendamping02: no upload, no list, no file.
    expectError(await upload('pendamping02', kind, makeJpeg()), 404);
    expectError(await api('pendamping02').get(`${API}/attachments?${kind}`), 404);
    expectError(await api('pendamping02').get(`${API}/attachments/${created.id}`), 404);
    expectError(await upload('auditor', kind, makeJpeg()), 403);
    expectError(await upload('peneliti', kind, makeJpeg()), 403);
    expectError(await api('peneliti').get(`${API}/attachments?${kind}`), 403);
    expectError(await api('peneliti').get(`${API}/attachments/${created.id}`), 403);
    // An assessment that does not exist, or an activity's id given as an assessment, is not an owner.
    expectError(await upload('pendamping01', `ownerKind=assessment&ownerId=${activityId}`, makeJpeg()), 404);
    // A soft-deleted assessment takes its photos out of reach.
    await t.ctx.database.db.updateTable('assessments').set({ deleted_at: '2026-07-15T03:00:00.000Z' }).where('id', '=', assessment.id).execute();
    expectError(await api('pendamping01').get(`${API}/attachments/${created.id}`), 404);
    expectError(await upload('pendamping01', kind, makeJpeg()), 404);
    await t.ctx.database.db.updateTable('assessments').set({ deleted_at: null }).where('id', '=', assessment.id).execute();
    expect(expectOk(await api('pendamping01').get(`${API}/attachments?${kind}`)).total).toBe(1);
  });

  it('refuses a photo over the size limit with 413 in both languages', async () => {
    const big = Buffer.concat([makeJpeg(), Buffer.alloc(3 * 1024 * 1024)]);
    const res = await upload('pendamping01', owner(), big, 'image/jpeg', 'en');
    const err = expectError(res, 413, 'attachment_too_large');
    expect(err.message).toContain('3 MB');
    const body = JSON.parse(res.body);
    expect(body.error.messages.id).toContain('Foto terlalu besar');
    expect(body.error.messages.en).toContain('too large');
  });

  it('keeps to scope and roles: another pendamping 404, read-only roles 403 on writes, researchers never', async () => {
    const photo = expectOk(await upload('pendamping01', owner(secondActivityId), makeJpeg()), 201);
    expectError(await upload('pendamping02', owner(), makeJpeg()), 404);
    expectError(await api('pendamping02').get(`${API}/attachments?${owner()}`), 404);
    expectError(await api('pendamping02').get(`${API}/attachments/${photo.id}`), 404);
    expectError(await api('pendamping02').delete(`${API}/attachments/${photo.id}`), 404);
    expectError(await upload('auditor', owner(), makeJpeg()), 403);
    expectError(await api('auditor').delete(`${API}/attachments/${photo.id}`), 403);
    expectError(await upload('peneliti', owner(), makeJpeg()), 403);
    expectError(await api('peneliti').get(`${API}/attachments?${owner()}`), 403);
    expectError(await api('peneliti').get(`${API}/attachments/${photo.id}`), 403);
    expectError(await api('peneliti').delete(`${API}/attachments/${photo.id}`), 403);
    // Without a session, nothing.
    expect((await t.app.inject({ method: 'GET', url: `${API}/attachments/${photo.id}` })).statusCode).toBe(401);
  });

  it('caps the photos of one activity', async () => {
    const list = expectOk(await api('pendamping01').get(`${API}/attachments?${owner(secondActivityId)}`));
    for (let i = list.total; i < 10; i++) expectOk(await upload('pendamping01', owner(secondActivityId), makeJpeg()), 201);
    const err = expectError(await upload('pendamping01', owner(secondActivityId), makeJpeg()), 422);
    expect(Object.keys(err.fields ?? {})).toEqual(['ownerId']);
    expect(expectOk(await api('pendamping01').get(`${API}/attachments?${owner(secondActivityId)}`)).total).toBe(10);
  });

  it('deletes (a tombstone, audited): gone from the list and the file address', async () => {
    const items = expectOk(await api('pendamping01').get(`${API}/attachments?${owner(secondActivityId)}`)).items;
    const id = items[0].id as string;
    const res = await api('korcam.cimanggis').delete(`${API}/attachments/${id}`);
    expect(res.statusCode).toBe(204);
    expectError(await api('pendamping01').get(`${API}/attachments/${id}`), 404);
    expectError(await api('pendamping01').delete(`${API}/attachments/${id}`), 404);
    expect(expectOk(await api('pendamping01').get(`${API}/attachments?${owner(secondActivityId)}`)).total).toBe(9);
    const audit = await t.ctx.database.db.selectFrom('audit_log').select(['action', 'actor_username']).where('record_id', '=', id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['attachment.create', 'attachment.delete']);
    expect(audit[1]!.actor_username).toBe('korcam.cimanggis');
    const row = await t.ctx.database.db.selectFrom('attachments').select('deleted_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
  });

  it('the monthly report embeds the month’s photos and still opens', async () => {
    const get = (format: string) => t.app.inject({ method: 'GET', url: `${API}/reports/monthly?month=2026-07&format=${format}`, headers: { cookie: s.pendamping01!.cookie } });
    const pdf = await get('pdf');
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    const raw = pdf.rawPayload;
    expect(raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect(raw.subarray(-8).toString()).toContain('%%EOF');
    // Image XObjects: the photos (JPEG and PNG) of July, capped at twelve.
    const images = (raw.toString('latin1').match(/\/Subtype \/Image\b/g) ?? []).length;
    expect(images).toBeGreaterThanOrEqual(3);
    expect(images).toBeLessThanOrEqual(12 * 2); // a PNG may bring its own mask object
    const xlsx = await get('xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const values: unknown[] = [];
    wb.getWorksheet('Dokumentasi')!.eachRow((row) => values.push(...(row.values as unknown[])));
    expect(values).toContain('Kunjungan rumah: Kunjungan ke rumah');
    // Another month without photos still renders.
    const empty = await t.app.inject({ method: 'GET', url: `${API}/reports/monthly?month=2026-03&format=pdf`, headers: { cookie: s.pendamping01!.cookie } });
    expect(empty.statusCode).toBe(200);
    expect(empty.rawPayload.toString('latin1')).not.toMatch(/\/Subtype \/Image\b/);
  });
});
