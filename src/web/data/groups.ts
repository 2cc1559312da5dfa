/** Groups (kelompok), P2K2 sessions and attendance: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';

// biome-ignore lint/suspicious/noEmptyInterface: filled by the screens of this area
export interface GroupsData {}

export function groupsOverHttp(_api: ApiClient): GroupsData {
  return {};
}
