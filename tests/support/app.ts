import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app';
import type { Config } from '../../src/server/config';
import { type AppContext, createContext } from '../../src/server/context';
import type { Engine } from '../../src/server/db/database';
import type { RegionSource } from '../../src/server/db/reference-data';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-data';
import { seedDemo } from '../../src/server/seed/seed-demo';
import { freshDatabase, TEST_PROTECTION } from './engines';

export const testConfig: Config = {
  port: 0,
  host: '127.0.0.1',
  databaseUrl: undefined,
  dataDir: '/nonexistent',
  demo: false,
  secureCookies: false,
  sessionTtlHours: 12,
  sessionIdleMinutes: 120,
};

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  engine: Engine;
  close(): Promise<void>;
}

/** A Titian app on a fresh database of the given engine, optionally seeded with (a slice of) the demo data. */
export async function createTestApp(
  engine: Engine,
  opts: {
    seedFamilies?: number;
    /** Also seed the demo facilitation work (groups, sessions, activities, verification); off by default. */
    seedFacilitation?: boolean;
    now?: () => Date;
    webRoot?: string;
    logger?: { stream: NodeJS.WritableStream; level?: string };
    /** The region list to load (default TEST_REGIONS: the 38 provinces and Kota Depok; 'national' for all 91,600). */
    regions?: RegionSource;
    /** SQLite: a database file in a temporary directory instead of memory (what needs a file: reading threads). */
    sqliteOnFile?: boolean;
  } = {},
): Promise<TestApp> {
  const { database, drop } = await freshDatabase(engine, { regions: opts.regions, sqliteOnFile: opts.sqliteOnFile });
  if (opts.seedFamilies) await seedDemo(database, TEST_PROTECTION, { families: opts.seedFamilies, facilitation: opts.seedFacilitation ?? false });
  const ctx = createContext({ database, config: testConfig, protection: TEST_PROTECTION, now: opts.now });
  const app = await buildApp(ctx, { webRoot: opts.webRoot, logger: opts.logger });
  return {
    app,
    ctx,
    engine,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  user: { id: string; username: string; role: string };
}

export async function loginAs(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'titian_session');
  if (!cookie) throw new Error('no session cookie');
  const body = res.json();
  return { cookie: `titian_session=${cookie.value}`, csrf: body.csrfToken, user: body.user };
}

/** Inject a request as a logged-in user (cookie + CSRF header). */
export function as(app: FastifyInstance, s: Session) {
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    app.inject({ method, url, payload: payload as never, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => call('POST', url, payload, headers),
    patch: (url: string, payload?: unknown, headers?: Record<string, string>) => call('PATCH', url, payload, headers),
    put: (url: string, payload?: unknown, headers?: Record<string, string>) => call('PUT', url, payload, headers),
    delete: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
  };
}
