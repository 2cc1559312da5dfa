import { describe, expect, it } from 'vitest';
import { loadConfig, millisecondsFrom } from './config';

describe('configuration from the environment', () => {
  it('TITIAN_OFFLINE_DAYS: how long a phone works offline; 7 by default, and for a value that is not a positive number', () => {
    expect(loadConfig({}).offlineDays).toBe(7);
    expect(loadConfig({ TITIAN_OFFLINE_DAYS: '3' }).offlineDays).toBe(3);
    expect(loadConfig({ TITIAN_OFFLINE_DAYS: '14.9' }).offlineDays).toBe(14);
    for (const bad of ['0', '-2', 'tujuh', '']) expect(loadConfig({ TITIAN_OFFLINE_DAYS: bad }).offlineDays).toBe(7);
  });

  it('cache times (TITIAN_SESSION_CACHE_MS, TITIAN_LIST_CACHE_MS): 0 or more, 0 turns the cache off; the default otherwise', () => {
    expect(millisecondsFrom(undefined, 2_000)).toBe(2_000);
    expect(millisecondsFrom('0', 2_000)).toBe(0);
    expect(millisecondsFrom(' 250 ', 2_000)).toBe(250);
    for (const bad of ['', '  ', '-1', 'dua detik']) expect(millisecondsFrom(bad, 2_000)).toBe(2_000);
  });
});
