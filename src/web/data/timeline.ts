/** A family's timeline (GET /families/{id}/timeline): this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';
import type { Page } from './types';

export const TIMELINE_KINDS = ['activity', 'p2k2', 'compliance', 'data_update', 'sanction', 'case_plan', 'referral', 'graduation', 'membership'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One thing that happened to a family; `title` is a sentence in the user's language, made by the server. */
export interface TimelineEvent {
  /** YYYY-MM-DD */
  at: string;
  kind: TimelineKind;
  id: string;
  title: string;
  /** Free text (a note, a goal's title): absent for researchers. */
  detail?: string;
  /** Who did it (username): absent for researchers. */
  by?: string;
  /** A path of the web app that shows more. */
  link?: string;
}

export interface TimelineParams {
  limit: number;
  offset: number;
  /** Only these kinds (all when empty or absent). */
  kinds?: TimelineKind[];
}

export interface TimelineData {
  /** Newest first; rejects with ApiError 404 for a family outside the user's scope. */
  familyTimeline(familyId: string, params: TimelineParams): Promise<Page<TimelineEvent>>;
}

export function timelineOverHttp(api: ApiClient): TimelineData {
  return {
    familyTimeline: (familyId, { limit, offset, kinds }) =>
      api.get<Page<TimelineEvent>>(`/families/${encodeURIComponent(familyId)}/timeline`, { query: { limit, offset, ...(kinds?.length ? { kinds: kinds.join(',') } : {}) } }),
  };
}
