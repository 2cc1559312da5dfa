/**
 * A browser tab closed while the server streamed a compressed file: the client went away, nothing failed on
 * the server. It is logged as information with the URL, never as an error ("premature close" at level 50,
 * without a URL, was logged every time a tab closed). A real socket is closed mid-response.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

describe('a client that goes away mid-download', () => {
  let t: TestApp;
  let port: number;
  let webRoot: string;
  const lines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-web-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Titian</title>');
    // Large and only partly compressible, so the gzip stream is still running when the socket closes.
    const chunk = Array.from({ length: 4096 }, (_, i) => `const v${i} = ${(i * 2654435761) % 1000003};`).join('\n');
    fs.writeFileSync(path.join(webRoot, 'app.js'), chunk.repeat(200));
    const stream = new Writable({
      write(c, _e, cb) {
        for (const line of String(c).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        cb();
      },
    });
    t = await createTestApp('sqlite', { webRoot, logger: { stream, level: 'info' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  it('is logged as information with the URL, not as an error', async () => {
    for (let round = 0; round < 3; round += 1) {
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write('GET /app.js?v=1 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n');
        });
        socket.once('data', () => {
          socket.destroy();
          resolve();
        });
        socket.on('error', reject);
      });
    }
    // Let the server notice the closed sockets.
    await new Promise((r) => setTimeout(r, 500));
    const errors = lines.filter((l) => Number(l.level) >= 50);
    expect(errors, JSON.stringify(errors)).toEqual([]);
    const gone = lines.filter((l) => l.msg === 'client closed the connection before the answer was sent');
    expect(gone.length).toBeGreaterThan(0);
    expect(gone[0]).toMatchObject({ level: 30, url: '/app.js?v=1' });
  });

  it('a whole download logs nothing', async () => {
    const before = lines.length;
    const res = await fetch(`http://127.0.0.1:${port}/app.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeGreaterThan(1000);
    await new Promise((r) => setTimeout(r, 100));
    expect(lines.slice(before).filter((l) => Number(l.level) >= 40)).toEqual([]);
  });
});
