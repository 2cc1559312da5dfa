import type { FastifyInstance } from 'fastify';
import { requestLang } from '../../http/errors';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../../shared/schemas/access';
import { groupCreate, groupListQuery, groupPatch, sessionCreate } from '../../../shared/schemas/facilitation';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { correctSession, createGroup, familyP2k2, getGroup, getSession, holdSession, listGroups, listSessions, recordSession, updateGroup } from '../../services/groups.service';
import { sessionCorrection, sessionHold, sessionListQuery, sessionParams } from './schema';

/** Groups (kelompok) and P2K2 sessions. */
export async function groupRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['groups'];
  r.get('/api/v1/groups', { schema: { tags, summary: 'Groups (kelompok) in scope', querystring: groupListQuery } }, async (req) => listGroups(ctx, requireScope(req), req.query));
  r.post('/api/v1/groups', { schema: { tags, summary: 'Create a group with its families', body: groupCreate } }, async (req, reply) => {
    const group = await createGroup(ctx, requireScope(req), req.body);
    return reply.code(201).header('Location', `/api/v1/groups/${group.id}`).send(group);
  });
  r.get('/api/v1/groups/:id', { schema: { tags, summary: 'A group: members (with history), sessions held, attendance rate', params: idParams } }, async (req) =>
    getGroup(ctx, requireScope(req), req.params.id),
  );
  r.patch(
    '/api/v1/groups/:id',
    { schema: { tags, summary: 'Change a group: name, place, ketua, pendamping; families join or leave (history kept)', params: idParams, body: groupPatch } },
    async (req) => updateGroup(ctx, requireScope(req), req.params.id, req.body),
  );
  r.get(
    '/api/v1/groups/:id/sessions',
    { schema: { tags, summary: 'P2K2 sessions of a group, newest first, with attendance; `status=planned` lists those to come, soonest first', params: idParams, querystring: sessionListQuery } },
    async (req) => listSessions(ctx, requireScope(req), req.params.id, req.query.limit, req.query.offset, req.query.status),
  );
  r.post(
    '/api/v1/groups/:id/sessions',
    { schema: { tags, summary: 'Plan or record a P2K2 session: module, session, date, place, narrative, attendance of the roster', params: idParams, body: sessionCreate } },
    async (req, reply) => reply.code(201).send(await recordSession(ctx, requireScope(req), req.params.id, req.body)),
  );
  r.get('/api/v1/groups/:id/sessions/:sessionId', { schema: { tags, summary: 'One P2K2 session of a group, with attendance', params: sessionParams } }, async (req) =>
    getSession(ctx, requireScope(req), req.params.id, req.params.sessionId),
  );
  r.patch(
    '/api/v1/groups/:id/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'Hold a planned session (attendance of the roster, roles played; module, date and place may change) or cancel it; 409 when it is not planned any more',
        params: sessionParams,
        body: sessionHold,
      },
    },
    async (req) => holdSession(ctx, requireScope(req), req.params.id, req.params.sessionId, req.body),
  );
  r.post(
    '/api/v1/groups/:id/sessions/:sessionId/correction',
    {
      schema: {
        tags,
        summary:
          "Correct a held session (attendance, roles, module, date, place) or cancel it after all, with the version read and a reason; the families' P2K2 activities follow; 409 when it is not held or changed since",
        params: sessionParams,
        body: sessionCorrection,
      },
    },
    async (req) => correctSession(ctx, requireScope(req), req.params.id, req.params.sessionId, req.body),
  );
  r.get('/api/v1/families/:id/p2k2', { schema: { tags, summary: "A family's progress through the P2K2 modules and its attendance", params: idParams } }, async (req) =>
    familyP2k2(ctx, requireScope(req), req.params.id, requestLang(req)),
  );
}
