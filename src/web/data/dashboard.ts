/** The coordinators’ dashboard: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';

// biome-ignore lint/suspicious/noEmptyInterface: filled by the screens of this area
export interface DashboardData {}

export function dashboardOverHttp(_api: ApiClient): DashboardData {
  return {};
}
