/**
 * Outcome analytics (issue 9) on both engines, against a small hand-made world whose answers are worked
 * out by hand below: exact rows of every split, Kaplan-Meier medians, scope (a pendamping's caseload, a
 * koordinator of another kecamatan sees nothing), researchers' pseudonymised pendamping keys, roles never
 * and rarely used, CSV / XLSX downloads (audited), and 400 on a bad `by`.
 *
 * The world (today 2026-07-15; time origin = 1 January of the year joined, months to graduation):
 *   Kelurahan 32.76.02.1007, pendamping01          Kelurahan 32.76.02.1008, pendamping03
 *   F1 joined 2022, exit 2023-07-01 -> 18, event     F5 joined 2021, exit 2022-07-01 -> 18, event
 *   F2 joined 2022, exit 2024-01-01 -> 24, event     F6 joined 2021, active -> censored 66.46
 *   F3 joined 2023, active -> censored 42.46         F7 no year, registered 2025-01-15, active -> censored 18
 *   F4 joined 2024, left (keluar) 2025-01-01 -> 12c  F8 joined 2020, graduasi (no case), changed 2021-01-01 -> 12, event
 * Work (activities dated 2026-03-01): F1 dukungan+pelatihan (and a second dukungan), factor kesadaran_kpm;
 * F2 dukungan (x50); F3 dukungan+advokasi, obstacle perpecahan_politik_internal; F5 pelatihan; F6 pelatihan.
 * Groups: dukungan = fasilitatif, pelatihan = edukasional, advokasi = representasional.
 * P2K2 (4 held sessions, one cancelled): F1 4/4, F2 2/4 (one izin), F5 1/4.
 * Compliance (2026-06): F1 school attendance 90% (met); F2 50% (below); F3 one month met, one below.
 */
import { parse as parseCsvText } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { AnalyticsRepository } from '../../../src/server/db/repositories/analytics.repository';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, newFamilyBody } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const K1 = '32.76.02.1007';
const K2 = '32.76.02.1008';

interface Row {
  key: string;
  families: number;
  graduated: number;
  medianMonthsToGraduation: number | null;
}
const brief = (rows: Row[]) => rows.map((r) => [r.key, r.families, r.graduated, r.medianMonthsToGraduation]);

