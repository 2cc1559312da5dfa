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
import type { CaseloadAt } from '../db/repositories/reports.repository';
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
  /** An upload under an id stored before (a phone repeating it after a lost answer): nothing new was stored. */
  repeated?: true;
  /** With `repeated`: the photo was removed since (it stays removed). */
  removed?: true;
}

/** An upload's answer, and whether it stored something (201) or repeated an upload stored before (200). */
export interface UploadOutcome {
  answer: AttachmentAnswer;
  created: boolean;
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

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * An upload under an id something is stored under already: the same photo of the same owner (a phone sending
 * it again because the first answer was lost) is answered as stored, nothing new written, even when it was
 * removed since (it stays removed); anything else under that id is a 409.
 */
async function repeatOf(ctx: AppContext, id: string, q: { ownerKind: AttachmentOwnerKind; ownerId: string }, sha256: string): Promise<UploadOutcome | null> {
  const known = await ctx.repos.attachments.stored(id);
  if (!known) return null;
  if (known.ownerKind !== q.ownerKind || known.ownerId !== q.ownerId || known.sha256 !== sha256) throw new HttpError(409, 'error.attachment_id_exists');
  const { deleted, ...record } = known;
  return { answer: { ...present(record), repeated: true, ...(deleted ? { removed: true as const } : {}) }, created: false };
}

/**
 * Stores a photo of an owner in scope. `q.id` (a phone's UUIDv7 for a photo taken offline) makes the upload
 * idempotent: the photo is stored under that id, and the same upload repeated answers what was stored
 * (`created: false`) instead of storing a second copy.
 */
export async function uploadAttachment(
  ctx: AppContext,
  scope: Scope,
  q: { ownerKind: AttachmentOwnerKind; ownerId: string; caption?: string; id?: string },
  declared: UploadMime,
  body: Buffer,
): Promise<UploadOutcome> {
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
  const sha256 = createHash('sha256').update(clean).digest('hex');
  if (q.id) {
    const repeat = await repeatOf(ctx, q.id, q, sha256);
    if (repeat) return repeat;
  }
  const id = q.id ?? uuidv7();
  // A phone's id never names the file: a repeat racing the first upload writes a file of its own, never over it.
  const storageKey = q.id ? uuidv7() : id;
  const dataDir = ctx.config.dataDir;
  // The file first, then the row: a row never points at a missing file; a refused row removes its file.
  await saveUpload(dataDir, storageKey, clean);
  let result: Awaited<ReturnType<AppContext['repos']['attachments']['create']>>;
  try {
    result = await ctx.repos.attachments.create(
      scope,
      { id, ownerKind: q.ownerKind, ownerId: q.ownerId, mime: declared, bytes: clean.length, sha256, storageKey, caption: q.caption?.trim() || null },
      MAX_ATTACHMENTS_PER_OWNER,
      actorOf(scope),
      ctx.now().toISOString(),
    );
  } catch (e) {
    await removeUpload(dataDir, storageKey);
    // Two deliveries of the same photo at once: the later one finds the first one's row.
    if (q.id && isUniqueViolation(e)) {
      const repeat = await repeatOf(ctx, q.id, q, sha256);
      if (repeat) return repeat;
    }
    throw e;
  }
  if (!result.ok) {
    await removeUpload(dataDir, storageKey);
    if (result.reason === 'exists' && q.id) {
      const repeat = await repeatOf(ctx, q.id, q, sha256);
      if (repeat) return repeat;
    }
    if (result.reason === 'too_many') throw new HttpError(422, 'error.attachment_invalid', {}, { ownerId: { key: 'attachment.too_many', params: { max: MAX_ATTACHMENTS_PER_OWNER } } });
    throw notFound();
  }
  return { answer: present((await ctx.repos.attachments.get(scope, id))!), created: true };
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

/**
 * The month's photos of a pendamping's activities for the families of the month's caseload and of their
 * groups' sessions, read from storage; missing files are skipped.
 */
export async function reportPhotos(ctx: AppContext, caseload: CaseloadAt, range: { from: CalendarDate; to: CalendarDate }): Promise<ReportPhotoFile[]> {
  const rows = await ctx.repos.reports.photos(caseload, range, MAX_REPORT_PHOTOS);
  const out: ReportPhotoFile[] = [];
  for (const r of rows) {
    const data = await readUpload(ctx.config.dataDir, r.storageKey).catch(() => null);
    if (!data) continue;
    out.push({ caption: r.caption ?? '', date: r.date, type: r.type, mime: r.mime as 'image/jpeg' | 'image/png', data });
  }
  return out;
}
