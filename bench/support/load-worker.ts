/**
 * Child process of the API load case: the load generator (autocannon), apart from the server so the two
 * never share an event loop. `node --import tsx bench/support/load-worker.ts '<json>'` with
 * `{url, connections, seconds, headers?, paths?}`: `paths` are visited in turn (each request takes the next),
 * otherwise `url`'s path every time. Writes one JSON line: requests/s, latency percentiles computed from
 * every response's own time (autocannon's histogram has no p95), status counts, errors.
 */
import autocannon from 'autocannon';

interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  paths?: string[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  status2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const times: number[] = [];
let ok = 0;
let bad = 0;
let next = 0;
const paths = spec.paths;
const t0 = performance.now();
const instance = autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    pipelining: 1,
    timeout: 30,
    headers: spec.headers,
    ...(paths && paths.length > 0
      ? {
          requests: [
            {
              method: 'GET',
              setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }),
            },
          ],
        }
      : {}),
  },
  (err, result) => {
    if (err) {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exit(1);
    }
    const seconds = (performance.now() - t0) / 1000;
    times.sort((a, b) => a - b);
    const q = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(times.length * p))]! : 0);
    const out: LoadResult = {
      requests: times.length,
      seconds: result.duration ?? seconds,
      requestsPerSecond: times.length / (result.duration || seconds),
      latencyMs: { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: times.at(-1) ?? 0, mean: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length) },
      status2xx: ok,
      non2xx: bad,
      errors: result.errors,
      timeouts: result.timeouts,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    process.exit(0);
  },
);
instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
  times.push(responseTime);
  if (statusCode >= 200 && statusCode < 300) ok++;
  else bad++;
});
