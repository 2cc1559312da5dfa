import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import type { Database } from '../../../src/server/db/database';
import { createRepositories, type Repositories } from '../../../src/server/db/repositories/index';
import type { NewFamily } from '../../../src/server/db/repositories/families.repository';
import type { Scope } from '../../../src/server/db/scope';
import { actorOf } from '../../../src/server/db/repositories/audit.repository';
import { ENGINES, freshDatabase, TEST_PROTECTION, type TestDatabase } from '../../support/engines';

const hash = TEST_PROTECTION.hashIdentity;
const AT = '2026-01-01T00:00:00.000Z';

async function addUser(repos: Repositories, username: string, role: Scope['role'], regionCode: string | null): Promise<Scope> {
  const id = uuidv7();
  await repos.auth.insertUsers([{ id, username, displayName: username, passwordHash: 'x', role, regionCode }], AT);
  return { userId: id, username, role, regionCode };
}

function family(kelurahan: string, pendampingId: string | null, kk: string, members: Array<{ name: string; nik: string; birthDate: string; relation?: string; start?: string }>): NewFamily {
  const [p, k, c] = kelurahan.split('.');
  const id = uuidv7();
  const persons = members.map((m) => ({
    id: uuidv7(),
    nik: m.nik,
    nikHash: hash(m.nik),
    name: m.name,
    sex: 'P' as const,
    birthDate: m.birthDate,
    schoolLevel: 'none' as const,
    pregnant: false,
    postpartum: false,
    severeDisability: false,
  }));
  return {
    id,
    kkNumber: kk,
    kkHash: hash(kk),
    provinceCode: p,
    kabKotaCode: `${p}.${k}`,
    kecamatanCode: `${p}.${k}.${c}`,
    kelurahanCode: kelurahan,
    address: 'Jl. Mawar 1',
    rt: '001',
    rw: '002',
    joinedYear: 2020,
    decile: 2,
    status: 'aktif',
    pendampingId,
    headName: members[0].name,
    persons,
    memberships: persons.map((p2, i) => ({
      id: uuidv7(),
      personId: p2.id,
      relation: (members[i].relation ?? (i === 0 ? 'kepala_keluarga' : 'anak')) as 'anak',
      caretaker: i === 0,
      startDate: members[i].start ?? members[i].birthDate,
      position: i,
    })),
  };
}

