/**
 * The installable app (scripts/pwa.ts): the manifest, the icons drawn in code, the service worker's
 * precache list and its behaviour, run in a small fake service-worker global (node:vm): the shell opens
 * offline, hashed assets are kept, and `/api` is never answered from or stored in a cache.
 */
import vm from 'node:vm';
import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  crc32,
  iconPng,
  iconSvg,
  MANIFEST_FILE,
  pwaStaticFiles,
  serviceWorkerSource,
  shellFiles,
  shellVersion,
  THEME_COLOR,
  webManifest,
} from '../../../scripts/pwa';

describe('web app manifest', () => {
  it('names Titian, speaks Bahasa Indonesia, opens standalone at /', () => {
    const m = webManifest();
    expect(m).toMatchObject({ name: 'Titian', short_name: 'Titian', lang: 'id', display: 'standalone', start_url: '/', scope: '/', theme_color: THEME_COLOR });
    expect(m.short_name.length).toBeLessThanOrEqual(12);
    expect(m.icons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ src: '/icon.svg', type: 'image/svg+xml' }),
        expect.objectContaining({ src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' }),
        expect.objectContaining({ src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' }),
        expect.objectContaining({ src: '/icon-512.png', purpose: 'maskable' }),
      ]),
    );
    // Shortcuts go to routes people bookmark.
    for (const s of m.shortcuts) expect(s.url).toMatch(/^\/[a-z-]+$/);
    const files = pwaStaticFiles();
    expect(JSON.parse(String(files.get(MANIFEST_FILE)?.body))).toEqual(m);
    expect(files.get(MANIFEST_FILE)?.type).toBe('application/manifest+json');
  });

  it('draws an SVG icon', () => {
    const svg = iconSvg();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 512 512"/);
    expect(svg).toContain(`fill="${THEME_COLOR}"`);
    expect(svg).toContain('<title>Titian</title>');
  });
});

/** Reads a PNG's chunks, checking each CRC. */
function readPng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(zlibCrc32(png.subarray(offset + 4, offset + 8 + length)));
    types.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]); // 8-bit RGBA, not interlaced
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 4 + 1) * height);
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, pixels };
}

describe('PNG icons', () => {
  it('computes the same CRC-32 as zlib', () => {
    for (const s of ['', 'IEND', 'Titian jembatan']) expect(crc32(Buffer.from(s))).toBe(zlibCrc32(Buffer.from(s)));
  });

  it.each([192, 512])('writes a valid %ipx PNG: brand colour behind a white bridge', (size) => {
    const { width, height, pixels } = readPng(iconPng(size));
    expect([width, height]).toEqual([size, size]);
    const at = (x: number, y: number) => [...pixels.subarray((Math.floor(y * size) * size + Math.floor(x * size)) * 4, (Math.floor(y * size) * size + Math.floor(x * size)) * 4 + 4)];
    expect(at(0.02, 0.02)).toEqual([0x0b, 0x5f, 0x56, 255]); // full bleed: works as a maskable icon
    expect(at(0.5, 0.661)).toEqual([255, 255, 255, 255]); // the deck
    // Nothing white outside the maskable safe zone (a circle of radius 0.4).
    for (let y = 0; y < size; y += 4) {
      for (let x = 0; x < size; x += 4) {
        const dx = (x + 0.5) / size - 0.5;
        const dy = (y + 0.5) / size - 0.5;
        if (Math.hypot(dx, dy) > 0.41) expect(pixels[(y * size + x) * 4]).toBe(0x0b);
      }
    }
  });
});

