/**
 * Accounts: admin-managed users and roles, password changes under the policy, sessions and API tokens.
 * Every change is audited in the same transaction as the change.
 */
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../domain/ids';
import { regionFitsRole } from '../../domain/roles';
import type { Role } from '../../domain/types';
import type { UserCreateInput, UserPatchInput } from '../../shared/schemas/access';
import { API_TOKEN_PREFIX, sha256 } from '../auth/plugin';
import { checkPasswordPolicy } from '../auth/password-policy';
import { hashPassword, verifyPassword } from '../auth/passwords';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import type { UserSummary } from '../db/repositories/auth.repository';
import { regionContains, type Scope } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { USERNAME_MAX_FAILURES, USERNAME_WINDOW_MS } from './auth.service';

function requireAdmin(scope: Scope) {
  if (scope.role !== 'admin' || scope.readOnly) throw forbidden();
}

/** Who may look users up: admin (all), coordinators and auditors (their region), to pick pendamping and read trails. */
function userListRegion(scope: Scope): string | null | 'none' {
  if (scope.role === 'admin') return null;
  if (scope.role === 'koordinator_kecamatan' || scope.role === 'koordinator_kota' || scope.role === 'auditor') return scope.regionCode ?? 'none';
  return 'none';
}

function passwordErrors(password: string, username: string, displayName: string) {
  const problems = checkPasswordPolicy(password, { username, displayName });
  if (problems.length > 0) {
    throw new HttpError(422, 'error.password_policy', {}, { password: { key: problems[0]!.code, params: problems[0]!.params } });
  }
}

async function validateRoleRegion(ctx: AppContext, role: Role, regionCode: string | null | undefined, fields: Record<string, string | { key: string; params?: Record<string, string | number> }>) {
  if (role === 'admin') return null;
  if (!regionCode) {
    fields.regionCode = 'validation.region_required';
    return null;
  }
  if (!(await ctx.repos.regions.get(regionCode))) {
    fields.regionCode = { key: 'error.region_not_found', params: { code: regionCode } };
    return null;
  }
  if (!regionFitsRole(role, regionCode)) fields.regionCode = { key: 'validation.region_level_for_role', params: { role } };
  return regionCode;
}

function present(u: UserSummary) {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode, active: u.active, createdAt: u.createdAt, passwordChangedAt: u.passwordChangedAt };
}

export async function listUsers(ctx: AppContext, scope: Scope, q: { role?: Role; region?: string; q?: string; active?: 'true' | 'false'; limit: number; offset: number }) {
  const within = userListRegion(scope);
  if (within === 'none') throw forbidden();
  let region = q.region;
  if (within !== null) {
    if (region && !regionContains(within, region)) return { items: [], total: 0 };
    region = region ?? within;
  }
  const result = await ctx.repos.auth.listUsers({ role: q.role, regionCode: region, q: q.q, active: q.active === undefined ? undefined : q.active === 'true', limit: q.limit, offset: q.offset });
  return { items: result.items.map(present), total: result.total };
}

