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
import { HttpError } from '../http/errors';

export const SESSION_COOKIE = 'titian_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | null;
    scope: Scope | null;
    csrfToken: string | null;
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

  // Runs before body parsing and schema validation, so a request without a session answers 401 (and
  // one without its CSRF token 403) whatever its input.
  app.addHook('onRequest', async (req: FastifyRequest) => {
    // Keyed on the matched route, not the raw URL (which may be percent-encoded); unknown routes fall through to 404.
    if (!req.routeOptions.url?.startsWith('/api/v1/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (token && token.length <= 200) {
      const found = await ctx.repos.auth.sessionWithUser(sha256(token), ctx.now().toISOString());
      if (found) {
        req.user = found.user;
        req.scope = scopeOf(found.user);
        req.csrfToken = found.csrfToken;
      }
    }
    if (req.routeOptions.config?.public) return;
    if (!req.user) throw new HttpError(401, 'error.unauthenticated');
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !req.csrfToken || !tokensEqual(header, req.csrfToken)) {
        throw new HttpError(403, 'error.csrf');
      }
    }
  });
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
