/**
 * Gives the event loop a turn: resolves after the timers, sockets and other requests waiting now have run.
 *
 * Long work in the server's process calls it between its steps. On SQLite every statement runs on the
 * calling thread and its promise resolves at once, so a loop of awaited statements alone never lets anything
 * else in: an upload's registry import kept every request of the server waiting until its last family was
 * written (22 s for 250,000 members; docs/import.md).
 */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
