/** TanStack Query hooks over the timeline part of TitianData: pages appended ("muat lebih banyak"). */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useData } from '../../data/context';
import type { TimelineKind } from '../../data/timeline';

export const TIMELINE_PAGE = 10;

export const timelineKeys = {
  all: ['timeline'] as const,
  family: (familyId: string, kind: TimelineKind | null) => ['timeline', familyId, kind ?? 'all'] as const,
};

/** A family's timeline, newest first, `TIMELINE_PAGE` events a page; `kind` keeps one kind. */
export function useFamilyTimeline(familyId: string, kind: TimelineKind | null) {
  const data = useData();
  return useInfiniteQuery({
    queryKey: timelineKeys.family(familyId, kind),
    queryFn: ({ pageParam }) => data.familyTimeline(familyId, { limit: TIMELINE_PAGE, offset: pageParam, ...(kind ? { kinds: [kind] } : {}) }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return last.items.length > 0 && loaded < last.total ? loaded : undefined;
    },
  });
}
