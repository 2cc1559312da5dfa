import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { text } from '../../../shared/schemas/common';
import type { AppContext } from '../../context';
import { HttpError } from '../../http/errors';
import { listCriteriaSets } from '../../services/graduation.service';
import { referenceWithDeploymentTerms } from '../../services/taxonomies';

export async function referenceRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/reference', { config: { public: true }, schema: { tags: ['reference'], summary: 'Names of the reference data sets' } }, async () => ({
    items: ['benefit-index', ...(await ctx.repos.reference.documentNames())],
  }));
  r.get(
    '/api/v1/reference/:name',
    {
      config: { public: true },
      schema: { tags: ['reference'], summary: 'A reference data set, in the shape of its shipped file', params: z.object({ name: text().max(100) }) },
    },
    async (req) => {
      const { name } = req.params;
      if (name === 'benefit-index') {
        // The shape of benefit-index.csv (plus `origin`: shipped or the deployment's own), and camelCase for the API.
        const rows = await ctx.repos.reference.benefitIndex();
        return {
          rows: rows.map((r) => ({
            year: r.year,
            component: r.component,
            annual_rupiah: r.annualRupiah,
            annualRupiah: r.annualRupiah,
            confidence: r.confidence ?? null,
            note: r.note ?? null,
            origin: r.origin,
          })),
        };
      }
      const doc = await ctx.repos.reference.document(name);
      if (doc === undefined) throw new HttpError(404, 'error.reference_not_found', { name });
      // What a deployment added: active taxonomy terms, and criteria set versions an admin stored.
      if (name === 'activity-types' || name === 'factors-obstacles') return referenceWithDeploymentTerms(ctx.repos, name, doc);
      if (name === 'graduation-criteria-sets') return { ...(doc as object), sets: (await listCriteriaSets(ctx)).items };
      return doc;
    },
  );
}
