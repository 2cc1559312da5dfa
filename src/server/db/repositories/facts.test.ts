import { describe, expect, it } from 'vitest';
import { foldFacts } from './families.repository';

const birth = { valid_from: '2015-01-01', school_level: 'none', pregnant: 0, postpartum: 0, severe_disability: 0 };

describe('foldFacts', () => {
  it('takes, per fact, the latest value on or before the date, and the first known value before any record', () => {
    const records = [
      birth,
      { valid_from: '2021-07-12', school_level: 'sd', pregnant: null, postpartum: null, severe_disability: null },
      { valid_from: '2024-03-01', school_level: null, pregnant: null, postpartum: null, severe_disability: 1 },
      { valid_from: '2027-07-15', school_level: 'smp', pregnant: null, postpartum: null, severe_disability: null },
    ];
    expect(foldFacts(records, '2010-01-01')).toEqual({ school_level: 'none', pregnant: 0, postpartum: 0, severe_disability: 0 });
    expect(foldFacts(records, '2021-07-12')).toMatchObject({ school_level: 'sd', severe_disability: 0 });
    expect(foldFacts(records, '2025-01-01')).toMatchObject({ school_level: 'sd', severe_disability: 1 });
    expect(foldFacts(records, '2028-01-01')).toMatchObject({ school_level: 'smp', severe_disability: 1 });
    expect(foldFacts(records, null)).toMatchObject({ school_level: 'smp', severe_disability: 1 });
    expect(foldFacts([], '2020-01-01')).toBeUndefined();
  });
});
