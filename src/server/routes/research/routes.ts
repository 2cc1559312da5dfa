import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../../shared/schemas/access';
import {
  agreementQuery,
  categoryCreate,
  categoryPatch,
  codeCreate,
  codePatch,
  collectBody,
  corePut,
  documentCreate,
  documentsQuery,
  memoCreate,
  memosQuery,
  relationCreate,
  retrievalQuery,
  segmentCreate,
  studyQuery,
  uploadQuery,
} from '../../../shared/schemas/research';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { errorHandler, HttpError, requestLang } from '../../http/errors';
import {
  addSegment,
  agreement,
  changeCategory,
  changeCode,
  codebookCsv,
  collectNotes,
  cooccurrence,
  createCategory,
  createCode,
  createDocument,
  createMemo,
  createRelation,
  DOCX_MIME,
  frequencies,
  getDocument,
  listCategories,
  listCodes,
  listDocuments,
  listMemos,
  model,
  removeCategory,
  removeRelation,
  removeSegment,
  reportPdf,
  RESEARCH_UPLOAD_MAX_BYTES,
  retrieval,
  segmentsCsv,
  setCore,
  study,
  uploadDocument,
} from '../../services/research.service';


/**
 * The research module (issue 9, docs/research.md): qualitative coding of field notes and transcripts, and the
 * study view. Peneliti, koordinator kecamatan / kota and admin; pendamping and auditor get 403.
 */
