import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../server/services/registry-import.service';
import { describeProgress, progressPrinter } from './import-registry-command';

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

  it('prints a line per tenth of each phase, with only what is known of it', () => {
    const { stream, lines } = logStream();
    let now = 0;
    const print = progressPrinter(stream, () => now);
    print({ ...base, phase: 'staging', bytesRead: 100, rowsStaged: 40 });
    now = 500;
    print({ ...base, phase: 'staging', bytesRead: 150, rowsStaged: 60 });
    now = 2000;
    print({ ...base, phase: 'staging', bytesRead: 1000, rowsStaged: 400 });
    print({ ...base, phase: 'applying', familiesDone: 0, familiesTotal: 100 });
    now = 4000;
    print({ ...base, phase: 'applying', familiesDone: 50, familiesTotal: 100 });
    print({ ...base, phase: 'finishing', familiesDone: 100, familiesTotal: 100 });
    print({ ...base, phase: 'done', familiesDone: 100, familiesTotal: 100 });
    expect(lines).toEqual([
      'membaca berkas (reading) 10% 40 baris (rows)\n',
      // 360 rows in 2 s: a rate once a second has passed.
      'membaca berkas (reading) 100% 400 baris (rows) 180 baris/s\n',
      'menerapkan (applying) 0% 0/100 KK\n',
      'menerapkan (applying) 50% 50/100 KK 25 KK/s sisa (left) 0:02\n',
      'pemicu graduasi (graduation triggers)\n',
      'selesai (done)\n',
    ]);
  });
});

describe('describeProgress: a pure function of the event, where its phase started and the time', () => {
  it('shows no rate before one can be measured, and no percent for phases that have none', () => {
    expect(describeProgress({ ...base, phase: 'staging', bytesRead: 900, rowsStaged: 5000 }, { at: 0, count: 0 }, 0)).toEqual({ label: 'membaca berkas (reading)', fraction: 0.9, detail: ['5.000 baris (rows)'] });
    expect(describeProgress({ ...base, phase: 'finishing' }, { at: 0, count: 0 }, 10_000)).toEqual({ label: 'pemicu graduasi (graduation triggers)', fraction: null, detail: [] });
    expect(describeProgress({ ...base, phase: 'done' }, { at: 0, count: 0 }, 10_000)).toEqual({ label: 'selesai (done)', fraction: null, detail: [] });
    // Applying resumed at 1,000 families: the rate counts this run's families only.
    expect(describeProgress({ ...base, phase: 'applying', familiesDone: 1500, familiesTotal: 2000 }, { at: 0, count: 1000 }, 5000).detail).toEqual(['1.500/2.000 KK', '100 KK/s', 'sisa (left) 0:05']);
  });

  it('on a terminal, draws a bar only for the phases with a share to show', () => {
    const lines: string[] = [];
    const stream = { isTTY: true, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WriteStream;
    let now = 0;
    const print = progressPrinter(stream, () => now);
    print({ ...base, phase: 'applying', familiesDone: 10, familiesTotal: 100 });
    now = 1000;
    print({ ...base, phase: 'finishing' });
    expect(lines[0]).toMatch(/menerapkan \(applying\) \[#*\.*\]  10% 10\/100 KK$/);
    expect(lines[1]).toBe('\r\x1b[Kpemicu graduasi (graduation triggers)');
    expect(print.open).toBe(true);
  });
});
