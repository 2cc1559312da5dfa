import { describe, expect, it } from 'vitest';
import { nightlyNotes, nightlySummaryLine } from './commands';

const run = { asOf: '2026-09-01', exitsAsOf: '2026-09-01', families: 120, candidates: 37, exits: 2, exitsHeld: 0 };

describe('titian graduation triggers: the last line and the notes before it', () => {
  it('the summary line keeps its keys in order and ends with exitsHeld', () => {
    expect(nightlySummaryLine(run)).toBe('families=120 candidates=37 exits=2 exitsHeld=0');
    expect(nightlySummaryLine({ ...run, exitsHeld: 3 })).toMatch(/^families=\d+ candidates=\d+ exits=\d+ exitsHeld=3$/);
  });

  it('a run for today with nothing held has no note', () => {
    expect(nightlyNotes(run)).toEqual([]);
  });

  it('says, in both languages, when the exits were applied as of today for a later --as-of', () => {
    const notes = nightlyNotes({ ...run, asOf: '2026-12-01' });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toBe(
      'graduasi diterapkan per 2026-09-01, bukan 2026-12-01: graduasi tidak pernah berlaku sebelum tanggalnya (exits applied as of 2026-09-01, not 2026-12-01: an exit never takes effect before its date)',
    );
  });

  it('says, in both languages, how many due exits are held and who resolves them', () => {
    expect(nightlyNotes({ ...run, exitsHeld: 1 })).toEqual([
      '1 graduasi jatuh tempo ditahan: KPM sudah keluar dari PKH; koordinator memutuskan, lihat docs/batch.md "Due exits" (1 due exit held: the family has left PKH; a koordinator resolves it)',
    ]);
    const two = nightlyNotes({ ...run, asOf: '2027-01-05', exitsHeld: 2 });
    expect(two).toHaveLength(2);
    expect(two[1]).toMatch(/^2 graduasi jatuh tempo ditahan: .*\(2 due exits held: /);
    for (const line of two) expect(line).not.toContain('\n');
  });
});
