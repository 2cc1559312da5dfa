import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerAuth } from './auth/plugin';
import type { AppContext } from './context';
import { errorBody, errorHandler, HttpError, redactDigits, requestLang } from './http/errors';
import { handleClientError } from './http/client-errors';
import { registerHeadCut, registerHeadRoutes } from './http/head-routes';
import { allowedMethods, signedOutCode, trackRouteAccess } from './http/method-not-allowed';
import { registerSecurityHeaders } from './http/security-headers';
import { registerTurnBatchedWrites } from './http/turn-batched-writes';
import { registerFreeTextMasking } from './http/free-text';
import { configRoutes } from './routes/config/routes';
import { accessRoutes } from './routes/access/routes';
import { activityRoutes } from './routes/activities/routes';
import { attachmentRoutes } from './routes/attachments/routes';
import { auditRoutes } from './routes/audit/routes';
import { authRoutes } from './routes/auth/routes';
import { casePlanRoutes } from './routes/case-plans/routes';
import { complianceRoutes } from './routes/compliance/routes';
import { dataUpdateRoutes } from './routes/data-updates/routes';
import { graduationRoutes } from './routes/graduation/routes';
import { graduationDocumentRoutes } from './routes/graduation-documents/routes';
import { groupRoutes } from './routes/groups/routes';
import { snapshotRoutes } from './routes/snapshots/routes';
import { tokenRoutes } from './routes/tokens/routes';
import { userRoutes } from './routes/users/routes';
import { familyRoutes } from './routes/families/routes';
import { healthRoutes } from './routes/health/routes';
import { referenceRoutes } from './routes/reference/routes';
import { regionRoutes } from './routes/regions/routes';
import { reportRoutes } from './routes/reports/routes';
import { ruleRoutes } from './routes/rules/routes';
import { sanctionRoutes } from './routes/sanctions/routes';
import { taxonomyRoutes } from './routes/taxonomies/routes';
import { timelineRoutes } from './routes/timeline/routes';
import { dashboardRoutes } from './routes/dashboard/routes';
import { todayRoutes } from './routes/today/routes';
import { syncRoutes } from './routes/sync/routes';
import { importRoutes } from './routes/imports/routes';
import { exportRoutes } from './routes/exports/routes';
import { analyticsRoutes } from './routes/analytics/routes';
import { researchRoutes } from './routes/research/routes';

const errorBodySchema = {
  type: 'object',
  description: 'Error: a stable code, the message in the caller language, both languages, and field messages',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'messages', 'fields'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        messages: { type: 'object', properties: { id: { type: 'string' }, en: { type: 'string' } } },
        fields: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

/**
 * The 405 of the not-found handling (http/method-not-allowed.ts), as every operation documents it: the rule
 * holds for every address, so it is written once, here. Signed out, a protected address answers 401 instead.
 */
function methodNotAllowedResponse(isPublic: boolean) {
  return {
    ...errorBodySchema,
    description: `Another method than this address takes (error code method_not_allowed): the Allow header lists the ones it takes${isPublic ? '' : '. Only with a session or token: signed out, the answer is 401, as for any method'}`,
    headers: { Allow: { type: 'string', description: 'The methods the address takes, comma-separated (HEAD wherever GET is), e.g. "GET, HEAD, POST"' } },
  };
}

/**
 * OpenAPI: request schemas come from the routes' Zod schemas; the answers each route can give (success
 * status, the error shape, 401/403 for session routes, 405 for another method) are documented here, for the
 * document only. A route that declares its own answers keeps them; the error answers are added beside them.
 */
function documentResponses(input: Parameters<typeof jsonSchemaTransform>[0]) {
  const out = jsonSchemaTransform(input) as { schema: Record<string, unknown>; url: string };
  const { route, url } = input;
  if (out.schema.hide) return out;
  const declared = out.schema.response as Record<string, unknown> | undefined;
  const method = String(route.method);
  const success = method === 'POST' && url === '/api/v1/families' ? '201' : url === '/api/v1/auth/logout' ? '204' : '200';
  const isPublic = Boolean((route.config as { public?: boolean } | undefined)?.public);
  const error = (description: string) => ({ ...errorBodySchema, description });
  const response: Record<string, unknown> = {
    ...(declared ? {} : { [success]: { description: success === '201' ? 'Created' : success === '204' ? 'No content' : 'OK', ...(success === '204' ? { type: 'null' } : {}) } }),
    400: error('Invalid input (schema): field messages in `fields`'),
  };
  if (!isPublic) {
    response[401] = error('No session (or an invalid API token); also what a signed-out caller gets for a method the address does not take');
    response[403] = error('Missing or wrong X-CSRF-Token on a write, or a role that may not do this');
    if (url.includes(':id')) response[404] = error('Not found, or outside the caller scope (the same answer)');
  }
  if (method !== 'GET') {
    response[409] = error('Conflict: a stale version, or a duplicate No. KK / NIK');
    response[422] = error('Valid shape, but a rule refuses it (e.g. an invalid NIK): field messages in `fields`');
  }
  if (url === '/api/v1/auth/login') response[429] = error('Too many attempts: see the Retry-After header');
  response[405] = methodNotAllowedResponse(isPublic);
  Object.assign(response, declared);
  return { ...out, schema: { ...out.schema, response, ...(isPublic ? { security: [] } : { security: [{ session: [] }, { token: [] }] }) } };
}

export interface AppOptions {
  /** Built web app (dist/web); when absent, only the API is served. */
  webRoot?: string;
  /** true: log to stdout at LOG_LEVEL; or a stream and level (tests capture the log to prove it holds no identifiers). */
  logger?: boolean | { stream: NodeJS.WritableStream; level?: string };
}

/** Identifiers never reach the logs: 16-digit runs (NIK, No. KK) are masked in logged URLs. */
export function redactUrl(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // keep the raw URL
  }
  // Digits may be separated by spaces, dots or dashes when typed; mask any run of 16 digits so written.
  return redactDigits(decoded);
}

