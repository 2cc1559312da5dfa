/** Photos attached to activities, P2K2 sessions, family documents and graduation assessments: this area's part of the data seam (TitianData) and its HTTP implementation. */
import type { ApiClient } from '../api/client';
import type { Page } from './types';

/** What a photo belongs to: an activity, a P2K2 session, the family itself (a scanned letter), or a stored graduation assessment. */
export type AttachmentOwnerKind = 'activity' | 'p2k2_session' | 'family_document' | 'assessment';

/** A stored photo (GET /attachments). */
export interface Attachment {
  id: string;
  ownerKind: AttachmentOwnerKind;
  ownerId: string;
  mime: string;
  bytes: number;
  sha256: string;
  caption: string | null;
  createdAt: string;
  /** The uploader's username. */
  createdBy: string | null;
  /** The same-origin address of the file (the session cookie goes with an <img>). */
  url: string;
}

export interface AttachmentUpload {
  ownerKind: AttachmentOwnerKind;
  ownerId: string;
  /** The image bytes: JPEG (after compression in the browser), PNG or WebP. */
  file: Blob;
  caption?: string;
}

export interface AttachmentsData {
  /** The photos of an owner (activity, session, family document, assessment), oldest first; 404 out of scope, 403 for researchers. */
  listAttachments(ownerKind: AttachmentOwnerKind, ownerId: string): Promise<Page<Attachment>>;
  /** Upload one photo; rejects with ApiError 413 (too large), 422 (not the image it claims, or too many) or 404. */
  uploadAttachment(upload: AttachmentUpload): Promise<Attachment>;
  deleteAttachment(id: string): Promise<void>;
}

const enc = encodeURIComponent;

export function attachmentsOverHttp(api: ApiClient): AttachmentsData {
  return {
    listAttachments: (ownerKind, ownerId) => api.get<Page<Attachment>>('/attachments', { query: { ownerKind, ownerId } }),
    uploadAttachment: ({ ownerKind, ownerId, file, caption }) =>
      api.request<Attachment>('/attachments', {
        method: 'POST',
        query: { ownerKind, ownerId, caption: caption?.trim() || undefined },
        body: file,
        contentType: file.type || 'image/jpeg',
      }),
    deleteAttachment: (id) => api.delete<void>(`/attachments/${enc(id)}`),
  };
}
