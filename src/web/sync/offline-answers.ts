/**
 * Shapes the offline data layer (./offline-data) answers with besides the API's own: apart, so that screens
 * can tell them without loading the data layer.
 */
import type { Attachment } from '../data/attachments';
import type { ComplianceResult } from '../data/compliance';

/**
 * A photo answered by the phone's queue: kept on the phone (`pending`), uploaded once its record is on the
 * server and there is a network. Its `id` is the attachment's id on the server to be.
 */
export type QueuedAttachment = Attachment & { pending?: true };

/**
 * A family's result worked out on the phone (./compliance-local) for a family whose result the phone never
 * saw online: its commitments only (every verdict null), never shown as the server's.
 */
export type PhoneComplianceResult = ComplianceResult & {
  computedOn: 'phone';
  /** Checks of this family and quarter recorded on this phone and not delivered yet. */
  waiting: number;
};

export function isPhoneResult(r: ComplianceResult | undefined): r is PhoneComplianceResult {
  return !!r && (r as Partial<PhoneComplianceResult>).computedOn === 'phone';
}

/** A check recorded offline: the result shown is the last one known (or the phone's), the check waits in the outbox. */
export type QueuedComplianceResult = ComplianceResult & { queuedOnPhone?: true };
