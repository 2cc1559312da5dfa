/**
 * The family's kab/kota in every case table (0011_case_regions; docs/scaling.md), on both engines: records
 * written through the API and the repositories carry it without their writers naming it, a family moved to
 * another kab/kota takes its case rows along, the migration's fill repairs rows without it, and every table
 * with a family_id carries it unless it is a documented exception (so a future table cannot forget it).
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import type { Engine } from '../../../src/server/db/database';
import { backfillCaseRegions, CASE_REGION_TABLES } from '../../../src/server/db/migrations/0011_case_regions';
import { SYSTEM_ACTOR } from '../../../src/server/db/repositories/audit.repository';
import type { Scope } from '../../../src/server/db/scope';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { signatureRegionMove } from '../../../src/server/db/migrations/0018_signature_region_move';
import type { ColumnTypes } from '../../../src/server/db/migrations/types';
import { API, expectOk } from '../api/helpers';

/**
 * Tables with a family_id that do not carry the family's kab/kota, and why (docs/scaling.md names them too).
 * A new table with a family_id must either carry kab_kota_code (kept by its writer or by a trigger like
 * 0011's) or be added here with its reason.
 */
const EXCEPTIONS: Record<string, string> = {
  audit_log: 'central: one hash chain for the whole installation; it records the region (region_code) of each entry',
  sync_mutations: "per-user receipts of phone pushes, found by the phone's mutation id; they stay with sync_devices and sync_holdings (central)",
};

/** Tables whose kab_kota_code is history, not placement: rows keep the region they were written in. */
const HISTORY = new Set(['change_log']);

const DEPOK = '32.76';
const TODAY = '2026-07-15';

type Db = Kysely<any>;

async function columnsByTable(db: Db, engine: Engine): Promise<Map<string, Set<string>>> {
  const rows =
    engine === 'sqlite'
      ? (await sql<{ t: string; c: string }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`.execute(db)).rows
      : (await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema()`.execute(db)).rows;
  const out = new Map<string, Set<string>>();
  for (const r of rows) out.set(r.t, (out.get(r.t) ?? new Set()).add(r.c));
  return out;
}

async function count(db: Db, query: string): Promise<number> {
  return Number((await sql.raw<{ n: number | string }>(query).execute(db)).rows[0]!.n);
}

/** Tables with both family_id and kab_kota_code. */
function familyTables(cols: Map<string, Set<string>>): string[] {
  return [...cols].filter(([, c]) => c.has('family_id') && c.has('kab_kota_code')).map(([t]) => t).sort();
}

/** Rows whose kab/kota is not their family's (or their group's, activity's, session's where they have no family). */
async function mismatches(db: Db, cols: Map<string, Set<string>>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of familyTables(cols)) {
    out[table] = await count(
      db,
      `select count(*) as n from ${table} x join families f on f.id = x.family_id where x.kab_kota_code is null or x.kab_kota_code <> f.kab_kota_code`,
    );
  }
  out.activity_tags = await count(db, 'select count(*) as n from activity_tags x join activities a on a.id = x.activity_id where x.kab_kota_code is null or x.kab_kota_code <> a.kab_kota_code');
  out.p2k2_sessions = await count(db, 'select count(*) as n from p2k2_sessions x join family_groups g on g.id = x.group_id where x.kab_kota_code is null or x.kab_kota_code <> g.kab_kota_code');
  out['attachments (session)'] = await count(
    db,
    `select count(*) as n from attachments x join p2k2_sessions s on s.id = x.owner_id where x.family_id is null and (x.kab_kota_code is null or x.kab_kota_code <> s.kab_kota_code)`,
  );
  out['sync_conflicts (session)'] = await count(
    db,
    // record_id is text, the session id a uuid on PostgreSQL.
    `select count(*) as n from sync_conflicts x join p2k2_sessions s on cast(s.id as text) = x.record_id where x.family_id is null and (x.kab_kota_code is null or x.kab_kota_code <> s.kab_kota_code)`,
  );
  return out;
}

