import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../../shared/schemas/access';
import { activityCorrection, activityCreate, activityListQuery, activityRemoval } from '../../../shared/schemas/facilitation';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { amendActivity, listActivities, recordActivity } from '../../services/activities.service';

/** Facilitation activities of a family (contract: POST/GET /api/v1/families/{id}/activities). */
export async function activityRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['activities'];
  r.post(
    '/api/v1/families/:id/activities',
    { schema: { tags, summary: "Record an activity with a family, tagged with Ife's roles, factors and obstacles", params: idParams, body: activityCreate } },
    async (req, reply) => {
      const activity = await recordActivity(ctx, requireScope(req), req.params.id, req.body);
      return reply.code(201).send(activity);
    },
  );
  r.get(
    '/api/v1/families/:id/activities',
    { schema: { tags, summary: "A family's activities, newest first", params: idParams, querystring: activityListQuery } },
    async (req) => listActivities(ctx, requireScope(req), req.params.id, req.query.limit, req.query.offset),
  );
  r.post(
    '/api/v1/activities/:id/correction',
    {
      schema: {
        tags,
        summary: 'Correct an activity (type, date, tags, notes; its place stays) with the version read and a reason; 409 for a P2K2 activity (corrected with its session)',
        params: idParams,
        body: activityCorrection,
      },
    },
    async (req) => amendActivity(ctx, requireScope(req), req.params.id, { kind: 'correct', ...req.body }),
  );
  r.post(
    '/api/v1/activities/:id/removal',
    { schema: { tags, summary: 'Remove an activity recorded by mistake, with the version read and a reason (kept in the audit trail)', params: idParams, body: activityRemoval } },
    async (req) => amendActivity(ctx, requireScope(req), req.params.id, { kind: 'remove', ...req.body }),
  );
}
