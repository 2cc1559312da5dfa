import { verifyAgainstDummy, verifyPassword } from '../auth/passwords';
import { newToken, sha256 } from '../auth/plugin';
import type { AppContext } from '../context';
import type { UserRow } from '../db/repositories/auth.repository';
import { actorOf } from '../db/repositories/audit.repository';
import type { Scope } from '../db/scope';
import { HttpError } from '../http/errors';

/** Contract: 10 failed logins for one username within 15 minutes lock that username for at most 15 minutes. */
export const USERNAME_MAX_FAILURES = 10;
export const USERNAME_WINDOW_MS = 15 * 60_000;
/** Per client address: high enough that an office behind one address is not locked out. */
export const IP_MAX_ATTEMPTS_PER_MINUTE = 120;

export interface LoginResult {
  user: UserRow;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function login(ctx: AppContext, username: string, password: string, clientIp: string, userAgent?: string): Promise<LoginResult> {
  const now = ctx.now();
  const nowIso = now.toISOString();
  const name = username.trim().toLowerCase();

  const fromIp = await ctx.repos.auth.attemptsFromIpSince(clientIp, new Date(now.getTime() - 60_000).toISOString());
  if (fromIp >= IP_MAX_ATTEMPTS_PER_MINUTE) {
    throw new HttpError(429, 'error.too_many_attempts', { minutes: 1 }, {}, { 'Retry-After': '60' });
  }
  const failures = await ctx.repos.auth.failedAttemptsSince(name, new Date(now.getTime() - USERNAME_WINDOW_MS).toISOString());
  if (failures.count >= USERNAME_MAX_FAILURES && failures.oldest) {
    const retryMs = Math.max(1000, new Date(failures.oldest).getTime() + USERNAME_WINDOW_MS - now.getTime());
    const seconds = Math.min(Math.ceil(retryMs / 1000), USERNAME_WINDOW_MS / 1000);
    throw new HttpError(429, 'error.too_many_attempts', { minutes: Math.ceil(seconds / 60) }, {}, { 'Retry-After': String(seconds) });
  }

  // The attempt is recorded as failed *before* the password is checked, and the failures are counted again,
  // so parallel guesses cannot all slip under the limit.
  const attemptId = await ctx.repos.auth.recordLoginAttempt(name, clientIp, false, nowIso);
  const recent = await ctx.repos.auth.failedAttemptsSince(name, new Date(now.getTime() - USERNAME_WINDOW_MS).toISOString());
  if (recent.count > USERNAME_MAX_FAILURES) {
    throw new HttpError(429, 'error.too_many_attempts', { minutes: 15 }, {}, { 'Retry-After': String(USERNAME_WINDOW_MS / 1000) });
  }
  const user = await ctx.repos.auth.userByUsername(name);
  const ok = user && user.active ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!ok || !user) {
    // Failures against a real account are audited (against unknown names, nothing worth keeping: it may be a mistyped password).
    if (user) {
      await ctx.repos.audit.append({ id: null, username: user.username, role: null, ip: clientIp }, nowIso, [
        { action: 'auth.login_failed', entity: 'user', recordId: user.id, regionCode: user.regionCode },
      ]);
    }
    throw new HttpError(401, 'error.bad_credentials');
  }
  await ctx.repos.auth.markLoginSucceeded(attemptId);
  await ctx.repos.auth.clearFailedAttempts(name);
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000);
  await ctx.repos.auth.createSession(
    {
    id: sha256(token),
    userId: user.id,
    csrfToken,
    createdAt: nowIso,
    expiresAt: expiresAt.toISOString(),
    clientIp,
      userAgent: userAgent?.slice(0, 300) ?? null,
    },
    {
      actor: { id: user.id, username: user.username, role: user.role, ip: clientIp },
      drafts: [{ action: 'auth.login', entity: 'user', recordId: user.id, regionCode: user.regionCode }],
    },
  );
  // Housekeeping that keeps the tables small; cheap indexed deletes.
  await ctx.repos.auth.deleteExpiredSessions(nowIso);
  await ctx.repos.auth.pruneLoginAttempts(new Date(now.getTime() - 24 * 3600_000).toISOString());
  return { user, token, csrfToken, expiresAt };
}

export async function logout(ctx: AppContext, token: string | undefined, scope: Scope | null) {
  if (!token) return;
  const audit = scope
    ? { actor: actorOf(scope), at: ctx.now().toISOString(), drafts: [{ action: 'auth.logout', entity: 'user', recordId: scope.userId, regionCode: scope.regionCode }] }
    : undefined;
  await ctx.repos.auth.deleteSession(sha256(token), audit);
}
