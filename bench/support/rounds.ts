/**
 * The API cases' rounds (bench/cases/api-load.ts): pure arithmetic over load results, kept apart so it is
 * tested (tests/medium/bench/rounds.test.ts).
 */
import type { LoadResult } from './load-worker';

export interface Measured {
  r: LoadResult;
  rss: { start: number; peak: number; end: number };
}

export interface Round extends Measured {
  bareBefore: number;
  bareAfter: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * What a case's rounds say: each round's ratio is its rate over the higher of the two bare measurements
 * beside it (the machine's state at that moment, taken conservatively); the case is judged on the median
 * ratio, rate and latency percentiles of its rounds, so one round caught in a slow (or fast) moment of a
 * shared machine does not decide it.
 */
export function roundsOf(rounds: readonly Round[]) {
  const baselines = rounds.map((x) => Math.max(x.bareBefore, x.bareAfter));
  const ratios = rounds.map((x, i) => x.r.requestsPerSecond / baselines[i]!);
  return {
    ratios,
    /** The median of the rounds' baselines (each the higher bare measurement beside its round). */
    baseline: median(baselines),
    ratio: median(ratios),
    rate: median(rounds.map((x) => x.r.requestsPerSecond)),
    p50: median(rounds.map((x) => x.r.latencyMs.p50)),
    p95: median(rounds.map((x) => x.r.latencyMs.p95)),
    p99: median(rounds.map((x) => x.r.latencyMs.p99)),
    rss: { start: rounds[0]!.rss.start, peak: Math.max(...rounds.map((x) => x.rss.peak)), end: rounds.at(-1)!.rss.end },
  };
}
