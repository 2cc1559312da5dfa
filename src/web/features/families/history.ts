/**
 * A family's history in words: what each audited action was, and what it changed or opened. Every action
 * the server records against a family has a name here; one it does not know (a newer server) is shown by
 * its code rather than hidden. Field names are the API's, said in words where the catalogue knows them.
 */
import { hasMessage } from '../../../shared/i18n';
import type { HistoryEntry } from '../../data/types';
import type { TFunction } from '../../i18n/I18nProvider';
import '../graduation/messages-states';
import './messages-history';
import { labelOr } from './labels';


/** Actions that change a record: their entry names the fields changed. Others (a creation, a read) do not. */
const CHANGES = new Set(['family.update', 'activity.update', 'case_plan.goal_change', 'case_plan.task_change', 'referral.change']);
/** Actions whose `after.reason` is the reason a person gave (or a system code with its own words). */
const GIVES_REASON = new Set(['activity.update', 'activity.delete']);
/** Status changes, written as `closed_at` alongside on goals: not a field the user changed by hand. */
const DERIVED_FIELDS = new Set(['reason', 'importJob', 'closed_at']);

const field = (tr: TFunction, key: string) => labelOr(tr, `web.history.field.${key}`, key);

/**
 * A page of entries newest first by when they happened. The server numbers entries in the order it wrote
 * them (`seq`), which is not always the order they happened (an offline visit synced later, an import of
 * older records): the time decides, the number only breaks ties (and an unreadable time goes last).
 */
export function newestFirst(entries: readonly HistoryEntry[]): HistoryEntry[] {
  const time = (e: HistoryEntry) => {
    const t = Date.parse(e.at);
    return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
  };
  return [...entries].sort((a, b) => time(b) - time(a) || b.seq - a.seq);
}

/** The action in words. */
export function historyAction(tr: TFunction, action: string): string {
  const graduation = /^graduation\.([a-z_]+)$/.exec(action);
  if (graduation && hasMessage(`web.grad.state.${graduation[1]}`)) return tr('web.history.action.graduation.state', { state: tr(`web.grad.state.${graduation[1]}`) });
  const key = `web.history.action.${action}`;
  return hasMessage(key) ? tr(key) : tr('web.history.action.other', { action });
}

/** What an entry changed or opened, in a few words; null when there is nothing to add to the action. */
export function historyDetail(tr: TFunction, e: HistoryEntry): string | null {
  if (e.action === 'family.read_sensitive' || e.action === 'sync.read_sensitive') {
    const fields = (e.after?.fields as string[] | undefined) ?? [];
    return fields.length ? tr('web.history.readFields', { fields: fields.map((f) => field(tr, f)).join(', ') }) : null;
  }
  if (e.action === 'family.status') {
    const from = e.before?.status;
    const to = e.after?.status;
    if (typeof from === 'string' && typeof to === 'string') {
      return tr('web.history.statusChange', { from: labelOr(tr, `web.status.${from}`, from), to: labelOr(tr, `web.status.${to}`, to) });
    }
    return null;
  }
  // With the old values at hand, only the fields that really changed are named (a correction sends the whole
  // record); `importJob` says where a change came from (a registry import), not a field it changed.
  const before = e.before;
  const keys = CHANGES.has(e.action)
    ? Object.keys(e.after ?? {}).filter((k) => !DERIVED_FIELDS.has(k) && !(before && k in before && JSON.stringify(before[k]) === JSON.stringify(e.after?.[k])))
    : [];
  // The reason given, in words (a reason written by the system is a code with its own text).
  const raw = typeof e.after?.reason === 'string' && GIVES_REASON.has(e.action) ? e.after.reason : null;
  const reason = raw ? labelOr(tr, `web.history.reasonCode.${raw}`, raw) : null;
  const parts = [
    keys.length ? tr('web.history.fields', { fields: keys.map((k) => field(tr, k)).join(', ') }) : null,
    e.after?.importJob ? tr('web.history.viaImport') : null,
    reason ? tr('web.history.reason', { reason }) : null,
  ];
  return parts.filter((p) => p !== null).join(' · ') || null;
}
