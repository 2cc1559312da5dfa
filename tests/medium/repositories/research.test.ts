import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { SYSTEM_ACTOR } from '../../../src/server/db/repositories/audit.repository';
import { type NewDocument, ResearchRepository } from '../../../src/server/db/repositories/research.repository';
import type { Scope } from '../../../src/server/db/scope';
import { ENGINES, freshDatabase, type TestDatabase } from '../../support/engines';

const scope = (role: Scope['role'], regionCode: string | null): Scope => ({ userId: uuidv7(), username: role, role, regionCode });

function doc(region: string | null, extra: Partial<NewDocument> = {}): NewDocument {
  const parts = region ? region.split('.') : [];
  const upto = (n: number) => (parts.length >= n ? parts.slice(0, n).join('.') : null);
  return {
    id: uuidv7(),
    title: 'D',
    source: 'transcript',
    source_ref: null,
    text: 'abcdefghij',
    text_pseudonymised: 'abcdefghij',
    pseudonym_map: '[]',
    family_id: null,
    note_date: '2026-06-01',
    province_code: upto(1),
    kab_kota_code: upto(2),
    kecamatan_code: upto(3),
    kelurahan_code: upto(4),
    created_by: null,
    created_at: '2026-06-01T00:00:00.000Z',
    ...extra,
  };
}

