/**
 * A compliance observation's value in words, for the family's compliance section and the coordinator's
 * conflict inbox (an observation recorded offline for a month that got a record meanwhile). Its own module, so
 * the inbox does not load the compliance screens.
 */
import './messages';
import type { RecordedObservation } from '../../data/compliance';
import type { TFunction, useFormat } from '../../i18n/I18nProvider';

/** A stored observation's value in words: each part with its form label ("Kunjungan posyandu bulan ini: 1"). */
export function observationText(tr: TFunction, fmt: ReturnType<typeof useFormat>, observation: RecordedObservation['observation']): string {
  const LABELS: Record<string, string> = {
    visits: 'web.compliance.f.visits',
    visitsToDate: 'web.compliance.f.visitsToDate',
    gestationWeeks: 'web.compliance.f.gestationWeeks',
    delivered: 'web.compliance.f.delivered',
    deliveryDate: 'web.compliance.f.deliveryDate',
    upToDate: 'web.compliance.f.upToDate',
    serviceContacts: 'web.compliance.f.serviceContacts',
    attendancePct: 'web.compliance.f.attendancePct',
    checkDates: 'web.compliance.f.checkDates',
  };
  const value = (key: string, v: unknown): string => {
    if (key === 'upToDate') return tr(v === true ? 'web.compliance.f.upToDate.yes' : 'web.compliance.f.upToDate.no');
    if (typeof v === 'boolean') return tr(v ? 'web.compliance.yes' : 'web.compliance.no');
    if (typeof v === 'number') return fmt.number(v);
    if (Array.isArray(v)) return v.length ? v.map((x) => fmt.date(String(x))).join(', ') : '–';
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? fmt.date(v) : String(v);
  };
  return Object.entries(observation)
    .map(([k, v]) => `${LABELS[k] ? tr(LABELS[k]!) : k}: ${value(k, v)}`)
    .join(' · ');
}
