import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { pwaPlugin } from './scripts/pwa.js';

/**
 * The web app: source in src/web, built into dist/web at the repository root, which the server
 * serves at `/`. In development (`npx vite`), `/api` is proxied to the server on port 3000.
 */
const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  root,
  base: '/',
  // pwaPlugin: the manifest, the icons (drawn in code) and the service worker, emitted into the build.
  plugins: [react(), pwaPlugin()],
  // No public/ directory: everything the app needs is bundled or generated; no CDN, no web fonts.
  publicDir: false,
  // The app's version, sent with every sync request (coordinators see which phones run old versions).
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    // Warn if the initial chunk grows past the phone budget: about 150 KB gzip, which is about 500 KB raw
    // here (React, the router, TanStack Query, the catalogues). The login page (with Zod) and the feature
    // screens load on demand; server-only catalogues stay out (src/server/i18n.ts).
    chunkSizeWarningLimit: 500,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
