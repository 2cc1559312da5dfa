import { describe, expect, it } from 'vitest';
import { type Answers, fillSystemAnswers, scoreReadiness, validateAnswers } from './scoring';
import { bundledEconomics, bundledSet } from './testkit';

const economics = bundledEconomics();
const ctx = { asOf: '2026-07-15', kabKotaCode: '32.76.02.1009', economics };

describe('weighted_threshold: pkh-default (weights 17 in all, threshold 0.75, mandatory 3+3+2+2)', () => {
  const set = bundledSet('pkh-default');
  const mandatoryMet: Answers = {
    pendapatan_stabil: true,
    pendapatan_di_atas_garis: 800_000, // ≥ Depok's 2022 line Rp744.771 (latest known for 2026)
    anak_bersekolah: true,
    kesediaan_mandiri: true,
  };

  it('mandatory (10) + usaha (2) + tabungan (1) = 13/17 ≥ 0.75: ready', () => {
    const r = scoreReadiness(set, { ...mandatoryMet, usaha_atau_kerja: true, tabungan: true }, ctx);
    expect(r).toMatchObject({ result: 'ready', ready: true, score: 0.7647, failing: [], nearestChanges: [], nearestTarget: null });
    expect(r.missing).toEqual(['partisipasi_sosial', 'akses_kesehatan', 'rumah_layak', 'air_sanitasi']);
    expect(r.explanation[0]).toEqual({ code: 'graduation.score.weighted', params: { scorePct: 76.5, thresholdPct: 75 } });
    expect(r.explanation).toContainEqual({
      code: 'graduation.criterion.at_least_indicator',
      params: { criterion: 'pendapatan_di_atas_garis', amount: 800000, lineAmount: 744771, indicator: 'garis_kemiskinan', kabKota: '32.76', year: 2022 },
    });
  });

  it('11/17 with usaha failing: not ready, and flipping usaha (weight 2) is the single nearest change', () => {
    const r = scoreReadiness(set, { ...mandatoryMet, usaha_atau_kerja: false, tabungan: true }, ctx);
    expect(r).toMatchObject({ result: 'not_ready', score: 0.6471, failing: ['usaha_atau_kerja'], nearestChanges: ['usaha_atau_kerja'], nearestTarget: 'ready' });
    expect(r.explanation).toContainEqual({ code: 'graduation.nearest', params: { count: 1, criteria: 'usaha_atau_kerja' } });
  });

  it('income below the poverty line fails a mandatory criterion: not ready whatever the score (14/17)', () => {
    const all: Answers = Object.fromEntries(set.criteria.map((c) => [c.code, true]));
    const r = scoreReadiness(set, { ...all, pendapatan_di_atas_garis: 700_000 }, ctx);
    expect(r).toMatchObject({ result: 'not_ready', ready: false, score: 0.8235, failing: ['pendapatan_di_atas_garis'], mandatoryNotMet: ['pendapatan_di_atas_garis'] });
    expect(r.nearestChanges).toEqual(['pendapatan_di_atas_garis']);
    expect(r.explanation).toContainEqual({ code: 'graduation.mandatory_not_met', params: { criterion: 'pendapatan_di_atas_garis' } });
    expect(r.explanation.map((e) => e.code)).toContain('graduation.criterion.below_indicator');
  });

  it('a kab/kota with no poverty line known: the rupiah criterion cannot count as met', () => {
    const all: Answers = Object.fromEntries(set.criteria.map((c) => [c.code, true]));
    const r = scoreReadiness(set, { ...all, pendapatan_di_atas_garis: 9_000_000 }, { ...ctx, kabKotaCode: '32.01' });
    expect(r.failing).toEqual(['pendapatan_di_atas_garis']);
    expect(r.explanation).toContainEqual(expect.objectContaining({ code: 'graduation.criterion.indicator_unknown' }));
  });

  it('no kab/kota given: the only kab/kota in the table is used, and said so', () => {
    const r = scoreReadiness(set, { ...mandatoryMet }, { asOf: '2026-07-15', economics });
    expect(r.met).toContain('pendapatan_di_atas_garis');
    expect(r.explanation).toContainEqual({ code: 'graduation.criterion.indicator_assumed_region', params: { criterion: 'pendapatan_di_atas_garis', kabKota: '32.76' } });
  });

  it('nothing answered: every criterion missing, all mandatory ones plus the cheapest way past the threshold', () => {
    const r = scoreReadiness(set, {}, ctx);
    expect(r.missing).toHaveLength(10);
    expect(r.score).toBe(0);
    // 10 mandatory weight + usaha (2) + one weight-1 criterion = 13 ≥ 12.75: six changes is the fewest.
    expect(r.nearestChanges).toEqual(['pendapatan_stabil', 'pendapatan_di_atas_garis', 'usaha_atau_kerja', 'tabungan', 'anak_bersekolah', 'kesediaan_mandiri']);
  });
});

describe('n_of_m: brac-upg (6 of 10)', () => {
  const set = bundledSet('brac-upg');
  const codes = set.criteria.map((c) => c.code);
  it('6 met, 2 failing, 2 missing: ready with score 0.6', () => {
    const answers = Object.fromEntries(codes.slice(0, 8).map((c, i) => [c, i < 6]));
    const r = scoreReadiness(set, answers, ctx);
    expect(r).toMatchObject({ result: 'ready', score: 0.6, failing: codes.slice(6, 8), missing: codes.slice(8) });
    expect(r.explanation[0]).toEqual({ code: 'graduation.score.n_of_m', params: { met: 6, total: 10, n: 6 } });
  });
  it('5 met: not ready, one change (the first open criterion) is enough', () => {
    const answers = Object.fromEntries(codes.map((c, i) => [c, i < 5]));
    const r = scoreReadiness(set, answers, ctx);
    expect(r).toMatchObject({ result: 'not_ready', score: 0.5, nearestChanges: [codes[5]] });
  });
});

