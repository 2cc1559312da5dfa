/** Turning domain results into API answers in the caller's language. */
import type { EntitlementResult } from '../../domain/benefits';
import type { Coded } from '../../domain/types';
import { type Lang, t } from '../../shared/i18n/index';

const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });

export function formatRupiah(n: number): string {
  return rupiah.format(n);
}

/** Renders a coded message; numeric params named like amounts are formatted as rupiah. */
export function renderCoded(lang: Lang, c: Coded): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(c.params ?? {})) {
    params[k] = typeof v === 'number' && /amount|rupiah|annual|total/i.test(k) ? formatRupiah(v) : v;
  }
  if (typeof params.component === 'string') params.componentName = t(lang, `component.name.${params.component}`);
  return t(lang, c.code, params);
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
  notes: string[];
  noteCodes: string[];
}

export function presentEntitlement(r: EntitlementResult, lang: Lang, memberIds?: string[]): EntitlementAnswer {
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
    notes: r.notes.map((n) => renderCoded(lang, n)),
    noteCodes: r.notes.map((n) => n.code),
  };
}
