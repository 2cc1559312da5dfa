import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { graduationQuery, rolesUsageQuery, survivalQuery } from '../../../shared/schemas/analytics';
import type { Lang } from '../../../shared/i18n/index';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import type { Scope } from '../../db/scope';
import { requestLang } from '../../http/errors';
import { type AnalyticsKind, analyticsFile, graduationAnalytics, rolesUsage, survivalAnalytics } from '../../services/analytics.service';

const COMMON =
  'Within the caller\'s scope (a pendamping: their caseload; coordinators, auditor, peneliti: their region; admin: all); region=CODE narrows inside it (outside: 404); from/to (YYYY-MM-DD) bound the work counted and the observation (to defaults to today); format=csv|xlsx answers the table as a file (audited). Peneliti get pseudonyms where a key names a person. See docs/analytics.md.';

/** Outcome analytics (issue 9): graduation rates and time to graduation by the work families received. */
export async function analyticsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function answer<Q extends { format?: 'csv' | 'xlsx'; region?: string; from?: string; to?: string; by?: string }>(
    reply: FastifyReply,
    scope: Scope,
    kind: AnalyticsKind,
    q: Q,
    lang: Lang,
    body: Record<string, unknown>,
  ) {
    if (!q.format) return body;
    const file = await analyticsFile(ctx, scope, kind, body, q, lang);
    reply.header('Content-Type', file.contentType).header('Content-Disposition', `attachment; filename="${file.filename}"`);
    return reply.send(file.stream());
  }

  r.get(
    '/api/v1/analytics/graduation',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Graduation rate and median months to graduation (Kaplan-Meier) per row of a split',
        description: `by = role_group | role | role_group_mix | p2k2_attendance | compliance | factor | obstacle | kelurahan | pendamping -> {by, rows: [{key, label, families, graduated, graduationRate, medianMonthsToGraduation}], totalFamilies, caution}. ${COMMON}`,
        querystring: graduationQuery,
      },
    },
    async (req, reply) => {
      const scope = requireScope(req);
      const lang = requestLang(req);
      return answer(reply, scope, 'graduation', req.query, lang, await graduationAnalytics(ctx, scope, req.query, lang));
    },
  );

  r.get(
    '/api/v1/analytics/survival',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Kaplan-Meier curves of time to graduation, one per row of a split (or one group "all")',
        description: `by optional (the graduation splits) -> {by, groups: [{key, label, families, events, curve: [{months, survival, atRisk, events}], medianMonths}], caution}. ${COMMON}`,
        querystring: survivalQuery,
      },
    },
    async (req, reply) => {
      const scope = requireScope(req);
      const lang = requestLang(req);
      return answer(reply, scope, 'survival', req.query, lang, await survivalAnalytics(ctx, scope, req.query, lang));
    },
  );

  r.get(
    '/api/v1/analytics/roles-usage',
    {
      schema: {
        tags: ['analytics'],
        summary: "Ife roles recorded on activities: counts, never used, rarely used (under 2% of role tags), per pendamping or kelurahan",
        description: `by = pendamping (default) | kelurahan -> {roles: [{code, group, label, activities, families, share}], neverUsed, rarelyUsed, rarelyThreshold, rows: [{key, label, activities, counts, neverUsed}], caution}. ${COMMON}`,
        querystring: rolesUsageQuery,
      },
    },
    async (req, reply) => {
      const scope = requireScope(req);
      const lang = requestLang(req);
      return answer(reply, scope, 'roles_usage', req.query, lang, await rolesUsage(ctx, scope, req.query, lang));
    },
  );
}
