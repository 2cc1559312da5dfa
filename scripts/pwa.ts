/**
 * Titian as an installable web app (PWA), with no image tools and nothing downloaded:
 * - the web app manifest (Bahasa Indonesia, standalone, start_url `/`);
 * - the icon, drawn here: an SVG, and PNGs (192, 512) rasterised in plain TypeScript and written with
 *   node:zlib;
 * - the service worker: it precaches the app shell (index.html, the entry chunk, its static imports and
 *   the CSS), keeps the other hashed assets once they were loaded, opens the shell offline, and never
 *   touches `/api` (personal data is never cached);
 * - `pwaPlugin()`, the Vite plugin that emits all of these into the build (vite.config.ts) and serves
 *   the manifest and icons in development.
 * `node --import tsx scripts/pwa.ts <dir>` writes the files into a folder to look at them.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Plugin } from 'vite';

export const THEME_COLOR = '#0b5f56';
export const BACKGROUND_COLOR = '#f4f6f5';
export const MANIFEST_FILE = 'manifest.webmanifest';
export const SW_FILE = 'sw.js';
export const ICON_SVG_FILE = 'icon.svg';
export const PNG_ICON_SIZES = [192, 512] as const;
export const pngIconFile = (size: number): string => `icon-${size}.png`;

export interface WebManifest {
  id: string;
  name: string;
  short_name: string;
  description: string;
  lang: string;
  dir: 'ltr';
  start_url: string;
  scope: string;
  display: 'standalone';
  theme_color: string;
  background_color: string;
  icons: Array<{ src: string; sizes: string; type: string; purpose: 'any' | 'maskable' }>;
  shortcuts: Array<{ name: string; short_name: string; url: string }>;
}

export function webManifest(): WebManifest {
  return {
    id: '/',
    name: 'Titian',
    short_name: 'Titian',
    description: 'Pendampingan keluarga PKH menuju graduasi sejahtera mandiri',
    lang: 'id',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: [
      { src: `/${ICON_SVG_FILE}`, sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      ...PNG_ICON_SIZES.map((s) => ({ src: `/${pngIconFile(s)}`, sizes: `${s}x${s}`, type: 'image/png', purpose: 'any' as const })),
      // The PNGs are full-bleed with the bridge inside the central safe zone, so they also serve as maskable.
      ...PNG_ICON_SIZES.map((s) => ({ src: `/${pngIconFile(s)}`, sizes: `${s}x${s}`, type: 'image/png', purpose: 'maskable' as const })),
    ],
    shortcuts: [
      { name: 'Hari ini', short_name: 'Hari ini', url: '/hari-ini' },
      { name: 'Keluarga dampingan', short_name: 'Keluarga', url: '/keluarga' },
      { name: 'Dasbor', short_name: 'Dasbor', url: '/dasbor' },
    ],
  };
}

// ---- the icon ------------------------------------------------------------------------------------
// A footbridge (titian): an arch over a deck with three hangers, white on the brand colour. Coordinates
// are in a unit square; everything stays inside the maskable safe zone (a circle of radius 0.4).

type Pt = readonly [number, number];
interface Stroke {
  points: Pt[];
  width: number;
}

const ARCH: { from: Pt; control: Pt; to: Pt } = { from: [0.2, 0.6], control: [0.5, 0.2], to: [0.8, 0.6] };
const DECK_Y = 0.66;

function quad(t: number): Pt {
  const { from: a, control: c, to: b } = ARCH;
  const u = 1 - t;
  return [u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]];
}

function iconStrokes(): Stroke[] {
  const arch: Pt[] = Array.from({ length: 33 }, (_, i) => quad(i / 32));
  const hangers = [0.35, 0.5, 0.65].map((x): Stroke => {
    // Where the arch passes over x (the arch is symmetric and monotone in x).
    const t = (x - ARCH.from[0]) / (ARCH.to[0] - ARCH.from[0]);
    return { points: [[x, quad(t)[1]], [x, DECK_Y]], width: 0.04 };
  });
  return [
    { points: arch, width: 0.065 },
    { points: [[0.16, DECK_Y], [0.84, DECK_Y]], width: 0.06 },
    ...hangers,
  ];
}

export function iconSvg(): string {
  const f = (n: number) => Number((n * 512).toFixed(1));
  const paths = iconStrokes()
    .map((s) => `<path d="M${s.points.map(([x, y]) => `${f(x)} ${f(y)}`).join('L')}" stroke-width="${f(s.width)}"/>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">` +
    `<title>Titian</title><rect width="512" height="512" rx="96" fill="${THEME_COLOR}"/>` +
    `<g fill="none" stroke="#ffffff" stroke-linecap="round" stroke-linejoin="round">${paths}</g></svg>\n`
  );
}

function distanceToSegment(px: number, py: number, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len2));
  const x = a[0] + t * dx - px;
  const y = a[1] + t * dy - py;
  return Math.sqrt(x * x + y * y);
}

function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The icon as RGBA pixels, `size` × `size`: full-bleed background, anti-aliased white strokes. */
export function iconPixels(size: number): Uint8Array {
  const strokes = iconStrokes();
  const [br, bg, bb] = hexRgb(THEME_COLOR);
  const px = new Uint8Array(size * size * 4);
  const pixel = 1 / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = (x + 0.5) / size;
      const cy = (y + 0.5) / size;
      let cover = 0;
      for (const s of strokes) {
        const half = s.width / 2;
        for (let i = 1; i < s.points.length; i++) {
          const d = distanceToSegment(cx, cy, s.points[i - 1], s.points[i]);
          const c = Math.max(0, Math.min(1, 0.5 + (half - d) / pixel));
          if (c > cover) cover = c;
          if (cover === 1) break;
        }
        if (cover === 1) break;
      }
      const o = (y * size + x) * 4;
      px[o] = Math.round(br + (255 - br) * cover);
      px[o + 1] = Math.round(bg + (255 - bg) * cover);
      px[o + 2] = Math.round(bb + (255 - bb) * cover);
      px[o + 3] = 255;
    }
  }
  return px;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG (8-bit RGBA, no filtering, deflated with node:zlib) of `rgba` pixels. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

