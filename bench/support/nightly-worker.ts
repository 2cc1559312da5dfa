/**
 * Child process of the nightly and dashboard cases: a fresh process over the country database, started as
 * the server starts (config from the environment, migrate check, identity key check, context), that runs
 * bench/cases/nightly.ts's measureNightly (bare scan, then one full nightly run) and measureDashboard (the
 * summary for the admin and the largest province and kab/kota), as the server's own schedule and routes
 * would. Each step's peak RSS is this process's own high-water mark, reset before the step (/proc), so a
 * synchronous query that blocks the event loop cannot hide a peak. Writes JSON lines to stdout.
 * Argument: JSON `{ nightly: boolean, dashboard: boolean, iterations?: number }`.
 */
import { checkIdentityKey, contextFor, openConfiguredDatabase, prepareDatabase, protectionFor } from '../../src/server/bootstrap';
import { loadConfig } from '../../src/server/config';
import { type DashboardMeasure, measureDashboard, measureNightly, type NightlyMeasure } from '../cases/nightly';
import { procMemory, resetPeak } from './proc-memory';

export type NightlyWorkerLine =
  | { type: 'log'; message: string }
  | { type: 'nightly'; result: Omit<NightlyMeasure, 'run'> & { run: Omit<NightlyMeasure['run'], 'pass'> & { pass: Record<string, unknown> } }; rss: { start: number; peak: number; end: number } }
  | { type: 'dashboard'; results: DashboardMeasure[]; rss: { start: number; peak: number; end: number } };

const emit = (l: NightlyWorkerLine) => process.stdout.write(`${JSON.stringify(l)}\n`);

const spec = JSON.parse(process.argv[2] ?? '{}') as { nightly?: boolean; dashboard?: boolean; iterations?: number };
const config = loadConfig();
const database = openConfiguredDatabase(config);
try {
  const protection = protectionFor(config);
  await prepareDatabase(database, protection.cipher);
  await checkIdentityKey(database, protection);
  const ctx = contextFor(config, database, protection);
  const step = async <T>(fn: () => Promise<T>): Promise<{ value: T; rss: { start: number; peak: number; end: number } }> => {
    resetPeak();
    const start = procMemory()?.rss ?? process.memoryUsage().rss;
    const value = await fn();
    const m = procMemory();
    return { value, rss: { start, peak: m?.hwm ?? 0, end: m?.rss ?? process.memoryUsage().rss } };
  };
  if (spec.nightly) {
    const { value, rss } = await step(() => measureNightly(ctx, { log: (message) => emit({ type: 'log', message }) }));
    emit({ type: 'nightly', result: value as never, rss });
  }
  if (spec.dashboard) {
    const { value, rss } = await step(() => measureDashboard(ctx, { iterations: spec.iterations }));
    emit({ type: 'dashboard', results: value, rss });
  }
} finally {
  await database.close();
}
process.exit(0);
