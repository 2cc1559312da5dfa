/**
 * The region tables a peneliti's texts are read through are kept between requests (research-reader-cache.ts)
 * and never served stale: a member added with a new name, a member renamed and a user created with a new
 * display name are masked on the very next read. A change that cannot concern the region's names (an activity,
 * a family of another kab/kota) keeps the table. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeNik } from '../../src/domain/nik';
import { appendChanges } from '../../src/server/db/repositories/change-log';
import { staffAs } from '../../src/server/services/families.service';
import { regionTables } from '../../src/server/services/research.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk, member } from './api/helpers';

const R = `${API}/research`;
const ADDED = 'Zulkarnain Wibisono';
const RENAMED = 'Kartikasari Dewanti';
const STAFF = 'Laksmi Paramitha';

describe.each(ENGINES)('research region tables kept between reads (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const api = (u: string) => as(t.app, s[u]!);
  let family: { id: string; version: number } = { id: '', version: 0 };
  /** The memo as the peneliti reads it. */
  const read = async (): Promise<string> => {
    const memos = expectOk(await api('peneliti').get(`${R}/memos`)).items as Array<{ text: string }>;
    const m = memos.find((x) => x.text.startsWith('Catatan lapangan'));
    expect(m, 'the memo is read').toBeDefined();
    return m!.text;
  };
  const stats = () => ({ ...regionTables(t.ctx).stats });

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 8, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['korkot.depok', 'peneliti', 'admin']) s[u] = await loginAs(t.app, u);
    const f = await t.ctx.database.db.selectFrom('families').select(['id', 'version']).where('kab_kota_code', '=', '32.76').orderBy('id').executeTakeFirstOrThrow();
    family = { id: f.id, version: Number(f.version) };
    // Written before any of the three names is known: stored as written, masked (or not) when read.
    expectOk(await api('korkot.depok').post(`${R}/memos`, { text: `Catatan lapangan: ${ADDED} hadir; Bu ${RENAMED.split(' ')[0]} bercerita; ${STAFF} mencatat.` }), 201);
  }, 120_000);
  afterAll(async () => t?.close());

  it('reads names nobody holds as written, and a second read comes from the kept table', async () => {
    const first = await read();
    expect(first).toContain(ADDED);
    expect(first).toContain(STAFF);
    const before = stats();
    expect(await read()).toBe(first);
    const after = stats();
    expect(after.builds).toBe(before.builds);
    expect(after.hits).toBeGreaterThan(before.hits);
    expect(regionTables(t.ctx).regions()).toContain('32.76');
  });

  it('a member added with a new name is masked on the next read', async () => {
    const birth = '1990-04-02';
    const m = member({ name: ADDED, sex: 'L', birthDate: birth, nik: composeNik({ regionCode6: '32.76.02', birthDate: birth, sex: 'L', serial: 4711 }) });
    const updated = expectOk(await api('korkot.depok').patch(`${API}/families/${family.id}`, { version: family.version, members: { add: [{ ...m, startDate: '2026-07-01' }] } }));
    family = { id: family.id, version: updated.version };
    const text = await read();
    expect(text).not.toContain('Zulkarnain');
    expect(text).not.toContain('Wibisono');
    expect(text).toMatch(/Warga-[0-9A-F]{4} hadir/);
  });

  it('a member renamed is masked by the new name on the next read', async () => {
    const detail = expectOk(await api('korkot.depok').get(`${API}/families/${family.id}`));
    const someone = detail.members.find((x: { name: string }) => x.name !== ADDED);
    const updated = expectOk(await api('korkot.depok').patch(`${API}/families/${family.id}`, { version: detail.version, members: { update: [{ id: someone.id, name: RENAMED }] } }));
    family = { id: family.id, version: updated.version };
    const text = await read();
    expect(text).not.toContain('Kartikasari');
    expect(text).toMatch(/Bu Warga-[0-9A-F]{4} bercerita/);
  });

  it('a user created with a new display name is named by their pseudonym on the next read', async () => {
    expectOk(await api('admin').post(`${API}/users`, { username: 'pendamping77', displayName: STAFF, role: 'pendamping', regionCode: '32.76.02', password: 'Kuat-Sekali-77!' }), 201);
    const text = await read();
    expect(text).not.toContain('Laksmi');
    expect(text).toContain(`${staffAs(t.ctx, false, 'pendamping77')} mencatat`);
  });

  it('changes that cannot concern the region’s names keep the table; one in the region makes it again', async () => {
    const first = await read();
    const before = stats();
    const db = t.ctx.database.db;
    await db.transaction().execute(async (trx) => {
      await appendChanges(
        trx,
        [
          { entity: 'activity', recordId: '00000000-0000-7000-8000-000000000001', familyId: family.id, kabKotaCode: '32.76', op: 'create', version: 1 },
          { entity: 'family', recordId: '00000000-0000-7000-8000-000000000002', familyId: null, kabKotaCode: '35.78', op: 'update', version: 2 },
          { entity: 'person', recordId: '00000000-0000-7000-8000-000000000003', familyId: null, kabKotaCode: '35.78', op: 'update', version: 2 },
        ],
        null,
        '2026-07-15T03:00:00.000Z',
      );
    });
    expect(await read()).toBe(first);
    expect(stats().builds).toBe(before.builds);
    expect(stats().hits).toBeGreaterThan(before.hits);
    // A family of the region changed (its address): made again (names may have changed with it).
    expectOk(await api('korkot.depok').patch(`${API}/families/${family.id}`, { version: family.version, address: 'Jl. Baru 3' }));
    expect(await read()).toBe(first);
    expect(stats().builds).toBe(before.builds + 1);
  });
});
