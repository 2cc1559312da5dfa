/**
 * The messages about a month's existing observation take twin params: `{month}`, `{check}`, `{by}` in
 * Indonesian and `{monthEn}`, `{checkEn}`, `{byEn}` in English (words the server looks up per language), the
 * rest shared. Every Indonesian param has its English twin and the reverse, so neither language says less.
 */
import { describe, expect, it } from 'vitest';
import { observationMessages } from './compliance';

const params = (s: string) => new Set([...s.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1]!));
const twinOf = (p: string) => (p.endsWith('En') ? p.slice(0, -2) : p);

describe('observation messages', () => {
  it('each param of one language has its twin in the other', () => {
    for (const [key, m] of Object.entries(observationMessages)) {
      const id = [...params(m.id)].sort();
      const en = [...params(m.en)].map(twinOf).sort();
      expect(en, key).toEqual(id);
      expect(m.id.trim().length, key).toBeGreaterThan(0);
      expect(m.en.trim().length, key).toBeGreaterThan(0);
    }
  });

  it('names every check the month may hold, in both languages', () => {
    for (const check of ['pendidikan', 'kesos', 'anc', 'nifas', 'posyandu', 'imunisasi']) expect(observationMessages[`observation.check.${check}`], check).toBeDefined();
  });
});
