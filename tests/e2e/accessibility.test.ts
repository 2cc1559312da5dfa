/**
 * Accessibility of the main screens in Debian Chromium (playwright-core) with axe-core, on the demo data:
 * a pendamping on a 360-px phone and a koordinator kecamatan at a 1366-px desk. Each screen is checked
 * after it has loaded, and the test fails on `serious` or `critical` violations, printed readably (rule,
 * screen, the elements' selectors and what to fix). axe-core is given to each walk's context once (an init
 * script, under the app's real CSP). Each screen is also saved as a screenshot of what it shows in
 * `.tmp/screens/` (`…-layar.png`; the whole page too with TITIAN_E2E_FULL_SCREENSHOTS=1; artifacts, not
 * committed). A route that answers "not found" is skipped with a note.
 * Skipped (announced) when /usr/bin/chromium is missing, unless TITIAN_REQUIRE_BROWSER=1, where it fails.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/ids';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-data';
import { as, loginAs, type TestApp } from '../support/app';
import { announceSkip, fullScreenshots, hasBrowser, launchChromium, networkQuiet, requireBrowserSuite, seededTestApp } from '../support/browser';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const screenDir = path.join(repoRoot, '.tmp', 'screens');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FAILING: ImpactValue[] = ['serious', 'critical'];
/** One walk's budget: a dozen screens, each loaded, audited and photographed, on a loaded 2-core machine. */
const WALK_TIMEOUT = 240_000;

announceSkip('tests/e2e/accessibility.test.ts');

requireBrowserSuite();

interface Screen {
  name: string;
  /** A path to open, or a link to follow from the page before (the first match of a selector). */
  path?: string;
  follow?: { from: string; link: string };
  /** Something to do before checking (e.g. open a menu). */
  prepare?: (page: Page) => Promise<void>;
}

interface Finding {
  where: string;
  violation: Result;
}

