import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { computeEntitlement, defaultEntitlementAsOf } from '../../../domain/benefits';
import { cohensKappa } from '../../../domain/evidence/kappa';
import { kaplanMeier } from '../../../domain/evidence/survival';
import { parseNik } from '../../../domain/nik';
import { kappaRequest, survivalRequest } from '../../../shared/schemas/analytics';
import { entitlementRequest, nikRequest } from '../../../shared/schemas/common';
import type { AppContext } from '../../context';
import { HttpError, requestLang } from '../../http/errors';
import { today } from '../../services/families.service';
import { readinessRequest, scoreReadinessRequest } from '../../services/readiness.service';
import { presentEntitlement, renderCoded } from '../../services/present';

export async function ruleRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/rules/nik',
    { config: { public: true }, schema: { tags: ['rules'], summary: 'Validate a NIK and read its region, birth date and sex', body: nikRequest } },
    async (req) => {
      const lang = requestLang(req);
      const parsed = parseNik(req.body.nik, { provinceCodes: await ctx.provinceCodes(), today: today(ctx) });
      return {
        valid: parsed.valid,
        errors: parsed.errors.map((e) => ({ code: e.code, message: renderCoded(lang, e) })),
        regionCode: parsed.regionCode,
        birthDate: parsed.birthDate,
        sex: parsed.sex,
      };
    },
  );

  r.post(
    '/api/v1/rules/entitlement',
    {
      config: { public: true },
      schema: { tags: ['rules'], summary: 'Benefit calculator: components, annual total and tahap amounts for the members given', body: entitlementRequest },
    },
    async (req) => {
      const lang = requestLang(req);
      const { year, asOf, akses, members } = req.body;
      if (asOf && Number(asOf.slice(0, 4)) !== year) throw new HttpError(422, 'error.validation', {}, { asOf: 'validation.as_of_year' });
      const outcome = computeEntitlement(
        { year, asOf: asOf ?? defaultEntitlementAsOf(year, today(ctx)), akses: akses ?? false, members },
        await ctx.benefitRules(),
      );
      if (!outcome.ok) throw new HttpError(422, 'error.validation', {}, { year: { key: outcome.error.code, params: outcome.error.params } });
      return presentEntitlement(outcome.result, lang);
    },
  );

  r.post(
    '/api/v1/rules/readiness',
    {
      config: { public: true },
      schema: {
        tags: ['rules'],
        summary: 'Score graduation-readiness answers against a criteria set, without storing them',
        description:
          'Body {criteriaSet, answers: {code: value}, kabKotaCode?, version?, date?} -> {result, score, failing, missing, ...} with the explanation in the caller\'s language. Unknown set or answers of the wrong type: 422.',
        body: readinessRequest,
      },
    },
    async (req) => scoreReadinessRequest(ctx, req.body, requestLang(req)),
  );

  r.post(
    '/api/v1/rules/kappa',
    {
      config: { public: true },
      schema: {
        tags: ['rules'],
        summary: "Cohen's kappa for two coders who coded the same items",
        description:
          'Body {pairs: [[codeA, codeB], ...]} (one pair per item: coder A\'s code, coder B\'s) -> {kappa, observedAgreement, expectedAgreement, n}. kappa is null when undefined: no pairs, or expected agreement 1 (both coders used one and the same category).',
        body: kappaRequest,
      },
    },
    async (req) => cohensKappa(req.body.pairs),
  );

  r.post(
    '/api/v1/rules/survival',
    {
      config: { public: true },
      schema: {
        tags: ['rules'],
        summary: 'Kaplan-Meier estimate from observations in months (event false = still in the programme, censored)',
        description:
          'Body {observations: [{months, event}]} -> {curve: [{months, survival, atRisk, events}], medianMonths}. The curve starts at {0, 1, n, 0} and has one point per distinct event time; at tied times events count before censorings; medianMonths is the first time survival <= 0.5, null when never.',
        body: survivalRequest,
      },
    },
    async (req) => kaplanMeier(req.body.observations),
  );
}
