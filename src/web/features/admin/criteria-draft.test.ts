/** The criteria editor's own checks (criteria-draft.ts): the same rules as the server, each with a message in both languages. */
import { describe, expect, it } from 'vitest';
import { CRITERIA_SET_ISSUE_CODES } from '../../../domain/graduation/criteria';
import { draftIssues, nextVersion } from './criteria-draft';
import { adminMessages } from './messages';

const definition = {
  code: 'pkh-default',
  version: '0.3',
  name: { id: 'PKH', en: 'PKH' },
  scoring: { mode: 'weighted_threshold', threshold: 0.75 },
  criteria: [
    { code: 'a', label: { id: 'a', en: 'a' }, answer: { type: 'boolean' } },
    { code: 'b', label: { id: 'b', en: 'b' }, answer: { type: 'rupiah' }, met: { type: 'at_least_indicator', indicator: 'garis_kemiskinan' } },
  ],
};
const indicators = ['garis_kemiskinan', 'umk'];

describe('draftIssues', () => {
  it('accepts a numeric label newer than every stored one (a stored free-text label is older than any)', () => {
    expect(draftIssues(definition, { versions: ['0.1', '0.2', 'versi tiga'], indicators })).toEqual([]);
    expect(draftIssues({ ...definition, version: '1.0' }, { versions: ['versi tiga'], indicators })).toEqual([]);
  });

  it('refuses a label that is not newer, naming the highest stored one and the next', () => {
    expect(draftIssues({ ...definition, version: '0.2' }, { versions: ['0.1', '0.2', 'versi tiga'], indicators })).toEqual([
      { path: 'version', code: 'graduation.set.version_not_newer', params: { version: '0.2', current: '0.2', next: '0.3' } },
    ]);
  });

  it('refuses a free-text label and an unknown indicator together with the schema\u2019s own issues', () => {
    const bad = { ...definition, version: 'versi empat', criteria: [{ ...definition.criteria[0], weight: -1 }, { ...definition.criteria[1], met: { type: 'at_least_indicator', indicator: 'xyz' } }] };
    expect(draftIssues(bad, { versions: ['0.2'], indicators })).toEqual([
      { path: 'criteria.0.weight', code: 'graduation.set.weight_positive' },
      { path: 'version', code: 'graduation.set.version_format' },
      { path: 'criteria.1.met.indicator', code: 'graduation.set.indicator_unknown', params: { indicator: 'xyz', known: 'garis_kemiskinan, umk' } },
    ]);
    // Without the list of indicators (not loaded), the server checks them.
    expect(draftIssues({ ...bad, version: '0.3', criteria: [definition.criteria[0], bad.criteria[1]] }, { versions: ['0.2'], indicators: null })).toEqual([]);
  });

  it('suggests the label after the highest stored one', () => {
    expect(nextVersion('0.1', '0.2', 'versi tiga')).toBe('0.3');
    expect(nextVersion('versi tiga')).toBe('1');
    expect(nextVersion('0.9')).toBe('0.10');
    expect(nextVersion()).toBe('0.1');
  });
});

describe('the editor\u2019s messages', () => {
  it('say every issue the schema and the new-version checks give, in both languages', () => {
    for (const code of [...CRITERIA_SET_ISSUE_CODES, 'graduation.set.version_not_newer']) {
      const m = adminMessages[`web.admin.sets.issue.${code}`];
      expect(m?.id, code).toBeTruthy();
      expect(m?.en, code).toBeTruthy();
    }
  });
});
