/**
 * A path that exists with other methods (`DELETE /api/v1/families`) answers 405 with `Allow`, not 404: one
 * rule in the not-found handling (app.ts), for every route, so no route declares it. Unknown paths stay 404.
 * Signed out, a protected address answers 401 instead (trackRouteAccess, signedOutCode below); HEAD is
 * answered wherever GET is (http/head-routes.ts), so it is never refused beside a GET.
 */
import '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_TOKEN_PREFIX, SESSION_COOKIE, sha256 } from '../auth/plugin';
import type { AppContext } from '../context';

/** The methods asked about, in the order `Allow` lists them. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The methods the routes answer at a request's address (its path; the query is ignored), in METHODS order;
 * empty when none. The web app's catch-all (`/*`, the static files and client-side routes) is not a route of
 * the address: every path would "exist" through it.
 */
export function allowedMethods(app: FastifyInstance, url: string): string[] {
  return METHODS.filter((method) => {
    try {
      const found = app.findRoute({ method, url });
      return found !== null && !Object.hasOwn(found.params ?? {}, '*');
    } catch {
      // An address the router cannot read is no route's.
      return false;
    }
  });
}

/**
 * Whether an address is behind the session check: a signed-out caller asking it with a method it does not
 * take gets the 401 every protected route gives (not 405 and its `Allow`: nothing more than 401 about what
 * is there), a signed-in one the 405. Public addresses (login, health, the rules calculators) keep their 405.
 * Learned from the routes as they are registered (`onRoute`): an address is public when every route that
 * takes it is (`config.public`, or outside /api/v1/, where the session check does not apply).
 */
export function trackRouteAccess(app: FastifyInstance): (url: string) => boolean {
  const routes: Array<{ pattern: RegExp; guarded: boolean }> = [];
  app.addHook('onRoute', (route) => {
    const source = route.url
      .split(/(:[A-Za-z0-9_]+|\*)/)
      .map((piece) => (piece === '*' ? '.*' : piece.startsWith(':') ? '[^/]+' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    routes.push({ pattern: new RegExp(`^${source}/?$`), guarded: route.url.startsWith('/api/v1/') && !route.config?.public });
  });
  return (url) => {
    const pathOnly = url.split('?')[0] ?? '';
    let decoded = pathOnly;
    try {
      decoded = decodeURIComponent(pathOnly);
    } catch {
      // as sent
    }
    const matched = routes.filter((r) => r.pattern.test(pathOnly) || r.pattern.test(decoded));
    // An address no pattern names as written (an escape the router reads otherwise): guarded under /api/v1/.
    if (matched.length === 0) return pathOnly.startsWith('/api/v1/');
    return matched.some((r) => r.guarded);
  };
}

/**
 * Who asks, as the session check (auth/plugin.ts) would tell: null when signed in (a live session cookie, or a
 * valid API token), else the code of the 401 that check answers (a bad token: token_invalid). Reads only:
 * nothing is touched or cached.
 */
export async function signedOutCode(ctx: AppContext, req: FastifyRequest): Promise<string | null> {
  const now = ctx.now();
  const nowIso = now.toISOString();
  const authorization = req.headers.authorization;
  // Another scheme (Basic from a reverse proxy) is not ours: as if there were none.
  if (authorization && /^Bearer(\s|$)/i.test(authorization)) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    const valid = token && token.length <= 200 && token.startsWith(API_TOKEN_PREFIX) ? await ctx.repos.auth.tokenWithUser(sha256(token), nowIso) : undefined;
    return valid ? null : 'error.token_invalid';
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie && cookie.length <= 200) {
    const idleSince = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000).toISOString();
    if (await ctx.repos.auth.sessionWithUser(sha256(cookie), nowIso, idleSince)) return null;
  }
  return 'error.unauthenticated';
}
