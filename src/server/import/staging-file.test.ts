import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportRow } from '../db/repositories/imports.repository';
import { StagingFile, stagingPath } from './staging-file';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-staging-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
let jobs = 0;

/** A 64-character key, as the No. KK's keyed hash is: `k` picks its order among the others. */
const hashOf = (k: number) => k.toString(16).padStart(64, '0');

/** Stages one row per entry of `families` (the family key of each line, in file order); returns the job id. */
function stage(families: number[]): { jobId: string; staging: StagingFile } {
  const jobId = `job-${++jobs}`;
  const staging = StagingFile.create(dataDir, jobId);
  staging.insert(
    families.map((f, i) => ({ line: i + 2, kk_hash: hashOf(f), kk_number: null, nik_hash: null, nik: null, data: `{"f":${f}}`, cells: null, issues: null, warnings: null })),
  );
  const summary = staging.finish();
  expect(summary).toEqual({ rows: families.length, families: new Set(families).size });
  return { jobId, staging };
}

/** Every chunk from `after` on, as nextChunk gives them to the import. */
function chunks(staging: StagingFile, size: number, after: string | null = null): Array<{ rows: ImportRow[]; lastKey: string }> {
  const out: Array<{ rows: ImportRow[]; lastKey: string }> = [];
  for (let key = after; ; ) {
    const c = staging.nextChunk(key, size);
    if (c.lastKey === null) {
      expect(c.rows).toEqual([]);
      return out;
    }
    out.push({ rows: c.rows, lastKey: c.lastKey });
    key = c.lastKey;
  }
}

/** The families of a run of rows, in the order their rows come (each family's rows must be together). */
function familyRuns(rows: ImportRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) if (out.at(-1) !== r.kk_hash) out.push(r.kk_hash);
  return out;
}

describe('StagingFile: families in file order', () => {
  it('gives each family once, whole, in the order of its first row, however its rows are spread', () => {
    // Family 9 comes first in the file and has a row at the end; family 1, first in hash order, comes third.
    const { staging } = stage([9, 3, 9, 1, 3, 7, 1, 9]);
    const all = chunks(staging, 2);
    expect(all.map((c) => familyRuns(c.rows))).toEqual([
      [hashOf(9), hashOf(3)],
      [hashOf(1), hashOf(7)],
    ]);
    expect(all[0]!.rows.map((r) => r.line)).toEqual([2, 4, 9, 3, 6]);
    expect(all[1]!.rows.map((r) => r.line)).toEqual([5, 8, 7]);
    expect(all.every((c) => c.rows.every((r) => r.job_id === all[0]!.rows[0]!.job_id))).toBe(true);
    // Checkpoints are the families' numbers: resuming after one gives exactly the rest.
    expect(all.map((c) => c.lastKey)).toEqual(['2', '4']);
    expect(chunks(staging, 2, '2').map((c) => familyRuns(c.rows))).toEqual([[hashOf(1), hashOf(7)]]);
    expect(chunks(staging, 3, '1').map((c) => familyRuns(c.rows))).toEqual([[hashOf(3), hashOf(1), hashOf(7)]]);
    expect(staging.nextChunk('4', 2)).toEqual({ rows: [], lastKey: null });
    staging.close();
  });

  it('goes on in No. KK-hash order from a checkpoint an earlier version wrote (a hash)', () => {
    const { staging } = stage([9, 3, 9, 1, 3, 7, 1, 9]);
    // That job wrote families 1 and 3 (hash order); the rest is 7 then 9, in hash order, whole.
    const rest = chunks(staging, 1, hashOf(3));
    expect(rest.map((c) => familyRuns(c.rows))).toEqual([[hashOf(7)], [hashOf(9)]]);
    expect(rest.map((c) => c.lastKey)).toEqual([hashOf(7), hashOf(9)]);
    expect(rest[1]!.rows.map((r) => r.line)).toEqual([2, 4, 9]);
    staging.close();
  });

  it('refuses a checkpoint that is neither', () => {
    const { staging } = stage([1, 2]);
    expect(() => staging.nextChunk('-1', 5)).toThrow(/checkpoint/);
    expect(() => staging.nextChunk('abc', 5)).toThrow(/checkpoint/);
    staging.close();
  });

  it('property: the chunks cover every row once, each family whole and in one chunk, families by first row', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 7 }), (families, size) => {
        const { staging } = stage(families);
        try {
          const all = chunks(staging, size);
          const rows = all.flatMap((c) => c.rows);
          expect(rows.map((r) => r.line).sort((a, b) => a - b)).toEqual(families.map((_, i) => i + 2));
          const runs = all.flatMap((c) => familyRuns(c.rows));
          const firstLine = new Map<string, number>();
          families.forEach((f, i) => firstLine.has(hashOf(f)) || firstLine.set(hashOf(f), i + 2));
          // Each family exactly once (whole), in the order of its first line; chunks of `size` families.
          expect(runs).toEqual([...firstLine.keys()]);
          expect(all.slice(0, -1).every((c) => familyRuns(c.rows).length === size)).toBe(true);
          for (const c of all) for (const run of familyRuns(c.rows)) {
            const lines = c.rows.filter((r) => r.kk_hash === run).map((r) => r.line);
            expect(lines).toEqual([...lines].sort((a, b) => a - b));
          }
        } finally {
          staging.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('StagingFile.open', () => {
  it('trusts a complete file and reads the same chunks from it', () => {
    const { jobId, staging } = stage([5, 4, 5, 3]);
    const before = chunks(staging, 2);
    staging.close();
    const again = StagingFile.open(dataDir, jobId, 4);
    expect(again).not.toBeNull();
    expect(chunks(again!, 2)).toEqual(before);
    expect(again!.families()).toBe(3);
    again!.close();
    expect(StagingFile.open(dataDir, jobId, 5)).toBeNull();
  });

  it('stages again a file an earlier version wrote, without the families list', () => {
    const { jobId, staging } = stage([5, 4, 5, 3]);
    staging.close();
    const db = new SQLite(stagingPath(dataDir, jobId));
    db.exec('drop table families');
    db.close();
    expect(StagingFile.open(dataDir, jobId, 4)).toBeNull();
  });
});
