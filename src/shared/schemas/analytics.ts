/**
 * Schemas of the evidence rules (POST /rules/kappa, /rules/survival) and of the outcome analytics
 * queries (GET /analytics/*). Messages are catalogue keys (src/shared/i18n/catalog/analytics.ts).
 */
import { z } from 'zod';
import { calendarDate, emptyAsUndefined, regionCode } from './common';

/** At most this many pairs or observations in one rules request (a body of about 4 MB). */
export const MAX_RULE_ITEMS = 100_000;

const codeText = z
  .string({ message: 'validation.kappa_code' })
  .min(1, { message: 'validation.kappa_code' })
  .max(200, { message: 'validation.kappa_code' })
  .refine((v) => !v.includes('\u0000'), { message: 'validation.nul' });

export const kappaRequest = z.strictObject({
  pairs: z
    .array(z.tuple([codeText, codeText], { message: 'validation.kappa_pair' }), { message: 'validation.kappa_pairs' })
    .max(MAX_RULE_ITEMS, { message: 'validation.too_many' }),
});
export type KappaRequest = z.infer<typeof kappaRequest>;

export const survivalObservation = z.strictObject({
  months: z
    .number({ message: 'validation.survival_months' })
    .finite({ message: 'validation.survival_months' })
    .min(0, { message: 'validation.survival_months' })
    .max(1200, { message: 'validation.survival_months' }),
  event: z.boolean({ message: 'validation.boolean' }),
});

export const survivalRequest = z.strictObject({
  observations: z.array(survivalObservation, { message: 'validation.survival_observations' }).max(MAX_RULE_ITEMS, { message: 'validation.too_many' }),
});
export type SurvivalRequest = z.infer<typeof survivalRequest>;

// ---- outcome analytics -------------------------------------------------------------------------

export const GRADUATION_SPLITS = [
  'role_group',
  'role',
  'role_group_mix',
  'p2k2_attendance',
  'compliance',
  'factor',
  'obstacle',
  'kelurahan',
  'pendamping',
] as const;
export type GraduationSplit = (typeof GRADUATION_SPLITS)[number];

export const ROLES_USAGE_SPLITS = ['pendamping', 'kelurahan'] as const;
export type RolesUsageSplit = (typeof ROLES_USAGE_SPLITS)[number];

export const ANALYTICS_FORMATS = ['csv', 'xlsx'] as const;
export type AnalyticsFormat = (typeof ANALYTICS_FORMATS)[number];

const common = {
  region: emptyAsUndefined(regionCode.optional()),
  from: emptyAsUndefined(calendarDate.optional()),
  to: emptyAsUndefined(calendarDate.optional()),
  format: emptyAsUndefined(z.enum(ANALYTICS_FORMATS, { message: 'validation.analytics_format' }).optional()),
  lang: z.string().max(20).optional(),
};

export const graduationQuery = z.strictObject({
  by: z.enum(GRADUATION_SPLITS, { message: 'validation.analytics_by' }),
  ...common,
});
export type GraduationQuery = z.infer<typeof graduationQuery>;

export const survivalQuery = z.strictObject({
  by: emptyAsUndefined(z.enum(GRADUATION_SPLITS, { message: 'validation.analytics_by' }).optional()),
  ...common,
});
export type SurvivalQuery = z.infer<typeof survivalQuery>;

export const rolesUsageQuery = z.strictObject({
  by: emptyAsUndefined(z.enum(ROLES_USAGE_SPLITS, { message: 'validation.analytics_roles_by' }).optional()),
  ...common,
});
export type RolesUsageQuery = z.infer<typeof rolesUsageQuery>;