/** A violation, readably: the rule, its impact and help, then each element's selector and what to fix. */
function describeFinding({ where, violation: v }: Finding): string {
  const nodes = v.nodes.slice(0, 8).map((n) => {
    const fix = (n.failureSummary ?? '').replace(/\s+/g, ' ').trim();
    return `    - ${n.target.join(' ')}\n      ${fix}`;
  });
  const more = v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more`] : [];
  return [`  [${v.impact}] ${v.id} on ${where}: ${v.help} (${v.helpUrl})`, ...nodes, ...more].join('\n');
}

/** A pendamping's phone that synced, and one edit of a field a koordinator changed meanwhile: the coordinators' sync screens then show a device and a conflict. */
async function seedSync(t: TestApp) {
  const pendamping = as(t.app, await loginAs(t.app, 'pendamping01'));
  const korcam = as(t.app, await loginAs(t.app, 'korcam.cimanggis'));
  const phone = { 'x-titian-device': uuidv7(), 'x-titian-app-version': '0.1.0' };
  const family = (await pendamping.get('/api/v1/families?limit=1')).json().items[0];
  const base = (await pendamping.get(`/api/v1/families/${family.id}`)).json();
  await korcam.patch(`/api/v1/families/${family.id}`, { address: 'Jl. Koordinator 1' });
  const pushed = await pendamping.post('/api/v1/sync/push', { mutations: [{ id: uuidv7(), entity: 'family', op: 'update', recordId: family.id, baseVersion: base.version, data: { address: 'Jl. Pendamping 2' } }] }, phone);
  if (pushed.json().results?.[0]?.status !== 'conflict') throw new Error(`no conflict to show: ${pushed.body}`);
}

describe.skipIf(!hasBrowser)('accessibility of the main screens (axe-core) in Chromium', () => {
  let t: TestApp | undefined;
  let url = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    // Chromium starts while the database is copied (or seeded, tests/support/browser.ts `seededTestApp`).
    const launched = launchChromium();
    try {
      t = await seededTestApp({ seedFamilies: 400, seedFacilitation: true });
      await seedSync(t);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    } finally {
      browser = await launched;
    }
    mkdirSync(screenDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * Waits until the screen has its heading, nothing in it is still loading and no request has been in flight
   * for a moment (a screen may ask for more once its first answers are shown).
   */
  async function settle(page: Page, quiet: () => Promise<boolean>) {
    await page.locator('main h1').first().waitFor();
    const loaded = () =>
      page.waitForFunction(() => !document.querySelector('main .loading'), undefined, { timeout: 10_000 }).catch(() => {
        console.warn(`[a11y] ${page.url()}: still loading after 10 s; checked as it is`);
      });
    await loaded();
    if (!(await quiet())) console.warn(`[a11y] ${page.url()}: requests still in flight after 20 s; checked as it is`);
    await loaded();
  }

  async function audit(page: Page, where: string): Promise<Finding[]> {
    // axe-core is in every document of the walk's context (addInitScript in walk()).
    const results = await page.evaluate(async () => {
      const axe = (window as unknown as { axe?: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }).axe;
      if (!axe) throw new Error('axe-core is not on the page');
      return axe.run(document, { resultTypes: ['violations'] });
    });
    for (const v of results.violations.filter((x) => !FAILING.includes(x.impact ?? null))) {
      console.log(`[a11y] (${v.impact}, not failing) ${v.id} on ${where}: ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
    }
    return results.violations.filter((v) => FAILING.includes(v.impact ?? null)).map((violation) => ({ where, violation }));
  }

  async function walk(username: string, viewport: { width: number; height: number }, screens: Screen[], lang: 'id' | 'en' = 'id'): Promise<Finding[]> {
    const context = await browser!.newContext({ viewport, deviceScaleFactor: 1, locale: lang === 'en' ? 'en-GB' : 'id-ID' });
    if (lang === 'en') await context.addInitScript(() => localStorage.setItem('titian.lang', 'en'));
    // axe-core in every document the walk opens, given once (an init script is not subject to the app's CSP,
    // which rightly refuses inline scripts, so the walk runs under the app's real CSP).
    await context.addInitScript({ content: axeSource });
    const origin = new URL(url).origin;
    const external: string[] = [];
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
      external.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const quiet = networkQuiet(page);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const findings: Finding[] = [];
    // What the screen shows (`…-layar.png`, with the phone's tab bar where it sits), and with
    // TITIAN_E2E_FULL_SCREENSHOTS=1 the whole page too (`….png`).
    const prefix = `${viewport.width}-${username}${lang === 'en' ? '-en' : ''}`;
    const shot = async (name: string) => {
      await page.screenshot({ path: path.join(screenDir, `${prefix}-${name}-layar.png`) });
      if (fullScreenshots) await page.screenshot({ path: path.join(screenDir, `${prefix}-${name}.png`), fullPage: true });
    };

    // The login form, before logging in.
    await page.goto(`${url}/masuk`);
    await settle(page, quiet);
    await shot('masuk');
    findings.push(...(await audit(page, `${viewport.width}px /masuk`)));
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((u) => u.pathname !== '/masuk');

    for (const screen of screens) {
      if (screen.follow) {
        await page.goto(`${url}${screen.follow.from}`);
        await settle(page, quiet);
        const link = page.locator(screen.follow.link).first();
        if ((await link.count()) === 0) {
          console.warn(`[a11y] ${username}: no ${screen.follow.link} on ${screen.follow.from}; ${screen.name} not checked`);
          continue;
        }
        await link.click();
        await page.waitForURL((u) => u.pathname !== screen.follow!.from);
      } else {
        await page.goto(`${url}${screen.path}`);
      }
      await settle(page, quiet);
      const pathname = new URL(page.url()).pathname;
      if (/Halaman tidak ditemukan|Page not found/.test((await page.locator('main h1').first().textContent()) ?? '')) {
        console.warn(`[a11y] ${pathname} answers "not found" (not built yet?): skipped`);
        continue;
      }
      await screen.prepare?.(page);
      await shot(screen.name);
      findings.push(...(await audit(page, `${viewport.width}px ${username} ${pathname}${screen.prepare ? ` (${screen.name})` : ''}`)));
    }
    await context.close();
    expect(external, 'requests to other origins').toEqual([]);
    expect(pageErrors, 'page errors').toEqual([]);
    return findings;
  }

  const familyPage: Screen = { name: 'keluarga-detail', follow: { from: '/keluarga', link: 'a.family-row' } };
  const groupPage: Screen = { name: 'kelompok-detail', follow: { from: '/kelompok', link: 'a.group-row' } };

  /** Fails on serious or critical findings, printed readably; notes where the screenshots are. */
  function expectNoFindings(findings: Finding[]) {
    console.log(`[a11y] screenshots in ${path.relative(repoRoot, screenDir)}/`);
    if (findings.length > 0) console.error(`[a11y] ${findings.length} serious or critical violations:\n${findings.map(describeFinding).join('\n')}`);
    expect(findings.map((f) => `${f.violation.id} on ${f.where}: ${f.violation.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  // One test per walk, each with its own time budget: under CI's parallel load the three walks together
  // once took more than one test's 120 s.
  it('has no serious or critical violations for a pendamping on a phone (360 px)', async () => {
    if (!browser || !t) throw new Error('setup failed');
    expectNoFindings(
      await walk('pendamping01', { width: 360, height: 740 }, [
        { name: 'hari-ini', path: '/hari-ini' },
        { name: 'keluarga', path: '/keluarga' },
        familyPage,
        { name: 'kelompok', path: '/kelompok' },
        groupPage,
        { name: 'graduasi', path: '/graduasi' },
        { name: 'laporan', path: '/laporan' },
        { name: 'dasbor', path: '/dasbor' },
        // The phone's "Lainnya" menu, open.
        {
          name: 'menu-lainnya',
          path: '/keluarga',
          prepare: async (page) => {
            await page.locator('.nav-more-button').click();
            await page.locator('.nav-more-menu').waitFor();
          },
        },
      ]),
    );
  }, WALK_TIMEOUT);

  it('has no serious or critical violations for a koordinator kecamatan at a desk (1366 px)', async () => {
    if (!browser || !t) throw new Error('setup failed');
    expectNoFindings(
      await walk('korcam.cimanggis', { width: 1366, height: 900 }, [
        { name: 'dasbor', path: '/dasbor' },
        { name: 'keluarga', path: '/keluarga' },
        familyPage,
        { name: 'kelompok', path: '/kelompok' },
        groupPage,
        { name: 'graduasi', path: '/graduasi' },
        { name: 'laporan', path: '/laporan' },
        { name: 'pemutakhiran', path: '/pemutakhiran' },
        { name: 'verifikasi', path: '/verifikasi' },
        { name: 'sinkronisasi-tim', path: '/sinkronisasi/tim' },
        { name: 'sinkronisasi-konflik', path: '/sinkronisasi/konflik' },
        // A decision asks first: the confirmation, open.
        {
          name: 'sinkronisasi-konflik-konfirmasi',
          path: '/sinkronisasi/konflik',
          prepare: async (page) => {
            await page.locator('.conflict-item .conflict-decision button').first().click();
            await page.locator('.conflict-confirm').waitFor();
          },
        },
      ]),
    );
  }, WALK_TIMEOUT);

  // A koordinator on the road, in English: the phone's tab bar with the coordinator's destinations.
  it('has no serious or critical violations for a koordinator kota on a phone, in English (360 px)', async () => {
    if (!browser || !t) throw new Error('setup failed');
    expectNoFindings(
      await walk('korkot.depok', { width: 360, height: 740 }, [
        { name: 'dasbor', path: '/dasbor' },
        { name: 'keluarga', path: '/keluarga' },
        // The device list as cards on a phone, and the conflict inbox.
        { name: 'sinkronisasi-tim', path: '/sinkronisasi/tim' },
        { name: 'sinkronisasi-konflik', path: '/sinkronisasi/konflik' },
      ], 'en'),
    );
  }, WALK_TIMEOUT);

  // The audit trail: an auditor on a phone (each entry a card), an admin at a desk in English; each with an
  // entry's details open and the chain verified.
  const auditScreens = (name: string): Screen[] => [
    { name, path: '/audit' },
    {
      name: `${name}-rincian`,
      path: '/audit',
      prepare: async (page) => {
        await page.locator('tr.audit-entry details summary').first().click();
        await page.locator('.audit-verify button').click();
        await page.locator('.audit-verify-result .alert').waitFor({ timeout: 60_000 });
      },
    },
  ];

  it('has no serious or critical violations on the audit trail for an auditor on a phone (360 px) and an admin at a desk, in English (1366 px)', async () => {
    if (!browser || !t) throw new Error('setup failed');
    const findings = await walk('auditor', { width: 360, height: 740 }, [{ name: 'dasbor', path: '/dasbor' }, ...auditScreens('audit')]);
    findings.push(...(await walk('admin', { width: 1366, height: 900 }, auditScreens('audit'), 'en')));
    expectNoFindings(findings);
  }, WALK_TIMEOUT);
});
