/**
 * The replacement tables a peneliti's free text is read through (research.service.ts `readerText`, docs/research.md
 * "Pseudonymisation on read: the names cache"), kept per region instead of being made again for every request.
 *
 * A table is the compiled matcher of the names of every person of the region's families, the region's users'
 * display names and every member of staff's username and display name. Made from scratch it reads every person
 * of the region (a kab/kota holds tens of thousands of families) and compiles them: most of a read's work. It is
 * kept while nothing it was made from has changed, which is cheap to check on every read:
 *
 * - persons and memberships: every write to families, persons and memberships appends to the change log in
 *   its transaction (change-log.ts). A read takes the log's head (shared, a few microseconds on SQLite) and,
 *   when it moved, the rows since the table was last checked that can change names (families, persons,
 *   memberships: a range scan of the log's key). A row of the region's kab/kota (or of none) means the table is
 *   made again; a person changed elsewhere counts when they are, or were, a member of a family of the region
 *   (their name is one of its names); anything else (activities, another kab/kota) leaves the table as it is.
 * - staff: user writes do not reach the change log; every one (`user.create`, `user.update`) is in the audit
 *   trail, in its transaction. The table remembers the latest such entry's sequence number and is made again
 *   when a later one exists (an indexed lookup per read).
 * - PostgreSQL commits transactions out of order: a change may get a sequence number below the head a read
 *   has already seen and commit after it. There the rows since a head seen `commitWindowMs` ago are looked at
 *   again on every read (rows already taken into account are passed over), so a change committed late is
 *   still found as long as its transaction took less than that. SQLite has one writer at a time: its log
 *   grows in commit order and only the new rows are read.
 * - what no log records (a database edited by hand, a migration): bounded by `maxAgeMs`, after which a table
 *   is made again whatever the logs say.
 *
 * A table found stale is never served: the read that finds it so waits for a new one. Reads of the same
 * region at the same moment share one build. At most `size` regions are kept (least recently used dropped).
 */
import { millisecondsFrom } from '../config';
import type { NameChange } from '../db/repositories/research.repository';

/** Where the tables come from: the logs and the build, for one database. */
export interface ReaderTableSource<T> {
  /** The change log's head (read after the call). */
  head(): Promise<number>;
  /** The staff mark: moves when any user's username or display name may have changed. */
  staffMark(): Promise<number>;
  /** Name-changing rows of the log in (after, upTo], at most `limit` (null when more). */
  changesSince(after: number, upTo: number, limit: number): Promise<NameChange[] | null>;
  /** Whether any of these persons is or was a member of a family of the region. */
  anyPersonInRegion(personIds: string[], region: string): Promise<boolean>;
  /** Makes the table of a region (null: no region, staff only). */
  build(region: string | null): Promise<T>;
}

export interface ReaderCacheOptions {
  /** Regions kept at most. */
  size?: number;
  /** A table is made again after this long whatever the logs say (0: never kept). */
  maxAgeMs?: number;
  /** PostgreSQL: how long a transaction may take and still have its late commit found (see above). */
  commitWindowMs?: number;
  /** Rows of the log looked at one by one at most per read; more, and the table is made again. */
  scanLimit?: number;
  /** Whether the log may commit out of order (PostgreSQL). */
  outOfOrder?: boolean;
  clock?: () => number;
}

/** The maximum age of a table, from TITIAN_RESEARCH_NAMES_CACHE_MS (default 10 minutes; 0 turns the cache off). */
export function readerCacheMs(env: NodeJS.ProcessEnv = process.env): number {
  return millisecondsFrom(env.TITIAN_RESEARCH_NAMES_CACHE_MS, 600_000);
}

interface Entry<T> {
  table: T;
  region: string | null;
  builtAt: number;
  staffMark: number;
  /** The log is known to hold nothing that changes this table up to here (as of the last check). */
  checked: number;
  /** Out of order only: rows after this are looked at again; rows of `seen` were taken into account. */
  scanFrom: number;
  seen: Set<number>;
}

export interface ReaderCacheStats {
  hits: number;
  builds: number;
  /** Tables dropped because a change concerned them (names or staff), or for age. */
  invalidations: number;
}

/** Whether a change of this kab/kota (null: unknown) can concern a region code (any depth). */
export function concernsRegion(kabKota: string | null, region: string): boolean {
  return kabKota === null || kabKota === region || kabKota.startsWith(`${region}.`) || region.startsWith(`${kabKota}.`);
}