export async function researchRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['research'];

  // ---- codebook
  r.get('/api/v1/research/codes', { schema: { tags, summary: 'The codebook: Ife’s roles, the study’s factors and obstacles, and open codes (label in the request language)' } }, async (req) =>
    listCodes(ctx, requireScope(req), requestLang(req)),
  );
  r.post('/api/v1/research/codes', { schema: { tags, summary: 'Add an open code', body: codeCreate } }, async (req, reply) =>
    reply.code(201).send(await createCode(ctx, requireScope(req), req.body, requestLang(req))),
  );
  r.patch('/api/v1/research/codes/:id', { schema: { tags, summary: 'Change a code’s label (in the request language) or description', params: idParams, body: codePatch } }, async (req) =>
    changeCode(ctx, requireScope(req), req.params.id, req.body, requestLang(req)),
  );

  // ---- documents
  r.get('/api/v1/research/documents', { schema: { tags, summary: 'Documents in scope, newest first, with their segment count and coders (all of them, or a page with limit and offset)', querystring: documentsQuery } }, async (req) =>
    listDocuments(ctx, requireScope(req), req.query.source, { limit: req.query.limit, offset: req.query.offset }, requestLang(req)),
  );
  r.post('/api/v1/research/documents', { schema: { tags, summary: 'Add a transcript as JSON text (region: the caller’s unless given within scope)', body: documentCreate } }, async (req, reply) =>
    reply.code(201).send(await createDocument(ctx, requireScope(req), req.body)),
  );
  r.post(
    '/api/v1/research/documents/collect',
    { schema: { tags, summary: 'Collect Titian’s own notes in scope (activities, P2K2 narratives, case notes) as documents; idempotent', body: collectBody } },
    async (req) => collectNotes(ctx, requireScope(req), req.body),
  );
  r.get('/api/v1/research/documents/:id', { schema: { tags, summary: 'A document with its segments and memos (pseudonymised for researchers; offsets refer to the text returned)', params: idParams } }, async (req) =>
    getDocument(ctx, requireScope(req), req.params.id, requestLang(req)),
  );
  r.post('/api/v1/research/documents/:id/segments', { schema: { tags, summary: 'Code a passage [start, end) of the text as returned to the caller', params: idParams, body: segmentCreate } }, async (req, reply) =>
    reply.code(201).send(await addSegment(ctx, requireScope(req), req.params.id, req.body)),
  );
  r.get(
    '/api/v1/research/documents/:id/agreement',
    { schema: { tags, summary: 'Cohen’s kappa of two coders on a document (units: its non-empty lines)', params: idParams, querystring: agreementQuery } },
    async (req) => agreement(ctx, requireScope(req), req.params.id, req.query.coderA, req.query.coderB),
  );
  r.delete('/api/v1/research/segments/:id', { schema: { tags, summary: 'Delete one of one’s own segments', params: idParams } }, async (req, reply) => {
    await removeSegment(ctx, requireScope(req), req.params.id);
    return reply.code(204).send();
  });

  // ---- categories, relations, model, core
  r.get('/api/v1/research/categories', { schema: { tags, summary: 'The team’s categories with their codes' } }, async (req) => listCategories(ctx, requireScope(req)));
  r.post('/api/v1/research/categories', { schema: { tags, summary: 'Add a category with its codes', body: categoryCreate } }, async (req, reply) =>
    reply.code(201).send(await createCategory(ctx, requireScope(req), req.body)),
  );
  r.patch('/api/v1/research/categories/:id', { schema: { tags, summary: 'Change a category (name, description, codes)', params: idParams, body: categoryPatch } }, async (req) =>
    changeCategory(ctx, requireScope(req), req.params.id, req.body),
  );
  r.delete('/api/v1/research/categories/:id', { schema: { tags, summary: 'Delete a category (its relations too)', params: idParams } }, async (req, reply) => {
    await removeCategory(ctx, requireScope(req), req.params.id);
    return reply.code(204).send();
  });
  r.post('/api/v1/research/relations', { schema: { tags, summary: 'Link two categories', body: relationCreate } }, async (req, reply) =>
    reply.code(201).send(await createRelation(ctx, requireScope(req), req.body)),
  );
  r.delete('/api/v1/research/relations/:id', { schema: { tags, summary: 'Delete a relation', params: idParams } }, async (req, reply) => {
    await removeRelation(ctx, requireScope(req), req.params.id);
    return reply.code(204).send();
  });
  r.get('/api/v1/research/model', { schema: { tags, summary: 'The team’s categories, relations and core category' } }, async (req) => model(ctx, requireScope(req)));
  r.put('/api/v1/research/core', { schema: { tags, summary: 'Mark the core category and write the storyline', body: corePut } }, async (req) => setCore(ctx, requireScope(req), req.body));

  // ---- memos
  r.get('/api/v1/research/memos', { schema: { tags, summary: 'The team’s memos (optionally of a code, category or document)', querystring: memosQuery } }, async (req) => {
    const { lang: _l, ...filter } = req.query;
    return listMemos(ctx, requireScope(req), filter);
  });
  r.post('/api/v1/research/memos', { schema: { tags, summary: 'Write a memo (optionally on a code, category or document)', body: memoCreate } }, async (req, reply) =>
    reply.code(201).send(await createMemo(ctx, requireScope(req), req.body)),
  );

  // ---- retrieval and tables
  r.get('/api/v1/research/retrieval', { schema: { tags, summary: 'Every coded passage of a code or a category, with its source', querystring: retrievalQuery } }, async (req) =>
    retrieval(ctx, requireScope(req), req.query, requestLang(req)),
  );
  r.get('/api/v1/research/frequencies', { schema: { tags, summary: 'Segments and documents per code (codes used in scope)' } }, async (req) => frequencies(ctx, requireScope(req), requestLang(req)));
  r.get('/api/v1/research/cooccurrence', { schema: { tags, summary: 'Overlapping segment pairs per pair of codes (diagonal: the code’s segments)' } }, async (req) =>
    cooccurrence(ctx, requireScope(req), requestLang(req)),
  );

  // ---- exports
  r.get('/api/v1/research/export/codebook.csv', { schema: { tags, summary: 'The codebook as CSV (UTF-8 with BOM)' } }, async (req, reply) => {
    const body = await codebookCsv(ctx, requireScope(req));
    return reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="codebook.csv"').send(body);
  });
  r.get('/api/v1/research/export/segments.csv', { schema: { tags, summary: 'The coded segments in scope as CSV (pseudonymised for researchers)' } }, async (req, reply) => {
    const body = await segmentsCsv(ctx, requireScope(req), requestLang(req));
    return reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="segments.csv"').send(body);
  });
  r.get('/api/v1/research/export/report.pdf', { schema: { tags, summary: 'The coding report as PDF: codebook, categories, relations, core and storyline, frequencies, example passages' } }, async (req, reply) => {
    const body = await reportPdf(ctx, requireScope(req), requestLang(req));
    return reply.header('Content-Type', 'application/pdf').header('Content-Disposition', 'attachment; filename="laporan-riset.pdf"').send(body);
  });

  // ---- study view
  r.get('/api/v1/research/study', { schema: { tags, summary: 'The study’s findings for a region and period: roles by Ife group, roles not found, factors, obstacles by source', querystring: studyQuery } }, async (req) => {
    const { lang: _l, ...q } = req.query;
    return study(ctx, requireScope(req), q, requestLang(req));
  });

  // ---- upload: the raw file as the body (text/plain or DOCX), parsed only here, at most 5 MB.
  await app.register(async (upload) => {
    upload.addContentTypeParser(['text/plain', DOCX_MIME], { parseAs: 'buffer', bodyLimit: RESEARCH_UPLOAD_MAX_BYTES }, (_req, body, done) => done(null, body));
    upload.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errorHandler(new HttpError(413, 'error.research_too_large', { max: '5 MB' }), req, reply);
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return errorHandler(new HttpError(415, 'error.research_media_type'), req, reply);
      return errorHandler(err, req, reply);
    });
    const u = upload.withTypeProvider<ZodTypeProvider>();
    u.post(
      '/api/v1/research/documents/upload',
      { bodyLimit: RESEARCH_UPLOAD_MAX_BYTES, schema: { tags, summary: 'Upload a transcript: the raw file as the body (text/plain UTF-8 or DOCX), at most 5 MB', querystring: uploadQuery } },
      async (req, reply) => {
        const mime = String(req.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        if (!Buffer.isBuffer(req.body) || (mime !== 'text/plain' && mime !== DOCX_MIME)) throw new HttpError(415, 'error.research_media_type');
        const { lang: _l, ...query } = req.query;
        return reply.code(201).send(await uploadDocument(ctx, requireScope(req), query, mime, req.body));
      },
    );
  });
}
