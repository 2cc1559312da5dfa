/**
 * Sessions: an opaque random token in an httpOnly cookie; the database keeps only its SHA-256, so a
 * leaked database cannot be replayed as sessions. State-changing requests carry X-CSRF-Token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import type { UserRow } from '../db/repositories/auth.repository';
import type { Scope } from '../db/scope';
import { millisecondsFrom } from '../config';
import { HttpError } from '../http/errors';
import { authGeneration } from '../db/repositories/auth-generation';
import { writeRefusedForRole } from './read-only-roles';

export const SESSION_COOKIE = 'titian_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | null;
    scope: Scope | null;
    csrfToken: string | null;
    /** The SHA-256 id of the request's session (null for tokens and anonymous requests). */
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (contract: "Public"). */
    public?: boolean;
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export function scopeOf(user: UserRow): Scope {
  return { userId: user.id, username: user.username, role: user.role, regionCode: user.regionCode };
}

/**
 * The scope of a user at a moment: who they are, plus the caseloads they cover through active
 * delegations (which expire by themselves: nothing needs to run when a cover ends).
 */
export async function resolveScope(ctx: AppContext, user: UserRow, extra: Pick<Scope, 'clientIp' | 'readOnly' | 'via'>): Promise<Scope> {
  const scope: Scope = { ...scopeOf(user), ...extra };
  if (user.role === 'pendamping') {
    const at = ctx.now().toISOString();
    scope.covering = coveringAt(await ctx.repos.access.coversOf(user.id, at), at);
  }
  return scope;
}

/** The delegators whose caseloads a set of covers opens at `at` (ISO instant). */
export function coveringAt(covers: ReadonlyArray<{ fromUserId: string; startsAt: string; endsAt: string }>, at: string): string[] {
  return [...new Set(covers.filter((c) => c.startsAt <= at && c.endsAt > at).map((c) => c.fromUserId))];
}

/**
 * A session as checked against the database a moment ago. Reused while it is younger than the
 * cache time, no auth write has happened in this process since (authGeneration), the session has
 * neither expired nor idled out by the request's clock, and it was read before; otherwise the
 * database is asked again. Other server processes' writes (a logout or deactivation elsewhere) are
 * seen within the cache time (TITIAN_SESSION_CACHE_MS, default 2,000 ms; 0 turns it off).
 */
interface CheckedSession {
  checkedAt: number;
  generation: number;
  csrfToken: string;
  lastSeenAt: string;
  expiresAt: string;
  user: UserRow;
  covers: Array<{ fromUserId: string; startsAt: string; endsAt: string }>;
}

const SESSION_CACHE_SIZE = 10_000;


export const API_TOKEN_PREFIX = 'titian_';
/** Session and token last-use times are written at most this often. */
const TOUCH_EVERY_MS = 60_000;

/** The scope of an authenticated request (routes behind the session check always have one). */
export function requireScope(req: FastifyRequest): Scope {
  if (!req.scope) throw new HttpError(401, 'error.unauthenticated');
  return req.scope;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function tokensEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('user', null);
  app.decorateRequest('scope', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionId', null);
  const cacheMs = millisecondsFrom(process.env.TITIAN_SESSION_CACHE_MS, 2_000);
  const checked = new Map<string, CheckedSession>();

  /** The session behind a cookie, from the short-lived cache or the database. */
  async function checkSession(sessionId: string, nowIso: string, idleSince: string): Promise<CheckedSession | undefined> {
    const clock = performance.now();
    const hit = checked.get(sessionId);
    if (hit && hit.generation === authGeneration() && clock - hit.checkedAt < cacheMs && hit.expiresAt > nowIso && hit.lastSeenAt > idleSince) return hit;
    const generation = authGeneration();
    const found = await ctx.repos.auth.sessionWithUser(sessionId, nowIso, idleSince);
    if (!found) {
      checked.delete(sessionId);
      return undefined;
    }
    const covers = found.user.role === 'pendamping' ? await ctx.repos.access.coversOf(found.user.id, nowIso) : [];
    const entry: CheckedSession = { checkedAt: clock, generation, ...found, covers };
    if (cacheMs > 0) {
      checked.delete(sessionId);
      if (checked.size >= SESSION_CACHE_SIZE) checked.delete(checked.keys().next().value!);
      checked.set(sessionId, entry);
    }
    return entry;
  }

  // Runs before body parsing and schema validation, so a request without a session answers 401 (and
  // one without its CSRF token 403) whatever its input.
  app.addHook('onRequest', async (req: FastifyRequest) => {
    // Keyed on the matched route, not the raw URL (which may be percent-encoded); unknown routes fall through to 404.
    if (!req.routeOptions.url?.startsWith('/api/v1/')) return;
    const now = ctx.now();
    const nowIso = now.toISOString();
    const bearer = bearerToken(req.headers.authorization);
    if (bearer !== undefined) {
      // An integration: the token stands for its user, scoped like them; no cookie, no CSRF.
      const found = bearer ? await ctx.repos.auth.tokenWithUser(sha256(bearer), nowIso) : undefined;
      if (!found) throw new HttpError(401, 'error.token_invalid');
      req.user = found.user;
      req.scope = await resolveScope(ctx, found.user, { clientIp: req.ip, readOnly: found.readOnly, via: 'token' });
      if (!found.lastUsedAt || now.getTime() - Date.parse(found.lastUsedAt) > TOUCH_EVERY_MS) await ctx.repos.auth.touchToken(found.tokenId, nowIso);
      if (found.readOnly && !SAFE_METHODS.has(req.method) && !req.routeOptions.config?.public) throw new HttpError(403, 'error.token_read_only');
      if (!SAFE_METHODS.has(req.method) && !req.routeOptions.config?.public && writeRefusedForRole(found.user.role, req.routeOptions.url)) throw new HttpError(403, 'error.role_read_only');
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token && token.length <= 200) {
      const idleSince = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000).toISOString();
      const sessionId = sha256(token);
      const found = await checkSession(sessionId, nowIso, idleSince);
      if (found) {
        req.user = found.user;
        req.scope = { ...scopeOf(found.user), clientIp: req.ip, via: 'session' };
        if (found.user.role === 'pendamping') req.scope.covering = coveringAt(found.covers, nowIso);
        req.csrfToken = found.csrfToken;
        req.sessionId = sessionId;
        if (now.getTime() - Date.parse(found.lastSeenAt) > TOUCH_EVERY_MS) {
          await ctx.repos.auth.touchSession(sessionId, nowIso);
          found.lastSeenAt = nowIso;
        }
      }
    }
    if (req.routeOptions.config?.public) return;
    if (!req.user) throw new HttpError(401, 'error.unauthenticated');
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !req.csrfToken || !tokensEqual(header, req.csrfToken)) {
        throw new HttpError(403, 'error.csrf');
      }
      if (writeRefusedForRole(req.user.role, req.routeOptions.url)) throw new HttpError(403, 'error.role_read_only');
    }
  });
}

/** The token of an `Authorization: Bearer ...` header: undefined without one (or another scheme), '' when malformed. */
function bearerToken(header: string | undefined): string | undefined {
  // Other schemes (e.g. Basic from a reverse proxy) are not ours: the request goes on as if there were none.
  if (!header || !/^Bearer(\s|$)/i.test(header)) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m || m[1]!.length > 200 || !m[1]!.startsWith(API_TOKEN_PREFIX)) return '';
  return m[1];
}

export function setSessionCookie(reply: FastifyReply, ctx: AppContext, token: string, expires: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.secureCookies,
    expires,
  });
}

export function clearSessionCookie(reply: FastifyReply, ctx: AppContext) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies });
}
