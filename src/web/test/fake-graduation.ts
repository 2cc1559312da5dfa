/** In-memory GraduationData for component tests (no network). */
import type { GraduationData } from '../data/graduation';

export function fakeGraduationData(): GraduationData {
  return {};
}
