/** Photos attached to activities and P2K2 sessions: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';

// biome-ignore lint/suspicious/noEmptyInterface: filled by the screens of this area
export interface AttachmentsData {}

export function attachmentsOverHttp(_api: ApiClient): AttachmentsData {
  return {};
}
