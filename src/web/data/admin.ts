/** Administration: the deployment's own taxonomy terms: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';

// biome-ignore lint/suspicious/noEmptyInterface: filled by the screens of this area
export interface AdminData {}

export function adminOverHttp(_api: ApiClient): AdminData {
  return {};
}