/** The strict ancestors of a region code: 32.76.02.1009 → 32, 32.76, 32.76.02. */
function regionAncestors(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

/**
 * The names of the staff who can appear on the caller's records (who recorded, proposed, decided), so that
 * screens show names rather than usernames to roles that may not list users. A pendamping: their
 * coordinators and auditors (regions above theirs), admins and the staff of their kecamatan (families handed
 * over). Coordinators and auditors: their region, the regions above it and admins. Admin: everyone.
 * Researchers: refused (they see pseudonyms by design). Only usernames, display names and roles.
 */
export async function userNames(ctx: AppContext, scope: Scope) {
  if (scope.role === 'peneliti') throw forbidden();
  if (scope.role === 'admin') return { items: await ctx.repos.auth.userNames('all') };
  const region = scope.regionCode;
  if (!region) return { items: await ctx.repos.auth.userNames({ regions: [], within: null }) };
  const within = scope.role === 'pendamping' ? region.split('.').slice(0, 3).join('.') : region;
  return { items: await ctx.repos.auth.userNames({ regions: regionAncestors(region), within }) };
}

export async function getUser(ctx: AppContext, scope: Scope, id: string) {
  const within = userListRegion(scope);
  if (within === 'none') throw forbidden();
  const user = await ctx.repos.auth.userById(id);
  if (!user || (within !== null && !(user.regionCode && regionContains(within, user.regionCode)))) throw notFound();
  const [full] = (await ctx.repos.auth.listUsers({ id, limit: 1, offset: 0 })).items;
  return present(full!);
}

export async function createUser(ctx: AppContext, scope: Scope, input: UserCreateInput) {
  requireAdmin(scope);
  const fields: Record<string, string | { key: string; params?: Record<string, string | number> }> = {};
  const regionCode = await validateRoleRegion(ctx, input.role, input.regionCode, fields);
  if (Object.keys(fields).length) throw new HttpError(422, 'error.validation', {}, fields);
  const displayName = input.displayName ?? input.username;
  passwordErrors(input.password, input.username, displayName);
  if (await ctx.repos.auth.userByUsername(input.username)) throw new HttpError(409, 'error.username_taken', { username: input.username });
  const id = uuidv7();
  await ctx.repos.auth.createUser(
    { id, username: input.username, displayName, passwordHash: await hashPassword(input.password), role: input.role, regionCode },
    actorOf(scope),
    ctx.now().toISOString(),
  );
  return getUser(ctx, scope, id);
}

export async function updateUser(ctx: AppContext, scope: Scope, id: string, patch: UserPatchInput) {
  requireAdmin(scope);
  const user = await ctx.repos.auth.userById(id);
  if (!user) throw notFound();
  // An admin cannot lock themselves out (the last way back in would be the command line).
  if (id === scope.userId && (patch.active === false || (patch.role && patch.role !== 'admin'))) throw new HttpError(422, 'error.self_lockout');
  const role = patch.role ?? user.role;
  const fields: Record<string, string | { key: string; params?: Record<string, string | number> }> = {};
  const regionCode = patch.regionCode !== undefined || patch.role !== undefined ? await validateRoleRegion(ctx, role, patch.regionCode === undefined ? user.regionCode : patch.regionCode, fields) : undefined;
  if (Object.keys(fields).length) throw new HttpError(422, 'error.validation', {}, fields);
  if (patch.password !== undefined) {
    // A token never sets passwords, and an admin changes their own through /me/password (current password first).
    if (scope.via === 'token') throw forbidden();
    if (id === scope.userId) throw new HttpError(422, 'error.validation', {}, { password: 'error.own_password_via_me' });
    passwordErrors(patch.password, user.username, patch.displayName ?? user.displayName);
  }
  // A pendamping only holds families where they work: moving them (or giving them another role) waits until
  // the families they would leave behind are transferred.
  if (user.role === 'pendamping' && (role !== 'pendamping' || (regionCode !== undefined && regionCode !== user.regionCode))) {
    const stranded = await ctx.repos.access.familiesOutsideRegion(user.id, role === 'pendamping' ? (regionCode ?? null) : null);
    if (stranded > 0) throw new HttpError(422, 'error.pendamping_has_families', { count: stranded, username: user.username });
  }
  await ctx.repos.auth.updateUser(
    id,
    {
      displayName: patch.displayName,
      role: patch.role,
      regionCode: regionCode === undefined ? undefined : role === 'admin' ? null : regionCode,
      active: patch.active,
      passwordHash: patch.password === undefined ? undefined : await hashPassword(patch.password),
    },
    actorOf(scope),
    ctx.now().toISOString(),
  );
  return getUser(ctx, scope, id);
}

export async function revokeUserSessions(ctx: AppContext, scope: Scope, id: string) {
  requireAdmin(scope);
  const user = await ctx.repos.auth.userById(id);
  if (!user) throw notFound();
  const ended = await ctx.repos.auth.revokeSessions(id, undefined, {
    actor: actorOf(scope),
    at: ctx.now().toISOString(),
    draft: (n) => ({ action: 'user.sessions_revoked', entity: 'user', recordId: id, regionCode: user.regionCode, after: { ended: n } }),
  });
  return { ended };
}

export async function changeOwnPassword(ctx: AppContext, scope: Scope, sessionId: string | null, currentPassword: string, newPassword: string) {
  if (scope.via === 'token') throw forbidden();
  const user = await ctx.repos.auth.userById(scope.userId);
  if (!user) throw notFound();
  // Guessing the current password from a hijacked session is limited like logins (same counter).
  const now = ctx.now();
  const since = new Date(now.getTime() - USERNAME_WINDOW_MS).toISOString();
  // Recorded as failed first, then counted (as login does), so parallel guesses cannot slip under the limit.
  const attempt = await ctx.repos.auth.recordLoginAttempt(user.username, scope.clientIp ?? 'unknown', false, now.toISOString());
  if ((await ctx.repos.auth.failedAttemptsSince(user.username, since)).count > USERNAME_MAX_FAILURES) {
    throw new HttpError(429, 'error.too_many_attempts', { minutes: 15 }, {}, { 'Retry-After': String(USERNAME_WINDOW_MS / 1000) });
  }
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new HttpError(422, 'error.validation', {}, { currentPassword: 'error.current_password_wrong' });
  }
  await ctx.repos.auth.markLoginSucceeded(attempt);
  passwordErrors(newPassword, user.username, user.displayName);
  // Other sessions end (someone who knew the old password is logged out); this one stays.
  await ctx.repos.auth.updateUser(user.id, { passwordHash: await hashPassword(newPassword) }, actorOf(scope), ctx.now().toISOString(), sessionId ?? undefined);
  return { changed: true };
}

