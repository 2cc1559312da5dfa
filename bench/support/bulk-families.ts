/**
 * Fills a database with N synthetic families fast, set-wise: every table is written by INSERT ... SELECT
 * over a recursive number series, so a million families (about four million members, their facts and
 * memberships, 1% PENA participants with income, 3% with a graduation case in some state, and a pendamping
 * per ~300 families) take about a minute on SQLite, with the dashboard aggregates kept by their triggers
 * as any write keeps them. For the nightly and dashboard benchmarks (bench/cases/nightly.ts) and for
 * development; the realistic registry file and its import are bench/support/country-db.ts.
 *
 * The families are plausible, not pretty: ages, school levels by age with drop-outs, pregnancies,
 * disabilities, elders, caretakers (3% of families without one), deciles, years in PKH and statuses are
 * drawn from a hash of the family and member numbers (deterministic for a seed). Identifiers are not
 * usable: No. KK is a placeholder (`enc:bench:...`) and members have no NIK, so nothing here can be
 * decrypted; the nightly and the dashboard never read them.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../src/server/db/database';
import type { DB } from '../../src/server/db/schema';

export interface BulkOptions {
  families: number;
  seed?: number;
  /** Families per pendamping (default 300). */
  caseload?: number;
  /** Families per kelurahan, roughly (default 350): that many kelurahan codes are taken from `regions`. */
  perKelurahan?: number;
  /** Families per INSERT statement (default 100,000). */
  batch?: number;
  /** The date ages are reckoned from (default 2026-07-01). */
  referenceDate?: string;
  log?: (message: string) => void;
}

export interface BulkResult {
  families: number;
  members: number;
  pendamping: number;
  kelurahan: number;
  ms: number;
}

/** Ids in UUID form, ordered like their numbers (hex, zero-padded); `tag` keeps the kinds of record apart. */
function idExpr(pg: boolean, seed: number, tag: string, n: RawBuilder<unknown>, sub: RawBuilder<unknown> = sql`0`): RawBuilder<string> {
  const s = seed.toString(16).padStart(8, '0').slice(-8);
  return pg
    ? sql<string>`cast(${sql.lit(`${s}-`)} || lpad(to_hex(${sub}), 4, '0') || ${sql.lit(`-7${tag}-8000-`)} || lpad(to_hex(${n}), 12, '0') as uuid)`
    : sql<string>`printf(${sql.lit(`${s}-%04x-7${tag}-8000-%012x`)}, ${sub}, ${n})`;
}

