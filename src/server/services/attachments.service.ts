/**
 * Photos of activities and P2K2 sessions, and photos/scans of a family's documents (owner kind
 * `family_document`, the owner being the family: a signed graduation statement, a kelurahan letter), and photos taken
 * with a graduation assessment (owner kind `assessment`, in scope through the assessment's family): checked (the bytes must be the image type declared), cleaned
 * of their metadata (EXIF GPS never stored), written under `<data dir>/uploads/`, recorded and audited.
 * Researchers (peneliti) never receive photos: faces and homes cannot be pseudonymised.
 */
import { createHash } from 'node:crypto';
import { uuidv7 } from '../../domain/ids';
import type { CalendarDate } from '../../domain/types';
import { DEFAULT_UPLOAD_MAX_BYTES } from '../config';
import type { AppContext } from '../context';
import type { AttachmentOwnerKind, AttachmentRecord } from '../db/repositories/attachments.repository';
import { actorOf } from '../db/repositories/audit.repository';
import { canWriteRegistry, type Scope } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { MalformedImageError, stripMetadata, sniffUpload, type UploadMime } from '../storage/images';
import { openUpload, readUpload, removeUpload, saveUpload } from '../storage/uploads';

/** Photos one activity, session, family or assessment may hold. */
export const MAX_ATTACHMENTS_PER_OWNER = 10;
/** Photos the monthly report's appendix embeds. */
export const MAX_REPORT_PHOTOS = 12;

export function uploadLimit(ctx: AppContext): number {
  return ctx.config.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_BYTES;
}

/** "3 MB", "512 KB": the limit as people read it. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Number((n / (1024 * 1024)).toFixed(1))} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

export interface AttachmentAnswer {
  id: string;
  ownerKind: AttachmentOwnerKind;
  ownerId: string;
  mime: string;
  bytes: number;
  sha256: string;
  caption: string | null;
  createdAt: string;
  createdBy: string | null;
  /** Where the file is served (same origin, with the session cookie). */
  url: string;
}

function present(r: AttachmentRecord): AttachmentAnswer {
  return {
    id: r.id,
    ownerKind: r.ownerKind,
    ownerId: r.ownerId,
    mime: r.mime,
    bytes: r.bytes,
    sha256: r.sha256,
    caption: r.caption,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    url: `/api/v1/attachments/${r.id}`,
  };
}

/** Researchers never get photos, whatever the owner. */
function refuseResearchers(scope: Scope) {
  if (scope.role === 'peneliti') throw forbidden();
}

const invalid = (field: string, key: string, params: Record<string, string | number> = {}) =>
  new HttpError(422, 'error.attachment_invalid', {}, { [field]: { key, params } });

export async function uploadAttachment(
  ctx: AppContext,
  scope: Scope,
  q: { ownerKind: AttachmentOwnerKind; ownerId: string; caption?: string },
  declared: UploadMime,
  body: Buffer,
): Promise<AttachmentAnswer> {
  refuseResearchers(scope);
  if (!canWriteRegistry(scope)) {
    // Read-only roles learn no more than reading tells them: 404 out of scope, 403 in scope.
    if (!(await ctx.repos.attachments.owner(scope, q.ownerKind, q.ownerId))) throw notFound();
    throw forbidden();
  }
  if (!(await ctx.repos.attachments.owner(scope, q.ownerKind, q.ownerId))) throw notFound();
  if (body.length === 0) throw invalid('file', 'attachment.empty');
  const actual = sniffUpload(body);
  if (actual !== declared) throw invalid('file', 'attachment.type_mismatch', { declared: declared.replace('image/', '').toUpperCase() });
  let clean: Buffer;
  try {
    clean = stripMetadata(body, declared);
  } catch (e) {
    if (e instanceof MalformedImageError) throw invalid('file', 'attachment.malformed');
    throw e;
  }
  const id = uuidv7();
  const sha256 = createHash('sha256').update(clean).digest('hex');
  const dataDir = ctx.config.dataDir;
  // The file first, then the row: a row never points at a missing file; a refused row removes its file.
  await saveUpload(dataDir, id, clean);
  let result: Awaited<ReturnType<AppContext['repos']['attachments']['create']>>;
  try {
    result = await ctx.repos.attachments.create(
      scope,
      { id, ownerKind: q.ownerKind, ownerId: q.ownerId, mime: declared, bytes: clean.length, sha256, storageKey: id, caption: q.caption?.trim() || null },
      MAX_ATTACHMENTS_PER_OWNER,
      actorOf(scope),
      ctx.now().toISOString(),
    );
  } catch (e) {
    await removeUpload(dataDir, id);
    throw e;
  }
  if (!result.ok) {
    await removeUpload(dataDir, id);
    if (result.reason === 'too_many') throw new HttpError(422, 'error.attachment_invalid', {}, { ownerId: { key: 'attachment.too_many', params: { max: MAX_ATTACHMENTS_PER_OWNER } } });
    throw notFound();
  }
  return present((await ctx.repos.attachments.get(scope, id))!);
}

export async function listAttachments(ctx: AppContext, scope: Scope, kind: AttachmentOwnerKind, ownerId: string): Promise<{ items: AttachmentAnswer[]; total: number }> {
  refuseResearchers(scope);
  if (!(await ctx.repos.attachments.owner(scope, kind, ownerId))) throw notFound();
  const items = (await ctx.repos.attachments.list(scope, kind, ownerId)).map(present);
  return { items, total: items.length };
}

/** The stored file of an attachment in scope, as a stream. */
export async function attachmentFile(ctx: AppContext, scope: Scope, id: string) {
  refuseResearchers(scope);
  const record = await ctx.repos.attachments.get(scope, id);
  if (!record) throw notFound();
  const file = await openUpload(ctx.config.dataDir, record.storageKey);
  if (!file) throw notFound();
  return { record, ...file };
}

export async function deleteAttachment(ctx: AppContext, scope: Scope, id: string): Promise<void> {
  refuseResearchers(scope);
  if (!canWriteRegistry(scope)) {
    if (!(await ctx.repos.attachments.get(scope, id))) throw notFound();
    throw forbidden();
  }
  if (!(await ctx.repos.attachments.softDelete(scope, id, actorOf(scope), ctx.now().toISOString()))) throw notFound();
}

/** A photo for the monthly report's appendix (JPEG/PNG only: what the PDF can embed). */
export interface ReportPhotoFile {
  caption: string;
  date: CalendarDate;
  /** The activity type code (`p2k2` for a session). */
  type: string;
  mime: 'image/jpeg' | 'image/png';
  data: Buffer;
}

/** The month's photos of a pendamping's activities and sessions, read from storage; missing files are skipped. */
export async function reportPhotos(ctx: AppContext, pendampingId: string, range: { from: CalendarDate; to: CalendarDate }): Promise<ReportPhotoFile[]> {
  const rows = await ctx.repos.reports.photos(pendampingId, range, MAX_REPORT_PHOTOS);
  const out: ReportPhotoFile[] = [];
  for (const r of rows) {
    const data = await readUpload(ctx.config.dataDir, r.storageKey).catch(() => null);
    if (!data) continue;
    out.push({ caption: r.caption ?? '', date: r.date, type: r.type, mime: r.mime as 'image/jpeg' | 'image/png', data });
  }
  return out;
}
