import { millisecondsFrom } from '../../config';

/**
 * Answers kept while the change log stands still. Every write to families, members, persons and their
 * assignment appends to the change log in the same transaction, so an answer read at change-log
 * position `seq` is still right while the log's head is `seq`. Entries are also dropped when older
 * than the cache time (TITIAN_LIST_CACHE_MS, default 5,000 ms; 0 turns caching off): the bound for what
 * the log does not record (reference data changed by a migration) and, on PostgreSQL, for a
 * transaction that commits after a later one. Keys must name everything an answer depends on (who
 * asks, what, as of which date, in which language).
 */
export function cacheMs(env: NodeJS.ProcessEnv = process.env): number {
  return millisecondsFrom(env.TITIAN_LIST_CACHE_MS, 5_000);
}

export class ChangeLogCache<V> {
  private readonly entries = new Map<string, { at: number; seq: number; value: V }>();

  constructor(
    private readonly size: number,
    readonly ms: number = cacheMs(),
  ) {}

  get enabled(): boolean {
    return this.ms > 0;
  }

  /** The answer kept under `key` if it was read at `seq` and has not expired (a stale one is dropped). */
  get(key: string, seq: number): V | undefined {
    const hit = this.peek(key);
    if (hit?.seq === seq) return hit.value;
    if (hit) this.entries.delete(key);
    return undefined;
  }

  /**
   * The answer kept under `key` and the head it was read at, whatever the head is now (not yet expired):
   * for a caller that learns the head later (AuditRepository.appendReadingHead) and then compares.
   */
  peek(key: string): { seq: number; value: V } | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (performance.now() - hit.at < this.ms) return hit;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps `value` as read at `seq` (the head read before the answer was). */
  set(key: string, seq: number, value: V): void {
    if (!this.enabled) return;
    this.entries.delete(key);
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { at: performance.now(), seq, value });
  }
}

/** The part of a scope an answer depends on, as a key. */
export function scopeKey(scope: { userId: string; role: string; regionCode: string | null; covering?: readonly string[] }): string {
  return `${scope.userId}|${scope.role}|${scope.regionCode ?? ''}|${[...(scope.covering ?? [])].sort().join(',')}`;
}