describe.each(ENGINES)('the kab/kota in every case table (%s)', (engine) => {
  let t: TestApp;
  let db: Db;
  const s: Record<string, Session> = {};
  let cols: Map<string, Set<string>>;
  let familyId = '';
  let groupId = '';
  let sessionId = '';

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, seedFacilitation: true, regions: 'national', now: () => new Date(`${TODAY}T03:00:00Z`) });
    db = t.ctx.database.db as Db;
    for (const u of ['pendamping01', 'korcam.cimanggis', 'admin']) s[u] = await loginAs(t.app, u);
    cols = await columnsByTable(db, engine);
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  it('every table with a family_id carries kab_kota_code, or is a documented exception', () => {
    const withFamily = [...cols].filter(([, c]) => c.has('family_id')).map(([table]) => table);
    expect(withFamily.length).toBeGreaterThan(20);
    const missing = withFamily.filter((table) => !cols.get(table)!.has('kab_kota_code') && !(table in EXCEPTIONS));
    expect(missing, 'tables with a family_id but no kab_kota_code: add the column (see 0011_case_regions) or a documented exception').toEqual([]);
    // The exceptions are real tables that really lack it (a stale exception is removed).
    for (const table of Object.keys(EXCEPTIONS)) {
      expect(cols.get(table)?.has('family_id'), table).toBe(true);
      expect(cols.get(table)?.has('kab_kota_code'), table).toBe(false);
    }
    // The children without a family_id carry it too.
    for (const table of ['activity_tags', 'p2k2_sessions', 'family_groups']) expect(cols.get(table)?.has('kab_kota_code'), table).toBe(true);
    for (const c of CASE_REGION_TABLES) expect(cols.get(c.table)?.has('kab_kota_code'), c.table).toBe(true);
  });

  it('records written through the API and the repositories carry their family’s kab/kota', async () => {
    const p = api('pendamping01');
    const mine = expectOk(await p.get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    // A family with a school child (for a compliance observation) and three neighbours for a group.
    let studentId = '';
    for (const f of mine) {
      const d = expectOk(await p.get(`${API}/families/${f.id}`));
      const child = d.members.find((m: { component: string | null }) => m.component === 'sd');
      if (child) {
        familyId = f.id;
        studentId = child.id;
        break;
      }
    }
    expect(familyId).not.toBe('');
    const kelurahan = mine.find((f) => f.id === familyId)!.kelurahanCode;
    const grouped = await db
      .selectFrom('families')
      .select('id')
      .where('kelurahan_code', '=', kelurahan)
      .where('pendamping_id', '=', s.pendamping01!.user.id)
      .where('status', '=', 'aktif')
      .where('id', 'not in', db.selectFrom('family_group_members').select('family_id').where('end_date', 'is', null))
      .execute();
    const neighbours = [familyId, ...grouped.map((r: { id: string }) => r.id).filter((id: string) => id !== familyId)].slice(0, 4);
    expect(neighbours.length).toBeGreaterThanOrEqual(2);

    const activity = expectOk(
      await p.post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2026-07-10', roles: ['dukungan'], notes: 'Kunjungan rumah' }),
      201,
    );
    groupId = expectOk(await p.post(`${API}/groups`, { name: 'Kelompok Wilayah', kelurahanCode: kelurahan, familyIds: neighbours, startDate: '2026-07-01' }), 201).id;
    sessionId = expectOk(
      await p.post(`${API}/groups/${groupId}/sessions`, {
        module: 'keuangan_usaha',
        session: 1,
        date: '2026-07-11',
        attendance: neighbours.map((id, i) => ({ familyId: id, status: i === 0 ? 'hadir' : 'izin', ...(i === 0 ? {} : { reason: 'sakit' }) })),
        roles: ['fasilitasi_kelompok'],
      }),
      201,
    ).id;
    expectOk(
      await p.post(`${API}/families/${familyId}/compliance/observations`, { memberId: studentId, kind: 'pendidikan', month: '2026-07', observation: { attendancePct: 90 } }),
      201,
    );
    expectOk(await p.post(`${API}/families/${familyId}/assessments`, { criteriaSet: 'pkh-default', answers: { pendapatan_stabil: true } }), 201);
    const transitions = `${API}/families/${familyId}/graduation/transitions`;
    expectOk(await p.post(transitions, { to: 'candidate', type: 'alamiah' }));
    expectOk(await p.post(transitions, { to: 'proposed' }));
    expectOk(
      await p.post(`${API}/families/${familyId}/case-plan/goals`, { title: 'Usaha warung stabil', targetDate: '2026-12-31', tasks: [{ title: 'Buka rekening', dueDate: '2026-08-15' }] }),
      201,
    );
    expectOk(await p.post(`${API}/families/${familyId}/referrals`, { program: 'pbi_jkn', referredOn: '2026-07-10' }), 201);
    expectOk(await p.post(`${API}/families/${familyId}/data-updates`, { kind: 'alamat', reason: 'Pindah rumah', change: { address: 'Jl. Usulan No. 2' } }), 201);
    expect((await p.post(`${API}/families/${familyId}/pena-income`, { month: '2026-06', rupiah: 1_500_000 })).statusCode).toBe(204);

    // Through the repositories: a sanction, photos of a visit and of a P2K2 session (no family: the group's
    // region), a frozen decision, conflicts of a family record and of a session (no family).
    const at = `${TODAY}T03:00:00.000Z`;
    await t.ctx.repos.sanctions.create(
      { id: uuidv7(), familyId, step: 'peringatan', action: 'peringatan', basedOnPeriods: ['2026-Q2'], suspendedTahap: null, reasons: ['uji'], note: null },
      kelurahan,
      SYSTEM_ACTOR,
      at,
    );
    const admin: Scope = { userId: s.admin!.user.id, username: 'admin', role: 'admin', regionCode: null };
    for (const [ownerKind, ownerId] of [
      ['activity', activity.id],
      ['p2k2_session', sessionId],
    ] as const) {
      const id = uuidv7();
      expect(await t.ctx.repos.attachments.create(admin, { id, ownerKind, ownerId, mime: 'image/jpeg', bytes: 10, sha256: '0'.repeat(64), storageKey: id, caption: null }, 5, SYSTEM_ACTOR, at)).toEqual({
        ok: true,
      });
    }
    await t.ctx.repos.snapshots.freeze('uji_wilayah', '2026-Q3', [{ subjectId: familyId, familyId, regionCode: kelurahan, data: { ok: true } }], SYSTEM_ACTOR, at);
    for (const [entity, recordId, fid] of [
      ['family', familyId, familyId],
      ['p2k2_session', sessionId, null],
    ] as const) {
      await t.ctx.repos.sync.insertConflict({
        id: uuidv7(),
        mutation_id: uuidv7(),
        entity,
        record_id: recordId,
        family_id: fid,
        user_id: s.pendamping01!.user.id,
        device_id: 'uji',
        fields: '["address"]',
        base_version: 1,
        server_version: 2,
        device_data: '{}',
        server_data: '{}',
        status: 'open',
        created_at: at,
        resolved_at: null,
        resolved_by: null,
        resolution: null,
        resolution_data: null,
      });
    }

    // Every case table has rows, and every row has its family's (group's, activity's, session's) kab/kota.
    for (const c of CASE_REGION_TABLES) {
      expect(await count(db, `select count(*) as n from ${c.table}`), `${c.table} has rows`).toBeGreaterThan(0);
      expect(await count(db, `select count(*) as n from ${c.table} where kab_kota_code is null`), `${c.table} rows without a kab/kota`).toBe(0);
    }
    const wrong = await mismatches(db, cols);
    expect(Object.keys(wrong)).toEqual(expect.arrayContaining(['family_members', 'activities', 'change_log', 'p2k2_attendance', 'compliance_observations', 'sanctions']));
    expect(Object.entries(wrong).filter(([, n]) => n > 0)).toEqual([]);
    // The two rows without a family took the session's kab/kota.
    expect(await count(db, `select count(*) as n from attachments where family_id is null and kab_kota_code = '${DEPOK}'`)).toBe(1);
    expect(await count(db, `select count(*) as n from sync_conflicts where family_id is null and kab_kota_code = '${DEPOK}'`)).toBe(1);
  });

  it('a family moved to another kab/kota carries its case rows along; other families and the change log stay', async () => {
    const target = (
      await sql<{ code: string }>`select code from regions where level in ('kelurahan', 'desa') and code like '32.71.%' order by code limit 1`.execute(db)
    ).rows[0]!.code;
    const before = await count(db, `select count(*) as n from change_log where family_id = '${familyId}'`);
    const othersBefore = await count(db, `select count(*) as n from activities where family_id <> '${familyId}' and kab_kota_code = '${DEPOK}'`);
    expectOk(await api('admin').patch(`${API}/families/${familyId}`, { kelurahanCode: target, pendamping: null }));
    expect((await db.selectFrom('families').select('kab_kota_code').where('id', '=', familyId).executeTakeFirstOrThrow()).kab_kota_code).toBe('32.71');

    for (const table of familyTables(cols).filter((x) => !HISTORY.has(x))) {
      const rows = await count(db, `select count(*) as n from ${table} where family_id = '${familyId}'`);
      const moved = await count(db, `select count(*) as n from ${table} where family_id = '${familyId}' and kab_kota_code = '32.71'`);
      expect(moved, `${table}: rows of the moved family in its new kab/kota`).toBe(rows);
    }
    for (const table of ['activities', 'p2k2_attendance', 'compliance_observations', 'assessments', 'graduation_cases', 'graduation_transitions', 'sanctions', 'case_goals', 'case_tasks', 'referrals']) {
      expect(await count(db, `select count(*) as n from ${table} where family_id = '${familyId}'`), `${table} has rows of the family`).toBeGreaterThan(0);
    }
    expect(
      await count(db, `select count(*) as n from activity_tags x join activities a on a.id = x.activity_id where a.family_id = '${familyId}' and x.kab_kota_code = '32.71'`),
    ).toBe(await count(db, `select count(*) as n from activity_tags x join activities a on a.id = x.activity_id where a.family_id = '${familyId}'`));
    expect(await count(db, `select count(*) as n from activity_tags x join activities a on a.id = x.activity_id where a.family_id = '${familyId}'`)).toBeGreaterThan(0);
    // The group and its session stay where the group is; so do the other families' rows.
    expect(await count(db, `select count(*) as n from p2k2_sessions where id = '${sessionId}' and kab_kota_code = '${DEPOK}'`)).toBe(1);
    expect(await count(db, `select count(*) as n from activities where family_id <> '${familyId}' and kab_kota_code = '${DEPOK}'`)).toBe(othersBefore);
    // The change log is history: earlier rows keep Depok, the move itself is logged in the new kab/kota.
    expect(await count(db, `select count(*) as n from change_log where family_id = '${familyId}' and kab_kota_code = '${DEPOK}'`)).toBe(before);
    expect(await count(db, `select count(*) as n from change_log where family_id = '${familyId}' and kab_kota_code = '32.71'`)).toBeGreaterThan(0);
    // Every other row still agrees with its family.
    expect(Object.entries(await mismatches(db, cols)).filter(([table, n]) => n > 0 && !HISTORY.has(table))).toEqual([]);
    // A later record of the moved family is born in its new kab/kota.
    expectOk(await api('admin').post(`${API}/families/${familyId}/referrals`, { program: 'kip_pip', referredOn: '2026-07-14' }), 201);
    expect(await count(db, `select count(*) as n from referrals where family_id = '${familyId}' and kab_kota_code <> '32.71'`)).toBe(0);
  });

  it('a family moved by any writer carries its graduation candidates and their kept text along (0018)', async () => {
    // A family with stored candidates, moved by a plain UPDATE (no service recomputes its candidates).
    const row = (
      await sql<{ family_id: string }>`select s.family_id from graduation_candidate_signatures s join families f on f.id = s.family_id
        where f.kab_kota_code = ${DEPOK} and f.id <> ${familyId} order by s.family_id limit 1`.execute(db)
    ).rows[0];
    expect(row, 'a Depok family with stored candidates').toBeDefined();
    const id = row!.family_id;
    const where = (table: string, code: string) => count(db, `select count(*) as n from ${table} where family_id = '${id}' and kab_kota_code = '${code}'`);
    const candidates = await where('graduation_candidates', DEPOK);
    expect(candidates).toBeGreaterThan(0);
    await sql`update families set kab_kota_code = '32.71' where id = ${id}`.execute(db);
    expect(await where('graduation_candidate_signatures', '32.71')).toBe(1);
    expect(await where('graduation_candidates', '32.71')).toBe(candidates);
    await sql`update families set kab_kota_code = ${DEPOK} where id = ${id}`.execute(db);
    expect(await where('graduation_candidate_signatures', DEPOK)).toBe(1);
    // Texts left behind by moves before 0018 (or written without a code) get their family's when it runs.
    await sql`update graduation_candidate_signatures set kab_kota_code = case when family_id = ${id} then null else '32.71' end`.execute(db);
    await signatureRegionMove.up(db, { engine } as ColumnTypes);
    const wrong = `select count(*) as n from graduation_candidate_signatures s join families f on f.id = s.family_id
      where s.kab_kota_code is null or s.kab_kota_code <> f.kab_kota_code`;
    expect(await count(db, wrong)).toBe(0);
    expect(await count(db, 'select count(*) as n from graduation_candidate_signatures')).toBeGreaterThan(1);
    expect(Object.entries(await mismatches(db, cols)).filter(([table, n]) => n > 0 && !HISTORY.has(table))).toEqual([]);
  });

  it("the migration's fill gives rows written without a kab/kota their family's", async () => {
    // Rows as they were before 0011: no code.
    const emptied: Record<string, number> = {};
    for (const c of CASE_REGION_TABLES) {
      const r = await sql.raw(`update ${c.table} set kab_kota_code = null`).execute(db);
      emptied[c.table] = Number(r.numAffectedRows ?? 0);
      expect(emptied[c.table], c.table).toBeGreaterThan(0);
    }
    const filled = await backfillCaseRegions(db, engine);
    expect(filled).toEqual(emptied);
    for (const c of CASE_REGION_TABLES) expect(await count(db, `select count(*) as n from ${c.table} where kab_kota_code is null`), c.table).toBe(0);
    expect(Object.entries(await mismatches(db, cols)).filter(([table, n]) => n > 0 && !HISTORY.has(table))).toEqual([]);
    // The moved family's rows were filled from where it lives now.
    expect(await count(db, `select count(*) as n from case_goals where family_id = '${familyId}' and kab_kota_code = '32.71'`)).toBeGreaterThan(0);
    // A second fill finds nothing to do.
    expect(Object.values(await backfillCaseRegions(db, engine)).every((n) => n === 0)).toBe(true);
  });

  it('a writer that names the kab/kota keeps it (the trigger only fills a missing one)', async () => {
    const id = uuidv7();
    await db
      .insertInto('referrals')
      .values({ id, family_id: familyId, person_id: null, program: 'kip_pip', status: 'diajukan', referred_on: '2026-07-14', notes: null, outcome: null, outcome_on: null, kab_kota_code: '99.99', version: 1, created_at: TODAY, updated_at: TODAY, updated_by: null, deleted_at: null })
      .execute();
    expect((await db.selectFrom('referrals').select('kab_kota_code').where('id', '=', id).executeTakeFirstOrThrow()).kab_kota_code).toBe('99.99');
    await db.deleteFrom('referrals').where('id', '=', id).execute();
  });
});
