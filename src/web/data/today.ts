/** The pendamping’s today view: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';

/** One thing waiting: about a family (or, for a P2K2 session, a group), with a sentence in the user's language. */
export interface TodayItem {
  familyId: string | null;
  groupId?: string;
  /** The head's name (a pseudonym for researchers), or the group's name. */
  name: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  date: string | null;
  text: string;
  /** Where the web app does the work (a path of this app). */
  link: string;
}

export interface TodayList {
  total: number;
  items: TodayItem[];
}

/** `GET /api/v1/today`. */
export interface TodayView {
  date: string;
  visitDueAfterDays: number;
  tasks: TodayList;
  visits: TodayList;
  sessions: TodayList & { from: string; to: string };
  verification: TodayList & { period: string; periodEnd: string; months: string[] };
  /** Null for roles that make no graduation move. */
  graduation: TodayList | null;
  followups: TodayList;
  /** Null for roles that do not decide data updates. */
  dataUpdates: TodayList | null;
}

export interface TodayData {
  /** What is waiting in the user's scope today (or on `date`). */
  today(date?: string): Promise<TodayView>;
}

export function todayOverHttp(api: ApiClient): TodayData {
  return {
    today: (date) => api.get<TodayView>('/today', { query: { date } }),
  };
}
