/**
 * A family's commitments for a quarter, worked out on the phone from the records sync keeps (the family and
 * its current members), for a family whose result the phone never saw online: which members owe a health
 * (kesehatan) or social-welfare (kesos) check in which months, so that the "Verifikasi komitmen" form can
 * record what the pendamping found, offline, for any family of the caseload.
 *
 * Only the obligations are worked out here, never a verdict: the observations recorded before (VERKOM
 * imports, other phones) are on the server only, so every month reads "no data yet" and the section says the
 * result needs a network. The obligations follow the domain's rules (src/domain/compliance.ts) with the
 * deployment's compliance rules when the phone has them (`compliance-rules`, fetched with the reference
 * data), else the shipped defaults. The programme settings that say who is lansia or anak usia dini are not
 * on the phone: it takes the widest a deployment uses (lansia from 60), so that nobody the server may expect
 * a check of is left out of the form (an observation of a member who owes nothing is stored and changes no
 * verdict). Loaded on demand (its own chunk), only when the phone has to answer offline.
 */
import { type ComplianceRules, DEFAULT_COMPLIANCE_RULES, firstDayOfMonth, periodOfMonth, monthsOfPeriod, type ObligationRecord, parseComplianceRuleRows, periodObligations, resolveComplianceRules } from '../../domain/compliance';
import type { ComponentSettings } from '../../domain/components';
import { isCalendarDate } from '../../domain/dates';
import type { Member } from '../../domain/types';
import type { ComplianceItem, ComplianceKind } from '../data/compliance';
import type { LocalRecord, LocalStore } from './local-store';
import type { PhoneComplianceResult } from './offline-answers';

/** The settings the phone judges members by: lansia from 60 (the lowest a deployment uses; the default is 70), anak usia dini under 7. */
export const PHONE_COMPONENT_SETTINGS: ComponentSettings = { lansiaMinAge: 60, earlyChildhoodMaxAgeExclusive: 7 };

/** The compliance rules of a year from the reference document the phone keeps (the shipped defaults without one). */
export function rulesOnPhone(doc: unknown, year: number): ComplianceRules {
  if (doc === undefined || doc === null) return DEFAULT_COMPLIANCE_RULES;
  const rows = parseComplianceRuleRows(doc);
  if (!rows.ok) return DEFAULT_COMPLIANCE_RULES;
  const resolved = resolveComplianceRules(rows.rows, year);
  return resolved.ok ? resolved.rules : DEFAULT_COMPLIANCE_RULES;
}

const bool = (v: unknown) => v === true;

function toMember(d: Record<string, unknown>): Member {
  return {
    name: typeof d.name === 'string' ? d.name : '',
    relation: (d.relation as Member['relation']) ?? 'lainnya',
    sex: d.sex === 'L' || d.sex === 'P' ? d.sex : 'P',
    birthDate: typeof d.birthDate === 'string' ? d.birthDate : '',
    schoolLevel: (d.schoolLevel as Member['schoolLevel']) ?? 'none',
    pregnant: bool(d.pregnant),
    postpartum: bool(d.postpartum),
    severeDisability: bool(d.severeDisability),
    caretaker: bool(d.caretaker),
  };
}

const KIND_ORDER: Record<ComplianceKind, number> = { pendidikan: 0, kesehatan: 1, kesos: 2 };

/**
 * The quarter's obligations of a family from its records on the phone. A member counts in a month from the
 * day they joined (`startDate`); a family owes nothing before the year it joined PKH (`joinedYear`) nor, once
 * it has left (graduasi, keluar), at all. `waiting`: the family's checks of the quarter still in the outbox.
 */
export function complianceOnPhone(input: {
  period: string;
  family: LocalRecord;
  members: readonly LocalRecord[];
  rulesDoc?: unknown;
  waiting?: number;
}): PhoneComplianceResult {
  const { period, family } = input;
  const f = family.data;
  const rules = rulesOnPhone(input.rulesDoc, Number(period.slice(0, 4)));
  const joinedYear = typeof f.joinedYear === 'number' ? f.joinedYear : null;
  const left = f.status === 'graduasi' || f.status === 'keluar';
  const owed = (month: string) => !left && (joinedYear === null || Number(month.slice(0, 4)) >= joinedYear);
  const members = input.members
    .filter((r) => r.entity === 'member')
    .sort((a, b) => Number(a.data.position ?? 0) - Number(b.data.position ?? 0))
    .map((r) => {
      const start = typeof r.data.startDate === 'string' && isCalendarDate(r.data.startDate) ? r.data.startDate : null;
      const facts = toMember(r.data);
      return { memberId: r.id, facts: (month: string) => (owed(month) && (!start || start <= firstDayOfMonth(month)) ? facts : null) };
    });
  const obligations: ObligationRecord[] = periodObligations(members, period, rules, PHONE_COMPONENT_SETTINGS);
  const months = monthsOfPeriod(period);
  const items: ComplianceItem[] = [];
  for (const m of members) {
    const mine = obligations.filter((o) => o.memberId === m.memberId);
    const kinds = [...new Set(mine.map((o) => o.kind))].sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);
    for (const kind of kinds) {
      const inMonths = new Set(mine.filter((o) => o.kind === kind).map((o) => o.month));
      items.push({
        memberId: m.memberId,
        kind,
        months: months.filter((month) => inMonths.has(month)).map((month) => ({ month, attendancePct: null, compliant: null, reasons: [] })),
        compliant: null,
        reason: '',
      });
    }
  }
  return { period, status: 'open', compliant: null, closedAt: null, items, computedOn: 'phone', waiting: input.waiting ?? 0 };
}

/**
 * The same from the phone's store: the family and its members as synced, the deployment's rules kept under
 * `rulesKey` (`meta`), the user's checks of the family and quarter still waiting in the outbox. Undefined
 * when the phone does not hold the family.
 */
export async function complianceFromStore(store: LocalStore, userId: string | null, familyId: string, period: string, rulesKey: string): Promise<PhoneComplianceResult | undefined> {
  const family = await store.get('family', familyId);
  if (!family) return undefined;
  const [records, rules, outbox] = await Promise.all([store.byFamily(familyId), store.getMeta<{ doc: unknown }>(rulesKey), store.outbox(userId ?? undefined)]);
  const waiting = outbox.filter((i) => i.entity === 'compliance_observation' && i.familyId === familyId && i.status === 'pending' && typeof i.data.month === 'string' && periodOfMonth(i.data.month) === period).length;
  return complianceOnPhone({ period, family, members: records.filter((r) => r.entity === 'member'), rulesDoc: rules?.doc, waiting });
}