export class ReaderTableCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly building = new Map<string, Promise<Entry<T>>>();
  /** Out of order only: heads seen, with when (pruned to the window and the newest one before it). */
  private marks: Array<{ seq: number; at: number }> = [];
  readonly stats: ReaderCacheStats = { hits: 0, builds: 0, invalidations: 0 };
  readonly size: number;
  readonly maxAgeMs: number;
  readonly commitWindowMs: number;
  readonly scanLimit: number;
  readonly outOfOrder: boolean;
  private readonly clock: () => number;

  constructor(
    private readonly source: ReaderTableSource<T>,
    o: ReaderCacheOptions = {},
  ) {
    this.size = Math.max(1, o.size ?? 4);
    this.maxAgeMs = o.maxAgeMs ?? readerCacheMs();
    this.commitWindowMs = o.commitWindowMs ?? 60_000;
    this.scanLimit = o.scanLimit ?? 20_000;
    this.outOfOrder = o.outOfOrder ?? false;
    this.clock = o.clock ?? (() => performance.now());
  }

  /** Regions whose table is kept, least recently used first. */
  regions(): Array<string | null> {
    return [...this.entries.values()].map((e) => e.region);
  }

  /** The table of a region, as of this call: kept if still right, else made again. */
  async get(region: string | null): Promise<T> {
    if (this.maxAgeMs <= 0) {
      this.stats.builds++;
      return this.source.build(region);
    }
    const key = region ?? '';
    // What "as of this call" means: the heads read now (after the call). A kept table, or one being made,
    // is served only if nothing between what it was made from and these heads concerns it.
    const [head, staff] = await Promise.all([this.source.head(), this.source.staffMark()]);
    const now = this.clock();
    this.observe(head, now);
    const kept = this.entries.get(key);
    if (kept) {
      if (await this.stillRight(kept, head, staff, now)) {
        // Most recently used last.
        this.entries.delete(key);
        this.entries.set(key, kept);
        this.stats.hits++;
        return kept.table;
      }
      this.stats.invalidations++;
      if (this.entries.get(key) === kept) this.entries.delete(key);
    }
    for (let tries = 0; ; tries++) {
      let pending = this.building.get(key);
      // A build started during this call (ours, or any found after the first wait) read everything after
      // the call: served as it is. One already under way when the call came is checked against its heads.
      const late = pending !== undefined && tries === 0;
      if (!pending) {
        const started = this.build(region, key);
        pending = started;
        this.building.set(key, started);
        const clear = () => {
          if (this.building.get(key) === started) this.building.delete(key);
        };
        started.then(clear, clear);
      }
      const built = await pending;
      if (!late || (await this.stillRight(built, head, staff, this.clock()))) return built.table;
    }
  }

  private async build(region: string | null, key: string): Promise<Entry<T>> {
    const [head, staff] = await Promise.all([this.source.head(), this.source.staffMark()]);
    const now = this.clock();
    this.observe(head, now);
    let scanFrom = head;
    const seen = new Set<number>();
    if (this.outOfOrder) {
      // The rows of the window visible now are in what the build reads next: taken into account.
      scanFrom = this.floor(now);
      const rows = scanFrom < head ? await this.source.changesSince(scanFrom, head, this.scanLimit) : [];
      if (rows === null) scanFrom = head;
      else for (const r of rows) seen.add(r.seq);
    }
    const table = await this.source.build(region);
    this.stats.builds++;
    const entry: Entry<T> = { table, region, builtAt: now, staffMark: staff, checked: head, scanFrom, seen };
    this.entries.delete(key);
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    return entry;
  }

  /** Whether nothing up to `head` / `staff` concerns the table (and it is young enough); moves its checkpoints. */
  private async stillRight(e: Entry<T>, head: number, staff: number, now: number): Promise<boolean> {
    if (e.staffMark < staff || now - e.builtAt >= this.maxAgeMs) return false;
    const from = this.outOfOrder ? Math.min(e.scanFrom, e.checked) : e.checked;
    if (from >= head) return true;
    const rows = await this.source.changesSince(from, head, this.scanLimit);
    if (rows === null) return false;
    const fresh = rows.filter((r) => !e.seen.has(r.seq));
    if (await this.concerns(fresh, e.region)) return false;
    e.checked = Math.max(e.checked, head);
    if (this.outOfOrder) {
      for (const r of fresh) e.seen.add(r.seq);
      e.scanFrom = Math.max(e.scanFrom, Math.min(this.floor(now), head));
      for (const s of e.seen) if (s <= e.scanFrom) e.seen.delete(s);
    }
    return true;
  }

  private async concerns(rows: NameChange[], region: string | null): Promise<boolean> {
    if (region === null || rows.length === 0) return false;
    const elsewhere: string[] = [];
    for (const r of rows) {
      if (concernsRegion(r.kabKotaCode, region)) return true;
      if (r.entity === 'person') elsewhere.push(r.recordId);
    }
    return elsewhere.length > 0 && this.source.anyPersonInRegion(elsewhere, region);
  }

  /** Out of order: remembers a head seen (one per value), dropping those the window no longer needs. */
  private observe(head: number, now: number): void {
    if (!this.outOfOrder) return;
    const last = this.marks[this.marks.length - 1];
    if (!last || last.seq !== head) this.marks.push({ seq: head, at: now });
    const old = this.marks.filter((m) => m.at <= now - this.commitWindowMs);
    if (old.length > 1) this.marks = this.marks.slice(old.length - 1);
  }

  /**
   * Out of order: every row up to this sequence number has committed (or never will): the newest head seen at
   * least the window ago (any transaction holding a lower number was running then). Younger than the window,
   * the process knows no such head: the first it saw.
   */
  private floor(now: number): number {
    let floor = this.marks[0]?.seq ?? 0;
    for (const m of this.marks) if (m.at <= now - this.commitWindowMs) floor = m.seq;
    return floor;
  }
}
