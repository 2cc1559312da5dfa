/** The pendamping’s today view: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';

// biome-ignore lint/suspicious/noEmptyInterface: filled by the screens of this area
export interface TodayData {}

export function todayOverHttp(_api: ApiClient): TodayData {
  return {};
}