describe.each(ENGINES)('families repository on %s', (engine) => {
  let t: TestDatabase;
  let db: Database;
  let repos: Repositories;
  let p1: Scope;
  let p2: Scope;
  let korcam: Scope;
  let korkotOther: Scope;
  let admin: Scope;
  let f1: NewFamily;
  let f2: NewFamily;
  let f3: NewFamily;

  beforeAll(async () => {
    t = await freshDatabase(engine);
    db = t.database;
    repos = createRepositories(db, TEST_PROTECTION.cipher);
    p1 = await addUser(repos, 'p1', 'pendamping', '32.76.02');
    p2 = await addUser(repos, 'p2', 'pendamping', '32.76.02');
    korcam = await addUser(repos, 'korcam', 'koordinator_kecamatan', '32.76.02');
    korkotOther = await addUser(repos, 'korcam.sawangan', 'koordinator_kecamatan', '32.76.03');
    admin = await addUser(repos, 'root', 'admin', null);
    f1 = family('32.76.02.1009', p1.userId, '3276020101100001', [
      { name: 'Siti Aminah', nik: '3276024101800001', birthDate: '1980-01-01' },
      { name: 'Budi', nik: '3276020101150002', birthDate: '2015-01-01' },
    ]);
    f2 = family('32.76.02.1008', p2.userId, '3276020101100002', [{ name: 'Dewi Lestari', nik: '3276024202820003', birthDate: '1982-02-02' }]);
    f3 = family('32.76.11.1005', null, '3276110101100003', [{ name: 'Rina Curug', nik: '3276114303830004', birthDate: '1983-03-03' }]);
    await repos.families.insertFamilies([f1, f2, f3], actorOf(admin), AT);
  });
  afterAll(async () => t?.drop());

  const list = (scope: Scope, extra: Partial<Parameters<Repositories['families']['list']>[1]> = {}) =>
    repos.families.list(scope, { limit: 50, offset: 0, asOf: '2026-06-01', ...extra });

  it('scopes lists: pendamping see their own, coordinators their region, admin everything', async () => {
    expect((await list(p1)).items.map((i) => i.id)).toEqual([f1.id]);
    expect((await list(p2)).items.map((i) => i.id)).toEqual([f2.id]);
    expect((await list(korcam)).total).toBe(2);
    expect((await list(korkotOther)).total).toBe(0);
    expect((await list(admin)).total).toBe(3);
  });

  it('answers out-of-scope reads exactly like missing records', async () => {
    expect(await repos.families.get(p2, f1.id)).toBeUndefined();
    expect(await repos.families.members(p2, f1.id, '2026-06-01')).toEqual([]);
    expect(await repos.families.get(korcam, f3.id)).toBeUndefined();
    expect((await repos.families.get(p1, f1.id))?.kelurahanName).toBe('Tugu');
  });

  it('refuses out-of-scope writes without changing anything', async () => {
    const before = await repos.families.get(admin, f1.id);
    const outcome = await repos.families.update(
      p2,
      f1.id,
      { asOf: '2026-06-01', family: { address: 'hijacked' }, addPersons: [], reusedPersons: [], addMemberships: [], personChanges: [], endMemberships: [] },
      actorOf(p2),
      AT,
    );
    expect(outcome).toEqual({ ok: false, reason: 'not_found' });
    expect(await repos.families.get(admin, f1.id)).toEqual(before);
  });

  it('finds families by name fragment, by keyed NIK hash and by keyed KK hash', async () => {
    expect((await list(korcam, { nameQuery: 'budi' })).items.map((i) => i.id)).toEqual([f1.id]);
    expect((await list(korcam, { nameQuery: 'lestari' })).items.map((i) => i.id)).toEqual([f2.id]);
    expect((await list(korcam, { identifierHash: hash('3276020101150002') })).items.map((i) => i.id)).toEqual([f1.id]);
    expect((await list(korcam, { identifierHash: hash('3276020101100002') })).items.map((i) => i.id)).toEqual([f2.id]);
    // a wildcard in the query is a literal, not a pattern
    expect((await list(korcam, { nameQuery: '%' })).total).toBe(0);
    // scope still applies to identifier search
    expect((await list(p2, { identifierHash: hash('3276020101150002') })).total).toBe(0);
  });

  it('keeps effective-dated membership history: as-of queries see who belonged then', async () => {
    const baby = uuidv7();
    const outcome = await repos.families.update(
      p1,
      f1.id,
      {
        asOf: '2026-06-01',
        family: {},
        reusedPersons: [],
        addPersons: [
          { id: baby, nik: null, nikHash: null, name: 'Bayi', sex: 'L', birthDate: '2026-03-10', schoolLevel: 'none', pregnant: false, postpartum: false, severeDisability: false },
        ],
        addMemberships: [{ id: uuidv7(), personId: baby, relation: 'anak', caretaker: false, startDate: '2026-03-10', position: 5 }],
        personChanges: [],
        endMemberships: [{ personId: f1.persons[1].id, endDate: '2026-05-01', reason: 'pindah' }],
        expectedVersion: 1,
      },
      actorOf(p1),
      '2026-06-01T00:00:00.000Z',
    );
    expect(outcome).toEqual({ ok: true, version: 2 });
    const names = async (asOf: string | null) => (await repos.families.members(p1, f1.id, asOf)).map((m) => m.name).sort();
    expect(await names('2026-01-01')).toEqual(['Budi', 'Siti Aminah']);
    expect(await names('2026-04-01')).toEqual(['Bayi', 'Budi', 'Siti Aminah']);
    expect(await names('2026-06-01')).toEqual(['Bayi', 'Siti Aminah']);
    expect(await names(null)).toEqual(['Bayi', 'Budi', 'Siti Aminah']);
    const moved = (await repos.families.members(p1, f1.id, null)).find((m) => m.name === 'Budi');
    expect(moved?.endDate).toBe('2026-05-01');
    expect(moved?.endReason).toBe('pindah');
  });

  it('rejects a stale version (optimistic concurrency) and changes nothing', async () => {
    const current = await repos.families.get(p1, f1.id);
    const outcome = await repos.families.update(
      p1,
      f1.id,
      { asOf: '2026-06-01', family: { address: 'Jl. Baru' }, addPersons: [], reusedPersons: [], addMemberships: [], personChanges: [], endMemberships: [], expectedVersion: 1 },
      actorOf(p1),
      AT,
    );
    expect(outcome).toMatchObject({ ok: false, reason: 'version_conflict', currentVersion: current?.version });
    expect((await repos.families.get(p1, f1.id))?.address).toBe('Jl. Mawar 1');
  });

  it('records every write in the change log, in order', async () => {
    const rows = await db.db.selectFrom('change_log').selectAll().where('family_id', '=', f1.id).orderBy('seq').execute();
    expect(rows[0]).toMatchObject({ entity: 'family', op: 'create', version: 1 });
    // The family's create row stands for the persons and memberships created with it (one row, not seven);
    // a person added later by an update gets rows of its own.
    expect(rows.filter((r) => r.op === 'create' && r.changed_at === AT)).toEqual([rows[0]]);
    expect(rows.filter((r) => r.op === 'create' && r.changed_at !== AT).map((r) => r.entity).sort()).toEqual(['family_member', 'person']);
    const update = rows.find((r) => r.entity === 'family' && r.op === 'update');
    expect(update).toMatchObject({ version: 2, changed_by: p1.userId, kab_kota_code: '32.76' });
    const seqs = rows.map((r) => Number(r.seq));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('refuses a second live family with the same No. KK (unique keyed hash)', async () => {
    const dup = family('32.76.02.1009', p1.userId, '3276020101100001', [{ name: 'Dup', nik: '3276024505900009', birthDate: '1990-05-05' }]);
    await expect(repos.families.insertFamilies([dup], actorOf(admin), AT)).rejects.toThrow();
    expect((await list(admin)).total).toBe(3);
    expect(await repos.families.familyIdByKkHash(hash('3276020101100001'))).toBe(f1.id);
  });

  it('reports which NIKs belong to a current family', async () => {
    const found = await repos.families.personsByNikHash([hash('3276024202820003'), hash('3276029999999999')], '2026-06-01');
    expect(found).toHaveLength(1);
    expect(found[0].currentFamilyId).toBe(f2.id);
  });
});