describe('the shell of a build', () => {
  const chunk = (fileName: string, imports: string[], isEntry = false, css: string[] = []) => ({
    type: 'chunk' as const,
    fileName,
    isEntry,
    imports,
    viteMetadata: { importedCss: new Set(css) },
  });
  const asset = (fileName: string) => ({ type: 'asset' as const, fileName, source: '' });
  const bundle = {
    'assets/index-A.js': chunk('assets/index-A.js', ['assets/ui-B.js'], true, ['assets/index-A.css']),
    'assets/ui-B.js': chunk('assets/ui-B.js', ['assets/shared-C.js']),
    'assets/shared-C.js': chunk('assets/shared-C.js', []),
    'assets/AdminPage-D.js': chunk('assets/AdminPage-D.js', ['assets/ui-B.js'], false, ['assets/AdminPage-D.css']),
    'assets/index-A.css': asset('assets/index-A.css'),
    'assets/AdminPage-D.css': asset('assets/AdminPage-D.css'),
    'index.html': asset('index.html'),
  };

  it('precaches index.html, the entry, its static imports, their CSS, the manifest and icons; not lazy screens', () => {
    expect(shellFiles(bundle)).toEqual([
      '/assets/index-A.css',
      '/assets/index-A.js',
      '/assets/shared-C.js',
      '/assets/ui-B.js',
      '/icon-192.png',
      '/icon-512.png',
      '/icon.svg',
      '/index.html',
      '/manifest.webmanifest',
    ]);
  });

  it('versions the worker by the shell', () => {
    const files = shellFiles(bundle);
    expect(shellVersion(files, '<html>a')).toMatch(/^[0-9a-f]{12}$/);
    expect(shellVersion(files, '<html>a')).toBe(shellVersion(files, '<html>a'));
    expect(shellVersion(files, '<html>a')).not.toBe(shellVersion(files, '<html>b'));
    expect(shellVersion(files.slice(1), '<html>a')).not.toBe(shellVersion(files, '<html>a'));
  });
});

// ---- the service worker in a fake global ------------------------------------------------------------

const ORIGIN = 'https://titian.example';

class FakeCache {
  readonly entries = new Map<string, Response>();
  private key(r: Request | string, ignoreSearch = false) {
    const u = new URL(typeof r === 'string' ? r : r.url, ORIGIN);
    return ignoreSearch ? u.origin + u.pathname : u.href;
  }
  async addAll(requests: Array<Request | string>) {
    for (const r of requests) {
      const res = await fakeFetch(typeof r === 'string' ? new Request(new URL(r, ORIGIN)) : r);
      if (!res.ok) throw new TypeError(`addAll: ${res.status}`);
      this.entries.set(this.key(r), res);
    }
  }
  async put(r: Request, res: Response) {
    this.entries.set(this.key(r), res);
  }
  async match(r: Request | string, opts: { ignoreSearch?: boolean } = {}) {
    const k = this.key(r, opts.ignoreSearch);
    for (const [key, res] of this.entries) if ((opts.ignoreSearch ? key.split('?')[0] : key) === k) return res.clone();
    return undefined;
  }
}

let online = true;
const fetched: string[] = [];
async function fakeFetch(r: Request): Promise<Response> {
  fetched.push(new URL(r.url).pathname);
  if (!online) throw new TypeError('Failed to fetch');
  const p = new URL(r.url).pathname;
  if (p === '/index.html' || !p.includes('.')) return new Response('<html>shell</html>', { headers: { 'content-type': 'text/html' } });
  return new Response(`body of ${p}`);
}

