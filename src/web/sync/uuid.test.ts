/**
 * UUIDv7 ids made on the phone (RFC 9562): version and variant bits, the millisecond timestamp in the
 * first 48 bits, and strict ordering (which orders the outbox) within one millisecond, across
 * milliseconds, and when the clock goes back. Each test loads the module afresh (its counter is module state).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Uuidv7 = (now?: number) => string;
let uuidv7: Uuidv7;

beforeEach(async () => {
  vi.resetModules();
  ({ uuidv7 } = await import('./uuid'));
});

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
const counterOf = (id: string) => parseInt(id.replace(/-/g, '').slice(13, 16), 16);

function expectStrictlyIncreasing(ids: readonly string[]): void {
  for (let i = 1; i < ids.length; i++) {
    if (!(ids[i - 1]! < ids[i]!)) throw new Error(`not increasing at ${i}: ${ids[i - 1]} then ${ids[i]}`);
  }
}

describe('uuidv7', () => {
  it('is a UUID of version 7 and variant 10xx, lowercase, 36 characters', () => {
    for (let i = 0; i < 500; i++) {
      const id = uuidv7();
      expect(id).toMatch(FORMAT);
      expect(id).toHaveLength(36);
    }
  });

  it('holds the Unix milliseconds in its first 48 bits', () => {
    const t = Date.UTC(2026, 4, 17, 3, 4, 5, 678);
    const id = uuidv7(t);
    expect(msOf(id)).toBe(t);
    expect(id.slice(0, 13)).toBe(`${t.toString(16).padStart(12, '0').slice(0, 8)}-${t.toString(16).padStart(12, '0').slice(8)}`);
    // The largest time 48 bits hold (year 10889) still fits.
    expect(msOf(uuidv7(2 ** 48 - 1))).toBe(2 ** 48 - 1);
  });

  it('uses the current time by default', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(msOf(id)).toBeGreaterThanOrEqual(before);
    expect(msOf(id)).toBeLessThanOrEqual(after);
  });

  it('ids made in a tight loop are unique and strictly increasing as strings', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    expectStrictlyIncreasing(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(FORMAT);
  });

  it('counts up within one millisecond, past the 12-bit counter (borrowing the next millisecond)', () => {
    const t = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => uuidv7(t));
    expectStrictlyIncreasing(ids);
    for (const id of ids) expect(id).toMatch(FORMAT);
    // At most 4096 per millisecond: 10 000 ids need at least three milliseconds, and the clock never goes below t.
    expect(msOf(ids[0]!)).toBe(t);
    expect(msOf(ids.at(-1)!)).toBeGreaterThanOrEqual(t + 2);
    expect(Math.min(...ids.map(msOf))).toBe(t);
    // The first id of a millisecond starts low in the counter (11 bits), leaving room to count.
    expect(counterOf(ids[0]!)).toBeLessThan(0x800);
    expect(counterOf(ids[1]!)).toBe(counterOf(ids[0]!) + 1);
  });

  it('orders ids across milliseconds, whatever the counter reached', () => {
    const t = Date.UTC(2026, 0, 1);
    const ids: string[] = [];
    for (let ms = 0; ms < 50; ms++) for (let k = 0; k < 1 + ((ms * 37) % 90); k++) ids.push(uuidv7(t + ms));
    expectStrictlyIncreasing(ids);
    expect(msOf(ids.at(-1)!)).toBe(t + 49);
  });

  it('an id of a later millisecond sorts after every id of an earlier one', () => {
    const t = Date.UTC(2026, 0, 1);
    const early = Array.from({ length: 100 }, () => uuidv7(t));
    const late = uuidv7(t + 1);
    expect(msOf(late)).toBe(t + 1);
    for (const e of early) expect(e < late).toBe(true);
  });

  it('keeps increasing when the clock goes back (a phone whose time is corrected)', () => {
    const t = Date.UTC(2026, 0, 1);
    const a = uuidv7(t);
    const b = uuidv7(t - 60_000);
    const c = uuidv7(t - 120_000);
    const d = uuidv7(t + 5);
    expectStrictlyIncreasing([a, b, c, d]);
    expect(msOf(b)).toBe(t);
    expect(msOf(d)).toBe(t + 5);
  });

  it('fills the rest with random bits (two modules started in the same millisecond do not collide)', () => {
    const t = Date.UTC(2026, 0, 1);
    const a = uuidv7(t);
    vi.resetModules();
    return import('./uuid').then(({ uuidv7: other }) => {
      const b = other(t);
      expect(b).not.toBe(a);
      expect(a.slice(19)).not.toBe(b.slice(19));
    });
  });
});
