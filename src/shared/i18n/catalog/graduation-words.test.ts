/**
 * The graduation messages say states, types, roles and fields in words, in both languages, however they are
 * rendered: t() writes the codes a message is raised with (the workflow's refusals carry `from`, `to`,
 * `state`, `type`, `role` as codes) as names, so a server error or a sync answer never shows
 * "sejahtera_mandiri", "approved" in Indonesian, or a field's code such as "evidence.assessmentId".
 */
import { describe, expect, it } from 'vitest';
import { checkTransition, GRADUATION_STATES, GRADUATION_TYPES } from '../../../domain/graduation/workflow';
import { addMessages, LANGS, type Lang, type MessageParams, t } from '../index';
import { graduationMessages, graduationNameParams, localizeGraduationParams } from './graduation';

addMessages(graduationMessages);
addMessages({ 'test.words.to': { id: 'ke {to}', en: 'to {to}' } });

const ROLES = ['pendamping', 'koordinator_kecamatan', 'koordinator_kota', 'admin', 'auditor', 'peneliti', 'system'] as const;
const NAMES: Record<string, readonly string[]> = { from: GRADUATION_STATES, to: GRADUATION_STATES, state: GRADUATION_STATES, type: GRADUATION_TYPES, role: ROLES };

/** A snake_case code, a camelCase field, a dotted field path. */
const RAW_CODE = /\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+[A-Z][A-Za-z]*\b|\bevidence\.\w+/;
/** A state's English code inside Indonesian words. */
const ENGLISH_STATE = new RegExp(`\\b(${GRADUATION_STATES.join('|')}|re-?entered)\\b`, 'i');

/** Every combination of state/type/role codes a template names, the other params given plain sample values. */
function paramSets(template: string): MessageParams[] {
  const names = [...new Set([...template.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1]!))];
  const base: MessageParams = {};
  for (const n of names) if (!NAMES[n]) base[n] = /date$/i.test(n) ? '2026-12-31' : /^(count|total|met|n|months|years|visit|version|year|min|max|decile)$/.test(n) ? 3 : 'X';
  let sets: MessageParams[] = [base];
  for (const n of names.filter((x) => NAMES[x])) sets = sets.flatMap((s) => NAMES[n]!.map((code) => ({ ...s, [n]: code })));
  return sets;
}

function expectWords(lang: Lang, key: string, text: string) {
  expect(text, `${key} (${lang}): ${text}`).not.toMatch(/\{\w+\}/);
  expect(text, `${key} (${lang}): ${text}`).not.toMatch(RAW_CODE);
  if (lang === 'id') expect(text, `${key} (id): ${text}`).not.toMatch(ENGLISH_STATE);
}

describe('graduation messages in words', () => {
  it('renders every graduation message with every state, type and role code, in both languages, without a raw code', () => {
    let rendered = 0;
    for (const key of Object.keys(graduationMessages)) {
      for (const lang of LANGS) {
        for (const params of paramSets(graduationMessages[key]![lang])) {
          expectWords(lang, key, t(lang, key, params));
          rendered++;
        }
      }
    }
    expect(rendered).toBeGreaterThan(1000);
  });

  it('renders what the workflow refuses, as the server throws it (raw params), in words', () => {
    for (const c of [null, ...GRADUATION_STATES.flatMap((state) => GRADUATION_TYPES.map((type) => ({ state, type, approvedAt: '2026-08-01' })))]) {
      for (const to of GRADUATION_STATES) {
        for (const role of ROLES) {
          for (const evidence of [{}, { statementSignedAt: '2026-08-01', assessmentId: 'b' }]) {
            const out = checkTransition(c, { to, evidence, note: '' }, role, { today: '2026-08-10', assessmentIds: ['a'] });
            if (out.ok) continue;
            for (const lang of LANGS) expectWords(lang, out.code, t(lang, out.code, out.params));
          }
        }
      }
    }
  });

  it('names the tester’s cases in words', () => {
    const notAllowed = { from: 'approved', to: 'rejected', type: 'sejahtera_mandiri' };
    expect(t('id', 'graduation.transition.not_allowed', notAllowed)).toBe('Kasus graduasi sejahtera mandiri tidak dapat dipindahkan dari status "disetujui" ke "ditolak".');
    expect(t('en', 'graduation.transition.not_allowed', notAllowed)).toBe('A prosperous-independent (sejahtera mandiri) graduation case cannot move from "approved" to "rejected".');
    expect(t('id', 'graduation.evidence.note_required', { to: 'rejected' })).toBe('Tuliskan alasan memindahkan kasus ke status "ditolak".');
    expect(t('en', 'graduation.transition.role', { role: 'pendamping', to: 'approved' })).toBe('The pendamping role cannot move a case to "approved".');
    expect(t('id', 'graduation.transition.role', { role: 'koordinator_kecamatan', to: 'closed' })).toBe('Peran koordinator kecamatan tidak dapat memindahkan kasus ke status "selesai".');
    expect(t('id', 'graduation.transition.statement_required', { type: 'sejahtera_mandiri', from: 'assessed' })).toBe(
      'Graduasi sejahtera mandiri perlu surat pernyataan yang ditandatangani sebelum diusulkan (status sekarang "sudah diases").',
    );
  });

  it('writes only codes: names already written, dates, unknown values and other areas’ messages stay as they are', () => {
    for (const lang of LANGS) {
      const once = localizeGraduationParams(lang, { from: 'approved', to: 'exited', type: 'pena', role: 'admin' });
      expect(graduationNameParams(lang, once)).toEqual(once);
      expect(t(lang, 'graduation.transition.not_allowed', once)).toBe(t(lang, 'graduation.transition.not_allowed', { from: 'approved', to: 'exited', type: 'pena' }));
    }
    const plain = { from: '2026-01-01', to: 'somewhere' };
    expect(graduationNameParams('id', plain)).toBe(plain);
    expect(t('id', 'graduation.transition.unknown_state', { to: 'lulus' })).toBe('Status graduasi "lulus" tidak dikenal.');
    expect(t('id', 'test.words.to', { to: 'approved' })).toBe('ke approved');
  });
});
