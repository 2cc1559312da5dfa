import type { Kysely } from 'kysely';
import type { Role } from '../../../domain/types';
import type { DB } from '../schema';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  regionCode: string | null;
  active: boolean;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  regionCode: string | null;
}

const userColumns = [
  'id',
  'username',
  'display_name as displayName',
  'password_hash as passwordHash',
  'role',
  'region_code as regionCode',
  'active',
] as const;

function toUser(r: { id: string; username: string; displayName: string; passwordHash: string; role: string; regionCode: string | null; active: number }): UserRow {
  return { ...r, role: r.role as Role, active: r.active === 1 };
}

export class AuthRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async userByUsername(username: string): Promise<UserRow | undefined> {
    const r = await this.db.selectFrom('users').select(userColumns).where('username', '=', username).executeTakeFirst();
    return r && toUser(r);
  }

  async userById(id: string): Promise<UserRow | undefined> {
    const r = await this.db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
    return r && toUser(r);
  }

  async usersByIds(ids: string[]): Promise<Map<string, UserRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(userColumns).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, toUser(r)]));
  }

  async countUsers(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insertUsers(users: NewUser[], at: string): Promise<void> {
    if (users.length === 0) return;
    await this.db
      .insertInto('users')
      .values(
        users.map((u) => ({
          id: u.id,
          username: u.username,
          display_name: u.displayName,
          password_hash: u.passwordHash,
          role: u.role,
          region_code: u.regionCode,
          active: 1 as const,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
  }

  async createSession(s: { id: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.createdAt, expires_at: s.expiresAt, last_seen_at: s.createdAt })
      .execute();
  }

  /** The session and its active user, if the session exists and has not expired. */
  async sessionWithUser(id: string, now: string): Promise<{ csrfToken: string; user: UserRow } | undefined> {
    const r = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.csrf_token as csrfToken',
        'users.id',
        'users.username',
        'users.display_name as displayName',
        'users.password_hash as passwordHash',
        'users.role',
        'users.region_code as regionCode',
        'users.active',
      ])
      .where('sessions.id', '=', id)
      .where('sessions.expires_at', '>', now)
      .where('users.active', '=', 1)
      .executeTakeFirst();
    if (!r) return undefined;
    const { csrfToken, ...user } = r;
    return { csrfToken, user: toUser(user) };
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }

  async recordLoginAttempt(username: string, clientIp: string, ok: boolean, at: string): Promise<number> {
    const r = await this.db
      .insertInto('login_attempts')
      .values({ username, client_ip: clientIp, ok: ok ? 1 : 0, at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async markLoginSucceeded(attemptId: number): Promise<void> {
    await this.db.updateTable('login_attempts').set({ ok: 1 }).where('id', '=', attemptId).execute();
  }

  async failedAttemptsSince(username: string, since: string): Promise<{ count: number; oldest: string | null }> {
    const r = await this.db
      .selectFrom('login_attempts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
      .where('username', '=', username)
      .where('ok', '=', 0)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return { count: Number(r.n), oldest: (r.oldest as string | null) ?? null };
  }

  async attemptsFromIpSince(clientIp: string, since: string): Promise<number> {
    const r = await this.db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_ip', '=', clientIp)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async clearFailedAttempts(username: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('username', '=', username).where('ok', '=', 0).execute();
  }

  async pruneLoginAttempts(before: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('at', '<', before).execute();
  }
}
