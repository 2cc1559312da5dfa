/**
 * The monitoring months after exit: each month once, in ascending order. A stored list with a repeat (saved
 * before repeats were refused) is read without it; a change that repeats a month is refused where it is written
 * (`repeatedMonth`, used by config.service).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graduationMessages } from '../../shared/i18n/catalog/graduation';
import { parseTriggerSettings, repeatedMonth, triggerSettingsSchema } from './triggers';

const parseMonths = (monthsAfterExit: number[]) => triggerSettingsSchema.safeParse({ monitoring: { monthsAfterExit } });

describe('monitoring.monthsAfterExit', () => {
  it('reads a stored list with a repeat without it, keeping every other setting', () => {
    const r = parseTriggerSettings({ decileMin: 4, monitoring: { monthsAfterExit: [12, 6, 3, 3] } });
    expect(r).toMatchObject({ ok: true, settings: { decileMin: 4, monitoring: { monthsAfterExit: [3, 6, 12] } } });
  });

  it('names the first repeated month of a change; nothing for a list without one, or for what is not a list', () => {
    expect(repeatedMonth([12, 6, 3, 3])).toBe(3);
    expect(repeatedMonth([6, 12, 6, 12])).toBe(6);
    expect(repeatedMonth([3, 6, 12])).toBeNull();
    expect(repeatedMonth('3, 3')).toBeNull();
    expect(graduationMessages['graduation.settings.months_duplicate']!.id).toContain('{month}');
    expect(graduationMessages['graduation.settings.months_duplicate']!.en).toContain('{month}');
  });

  it('keeps distinct months, sorted ascending, whatever the order given (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 12 }), (months) => {
        const r = parseMonths(months);
        expect(r.success).toBe(true);
        expect(r.data!.monitoring.monthsAfterExit).toEqual([...months].sort((a, b) => a - b));
        expect(repeatedMonth(months)).toBeNull();
      }),
    );
  });

  it('any list with a repeat: the change names a repeated month, the reading keeps each month once (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 10 }), fc.nat(), (months, pick) => {
        const given = [...months, months[pick % months.length]!];
        const repeated = repeatedMonth(given);
        expect(repeated).not.toBeNull();
        expect(given.filter((m) => m === repeated).length).toBeGreaterThan(1);
        const r = parseMonths(given);
        expect(r.success).toBe(true);
        expect(r.data!.monitoring.monthsAfterExit).toEqual([...new Set(given)].sort((a, b) => a - b));
      }),
    );
  });

  it('the defaults stay 3, 6 and 12', () => {
    expect(triggerSettingsSchema.parse({}).monitoring.monthsAfterExit).toEqual([3, 6, 12]);
  });
});
