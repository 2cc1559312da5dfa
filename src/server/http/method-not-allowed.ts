/**
 * A path that exists with other methods (`DELETE /api/v1/families`) answers 405 with `Allow`, not 404: one
 * rule in the not-found handling (app.ts), for every route, so no route declares it. Unknown paths stay 404.
 */
import type { FastifyInstance } from 'fastify';

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
