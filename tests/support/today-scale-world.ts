/**
 * A larger "today" world (tests/medium/today-scale.test.ts and bench/today-scale.ts): the demo data set
 * with its facilitation year (groups, sessions, home visits, verification), spread over the kecamatan of
 * Kota Depok, with the work the demo does not make written set-based: case plans (goals and tasks, open,
 * achieved, done, deleted), data-update proposals (waiting and decided), graduation cases in every waiting
 * state with monitoring follow-ups, and a few deleted families. Deterministic (a seeded counter, no clock).
 */
import { sql } from 'kysely';
import { uuidv7 } from '../../src/domain/ids';
import type { Engine } from '../../src/server/db/database';
import type { Scope } from '../../src/server/db/scope';
import { createTestApp, type TestApp } from './app';

/** The date the world is looked at (two weeks after the demo's reference date). */
export const SCALE_DATE = '2026-07-15';
export const SCALE_NOW = () => new Date(`${SCALE_DATE}T03:00:00Z`);

const CHUNK = 400;

async function insertChunked(t: TestApp, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  const db = t.ctx.database.db;
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto(table as never).values(rows.slice(i, i + CHUNK) as never).execute();
}

/** A fresh app seeded with `families` demo families and the extra work above. */
export async function createTodayScaleWorld(engine: Engine, families: number): Promise<TestApp> {
  const t = await createTestApp(engine, { seedFamilies: families, seedFacilitation: true, now: SCALE_NOW });
  const db = t.ctx.database.db;
  let counter = 0;
  const id = () => uuidv7(Date.UTC(2026, 0, 1) + counter++, (n) => new Uint8Array(n).map((_, i) => (counter * 31 + i * 7) & 0xff));
  const at = '2026-01-10T03:00:00.000Z';
  const versioned = { version: 1, created_at: at, updated_at: at, updated_by: null, deleted_at: null };
  const dayOffset = (d: number) => new Date(Date.UTC(2026, 6, 15) + d * 86_400_000).toISOString().slice(0, 10);

  const fams = await db.selectFrom('families').select(['id', 'pendamping_id', 'kecamatan_code']).orderBy('id').execute();
  const pendamping = await db.selectFrom('users').select('id').where('role', '=', 'pendamping').orderBy('username').execute();

  // Spread: the families of the last four pendamping move round-robin to the kelurahan of other kecamatan.
  const kelurahan = await db
    .selectFrom('regions')
    .select(['code', 'parent_code'])
    .where('level', '=', 'kelurahan')
    .where('code', 'like', '32.76.%')
    .where('parent_code', '!=', fams[0]?.kecamatan_code ?? '')
    .orderBy('code')
    .execute();
  const movers = new Set(pendamping.slice(4).map((p) => p.id));
  const moves = new Map<string, string[]>();
  let k = 0;
  for (const f of fams) {
    if (!f.pendamping_id || !movers.has(f.pendamping_id) || k++ % 3 === 0) continue;
    const code = kelurahan[k % kelurahan.length]!.code;
    moves.set(code, [...(moves.get(code) ?? []), f.id]);
  }
  for (const [code, ids] of moves) {
    const kec = code.split('.').slice(0, 3).join('.');
    for (let i = 0; i < ids.length; i += CHUNK) {
      await db.updateTable('families').set({ kelurahan_code: code, kecamatan_code: kec }).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    }
  }

  // Case plans: two of three families have a goal (open, or achieved, or deleted) with three tasks.
  const goals: Array<Record<string, unknown>> = [];
  const tasks: Array<Record<string, unknown>> = [];
  fams.forEach((f, i) => {
    if (i % 3 === 2) return;
    const goalId = id();
    const status = i % 7 === 0 ? 'achieved' : 'open';
    goals.push({ id: goalId, family_id: f.id, title: `Tujuan ${i}`, description: null, status, target_date: dayOffset(200), closed_at: null, ...versioned, deleted_at: i % 23 === 0 ? at : null });
    for (let j = 0; j < 3; j++) {
      const due = j === 2 && i % 5 === 0 ? null : dayOffset(((i * 37 + j * 53) % 400) - 250);
      tasks.push({
        id: id(),
        goal_id: goalId,
        family_id: f.id,
        title: `Tugas ${i}.${j}`,
        due_date: due,
        done_at: (i + j) % 4 === 0 ? at : null,
        ...versioned,
        deleted_at: (i + j) % 31 === 0 ? at : null,
      });
    }
  });
  await insertChunked(t, 'case_goals', goals);
  await insertChunked(t, 'case_tasks', tasks);

  // Data-update proposals: one family in six, most waiting, some decided.
  const proposals = fams
    .filter((_, i) => (i * 7) % 13 < 2)
    .map((f, i) => ({
      id: id(),
      family_id: f.id,
      kind: i % 2 ? 'alamat' : 'anggota',
      patch_enc: 'x',
      reason: 'Pindah',
      evidence: null,
      status: i % 4 === 3 ? 'confirmed' : 'proposed',
      proposed_by: f.pendamping_id ?? pendamping[0]!.id,
      proposed_at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
      decided_by: null,
      decided_at: null,
      decision_note: null,
      applied_version: null,
    }));
  await insertChunked(t, 'data_update_proposals', proposals);

  // Graduation cases in every waiting state (and monitoring with follow-ups) for families without a case.
  const withCase = new Set((await db.selectFrom('graduation_cases').select('family_id').execute()).map((r) => r.family_id));
  const states = ['candidate', 'assessed', 'statement_signed', 'rejected', 'proposed', 'approved', 'monitoring', 'monitoring'];
  const cases: Array<Record<string, unknown>> = [];
  const followups: Array<Record<string, unknown>> = [];
  fams
    .filter((f) => !withCase.has(f.id))
    .forEach((f, i) => {
      if (i % 5 !== 0) return;
      const state = states[(i / 5) % states.length]!;
      const caseId = id();
      const stateAt = new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 180) * 86_400_000).toISOString();
      cases.push({
        id: caseId, family_id: f.id, type: 'sejahtera_mandiri', state, open: i % 45 === 0 ? 0 : 1, opened_at: at, state_at: stateAt,
        assessment_id: null, statement_signed_at: null, document_id: null, approved_at: null, approved_by: null,
        exit_effective_date: state === 'monitoring' ? dayOffset(-100) : null, exit_applied: state === 'monitoring' ? 1 : 0, closed_at: null, ...versioned,
      });
      if (state === 'monitoring') {
        for (const m of [3, 6, 12]) {
          followups.push({
            id: id(), case_id: caseId, family_id: f.id, months_after: m, due_date: dayOffset(-100 + m * 30 + (i % 20)),
            done_on: m === 3 && i % 2 === 0 ? dayOffset(-5) : null, activity_id: null, outcome: null, notes: null, ...versioned,
            deleted_at: i % 17 === 0 ? at : null,
          });
        }
      }
    });
  await insertChunked(t, 'graduation_cases', cases);
  await insertChunked(t, 'graduation_followups', followups);

  // P2K2 sessions planned around the date (some cancelled or deleted), a few for each group.
  const groups = await db.selectFrom('family_groups').select(['id', 'pendamping_id']).orderBy('id').execute();
  const sessions: Array<Record<string, unknown>> = [];
  groups.forEach((g, i) => {
    for (let j = 0; j < 3; j++) {
      sessions.push({
        id: id(), group_id: g.id, module_code: 'keuangan_usaha', session_code: String(j + 1), date: dayOffset(((i * 5 + j * 3) % 12) - 2),
        place: null, narrative: null, status: (i + j) % 6 === 0 ? 'cancelled' : 'planned', makeup_of: null, pendamping_id: g.pendamping_id,
        ...versioned, deleted_at: (i + j) % 11 === 0 ? at : null,
      });
    }
  });
  await insertChunked(t, 'p2k2_sessions', sessions);

  // A few deleted families.
  const gone = fams.filter((_, i) => i % 97 === 5).map((f) => f.id);
  for (let i = 0; i < gone.length; i += CHUNK) await db.updateTable('families').set({ deleted_at: at }).where('id', 'in', gone.slice(i, i + CHUNK)).execute();

  await sql`analyze`.execute(db);
  return t;
}

/** The scope of a demo user, as the auth layer builds it (no cover delegations in this world). */
export async function scopeOf(t: TestApp, username: string): Promise<Scope> {
  const u = await t.ctx.database.db.selectFrom('users').select(['id', 'username', 'role', 'region_code']).where('username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, username: u.username, role: u.role as Scope['role'], regionCode: u.region_code, via: 'session' };
}
