/**
 * Process memory for the national benchmarks, read from Linux's /proc/<pid>/status: VmRSS (resident set now)
 * and VmHWM (the resident set's high-water mark). Reading /proc works while the process measured is busy
 * (a synchronous SQLite query blocks its event loop, so it could not answer for itself), and for child
 * processes. `resetPeak()` clears the calling process's high-water mark (writes 5 to /proc/self/clear_refs),
 * so a case run in the bench's own process gets a peak of its own.
 */
import fs from 'node:fs';

export interface ProcMemory {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size (since start or the last reset), bytes. */
  hwm: number;
  /**
   * The anonymous part of the resident set (RssAnon), bytes: the process's own memory (heap, stacks,
   * SQLite's page cache). The rest is mostly pages of files it maps (RssFile: code, and the database file
   * SQLite maps, which are the kernel's shared, reclaimable file cache).
   */
  anon: number;
}

export const MB = 1024 * 1024;
export const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/** The process's memory, or undefined when /proc cannot be read (not Linux, or the process ended). */
export function procMemory(pid: number | 'self' = 'self'): ProcMemory | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : 0;
  };
  return { rss: kb('VmRSS'), hwm: kb('VmHWM'), anon: kb('RssAnon') };
}

/** Resets this process's peak RSS (VmHWM) to its current RSS; false when the kernel does not allow it. */
export function resetPeak(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export interface RssSample {
  /** ms since the sampler started. */
  t: number;
  rss: number;
  /** RssAnon, bytes. */
  anon: number;
}

/**
 * Polls a process's RSS every `everyMs` (default 200 ms) until stopped; the peak also takes the kernel's
 * high-water mark into account, so a spike between two polls is not missed.
 */
export class RssSampler {
  readonly samples: RssSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly t0 = performance.now();
  private hwm = 0;

  constructor(
    private readonly pid: number | 'self',
    everyMs = 200,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  sample(): number | undefined {
    const m = procMemory(this.pid);
    if (!m) return undefined;
    this.samples.push({ t: performance.now() - this.t0, rss: m.rss, anon: m.anon });
    if (m.hwm > this.hwm) this.hwm = m.hwm;
    return m.rss;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Largest RSS seen by polling (a child's VmHWM includes its start-up; see `peakWithHwm`). */
  get peak(): number {
    return this.samples.reduce((p, s) => Math.max(p, s.rss), 0);
  }

  /** The larger of the polled peak and the kernel's high-water mark. */
  get peakWithHwm(): number {
    return Math.max(this.peak, this.hwm);
  }

  get first(): number {
    return this.samples[0]?.rss ?? 0;
  }

  get last(): number {
    return this.samples.at(-1)?.rss ?? 0;
  }

  /** Largest RSS polled within [fromMs, toMs) of the sampler's clock. */
  peakBetween(fromMs: number, toMs = Number.POSITIVE_INFINITY): number {
    let p = 0;
    for (const s of this.samples) if (s.t >= fromMs && s.t < toMs && s.rss > p) p = s.rss;
    return p;
  }

  /** Largest anonymous memory (RssAnon) polled within [fromMs, toMs) of the sampler's clock. */
  anonPeakBetween(fromMs: number, toMs = Number.POSITIVE_INFINITY): number {
    let p = 0;
    for (const s of this.samples) if (s.t >= fromMs && s.t < toMs && s.anon > p) p = s.anon;
    return p;
  }

  /** The sampler's clock now, ms. */
  now(): number {
    return performance.now() - this.t0;
  }
}
