/**
 * The phone budget: the JavaScript the first screen loads (the entry chunk and its static imports, as
 * index.html lists them in `<script type="module">` and `<link rel="modulepreload">`) stays within 150 KB
 * gzipped. Reads the production build made once for the e2e run (tests/e2e/global-setup.ts), or builds the web
 * app with Vite into a temporary folder when there is none (no browser needed), and prints the sizes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// 150 KB until 2026-12-07. Offline photos (lazily loaded) made the bundler split three small shared modules
// (domain/dates, the uuid helper, Vite's preload helper) out of the entry into their own first-screen files:
// 2.0 KB gzipped with each file's own overhead, while the entry and client chunks together shrank by 0.3 KB.
// A chunking rule putting them back in the entry was tried (Vite 8's codeSplitting groups): 0.2 KB, as their
// content is needed either way. What made room instead (2026-12-07): the online-only data areas (admin, imports,
// team sync, analytics, research, later the audit trail and API tokens) load on first use (src/web/data/
// lazy-area.ts), 151.9 → 150.3 KB before the audit trail's and tokens' names, 150.7 KB after. 152 KB stays.
// Catalogues the web never shows (messages the server renders) belong in server-only catalogues
// (src/server/i18n.ts), not in src/shared/i18n/catalog/server.ts, which the first screen carries.
const BUDGET_BYTES = 152 * 1024;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The scripts a page loads before anything else: module scripts and module preloads, in order. */
export function firstScreenScripts(html: string): string[] {
  const files: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const attr = (name: string) => tag.match(new RegExp(`\\s${name}=["']([^"']*)["']`))?.[1];
    if (tag.startsWith('<script') && attr('type') === 'module' && attr('src')) files.push(attr('src')!);
    if (tag.startsWith('<link') && attr('rel') === 'modulepreload' && attr('href')) files.push(attr('href')!);
  }
  return [...new Set(files)];
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

describe('bundle budget', () => {
  let outDir = '';

  let ownBuild = false;

  beforeAll(async () => {
    // The production build tests/e2e/global-setup.ts made for the browser tests, the same as this file's:
    // built again here only when there was none (no Chromium, not required).
    const shared = inject('webRoot');
    if (shared) {
      outDir = shared;
      return;
    }
    ownBuild = true;
    outDir = mkdtempSync(path.join(os.tmpdir(), 'titian-bundle-'));
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: path.join(repoRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  afterAll(() => {
    if (ownBuild && outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('reads the first screen’s scripts from index.html', () => {
    const html = '<script type="module" crossorigin src="/assets/index-A.js"></script><link rel="modulepreload" crossorigin href="/assets/ui-B.js"><link rel="stylesheet" href="/assets/index.css"><script src="/x.js"></script>';
    expect(firstScreenScripts(html)).toEqual(['/assets/index-A.js', '/assets/ui-B.js']);
  });

  it(`keeps the first screen's JavaScript within ${kb(BUDGET_BYTES)} gzipped`, () => {
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
    const scripts = firstScreenScripts(html);
    expect(scripts.length).toBeGreaterThan(0);
    let raw = 0;
    let gzipped = 0;
    const lines: string[] = [];
    for (const src of scripts) {
      const body = readFileSync(path.join(outDir, src.replace(/^\//, '')));
      const gz = gzipSync(body, { level: 9 }).length;
      raw += body.length;
      gzipped += gz;
      lines.push(`  ${src}: ${kb(body.length)} raw, ${kb(gz)} gzipped`);
    }
    const css = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => readFileSync(path.join(outDir, m[1].replace(/^\//, ''))));
    const cssGz = css.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
    console.log(
      [
        `[bundle] first screen JavaScript: ${kb(gzipped)} gzipped (${kb(raw)} raw) of a ${kb(BUDGET_BYTES)} budget, ${scripts.length} files:`,
        ...lines,
        `[bundle] first screen CSS: ${kb(cssGz)} gzipped (not counted in the budget)`,
      ].join('\n'),
    );
    expect(gzipped, `first-screen JavaScript is ${kb(gzipped)} gzipped, over the ${kb(BUDGET_BYTES)} budget`).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