/**
 * Whether a stream error only says the client went away: end-of-stream's "premature close" (or a reset or
 * broken pipe) while the connection is closed and the answer unfinished. Anything else is a real error.
 */
function clientWentAway(err: unknown, req: FastifyRequest, reply: FastifyReply): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  const closing = err.message === 'premature close' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
  return closing && !reply.raw.writableFinished && (req.raw.socket?.destroyed === true || reply.raw.destroyed);
}

/**
 * A browser tab closed while a compressed file or a download streamed: @fastify/compress's pipe reports
 * end-of-stream's "premature close" through `reply.log.error`, at error level and without a URL, once per
 * closed tab. Each reply's logger passes such a report on as information with the URL; real errors stay errors.
 */
function logClientGoneAsInfo(app: FastifyInstance) {
  app.addHook('onRequest', (req, reply, done) => {
    const log = reply.log;
    const error = log.error.bind(log) as (...args: unknown[]) => void;
    reply.log = Object.create(log, {
      error: {
        value: (first: unknown, ...rest: unknown[]) => {
          if (clientWentAway(first, req, reply)) log.info({ url: redactUrl(req.url) }, 'client closed the connection before the answer was sent');
          else error(first, ...rest);
        },
      },
    }) as typeof log;
    done();
  });
}

export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: typeof opts.logger === 'object' ? (opts.logger.level ?? 'info') : (process.env.LOG_LEVEL ?? 'info'),
          ...(typeof opts.logger === 'object' ? { stream: opts.logger.stream } : {}),
          serializers: {
            req: (req) => ({ method: req.method, url: redactUrl(req.url) }),
          },
        }
      : false,
    // One line per request only when debugging; errors are always logged.
    logController: new LogController({
      disableRequestLogging: (typeof opts.logger === 'object' ? opts.logger.level : process.env.LOG_LEVEL) !== 'debug',
    }),
    bodyLimit: 2 * 1024 * 1024,
    // Errors the router raises before any route runs (a malformed %-escape, an over-long path parameter)
    // get the contract's error body too, never echoing the raw URL (it may hold a NIK).
    frameworkErrors: (error, req, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      const code = status >= 400 && status < 500 ? status : 400;
      void (reply as FastifyReply).code(code).send(errorBody(requestLang(req as FastifyRequest), 'error.bad_request', {}, {}));
    },
    // Requests Node's parser refuses (headers or an address over 16 KB, timeouts) get the contract's body too.
    clientErrorHandler: handleClientError,
    // One trusted hop (the reverse proxy): clients cannot pick their address with X-Forwarded-For.
    trustProxy: process.env.TITIAN_TRUST_PROXY === '1' ? (_address: string, hop: number) => hop === 0 : false,
    // HEAD routes are http/head-routes.ts's (the headers of the GET, compression's included; no body read).
    exposeHeadRoutes: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  if (opts.logger) logClientGoneAsInfo(app);
  // Before any route and before @fastify/compress: HEAD beside every GET (downloads too), and which addresses are protected.
  registerHeadRoutes(app);
  const guarded = trackRouteAccess(app);

  await app.register(cookie);
  // Phones pay for their own data: answers and the app's files are compressed when the browser accepts
  // it (a first sync of a 300-family caseload is about 2.4 MB of JSON, about 240 KB gzipped).
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'] });
  // After compression's hooks: a HEAD's body is cut last, its headers (Content-Encoding, Vary, length) the GET's.
  registerHeadCut(app);
  // helmet's headers with Titian's policy, computed once (see http/security-headers.ts).
  registerSecurityHeaders(app, { hsts: ctx.config.secureCookies });
  registerTurnBatchedWrites(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Titian API',
        version: '1',
        description: 'Titian: case management for PKH pendamping and coordinators. Errors: {"error":{"code","message","fields"}}.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'titian_session', description: 'From POST /api/v1/auth/login; writes also send X-CSRF-Token' },
          token: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/v1/tokens (titian_...); scoped like its user; no CSRF token needed' },
        },
      },
    },
    transform: documentResponses,
  });
  registerAuth(app, ctx);
  // NIK / No. KK typed into staff free text are masked before any route sees the body (http/free-text.ts).
  registerFreeTextMasking(app);

  await app.register(async (api) => {
    await healthRoutes(api, ctx);
    await authRoutes(api, ctx);
    await regionRoutes(api, ctx);
    await ruleRoutes(api, ctx);
    await referenceRoutes(api, ctx);
    await familyRoutes(api, ctx);
    await userRoutes(api, ctx);
    await tokenRoutes(api, ctx);
    await accessRoutes(api, ctx);
    await auditRoutes(api, ctx);
    await snapshotRoutes(api, ctx);
    await activityRoutes(api, ctx);
    await groupRoutes(api, ctx);
    await graduationRoutes(api, ctx);
    await graduationDocumentRoutes(api, ctx);
    await complianceRoutes(api, ctx);
    await reportRoutes(api, ctx);
    await dataUpdateRoutes(api, ctx);
    await sanctionRoutes(api, ctx);
    await casePlanRoutes(api, ctx);
    await taxonomyRoutes(api, ctx);
    await attachmentRoutes(api, ctx);
    await timelineRoutes(api, ctx);
    await dashboardRoutes(api, ctx);
    await configRoutes(api, ctx);
    await todayRoutes(api, ctx);
    await syncRoutes(api, ctx);
    await importRoutes(api, ctx);
    await exportRoutes(api, ctx);
    await analyticsRoutes(api, ctx);
    await researchRoutes(api, ctx);
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const webRoot = opts.webRoot && fs.existsSync(path.join(opts.webRoot, 'index.html')) ? opts.webRoot : undefined;
  if (webRoot) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: ['index.html'] });
  }
  app.setNotFoundHandler(async (req, reply) => {
    const pathOnly = req.url.split('?')[0];
    // A path that exists with other methods: 405 with the methods it takes, for every route (unknown paths stay 404).
    const allowed = allowedMethods(app, req.url);
    if (allowed.length > 0) {
      // Signed out, at a protected address: the 401 its routes give, nothing more (no Allow).
      const signedOut = guarded(req.url) ? await signedOutCode(ctx, req) : null;
      if (signedOut) return errorHandler(new HttpError(401, signedOut), req, reply);
      const allow = allowed.join(', ');
      return reply
        .code(405)
        .header('allow', allow)
        .send(errorBody(requestLang(req), 'error.method_not_allowed', { method: req.method, url: redactUrl(pathOnly ?? ''), allowed: allow }, {}));
    }
    // API calls and missing files (a path with an extension) are real 404s; client-side routes get the shell.
    if (req.url.startsWith('/api/') || req.method !== 'GET' || !webRoot || /\.[A-Za-z0-9]+$/.test(pathOnly)) {
      return reply.code(404).send(errorBody(requestLang(req), 'error.route_not_found', { method: req.method, url: redactUrl(req.url.split('?')[0]) }, {}));
    }
    // Client-side routes (/masuk, /keluarga/...) get the app shell.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
