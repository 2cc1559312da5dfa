/** In-memory AttachmentsData for component tests (no network). */
import type { AttachmentsData } from '../data/attachments';

export function fakeAttachmentsData(): AttachmentsData {
  return {};
}
