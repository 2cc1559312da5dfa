/** In-memory AdminData for component tests (no network). */
import type { AdminData } from '../data/admin';

export function fakeAdminData(): AdminData {
  return {};
}
