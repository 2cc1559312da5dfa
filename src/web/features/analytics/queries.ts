/** TanStack Query hooks over the analytics part of the data seam. Labels come from the server: keys include the language. */
import { useQuery } from '@tanstack/react-query';
import type { AnalyticsFilter, AnalyticsSplit, RolesUsageSplit } from '../../data/analytics';
import { useData } from '../../data/context';
import { useLang } from '../../i18n/I18nProvider';

const STALE = 60_000;
const key = (f: AnalyticsFilter) => [f.region, f.from, f.to] as const;

/**
 * While a filter or split changes, the previous answer stays on screen (the sections say they are busy) rather
 * than flashing "Memuat…". Never across a change of language: its text (the caution, labels) was written by the
 * server in the old language, so it is not shown as the current answer; the page says it is loading instead.
 * The language is the last part of every key below.
 */
export function keepPreviousInLang(lang: string) {
  return <T>(previous: T | undefined, previousQuery?: { queryKey: readonly unknown[] }): T | undefined =>
    previousQuery?.queryKey[previousQuery.queryKey.length - 1] === lang ? previous : undefined;
}

export function useGraduationTable(by: AnalyticsSplit, f: AnalyticsFilter, enabled = true) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: ['analytics', 'graduation', by, ...key(f), lang], queryFn: () => data.analyticsGraduation(by, f), staleTime: STALE, placeholderData: keepPreviousInLang(lang), enabled });
}

export function useSurvivalCurves(by: AnalyticsSplit, f: AnalyticsFilter, enabled = true) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: ['analytics', 'survival', by, ...key(f), lang], queryFn: () => data.analyticsSurvival(by, f), staleTime: STALE, placeholderData: keepPreviousInLang(lang), enabled });
}

export function useRolesUsage(by: RolesUsageSplit, f: AnalyticsFilter, enabled = true) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: ['analytics', 'roles-usage', by, ...key(f), lang], queryFn: () => data.analyticsRolesUsage(by, f), staleTime: STALE, placeholderData: keepPreviousInLang(lang), enabled });
}

export function useStudy(f: AnalyticsFilter, enabled = true) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: ['research', 'study', ...key(f), lang], queryFn: () => data.researchStudy(f), staleTime: STALE, placeholderData: keepPreviousInLang(lang), enabled });
}
