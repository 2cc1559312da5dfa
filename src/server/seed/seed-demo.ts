/** Writes the demo data set (src/server/seed/demo-data.ts) into a database, through the repositories. */
import { sql } from 'kysely';
import type { Database } from '../db/database';
import { createRepositories } from '../db/repositories/index';
import { type NewFamily, personFactsOf } from '../db/repositories/families.repository';
import { hashPassword } from '../auth/passwords';
import { AuthRepository } from '../db/repositories/auth.repository';
import { SystemRepository } from '../db/repositories/system.repository';
import { SYSTEM_ACTOR } from '../db/repositories/audit.repository';
import type { IdentityProtection } from '../security/protection';
import { DEMO_PASSWORD, generateDemoData } from './demo-data';
import { seedDemoFacilitation } from './demo-facilitation';
import { seedDemoGraduation } from './demo-graduation';
import { seedDemoResearch } from './demo-research';

export interface SeedResult {
  seeded: boolean;
  reason?: 'not_empty' | 'already_seeded';
  users: Array<{ username: string; role: string; regionCode: string | null }>;
  families: number;
}

export async function isEmpty(database: Database): Promise<boolean> {
  return new SystemRepository(database.db).hasNoUsersOrFamilies();
}

export async function seedDemo(database: Database, protection: IdentityProtection, opts: { families?: number; /** Groups, sessions, activities, verification (default true). */ facilitation?: boolean; /** Graduation cases in every state (default true with facilitation). */ graduation?: boolean; /** The coded demo transcript and collected notes (default true with facilitation). */ research?: boolean } = {}): Promise<SeedResult> {
  const { hashIdentity, cipher } = protection;
  const repos = createRepositories(database, cipher);
  const data = generateDemoData({ families: opts.families });
  const users = data.users.map((u) => ({ username: u.username, role: u.role, regionCode: u.regionCode }));
  if (!(await isEmpty(database))) {
    const already = await repos.auth.userByUsername('pendamping01');
    return { seeded: false, reason: already ? 'already_seeded' : 'not_empty', users, families: 0 };
  }
  const at = new Date().toISOString();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const idByUsername = new Map(data.users.map((u) => [u.username, u.id]));
  const families: NewFamily[] = data.families.map((f) => {
    const [p, k, c] = f.kelurahanCode.split('.');
    const head = f.members.find((m) => m.relation === 'kepala_keluarga');
    return {
      id: f.id,
      kkNumber: f.kkNumber,
      kkHash: hashIdentity(f.kkNumber),
      provinceCode: p,
      kabKotaCode: `${p}.${k}`,
      kecamatanCode: `${p}.${k}.${c}`,
      kelurahanCode: f.kelurahanCode,
      address: f.address,
      rt: f.rt,
      rw: f.rw,
      joinedYear: f.joinedYear,
      decile: f.decile,
      status: f.status,
      pendampingId: idByUsername.get(f.pendamping) ?? null,
      headName: head?.name ?? '',
      persons: f.members.map((m) => ({ id: m.id, nik: m.nik, nikHash: hashIdentity(m.nik), ...personFactsOf(m) })),
      memberships: f.members.map((m, i) => ({
        id: membershipIdFor(m.id),
        personId: m.id,
        relation: m.relation,
        caretaker: m.caretaker,
        startDate: m.startDate,
        position: i,
      })),
    };
  });

  await database.db.transaction().execute(async (trx) => {
    await new AuthRepository(trx).insertUsers(
      data.users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, passwordHash, role: u.role, regionCode: u.regionCode })),
      at,
    );
    await repos.families.insertFamilies(families, SYSTEM_ACTOR, at, [], trx);
  });
  // Fresh statistics after a bulk load, so the planner does not guess from empty tables.
  if (database.engine === 'postgres') await sql`analyze families, persons, family_members`.execute(database.db);
  // Groups, a year of P2K2 sessions, activities and school attendance (each pendamping as the actor).
  if (opts.facilitation !== false) await seedDemoFacilitation(database, repos, data, at);
  // Graduation cases in every state (the real services take each family through the workflow).
  if (opts.facilitation !== false && opts.graduation !== false) {
    await seedDemoGraduation(database, protection, data.users.map((u) => ({ id: u.id, username: u.username, role: u.role, regionCode: u.regionCode })));
  }
  // A coded interview transcript, the peneliti's categories and the last demo month's notes (issue 9).
  if (opts.facilitation !== false && opts.research !== false) await seedDemoResearch(database, protection, data.users.map((u) => ({ id: u.id, username: u.username, role: u.role, regionCode: u.regionCode })));
  if (database.engine === 'postgres') await sql`analyze family_groups, family_group_members, p2k2_sessions, p2k2_attendance, activities, activity_tags, compliance_observations`.execute(database.db);
  else await sql`analyze`.execute(database.db);
  return { seeded: true, users, families: families.length };
}

/**
 * Membership ids derive from the person id (same timestamp, random tail inverted), so the demo data set is
 * identical on every engine and every run.
 */
function membershipIdFor(personId: string): string {
  const hex = personId.replace(/-/g, '');
  const tail = hex
    .slice(16)
    .split('')
    .map((c) => (15 - Number.parseInt(c, 16)).toString(16))
    .join('');
  const variant = ((Number.parseInt(tail[0], 16) & 0x3) | 0x8).toString(16);
  const h = hex.slice(0, 16) + variant + tail.slice(1);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
