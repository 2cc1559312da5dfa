/** TanStack Query hook over the today part of TitianData. */
import { useQuery } from '@tanstack/react-query';
import { useData } from '../../data/context';

export const todayKeys = {
  all: ['today'] as const,
  view: (date: string | null) => ['today', date ?? 'now'] as const,
};

/** What is waiting today (or on `date`, when given). Refreshed when the user comes back to the tab. */
export function useToday(date: string | null) {
  const data = useData();
  return useQuery({ queryKey: todayKeys.view(date), queryFn: () => data.today(date ?? undefined), staleTime: 60_000 });
}
