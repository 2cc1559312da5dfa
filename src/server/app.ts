import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerAuth } from './auth/plugin';
import type { AppContext } from './context';
import { errorBody, errorHandler, requestLang } from './http/errors';
import { authRoutes } from './routes/auth/routes';
import { familyRoutes } from './routes/families/routes';
import { healthRoutes } from './routes/health/routes';
import { referenceRoutes } from './routes/reference/routes';
import { regionRoutes } from './routes/regions/routes';
import { ruleRoutes } from './routes/rules/routes';

export interface AppOptions {
  /** Built web app (dist/web); when absent, only the API is served. */
  webRoot?: string;
  logger?: boolean;
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
  return decoded.replace(/\d(?:[\s.-]?\d){15}/g, '****************');
}

export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: process.env.LOG_LEVEL ?? 'info',
          serializers: {
            req: (req) => ({ method: req.method, url: redactUrl(req.url) }),
          },
        }
      : false,
    // One line per request only when debugging; errors are always logged.
    disableRequestLogging: process.env.LOG_LEVEL !== 'debug',
    bodyLimit: 2 * 1024 * 1024,
    // One trusted hop (the reverse proxy): clients cannot pick their address with X-Forwarded-For.
    trustProxy: process.env.TITIAN_TRUST_PROXY === '1' ? (_address: string, hop: number) => hop === 0 : false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Titian API',
        version: '1',
        description: 'Titian: case management for PKH pendamping and coordinators. Errors: {"error":{"code","message","fields"}}.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'titian_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  registerAuth(app, ctx);

  await app.register(async (api) => {
    await healthRoutes(api, ctx);
    await authRoutes(api, ctx);
    await regionRoutes(api, ctx);
    await ruleRoutes(api, ctx);
    await referenceRoutes(api, ctx);
    await familyRoutes(api, ctx);
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const webRoot = opts.webRoot && fs.existsSync(path.join(opts.webRoot, 'index.html')) ? opts.webRoot : undefined;
  if (webRoot) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET' || !webRoot) {
      return reply.code(404).send(errorBody(requestLang(req), 'error.route_not_found', { method: req.method, url: redactUrl(req.url.split('?')[0]) }, {}));
    }
    // Client-side routes (/masuk, /keluarga/...) get the app shell.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
