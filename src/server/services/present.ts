/** Turning domain results into API answers in the caller's language. */
import type { EntitlementResult, TahapBasis } from '../../domain/benefits';
import type { Coded } from '../../domain/types';
import { localizeComplianceParams } from '../../shared/i18n/catalog/compliance';
import { localizeDomainParams } from '../../shared/i18n/catalog/domain';
import { type Lang, t } from '../../shared/i18n/index';

/** Renders a coded domain message in a language (amounts as rupiah, codes and sanction steps as names, dates and months written out). */
export function renderCoded(lang: Lang, c: Coded): string {
  return t(lang, c.code, localizeComplianceParams(lang, localizeDomainParams(lang, c.params)));
}

export interface EntitlementAnswer {
  year: number;
  indexYear: number;
  indexFallback: boolean;
  asOf: string;
  components: Array<{
    memberIndex: number;
    memberId?: string;
    component: string | null;
    eligible: string[];
    annual: number;
    counted: boolean;
    reasonCode: string;
    reason: string;
  }>;
  familyBenefits: Array<{ code: string; annual: number; tahap: number }>;
  annualTotal: number;
  perTahap: number[];
  /** How each tahap was judged (the family page's entitlement; absent on a frozen snapshot or the calculator). */
  tahapBasis?: TahapBasis[];
  notes: string[];
  noteCodes: string[];
}

export function presentEntitlement(r: EntitlementResult & { tahapBasis?: TahapBasis[] }, lang: Lang, memberIds?: string[]): EntitlementAnswer {
  return {
    year: r.year,
    indexYear: r.indexYear,
    indexFallback: r.indexFallback,
    asOf: r.asOf,
    components: r.components.map((c) => ({
      memberIndex: c.memberIndex,
      ...(memberIds ? { memberId: memberIds[c.memberIndex] } : {}),
      component: c.component,
      eligible: c.eligible,
      annual: c.annual,
      counted: c.counted,
      reasonCode: c.reason.code,
      reason: renderCoded(lang, c.reason),
    })),
    familyBenefits: r.familyBenefits,
    annualTotal: r.annualTotal,
    perTahap: r.perTahap,
    ...(r.tahapBasis ? { tahapBasis: r.tahapBasis } : {}),
    notes: r.notes.map((n) => renderCoded(lang, n)),
    noteCodes: r.notes.map((n) => n.code),
  };
}
