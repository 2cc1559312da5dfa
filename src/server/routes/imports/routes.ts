import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { errorHandler, HttpError, requestLang } from '../../http/errors';
import {
  applyImportJob,
  closeImportQueue,
  DEFAULT_IMPORT_MAX_BYTES,
  getImportJob,
  IMPORT_UPLOAD_MIMES,
  importReport,
  listImportJobs,
  type ReportFormat,
  setImportLog,
  startRegistryUpload,
} from '../../services/import-jobs.service';
import { idParams, isTrue, langQuery, listQuery, uploadQuery } from './schema';

/**
 * The registry import over HTTP (docs/import.md): upload a registry file (the raw body) as a job that runs in
 * the background, follow it, download its row report, apply a dry run. Admin and coordinators only (403 for
 * the others); another user's job answers 404 (admin sees every job).
 */
export async function importRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['imports'];
  setImportLog(ctx, (m) => app.log.error(m));
  // A closing server stops taking jobs and interrupts the running one at its next checkpoint (it resumes on the next start).
  app.addHook('onClose', async () => closeImportQueue(ctx));

  r.get(
    '/api/v1/imports',
    { schema: { tags, summary: 'Registry import jobs, newest first: the caller’s own (admin: everyone’s); `maxBytes` is the largest upload accepted', querystring: listQuery } },
    async (req) => listImportJobs(ctx, requireScope(req), { limit: req.query.limit, offset: req.query.offset }, requestLang(req)),
  );

  r.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary:
          'A registry import job: status and phase (queued, hashing, staging, applying, finishing, done, failed), bytes read of the file, rows staged, families done of the total, counts (created, updated, unchanged, refused, unmatched), rows refused, warnings, ignored columns, the estimated seconds left, the error in the caller’s language',
        params: idParams,
        querystring: langQuery,
      },
    },
    async (req) => getImportJob(ctx, requireScope(req), req.params.id, requestLang(req)),
  );

  const reportOptions = (format: ReportFormat) => ({
    schema: {
      tags,
      summary: `The row report of a finished import as ${format.toUpperCase()} (streamed): one line per problem (baris, no_kk, nik, nama, kolom, jenis, pesan), messages in the caller’s language (\`lang\`); audited`,
      params: idParams,
      querystring: langQuery,
    },
  });
  const reportHandler = (format: ReportFormat) => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const out = await importReport(ctx, requireScope(req), req.params.id, format, requestLang(req), (m) => req.log.error(m));
    reply.header('Content-Type', out.contentType).header('Content-Disposition', `attachment; filename="${out.filename}"`);
    return reply.send(out.stream());
  };
  r.get('/api/v1/imports/:id/report.csv', reportOptions('csv'), reportHandler('csv'));
  r.get('/api/v1/imports/:id/report.xlsx', reportOptions('xlsx'), reportHandler('xlsx'));

  r.post(
    '/api/v1/imports/:id/apply',
    { schema: { tags, summary: 'Import a finished dry run for real (its staged rows, no second upload), in the background: 202 with the job; 409 when the job is not a finished dry run', params: idParams, querystring: langQuery } },
    async (req, reply) => reply.code(202).send(await applyImportJob(ctx, requireScope(req), req.params.id, requestLang(req))),
  );

  // The upload: the raw body (the file itself), never buffered: the parser hands the request stream over and
  // the service streams it to disk within TITIAN_IMPORT_MAX_BYTES. Registered for this route only.
  await app.register(async (upload) => {
    upload.addContentTypeParser([...IMPORT_UPLOAD_MIMES], (_req, payload, done) => done(null, payload));
    upload.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return errorHandler(new HttpError(415, 'import.upload_media_type'), req, reply);
      return errorHandler(err, req, reply);
    });
    const u = upload.withTypeProvider<ZodTypeProvider>();
    u.post(
      '/api/v1/imports/registry',
      {
        // The size is checked while the file is written (the configured limit); this only has to allow it.
        bodyLimit: Math.max(DEFAULT_IMPORT_MAX_BYTES, ctx.config.importMaxBytes ?? 0),
        schema: {
          tags,
          summary:
            'Upload a registry file (the contract’s registry CSV, or XLSX with the same header) as the raw body (Content-Type text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/octet-stream) and import it in the background: 202 with the job (poll GET /imports/{id}). `dryRun` (default true) only reports what would be created, updated and refused. The same file uploaded again while its job is unfinished continues that job. 413 above TITIAN_IMPORT_MAX_BYTES (default 2 GiB), 422 for an empty body',
          querystring: uploadQuery,
        },
      },
      async (req, reply) => {
        const length = req.headers['content-length'];
        const job = await startRegistryUpload(
          ctx,
          requireScope(req),
          {
            body: req.body,
            contentType: String(req.headers['content-type'] ?? '')
              .split(';')[0]!
              .trim()
              .toLowerCase(),
            contentLength: length === undefined ? undefined : Number(length),
            fileName: req.query.fileName,
            dryRun: isTrue(req.query.dryRun, true),
          },
          requestLang(req),
        );
        return reply.code(202).send(job);
      },
    );
  });
}
