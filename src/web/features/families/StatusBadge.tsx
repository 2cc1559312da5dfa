import type { FamilyStatus } from '../../data/types';
import { useT } from '../../i18n/I18nProvider';

export function StatusBadge({ status }: { status: FamilyStatus }) {
  const tr = useT();
  return <span className={`badge status-${status}`}>{tr(`web.status.${status}`)}</span>;
}
