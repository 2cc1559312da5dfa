/**
 * Collected copies of notes follow their notes (docs/research.md, "When a note is corrected"): a corrected
 * activity, case goal or referral updates its copy at once (codes kept where their passage still stands,
 * dropped where it is gone); a removed one withdraws it; a change made by any other path is caught when notes
 * are next collected. Both engines.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const R = `${API}/research`;

describe.each(ENGINES)('collected copies follow corrected notes (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const api = (u: string) => as(t.app, s[u]!);
  let familyId = '';
  let head = '';
  let codeId = '';

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 20, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis', 'peneliti', 'auditor']) s[u] = await loginAs(t.app, u);
    const family = expectOk(await api('pendamping01').get(`${API}/families?limit=1&status=aktif`)).items[0];
    familyId = family.id;
    head = (await t.ctx.database.db.selectFrom('families').select('head_name').where('id', '=', familyId).executeTakeFirstOrThrow()).head_name;
    codeId = expectOk(await api('korcam.cimanggis').get(`${R}/codes`)).codes.find((c: { code: string }) => c.code === 'potensi_kpm').id;
  });
  afterAll(async () => t?.close());

  const visit = async (notes: string, date = '2026-07-10') =>
    expectOk(await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date, roles: ['animasi_sosial'], notes }), 201);
  const collect = async () => expectOk(await api('korcam.cimanggis').post(`${R}/documents/collect`, {}));
  const copyOf = async (source: string, ref: string) =>
    t.ctx.database.db.selectFrom('research_documents').selectAll().where('source', '=', source).where('source_ref', '=', ref).executeTakeFirst();
  /** Codes the passage `words` of the copy (offsets on the original text, as a koordinator reads it). */
  const code = async (documentId: string, words: string) => {
    const doc = expectOk(await api('korcam.cimanggis').get(`${R}/documents/${documentId}`));
    const start = (doc.text as string).indexOf(words);
    expect(start).toBeGreaterThanOrEqual(0);
    return expectOk(await api('korcam.cimanggis').post(`${R}/documents/${documentId}/segments`, { start, end: start + words.length, codeId }), 201).id as string;
  };

  it('a corrected activity note: the copy takes the new text and date at once, pseudonymised again; codes on passages still there stay, the others go', async () => {
    const a = await visit(`Bertemu ${head} di rumah. Anak sekolah lagi. Suami kerja harian di pasar.`);
    expect((await collect()).added).toBeGreaterThanOrEqual(1);
    const copy = (await copyOf('activity_note', a.id))!;
    const kept = await code(copy.id, 'Suami kerja harian di pasar');
    const gone = await code(copy.id, 'Anak sekolah lagi');

    const notes = `Bertemu ${head} di rumah. Anak kedua mulai sekolah sejak Juli. Suami kerja harian di pasar.`;
    expectOk(await api('pendamping01').post(`${API}/activities/${a.id}/correction`, { type: 'kunjungan_rumah', date: '2026-07-09', roles: ['animasi_sosial'], notes, version: a.version, reason: 'Catatan keliru' }));

    const after = (await copyOf('activity_note', a.id))!;
    expect(after.id).toBe(copy.id);
    expect(after.text).toBe(notes);
    expect(after.note_date).toBe('2026-07-09');
    expect(after.title).toBe('Kunjungan rumah · 2026-07-09');
    const seen = expectOk(await api('korcam.cimanggis').get(`${R}/documents/${copy.id}`));
    expect(seen.segments.map((g: { id: string }) => g.id)).toEqual([kept]);
    expect(seen.segments[0].text).toBe('Suami kerja harian di pasar');
    expect(seen.text.slice(seen.segments[0].start, seen.segments[0].end)).toBe('Suami kerja harian di pasar');
    // The peneliti reads the new text pseudonymised, and the kept code on the same words.
    const pseudo = expectOk(await api('peneliti').get(`${R}/documents/${copy.id}`));
    expect(pseudo.text.toLowerCase()).not.toContain(head.toLowerCase());
    expect(pseudo.text).toContain('Anak kedua mulai sekolah sejak Juli.');
    expect(pseudo.text.slice(pseudo.segments[0].start, pseudo.segments[0].end)).toBe('Suami kerja harian di pasar');
    expect(await t.ctx.database.db.selectFrom('research_segments').select('id').where('id', '=', gone).executeTakeFirst()).toBeUndefined();
    // The trail: who caused it, the old length and date, what happened to the codes; no text.
    const trail = expectOk(await api('auditor').get(`${API}/audit?action=research.copy_refresh&limit=20`)).items as Array<{ recordId: string; before: any; after: any; actor: string | null }>;
    const entry = trail.find((e) => e.recordId === copy.id)!;
    expect(entry.before).toMatchObject({ noteDate: '2026-07-10' });
    expect(entry.after).toMatchObject({ noteDate: '2026-07-09', segmentsKept: 1, segmentsDropped: 1, chars: notes.length });
    expect(JSON.stringify(entry)).not.toContain(head);
    // A correction that leaves the note alone (tags only) does not touch the copy.
    const current = expectOk(await api('pendamping01').get(`${API}/families/${familyId}/activities?limit=100`)).items.find((x: { id: string }) => x.id === a.id);
    expectOk(await api('pendamping01').post(`${API}/activities/${a.id}/correction`, { type: 'kunjungan_rumah', date: '2026-07-09', roles: ['pelatihan'], notes, version: current.version, reason: 'Peran keliru' }));
    expect((await copyOf('activity_note', a.id))!.updated_at).toBe(after.updated_at);
  });

  it('a passage chosen on the text before a correction is refused (409) with the new text to mark again', async () => {
    const a = await visit('Ibu rajin menabung setiap minggu.', '2026-07-13');
    await collect();
    const copy = (await copyOf('activity_note', a.id))!;
    const read = expectOk(await api('korcam.cimanggis').get(`${R}/documents/${copy.id}`));
    expect(read.textVersion).toMatch(/^[0-9a-f]{16}$/);
    // Keyed: not a plain hash of the original text, which a researcher could test guesses against.
    expect(read.textVersion).not.toBe(createHash('sha256').update(copy.text).digest('hex').slice(0, 16));
    const seenByPeneliti = expectOk(await api('peneliti').get(`${R}/documents/${copy.id}`));
    expect(seenByPeneliti.textVersion).toBe(read.textVersion);
    expectOk(await api('pendamping01').post(`${API}/activities/${a.id}/correction`, { type: 'kunjungan_rumah', date: '2026-07-13', roles: ['animasi_sosial'], notes: 'Ibu mulai menabung setiap minggu.', version: a.version, reason: 'Catatan keliru' }));
    const e = expectError(await api('korcam.cimanggis').post(`${R}/documents/${copy.id}/segments`, { start: 4, end: 9, codeId, textVersion: read.textVersion }), 409, 'research_document_changed');
    expect(e.message).toMatch(/berubah/);
    expect(await t.ctx.database.db.selectFrom('research_segments').select('id').where('document_id', '=', copy.id).execute()).toEqual([]);
    // Read again, it codes the new text.
    const again = expectOk(await api('korcam.cimanggis').get(`${R}/documents/${copy.id}`));
    expect(again.textVersion).not.toBe(read.textVersion);
    const seg = expectOk(await api('korcam.cimanggis').post(`${R}/documents/${copy.id}/segments`, { start: 4, end: 9, codeId, textVersion: again.textVersion }), 201);
    expect(seg.text).toBe('mulai');
  });

  it('a removed activity withdraws its copy with its codes; a memo on it keeps its text and loses the link', async () => {
    const a = await visit('Catatan untuk keluarga yang salah.', '2026-07-11');
    await collect();
    const copy = (await copyOf('activity_note', a.id))!;
    await code(copy.id, 'keluarga yang salah');
    const memo = expectOk(await api('korcam.cimanggis').post(`${R}/memos`, { text: 'Memo tentang catatan ini.', documentId: copy.id }), 201);
    expectOk(await api('pendamping01').post(`${API}/activities/${a.id}/removal`, { version: a.version, reason: 'Keluarga keliru' }));
    expect(await copyOf('activity_note', a.id)).toBeUndefined();
    expectError(await api('korcam.cimanggis').get(`${R}/documents/${copy.id}`), 404);
    expect(await t.ctx.database.db.selectFrom('research_segments').select('id').where('document_id', '=', copy.id).execute()).toEqual([]);
    const m = await t.ctx.database.db.selectFrom('research_memos').select(['text', 'document_id']).where('id', '=', memo.id).executeTakeFirstOrThrow();
    expect(m).toEqual({ text: 'Memo tentang catatan ini.', document_id: null });
    const trail = expectOk(await api('auditor').get(`${API}/audit?action=research.copy_withdraw&limit=20`)).items as Array<{ recordId: string; before: any }>;
    expect(trail.find((e) => e.recordId === copy.id)?.before).toMatchObject({ source: 'activity_note', segments: 1 });
  });

  it('case goals and referrals changed through the case plan: their copies follow', async () => {
    const plan = expectOk(await api('pendamping01').post(`${API}/families/${familyId}/case-plan/goals`, { title: 'Usaha warung', description: 'Ingin membuka warung kecil.' }), 201);
    const goalId = plan.goals.find((g: { title: string }) => g.title === 'Usaha warung').id;
    await collect();
    expect((await copyOf('case_note', `goal:${goalId}`))!.text).toBe('Ingin membuka warung kecil.');
    expectOk(await api('pendamping01').patch(`${API}/families/${familyId}/case-plan/goals/${goalId}`, { description: 'Ingin membuka warung sembako.' }));
    expect((await copyOf('case_note', `goal:${goalId}`))!.text).toBe('Ingin membuka warung sembako.');
    // A new title alone renames the copy too.
    expectOk(await api('pendamping01').patch(`${API}/families/${familyId}/case-plan/goals/${goalId}`, { title: 'Usaha sembako' }));
    expect((await copyOf('case_note', `goal:${goalId}`))!.title).toMatch(/^Usaha sembako · /);
    // Emptied: nothing left to study, the copy is withdrawn.
    expectOk(await api('pendamping01').patch(`${API}/families/${familyId}/case-plan/goals/${goalId}`, { description: '' }));
    expect(await copyOf('case_note', `goal:${goalId}`)).toBeUndefined();
  });

  it('a corrected P2K2 session: the copy of its narrative follows, naming no one to the peneliti', async () => {
    const all = expectOk(await api('pendamping01').get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    const members = all.filter((f) => f.kelurahanCode === all[0]!.kelurahanCode).slice(0, 2);
    const g = expectOk(
      await api('pendamping01').post(`${API}/groups`, { name: 'Kelompok Melati', kelurahanCode: members[0]!.kelurahanCode, familyIds: members.map((f) => f.id), ketuaFamilyId: members[0]!.id, startDate: '2026-01-05' }),
      201,
    );
    const held = expectOk(
      await api('pendamping01').post(`${API}/groups/${g.id}/sessions`, {
        module: 'keuangan_usaha',
        session: 1,
        date: '2026-07-10',
        attendance: members.map((f) => ({ familyId: f.id, status: 'hadir' })),
        narrative: 'Peserta aktif bertanya tentang tabungan.',
      }),
      201,
    );
    await collect();
    expect((await copyOf('p2k2_note', held.id))!.text).toBe('Peserta aktif bertanya tentang tabungan.');
    const narrative = 'Peserta aktif bertanya tentang tabungan dan arisan.';
    expectOk(await api('pendamping01').post(`${API}/groups/${g.id}/sessions/${held.id}/correction`, { status: 'held', narrative, version: held.version, reason: 'Narasi kurang lengkap' }));
    const copy = (await copyOf('p2k2_note', held.id))!;
    expect(copy.text).toBe(narrative);
    expect(expectOk(await api('peneliti').get(`${R}/documents/${copy.id}`)).text).toBe(narrative);
  });

  it('a change made by another path is caught at the next collection, which says what it did', async () => {
    const a = await visit('Catatan yang diubah lewat jalur lain.', '2026-07-12');
    const b = await visit('Catatan keluarga yang nanti dihapus.', '2026-07-12');
    await collect();
    const db = t.ctx.database.db;
    await db.updateTable('activities').set({ notes: 'Catatan yang sudah diubah lewat jalur lain.' }).where('id', '=', a.id).execute();
    await db.updateTable('activities').set({ deleted_at: '2026-07-15T03:00:00.000Z' }).where('id', '=', b.id).execute();
    const r = await collect();
    expect(r).toEqual({ added: 0, total: r.total, refreshed: 1, withdrawn: 1, segmentsDropped: 0 });
    expect((await copyOf('activity_note', a.id))!.text).toBe('Catatan yang sudah diubah lewat jalur lain.');
    expect(await copyOf('activity_note', b.id)).toBeUndefined();
    // Nothing changed since: the next collection touches nothing.
    expect(await collect()).toEqual({ added: 0, total: r.total, refreshed: 0, withdrawn: 0, segmentsDropped: 0 });
  });
});
