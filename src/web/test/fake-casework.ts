/** In-memory CaseworkData for component tests (no network). */
import type { CaseworkData } from '../data/casework';

export function fakeCaseworkData(): CaseworkData {
  return {};
}
