import path from 'node:path';

/** Runtime configuration, from environment variables (contract: "Configuration"). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Seed the demo data set into an empty database. */
  demo: boolean;
  /** Secure cookies (behind HTTPS). */
  secureCookies: boolean;
  sessionTtlHours: number;
  /** A session unused for this long ends by itself. */
  sessionIdleMinutes: number;
  /** Largest photo upload accepted, in bytes (TITIAN_UPLOAD_MAX_BYTES, default 3 MB); optional so test configs may omit it. */
  uploadMaxBytes?: number;
  /** Days a phone may keep working offline without the server confirming its session (TITIAN_OFFLINE_DAYS, default 7). */
  offlineDays?: number;
  /** Largest registry file an upload may send, in bytes (TITIAN_IMPORT_MAX_BYTES, default 2 GiB); optional so test configs may omit it. */
  importMaxBytes?: number;
}

export const DEFAULT_UPLOAD_MAX_BYTES = 3 * 1024 * 1024;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL harus diawali postgres:// (DATABASE_URL must start with postgres://)');
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT tidak valid: ${env.PORT} (invalid PORT)`);
  }
  const demoDefault = databaseUrl ? '0' : '1';
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.TITIAN_DATA_DIR?.trim() || './data'),
    demo: (env.TITIAN_DEMO ?? demoDefault).trim() === '1',
    secureCookies: env.TITIAN_SECURE_COOKIES === '1',
    sessionTtlHours: positive(env.TITIAN_SESSION_TTL_HOURS, 12),
    sessionIdleMinutes: positive(env.TITIAN_SESSION_IDLE_MINUTES, 120),
    uploadMaxBytes: Math.floor(positive(env.TITIAN_UPLOAD_MAX_BYTES, DEFAULT_UPLOAD_MAX_BYTES)),
    offlineDays: Math.floor(positive(env.TITIAN_OFFLINE_DAYS, 7)),
    importMaxBytes: Math.floor(positive(env.TITIAN_IMPORT_MAX_BYTES, 2 * 1024 * 1024 * 1024)),
  };
}

/** A duration in ms from the environment: 0 or more (0 turns a cache off); `fallback` when unset or not a number. */
export function millisecondsFrom(value: string | undefined, fallback: number): number {
  const n = Number(value?.trim() || Number.NaN);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
