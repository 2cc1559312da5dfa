/**
 * Running the `titian` command line in tests.
 *
 * `runTitian` calls the CLI's `main(argv)` inside the test process: the same code a user's `titian` runs, without
 * starting node, tsx and the whole module graph again for every command (about 1.5 s of CPU each, 3 s and more
 * under CI load). For the duration of one command it gives the command the process as a real run would see it:
 * the environment asked for, a stdin (the input given, or an empty non-TTY one so nothing waits for a prompt),
 * stdout and stderr (captured, and not terminals), the console (captured: vitest replaces the global console).
 * Commands run one at a time, since all of that is process-wide. After each command it checks that the command
 * closed what it opened (database connections, files, timers): a real process exits and hides such a leak, a
 * long-running server would not.
 *
 * `spawnTitian` runs `bin/titian.mjs` as a child process, for the few tests about the executable itself (its
 * exit codes, a real TTY-less process, signals).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { formatWithOptions } from 'node:util';
import pg from 'pg';

export const BIN = path.resolve(__dirname, '../../bin/titian.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The working directory of the command (process.chdir for the duration; forks pool only). */
  cwd?: string;
}

type Env = Record<string, string | undefined>;

let loadedMain: Promise<(argv: string[]) => Promise<number>> | undefined;
/** src/cli/index.ts, loaded once on first use (a test file that only spawns never loads it). */
const cliMain = () => (loadedMain ??= import('../../src/cli/index').then((m) => m.main));

/** The chain commands run on, one at a time: env, cwd and the standard streams are the process's. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `titian ARGS` in this process, with `env` applied over process.env (`undefined` removes a variable) and
 * `input` as standard input. Resolves with main's exit code and what the command wrote; a throw out of main is
 * code 1 with the error on stderr (the real executable would crash with a non-zero code). Rejects when the
 * command left a resource open (see `leftOpen`).
 */
export function runTitian(args: string[], env: Env = {}, input?: string, options: RunOptions = {}): Promise<CliResult> {
  const run = queue.then(() => runNow(args, env, input, options));
  queue = run.catch(() => {});
  return run;
}

