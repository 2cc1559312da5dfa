import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { requestLang } from '../../http/errors';
import { prepareExport } from '../../services/exports.service';
import { exportParams, exportQuery } from './schema';

/**
 * Streamed exports within the caller's scope (docs/exports.md): `GET /api/v1/exports/{kind}` answers the
 * file as it is written (chunked), CSV gzip-compressed when the client accepts it (XLSX is a zip already).
 * No HEAD route of Fastify's own (it would run the whole export to throw it away): http/head-routes.ts answers
 * HEAD with the checks and headers only, the stream closed unread.
 */
export async function exportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/exports/:kind',
    {
      schema: {
        tags: ['exports'],
        summary:
          'A streamed export (CSV or XLSX) within scope: families (the registry CSV, one row per current member), compliance (period or year), activities (from, to, type), graduation (state, type), graduation_candidates (type); `region` narrows within scope (outside it: 404); audited',
        params: exportParams,
        querystring: exportQuery,
      },
    },
    async (req, reply) => {
      const { lang: _lang, ...query } = req.query;
      const out = await prepareExport(ctx, requireScope(req), req.params.kind, query, requestLang(req), { log: (m) => req.log.error(m) });
      // (A HEAD reads no row: its stream is closed unread, http/head-routes.ts.)
      if (req.method !== 'HEAD') await out.begin();
      reply.header('Content-Type', out.contentType).header('Content-Disposition', `attachment; filename="${out.filename}"`);
      return reply.send(out.stream());
    },
  );
}
