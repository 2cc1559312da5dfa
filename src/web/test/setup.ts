/**
 * Set-up for every web (happy-dom) test file.
 *
 * - Components are rendered through React's `act`, so React is told it runs in an act environment
 *   (without it, files that render without the helpers print "not configured to support act").
 * - React prints "A suspended resource finished loading inside a test" from its ping of a suspended
 *   root, asynchronously, when a lazily loaded section's module arrives after the test that asked for it
 *   has moved on or unmounted the page. Under load that can land after the file's last test, while
 *   Vitest closes the worker's channel, and Vitest then fails the run on the late log
 *   ("Closing rpc while onUserConsoleLog was pending") although every test passed. That one message
 *   says nothing about the product, so it is dropped here, in the worker, before it is sent.
 * - The web project shares its workers (`isolate: false`, vitest.config.ts): this file runs before each test
 *   file, but the modules, the happy-dom window and the singletons of TanStack Query stay from the files before:
 *   `resetBrowserState` below puts back what a file may leave. See docs/testing.md ("CI").
 */
import { focusManager, onlineManager } from '@tanstack/react-query';
import { beforeAll, vi } from 'vitest';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const LATE_SUSPENSE_PING = 'A suspended resource finished loading inside a test';
// Wrapped once per worker, not once more for every file that shares it.
const WRAPPED = Symbol.for('titian.test.consoleErrorFiltered');
if (!(console.error as unknown as Record<symbol, boolean>)[WRAPPED]) {
  const consoleError = console.error.bind(console);
  const filtered = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith(LATE_SUSPENSE_PING)) return;
    consoleError(...args);
  };
  Object.assign(filtered, { [WRAPPED]: true });
  console.error = filtered;
}

/**
 * What a file may leave in the worker's window and in TanStack Query's singletons, put back before the next
 * file: the page's body (a container not removed, `<html lang>` mirrored by the language store, the address a test
 * navigated to), storage, the browser's online state and clipboard stubbed on `navigator`, and stubbed globals.
 */
export function resetBrowserState(): void {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('lang');
  (document.activeElement as HTMLElement | null)?.blur?.();
  history.replaceState(null, '', '/');
  localStorage.clear();
  sessionStorage.clear();
  for (const key of ['onLine', 'clipboard', 'geolocation']) Reflect.deleteProperty(navigator, key);
  onlineManager.setOnline(true);
  focusManager.setFocused(undefined);
  vi.unstubAllGlobals();
}

beforeAll(resetBrowserState);
