import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bool, text } from '../../../shared/schemas/common';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { addTerm, listTerms, TERM_CODE, updateTerm } from '../../services/taxonomies';

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
 * obstacles (the reference answers include the active ones: reference/routes.ts).
 */
export async function taxonomyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['taxonomies'];

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
