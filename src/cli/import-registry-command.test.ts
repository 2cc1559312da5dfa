import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../server/services/registry-import.service';
import { progressPrinter } from './import-registry-command';

function logStream() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

const base: ImportProgress = {
  jobId: 'j',
  phase: 'hashing',
  bytesRead: 0,
  fileBytes: 1000,
  rowsStaged: 0,
  familiesDone: 0,
  familiesTotal: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  refused: 0,
  unmatched: 0,
};

describe('progressPrinter on a log (stderr not a terminal)', () => {
  it('prints nothing while the file is hashed, so a refused file leaves only its one-line reason', () => {
    const { stream, lines } = logStream();
    const print = progressPrinter(stream);
    print(base);
    print({ ...base });
    expect(lines).toEqual([]);
  });

  it('prints a line per tenth of each phase, without empty fields', () => {
    const { stream, lines } = logStream();
    const print = progressPrinter(stream);
    print({ ...base, phase: 'staging', bytesRead: 100, rowsStaged: 40 });
    print({ ...base, phase: 'staging', bytesRead: 150, rowsStaged: 60 });
    print({ ...base, phase: 'staging', bytesRead: 1000, rowsStaged: 400 });
    print({ ...base, phase: 'applying', familiesDone: 50, familiesTotal: 100 });
    print({ ...base, phase: 'done' });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^membaca berkas \(reading\) 10% 40 baris \d+\/s\n$/);
    expect(lines[1]).toMatch(/^membaca berkas \(reading\) 100% 400 baris/);
    expect(lines[2]).toMatch(/^menerapkan \(applying\) 50% 50 KK/);
    expect(lines[3]).toMatch(/^selesai \(done\) 100% 1 \d+\/s\n$/);
    for (const l of lines) expect(l).not.toMatch(/ {2}/);
  });
});
