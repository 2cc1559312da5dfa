/**
 * HEAD on every GET route: the GET's status and headers (Content-Type, Content-Disposition, Content-Encoding,
 * Vary, Content-Length where the GET sends one), no body. Every HEAD route is made here (Fastify's own are
 * off: `exposeHeadRoutes: false` in app.ts): Fastify's cut the body in an onSend hook that ran before
 * @fastify/compress's, so the HEAD of a compressed answer had no Content-Encoding or Vary and gave the
 * uncompressed length; and it read a download's stream to the end (the whole export, thrown away). Here the
 * body is cut after every other onSend hook (registerHeadCut, after @fastify/compress), so the HEAD's headers
 * are the GET's for the same request headers (RFC 9110 §9.3.2), and no HEAD streams a body it will not send:
 * a download's stream is closed before it is read, so the file is never produced (an export's rows never
 * read, its audit entry never written: nothing was exported). The checks before the stream (scope, filters,
 * the file's name) still run, and nothing more (an analytics file's table is built by its GET only: the
 * analytics routes).
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler, RouteOptions } from 'fastify';

const isNodeStream = (payload: unknown): payload is Readable =>
  typeof payload === 'object' && payload !== null && typeof (payload as { pipe?: unknown }).pipe === 'function';

/**
 * The end of a HEAD answer, after every other onSend hook (compression included): the length of a body that
 * is there (an uncompressed JSON answer's), none for a stream (chunked, as its GET: a compressed answer, a
 * download); no body either way. A stream here is compression's over a body already in memory or over a
 * download's empty stand-in (below): reading it to its end reads no download.
 */
function headAnswer(_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, value?: unknown) => void) {
  if (payload === undefined) {
    reply.header('content-length', '0');
  } else if (isNodeStream(payload)) {
    payload.resume();
  } else if (payload !== null && typeof (payload as { getReader?: unknown }).getReader !== 'function') {
    reply.header('content-length', String(Buffer.byteLength(payload as string | Buffer)));
  }
  done(null, null);
}

const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Marks the HEAD routes made here, for registerHeadCut. */
const HEAD_OF_GET = Symbol('titian.headOfGet');
type HeadRoute = RouteOptions & { [HEAD_OF_GET]?: true };

/**
 * Registered before any route and before @fastify/compress: a HEAD route beside each GET route (from the
 * GET's options as declared, before compression's hooks are added to them; the HEAD route gets its own).
 */
export function registerHeadRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions & { routePath?: string }) {
    if (route.method !== 'GET' || this.hasRoute({ method: 'HEAD', url: route.url })) return;
    const { method: _get, exposeHeadRoute: _off, url: _url, path: _path, prefix: _prefix, routePath, ...rest } = route as RouteOptions & { path?: string; prefix?: string; routePath?: string };
    // The hook lists copied: plugins add to a route's lists in place (compression's onRequest and onSend).
    const own = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
    this.route({ ...own, method: 'HEAD', url: routePath ?? route.url, [HEAD_OF_GET]: true } as HeadRoute);
  });
  // A HEAD's streamed body is closed unread (a download's file never produced); an empty stream stands for
  // it, so compression and the end of the answer treat it as the GET's stream (no Content-Length of its own).
  app.addHook('onSend', (req, _reply, payload, done) => {
    if (req.method !== 'HEAD' || !isNodeStream(payload)) return done(null, payload);
    payload.destroy();
    done(null, Readable.from([]));
  });
}

/**
 * Registered after @fastify/compress (whose onRoute hook adds its onSend hook to each route): the body of each
 * HEAD route made by registerHeadRoutes is cut last, once compression has set Content-Encoding, Vary and the
 * length as for the GET.
 */
export function registerHeadCut(app: FastifyInstance): void {
  app.addHook('onRoute', (route: HeadRoute) => {
    if (route.method === 'HEAD' && route[HEAD_OF_GET]) route.onSend = [...asList(route.onSend), headAnswer as onSendHookHandler];
  });
}
