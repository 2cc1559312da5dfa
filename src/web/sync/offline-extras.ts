/**
 * The rest of a pendamping's family page offline: reads whose answers only the server can compute (a
 * family's P2K2 progress, its timeline, sanctions, case plan, referrals, proposals, photos, the today view,
 * the names of the staff on its records) come from the last answer seen online, remembered per arguments and
 * language; a proposed change of a family goes through the outbox (`data_update`) like the rest of the field work.
 */
import type { DataUpdate, DataUpdateInput } from '../data/casework';
import type { TitianData } from '../data/TitianData';
import type { OfflineKit } from './graduation-offline';
import { uuidv7 } from './uuid';

/** What ./offline-data lends these methods (a part of the graduation chunk's kit). */
export type OfflineContext = Pick<OfflineKit, 'http' | 'engine' | 'store' | 'lang' | 'now' | 'enabled' | 'fallback' | 'outboxItem' | 'settleNow'>;

/** Reads answered offline by the last answer seen online (per method, arguments and language). */
export const REMEMBERED_READS = [
  'today',
  'familyP2k2',
  'familyTimeline',
  'familySanctions',
  'familyHistory',
  'familyDataUpdates',
  'casePlan',
  'referrals',
  'referralPrograms',
  'listAttachments',
  // The names of staff on the family's records (who recorded, proposed, decided), as last known.
  'userNames',
] as const satisfies ReadonlyArray<keyof TitianData>;

/** The key an answer is remembered under: the method and its arguments (JSON), in the UI language. */
export function rememberKey(method: string, args: readonly unknown[], lang: string): string {
  return `answer:${method}:${lang}:${JSON.stringify(args)}`;
}

export function offlineExtras(c: OfflineContext): Partial<TitianData> {
  const out: Record<string, unknown> = {};
  for (const name of REMEMBERED_READS) {
    out[name] = (...args: unknown[]) => {
      const key = rememberKey(name, args, c.lang());
      const online = c.http[name] as unknown as (...a: unknown[]) => Promise<unknown>;
      return c.fallback(
        () => online.apply(c.http, args),
        async () => (await c.store.getMeta<unknown>(key)) ?? undefined,
        async (v) => c.store.setMeta({ [key]: v }),
      );
    };
  }

  out.proposeDataUpdate = async (familyId: string, input: DataUpdateInput): Promise<DataUpdate> => {
    if (!c.enabled()) return c.http.proposeDataUpdate(familyId, input);
    const recordId = uuidv7();
    const item = await c.outboxItem({ entity: 'data_update', op: 'create', recordId, familyId, data: { ...input }, summary: { familyId, label: `data_update:${input.kind}` } });
    const user = await c.store.getMeta<{ username: string }>('user');
    const proposal: DataUpdate = {
      id: recordId,
      familyId,
      kind: input.kind,
      reason: input.reason,
      evidence: input.evidence ?? null,
      status: 'proposed',
      proposedBy: user?.username ?? null,
      proposedAt: c.now().toISOString(),
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      appliedVersion: null,
      change: input.change,
    };
    // Delivered, or kept on the phone (the outbox page shows it waiting; the koordinator sees it once delivered).
    const answer = await c.settleNow(item, await c.engine.submit(item, { key: `data_update:${recordId}`, entity: 'data_update', id: recordId, familyId, groupId: null, version: null, data: { ...proposal } }));
    return answer ? proposal : { ...proposal, pending: true };
  };

  return out as Partial<TitianData>;
}
