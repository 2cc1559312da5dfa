/**
 * The security headers of every answer, computed once when the app is built and set with one hook.
 * (@fastify/helmet did the same work per request: parsing the CSP directives, one middleware per
 * header; on a small JSON answer that was about a tenth of the server's CPU.) The set is helmet's
 * defaults with Titian's policy: a strict CSP (the web app loads nothing from elsewhere), no
 * referrer, HSTS only behind HTTPS, API answers never stored, and the device features the app uses.
 */
import type { FastifyInstance } from 'fastify';

const CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'"],
};

export const PERMISSIONS_POLICY = 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=()';

/** The headers every answer carries (`hsts`: the site is served over HTTPS). */
export function securityHeaders(opts: { hsts: boolean }): Record<string, string> {
  return {
    'content-security-policy': Object.entries(CSP)
      .map(([k, v]) => `${k} ${v.join(' ')}`)
      .join(';'),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    ...(opts.hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
    'permissions-policy': PERMISSIONS_POLICY,
  };
}

export function registerSecurityHeaders(app: FastifyInstance, opts: { hsts: boolean }): void {
  const all = securityHeaders(opts);
  const api = { ...all, 'cache-control': 'no-store' };
  // onRequest, so errors, 404s and files get them too; a route may still override one (e.g. a download's cache policy).
  app.addHook('onRequest', (req, reply, done) => {
    // API answers carry personal data: never kept by browsers or shared caches.
    reply.headers(req.url.startsWith('/api/') ? api : all);
    done();
  });
}
