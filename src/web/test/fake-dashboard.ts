/** In-memory DashboardData for component tests (no network). */
import type { DashboardData } from '../data/dashboard';

export function fakeDashboardData(): DashboardData {
  return {};
}