export async function bulkFamilies(database: Database, opts: BulkOptions): Promise<BulkResult> {
  const t0 = performance.now();
  const db = database.db as Kysely<DB>;
  const pg = database.engine === 'postgres';
  const seed = opts.seed ?? 20_260_801;
  const n = opts.families;
  const caseload = opts.caseload ?? 300;
  const batch = opts.batch ?? 100_000;
  const ref = opts.referenceDate ?? '2026-07-01';
  const log = opts.log ?? (() => undefined);
  const at = new Date().toISOString();

  // Kelurahan (or desa) to spread the families over, evenly across the whole list (every province).
  const want = Math.max(1, Math.ceil(n / (opts.perKelurahan ?? 350)));
  const all = await db.selectFrom('regions').select('code').where('level', 'in', ['kelurahan', 'desa']).orderBy('code').execute();
  const step = Math.max(1, all.length / want);
  const kel = all.length <= want ? all : Array.from({ length: want }, (_, i) => all[Math.floor(i * step)]!);
  if (kel.length === 0) throw new Error('no kelurahan in regions: run migrate first');
  const pendamping = Math.ceil(n / caseload);
  // Pendamping p looks after families [p * caseload, (p + 1) * caseload) in kelurahan p mod K.
  const existing = await db.selectFrom('users').select('id').where('username', '=', `bench.p${seed}.0`).executeTakeFirst();
  if (existing) throw new Error(`bulk families of seed ${seed} are already there`);

  await sql`create temp table bench_kel (idx integer primary key, code text not null)`.execute(db).catch(async () => {
    await sql`delete from bench_kel`.execute(db);
  });
  for (let i = 0; i < kel.length; i += 500) {
    await sql`insert into bench_kel (idx, code) values ${sql.join(kel.slice(i, i + 500).map((k, j) => sql`(${i + j}, ${k.code})`))}`.execute(db);
  }
  const K = kel.length;
  const series = (from: number, to: number) =>
    sql`with recursive s(i) as (select ${sql.lit(from)} union all select i + 1 from s where i < ${sql.lit(to - 1)})`;
  const num = (x: RawBuilder<unknown> | string) => (typeof x === 'string' ? sql.raw(x) : x);
  // A hash of (a, b) in [0, 1000003): cheap and deterministic on both engines.
  const h = (a: RawBuilder<unknown> | string, b: number) => sql`((${num(a)} * 2654435761 + ${sql.lit(b * 40503 + seed)}) % 1000003)`;
  const day = (daysBefore: RawBuilder<unknown>) =>
    pg ? sql`to_char(date ${sql.lit(ref)} - cast(${daysBefore} as integer), 'YYYY-MM-DD')` : sql`date(julianday(${sql.lit(ref)}) - ${daysBefore})`;
  const kabOf = (code: RawBuilder<unknown>) => sql`substr(${code}, 1, 5)`;
  const kecOf = (code: RawBuilder<unknown>) => sql`substr(${code}, 1, 8)`;
  const provOf = (code: RawBuilder<unknown>) => sql`substr(${code}, 1, 2)`;
  const text = pg ? (x: RawBuilder<unknown>) => sql`cast(${x} as text)` : (x: RawBuilder<unknown>) => x;

  // Pendamping accounts.
  for (let from = 0; from < pendamping; from += batch) {
    const to = Math.min(pendamping, from + batch);
    await sql`insert into users (id, username, display_name, password_hash, role, region_code, active, created_at, updated_at)
      ${series(from, to)}
      select ${idExpr(pg, seed, 'c00', sql`s.i`)}, ${sql.lit(`bench.p${seed}.`)} || ${text(sql`s.i`)}, 'Pendamping ' || ${text(sql`s.i`)}, 'bench:no-login', 'pendamping',
        ${kecOf(sql`k.code`)}, 1, ${at}, ${at}
      from s join bench_kel k on k.idx = s.i % ${sql.lit(K)}`.execute(db);
  }

  let members = 0;
  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch);
    await db.transaction().execute(async (trx) => {
      const fam = sql`s.i`;
      const kelCode = sql`k.code`;
      const pend = idExpr(pg, seed, 'c00', sql`(s.i / ${sql.lit(caseload)})`);
      // Families: status (85% aktif), decile (40% unknown), years in PKH, pendamping and kelurahan.
      await sql`insert into families (id, kk_number, kk_hash, province_code, kab_kota_code, kecamatan_code, kelurahan_code, address, rt, rw,
          joined_year, decile, status, head_name, head_name_folded, pendamping_id, version, created_at, updated_at, updated_by, deleted_at)
        ${series(from, to)}
        select ${idExpr(pg, seed, '000', fam)}, 'enc:bench:' || ${text(fam)}, ${sql.lit(`bench-${seed}-`)} || ${text(fam)},
          ${provOf(kelCode)}, ${kabOf(kelCode)}, ${kecOf(kelCode)}, ${kelCode}, 'Jl. Sintetis ' || ${text(sql`${h('s.i', 1)} % 200`)}, '001', '002',
          2012 + ${h('s.i', 2)} % 15,
          case when ${h('s.i', 3)} % 10 < 4 then null else 1 + ${h('s.i', 4)} % 10 end,
          case when ${h('s.i', 5)} % 100 < 85 then 'aktif' when ${h('s.i', 5)} % 100 < 91 then 'ditangguhkan' when ${h('s.i', 5)} % 100 < 97 then 'graduasi' else 'keluar' end,
          'KPM ' || ${text(fam)}, 'kpm ' || ${text(fam)}, ${pend}, 1, ${at}, ${at}, null, null
        from s join bench_kel k on k.idx = (s.i / ${sql.lit(caseload)}) % ${sql.lit(K)}`.execute(trx);
      // Members: 2 to 6 a family (head, spouse, children). m(i, j, age, sex, ...) then persons, facts, memberships.
      const slots = sql`(select 0 as j union all select 1 union all select 2 union all select 3 union all select 4 union all select 5)`;
      const memberRows = sql`${series(from, to)},
        m as (
          select s.i, t.j,
            case when t.j = 0 then 28 + ${h('s.i', 10)} % 50
                 when t.j = 1 then 24 + ${h('s.i', 11)} % 40
                 else ${h(sql`s.i * 8 + t.j`, 12)} % 20 end as age,
            ${h(sql`s.i * 8 + t.j`, 13)} % 365 as extra,
            case when t.j = 0 then (case when ${h('s.i', 14)} % 10 < 8 then 'L' else 'P' end)
                 when t.j = 1 then (case when ${h('s.i', 14)} % 10 < 8 then 'P' else 'L' end)
                 else (case when ${h(sql`s.i * 8 + t.j`, 15)} % 2 = 0 then 'L' else 'P' end) end as sex,
            ${h(sql`s.i * 8 + t.j`, 16)} % 100 as r
          from s cross join ${slots} t
          where t.j < 2 + ${h('s.i', 17)} % 5
        )`;
      const birth = day(sql`m.age * 365 + m.extra`);
      const school = sql`case when m.j < 2 then 'none'
          when m.age < 4 then 'none'
          when m.age < 7 then (case when m.r < 40 then 'paud' when m.age = 6 and m.r < 55 then 'sd' else 'none' end)
          when m.age < 13 then (case when m.r < 96 then 'sd' else 'none' end)
          when m.age < 16 then (case when m.r < 90 then 'smp' else 'none' end)
          when m.age < 19 then (case when m.r < 75 then 'sma' else 'none' end)
          else 'none' end`;
      const pregnant = sql`case when m.j = 1 and m.sex = 'P' and m.age < 42 and m.r < 6 then 1 else 0 end`;
      const postpartum = sql`case when m.j = 1 and m.sex = 'P' and m.age < 42 and m.r >= 6 and m.r < 9 then 1 else 0 end`;
      const disabled = sql`case when ${h(sql`m.i * 8 + m.j`, 18)} % 100 < 2 then 1 else 0 end`;
      const personId = idExpr(pg, seed, '900', sql`m.i`, sql`m.j`);
      await sql`insert into persons (id, nik, nik_hash, name, name_folded, sex, birth_date, death_date, school_level, pregnant, postpartum, severe_disability, version, created_at, updated_at, updated_by, deleted_at)
        ${memberRows}
        select ${personId}, null, null, 'Anggota ' || ${text(sql`m.i`)} || '-' || ${text(sql`m.j`)}, 'anggota ' || ${text(sql`m.i`)} || '-' || ${text(sql`m.j`)}, m.sex, ${birth}, null,
          ${school}, ${pregnant}, ${postpartum}, ${disabled}, 1, ${at}, ${at}, null, null
        from m`.execute(trx);
      await sql`insert into person_facts (id, person_id, valid_from, school_level, pregnant, postpartum, severe_disability, recorded_at, recorded_by)
        ${memberRows}
        select ${idExpr(pg, seed, 'b00', sql`m.i`, sql`m.j`)}, ${personId}, ${birth}, ${school}, ${pregnant}, ${postpartum}, ${disabled}, ${at}, null
        from m`.execute(trx);
      const caretakerSlot = sql`case when ${h('m.i', 19)} % 100 < 3 then -1 when ${h('m.i', 14)} % 10 < 8 then 1 else 0 end`;
      await sql`insert into family_members (id, family_id, person_id, relation, caretaker, start_date, end_date, end_reason, kab_kota_code, kecamatan_code, position, version, created_at, updated_at, updated_by, deleted_at)
        ${memberRows}
        select ${idExpr(pg, seed, 'a00', sql`m.i`, sql`m.j`)}, ${idExpr(pg, seed, '000', sql`m.i`)}, ${personId},
          case when m.j = 0 then 'kepala_keluarga' when m.j = 1 then (case when m.sex = 'P' then 'istri' else 'suami' end) else 'anak' end,
          case when m.j = ${caretakerSlot} then 1 else 0 end,
          ${birth}, null, null, ${kabOf(sql`k.code`)}, ${kecOf(sql`k.code`)}, m.j, 1, ${at}, ${at}, null, null
        from m join bench_kel k on k.idx = (m.i / ${sql.lit(caseload)}) % ${sql.lit(K)}`.execute(trx);
      // PENA participants (1%): four months of business income around the UMK.
      await sql`insert into pena_incomes (id, family_id, month, rupiah, version, created_at, updated_at, updated_by, deleted_at)
        ${series(from, to)}
        select ${idExpr(pg, seed, 'd00', sql`s.i`, sql`t.j`)}, ${idExpr(pg, seed, '000', sql`s.i`)}, '2026-0' || ${text(sql`(t.j + 3)`)},
          5000000 + ${h(sql`s.i * 8 + t.j`, 20)} % 1000000, 1, ${at}, ${at}, null, null
        from s cross join (select 0 as j union all select 1 union all select 2 union all select 3) t
        where ${h('s.i', 21)} % 100 = 0`.execute(trx);
      // Graduation cases (3%), in every state.
      const state = sql`case ${h('s.i', 23)} % 8 when 0 then 'candidate' when 1 then 'assessed' when 2 then 'statement_signed' when 3 then 'proposed'
          when 4 then 'approved' when 5 then 'exited' when 6 then 'monitoring' else 'closed' end`;
      await sql`insert into graduation_cases (id, family_id, type, state, open, opened_at, state_at, assessment_id, statement_signed_at, document_id, approved_at, approved_by,
          exit_effective_date, exit_applied, closed_at, version, created_at, updated_at, updated_by, deleted_at)
        ${series(from, to)}
        select ${idExpr(pg, seed, 'e00', sql`s.i`)}, ${idExpr(pg, seed, '000', sql`s.i`)},
          case ${h('s.i', 24)} % 4 when 0 then 'alamiah' when 1 then 'sejahtera_mandiri' when 2 then 'paksa' else 'pena' end,
          ${state}, case when ${h('s.i', 23)} % 8 = 7 then 0 else 1 end, ${at}, ${at}, null, null, null, null, null,
          case when ${h('s.i', 23)} % 8 >= 5 then (case when ${h('s.i', 25)} % 2 = 0 then '2025-12-31' else '2026-03-31' end) end,
          case when ${h('s.i', 23)} % 8 >= 5 then 1 else 0 end, null, 1, ${at}, ${at}, null, null
        from s where ${h('s.i', 22)} % 100 < 3`.execute(trx);
    });
    const m = await sql<{ n: number }>`select count(*) as n from family_members where family_id >= ${idFor(pg, seed, from)} and family_id <= ${idFor(pg, seed, to - 1)}`.execute(db);
    members += Number(m.rows[0]?.n ?? 0);
    log(`bulk families: ${to.toLocaleString('en')} / ${n.toLocaleString('en')} (${Math.round((performance.now() - t0) / 1000)} s)`);
  }
  await sql`drop table bench_kel`.execute(db);
  await sql`analyze`.execute(db);
  // Reads after a bulk load should not wade through a big write-ahead log.
  if (!pg) await sql`pragma wal_checkpoint(truncate)`.execute(db);
  return { families: n, members, pendamping, kelurahan: K, ms: performance.now() - t0 };
}

/** The id bulkFamilies gives family number `i` of a seed (for ranges). */
export function idFor(_pg: boolean, seed: number, i: number): string {
  const s = seed.toString(16).padStart(8, '0').slice(-8);
  return `${s}-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
}