export async function ownSessions(ctx: AppContext, scope: Scope, sessionId: string | null) {
  if (scope.via === 'token') throw forbidden();
  const now = ctx.now();
  // Sessions unused for longer than the idle limit have ended (the next request with one is refused).
  const idleSince = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000).toISOString();
  const sessions = await ctx.repos.auth.sessionsOf(scope.userId, now.toISOString(), idleSince);
  // Session ids are hashes of the cookie; a short prefix is enough to tell them apart and to end one.
  return {
    items: sessions.map((s) => ({
      id: s.id.slice(0, 16),
      current: s.id === sessionId,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      clientIp: s.clientIp,
      userAgent: s.userAgent,
    })),
    total: sessions.length,
  };
}

/** Ends the user's other sessions ("log out everywhere else"). */
export async function endOtherSessions(ctx: AppContext, scope: Scope, sessionId: string | null) {
  // Sessions belong to people at a browser; an integration token has none of its own to keep.
  if (scope.via === 'token' || !sessionId) throw forbidden();
  const ended = await ctx.repos.auth.revokeSessions(scope.userId, sessionId, {
    actor: actorOf(scope),
    at: ctx.now().toISOString(),
    draft: (n) => ({ action: 'user.sessions_revoked', entity: 'user', recordId: scope.userId, regionCode: scope.regionCode, after: { ended: n, own: true } }),
  });
  return { ended };
}

// ---- API tokens ---------------------------------------------------------------------------------

export async function createToken(ctx: AppContext, scope: Scope, input: { name: string; readOnly?: boolean; expiresInDays?: number; username?: string }) {
  // A token cannot mint tokens (a read-only token must not become a writing one).
  if (scope.via === 'token') throw forbidden();
  let owner = { id: scope.userId, regionCode: scope.regionCode, username: scope.username };
  if (input.username && input.username !== scope.username) {
    requireAdmin(scope);
    const u = await ctx.repos.auth.userByUsername(input.username);
    if (!u || !u.active) throw new HttpError(422, 'error.validation', {}, { username: { key: 'error.user_unknown', params: { username: input.username } } });
    owner = { id: u.id, regionCode: u.regionCode, username: u.username };
  }
  const now = ctx.now();
  const id = uuidv7();
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + (input.expiresInDays ?? 90) * 86_400_000).toISOString();
  await ctx.repos.auth.createToken(
    { id, userId: owner.id, name: input.name, tokenHash: sha256(token), readOnly: input.readOnly ?? false, expiresAt },
    actorOf(scope),
    now.toISOString(),
    owner.regionCode,
  );
  // The token itself is shown once; only its hash is kept.
  return { id, token, name: input.name, username: owner.username, readOnly: input.readOnly ?? false, expiresAt };
}

export async function listTokens(ctx: AppContext, scope: Scope, all: boolean) {
  const items = await ctx.repos.auth.listTokens(all && scope.role === 'admin' ? undefined : scope.userId);
  return { items, total: items.length };
}

export async function revokeToken(ctx: AppContext, scope: Scope, id: string) {
  const token = await ctx.repos.auth.tokenById(id);
  if (!token || (token.userId !== scope.userId && scope.role !== 'admin')) throw notFound();
  await ctx.repos.auth.revokeToken(id, actorOf(scope), ctx.now().toISOString());
}
