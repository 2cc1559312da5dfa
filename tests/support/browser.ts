/**
 * What every browser test shares: Debian's Chromium through playwright-core, the web app built once for the
 * whole e2e run (tests/e2e/global-setup.ts provides its folder), a server on the demo data, contexts that
 * refuse every address but the app's own (no CDN, no fonts, nothing leaves the machine), and logging in.
 *
 * A file uses it like this:
 *   announceSkip('tests/e2e/x.test.ts');
 *   requireBrowserSuite();
 *   describe.skipIf(!hasBrowser)('…', () => { const e2e = browserSuite({ seedFacilitation: true }); … });
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { createContext } from '../../src/server/context';
import { openDatabase, sqliteHandleOf } from '../../src/server/db/database';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-data';
import { seedDemo } from '../../src/server/seed/seed-demo';
import { type TestApp, testConfig } from './app';
import { freshDatabase, TEST_PROTECTION } from './engines';

export const CHROMIUM = '/usr/bin/chromium';
export const hasBrowser = existsSync(CHROMIUM);
export const requireBrowser = process.env.TITIAN_REQUIRE_BROWSER === '1';
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** Screenshots and other artifacts (not committed). */
export const artifactDir = path.join(repoRoot, '.tmp');

/** Says loudly that a file's browser tests are skipped (no Chromium and not required). */
export function announceSkip(file: string): void {
  if (!hasBrowser && !requireBrowser) {
    console.warn(`[e2e] SKIPPED ${file}: ${CHROMIUM} not found (apt-get install -y chromium; set TITIAN_REQUIRE_BROWSER=1 to fail instead)`);
  }
}

/** With TITIAN_REQUIRE_BROWSER=1 and no Chromium, a failing test says what to install. */
export function requireBrowserSuite(): void {
  describe.runIf(!hasBrowser && requireBrowser)('browser required', () => {
    it('finds Chromium', () => {
      throw new Error(`TITIAN_REQUIRE_BROWSER=1 but ${CHROMIUM} does not exist: install it with apt-get install -y chromium`);
    });
  });
}

/** The folder of the production build made once for this run (tests/e2e/global-setup.ts). */
export function builtWebRoot(): string {
  const dir = inject('webRoot');
  if (!dir) throw new Error('the web app was not built: tests/e2e/global-setup.ts did not run');
  return dir;
}

/** The folder where this run keeps its seeded demo databases (tests/e2e/global-setup.ts). */
function seedDir(): string {
  const dir = inject('seedDir');
  if (!dir) throw new Error('no folder for seeded databases: tests/e2e/global-setup.ts did not run');
  return dir;
}

/**
 * The serialized image of a SQLite database seeded with (a slice of) the demo data, made once per run and
 * size: seeding the demo's facilitation work takes 10-40 s, and most browser files ask for the same slice.
 * The first file to ask seeds it and writes it to the run's folder; a file asking meanwhile in another
 * worker waits for that file (a lock file says one is being made) instead of seeding it too.
 */
