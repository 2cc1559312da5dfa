import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bool, text } from '../../../shared/schemas/common';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { HttpError } from '../../http/errors';
import { addTerm, listTerms, referenceWithDeploymentTerms, TERM_CODE, updateTerm } from '../../services/taxonomies';

const label = text('validation.term_label')
  .max(200, { message: 'validation.term_label' })
  .refine((v) => v.trim().length > 0, { message: 'validation.term_label' });
const taxonomyParams = z.object({ taxonomy: text().max(60) });
const termParams = z.object({ taxonomy: text().max(60), code: text().max(60) });
const termCreate = z.strictObject({
  code: text('validation.term_code').regex(TERM_CODE, { message: 'validation.term_code' }),
  id: label,
  en: label,
});
const termPatch = z.strictObject({ id: label.optional(), en: label.optional(), active: bool.optional() });

/**
 * Taxonomy administration (admin): the terms a deployment adds to activity types, supporting factors and
 * obstacles. Also the reference answers those taxonomies feed (`activity-types`, `factors-obstacles`):
 * the shipped document plus the deployment's active terms. These two static paths take precedence over
 * `/api/v1/reference/:name` (reference/routes.ts), which serves every other document as shipped.
 */
export async function taxonomyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['taxonomies'];

  for (const name of ['activity-types', 'factors-obstacles']) {
    r.get(
      `/api/v1/reference/${name}`,
      { config: { public: true }, schema: { tags: ['reference'], summary: `The ${name} reference data, plus the terms this deployment added (active ones)` } },
      async () => {
        const doc = await ctx.repos.reference.document(name);
        if (doc === undefined) throw new HttpError(404, 'error.reference_not_found', { name });
        return referenceWithDeploymentTerms(ctx.repos, name, doc);
      },
    );
  }

  r.get(
    '/api/v1/admin/taxonomies/:taxonomy',
    { schema: { tags, summary: 'A taxonomy (activity-types, supporting_factors, obstacles): shipped terms and the deployment’s own, active or not (admin)', params: taxonomyParams } },
    async (req) => listTerms(ctx, requireScope(req), req.params.taxonomy),
  );
  r.post(
    '/api/v1/admin/taxonomies/:taxonomy',
    { schema: { tags, summary: 'Add a term (admin); 409 when the code is shipped or already added', params: taxonomyParams, body: termCreate } },
    async (req, reply) => {
      const term = await addTerm(ctx, requireScope(req), req.params.taxonomy, req.body);
      return reply.code(201).send(term);
    },
  );
  r.patch(
    '/api/v1/admin/taxonomies/:taxonomy/:code',
    { schema: { tags, summary: 'Relabel, deactivate or reactivate an added term (admin); shipped terms are read-only (409)', params: termParams, body: termPatch } },
    async (req) => updateTerm(ctx, requireScope(req), req.params.taxonomy, req.params.code, req.body),
  );
}
