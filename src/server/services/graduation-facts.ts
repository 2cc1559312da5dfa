/**
 * What Titian already knows about a family that a readiness criterion can use (criteria with a
 * `systemSource`): school attendance and health commitments in the latest closed compliance period,
 * P2K2 completion, decile, years in PKH. An answer the assessor gives overrides these.
 */
import type { SystemSource } from '../../domain/graduation/criteria';
import type { PeriodResult } from '../../domain/compliance';
import { progressOf } from '../../domain/p2k2';
import type { AppContext } from '../context';
import type { Scope } from '../db/scope';
import { COMPLIANCE_SNAPSHOT } from './compliance.service';
import { today } from './families.service';
import { curriculum } from './groups.service';

export interface SystemFact {
  value: boolean | number;
  /** Where it comes from, for the explanation (a period such as 2026-Q2, a count). */
  basis: Record<string, string | number>;
}

export type SystemFacts = Partial<Record<SystemSource, SystemFact>>;

/** The facts for one family in scope (a handful of indexed queries). */
export async function systemFacts(ctx: AppContext, scope: Scope, familyId: string): Promise<SystemFacts> {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) return {};
  const out: SystemFacts = {};
  const year = Number(today(ctx).slice(0, 4));
  if (family.decile !== null && family.decile !== undefined) out.decile = { value: family.decile, basis: {} };
  if (family.joinedYear) out.years_in_pkh = { value: Math.max(0, year - family.joinedYear), basis: { joinedYear: family.joinedYear } };

  const closed = await ctx.repos.snapshots.allForFamily<PeriodResult>(scope, COMPLIANCE_SNAPSHOT, familyId);
  const latest = closed.at(-1);
  if (latest) {
    for (const [source, kind] of [
      ['school_attendance', 'pendidikan'],
      ['health_compliance', 'kesehatan'],
    ] as const) {
      const items = latest.data.items.filter((i) => i.kind === kind);
      if (items.length) out[source] = { value: items.every((i) => i.compliant), basis: { period: latest.period, members: items.length } };
    }
  }

  const records = await ctx.repos.groups.familyAttendance(scope, familyId);
  if (records.length) {
    const p = progressOf(await curriculum(ctx), records);
    out.p2k2_completed = { value: p.completedSessions >= p.totalSessions, basis: { completed: p.completedSessions, total: p.totalSessions } };
  }
  return out;
}
