import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { requestLang } from '../../http/errors';
import { todayView } from '../../services/today.service';
import { todayQuery } from './schema';

/** The "today" view: what is waiting in the caller's scope (tasks, visits, P2K2, verification, graduation, follow-ups, data updates). */
export async function todayRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/today',
    {
      schema: {
        tags: ['today'],
        summary:
          'What is waiting today in the caller scope: {date, visitDueAfterDays, tasks, visits, sessions, verification, graduation, followups, dataUpdates}; each list {total, items:[{familyId, groupId?, name, kelurahanCode, kelurahanName, date, text, link}]}',
        querystring: todayQuery,
      },
    },
    async (req) => todayView(ctx, requireScope(req), req.query, requestLang(req)),
  );
}
