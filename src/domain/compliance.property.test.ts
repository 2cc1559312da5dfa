import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complianceMessages } from '../shared/i18n/catalog/compliance';
import {
  inProgramme,
  type ProgrammeSpan,
  closePeriod,
  COMPLIANCE_MESSAGE_CODES,
  type ComplianceRules,
  DEFAULT_COMPLIANCE_RULES,
  evaluateMonth,
  evaluatePeriod,
  HEALTH_CHECKS,
  monthsOfPeriod,
  type ObligationKind,
  type ObligationRecord,
  obligationsForMonth,
  type Observation,
  type ObservationRecord,
  parsePeriod,
  type PeriodInput,
  type PeriodResult,
  periodOfMonth,
  updatePeriod,
} from './compliance';
import { eligibleComponents } from './components';
import { addDays } from './dates';
import { type Coded, type Member, SCHOOL_LEVELS } from './types';

const rules = DEFAULT_COMPLIANCE_RULES;

const KINDS: ObligationKind[] = [{ kind: 'pendidikan' }, ...HEALTH_CHECKS.map((sub) => ({ kind: 'kesehatan' as const, sub })), { kind: 'kesos' }];
const kindArb = fc.constantFrom(...KINDS);
const periodArb = fc.oneof(
  fc.tuple(fc.integer({ min: 2019, max: 2030 }), fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}-Q${q}`),
  fc.tuple(fc.integer({ min: 2019, max: 2030 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
);
const dateArb = fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2019-01-01', n));
const count = (max = 40) => fc.integer({ min: 0, max });

/** Observations of every shape, mostly readable, sometimes not. */
function observationArb(kind: ObligationKind): fc.Arbitrary<Observation> {
  switch (kind.kind) {
    case 'pendidikan':
      return fc.oneof(
        fc.record({ attendancePct: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(84.99, 85, 85.01, 0, 100)) }),
        count(25).chain((schoolDays) =>
          fc.record({ schoolDays: fc.constant(schoolDays), alpa: count(schoolDays), izin: count(3), sakit: count(3) }),
        ),
        fc.record({ attendancePct: fc.constantFrom(-1, 101, Number.NaN) }),
      );
    case 'kesos':
      return fc.record({ serviceContacts: fc.oneof(count(3), fc.constant(-1)) });
    case 'kesehatan':
      switch (kind.sub) {
        case 'anc':
          return fc.record(
            { visitsToDate: count(8), gestationWeeks: count(42), delivered: fc.boolean() },
            { requiredKeys: ['visitsToDate'] },
          );
        case 'nifas':
          return dateArb.chain((deliveryDate) =>
            fc.record({
              deliveryDate: fc.constant(deliveryDate),
              checkDates: fc.array(fc.integer({ min: -3, max: 50 }).map((d) => addDays(deliveryDate, d)), { maxLength: 5 }),
            }),
          );
        case 'posyandu':
          return fc.record({ visits: fc.oneof(count(3), fc.constant(1.5)) });
        case 'imunisasi':
          return fc.oneof(fc.record({ upToDate: fc.boolean() }), fc.record({ dosesDue: count(8), dosesGiven: count(8) }));
      }
  }
  throw new Error('unreachable');
}

/** A period with members, obligations in some of its months, and observations for some of them. */
const periodInputArb: fc.Arbitrary<PeriodInput> = periodArb.chain((period) => {
  const months = monthsOfPeriod(period);
  const cellArb = fc.record({
    memberId: fc.constantFrom('m1', 'm2', 'm3'),
    month: fc.constantFrom(...months),
    kind: kindArb,
  });
  return fc.array(cellArb, { maxLength: 12 }).chain((cells) => {
    const obligations: ObligationRecord[] = cells.map((c) => ({ ...c.kind, memberId: c.memberId, month: c.month }));
    const observationsArb = fc.array(
      fc.oneof(
        // An observation for one of the obligations (most of the time) ...
        cells.length > 0
          ? fc.constantFrom(...cells).chain((c) => observationArb(c.kind).map((o): ObservationRecord => ({ ...c.kind, memberId: c.memberId, month: c.month, observation: o })))
          : fc.constant(null),
        // ... or for nothing in particular.
        cellArb.chain((c) => observationArb(c.kind).map((o): ObservationRecord => ({ ...c.kind, memberId: c.memberId, month: c.month, observation: o }))),
      ),
      { maxLength: 16 },
    );
    return observationsArb.map((observations) => ({ period, obligations, observations: observations.filter((o): o is ObservationRecord => o !== null) }));
  });
});

function evaluated(input: PeriodInput, r: ComplianceRules = rules): PeriodResult {
  const out = evaluatePeriod(input, r);
  if (!out.ok) throw new Error(`unexpected error ${JSON.stringify(out.error)}`);
  return out.result;
}

const everyCoded = (result: { items: readonly { reason: Coded; months: readonly { reasons: readonly Coded[] }[] }[]; notes: readonly Coded[] }): Coded[] => [
  ...result.notes,
  ...result.items.flatMap((i) => [i.reason, ...i.months.flatMap((m) => m.reasons)]),
];

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

describe('evaluatePeriod properties', () => {
  it('(a) an item is compliant iff every month is; non-compliant iff some month is; the family likewise', () => {
    fc.assert(
      fc.property(periodInputArb, fc.boolean(), (input, close) => {
        const open = evaluated(input);
        const result = close ? closePeriod(open) : open;
        for (const item of result.items) {
          const months = item.months.map((m) => m.compliant);
          expect(item.months.length).toBeGreaterThan(0);
          expect(item.compliant === true).toBe(months.every((c) => c === true));
          expect(item.compliant === false).toBe(months.some((c) => c === false));
          const allowed = new Set(monthsOfPeriod(input.period));
          for (const m of item.months) expect(allowed.has(m.month)).toBe(true);
        }
        expect(result.compliant === true).toBe(result.items.every((i) => i.compliant === true));
        expect(result.compliant === false).toBe(result.items.some((i) => i.compliant === false));
        if (close) {
          for (const item of result.items) for (const m of item.months) expect(m.compliant).not.toBeNull();
          expect(result.compliant).not.toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('(a) one item per member and kind with an obligation, and a month per obligation month', () => {
    fc.assert(
      fc.property(periodInputArb, (input) => {
        const result = evaluated(input);
        const expected = new Set(input.obligations.map((o) => `${o.memberId}/${o.kind}`));
        expect(new Set(result.items.map((i) => `${i.memberId}/${i.kind}`))).toEqual(expected);
        expect(result.items.length).toBe(expected.size);
        for (const item of result.items) {
          const months = new Set(input.obligations.filter((o) => o.memberId === item.memberId && o.kind === item.kind).map((o) => o.month));
          expect(item.months.map((m) => m.month)).toEqual(monthsOfPeriod(input.period).filter((m) => months.has(m)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('(b) closing freezes: later observations leave a closed result deep-equal to before', () => {
    fc.assert(
      fc.property(periodInputArb, periodInputArb, (input, laterInput) => {
        const closed = closePeriod(evaluated(input));
        const before = structuredClone(closed);
        const later = updatePeriod(closed, { ...laterInput, period: input.period }, rules);
        expect(later.ok).toBe(true);
        if (!later.ok) return;
        expect(later.result).toBe(closed);
        expect(later.changed).toBe(false);
        const otherRules: ComplianceRules = { ...rules, attendanceThresholdPct: 50 };
        const again = updatePeriod(closed, laterInput, otherRules);
        expect(again.ok && again.result).toBe(closed);
        expect(closePeriod(closed)).toBe(closed);
        expect(closed).toEqual(before);
        expect(Object.isFrozen(closed)).toBe(true);
        for (const item of closed.items) {
          expect(Object.isFrozen(item)).toBe(true);
          for (const m of item.months) expect(Object.isFrozen(m) && Object.isFrozen(m.reasons)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('closing never turns a verdict around: true and false stay, only null becomes false', () => {
    fc.assert(
      fc.property(periodInputArb, (input) => {
        const open = evaluated(input);
        const closed = closePeriod(open);
        open.items.forEach((item, i) =>
          item.months.forEach((m, j) => expect(closed.items[i].months[j].compliant).toBe(m.compliant === null ? false : m.compliant)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('emits only catalogued codes, with every placeholder filled', () => {
    fc.assert(
      fc.property(periodInputArb, (input) => {
        const open = evaluated(input);
        for (const coded of [...everyCoded(open), ...everyCoded(closePeriod(open))]) {
          expect(COMPLIANCE_MESSAGE_CODES as readonly string[]).toContain(coded.code);
          for (const name of placeholders(complianceMessages[coded.code].id)) expect(coded.params ?? {}, coded.code).toHaveProperty(name);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('evaluateMonth properties', () => {
  /** Raises one numeric threshold of the rules by `by` (keeping the rules valid). */
  const raised = (r: ComplianceRules, which: string, by: number): ComplianceRules => {
    switch (which) {
      case 'attendance':
        return { ...r, attendanceThresholdPct: Math.min(100, r.attendanceThresholdPct + by) };
      case 'anc':
        return { ...r, ancMinVisits: r.ancMinVisits + Math.ceil(by), ancSchedule: r.ancSchedule.map((s) => ({ ...s, minVisits: s.minVisits + Math.ceil(by) })) };
      case 'nifas':
        return { ...r, postnatalMinChecks: r.postnatalMinChecks + Math.ceil(by) };
      case 'posyandu':
        return { ...r, posyanduMinVisitsPerMonth: r.posyanduMinVisitsPerMonth + Math.ceil(by) };
      default:
        return { ...r, kesosMinContactsPerMonth: r.kesosMinContactsPerMonth + Math.ceil(by) };
    }
  };
  const caseArb = kindArb.chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      observation: observationArb(kind),
      threshold: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 0, max: 100 })),
      by: fc.oneof(fc.double({ min: 0, max: 30, noNaN: true }), fc.integer({ min: 0, max: 5 })),
      which: fc.constantFrom('attendance', 'anc', 'nifas', 'posyandu', 'kesos'),
      month: fc.option(fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2019-01-01', n).slice(0, 7)), { nil: undefined }),
    }),
  );

  it('(e) raising a threshold never turns a non-compliant month compliant (nor changes "no data")', () => {
    fc.assert(
      fc.property(caseArb, ({ kind, observation, threshold, by, which, month }) => {
        const low: ComplianceRules = { ...rules, attendanceThresholdPct: threshold };
        const high = raised(low, which, by);
        const a = evaluateMonth(kind, observation, low, month).compliant;
        const b = evaluateMonth(kind, observation, high, month).compliant;
        if (a === false) expect(b).toBe(false);
        if (b === true) expect(a).toBe(true);
        expect(a === null).toBe(b === null);
      }),
      { numRuns: 2000 },
    );
  });

  it('the education verdict is exactly "attendance >= threshold"', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (pct, threshold) => {
        expect(evaluateMonth({ kind: 'pendidikan' }, { attendancePct: pct }, { ...rules, attendanceThresholdPct: threshold }).compliant).toBe(pct >= threshold);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws, whatever the observation; unreadable data is "no data" with a catalogued reason', () => {
    fc.assert(
      fc.property(kindArb, fc.anything(), (kind, anything) => {
        const e = evaluateMonth(kind, anything as Observation, rules, '2026-07');
        expect([true, false, null]).toContain(e.compliant);
        expect(complianceMessages[e.reason.code], e.reason.code).toBeDefined();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('obligationsForMonth properties', () => {
  const memberArb: fc.Arbitrary<Member> = fc.record({
    name: fc.constant('Anggota'),
    relation: fc.constant('anak' as const),
    sex: fc.constantFrom('L' as const, 'P' as const),
    birthDate: fc.integer({ min: 0, max: 33_000 }).map((n) => addDays('1935-01-01', n)),
    schoolLevel: fc.constantFrom(...SCHOOL_LEVELS),
    pregnant: fc.boolean(),
    postpartum: fc.boolean(),
    severeDisability: fc.boolean(),
    caretaker: fc.boolean(),
  });
  const monthArb = fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2019-01-01', n).slice(0, 7));
  const settings = { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 };

  it('every obligation stems from a component the member has on the first day of the month', () => {
    fc.assert(
      fc.property(memberArb, monthArb, (m, month) => {
        const components = eligibleComponents(m, `${month}-01`, settings).components;
        const r = obligationsForMonth(m, month, rules, settings);
        for (const o of r.obligations) expect(components).toContain(o.component);
        const keys = r.obligations.map((o) => (o.kind === 'kesehatan' ? o.sub : o.kind));
        expect(new Set(keys).size).toBe(keys.length);
        expect(r.obligations.length === 0).toBe(r.notes[0]?.code === 'compliance.obligation.none');
        expect(parsePeriod(periodOfMonth(month)).ok).toBe(true);
        for (const c of [...r.obligations.map((o) => o.reason), ...r.notes]) expect(COMPLIANCE_MESSAGE_CODES as readonly string[]).toContain(c.code);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('inProgramme properties', () => {
  const monthArb = fc.record({ y: fc.integer({ min: 2018, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);
  const dateArb = fc.tuple(monthArb, fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${m}-${String(d).padStart(2, '0')}`);
  const spanArb = fc.record({
    joinedYear: fc.option(fc.integer({ min: 2018, max: 2030 }), { nil: null }),
    registeredOn: fc.option(dateArb, { nil: null }),
    left: fc.boolean(),
    exitDate: fc.option(dateArb, { nil: null }),
  });

  it('a month is owed exactly when the family was in PKH on its first day, and up to its exit month once it left', () => {
    fc.assert(
      fc.property(spanArb, monthArb, (span, month) => {
        const year = Number(month.slice(0, 4));
        const afterJoining = span.joinedYear === null || year >= span.joinedYear;
              const joinedWithRegistration = span.joinedYear !== null && span.registeredOn !== null && span.joinedYear >= Number(span.registeredOn.slice(0, 4));
        const registered = !joinedWithRegistration || `${month}-01` >= span.registeredOn!;
        const beforeLeaving = !span.left || (span.exitDate !== null && month <= span.exitDate.slice(0, 7));
        expect(inProgramme(span, month)).toBe(afterJoining && registered && beforeLeaving);
      }),
    );
  });

  it('the owed months form one run: never a month owed between two that are not', () => {
    const months = Array.from({ length: 13 * 12 }, (_, i) => `${2018 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    fc.assert(
      fc.property(spanArb, (span) => {
        const owed = months.filter((m) => inProgramme(span, m));
        if (owed.length > 0) expect(months.slice(months.indexOf(owed[0]!), months.indexOf(owed.at(-1)!) + 1)).toEqual(owed);
        if (span.left && owed.length > 0) expect(owed.at(-1)).toBe(span.exitDate!.slice(0, 7));
        if (span.left && span.exitDate === null) expect(owed).toEqual([]);
      }),
    );
  });

  it('examples', () => {
    const span = (over: Partial<ProgrammeSpan>): ProgrammeSpan => ({ joinedYear: null, registeredOn: null, left: false, exitDate: null, ...over });
    // Joined in a later year: nothing owed before it.
    expect(inProgramme(span({ joinedYear: 2027 }), '2026-12')).toBe(false);
    // Joined in 2019, registered in Titian on 7 December 2026: all of 2026 is owed.
    expect(inProgramme(span({ joinedYear: 2019, registeredOn: '2026-12-07' }), '2026-01')).toBe(true);
    // No year known: in PKH all along (imported at rollout).
    expect(inProgramme(span({ registeredOn: '2026-12-07' }), '2026-01')).toBe(true);
    // Joined in 2026 and registered on 7 December 2026: from January 2027 (December did not start in PKH).
    expect(inProgramme(span({ joinedYear: 2026, registeredOn: '2026-12-07' }), '2026-07')).toBe(false);
    expect(inProgramme(span({ joinedYear: 2026, registeredOn: '2026-12-07' }), '2026-12')).toBe(false);
    expect(inProgramme(span({ joinedYear: 2026, registeredOn: '2026-12-01' }), '2026-12')).toBe(true);
    expect(inProgramme(span({ joinedYear: 2026, registeredOn: '2026-12-07' }), '2027-01')).toBe(true);
    // Left on 20 August: August owed, September not; left with no date known: nothing.
    expect(inProgramme(span({ left: true, exitDate: '2026-08-20' }), '2026-08')).toBe(true);
    expect(inProgramme(span({ left: true, exitDate: '2026-08-20' }), '2026-09')).toBe(false);
    expect(inProgramme(span({ left: true }), '2026-01')).toBe(false);
  });
});
