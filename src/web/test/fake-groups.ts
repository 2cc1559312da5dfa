/** In-memory GroupsData for component tests (no network). */
import type { GroupsData } from '../data/groups';

export function fakeGroupsData(): GroupsData {
  return {};
}
