/** In-memory AttachmentsData for component tests (no network). */
import { ApiError } from '../api/client';
import type { Attachment, AttachmentsData, AttachmentUpload } from '../data/attachments';

/** What a test can see and steer: the stored photos, the uploads made, errors to answer with. */
export interface FakeAttachmentsState {
  items: Attachment[];
  uploads: Array<{ ownerKind: string; ownerId: string; type: string; size: number; caption?: string }>;
  deleted: string[];
  /** Answer the next uploads with these errors, one per upload, in order. */
  uploadErrors: ApiError[];
  listError: ApiError | null;
}

export function fakeAttachmentsData(state: FakeAttachmentsState = { items: [], uploads: [], deleted: [], uploadErrors: [], listError: null }): AttachmentsData & {
  attachmentsState: FakeAttachmentsState;
} {
  let n = 0;
  return {
    attachmentsState: state,
    async listAttachments(ownerKind, ownerId) {
      if (state.listError) throw state.listError;
      const items = state.items.filter((a) => a.ownerKind === ownerKind && a.ownerId === ownerId);
      return { items, total: items.length };
    },
    async uploadAttachment(u: AttachmentUpload) {
      state.uploads.push({ ownerKind: u.ownerKind, ownerId: u.ownerId, type: u.file.type, size: u.file.size, caption: u.caption });
      const error = state.uploadErrors.shift();
      if (error) throw error;
      n++;
      const id = `att-${String(n).padStart(4, '0')}`;
      const a: Attachment = {
        id,
        ownerKind: u.ownerKind,
        ownerId: u.ownerId,
        mime: u.file.type || 'image/jpeg',
        bytes: u.file.size,
        sha256: '0'.repeat(64),
        caption: u.caption?.trim() || null,
        createdAt: new Date().toISOString(),
        createdBy: 'pendamping01',
        url: `/api/v1/attachments/${id}`,
      };
      state.items.push(a);
      return a;
    },
    async deleteAttachment(id) {
      const i = state.items.findIndex((a) => a.id === id);
      if (i < 0) throw new ApiError(404, 'not_found', 'Data tidak ditemukan.');
      state.items.splice(i, 1);
      state.deleted.push(id);
    },
  };
}

/** The fake's state on a FakeData (mixed in by its constructor). */
export function attachmentsStateOf(data: object): FakeAttachmentsState {
  const state = (data as { attachmentsState?: FakeAttachmentsState }).attachmentsState;
  if (!state) throw new Error('no fake attachments on this data');
  return state;
}
