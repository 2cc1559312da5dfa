/** In-memory ComplianceData for component tests (no network). */
import type { ComplianceData } from '../data/compliance';

export function fakeComplianceData(): ComplianceData {
  return {};
}
