import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test tiers:
 * - unit: pure domain, shared and server code with no database (beside the code, *.test.ts)
 * - web: React components in happy-dom (src/web/**\/*.test.tsx)
 * - medium: repositories, services and HTTP routes against real databases, SQLite always and
 *   PostgreSQL when TEST_DATABASE_URL is set (tests/medium, src/server/**\/*.medium.test.ts)
 * - e2e: headless Chromium through playwright-core when /usr/bin/chromium exists (tests/e2e)
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, where most of a
    // test's time is waiting on PostgreSQL, a child process or the browser. Two at least (issue 8: CI time).
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.medium.test.ts', 'node_modules/**'],
          environment: 'node',
          // Pure code: files share their worker's modules (65 → 38 s on this machine; docs/testing.md "CI").
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['src/web/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['src/web/test/setup.ts'],
          // Files share their worker's modules and happy-dom window; src/web/test/setup.ts puts back what a file
          // leaves and makes TanStack Query's answers land inside act (docs/testing.md "CI").
          isolate: false,
          // A screen's test renders, loads its lazy modules and waits for several answers (each wait up to 5 s,
          // src/web/test/helpers.tsx): under CI's load the whole may pass 5 s though every step passes. A test
          // that passes takes what it takes; only a stuck one waits this long.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'medium',
          include: ['tests/medium/**/*.test.ts', 'src/**/*.medium.test.ts'],
          environment: 'node',
          // Files share their worker's modules instead of importing the server afresh (about 1-3 s of a worker
          // each, 130 files): every file builds its own database and app, and tests that change process.env
          // or globals put them back. Measured in docs/testing.md ("CI").
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // The web app is built once for every browser test (tests/support/browser.ts builtWebRoot()).
          globalSetup: ['tests/e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
