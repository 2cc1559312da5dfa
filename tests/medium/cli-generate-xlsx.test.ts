/**
 * `titian generate --out FILE.xlsx` is deterministic like the CSV (docs/synthetic-data.md): the workbook's dates
 * and the zip entries' times come from the options, not the clock, so the same options give the same bytes
 * whenever and wherever it runs.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeSyntheticRegistryXlsx } from '../../src/server/import/synthetic-registry';

async function xlsxBytes(opts: Parameters<typeof writeSyntheticRegistryXlsx>[0]): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => sink.on('end', () => resolve()));
  await writeSyntheticRegistryXlsx(opts, sink);
  await ended;
  return Buffer.concat(chunks);
}

afterEach(() => vi.useRealTimers());

describe('generate XLSX', () => {
  it('gives the same bytes for the same options at another time of day, year and time zone', async () => {
    const opts = { families: 30, seed: 4, region: '32.76', asOf: '2026-01-01' as const };
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-04T05:06:07Z'));
    const a = await xlsxBytes(opts);
    vi.setSystemTime(new Date('2031-11-12T23:59:58Z'));
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const b = await xlsxBytes(opts);
      expect(b.equals(a)).toBe(true);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    // Another seed is another workbook.
    expect((await xlsxBytes({ ...opts, seed: 5 })).equals(a)).toBe(false);
  }, 60_000);
});
