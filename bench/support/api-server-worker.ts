/**
 * Child process of the API load case: the real app over the country database, started as `npx titian serve`
 * starts it (config from the environment, migrate check, identity key check, buildApp with the logger on,
 * request lines off), listening on a free port of 127.0.0.1; and in the same process, with the same logger
 * settings, a bare Fastify instance on another port whose one route answers `{ ok: true }` (the baseline).
 * Writes one JSON line `{"type":"listening","app":PORT,"bare":PORT}` to stdout, logs go to stderr; runs
 * until SIGTERM. No graduation schedule runs (the load is the only work).
 */
import Fastify, { LogController } from 'fastify';
import { buildApp } from '../../src/server/app';
import { checkIdentityKey, contextFor, openConfiguredDatabase, prepareDatabase, protectionFor } from '../../src/server/bootstrap';
import { loadConfig } from '../../src/server/config';
import type { AddressInfo } from 'node:net';

const config = loadConfig();
const database = openConfiguredDatabase(config);
const protection = protectionFor(config);
await prepareDatabase(database, protection.cipher);
await checkIdentityKey(database, protection);
const ctx = contextFor(config, database, protection);
const app = await buildApp(ctx, { logger: { stream: process.stderr, level: 'info' } });
await app.listen({ port: 0, host: '127.0.0.1' });
const bare = Fastify({ logger: { level: 'info', stream: process.stderr }, logController: new LogController({ disableRequestLogging: true }) });
bare.get('/bare', async () => ({ ok: true }));
await bare.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(
  `${JSON.stringify({ type: 'listening', app: (app.server.address() as AddressInfo).port, bare: (bare.server.address() as AddressInfo).port, engine: database.engine })}\n`,
);
const stop = async () => {
  await bare.close();
  await app.close();
  await database.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
