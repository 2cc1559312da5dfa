/** In-memory TodayData for component tests (no network). */
import type { TodayData } from '../data/today';

export function fakeTodayData(): TodayData {
  return {};
}
