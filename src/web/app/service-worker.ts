/**
 * Registers the service worker (built by scripts/pwa.ts as /sw.js): the app shell then opens offline.
 * Production builds only (main.tsx); `/api` answers are never cached by it.
 */
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const register = () => {
    // updateViaCache 'none': a new deployment's worker is noticed on the next visit, whatever HTTP caches hold.
    navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch((error: unknown) => {
      console.warn('Titian: the service worker could not be registered; the app works, but not offline.', error);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
