import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditExportQuery, auditQuery, historyQuery, idParams } from '../../../shared/schemas/access';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { exportAudit, familyHistory, listAudit, verifyAudit } from '../../services/audit.service';

/** The audit trail: a family's history, the trail of a region, its export and verification. */
export async function auditRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];
  r.get('/api/v1/families/:id/history', { schema: { tags, summary: 'A family’s history: changes and sensitive reads, newest first', params: idParams, querystring: historyQuery } }, async (req) =>
    familyHistory(ctx, requireScope(req), req.params.id, req.query.limit, req.query.offset),
  );
  r.get('/api/v1/audit', { schema: { tags, summary: 'The audit trail of my scope (auditor, admin), newest first', querystring: auditQuery } }, async (req) =>
    listAudit(ctx, requireScope(req), req.query),
  );
  r.get(
    '/api/v1/audit/export',
    { schema: { tags, summary: 'Export the audit trail of my scope as CSV (audit_log columns) or NDJSON, streamed', querystring: auditExportQuery } },
    async (req, reply) => {
      const file = await exportAudit(ctx, requireScope(req), req.query);
      return reply.header('Content-Type', file.contentType).header('Content-Disposition', `attachment; filename="${file.filename}"`).send(file.stream);
    },
  );
  r.get('/api/v1/audit/verify', { schema: { tags, summary: 'Verify the hash chain of the whole trail (auditor, admin)' } }, async (req) =>
    verifyAudit(ctx, requireScope(req)),
  );
}
