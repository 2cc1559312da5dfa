import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { regionCode } from '../../../shared/schemas/common';
import type { AppContext } from '../../context';
import { HttpError } from '../../http/errors';

export async function regionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/regions',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: 'Children of a Kemendagri region (provinces without parent); bpsCode where a BPS crosswalk is loaded',
        querystring: z.object({ parent: regionCode.optional() }),
      },
    },
    async (req) => {
      const parent = req.query.parent ?? null;
      if (parent && !(await ctx.repos.regions.get(parent))) throw new HttpError(404, 'error.region_not_found', { code: parent });
      const items = await ctx.repos.regions.children(parent);
      // bpsCode only where a crosswalk gave one (docs/regions.md): none is shipped.
      return { items: items.map((i) => ({ code: i.code, name: i.name, level: i.level, ...(i.bpsCode ? { bpsCode: i.bpsCode } : {}) })) };
    },
  );
}