describe('all: chile-puente (7 dimensions, all mandatory)', () => {
  const set = bundledSet('chile-puente');
  const codes = set.criteria.map((c) => c.code);
  it('all seven met: ready', () => {
    expect(scoreReadiness(set, Object.fromEntries(codes.map((c) => [c, true])), ctx)).toMatchObject({ result: 'ready', score: 1 });
  });
  it('six met and income missing: not ready; the missing one is the change', () => {
    const r = scoreReadiness(set, Object.fromEntries(codes.slice(0, 6).map((c) => [c, true])), ctx);
    expect(r).toMatchObject({ result: 'not_ready', score: 0.8571, missing: ['income_above_line'], nearestChanges: ['income_above_line'] });
    expect(r.explanation[0]).toEqual({ code: 'graduation.score.all', params: { met: 6, total: 7 } });
  });
});

describe('levels: 4ps-swdi (scale 1-3, survival 0, subsistence 0.5, self_sufficient 0.8)', () => {
  const set = bundledSet('4ps-swdi');
  const codes = set.criteria.map((c) => c.code);
  const every = (v: number) => Object.fromEntries(codes.map((c) => [c, v]));
  it('all 1: survival, 0; five criteria to 3 reach subsistence (5/9 ≥ 0.5)', () => {
    const r = scoreReadiness(set, every(1), ctx);
    expect(r).toMatchObject({ result: 'survival', ready: false, score: 0, nearestTarget: 'subsistence' });
    expect(r.nearestChanges).toEqual(codes.slice(0, 5));
    expect(r.failing).toEqual(codes);
  });
  it('all 2: subsistence at 0.5; six criteria to 3 reach self_sufficient ((6 + 1.5)/9 = 0.83)', () => {
    const r = scoreReadiness(set, every(2), ctx);
    expect(r).toMatchObject({ result: 'subsistence', score: 0.5, nearestTarget: 'self_sufficient' });
    expect(r.nearestChanges).toHaveLength(6);
    expect(r.explanation[0]).toEqual({ code: 'graduation.score.levels', params: { scorePct: 50, level: 'subsistence', graduateAt: 'self_sufficient' } });
  });
  it('eight 3s and one 1: 8/9 = 0.89, self_sufficient and ready; nothing higher', () => {
    const r = scoreReadiness(set, { ...every(3), awareness: 1 }, ctx);
    expect(r).toMatchObject({ result: 'self_sufficient', ready: true, score: 0.8889, failing: ['awareness'], nearestChanges: [], nearestTarget: null });
  });
  it('a mandatory criterion keeps a levels set below graduateAt', () => {
    const strict = { ...set, criteria: set.criteria.map((c, i) => (i === 0 ? { ...c, mandatory: true } : c)) };
    const r = scoreReadiness(strict, { ...every(3), [codes[0]]: 2 }, ctx);
    expect(r).toMatchObject({ result: 'subsistence', ready: false, nearestChanges: [codes[0]] });
    expect(r.explanation.map((e) => e.code)).toContain('graduation.result.level_capped');
  });
});

describe('answers', () => {
  const set = bundledSet('pkh-default');
  it('validateAnswers refuses wrong types and unknown criteria with their paths; null is "not answered"', () => {
    const v = validateAnswers(set, { pendapatan_stabil: 'ya', pendapatan_di_atas_garis: -5, tabungan: null, nope: true });
    expect(v.ok ? [] : v.issues).toEqual([
      { path: 'answers.pendapatan_stabil', code: 'graduation.answer.not_boolean', params: { criterion: 'pendapatan_stabil' } },
      { path: 'answers.pendapatan_di_atas_garis', code: 'graduation.answer.not_rupiah', params: { criterion: 'pendapatan_di_atas_garis' } },
      { path: 'answers.nope', code: 'graduation.answer.unknown_criterion', params: { criterion: 'nope', set: 'pkh-default' } },
    ]);
    expect(validateAnswers(set, []).ok).toBe(false);
    const huge = validateAnswers(set, { pendapatan_di_atas_garis: 999_999_999_999_999 });
    expect(huge.ok ? [] : huge.issues).toEqual([
      { path: 'answers.pendapatan_di_atas_garis', code: 'graduation.answer.rupiah_too_large', params: { criterion: 'pendapatan_di_atas_garis', max: 10_000_000_000 } },
    ]);
    expect(validateAnswers(set, { pendapatan_di_atas_garis: 10_000_000_000 }).ok).toBe(true);
    const swdi = validateAnswers(bundledSet('4ps-swdi'), { health: 4 });
    expect(swdi.ok ? [] : swdi.issues.map((i) => i.code)).toEqual(['graduation.answer.out_of_scale']);
  });
  it('fillSystemAnswers fills unanswered system criteria; an answer given overrides the records', () => {
    const filled = fillSystemAnswers(set, { partisipasi_sosial: false }, { school_attendance: true, p2k2_completed: true });
    expect(filled.answers).toEqual({ partisipasi_sosial: false, anak_bersekolah: true });
    expect(filled.filled).toEqual(['anak_bersekolah']);
    expect(filled.explanation).toEqual([{ code: 'graduation.answer.from_records', params: { criterion: 'anak_bersekolah' } }]);
  });
});