describe.each(ENGINES)('research tables (%s)', (engine) => {
  let t: TestDatabase;
  let repo: ResearchRepository;
  beforeAll(async () => {
    t = await freshDatabase(engine);
    repo = new ResearchRepository(t.database.db, engine);
  });
  afterAll(async () => t?.drop());

  it('seeds the codebook: 22 Ife roles by group, 5 supporting factors, 3 obstacles by source', async () => {
    const rows = await t.database.db.selectFrom('research_codes').selectAll().orderBy('position').execute();
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => Number(r.seeded) === 1)).toBe(true);
    const roles = rows.filter((r) => r.kind === 'role');
    expect(roles).toHaveLength(22);
    expect(roles.find((r) => r.code === 'konfrontasi')).toMatchObject({ group_code: 'edukasional', label_id: 'Konfrontasi', label_en: 'Confronting' });
    expect(rows.filter((r) => r.kind === 'factor').map((r) => r.code)).toEqual(['pendekatan_efektif', 'kedekatan_aparat', 'potensi_kpm', 'kesadaran_kpm', 'ekonomi_membaik']);
    expect(Object.fromEntries(rows.filter((r) => r.kind === 'obstacle').map((r) => [r.code, r.source]))).toEqual({
      akses_pendamping_minim: 'pendamping',
      perpecahan_politik_internal: 'internal_kelompok',
      tekanan_politik_eksternal: 'eksternal_kelompok',
    });
  });

  it('documents are seen by region depth: kecamatan, kab/kota, province, admin; pendamping and auditor see none', async () => {
    const cimanggis = doc('32.76.02');
    const beji = doc('32.76.06.1001');
    const depok = doc('32.76');
    const global = doc(null);
    for (const d of [cimanggis, beji, depok, global]) await repo.insertDocument(d, SYSTEM_ACTOR, 'test');
    const ids = async (s: Scope) => (await repo.listDocuments(s)).items.map((d) => d.id).sort();
    expect(await ids(scope('koordinator_kecamatan', '32.76.02'))).toEqual([cimanggis.id]);
    expect(await ids(scope('koordinator_kota', '32.76'))).toEqual([cimanggis.id, beji.id, depok.id].sort());
    expect(await ids(scope('peneliti', '32'))).toEqual([cimanggis.id, beji.id, depok.id].sort());
    expect(await ids(scope('peneliti', '31'))).toEqual([]);
    expect(await ids(scope('admin', null))).toEqual([cimanggis.id, beji.id, depok.id, global.id].sort());
    expect(await ids(scope('pendamping', '32.76.02'))).toEqual([]);
    expect(await ids(scope('auditor', '32.76'))).toEqual([]);
    expect(await repo.document(scope('koordinator_kecamatan', '32.76.06'), cimanggis.id)).toBeUndefined();
  });

  it('collected notes are unique by source and reference: inserting them again adds nothing', async () => {
    const ref = uuidv7();
    const rows = [doc('32.76.02', { source: 'activity_note', source_ref: ref }), doc('32.76.02', { source: 'p2k2_note', source_ref: ref })];
    const summary = { action: 'research.collect', entity: 'research_documents' };
    expect(await repo.insertCollected(rows, SYSTEM_ACTOR, '2026-06-02T00:00:00Z', summary)).toBe(2);
    const again = [doc('32.76.02', { source: 'activity_note', source_ref: ref }), doc('32.76.02', { source: 'case_note', source_ref: `goal:${ref}` })];
    expect(await repo.insertCollected(again, SYSTEM_ACTOR, '2026-06-02T00:00:00Z', summary)).toBe(1);
  });

  it('co-occurrence counts overlapping pairs of segments of different codes, per document in scope', async () => {
    const codes = await repo.codes();
    const [a, b, c] = codes.map((x) => x.id);
    const user = uuidv7();
    await t.database.db
      .insertInto('users')
      .values({ id: user, username: 'coder', display_name: 'Coder', password_hash: 'x', role: 'peneliti', region_code: '32.76', active: 1, created_at: 'x', updated_at: 'x', password_changed_at: null })
      .execute();
    const d1 = doc('32.76.02.1007');
    const d2 = doc('32.76.06');
    await repo.insertDocument(d1, SYSTEM_ACTOR, 'test');
    await repo.insertDocument(d2, SYSTEM_ACTOR, 'test');
    const textOf = (id: string) => [d1, d2].find((d) => d.id === id)!;
    const seg = (document: string, start: number, end: number, code: string) =>
      repo
        .insertSegment({ id: uuidv7(), document_id: document, start_pos: start, end_pos: end, text: 'x', text_pseudonymised: 'x', on_pseudonymised: 0, code_id: code, coder_id: user, created_at: 'x' }, SYSTEM_ACTOR, null, textOf(document))
        .then((added) => expect(added).toBe(true));
    // Coded against a text that has changed since: refused, nothing written.
    const stale = await repo.insertSegment(
      { id: uuidv7(), document_id: d1.id, start_pos: 0, end_pos: 1, text: 'x', text_pseudonymised: 'x', on_pseudonymised: 0, code_id: a!, coder_id: user, created_at: 'x' },
      SYSTEM_ACTOR,
      null,
      { text: 'a text it no longer holds', text_pseudonymised: d1.text_pseudonymised },
    );
    expect(stale).toBe(false);
    await seg(d1.id, 0, 5, a!);
    await seg(d1.id, 4, 8, b!); // overlaps a
    await seg(d1.id, 5, 9, a!); // overlaps b, touches the first a (no overlap)
    await seg(d1.id, 9, 10, c!); // touches both, overlaps none
    await seg(d2.id, 0, 10, a!);
    await seg(d2.id, 0, 10, b!); // another kecamatan
    const pairs = (rows: Array<{ a: string; b: string; n: number }>) => Object.fromEntries(rows.map((r) => [`${codes.find((x) => x.id === r.a)!.code}|${codes.find((x) => x.id === r.b)!.code}`, r.n]));
    const cimanggis = scope('koordinator_kecamatan', '32.76.02');
    expect(pairs(await repo.cooccurrence(cimanggis))).toEqual({ [`${codes[0]!.code}|${codes[1]!.code}`]: 2, [`${codes[1]!.code}|${codes[0]!.code}`]: 2 });
    expect(pairs(await repo.cooccurrence(scope('koordinator_kota', '32.76')))).toEqual({ [`${codes[0]!.code}|${codes[1]!.code}`]: 3, [`${codes[1]!.code}|${codes[0]!.code}`]: 3 });
    const freq = Object.fromEntries((await repo.frequencies(cimanggis)).map((f) => [f.codeId, [f.segments, f.documents]]));
    expect(freq).toEqual({ [a!]: [2, 1], [b!]: [1, 1], [c!]: [1, 1] });
  });
});