describe.each(ENGINES)('outcome analytics (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  let korcam: Session;
  let korcamBeji: Session;
  let p01: Session;
  let peneliti: Session;
  const F: Record<string, string> = {};
  const get = (s: Session, url: string, headers?: Record<string, string>) => as(t.app, s).get(`${API}/analytics/${url}`, headers);

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 1, now: () => NOW });
    const db = t.ctx.database.db;
    const at = NOW.toISOString();
    // The one demo family (seeded for the demo users) leaves the picture.
    await db.updateTable('families').set({ deleted_at: at }).execute();
    [admin, korcam, p01, peneliti] = await Promise.all(['admin', 'korcam.cimanggis', 'pendamping01', 'peneliti'].map((u) => loginAs(t.app, u)));
    expectOk(await as(t.app, admin).post(`${API}/users`, { username: 'korcam.beji', role: 'koordinator_kecamatan', regionCode: '32.76.01', password: 'Beji-Koordinator-2026!' }), 201);
    korcamBeji = await loginAs(t.app, 'korcam.beji', 'Beji-Koordinator-2026!');
    const users = await db.selectFrom('users').select(['id', 'username']).execute();
    const uid = (name: string) => String(users.find((u) => u.username === name)!.id);
    const plan: Array<[string, string, string, number | null, string, string, string]> = [
      // name, kelurahan, pendamping, joined, status, created_at, updated_at
      ['F1', K1, 'pendamping01', 2022, 'graduasi', '2022-01-10T00:00:00Z', '2023-07-01T00:00:00Z'],
      ['F2', K1, 'pendamping01', 2022, 'graduasi', '2022-01-10T00:00:00Z', '2024-01-01T00:00:00Z'],
      ['F3', K1, 'pendamping01', 2023, 'aktif', '2023-02-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['F4', K1, 'pendamping01', 2024, 'keluar', '2024-02-01T00:00:00Z', '2025-01-01T05:00:00Z'],
      ['F5', K2, 'pendamping03', 2021, 'graduasi', '2021-03-01T00:00:00Z', '2022-07-01T00:00:00Z'],
      ['F6', K2, 'pendamping03', 2021, 'aktif', '2021-03-01T00:00:00Z', '2026-02-01T00:00:00Z'],
      ['F7', K2, 'pendamping03', null, 'aktif', '2025-01-15T02:00:00Z', '2025-06-01T00:00:00Z'],
      ['F8', K2, 'pendamping03', 2020, 'graduasi', '2020-02-01T00:00:00Z', '2021-01-01T00:00:00Z'],
    ];
    for (const [name, kelurahan, pendamping, joined, status, created, updated] of plan) {
      const body = expectOk(await as(t.app, admin).post(`${API}/families`, newFamilyBody({ kelurahanCode: kelurahan })), 201);
      F[name] = body.id;
      await db
        .updateTable('families')
        .set({ joined_year: joined, status, pendamping_id: uid(pendamping), created_at: created, updated_at: updated })
        .where('id', '=', body.id)
        .execute();
    }
    const caseRow = (family: string, state: string, exit: string | null) => ({
      id: uuidv7(),
      family_id: F[family]!,
      type: 'sejahtera_mandiri',
      state,
      open: state === 'monitoring' || state === 'approved' ? 1 : 0,
      opened_at: '2020-01-01T00:00:00Z',
      state_at: at,
      assessment_id: null,
      statement_signed_at: null,
      document_id: null,
      approved_at: exit ? `${exit}T00:00:00Z` : null,
      approved_by: null,
      exit_effective_date: exit,
      exit_applied: exit ? 1 : 0,
      closed_at: null,
      version: 1,
      created_at: at,
      updated_at: at,
      updated_by: null,
      deleted_at: null,
    });
    await db.insertInto('graduation_cases').values([caseRow('F1', 'closed', '2023-07-01'), caseRow('F2', 'monitoring', '2024-01-01'), caseRow('F5', 'exited', '2022-07-01'), caseRow('F3', 'approved', null)]).execute();

    // Activities and their tags.
    const activities: Array<{ family: string; by: string; roles: string[]; factors?: string[]; obstacles?: string[] }> = [
      { family: 'F1', by: 'pendamping01', roles: ['dukungan', 'pelatihan'], factors: ['kesadaran_kpm'] },
      { family: 'F1', by: 'pendamping01', roles: ['dukungan'] },
      ...Array.from({ length: 50 }, () => ({ family: 'F2', by: 'pendamping01', roles: ['dukungan'] })),
      { family: 'F3', by: 'pendamping01', roles: ['dukungan', 'advokasi'], obstacles: ['perpecahan_politik_internal'] },
      { family: 'F5', by: 'pendamping03', roles: ['pelatihan'] },
      { family: 'F6', by: 'pendamping03', roles: ['pelatihan'] },
    ];
    const activityRows = activities.map((a) => ({
      id: uuidv7(),
      family_id: F[a.family]!,
      group_id: null,
      p2k2_session_id: null,
      type: 'kunjungan_rumah',
      date: '2026-03-01',
      notes: null,
      latitude: null,
      longitude: null,
      accuracy_m: null,
      pendamping_id: uid(a.by),
      kab_kota_code: '32.76',
      version: 1,
      created_at: at,
      updated_at: at,
      updated_by: null,
      deleted_at: null,
    }));
    await db.insertInto('activities').values(activityRows).execute();
    const tags = activities.flatMap((a, i) => [
      ...a.roles.map((code) => ({ activity_id: activityRows[i]!.id, kind: 'role', code })),
      ...(a.factors ?? []).map((code) => ({ activity_id: activityRows[i]!.id, kind: 'factor', code })),
      ...(a.obstacles ?? []).map((code) => ({ activity_id: activityRows[i]!.id, kind: 'obstacle', code })),
    ]);
    await db.insertInto('activity_tags').values(tags).execute();

    // P2K2: one group, four held sessions and one cancelled.
    const groupId = uuidv7();
    const versioned = { version: 1, created_at: at, updated_at: at, updated_by: null, deleted_at: null };
    await db
      .insertInto('family_groups')
      .values({ id: groupId, name: 'Kelompok Uji', province_code: '32', kab_kota_code: '32.76', kecamatan_code: '32.76.02', kelurahan_code: K1, pendamping_id: uid('pendamping01'), ketua_family_id: null, meeting_place: null, ...versioned })
      .execute();
    const sessions = ['held', 'held', 'held', 'held', 'cancelled'].map((status, i) => ({
      id: uuidv7(),
      group_id: groupId,
      module_code: 'm1',
      session_code: `s${i + 1}`,
      date: `2026-0${i + 1}-10`,
      place: null,
      narrative: null,
      status,
      makeup_of: null,
      pendamping_id: uid('pendamping01'),
      ...versioned,
    }));
    await db.insertInto('p2k2_sessions').values(sessions).execute();
    const attendance: Array<[string, string[]]> = [
      ['F1', ['hadir', 'hadir', 'hadir', 'hadir', 'hadir']],
      ['F2', ['hadir', 'izin', 'hadir', 'tidak_hadir', 'hadir']],
      ['F5', ['hadir', 'tidak_hadir', 'tidak_hadir', 'tidak_hadir', 'hadir']],
    ];
    await db
      .insertInto('p2k2_attendance')
      .values(attendance.flatMap(([family, statuses]) => statuses.map((status, i) => ({ id: uuidv7(), session_id: sessions[i]!.id, family_id: F[family]!, status, reason: null, ...versioned }))))
      .execute();

    // Compliance observations on the families' first member.
    const persons = await db.selectFrom('family_members').select(['family_id', 'person_id']).where('family_id', 'in', [F.F1!, F.F2!, F.F3!]).execute();
    const personOf = (family: string) => String(persons.find((p) => p.family_id === F[family])!.person_id);
    const obs = (family: string, month: string, pct: number) => ({
      id: uuidv7(),
      person_id: personOf(family),
      family_id: F[family]!,
      kind: 'pendidikan',
      sub: '',
      month,
      data: JSON.stringify({ attendancePct: pct }),
      source: 'manual',
      source_ref: null,
      recorded_at: at,
      recorded_by: null,
    });
    await db.insertInto('compliance_observations').values([obs('F1', '2026-06', 90), obs('F2', '2026-06', 50), obs('F3', '2026-05', 90), obs('F3', '2026-06', 40)]).execute();
  }, 240_000);
  afterAll(async () => t?.close());

  it('by role_group: families, graduations and KM medians worked by hand; a family can be in several rows', async () => {
    const body = expectOk(await get(admin, 'graduation?by=role_group'));
    expect(body.by).toBe('role_group');
    expect(body.totalFamilies).toBe(8);
    // fasilitatif F1 18e F2 24e F3 42.46c: S(18) = 2/3, S(24) = 1/3 -> 24
    // edukasional F1 18e F5 18e F6 66.46c: S(18) = 1/3 -> 18
    // none F4 12c F7 18c F8 12e: S(12) = 2/3 (F4 censored at 12 still at risk) -> null
    expect(brief(body.rows)).toEqual([
      ['fasilitatif', 3, 2, 24],
      ['edukasional', 3, 2, 18],
      ['representasional', 1, 0, null],
      ['none', 3, 1, null],
    ]);
    const fas = body.rows[0];
    expect(fas.label).toBe('Fasilitatif');
    expect(fas.graduationRate).toBeCloseTo(2 / 3, 12);
    expect(body.caution).toMatch(/keterkaitan, bukan sebab-akibat/);
    expect(body.caution).toMatch(/beberapa baris/);
    expect(body.caution).toMatch(/kurang dari 10 keluarga/);
    const en = expectOk(await get(admin, 'graduation?by=role_group&lang=en'));
    expect(en.caution).toMatch(/association, not cause/);
    expect(en.rows[0].label).toBe('Facilitative');
  });

  it('by role and by role_group_mix', async () => {
    const role = expectOk(await get(admin, 'graduation?by=role'));
    expect(brief(role.rows)).toEqual([
      ['dukungan', 3, 2, 24],
      ['pelatihan', 3, 2, 18],
      ['advokasi', 1, 0, null],
      ['none', 3, 1, null],
    ]);
    expect(role.rows[0].label).toBe('Dukungan');
    const mix = expectOk(await get(admin, 'graduation?by=role_group_mix'));
    // F5 18e F6 66.46c: S(18) = 1/2 -> 18
    expect(brief(mix.rows)).toEqual([
      ['edukasional', 2, 1, 18],
      ['edukasional+fasilitatif', 1, 1, 18],
      ['fasilitatif', 1, 1, 24],
      ['fasilitatif+representasional', 1, 0, null],
      ['none', 3, 1, null],
    ]);
    expect(mix.rows.reduce((s: number, r: Row) => s + r.families, 0)).toBe(8); // the mix is a partition
    expect(mix.caution).not.toMatch(/beberapa baris/);
  });

  it('by kelurahan and pendamping: the same partition, KM with a censoring tied at an event time', async () => {
    // 1007: F1 18e F2 24e F3 42.46c F4 12c -> S(18) = 2/3, S(24) = 1/3 -> 24
    // 1008: F8 12e F5 18e F7 18c F6 66.46c -> S(12) = 3/4, S(18) = 3/4 * 2/3 = 1/2 -> 18
    const kel = expectOk(await get(admin, 'graduation?by=kelurahan'));
    expect(brief(kel.rows)).toEqual([
      [K1, 4, 2, 24],
      [K2, 4, 2, 18],
    ]);
    expect(kel.rows[0].label).not.toBe(K1); // the kelurahan's name
    const pend = expectOk(await get(admin, 'graduation?by=pendamping'));
    expect(brief(pend.rows)).toEqual([
      ['pendamping01', 4, 2, 24],
      ['pendamping03', 4, 2, 18],
    ]);
    expect(pend.rows[0].label).toBe('Ahmad Fauzi');
  });

  it('by p2k2_attendance, compliance, factor and obstacle', async () => {
    const p2k2 = expectOk(await get(admin, 'graduation?by=p2k2_attendance'));
    // F1 4/4, F2 2/4 (izin is not attendance; the cancelled session does not count), F5 1/4.
    // tidak_ada: F3 42.46c F4 12c F6 66.46c F7 18c F8 12e -> S(12) = 4/5 -> null
    expect(brief(p2k2.rows)).toEqual([
      ['tidak_ada', 5, 1, null],
      ['<50%', 1, 1, 18],
      ['50-79%', 1, 1, 24],
      ['>=80%', 1, 1, 18],
    ]);
    const comp = expectOk(await get(admin, 'graduation?by=compliance'));
    // tidak_patuh F2 24e F3 42.46c -> S(24) = 1/2 -> 24; belum: F4 F5 F6 F7 F8 -> S(12) 4/5, S(18) 4/5*2/3 -> null
    expect(brief(comp.rows)).toEqual([
      ['patuh', 1, 1, 18],
      ['tidak_patuh', 2, 1, 24],
      ['belum_diverifikasi', 5, 2, null],
    ]);
    const factor = expectOk(await get(admin, 'graduation?by=factor'));
    // none: F8 12e F4 12c F5 18e F7 18c F2 24e F3 F6 c -> S(12) = 6/7, S(18) = 6/7 * 4/5, S(24) = 24/35 * 2/3 = 16/35 -> 24
    expect(brief(factor.rows)).toEqual([
      ['kesadaran_kpm', 1, 1, 18],
      ['none', 7, 3, 24],
    ]);
    const obstacle = expectOk(await get(admin, 'graduation?by=obstacle'));
    expect(brief(obstacle.rows)).toEqual([
      ['perpecahan_politik_internal', 1, 0, null],
      ['none', 7, 4, 24],
    ]);
  });

  it('survival: one group "all" with the hand-computed curve, and curves per split', async () => {
    const body = expectOk(await get(admin, 'survival'));
    expect(body.groups).toHaveLength(1);
    const all = body.groups[0];
    expect(all).toMatchObject({ key: 'all', families: 8, events: 4, medianMonths: 24 });
    // t=12: 8 at risk, 1 event -> 7/8; t=18: 6 at risk, 2 events -> 7/12; t=24: 3 at risk, 1 event -> 7/18
    expect(all.curve.map((p: { months: number; atRisk: number; events: number }) => [p.months, p.atRisk, p.events])).toEqual([
      [0, 8, 0],
      [12, 8, 1],
      [18, 6, 2],
      [24, 3, 1],
    ]);
    expect(all.curve[3].survival).toBeCloseTo(7 / 18, 12);
    const byKel = expectOk(await get(admin, `survival?by=kelurahan`));
    expect(byKel.groups.map((g: { key: string; medianMonths: number | null }) => [g.key, g.medianMonths])).toEqual([
      [K1, 24],
      [K2, 18],
    ]);
  });

  it('the window: from leaves out families that graduated or left before it, and the work before it', async () => {
    const body = expectOk(await get(admin, 'graduation?by=role_group&from=2026-04-01'));
    // F1 F2 F5 F8 graduated and F4 left before 2026-04-01; the activities of 2026-03-01 are outside.
    expect(body.totalFamilies).toBe(3);
    expect(brief(body.rows)).toEqual([['none', 3, 0, null]]);
    // to in the past: F3's observation ends on 2024-12-31, F1 and F2 graduated before it.
    const past = expectOk(await get(admin, 'survival?to=2023-12-31'));
    // joined by 2023: F1 18e F2 (exit 2024) censored at 24 (2022-01-01 -> 2023-12-31 = 23.99), F3 censored 11.99,
    // F5 18e, F6 35.99c, F8 12e; F4 (2024) and F7 (2025) not yet in.
    expect(past.groups[0].families).toBe(6);
    expect(past.groups[0].events).toBe(3);
    expectError(await get(admin, 'graduation?by=role&from=2026-05-01&to=2026-01-01'), 422);
  });

  it('scope: a pendamping gets their caseload; a koordinator of another kecamatan sees nothing of it', async () => {
    const mine = expectOk(await get(p01, 'graduation?by=kelurahan'));
    expect(brief(mine.rows)).toEqual([[K1, 4, 2, 24]]);
    expect(mine.totalFamilies).toBe(4);
    const usage = expectOk(await get(p01, 'roles-usage?by=kelurahan'));
    expect(usage.rows.map((r: { key: string }) => r.key)).toEqual([K1]);
    const beji = expectOk(await get(korcamBeji, 'graduation?by=pendamping'));
    expect(beji.totalFamilies).toBe(0);
    expect(beji.rows).toEqual([]);
    expect(beji.caution).toMatch(/Tidak ada keluarga/);
    const bejiSurvival = expectOk(await get(korcamBeji, 'survival'));
    expect(bejiSurvival.groups[0]).toMatchObject({ families: 0, events: 0, medianMonths: null });
    const bejiRoles = expectOk(await get(korcamBeji, 'roles-usage'));
    expect(bejiRoles.rows).toEqual([]);
    expect(bejiRoles.roles.every((r: { activities: number }) => r.activities === 0)).toBe(true);
    // A region outside the scope answers 404, inside it narrows.
    expectError(await get(korcamBeji, `graduation?by=role&region=${K1}`), 404);
    expectError(await get(p01, 'graduation?by=role&region=32.76.01'), 404);
    const narrowed = expectOk(await get(korcam, `graduation?by=pendamping&region=${K2}`));
    expect(brief(narrowed.rows)).toEqual([['pendamping03', 4, 2, 18]]);
  });

  it('peneliti: pendamping keys are stable pseudonyms, never usernames or names', async () => {
    const a = expectOk(await get(peneliti, 'graduation?by=pendamping'));
    const b = expectOk(await get(peneliti, 'graduation?by=pendamping'));
    expect(a.rows.map((r: Row) => r.key)).toEqual(b.rows.map((r: Row) => r.key));
    expect(a.pseudonymised).toBe(true);
    for (const r of a.rows) {
      expect(r.key).toMatch(/^PDP-[0-9A-F]{8}$/);
      expect(r.label).toBe(r.key);
    }
    expect(a.rows.map((r: Row) => [r.families, r.graduated, r.medianMonthsToGraduation]).sort()).toEqual([
      [4, 2, 18],
      [4, 2, 24],
    ]);
    const text = JSON.stringify(a) + JSON.stringify(expectOk(await get(peneliti, 'roles-usage?by=pendamping'))) + JSON.stringify(expectOk(await get(peneliti, 'survival?by=pendamping')));
    expect(text).not.toMatch(/pendamping0\d|Ahmad Fauzi|Rizky Pratama/);
    const usage = expectOk(await get(peneliti, 'roles-usage?by=pendamping'));
    expect(usage.rows.map((r: { key: string }) => r.key).sort()).toEqual(a.rows.map((r: Row) => r.key).sort());
    // Kelurahan keys are places, not persons: unchanged.
    expect(expectOk(await get(peneliti, 'graduation?by=kelurahan')).rows.map((r: Row) => r.key)).toEqual([K1, K2]);
  });

  it('roles-usage: every role, never used, rarely used under 2%, per pendamping and kelurahan', async () => {
    const body = expectOk(await get(admin, 'roles-usage?by=pendamping'));
    expect(body.roles).toHaveLength(22);
    const role = (code: string) => body.roles.find((r: { code: string }) => r.code === code);
    // role tags: dukungan 53 (A1, A6, 50 x F2, A3), pelatihan 3, advokasi 1 -> 57
    expect(role('dukungan')).toMatchObject({ group: 'fasilitatif', activities: 53, families: 3 });
    expect(role('pelatihan')).toMatchObject({ group: 'edukasional', activities: 3, families: 3 });
    expect(role('advokasi')).toMatchObject({ group: 'representasional', activities: 1, families: 1 });
    expect(role('advokasi').share).toBeCloseTo(1 / 57, 12);
    expect(body.rarelyThreshold).toBe(0.02);
    expect(body.rarelyUsed).toEqual(['advokasi']);
    expect(body.neverUsed).toHaveLength(19);
    expect(body.neverUsed).toContain('konfrontasi');
    expect(body.neverUsed).not.toContain('dukungan');
    expect(body.rows.map((r: { key: string; activities: number; counts: Record<string, number> }) => [r.key, r.activities, r.counts.dukungan, r.counts.pelatihan, r.counts.advokasi])).toEqual([
      ['pendamping01', 53, 53, 1, 1],
      ['pendamping03', 2, 0, 2, 0],
    ]);
    const p03 = body.rows[1];
    expect(p03.neverUsed).toContain('dukungan');
    expect(p03.neverUsed).not.toContain('pelatihan');
    expect(p03.neverUsed).toHaveLength(21);
    expect(body.caution).toMatch(/2%/);
    const kel = expectOk(await get(admin, 'roles-usage?by=kelurahan'));
    expect(kel.rows.map((r: { key: string; activities: number }) => [r.key, r.activities])).toEqual([
      [K1, 53],
      [K2, 2],
    ]);
  });

  it('roles-usage: a P2K2 session is one occasion of work, however many families attended it', async () => {
    const db = t.ctx.database.db;
    // The first held session (2026-01-10): F1, F2 and F5 present, each with the activity attendance records.
    const present = await db
      .selectFrom('p2k2_attendance')
      .innerJoin('p2k2_sessions', 'p2k2_sessions.id', 'p2k2_attendance.session_id')
      .innerJoin('families', 'families.id', 'p2k2_attendance.family_id')
      .where('p2k2_sessions.date', '=', '2026-01-10')
      .where('p2k2_attendance.status', '=', 'hadir')
      .select(['p2k2_sessions.id as session', 'p2k2_sessions.group_id as groupId', 'p2k2_sessions.pendamping_id as pendamping', 'families.id as family', 'families.kelurahan_code as kelurahan'])
      .execute();
    expect(present).toHaveLength(3);
    const at = '2026-01-10T03:00:00.000Z';
    const rows = present.map((p) => ({
      id: uuidv7(),
      family_id: String(p.family),
      group_id: String(p.groupId),
      p2k2_session_id: String(p.session),
      type: 'p2k2',
      date: '2026-01-10',
      notes: null,
      latitude: null,
      longitude: null,
      accuracy_m: null,
      pendamping_id: String(p.pendamping),
      kab_kota_code: '32.76',
      version: 1,
      created_at: at,
      updated_at: at,
      updated_by: null,
      deleted_at: null,
    }));
    await db.insertInto('activities').values(rows).execute();
    await db.insertInto('activity_tags').values(rows.map((r) => ({ activity_id: r.id, kind: 'role', code: 'konfrontasi' }))).execute();
    try {
      const body = expectOk(await get(admin, 'roles-usage?by=pendamping'));
      expect(body.roles.find((r: { code: string }) => r.code === 'konfrontasi')).toMatchObject({ activities: 1, families: 3 });
      expect(body.neverUsed).not.toContain('konfrontasi');
      // 57 tags before, one occasion more: the session weighs as one home visit does, not as three.
      expect(body.roles.find((r: { code: string }) => r.code === 'advokasi').share).toBeCloseTo(1 / 58, 12);
      expect(body.rows.map((r: { key: string; activities: number; counts: Record<string, number> }) => [r.key, r.activities, r.counts.konfrontasi])).toEqual([
        ['pendamping01', 54, 1],
        ['pendamping03', 2, 0],
      ]);
      const kel = expectOk(await get(admin, 'roles-usage?by=kelurahan'));
      const perKelurahan = new Map<string, number>();
      for (const p of present) perKelurahan.set(String(p.kelurahan), 1);
      for (const row of kel.rows as Array<{ key: string; counts: Record<string, number> }>) expect(row.counts.konfrontasi, row.key).toBe(perKelurahan.get(row.key) ?? 0);
    } finally {
      await db.deleteFrom('activity_tags').where('activity_id', 'in', rows.map((r) => r.id)).execute();
      await db.deleteFrom('activities').where('id', 'in', rows.map((r) => r.id)).execute();
    }
  });

  it('format=csv and format=xlsx download the table (the same figures), audited like the exports', async () => {
    const csv = await get(admin, 'graduation?by=kelurahan&format=csv');
    expect(csv.statusCode, csv.body.slice(0, 300)).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(csv.headers['content-disposition'])).toMatch(/^attachment; filename="titian-analitik-graduasi-kelurahan-semua-2026-07-15\.csv"$/);
    const records = parseCsvText(csv.body, { bom: true }) as string[][];
    expect(records[0]).toEqual(['kunci', 'label', 'keluarga', 'graduasi', 'tingkat_graduasi', 'median_bulan_graduasi']);
    expect(records.slice(1).map((r) => [r[0], r[2], r[3], r[4], r[5]])).toEqual([
      [K1, '4', '2', '0.5', '24'],
      [K2, '4', '2', '0.5', '18'],
    ]);

    const xlsx = await get(admin, 'roles-usage?by=pendamping&format=xlsx&lang=en');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('key');
    const lines: unknown[][] = [];
    ws.eachRow((row, n) => {
      if (n > 1) lines.push([row.getCell(1).value, row.getCell(3).value, row.getCell(6).value]);
    });
    expect(lines).toContainEqual(['all', 'dukungan', 53]);
    expect(lines).toContainEqual(['pendamping03', 'pelatihan', 2]);
    expect(lines).toHaveLength(22 * 3);

    const survival = await get(admin, 'survival?format=csv');
    const surv = parseCsvText(survival.body, { bom: true }) as string[][];
    expect(surv.slice(1).map((r) => r[5])).toEqual(['0', '12', '18', '24']);

    const audits = await t.ctx.database.db.selectFrom('audit_log').select(['action', 'after_data']).where('action', 'like', 'export.analytics%').execute();
    expect(audits.map((a) => a.action).sort()).toEqual(['export.analytics_graduation', 'export.analytics_roles_usage', 'export.analytics_survival']);
    const grad = JSON.parse(String(audits.find((a) => a.action === 'export.analytics_graduation')!.after_data));
    expect(grad).toMatchObject({ format: 'csv', rows: 2, filters: { by: 'kelurahan' } });
  });

  it('bad parameters answer 400 with both languages, never 5xx', async () => {
    const bad = await get(admin, 'graduation?by=umur');
    const err = expectError(bad, 400, 'validation');
    expect(err.fields!.by).toMatch(/Pembagian tidak dikenal/);
    expect(bad.json().error.messages.en.length).toBeGreaterThan(0);
    expect(expectError(await get(admin, 'graduation?by=umur', { 'accept-language': 'en' }), 400).fields!.by).toMatch(/Unknown split/);
    expectError(await get(admin, 'graduation'), 400);
    expectError(await get(admin, 'roles-usage?by=role'), 400);
    expectError(await get(admin, 'survival?format=pdf'), 400);
    expectError(await get(admin, 'graduation?by=role&from=2026-02-30'), 400);
    expectError(await get(admin, 'graduation?by=role&region=xx'), 400);
    expectError(await get(admin, 'graduation?by=role&extra=1'), 400);
  });

  it('needs a login', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${API}/analytics/graduation?by=role` });
    expect(res.statusCode).toBe(401);
  });

  it('survival by role_group: a group with only a censored family stays at 1; tied events drop together', async () => {
    const body = expectOk(await get(admin, 'survival?by=role_group'));
    const rep = body.groups.find((g: { key: string }) => g.key === 'representasional');
    expect(rep).toMatchObject({ families: 1, events: 0, medianMonths: null, curve: [{ months: 0, survival: 1, atRisk: 1, events: 0 }] });
    const edu = body.groups.find((g: { key: string }) => g.key === 'edukasional');
    expect(edu.curve).toEqual([
      { months: 0, survival: 1, atRisk: 3, events: 0 },
      { months: 18, survival: expect.closeTo(1 / 3, 12), atRisk: 3, events: 2 },
    ]);
  });

  // Last: it adds families to the world.
  it('the statements per request do not grow with the number of families (no per-family queries)', async () => {
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const repos = t.ctx.repos as { analytics: AnalyticsRepository };
    const original = repos.analytics;
    repos.analytics = new AnalyticsRepository(t.ctx.database.db.withPlugin(counter), t.ctx.database.engine);
    const urls = [
      ...['role_group', 'role', 'role_group_mix', 'p2k2_attendance', 'compliance', 'factor', 'obstacle', 'kelurahan', 'pendamping'].map((by) => `graduation?by=${by}`),
      'survival',
      'survival?by=role',
      'roles-usage?by=pendamping',
      'roles-usage?by=kelurahan',
    ];
    const count = async () => {
      const out: Record<string, number> = {};
      for (const url of urls) {
        statements = 0;
        expectOk(await get(admin, url));
        out[url] = statements;
      }
      return out;
    };
    try {
      const before = await count();
      expect(Math.max(...Object.values(before))).toBeLessThanOrEqual(5); // roles-usage: 2 + 2 grouped counts and the names
      const db = t.ctx.database.db;
      const at = NOW.toISOString();
      for (let i = 0; i < 12; i++) {
        const body = expectOk(await as(t.app, admin).post(`${API}/families`, newFamilyBody({ kelurahanCode: i % 2 ? K1 : K2 })), 201);
        await db.updateTable('families').set({ joined_year: 2020 + (i % 5) }).where('id', '=', body.id).execute();
        const activityId = uuidv7();
        await db
          .insertInto('activities')
          .values({ id: activityId, family_id: body.id, group_id: null, p2k2_session_id: null, type: 'kunjungan_rumah', date: '2026-04-01', notes: null, latitude: null, longitude: null, accuracy_m: null, pendamping_id: null, kab_kota_code: '32.76', version: 1, created_at: at, updated_at: at, updated_by: null, deleted_at: null })
          .execute();
        await db.insertInto('activity_tags').values({ activity_id: activityId, kind: 'role', code: i % 3 ? 'pelatihan' : 'riset' }).execute();
      }
      expect(expectOk(await get(admin, 'graduation?by=role')).totalFamilies).toBe(20);
      expect(await count()).toEqual(before);
    } finally {
      repos.analytics = original;
    }
  });
});
