/**
 * Decisions stored as snapshots, so later edits never rewrite them. Here: the entitlement of each family
 * for a tahap, frozen when the tahap's payment list is settled. Closed compliance periods and approved
 * graduations use the same store (kinds of their own).
 */
import { computeEntitlement, type EntitlementResult } from '../../domain/benefits';
import type { Lang } from '../../shared/i18n/index';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import { canManageCaseloads, regionWithinScope, type Scope } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { personFactsOf } from '../db/repositories/families.repository';
import { auditHealthRead, livingOn } from './families.service';
import { presentEntitlement } from './present';
import { tahapStart } from './tahap-calendar';

export const ENTITLEMENT_SNAPSHOT = 'entitlement_tahap';

export interface EntitlementSnapshotData {
  result: EntitlementResult;
  memberIds: string[];
  tahap: number;
  /** What this tahap pays the family. */
  tahapAmount: number;
}

export const tahapPeriod = (year: number, tahap: number) => `${year}-T${tahap}`;

/** The first day of a tahap (from the tahap calendar: its first month). */
/**
 * Freezes the entitlement of every active family in scope (optionally within a region) for a tahap, as
 * computed now from the records in force on the tahap's first day. Families frozen before are left as
 * they were. Pages of 500 families: one query for their members, one insert.
 */
export async function freezeEntitlements(ctx: AppContext, scope: Scope, input: { year: number; tahap: number; region?: string }) {
  if (!canManageCaseloads(scope)) throw forbidden();
  if (input.region && !regionWithinScope(scope, input.region)) throw new HttpError(422, 'error.validation', {}, { region: { key: 'error.kelurahan_out_of_scope', params: { code: input.region } } });
  const asOf = await tahapStart(ctx, input.year, input.tahap);
  const rules = await ctx.benefitRules();
  const period = tahapPeriod(input.year, input.tahap);
  const at = ctx.now().toISOString();
  let after: string | undefined;
  let created = 0;
  let existing = 0;
  let skipped = 0;
  for (;;) {
    const page = await ctx.repos.families.familyIdsInScope(scope, { regionCode: input.region, status: 'aktif', after, limit: 500 });
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const members = await ctx.repos.families.membersByFamily(scope, page.map((f) => f.id), asOf);
    const items = [];
    for (const f of page) {
      const alive = livingOn(members.get(f.id) ?? [], asOf);
      const outcome = computeEntitlement(
        { members: alive.map((m) => ({ ...personFactsOf(m), nik: undefined, relation: m.relation, caretaker: m.caretaker })), year: input.year, asOf },
        rules,
      );
      if (!outcome.ok) {
        skipped += 1;
        continue;
      }
      const data: EntitlementSnapshotData = {
        result: outcome.result,
        memberIds: alive.map((m) => m.id),
        tahap: input.tahap,
        tahapAmount: outcome.result.perTahap[input.tahap - 1] ?? 0,
      };
      items.push({ subjectId: f.id, familyId: f.id, regionCode: f.kelurahanCode, data });
    }
    const r = await ctx.repos.snapshots.freeze(ENTITLEMENT_SNAPSHOT, period, items, actorOf(scope), at);
    created += r.created;
    existing += r.existing;
    if (page.length < 500) break;
  }
  return { period, asOf, created, existing, skipped };
}

/** The frozen entitlement of a family for a tahap, in the caller's language; 404 when none was frozen. */
export async function frozenEntitlement(ctx: AppContext, scope: Scope, familyId: string, year: number, tahap: number, lang: Lang) {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  const snap = await ctx.repos.snapshots.forFamily<EntitlementSnapshotData>(scope, ENTITLEMENT_SNAPSHOT, familyId, tahapPeriod(year, tahap));
  if (!snap) throw new HttpError(404, 'error.snapshot_not_found', { period: tahapPeriod(year, tahap) });
  await auditHealthRead(ctx, scope, family, snap.data.result.components.map((c) => c.component));
  return {
    ...presentEntitlement(snap.data.result, lang, snap.data.memberIds),
    tahap,
    tahapAmount: snap.data.tahapAmount,
    snapshot: { id: snap.id, period: snap.period, takenAt: snap.takenAt },
  };
}

export async function familySnapshots(ctx: AppContext, scope: Scope, familyId: string) {
  if (!(await ctx.repos.families.get(scope, familyId))) throw notFound();
  const items = await ctx.repos.snapshots.listForFamily(scope, familyId);
  return { items: items.map((s) => ({ id: s.id, kind: s.kind, period: s.period, takenAt: s.takenAt })), total: items.length };
}
