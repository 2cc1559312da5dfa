import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { limitParam, offsetParam, regionCode } from '../../../shared/schemas/common';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { requestLang } from '../../http/errors';
import { DASHBOARD_VIEWS, dashboardExport, dashboardFamilies, dashboardSummary, dashboardView } from '../../services/dashboard.service';

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const region = z.preprocess(emptyAsUndefined, regionCode.optional());
const months = z.preprocess(
  emptyAsUndefined,
  z.coerce.number({ message: 'validation.months' }).int({ message: 'validation.months' }).min(1, { message: 'validation.months' }).max(60, { message: 'validation.months' }).optional(),
);
/** Kept through validation so that `requestLang` sees it (a link to an XLSX cannot send Accept-Language). */
const lang = z.string().max(20).optional();
const view = z.enum(DASHBOARD_VIEWS, { message: 'validation.dashboard_view' });

export const dashboardQuery = z.object({ region, months, lang });
export const dashboardViewParams = z.object({ view });
export const dashboardFamiliesQuery = z.object({
  view,
  key: z.string({ message: 'validation.required' }).min(1, { message: 'validation.required' }).max(200, { message: 'validation.too_long' }),
  region,
  months,
  limit: limitParam,
  offset: offsetParam,
  lang,
});
export const dashboardExportQuery = z.object({ view, region, months, lang });

/**
 * The coordinators' dashboard (contract: `GET /api/v1/dashboard/summary`), for every role within its scope
 * (a pendamping: their caseload). `region` narrows within the scope (outside it: empty numbers, as the
 * families list answers); `months` is the window of the monthly views (default 12).
 */
export async function dashboardRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['dashboard'];

  r.get(
    '/api/v1/dashboard/summary',
    {
      schema: {
        tags,
        summary:
          'Headline numbers within scope: {dataAsOf, region, year, families:{total, active, suspended, graduated, exited}, graduationsByType (all exits that took effect), graduationsThisYear, candidates, openCases, awaitingApproval}',
        querystring: dashboardQuery,
      },
    },
    async (req) => dashboardSummary(ctx, requireScope(req), requestLang(req), req.query),
  );

  r.get(
    '/api/v1/dashboard/families',
    {
      schema: {
        tags,
        summary:
          'The families behind a number of a view (drill-down): `key` is a row key, or `row:column`; answers {view, key, items:[{id, headName (pseudonym for researchers), kelurahanCode, kelurahanName, status, pendamping}], total}',
        querystring: dashboardFamiliesQuery,
      },
    },
    async (req) => dashboardFamilies(ctx, requireScope(req), requestLang(req), req.query),
  );

  r.get(
    '/api/v1/dashboard/export.xlsx',
    {
      schema: { tags, summary: 'A view (or the summary) as an XLSX workbook with a notes sheet; audited as a report', querystring: dashboardExportQuery },
    },
    async (req, reply) => {
      const out = await dashboardExport(ctx, requireScope(req), requestLang(req), req.query);
      reply.header('Content-Type', out.contentType);
      reply.header('Content-Disposition', `attachment; filename="${out.filename}"`);
      return reply.send(out.file);
    },
  );

  r.get(
    '/api/v1/dashboard/views/:view',
    {
      schema: {
        tags,
        summary: `A view of the dashboard (${DASHBOARD_VIEWS.join(', ')}): {view, title, dataAsOf, region, window, period, columns:[{key, label, unit}], rows:[{key, label, group, values}]}`,
        params: dashboardViewParams,
        querystring: dashboardQuery,
      },
    },
    async (req) => dashboardView(ctx, requireScope(req), requestLang(req), req.params.view, req.query),
  );
}
