/** TanStack Query hooks over the attachments part of TitianData. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AttachmentOwnerKind, AttachmentUpload } from '../../data/attachments';
import { useData } from '../../data/context';

export const attachmentKeys = {
  owner: (kind: AttachmentOwnerKind, id: string) => ['attachments', kind, id] as const,
};

export function useAttachments(kind: AttachmentOwnerKind, ownerId: string, enabled = true) {
  const data = useData();
  return useQuery({ queryKey: attachmentKeys.owner(kind, ownerId), queryFn: () => data.listAttachments(kind, ownerId), enabled, staleTime: 60_000 });
}

/** Upload one photo; the owner's list is fetched again after. */
export function useUploadAttachment() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (u: AttachmentUpload) => data.uploadAttachment(u),
    onSettled: (_a, _e, u) => qc.invalidateQueries({ queryKey: attachmentKeys.owner(u.ownerKind, u.ownerId) }),
  });
}