async function seededImage(opts: { seedFamilies: number; seedFacilitation: boolean }): Promise<Buffer> {
  const file = path.join(seedDir(), `demo-${opts.seedFamilies}${opts.seedFacilitation ? '-facilitation' : ''}.sqlite`);
  const lock = `${file}.lock`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (existsSync(file)) return readFileSync(file);
    let mine = false;
    try {
      closeSync(openSync(lock, 'wx'));
      mine = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (mine) {
      try {
        const { database, drop } = await freshDatabase('sqlite');
        try {
          await seedDemo(database, TEST_PROTECTION, { families: opts.seedFamilies, facilitation: opts.seedFacilitation });
          const bytes = sqliteHandleOf(database.db)!.serialize();
          // Written under a name of its own, then renamed: a reader sees a whole file or none.
          const partial = `${file}.${process.pid}`;
          writeFileSync(partial, bytes, { mode: 0o600 });
          renameSync(partial, file);
          return bytes;
        } finally {
          await drop();
        }
      } finally {
        rmSync(lock, { force: true });
      }
    }
    // Another worker is seeding it. A lock left by a killed worker (older than 5 minutes) is taken over.
    try {
      if (statSync(lock).mtimeMs < Date.now() - 300_000) rmSync(lock, { force: true });
    } catch {
      // gone meanwhile: the image is there, or seeding failed and this file tries
    }
    if (Date.now() > deadline) throw new Error(`waited 10 minutes for ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A Titian app (as tests/support/app.ts `createTestApp` makes it, on SQLite) on its own in-memory copy of the
 * run's seeded demo database of that size (`seededImage`), serving the built web app.
 */
export async function seededTestApp(opts: { seedFamilies: number; seedFacilitation?: boolean }): Promise<TestApp> {
  const image = await seededImage({ seedFamilies: opts.seedFamilies, seedFacilitation: opts.seedFacilitation ?? false });
  const database = openDatabase({ sqliteImage: image });
  const ctx = createContext({ database, config: testConfig, protection: TEST_PROTECTION });
  const app = await buildApp(ctx, { webRoot: builtWebRoot() });
  return {
    app,
    ctx,
    engine: 'sqlite',
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface BrowserSuite {
  readonly url: string;
  readonly t: TestApp;
  readonly browser: Browser;
  /** Addresses the pages tried to reach outside the app (each test expects none). */
  readonly external: string[];
  /** A context that lets only the app's own origin (and data:/blob: URLs) through. */
  context(opts?: { viewport?: { width: number; height: number }; locale?: string; acceptDownloads?: boolean }): Promise<BrowserContext>;
  /** A page in a new guarded context (360×740 by default), its errors collected. */
  page(opts?: { viewport?: { width: number; height: number }; locale?: string; acceptDownloads?: boolean }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1366, height: 900 };

/**
 * Starts a server on a fresh SQLite database with (a slice of) the demo data and the built web app, and
 * Chromium, for the enclosing describe block; closes them after.
 */
export function browserSuite(opts: { seedFamilies?: number; seedFacilitation?: boolean } = {}): BrowserSuite {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let url = '';
  const external: string[] = [];
  beforeAll(async () => {
    // Chromium starts while the database is copied (or, for the run's first file of its size, seeded).
    const launched = launchChromium();
    try {
      t = await seededTestApp({ seedFamilies: opts.seedFamilies ?? 2000, seedFacilitation: opts.seedFacilitation });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    } finally {
      browser = await launched;
    }
    mkdirSync(artifactDir, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  const suite: BrowserSuite = {
    get url() {
      return url;
    },
    get t() {
      if (!t) throw new Error('setup failed');
      return t;
    },
    get browser() {
      if (!browser) throw new Error('setup failed');
      return browser;
    },
    external,
    async context(o = {}) {
      const context = await suite.browser.newContext({ viewport: o.viewport ?? PHONE, deviceScaleFactor: 2, locale: o.locale ?? 'id-ID', acceptDownloads: o.acceptDownloads });
      const origin = new URL(url).origin;
      await context.route('**/*', (route) => {
        const u = route.request().url();
        if (u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
        external.push(u);
        return route.abort();
      });
      return context;
    },
    async page(o = {}) {
      const context = await suite.context(o);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      return { context, page, errors };
    },
  };
  return suite;
}

/**
 * Logs in through the form at /masuk and waits until the app has left it (each role lands on its own
 * start page; pass `next` to land somewhere in particular).
 */
export async function logIn(page: Page, url: string, username: string, next?: string): Promise<void> {
  await page.goto(`${url}/masuk${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((u) => u.pathname !== '/masuk' && u.pathname !== '/' && (!next || u.pathname === next));
}

/**
 * Screenshots for a human to look at (.tmp/, not committed; nothing is asserted on them): what the viewport
 * shows, in CSS pixels (a phone context's device scale of 2 makes a file four times larger and slower to
 * encode). With TITIAN_E2E_FULL_SCREENSHOTS=1, at the device's resolution, and the whole page where the test
 * asks for it (`wholePage`), as they were all taken until 2026-12: slower (see docs/testing.md).
 */
export const fullScreenshots = process.env.TITIAN_E2E_FULL_SCREENSHOTS === '1';

/** Saves a screenshot of the page (see `fullScreenshots`). */
export async function screenshot(page: Page, file: string, opts: { wholePage?: boolean } = {}): Promise<void> {
  await page.screenshot(fullScreenshots ? { path: file, fullPage: opts.wholePage ?? false } : { path: file, scale: 'css' });
}

/**
 * Waits until the page has had no request in flight for `idleMs` (or `timeoutMs` passed; answers false then):
 * Playwright's 'networkidle' waits for 500 ms of quiet, most of a screen's time in a walk of many screens.
 * Call it once, when the page is made (it follows the page's requests from then on); use the function it
 * answers after each navigation or action.
 */
export function networkQuiet(page: Page, idleMs = 200): (timeoutMs?: number) => Promise<boolean> {
  const inFlight = new Set<object>();
  let lastChange = Date.now();
  page.on('request', (r) => {
    const from = r.redirectedFrom();
    if (from) inFlight.delete(from);
    inFlight.add(r);
    lastChange = Date.now();
  });
  const done = (r: object) => {
    inFlight.delete(r);
    lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return async (timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const quietFor = Date.now() - lastChange;
      if (inFlight.size === 0 && quietFor >= idleMs) return true;
      if (Date.now() >= deadline) return false;
      // Not a guess: the earliest moment the page can have been quiet long enough, then look again.
      await new Promise((resolve) => setTimeout(resolve, inFlight.size === 0 ? idleMs - quietFor : 25));
    }
  };
}

/** Nothing on the page is wider than the viewport (no sideways scrolling). */
export async function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

export interface Pushed {
  /** The HTTP status of the push request. */
  status: number;
  mutation: { id: string; entity: string; op: string; recordId: string; familyId?: string; data: Record<string, unknown> };
  result: { id: string; status: string; reason?: string; recordId?: string };
}

/**
 * Waits for the phone's outbox to deliver an edit of an entity (field work goes through
 * `POST /api/v1/sync/push`, with ids made on the phone) and answers the mutation and the server's result.
 */
export async function pushed(page: Page, entity: string): Promise<Pushed> {
  const isPush = (r: { url(): string; request(): { method(): string; postDataJSON(): unknown } }) => {
    if (!r.url().endsWith('/api/v1/sync/push') || r.request().method() !== 'POST') return false;
    const body = r.request().postDataJSON() as { mutations?: Array<{ entity: string }> } | null;
    return Boolean(body?.mutations?.some((m) => m.entity === entity));
  };
  const response = await page.waitForResponse(isPush);
  const body = response.request().postDataJSON() as { mutations: Pushed['mutation'][] };
  const mutation = body.mutations.find((m) => m.entity === entity)!;
  const answer = (await response.json()) as { results: Pushed['result'][] };
  return { status: response.status(), mutation, result: answer.results.find((r) => r.id === mutation.id)! };
}

/**
 * The suite's server, stoppable for offline tests: `stop` really closes it (the browser context's offline
 * switch does not cover the service worker's fetches) and `restart` listens again on the same port, with
 * the same database and sessions.
 */
export function stoppableServer(suite: BrowserSuite): { stop(): Promise<void>; restart(): Promise<void>; readonly listening: boolean } {
  const server = suite.t.app.server;
  const port = (server.address() as AddressInfo).port;
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    restart: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve())),
    get listening() {
      return server.listening;
    },
  };
}

/**
 * Logs a pendamping in and waits until the phone can work offline: the service worker controls the page
 * and has kept every screen's files ('activated'), and the first download is done.
 */
export async function logInForOfflineWork(page: Page, url: string, username: string): Promise<void> {
  await logIn(page, url, username, '/sinkronisasi');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', undefined, { timeout: 30_000 });
  await page.getByTestId('sync-badge').filter({ hasText: 'Tersinkron' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('outbox-empty').waitFor();
}
