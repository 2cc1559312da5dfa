import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { graduationQuery, rolesUsageQuery, survivalQuery } from '../../../shared/schemas/analytics';
import type { Lang } from '../../../shared/i18n/index';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import type { Scope } from '../../db/scope';
import { requestLang } from '../../http/errors';
import { type AnalyticsKind, type AnalyticsQueries, analyticsFile, graduationAnalytics, rolesUsage, survivalAnalytics } from '../../services/analytics.service';

const COMMON =
  'Within the caller\'s scope (a pendamping: their caseload; coordinators, auditor, peneliti: their region; admin: all); region=CODE narrows inside it (outside: 404); from/to (YYYY-MM-DD) bound the work counted and the observation (to defaults to today); format=csv|xlsx answers the table as a file (audited). Peneliti get pseudonyms where a key names a person. See docs/analytics.md.';

/** Outcome analytics (issue 9): graduation rates and time to graduation by the work families received. */
export async function analyticsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  /**
   * `format` given: the file, else the JSON answer. The checks (their 4xx) and the headers come first; then a
   * GET builds the table before answering (a failure is the 500 of any request, as before), while a HEAD
   * (http/head-routes.ts) answers with the headers alone: its stream is closed unread, so no table is built
   * and nothing is audited.
   */
  async function answer<K extends AnalyticsKind>(
    req: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    kind: K,
    q: AnalyticsQueries[K],
    lang: Lang,
    json: () => Promise<unknown>,
  ) {
    if (!q.format) return json();
    const file = await analyticsFile(ctx, scope, kind, q, lang);
    if (req.method !== 'HEAD') await file.build();
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
      return answer(req, reply, scope, 'graduation', req.query, lang, () => graduationAnalytics(ctx, scope, req.query, lang));
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
      return answer(req, reply, scope, 'survival', req.query, lang, () => survivalAnalytics(ctx, scope, req.query, lang));
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
      return answer(req, reply, scope, 'roles_usage', req.query, lang, () => rolesUsage(ctx, scope, req.query, lang));
    },
  );
}
