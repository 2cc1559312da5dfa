import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { limitParam, offsetParam, regionCode } from '../../../shared/schemas/common';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import {
  CONFIG_RULES,
  changeBenefitIndex,
  changeComplianceRule,
  changeGraduationTrigger,
  changeProgramSetting,
  changeSanctionLadder,
  configHistory,
  readConfig,
  regionStats,
} from '../../services/config.service';

// Shapes only: ranges and meaning are checked by the service (422 with fields), so the form can show them.
const wholeNumber = z.number({ message: 'validation.year' }).int({ message: 'validation.year' });
const reason = z.string({ message: 'validation.config_reason' }).max(2000, { message: 'validation.config_reason' });
const value = z.union([z.number(), z.string().max(200), z.boolean(), z.null(), z.array(z.unknown()).max(50), z.record(z.string(), z.unknown())], { message: 'validation.config_value' });
const key = z.string({ message: 'validation.config_value' }).min(1).max(120);

const benefitIndexChange = z.strictObject({ year: wholeNumber, component: z.string().max(60), value, reason });
const yearRowChange = z.strictObject({ fromYear: wholeNumber, key, value, reason });
const pathChange = z.strictObject({ key, value, reason });
const historyQuery = z.object({ rule: z.enum(CONFIG_RULES, { message: 'validation.config_value' }).optional(), limit: limitParam, offset: offsetParam });

/** Configuration (admin changes, coordinators and auditors read): the rules that are data, with their history. */
export async function configRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['configuration'];
  r.get(
    '/api/v1/regions/stats',
    { schema: { tags: ['reference'], summary: 'Children of a region with the families and pendamping in the caller scope', querystring: z.object({ parent: regionCode.optional() }) } },
    async (req) => regionStats(ctx, requireScope(req), req.query.parent ?? null),
  );
  r.get('/api/v1/config', { schema: { tags, summary: 'The rules that are data, each with its origin (shipped or deployment)' } }, async (req) => readConfig(ctx, requireScope(req)));
  r.get('/api/v1/config/history', { schema: { tags, summary: 'Changes to the configuration, newest first', querystring: historyQuery } }, async (req) =>
    configHistory(ctx, requireScope(req), req.query),
  );
  r.put('/api/v1/config/benefit-index', { schema: { tags, summary: 'Set the annual amount of a component in a year (admin)', body: benefitIndexChange } }, async (req) =>
    changeBenefitIndex(ctx, requireScope(req), req.body),
  );
  r.put('/api/v1/config/program-settings', { schema: { tags, summary: 'Set a programme setting from a year on (admin)', body: yearRowChange } }, async (req) =>
    changeProgramSetting(ctx, requireScope(req), req.body),
  );
  r.put('/api/v1/config/compliance-rules', { schema: { tags, summary: 'Set a compliance threshold from a year on (admin)', body: yearRowChange } }, async (req) =>
    changeComplianceRule(ctx, requireScope(req), req.body),
  );
  r.put('/api/v1/config/graduation-triggers', { schema: { tags, summary: 'Set a graduation trigger threshold (admin)', body: pathChange } }, async (req) =>
    changeGraduationTrigger(ctx, requireScope(req), req.body),
  );
  r.put('/api/v1/config/sanction-ladder', { schema: { tags, summary: 'Change a step of the sanction ladder (admin)', body: pathChange } }, async (req) =>
    changeSanctionLadder(ctx, requireScope(req), req.body),
  );
}