function loadWorker(precache: string[]) {
  const caches = new Map<string, FakeCache>();
  const handlers: Record<string, (e: unknown) => void> = {};
  const cacheStorage = {
    open: async (name: string) => {
      if (!caches.has(name)) caches.set(name, new FakeCache());
      return caches.get(name)!;
    },
    keys: async () => [...caches.keys()],
    delete: async (name: string) => caches.delete(name),
  };
  const self = {
    location: new URL(`${ORIGIN}/sw.js`),
    addEventListener: (type: string, fn: (e: unknown) => void) => {
      handlers[type] = fn;
    },
    skipWaiting: async () => undefined,
    clients: { claim: async () => undefined },
  };
  // As in a browser, a relative URL is resolved against the worker's location.
  const WorkerRequest = class extends Request {
    constructor(input: string | Request, init?: RequestInit) {
      super(typeof input === 'string' ? new URL(input, ORIGIN) : input, init);
    }
  };
  const context = vm.createContext({ self, caches: cacheStorage, fetch: fakeFetch, Request: WorkerRequest, Response, URL, Promise, setTimeout, clearTimeout });
  vm.runInContext(serviceWorkerSource({ version: 'v1', precache }), context);

  async function lifecycle(type: 'install' | 'activate') {
    let done: Promise<unknown> = Promise.resolve();
    handlers[type]?.({ waitUntil: (p: Promise<unknown>) => (done = p) });
    await done;
  }
  /** Dispatches a fetch event; undefined when the worker lets the browser handle it. */
  async function request(path: string, init: { mode?: 'navigate' | 'cors'; method?: string } = {}): Promise<Response | undefined> {
    const req = new Request(new URL(path, ORIGIN), { method: init.method ?? 'GET' });
    Object.defineProperty(req, 'mode', { value: init.mode ?? 'cors' });
    let answer: Promise<Response> | undefined;
    handlers.fetch?.({ request: req, respondWith: (p: Promise<Response>) => (answer = p) });
    return answer ? await answer : undefined;
  }
  return { caches, lifecycle, request };
}

describe('the service worker', () => {
  const precache = ['/assets/index-A.js', '/assets/index-A.css', '/index.html', '/manifest.webmanifest'];

  it('refuses a precache list without index.html', () => {
    expect(() => serviceWorkerSource({ version: 'x', precache: ['/assets/a.js'] })).toThrow(/index.html/);
  });

  it('precaches the shell on install and drops older Titian caches on activate', async () => {
    online = true;
    const sw = loadWorker(precache);
    sw.caches.set('titian-shell-old', new FakeCache());
    await sw.lifecycle('install');
    expect([...sw.caches.get('titian-shell-v1')!.entries.keys()].map((k) => new URL(k).pathname).sort()).toEqual([...precache].sort());
    await sw.lifecycle('activate');
    expect([...sw.caches.keys()]).toEqual(['titian-shell-v1']);
  });

  it('opens the shell offline for any page, and keeps hashed assets once loaded', async () => {
    online = true;
    const sw = loadWorker(precache);
    await sw.lifecycle('install');
    // Online, a page comes from the network.
    fetched.length = 0;
    expect(await (await sw.request('/keluarga/abc', { mode: 'navigate' }))!.text()).toBe('<html>shell</html>');
    expect(fetched).toEqual(['/keluarga/abc']);
    // A lazily loaded screen is fetched once, then kept.
    expect(await (await sw.request('/assets/AdminPage-D.js'))!.text()).toBe('body of /assets/AdminPage-D.js');
    online = false;
    expect(await (await sw.request('/assets/AdminPage-D.js'))!.text()).toBe('body of /assets/AdminPage-D.js');
    expect(await (await sw.request('/assets/index-A.js?v=1'))!.text()).toBe('body of /assets/index-A.js');
    // Offline, every page opens the cached shell.
    const page = await sw.request('/hari-ini', { mode: 'navigate' });
    expect(await page!.text()).toBe('<html>shell</html>');
    // What is neither shell nor a hashed asset is left to the network.
    expect(await sw.request('/other.txt')).toBeUndefined();
  });

  it('never answers or stores /api, not even a document opened as a page', async () => {
    online = true;
    const sw = loadWorker(precache);
    await sw.lifecycle('install');
    expect(await sw.request('/api/v1/families')).toBeUndefined();
    expect(await sw.request('/api/v1/families/x/graduation/letter.pdf', { mode: 'navigate' })).toBeUndefined();
    expect(await sw.request('/api')).toBeUndefined();
    expect(await sw.request('/api/v1/auth/login', { method: 'POST' })).toBeUndefined();
    expect([...sw.caches.get('titian-shell-v1')!.entries.keys()].some((k) => k.includes('/api'))).toBe(false);
  });

  it('ignores other origins', async () => {
    const sw = loadWorker(precache);
    await sw.lifecycle('install');
    expect(await sw.request('https://cdn.example/x.js')).toBeUndefined();
  });
});
