/**
 * Child processes of the national benchmarks: a TypeScript worker run through tsx (`node --import tsx`), its
 * stdout read as JSON lines, its stderr kept for the error message.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const BENCH_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(BENCH_ROOT, '..');

export interface Worker<L> {
  child: ChildProcess;
  pid: number;
  /** Every JSON line the worker wrote so far, in order. */
  lines: L[];
  /** Resolves with the next line that satisfies `pred` (already received or still to come). */
  waitFor(pred: (l: L) => boolean, timeoutMs?: number): Promise<L>;
  /** Resolves with the exit code once the worker ended (rejects with its stderr tail when it is not 0). */
  exited: Promise<number>;
  stderr(): string;
  kill(): void;
}

/** Starts `script` (a path under bench/, .ts through tsx or .mjs as is) with `args`. */
export function startWorker<L>(script: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (l: L) => void): Worker<L> {
  const file = path.join(BENCH_ROOT, script);
  const nodeArgs = file.endsWith('.ts') ? ['--import', 'tsx', file, ...args] : [file, ...args];
  const child = spawn(process.execPath, nodeArgs, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: L[] = [];
  const waiters: Array<{ pred: (l: L) => boolean; resolve: (l: L) => void }> = [];
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    if (err.length > 64 * 1024) err = err.slice(-32 * 1024);
  });
  const rl = createInterface({ input: child.stdout! });
  rl.on('line', (text) => {
    let l: L;
    try {
      l = JSON.parse(text) as L;
    } catch {
      err += `${text}\n`;
      return;
    }
    lines.push(l);
    onLine?.(l);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.pred(l)) {
        waiters[i]!.resolve(l);
        waiters.splice(i, 1);
      }
    }
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      rl.close();
      if (code === 0) resolve(0);
      else reject(new Error(`${script} ended with ${code ?? signal}: ${err.trim().split('\n').slice(-15).join('\n')}`));
    });
  });
  exited.catch(() => {});
  return {
    child,
    pid: child.pid!,
    lines,
    exited,
    stderr: () => err,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
    waitFor(pred, timeoutMs = 600_000) {
      const seen = lines.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise<L>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script}: no expected line within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`)), timeoutMs);
        const w = {
          pred,
          resolve: (l: L) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        waiters.push(w);
        exited.then(
          () => {
            clearTimeout(timer);
            if (waiters.includes(w)) reject(new Error(`${script} ended before the expected line; stderr: ${err.slice(-2000)}`));
          },
          (e: unknown) => {
            clearTimeout(timer);
            reject(e);
          },
        );
      });
    },
  };
}
