/** The readiness explanation as the API renders it: indicators by name, the kab/kota by name or as "kab/kota 32.76", never a raw code. */
import { describe, expect, it } from 'vitest';
import { type CriteriaSet, parseCriteriaSet } from '../../domain/graduation/criteria';
import { scoreReadiness } from '../../domain/graduation/scoring';
import { bundledEconomics, bundledSet } from '../../domain/graduation/testkit';
import { graduationMessages, localizeGraduationParams } from '../i18n/catalog/graduation';
import { addMessages, fillTemplate, type Lang } from '../i18n/index';
import { kabKotaCodesOf, presentReadiness } from './readiness';

// The server registers the graduation catalogue (src/server/i18n.ts); so does this test.
addMessages(graduationMessages);

const economics = bundledEconomics();
const pkh = bundledSet('pkh-default');
const mandatoryMet = { pendapatan_stabil: true, pendapatan_di_atas_garis: 800_000, anak_bersekolah: true, kesediaan_mandiri: true };

function umkSet(): CriteriaSet {
  const r = parseCriteriaSet({
    code: 'umk-test',
    version: '1',
    name: { id: 'Uji UMK', en: 'UMK test' },
    scoring: { mode: 'all' },
    criteria: [{ code: 'upah', label: { id: 'Upah bulanan', en: 'Monthly wage' }, answer: { type: 'rupiah' }, met: { type: 'at_least_indicator', indicator: 'umk' } }],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.set;
}

const message = (set: CriteriaSet, answers: Record<string, unknown>, kabKotaCode: string | null, lang: Lang, code: string, regionNames?: Record<string, string>) => {
  const r = scoreReadiness(set, answers as never, { asOf: '2026-07-15', kabKotaCode, economics });
  const line = presentReadiness(set, r, lang, undefined, { regionNames }).explanation.find((e) => e.code === code);
  expect(line, code).toBeDefined();
  return line!.message;
};

describe('the readiness explanation names indicators and regions in words', () => {
  it('the poverty line, in Indonesian and English, with the kab/kota as "kab/kota 32.76" when no name is given', () => {
    const id = message(pkh, mandatoryMet, '32.76.02.1009', 'id', 'graduation.criterion.at_least_indicator');
    expect(id).toBe('Pendapatan per kapita per bulan (rupiah) di atas garis kemiskinan kab/kota: Rp\u00a0800.000 mencapai garis kemiskinan kab/kota 32.76 tahun 2022 (Rp\u00a0744.771).');
    const en = message(pkh, mandatoryMet, '32.76.02.1009', 'en', 'graduation.criterion.at_least_indicator');
    expect(en).toContain('reaches the poverty line of kab/kota 32.76 for 2022');
    for (const text of [id, en]) expect(text).not.toMatch(/garis_kemiskinan/);
  });

  it('the kab/kota by its name when the caller knows it', () => {
    const names = { '32.76': 'Kota Depok' };
    expect(message(pkh, mandatoryMet, '32.76', 'id', 'graduation.criterion.at_least_indicator', names)).toContain('mencapai garis kemiskinan Kota Depok tahun 2022');
    expect(message(pkh, { ...mandatoryMet, pendapatan_di_atas_garis: 700_000 }, '32.76', 'en', 'graduation.criterion.below_indicator', names)).toContain(
      'is below the poverty line of Kota Depok for 2022',
    );
    const assumed = scoreReadiness(pkh, mandatoryMet, { asOf: '2026-07-15', economics });
    expect(kabKotaCodesOf(assumed)).toEqual(['32.76']);
    const line = presentReadiness(pkh, assumed, 'id', undefined, { regionNames: names }).explanation.find((e) => e.code === 'graduation.criterion.indicator_assumed_region');
    expect(line?.message).toBe('Pendapatan per kapita per bulan (rupiah) di atas garis kemiskinan kab/kota: kab/kota tidak disebut; dipakai data Kota Depok, satu-satunya yang tersedia.');
  });

  it('the UMK by name in both languages', () => {
    const set = umkSet();
    expect(message(set, { upah: 6_000_000 }, '32.76', 'id', 'graduation.criterion.at_least_indicator')).toBe(
      'Upah bulanan: Rp\u00a06.000.000 mencapai UMK kab/kota 32.76 tahun 2026 (Rp\u00a05.522.662).',
    );
    expect(message(set, { upah: 5_000_000 }, '32.76', 'en', 'graduation.criterion.below_indicator')).toBe(
      'Monthly wage: Rp\u00a05,000,000 is below the regional minimum wage (UMK) of kab/kota 32.76 for 2026 (Rp\u00a05,522,662).',
    );
  });

  it('an unknown figure: the indicator by name and the kab/kota of the code given, or said to be missing', () => {
    const id = message(umkSet(), { upah: 6_000_000 }, '32.01.05', 'id', 'graduation.criterion.indicator_unknown');
    expect(id).toContain('UMK untuk kab/kota 32.01 tahun 2026 tidak diketahui');
    const en = message(umkSet(), { upah: 6_000_000 }, '32.01', 'en', 'graduation.criterion.indicator_unknown');
    expect(en).toContain('the regional minimum wage (UMK) of kab/kota 32.01 for 2026 is not known');
    expect(localizeGraduationParams('en', { kabKota: '-' }).kabKota).toBe('an unnamed kab/kota');
    expect(localizeGraduationParams('id', { indicator: 'future_indicator' }).indicator).toBe('future_indicator');
  });

  it('the PENA trigger names the kab/kota the same way', () => {
    const params = { months: 3, fromMonth: '2026-04', toMonth: '2026-06', umkAmount: 5_522_662, kabKota: '32.76' };
    const fill = (lang: Lang, regions?: Record<string, string>) =>
      fillTemplate(graduationMessages['graduation.trigger.pena_income']![lang], localizeGraduationParams(lang, params, { regions }));
    expect(fill('id')).toContain('mencapai UMK kab/kota 32.76 (Rp\u00a05.522.662) selama 3 bulan');
    expect(fill('en', { '32.76': 'Kota Depok' })).toContain('reached the UMK of Kota Depok (Rp\u00a05,522,662) for 3 months');
  });
});