export function iconPng(size: number): Buffer {
  return encodePng(size, size, iconPixels(size));
}

// ---- the service worker --------------------------------------------------------------------------

export interface ServiceWorkerOptions {
  /** Changes whenever the shell changes, so that browsers install the new worker and drop old caches. */
  version: string;
  /** Absolute paths fetched at install: the shell. `/index.html` must be one of them. */
  precache: string[];
  /**
   * Every other screen's files, fetched at install after the shell (a failure does not fail the
   * install), so that a pendamping can open any screen offline, also one never opened online.
   */
  later?: string[];
}

/** The service worker's source: plain JavaScript, no libraries. */
export function serviceWorkerSource({ version, precache, later = [] }: ServiceWorkerOptions): string {
  if (!precache.includes('/index.html')) throw new Error('the precache list must hold /index.html');
  return `// Titian service worker (generated by scripts/pwa.ts; do not edit). Version ${version}.
// The app shell opens offline. /api answers (personal data) are never cached: they go to the network.
'use strict';
const VERSION = ${JSON.stringify(version)};
const CACHE = 'titian-shell-' + VERSION;
const PRECACHE = ${JSON.stringify(precache)};
const LATER = ${JSON.stringify(later)};
const NAVIGATION_TIMEOUT_MS = 5000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        cache
          .addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))
          // The other screens too, before this worker takes over (the page keeps working meanwhile, from
          // the network or the previous worker); a file that fails is kept when it is first opened.
          .then(() => Promise.all(LATER.map((url) => cache.add(new Request(url, { cache: 'reload' })).catch(() => undefined)))),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('titian-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function isApi(url) {
  return url.pathname === '/api' || url.pathname.startsWith('/api/');
}

function cachedShell() {
  return caches.open(CACHE).then((cache) => cache.match('/index.html'));
}

// Pages: the network first (a fresh shell when online), the cached shell when offline or very slow.
function navigate(request) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (response) => {
      if (!settled && response) {
        settled = true;
        resolve(response);
      }
    };
    const timer = setTimeout(() => cachedShell().then(settle), NAVIGATION_TIMEOUT_MS);
    fetch(request).then(
      (response) => {
        clearTimeout(timer);
        settle(response);
      },
      () => {
        clearTimeout(timer);
        cachedShell().then((shell) => settle(shell || Response.error()));
      },
    );
  });
}

// The shell and the hashed assets: from the cache, else the network (hashed assets are kept once loaded).
function fromCache(request, url) {
  return caches.open(CACHE).then((cache) =>
    cache.match(request, { ignoreSearch: true }).then(
      (hit) =>
        hit ||
        fetch(request).then((response) => {
          if (response.ok && url.pathname.startsWith('/assets/')) cache.put(request, response.clone());
          return response;
        }),
    ),
  );
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Personal data: never answered from a cache, never stored (this includes documents opened as pages).
  if (isApi(url)) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
    return;
  }
  if (PRECACHE.includes(url.pathname) || url.pathname.startsWith('/assets/')) event.respondWith(fromCache(request, url));
});
`;
}

