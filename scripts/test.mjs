#!/usr/bin/env node
// `npm test`: type-check, then every vitest project (unit, web, medium, e2e).
// The PostgreSQL variants run when TEST_DATABASE_URL is set; browser tests when /usr/bin/chromium exists.
// Skips are announced here and in the suites, never silent.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

if (!process.env.TEST_DATABASE_URL) {
  console.warn('[titian] TEST_DATABASE_URL is not set: the PostgreSQL suite will be SKIPPED (SQLite only).');
}
if (!fs.existsSync('/usr/bin/chromium')) {
  console.warn('[titian] /usr/bin/chromium not found: browser tests will be SKIPPED (apt-get install chromium).');
}

console.log('[titian] type-check (tsc --noEmit)');
if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) process.exit(1);

const extra = process.argv.slice(2);
process.exit(run('npx', ['vitest', 'run', ...extra]));
