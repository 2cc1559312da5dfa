/**
 * The user's own compliance records still on this phone (the outbox): waiting to be sent, or sent and contested
 * (a month someone else recorded meanwhile: the coordinator decides in the conflict inbox). The family page shows
 * the server's result for the month; these say beside it that the phone's own record is not in it (yet).
 */
import { useEffect, useState } from 'react';
import type { ObservationInput } from '../../data/compliance';
import { type TFunction, useFormat, useT } from '../../i18n/I18nProvider';
import { useSyncEngine, useSyncState } from '../../sync/context';
import type { OutboxItem } from '../../sync/local-store';
import { observationText } from './observation-text';
import './messages';

export interface PhoneObservation {
  id: string;
  status: 'pending' | 'conflict';
  memberId: string;
  kind: string;
  sub: string | null;
  month: string;
  observation: ObservationInput['observation'];
}

function asPhoneObservation(i: OutboxItem): PhoneObservation | null {
  if (i.entity !== 'compliance_observation' || (i.status !== 'pending' && i.status !== 'conflict')) return null;
  const d = i.data as Partial<ObservationInput> & { sub?: unknown };
  if (typeof d.memberId !== 'string' || typeof d.kind !== 'string' || typeof d.month !== 'string' || !d.observation || typeof d.observation !== 'object') return null;
  return { id: i.id, status: i.status, memberId: d.memberId, kind: d.kind, sub: typeof d.sub === 'string' && d.sub ? d.sub : null, month: d.month, observation: d.observation };
}

/** The user's records of a family on this phone that the server's result does not hold (none without offline work). */
export function usePhoneObservations(familyId: string): PhoneObservation[] {
  const engine = useSyncEngine();
  const state = useSyncState();
  const [items, setItems] = useState<PhoneObservation[]>([]);
  const userId = state?.userId ?? null;
  useEffect(() => {
    if (!engine || !userId) {
      setItems([]);
      return;
    }
    let live = true;
    void engine.store.outbox(userId).then((all) => {
      if (!live) return;
      setItems(all.filter((i) => i.familyId === familyId || i.summary.familyId === familyId).flatMap((i) => asPhoneObservation(i) ?? []));
    });
    return () => {
      live = false;
    };
  }, [engine, userId, familyId, state?.pending, state?.conflicts, state?.syncing]);
  return items;
}

function checkName(tr: TFunction, r: PhoneObservation): string {
  return r.sub ? tr(`web.compliance.sub.${r.sub}`) : tr(`web.compliance.kind.${r.kind}`);
}

/** Beside a month's result: the phone's own record of it waiting for the coordinator's decision, or to be sent. */
export function PhoneRecordNote({ record: r }: { record: PhoneObservation }) {
  const tr = useT();
  const fmt = useFormat();
  const params = { check: checkName(tr, r), value: observationText(tr, fmt, r.observation) };
  return (
    <span className={r.status === 'conflict' ? 'compliance-phone-record alert alert-warn' : 'compliance-phone-record hint'} data-status={r.status} data-testid="compliance-phone-record">
      {tr(r.status === 'conflict' ? 'web.compliance.phoneRecord.conflict' : 'web.compliance.phoneRecord.pending', params)}
    </span>
  );
}
