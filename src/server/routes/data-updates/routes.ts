import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../../shared/schemas/access';
import { dataUpdateCreate, dataUpdateDecision, dataUpdateListQuery } from '../../../shared/schemas/facilitation';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { requestLang } from '../../http/errors';
import { confirmDataUpdate, listDataUpdates, proposeDataUpdate, rejectDataUpdate, withdrawDataUpdate } from '../../services/data-updates.service';

/** Data updates (pemutakhiran): proposed by the pendamping, decided by a koordinator. */
export async function dataUpdateRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['data-updates'];
  r.post(
    '/api/v1/families/:id/data-updates',
    { schema: { tags, summary: 'Propose a change to a family (a PATCH body) with its kind, reason and evidence', params: idParams, body: dataUpdateCreate } },
    async (req, reply) => reply.code(201).send(await proposeDataUpdate(ctx, requireScope(req), req.params.id, req.body)),
  );
  r.get('/api/v1/families/:id/data-updates', { schema: { tags, summary: "A family's data updates, newest first", params: idParams, querystring: dataUpdateListQuery } }, async (req) =>
    listDataUpdates(ctx, requireScope(req), { familyId: req.params.id, ...req.query }),
  );
  r.get('/api/v1/data-updates', { schema: { tags, summary: 'Data updates in scope (e.g. ?status=proposed: waiting for a koordinator)', querystring: dataUpdateListQuery } }, async (req) =>
    listDataUpdates(ctx, requireScope(req), req.query),
  );
  r.post('/api/v1/data-updates/:id/confirm', { schema: { tags, summary: 'Confirm and apply (koordinator, admin)', params: idParams, body: dataUpdateDecision } }, async (req) =>
    confirmDataUpdate(ctx, requireScope(req), req.params.id, req.body.note, requestLang(req), req.body.override ?? false),
  );
  r.post('/api/v1/data-updates/:id/reject', { schema: { tags, summary: 'Reject with a note (koordinator, admin)', params: idParams, body: dataUpdateDecision } }, async (req) =>
    rejectDataUpdate(ctx, requireScope(req), req.params.id, req.body.note),
  );
  r.post('/api/v1/data-updates/:id/withdraw', { schema: { tags, summary: 'Withdraw my proposal before it is decided', params: idParams } }, async (req) =>
    withdrawDataUpdate(ctx, requireScope(req), req.params.id),
  );
}
