import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { entitlementFreeze, idParams } from '../../../shared/schemas/access';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { requestLang } from '../../http/errors';
import { familySnapshots, freezeEntitlements, frozenEntitlement } from '../../services/snapshots.service';

/** Decisions kept as they were made: frozen tahap entitlements. */
export async function snapshotRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['snapshots'];
  r.post(
    '/api/v1/entitlements/snapshots',
    { schema: { tags, summary: 'Freeze the entitlement of every active family in scope for a tahap (coordinators, admin)', body: entitlementFreeze } },
    async (req) => freezeEntitlements(ctx, requireScope(req), req.body),
  );
  r.get(
    '/api/v1/families/:id/entitlement/tahap',
    {
      schema: {
        tags,
        summary: 'The frozen entitlement of a family for a tahap',
        params: idParams,
        querystring: z.object({
          year: z.coerce.number({ message: 'validation.year' }).int({ message: 'validation.year' }).min(2007, { message: 'validation.year' }).max(2200, { message: 'validation.year' }),
          tahap: z.coerce.number({ message: 'validation.tahap' }).int({ message: 'validation.tahap' }).min(1, { message: 'validation.tahap' }).max(4, { message: 'validation.tahap' }),
        }),
      },
    },
    async (req) => frozenEntitlement(ctx, requireScope(req), req.params.id, req.query.year, req.query.tahap, requestLang(req)),
  );
  r.get('/api/v1/families/:id/snapshots', { schema: { tags, summary: 'Decisions frozen for a family', params: idParams } }, async (req) =>
    familySnapshots(ctx, requireScope(req), req.params.id),
  );
}
