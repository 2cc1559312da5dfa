/**
 * Child process of the import case: `node --import tsx bench/support/import-worker.ts FILE`, environment as
 * for `npx titian import registry FILE` (TITIAN_DATA_DIR, DATABASE_URL). It starts exactly as that command
 * does (config, migrate check, identity key check, context) and runs the same service
 * (importRegistryFile with the system scope and the CLI's actor); instead of a progress bar it writes one
 * JSON line per progress event and a memory line every 250 ms to stdout, each with the wall-clock time
 * (Date.now()), so the parent can time the import from its first progress event (process start excluded)
 * and see the heap. The parent samples the RSS itself from /proc.
 */
import path from 'node:path';
import { checkIdentityKey, contextFor, openConfiguredDatabase, prepareDatabase, protectionFor } from '../../src/server/bootstrap';
import { loadConfig } from '../../src/server/config';
import { type AuditActor, SYSTEM_ACTOR } from '../../src/server/db/repositories/audit.repository';
import { SYSTEM_SCOPE } from '../../src/server/services/graduation.service';
import { importRegistryFile } from '../../src/server/services/registry-import.service';
import { procMemory } from './proc-memory';

const CLI_ACTOR: AuditActor = { ...SYSTEM_ACTOR, username: 'cli' };

export type WorkerLine =
  | { type: 'ready'; at: number; rss: number; heapUsed: number }
  | { type: 'mem'; at: number; rss: number; heapUsed: number }
  | {
      type: 'progress';
      at: number;
      phase: string;
      rowsStaged: number;
      familiesDone: number;
      familiesTotal: number;
      bytesRead: number;
      fileBytes: number;
      rss: number;
      heapUsed: number;
    }
  | { type: 'done'; at: number; summary: Record<string, unknown>; hwm: number; heapUsed: number; cpuMs: number }
  | { type: 'error'; at: number; message: string };

const emit = (l: WorkerLine) => process.stdout.write(`${JSON.stringify(l)}\n`);
const mem = () => ({ rss: procMemory()?.rss ?? process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: import-worker FILE');
  const config = loadConfig();
  const database = openConfiguredDatabase(config);
  try {
    const protection = protectionFor(config);
    await prepareDatabase(database, protection.cipher);
    await checkIdentityKey(database, protection);
    const ctx = contextFor(config, database, protection);
    emit({ type: 'ready', at: Date.now(), ...mem() });
    const timer = setInterval(() => emit({ type: 'mem', at: Date.now(), ...mem() }), 250);
    // CPU time of the import itself (from its first progress event): on a shared machine the wall clock is not all ours.
    let cpu0: NodeJS.CpuUsage | undefined;
    try {
      const summary = await importRegistryFile(ctx, { ...SYSTEM_SCOPE, username: 'cli' }, CLI_ACTOR, {
        filePath: file,
        fileName: path.basename(file),
        dryRun: false,
        onProgress: (p) => {
          cpu0 ??= process.cpuUsage();
          emit({
            type: 'progress',
            at: Date.now(),
            phase: p.phase,
            rowsStaged: p.rowsStaged,
            familiesDone: p.familiesDone,
            familiesTotal: p.familiesTotal,
            bytesRead: p.bytesRead,
            fileBytes: p.fileBytes,
            ...mem(),
          });
        },
      });
      const cpu = process.cpuUsage(cpu0);
      emit({ type: 'done', at: Date.now(), summary: { ...summary }, hwm: procMemory()?.hwm ?? 0, heapUsed: process.memoryUsage().heapUsed, cpuMs: (cpu.user + cpu.system) / 1000 });
    } finally {
      clearInterval(timer);
    }
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    emit({ type: 'error', at: Date.now(), message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exit(1);
  },
);
