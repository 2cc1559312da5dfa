import type { AddressInfo } from 'node:net';
import { createTestApp } from './app';

/** A listening Titian server on a fresh SQLite database seeded with the demo data set (for browser tests). */
export async function startAppServer(opts: { webRoot?: string; seedFamilies?: number } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const t = await createTestApp('sqlite', { seedFamilies: opts.seedFamilies ?? 2000, webRoot: opts.webRoot });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => t.close() };
}
