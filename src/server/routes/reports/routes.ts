import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { username } from '../../../shared/schemas/access';
import { programmeMonth } from '../../../shared/schemas/common';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { requestLang } from '../../http/errors';
import { monthlyReport } from '../../services/reports.service';

/** The pendamping's monthly report (contract: GET /api/v1/reports/monthly). */
export async function reportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/reports/monthly',
    {
      schema: {
        tags: ['reports'],
        summary: 'The monthly report (RHK) as PDF or XLSX: own by default; coordinators name a pendamping in scope',
        querystring: z.object({
          month: programmeMonth,
          format: z.enum(['pdf', 'xlsx'], { message: 'validation.format' }).default('pdf'),
          pendamping: username.optional(),
        }),
      },
    },
    async (req, reply) => {
      const out = await monthlyReport(ctx, requireScope(req), req.query, requestLang(req));
      return reply.header('Content-Type', out.contentType).header('Content-Disposition', `attachment; filename="${out.filename}"`).send(out.file);
    },
  );
}
