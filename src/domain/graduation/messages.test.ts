/** Every code the graduation modules emit has a message in both languages, with every placeholder filled. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graduationMessages, localizeGraduationParams } from '../../shared/i18n/catalog/graduation';
import type { Coded } from '../types';
import { parseCriteriaSet } from './criteria';
import { scoreReadiness, SCORING_MESSAGE_CODES, validateAnswers } from './scoring';
import { bundledEconomics, bundledSets } from './testkit';
import { TRIGGER_REASON_CODES } from './triggers';
import { checkTransition, GRADUATION_STATES, GRADUATION_TYPES, monitoringSchedule, WORKFLOW_MESSAGE_CODES } from './workflow';

const fill = (template: string, params: Record<string, unknown>) => template.replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k])));

function expectRendered(c: Coded, labels = {}) {
  const entry = graduationMessages[c.code];
  expect(entry, c.code).toBeDefined();
  for (const lang of ['id', 'en'] as const) {
    const text = fill(entry[lang], localizeGraduationParams(lang, c.params, labels));
    expect(text, `${c.code} (${lang}): ${text}`).not.toMatch(/\{\w+\}/);
  }
}

describe('the graduation catalogue', () => {
  it('has every declared code in both languages', () => {
    for (const code of [...SCORING_MESSAGE_CODES, ...WORKFLOW_MESSAGE_CODES, ...TRIGGER_REASON_CODES]) {
      expect(graduationMessages[code]?.id, code).toBeTruthy();
      expect(graduationMessages[code]?.en, code).toBeTruthy();
    }
    for (const s of GRADUATION_STATES) expect(graduationMessages[`graduation.state.${s}`]).toBeDefined();
    for (const t of GRADUATION_TYPES) expect(graduationMessages[`graduation.type.${t}`]).toBeDefined();
  });

  it('renders what scoring and answer checks emit, for random answers to every bundled set', () => {
    const economics = bundledEconomics();
    for (const set of bundledSets()) {
      const labels = { criteria: set.criteria, levels: set.scoring.mode === 'levels' ? set.scoring.levels : [] };
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.constant(undefined), fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.constant(900_000)), { minLength: set.criteria.length, maxLength: set.criteria.length }), fc.constantFrom('32.76', '32.01', undefined), (values, kabKotaCode) => {
          const answers = Object.fromEntries(set.criteria.map((c, i) => [c.code, values[i]]));
          const v = validateAnswers(set, { ...answers, extra: 1 });
          if (!v.ok) for (const i of v.issues) expectRendered(i, labels);
          const r = scoreReadiness(set, answers, { asOf: '2026-07-15', kabKotaCode, economics });
          for (const e of r.explanation) {
            expect(SCORING_MESSAGE_CODES as readonly string[]).toContain(e.code);
            expectRendered(e, labels);
          }
        }),
        { numRuns: 100 },
      );
    }
  });

  it('renders what the workflow and monitoring emit', () => {
    const cases = [null, ...GRADUATION_STATES.flatMap((state) => GRADUATION_TYPES.map((type) => ({ state, type, approvedAt: '2026-08-01' })))];
    for (const c of cases) {
      for (const to of [...GRADUATION_STATES, 'x']) {
        for (const role of ['pendamping', 'admin', 'auditor'] as const) {
          for (const evidence of [{}, { statementSignedAt: 'x', effectiveDate: '2026-01-01' }, { statementSignedAt: '2030-01-01', assessmentId: 'b' }]) {
            const out = checkTransition(c, { to, evidence }, role, { today: '2026-08-10', assessmentIds: ['a'] });
            if (!out.ok) {
              expect(WORKFLOW_MESSAGE_CODES as readonly string[]).toContain(out.code);
              expectRendered(out);
            }
          }
        }
      }
    }
    for (const v of monitoringSchedule('2026-09-30')) expectRendered(v.reason);
  });

  it('renders the criteria-set issues', () => {
    const r = parseCriteriaSet({ code: 'X!', version: '', name: {}, scoring: { mode: 'n_of_m', n: 9 }, criteria: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) for (const i of r.issues) expect(graduationMessages[i.code], i.code).toBeDefined();
  });
});
