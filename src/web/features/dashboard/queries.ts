/** TanStack Query hooks over the dashboard's part of the data seam. Labels come from the server: keys include the language. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DashboardDrillParams, DashboardParams, DashboardViewName } from '../../data/dashboard';
import { useData } from '../../data/context';
import { useLang } from '../../i18n/I18nProvider';

export const DRILL_PAGE = 20;

export function useDashboardSummary(p: DashboardParams) {
  const data = useData();
  return useQuery({ queryKey: ['dashboard', 'summary', p.region, p.months ?? null], queryFn: () => data.dashboardSummary(p), staleTime: 60_000, placeholderData: keepPreviousData });
}

/** A view of the dashboard (none asked while `view` is null). */
export function useDashboardView(view: DashboardViewName | null, p: DashboardParams) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({
    queryKey: ['dashboard', 'view', view, p.region, p.months ?? null, lang],
    queryFn: () => data.dashboardView(view!, p),
    enabled: view !== null,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useDashboardFamilies(p: DashboardDrillParams | null) {
  const data = useData();
  return useQuery({
    queryKey: ['dashboard', 'families', p],
    queryFn: () => data.dashboardFamilies(p!),
    enabled: p !== null,
    placeholderData: keepPreviousData,
  });
}
