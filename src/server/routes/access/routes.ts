import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { assignmentRequest, caseloadTransfer, delegationCreate, delegationListQuery, idParams } from '../../../shared/schemas/access';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { assignFamily, assignmentHistory, grantDelegation, listDelegations, revokeDelegation, transferCaseload } from '../../services/access.service';

/** Caseloads: assignment, bulk transfer, time-boxed cover. */
export async function accessRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['caseloads'];
  r.put(
    '/api/v1/families/:id/assignment',
    { schema: { tags, summary: 'Assign a family to a pendamping (coordinators, admin)', params: idParams, body: assignmentRequest } },
    async (req) => assignFamily(ctx, requireScope(req), req.params.id, req.body.pendamping, req.body.reason),
  );
  r.get('/api/v1/families/:id/assignments', { schema: { tags, summary: 'Who looked after a family when', params: idParams } }, async (req) =>
    assignmentHistory(ctx, requireScope(req), req.params.id),
  );
  r.post(
    '/api/v1/caseloads/transfer',
    { schema: { tags, summary: "Move a pendamping's caseload (or listed families of it) to another pendamping", body: caseloadTransfer } },
    async (req) => transferCaseload(ctx, requireScope(req), req.body),
  );
  r.get('/api/v1/delegations', { schema: { tags, summary: 'Cover arrangements in scope', querystring: delegationListQuery } }, async (req) =>
    listDelegations(ctx, requireScope(req), req.query),
  );
  r.post(
    '/api/v1/delegations',
    { schema: { tags, summary: "Let a pendamping cover another's caseload until a date (expires by itself)", body: delegationCreate } },
    async (req, reply) => reply.code(201).send(await grantDelegation(ctx, requireScope(req), req.body)),
  );
  r.delete('/api/v1/delegations/:id', { schema: { tags, summary: 'End a cover now', params: idParams } }, async (req) =>
    revokeDelegation(ctx, requireScope(req), req.params.id),
  );
}