async function runNow(args: string[], env: Env, input: string | undefined, options: RunOptions): Promise<CliResult> {
  const main = await cliMain();
  const before = await resources();
  let stdout = '';
  let stderr = '';
  const timers: Timers = [];
  const restore: Array<() => void> = [];
  let result: CliResult;
  try {
    // The environment: each key set or removed, and put back exactly as it was.
    for (const [key, value] of Object.entries(env)) {
      const had = Object.prototype.hasOwnProperty.call(process.env, key);
      const old = process.env[key];
      restore.push(() => {
        if (had) process.env[key] = old;
        else delete process.env[key];
      });
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (options.cwd) {
      const old = process.cwd();
      process.chdir(options.cwd);
      restore.push(() => process.chdir(old));
    }
    // The standard streams: replaced, not patched, so listeners a command adds (generate's 'error') go with them,
    // `isTTY` is unset as on a pipe, and the real stdin is never opened.
    replaceStream('stdin', inputStream(input), restore);
    replaceStream('stdout', captureStream((s) => (stdout += s)), restore);
    replaceStream('stderr', captureStream((s) => (stderr += s)), restore);
    const out = (...a: unknown[]) => void (stdout += `${formatWithOptions({ colors: false }, ...a)}\n`);
    const err = (...a: unknown[]) => void (stderr += `${formatWithOptions({ colors: false }, ...a)}\n`);
    for (const [method, write] of [
      ['log', out],
      ['info', out],
      ['debug', out],
      ['warn', err],
      ['error', err],
    ] as const) {
      const old = Object.getOwnPropertyDescriptor(console, method);
      restore.push(() => (old ? Object.defineProperty(console, method, old) : delete (console as unknown as Record<string, unknown>)[method]));
      Object.defineProperty(console, method, { value: write, configurable: true, writable: true });
    }
    // Timers: counted by Node with everything else's (vitest's own come and go), so the command's are followed.
    const timerGlobals = globalThis as unknown as Record<'setTimeout' | 'setInterval', (...a: unknown[]) => NodeJS.Timeout>;
    for (const name of ['setTimeout', 'setInterval'] as const) {
      const original = timerGlobals[name];
      restore.push(() => (timerGlobals[name] = original));
      // Object.assign: keeps what hangs on the function (setTimeout[util.promisify.custom]).
      timerGlobals[name] = Object.assign((...a: unknown[]) => {
        const timer = original(...a);
        timers.push({ timer, stack: new Error().stack?.split('\n').slice(2, 5).join(' | ') ?? '' });
        return timer;
      }, original);
    }
    let code: number;
    try {
      code = await main(args);
    } catch (e) {
      code = 1;
      stderr += `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`;
    }
    result = { code, stdout, stderr };
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  const leaks = await leftOpen(before, timers);
  if (leaks.length) {
    throw new Error(
      `titian ${args.join(' ')} left open what it opened (a real process would hide this by exiting):\n  ${leaks.join('\n  ')}\n(code ${result.code}; stderr: ${result.stderr.trim().slice(0, 500)})`,
    );
  }
  return result;
}

function replaceStream(name: 'stdin' | 'stdout' | 'stderr', value: unknown, restore: Array<() => void>) {
  const old = Object.getOwnPropertyDescriptor(process, name);
  restore.push(() => (old ? Object.defineProperty(process, name, old) : delete (process as unknown as Record<string, unknown>)[name]));
  Object.defineProperty(process, name, { value, configurable: true, enumerable: true, writable: true });
}

/** A pipe's stdin: the input, then its end (or just the end), and not a terminal. */
function inputStream(input: string | undefined): Readable {
  const stream = new Readable({ read() {} });
  if (input !== undefined) stream.push(Buffer.from(input, 'utf8'));
  stream.push(null);
  return stream;
}

function captureStream(write: (s: string) => void): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, encoding, cb) {
      write(typeof chunk === 'string' ? Buffer.from(chunk, encoding).toString('utf8') : chunk.toString('utf8'));
      cb();
    },
  });
}

/** The timers a command set, with where it set them. */
type Timers = Array<{ timer: NodeJS.Timeout; stack: string }>;

/**
 * What may keep a process alive or hold a file: the active resources Node reports (handles and timers that are
 * ref'd: sockets, servers, child processes, timers, workers) and the open file descriptors with what they point
 * at (files, sockets, also the unref'd ones and SQLite's files, which Node does not report as resources).
 */
interface Resources {
  active: Map<string, number>;
  fds: Map<string, string>;
}

const FD_DIR = '/proc/self/fd';

async function resources(): Promise<Resources> {
  const active = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) active.set(r, (active.get(r) ?? 0) + 1);
  const fds = new Map<string, string>();
  if (fs.existsSync(FD_DIR)) {
    for (const fd of fs.readdirSync(FD_DIR)) {
      try {
        fds.set(fd, fs.readlinkSync(path.join(FD_DIR, fd)));
      } catch {
        // the descriptor of the readdir itself, closed by now
      }
    }
  }
  return { active, fds };
}

