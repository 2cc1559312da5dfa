import type { Kysely } from 'kysely';
import type { Role } from '../../../domain/types';
import { likeContains } from '../like';
import type { DB } from '../schema';
import { type AuditActor, type AuditDraft, appendAudit } from './audit.repository';
import { authChanged } from './auth-generation';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  regionCode: string | null;
  active: boolean;
}

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  active: boolean;
  createdAt: string;
  passwordChangedAt: string | null;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  regionCode?: string | null;
  active?: boolean;
  passwordHash?: string;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  clientIp: string | null;
  userAgent: string | null;
}

export interface TokenInfo {
  id: string;
  userId: string;
  username: string;
  name: string;
  readOnly: boolean;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface UserListFilter {
  id?: string;
  role?: Role;
  /** Users whose region lies in this one. */
  regionCode?: string;
  q?: string;
  active?: boolean;
  limit: number;
  offset: number;
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

  /** Stores a session (and, in the same transaction, its audit entries). */
  async createSession(
    s: {
      id: string;
      userId: string;
      csrfToken: string;
      createdAt: string;
      expiresAt: string;
      clientIp: string | null;
      userAgent: string | null;
    },
    audit?: { actor: AuditActor; drafts: AuditDraft[] },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          id: s.id,
          user_id: s.userId,
          csrf_token: s.csrfToken,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
          last_seen_at: s.createdAt,
          client_ip: s.clientIp,
          user_agent: s.userAgent,
        })
        .execute();
      if (audit) await appendAudit(trx, audit.actor, s.createdAt, audit.drafts);
    });
  }

  /**
   * The session and its active user, if the session exists, has not expired and has been used since
   * `idleSince` (an idle session ends by itself).
   */
  async sessionWithUser(id: string, now: string, idleSince?: string): Promise<{ csrfToken: string; lastSeenAt: string; expiresAt: string; user: UserRow } | undefined> {
    const r = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.csrf_token as csrfToken',
        'sessions.last_seen_at as lastSeenAt',
        'sessions.expires_at as expiresAt',
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
      .$if(idleSince !== undefined, (q) => q.where('sessions.last_seen_at', '>', idleSince!))
      .where('users.active', '=', 1)
      .executeTakeFirst();
    if (!r) return undefined;
    const { csrfToken, lastSeenAt, expiresAt, ...user } = r;
    return { csrfToken, lastSeenAt, expiresAt, user: toUser(user) };
  }

  async touchSession(id: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  /** A user's open sessions: not expired, and used since `idleSince` (an idle one has ended, as sessionWithUser says). */
  async sessionsOf(userId: string, now: string, idleSince: string): Promise<SessionInfo[]> {
    return this.db
      .selectFrom('sessions')
      .select(['id', 'created_at as createdAt', 'last_seen_at as lastSeenAt', 'expires_at as expiresAt', 'client_ip as clientIp', 'user_agent as userAgent'])
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', idleSince)
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  /**
   * Ends every session of a user (except `keep`, the caller's own). Returns how many ended. With `audit`,
   * its entry (given the count) is written in the same transaction.
   */
  async revokeSessions(userId: string, keep?: string, audit?: { actor: AuditActor; at: string; draft: (ended: number) => AuditDraft }): Promise<number> {
    const run = async (trx: Kysely<DB>) => {
      const r = await trx
        .deleteFrom('sessions')
        .where('user_id', '=', userId)
        .$if(keep !== undefined, (q) => q.where('id', '!=', keep!))
        .executeTakeFirst();
      const ended = Number(r.numDeletedRows);
      if (audit) await appendAudit(trx, audit.actor, audit.at, [audit.draft(ended)]);
      return ended;
    };
    // Inside a caller's transaction the caller marks the change once it commits (updateUser does).
    if (this.db.isTransaction) return run(this.db);
    try {
      return await this.db.transaction().execute(run);
    } finally {
      authChanged();
    }
  }

  async deleteUserSession(userId: string, sessionId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '=', sessionId).executeTakeFirst();
    authChanged();
    return Number(r.numDeletedRows) > 0;
  }

  // ---- users (admin-managed) ----------------------------------------------------------------------

  async listUsers(f: UserListFilter): Promise<{ items: UserSummary[]; total: number }> {
    let q = this.db.selectFrom('users');
    if (f.id) q = q.where('id', '=', f.id);
    if (f.role) q = q.where('role', '=', f.role);
    if (f.regionCode) {
      const region = f.regionCode;
      q = q.where((eb) => eb.or([eb('region_code', '=', region), eb('region_code', 'like', `${region}.%`)]));
    }
    if (f.active !== undefined) q = q.where('active', '=', f.active ? 1 : 0);
    if (f.q) {
      // `%` and `_` are searched for as themselves (escaped, with the same ESCAPE clause on both engines).
      const text = f.q.toLowerCase();
      q = q.where((eb) => eb.or([likeContains(eb.ref('username'), text), likeContains(eb.fn('lower', ['display_name']), text)]));
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .select([
        'id',
        'username',
        'display_name as displayName',
        'role',
        'region_code as regionCode',
        'active',
        'created_at as createdAt',
        'password_changed_at as passwordChangedAt',
      ])
      .orderBy('username')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { total: Number(total.n), items: rows.map((r) => ({ ...r, role: r.role as Role, active: r.active === 1 })) };
  }

  /**
   * The names of staff (username, display name, role) in one query, by username: admins always; with `regions`,
   * users whose region is exactly one of those codes; with `within`, users whose region is that code or lies
   * inside it. `'all'`: every user. Deactivated users are included (their names stay on the records they made).
   */
  async userNames(f: { regions: readonly string[]; within: string | null } | 'all'): Promise<Array<{ username: string; displayName: string; role: Role }>> {
    let q = this.db.selectFrom('users').select(['username', 'display_name as displayName', 'role']);
    if (f !== 'all') {
      const { regions, within } = f;
      q = q.where((eb) =>
        eb.or([
          eb('role', '=', 'admin'),
          ...(regions.length > 0 ? [eb('region_code', 'in', [...regions])] : []),
          ...(within ? [eb('region_code', '=', within), eb('region_code', 'like', `${within}.%`)] : []),
        ]),
      );
    }
    const rows = await q.orderBy('username').execute();
    return rows.map((r) => ({ username: r.username, displayName: r.displayName, role: r.role as Role }));
  }

  /** Creates a user, audited. */
  async createUser(u: NewUser, actor: AuditActor, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await new AuthRepository(trx).insertUsers([u], at);
      await trx.updateTable('users').set({ password_changed_at: at }).where('id', '=', u.id).execute();
      await appendAudit(trx, actor, at, [
        { action: 'user.create', entity: 'user', recordId: u.id, regionCode: u.regionCode, after: { username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode } },
      ]);
    });
  }

  /**
   * Changes a user, audited (a password change is recorded as such, never its hash). Deactivating a user
   * or changing their password, role or region ends their sessions and tokens' use at once.
   */
  async updateUser(id: string, c: UserChanges, actor: AuditActor, at: string, keepSession?: string): Promise<boolean> {
    try {
      return await this.updateUserNow(id, c, actor, at, keepSession);
    } finally {
      authChanged();
    }
  }

  private async updateUserNow(id: string, c: UserChanges, actor: AuditActor, at: string, keepSession?: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
      if (!before) return false;
      const set = Object.fromEntries(
        Object.entries({
          display_name: c.displayName,
          role: c.role,
          region_code: c.regionCode,
          active: c.active === undefined ? undefined : ((c.active ? 1 : 0) as 0 | 1),
          password_hash: c.passwordHash,
          password_changed_at: c.passwordHash ? at : undefined,
        }).filter(([, v]) => v !== undefined),
      );
      await trx
        .updateTable('users')
        .set({ ...set, updated_at: at })
        .where('id', '=', id)
        .execute();
      const was = toUser(before);
      const diffBefore: Record<string, unknown> = {};
      const diffAfter: Record<string, unknown> = {};
      for (const key of ['displayName', 'role', 'regionCode', 'active'] as const) {
        if (c[key] !== undefined && c[key] !== was[key]) {
          diffBefore[key] = was[key];
          diffAfter[key] = c[key];
        }
      }
      if (c.passwordHash) diffAfter.password = 'changed';
      const drafts: AuditDraft[] = [{ action: 'user.update', entity: 'user', recordId: id, regionCode: c.regionCode ?? was.regionCode, before: diffBefore, after: diffAfter }];
      const accessChanged = c.passwordHash !== undefined || 'role' in diffAfter || 'regionCode' in diffAfter || c.active === false;
      if (accessChanged) {
        await new AuthRepository(trx).revokeSessions(id, keepSession);
        if (c.active === false || 'role' in diffAfter || 'regionCode' in diffAfter) {
          await trx.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
          // Cover given or received ends too: it was granted for the user's old place and role.
          const ended = await trx
            .updateTable('delegations')
            .set({ revoked_at: at, revoked_by: actor.id })
            .where((eb) => eb.or([eb('from_user_id', '=', id), eb('to_user_id', '=', id)]))
            .where('revoked_at', 'is', null)
            .where('ends_at', '>', at)
            .returning('id')
            .execute();
          for (const d of ended) {
            drafts.push({ action: 'delegation.revoke', entity: 'delegation', recordId: d.id, regionCode: was.regionCode, after: { revokedAt: at, reason: 'user_access_changed' } });
          }
        }
      }
      await appendAudit(trx, actor, at, drafts);
      return true;
    });
  }

  // ---- API tokens ---------------------------------------------------------------------------------

  async createToken(t: { id: string; userId: string; name: string; tokenHash: string; readOnly: boolean; expiresAt: string | null }, actor: AuditActor, at: string, regionCode: string | null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('api_tokens')
        .values({
          id: t.id,
          user_id: t.userId,
          name: t.name,
          token_hash: t.tokenHash,
          read_only: t.readOnly ? 1 : 0,
          created_at: at,
          created_by: actor.id,
          expires_at: t.expiresAt,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
      await appendAudit(trx, actor, at, [
        { action: 'token.create', entity: 'api_token', recordId: t.id, regionCode, after: { userId: t.userId, name: t.name, readOnly: t.readOnly, expiresAt: t.expiresAt } },
      ]);
    });
  }

  /** The token's user, if the token is live (not revoked, not expired) and the user active. */
  async tokenWithUser(tokenHash: string, now: string): Promise<{ tokenId: string; readOnly: boolean; lastUsedAt: string | null; user: UserRow } | undefined> {
    const r = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([
        'api_tokens.id as tokenId',
        'api_tokens.read_only as readOnly',
        'api_tokens.last_used_at as lastUsedAt',
        'users.id',
        'users.username',
        'users.display_name as displayName',
        'users.password_hash as passwordHash',
        'users.role',
        'users.region_code as regionCode',
        'users.active',
      ])
      .where('api_tokens.token_hash', '=', tokenHash)
      .where('api_tokens.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
      .where('users.active', '=', 1)
      .executeTakeFirst();
    if (!r) return undefined;
    const { tokenId, readOnly, lastUsedAt, ...user } = r;
    return { tokenId, readOnly: readOnly === 1, lastUsedAt, user: toUser(user) };
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  /** Tokens of one user, or of every user (userId undefined), or one token by id. */
  async listTokens(userId: string | undefined, tokenId?: string): Promise<TokenInfo[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([
        'api_tokens.id',
        'api_tokens.user_id as userId',
        'users.username',
        'api_tokens.name',
        'api_tokens.read_only as readOnly',
        'api_tokens.created_at as createdAt',
        'api_tokens.expires_at as expiresAt',
        'api_tokens.last_used_at as lastUsedAt',
        'api_tokens.revoked_at as revokedAt',
      ])
      .$if(userId !== undefined, (q) => q.where('api_tokens.user_id', '=', userId!))
      .$if(tokenId !== undefined, (q) => q.where('api_tokens.id', '=', tokenId!))
      .orderBy('api_tokens.created_at', 'desc')
      .execute();
    return rows.map((r) => ({ ...r, readOnly: r.readOnly === 1 }));
  }

  async tokenById(id: string): Promise<TokenInfo | undefined> {
    return (await this.listTokens(undefined, id))[0];
  }

  async revokeToken(id: string, actor: AuditActor, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).returning('user_id').executeTakeFirst();
      if (!r) return false;
      await appendAudit(trx, actor, at, [{ action: 'token.revoke', entity: 'api_token', recordId: id, after: { userId: r.user_id } }]);
      return true;
    });
  }

  async deleteSession(id: string, audit?: { actor: AuditActor; at: string; drafts: AuditDraft[] }): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sessions').where('id', '=', id).execute();
        if (audit) await appendAudit(trx, audit.actor, audit.at, audit.drafts);
      });
    } finally {
      authChanged();
    }
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    authChanged();
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
