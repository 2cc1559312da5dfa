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
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const LATE_SUSPENSE_PING = 'A suspended resource finished loading inside a test';
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith(LATE_SUSPENSE_PING)) return;
  consoleError(...args);
};