/**
 * What is open now and was not before the command. Closing is often a step behind the promise that asked for it
 * (a socket's handle goes on the next turns of the loop, an fs request completes): the check looks again for up to
 * a second before it calls anything left open. Everything new is a leak (a `TCPSocketWrap` or `socket:` of a
 * PostgreSQL pool, a SQLite `.db`/`-wal`, an export file, a timer the command set and neither ran nor cleared,
 * ref'd or not: an unref'd one still holds what its callback holds), except:
 * - descriptors of anonymous kernel objects (`anon_inode:`: eventfd/epoll/io_uring that libuv and Node make
 *   lazily, once, for the process) and pipes (a child process, which the `ProcessWrap` resource catches): the
 *   process's plumbing, not the command's; and the readdir of /proc/self/fd itself. None showed up in these
 *   tests; the exception is there so a Node upgrade does not turn plumbing into failures;
 * - one descriptor of a SQLite database file that the test itself (or a server in the test) already had open
 *   before the command: POSIX locks belong to the process, so SQLite cannot close a connection's descriptor while
 *   another connection of the same process holds a lock on that file (in WAL mode each open connection holds
 *   a shared lock on it). It parks the descriptor until the other connection closes, and the next connection
 *   to open the file takes it back. A separate process would not see this; nothing in the command holds it.
 *   Checked: `open A; open B; close B` leaves one extra descriptor to the .db (not to -wal/-shm), gone when A
 *   closes. Only one per file is tolerated, and never a file that was not open before the command.
 * Timers are followed one by one (globalThis.setTimeout/setInterval wrapped for the command), not counted from
 * `getActiveResourcesInfo`: vitest's own timers (its console's flush) come and go during a command.
 */
async function leftOpen(before: Resources, timers: Timers): Promise<string[]> {
  let leaks: string[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, attempt === 0 ? 0 : 20));
    const now = await resources();
    leaks = [];
    for (const [kind, n] of now.active) {
      if (kind === 'Timeout') continue; // followed one by one below
      const extra = n - (before.active.get(kind) ?? 0);
      if (extra > 0) leaks.push(`${extra} × ${kind}`);
    }
    const openBefore = new Set(before.fds.values());
    const parked = new Set<string>();
    for (const [fd, target] of now.fds) {
      if (before.fds.get(fd) === target) continue;
      if (target.startsWith('anon_inode:') || target.startsWith('pipe:') || target.startsWith(`/proc/${process.pid}/fd`) || target.startsWith('/proc/self/fd')) continue;
      if (openBefore.has(target) && !/-(wal|shm|journal)$/.test(target) && !parked.has(target)) {
        parked.add(target); // SQLite's parked descriptor, see above
        continue;
      }
      leaks.push(`fd ${fd} → ${target}`);
    }
    for (const { timer, stack } of timers) {
      // Neither run (a timeout) nor cleared: `_destroyed` is how Node itself tells (lib/internal/timers.js).
      if (!(timer as unknown as { _destroyed: boolean })._destroyed) leaks.push(`${timer.hasRef() ? '' : "unref'd "}timer set at ${stack}`);
    }
    if (!leaks.length) return [];
  }
  return leaks;
}

/**
 * Runs `bin/titian.mjs ARGS` as a child process, as a user runs it. `code` is null when a signal ended it.
 * Start it before, not during, a `runTitian` it runs beside (as in `Promise.all([spawnTitian(..), runTitian(..)])`):
 * a child started during an in-process command counts as that command's leak.
 */
export function spawnTitian(args: string[], env: Env = {}, input?: string, options: RunOptions & { timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => {}); // a command that does not read its stdin may exit before it is written
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** TEST_DATABASE_URL's server, another database on it. */
function urlOf(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(base: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

export interface CliDatabase {
  name: string;
  /** The DATABASE_URL the command line is given. */
  url: string;
  drop(): Promise<void>;
}

/**
 * An empty PostgreSQL database of its own for a test file's commands (`<prefix>_<hex>`), on the server of
 * `adminUrl` (TEST_DATABASE_URL): the commands migrate it themselves, as on a new installation.
 */
export async function createCliDatabase(prefix: string, adminUrl: string): Promise<CliDatabase> {
  // Named as tests/support/engines.ts names its copies (`titian_t_<day>_…`), so one a killed run leaves is swept.
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const name = `titian_t_${day}_${prefix.replace(/^titian_/, '')}_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${name}`));
  return { name, url: urlOf(adminUrl, name), drop: () => withAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}) };
}
