/**
 * Builds the web app once for the whole e2e run (a production build, as `npm start` serves it) into a
 * temporary folder that the browser tests serve (tests/support/browser.ts `builtWebRoot()`), and makes the
 * folder where the run keeps its seeded demo databases, one per size, seeded by the first file that needs
 * it (tests/support/browser.ts `seededTestApp()`). Both are removed after the run.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    webRoot: string;
    seedDir: string;
  }
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(project: TestProject) {
  // No browser, not required: the suites skip themselves; do not spend a build on them.
  if (!existsSync('/usr/bin/chromium') && process.env.TITIAN_REQUIRE_BROWSER !== '1') {
    project.provide('webRoot', '');
    project.provide('seedDir', '');
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'titian-web-'));
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(repoRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  project.provide('webRoot', dir);
  const seeds = mkdtempSync(path.join(os.tmpdir(), 'titian-seeds-'));
  project.provide('seedDir', seeds);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(seeds, { recursive: true, force: true });
  };
}
