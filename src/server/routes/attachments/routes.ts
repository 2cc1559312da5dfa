import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../shared/schemas/access';
import { text, uuid } from '../../../shared/schemas/common';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { ATTACHMENT_OWNER_KINDS } from '../../db/repositories/attachments.repository';
import { errorHandler, HttpError } from '../../http/errors';
import { attachmentFile, deleteAttachment, formatBytes, listAttachments, uploadAttachment, uploadLimit } from '../../services/attachments.service';
import { isUploadMime, UPLOAD_MIMES } from '../../storage/images';

const ownerQuery = z.object({
  ownerKind: z.enum(ATTACHMENT_OWNER_KINDS, { message: 'validation.invalid' }),
  ownerId: uuid,
});

const uploadQuery = ownerQuery.extend({
  caption: text().trim().max(200, { message: 'validation.too_long' }).optional(),
  /** A phone's id for the photo (UUIDv7 made when it was taken): the upload becomes idempotent. */
  id: uuid.optional(),
});

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * Photos of activities, P2K2 sessions, family documents and graduation assessments (contract: /api/v1/attachments). The upload's body is the raw
 * image (`Content-Type: image/jpeg | image/png | image/webp`), parsed only here and limited to
 * TITIAN_UPLOAD_MAX_BYTES; the other routes are JSON as everywhere else.
 */
export async function attachmentRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(async (scoped) => {
    const limit = uploadLimit(ctx);
    scoped.addContentTypeParser([...UPLOAD_MIMES], { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
    // The framework's refusals of an upload get this area's words (the limit, the types accepted).
    scoped.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errorHandler(new HttpError(413, 'error.attachment_too_large', { max: formatBytes(limit) }), req, reply);
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return errorHandler(new HttpError(415, 'error.attachment_media_type'), req, reply);
      return errorHandler(err, req, reply);
    });

    const r = scoped.withTypeProvider<ZodTypeProvider>();
    const tags = ['attachments'];
    r.post(
      '/api/v1/attachments',
      {
        bodyLimit: limit,
        schema: {
          tags,
          summary: 'Upload a photo of an activity or P2K2 session, or a photo/scan of a family document (ownerKind=family_document, ownerId = the family: a signed graduation statement, a kelurahan letter), or a photo taken with a graduation assessment (ownerKind=assessment, ownerId = the stored assessment): the raw JPEG, PNG or WebP as the body; metadata (EXIF, GPS) is removed. With `id` (a UUID the phone made when the photo was taken) the upload is idempotent: the photo is stored under that id, and the same photo of the same owner sent again answers 200 with what was stored (`repeated: true`, `removed: true` if removed since) instead of a second copy; anything else under that id is a 409',
          querystring: uploadQuery,
        },
      },
      async (req, reply) => {
        const declared = String(req.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        if (!isUploadMime(declared) || !Buffer.isBuffer(req.body)) throw new HttpError(415, 'error.attachment_media_type');
        const { answer, created } = await uploadAttachment(ctx, requireScope(req), req.query, declared, req.body);
        // 200: the same photo under the same id was stored before (a phone repeating an upload whose answer it lost).
        return reply.code(created ? 201 : 200).send(answer);
      },
    );
    r.get(
      '/api/v1/attachments',
      { schema: { tags, summary: 'The photos of an activity, a P2K2 session, a family (its documents) or a graduation assessment in scope, oldest first', querystring: ownerQuery } },
      async (req) => listAttachments(ctx, requireScope(req), req.query.ownerKind, req.query.ownerId),
    );
    r.get(
      '/api/v1/attachments/:id',
      {
        schema: { tags, summary: 'The photo file itself (image/jpeg, image/png or image/webp)', params: idParams },
        // After the app's "no-store" for API answers: a photo never changes, so the browser may keep it privately.
        onSend: async (_req, reply, payload) => {
          if (reply.statusCode === 200) reply.header('Cache-Control', 'private, max-age=3600');
          return payload;
        },
      },
      async (req, reply) => {
        const file = await attachmentFile(ctx, requireScope(req), req.params.id);
        return reply
          .header('Content-Type', file.record.mime)
          .header('Content-Length', String(file.size))
          .header('X-Content-Type-Options', 'nosniff')
          .header('Content-Disposition', `inline; filename="${file.record.id}.${EXTENSION[file.record.mime] ?? 'bin'}"`)
          .header('ETag', `"${file.record.sha256}"`)
          .send(file.stream);
      },
    );
    r.delete(
      '/api/v1/attachments/:id',
      { schema: { tags, summary: 'Remove a photo (kept as a tombstone; audited)', params: idParams } },
      async (req, reply) => {
        await deleteAttachment(ctx, requireScope(req), req.params.id);
        return reply.code(204).send();
      },
    );
  });
}
