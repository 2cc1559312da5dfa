/** Data updates (pemutakhiran), case plans and referrals of a family: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';

// biome-ignore lint/suspicious/noEmptyInterface: filled by the screens of this area
export interface CaseworkData {}

export function caseworkOverHttp(_api: ApiClient): CaseworkData {
  return {};
}