// ---- the shell of a build ------------------------------------------------------------------------

interface BundleChunk {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}
interface BundleAsset {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}
type BundleItem = BundleChunk | BundleAsset;

/**
 * The files of the app shell: index.html, each entry chunk with its static imports (what the first
 * screen loads) and their CSS, the manifest and the icons. Lazily loaded screens are not precached:
 * they are kept once opened.
 */
export function shellFiles(bundle: Record<string, BundleItem>): string[] {
  const files = new Set<string>(['index.html', MANIFEST_FILE, ICON_SVG_FILE, ...PNG_ICON_SIZES.map(pngIconFile)]);
  const visit = (name: string) => {
    const item = bundle[name];
    if (!item || item.type !== 'chunk' || files.has(name)) return;
    files.add(name);
    for (const css of item.viteMetadata?.importedCss ?? []) files.add(css);
    for (const dep of item.imports) visit(dep);
  };
  for (const item of Object.values(bundle)) if (item.type === 'chunk' && item.isEntry) visit(item.fileName);
  return [...files].sort().map((f) => `/${f}`);
}

/** The screens' files that are not in the shell (lazily loaded chunks and their CSS), fetched after install. */
export function laterFiles(bundle: Record<string, BundleItem>, shell: readonly string[]): string[] {
  const inShell = new Set(shell);
  return Object.keys(bundle)
    .filter((name) => /\.(js|css)$/.test(name) && !inShell.has(`/${name}`))
    .sort()
    .map((f) => `/${f}`);
}

/** A short hash of the shell's file names and index.html, for the service worker's version. */
export function shellVersion(precache: string[], indexHtml: string | Uint8Array): string {
  return createHash('sha256').update(precache.join('\n')).update('\n').update(indexHtml).digest('hex').slice(0, 12);
}

const HEAD_TAGS = [
  { tag: 'link', attrs: { rel: 'manifest', href: `/${MANIFEST_FILE}` }, injectTo: 'head' as const },
  { tag: 'link', attrs: { rel: 'icon', href: `/${ICON_SVG_FILE}`, type: 'image/svg+xml' }, injectTo: 'head' as const },
  { tag: 'link', attrs: { rel: 'apple-touch-icon', href: `/${pngIconFile(192)}` }, injectTo: 'head' as const },
];

/** The static files (manifest and icons) by name, with their types. */
export function pwaStaticFiles(): Map<string, { type: string; body: string | Buffer }> {
  const files = new Map<string, { type: string; body: string | Buffer }>();
  files.set(MANIFEST_FILE, { type: 'application/manifest+json', body: `${JSON.stringify(webManifest(), null, 2)}\n` });
  files.set(ICON_SVG_FILE, { type: 'image/svg+xml', body: iconSvg() });
  for (const s of PNG_ICON_SIZES) files.set(pngIconFile(s), { type: 'image/png', body: iconPng(s) });
  return files;
}

/**
 * The Vite plugin: links the manifest and icons from index.html; in a build, emits the manifest, the
 * icons and the service worker (`sw.js` at the root, so its scope is the whole app); in development,
 * serves the manifest and icons (no service worker there).
 */
export function pwaPlugin(): Plugin {
  let statics: ReturnType<typeof pwaStaticFiles> | undefined;
  const files = () => (statics ??= pwaStaticFiles());
  return {
    name: 'titian-pwa',
    enforce: 'post',
    transformIndexHtml: () => HEAD_TAGS,
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = (req.url ?? '').split('?')[0].replace(/^\//, '');
        const file = name === SW_FILE ? undefined : files().get(name);
        if (!file) return next();
        res.setHeader('Content-Type', file.type);
        res.end(file.body);
      });
    },
    generateBundle(_options, bundle) {
      for (const [fileName, file] of files()) this.emitFile({ type: 'asset', fileName, source: file.body });
      const items = bundle as unknown as Record<string, BundleItem>;
      const index = items['index.html'];
      if (!index || index.type !== 'asset') this.error('index.html is not in the bundle: the service worker needs it');
      const precache = shellFiles(items);
      const later = laterFiles(items, precache);
      this.emitFile({ type: 'asset', fileName: SW_FILE, source: serviceWorkerSource({ version: shellVersion([...precache, ...later], index.source), precache, later }) });
    },
  };
}

// `node --import tsx scripts/pwa.ts <dir>`: write the manifest and icons to look at them.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const dir = process.argv[2] ?? '.tmp/pwa';
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, file] of pwaStaticFiles()) fs.writeFileSync(path.join(dir, name), file.body);
  console.log(`wrote ${[...pwaStaticFiles().keys()].join(', ')} to ${dir}`);
}
