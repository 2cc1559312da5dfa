/** Compliance verification (VERKOM, observations, closing periods) and sanctions: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';

// biome-ignore lint/suspicious/noEmptyInterface: filled by the screens of this area
export interface ComplianceData {}

export function complianceOverHttp(_api: ApiClient): ComplianceData {
  return {};
}
