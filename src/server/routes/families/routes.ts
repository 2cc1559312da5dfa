import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { yearOf } from '../../../domain/dates';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { HttpError, requestLang } from '../../http/errors';
import { createFamily, getFamilyDetail, getFamilyEntitlement, listFamilies, today, updateFamily } from '../../services/families.service';
import { JSON_TYPE, jsonOnce } from '../../http/json-once';
import { entitlementQuery, familyCreate, familyIdParams, familyListQuery, familyPatch } from './schema';

export async function familyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['families'];

  r.get('/api/v1/families', { schema: { tags, summary: 'Families (KPM) in scope, searchable and paged', querystring: familyListQuery } }, async (req, reply) =>
    reply.type(JSON_TYPE).send(jsonOnce(await listFamilies(ctx, requireScope(req), req.query))),
  );

  r.post('/api/v1/families', { schema: { tags, summary: 'Register a family with its members', body: familyCreate } }, async (req, reply) => {
    const detail = await createFamily(ctx, requireScope(req), req.body, requestLang(req));
    return reply.code(201).header('Location', `/api/v1/families/${detail.id}`).send(detail);
  });

  r.get('/api/v1/families/:id', { schema: { tags, summary: 'A family with members, components and entitlement', params: familyIdParams } }, async (req, reply) =>
    reply.type(JSON_TYPE).send(jsonOnce(await getFamilyDetail(ctx, requireScope(req), req.params.id, requestLang(req)))),
  );

  r.patch(
    '/api/v1/families/:id',
    { schema: { tags, summary: 'Change a family: fields, members added, changed or ended (effective-dated)', params: familyIdParams, body: familyPatch } },
    async (req) => updateFamily(ctx, requireScope(req), req.params.id, req.body, requestLang(req)),
  );

  r.get(
    '/api/v1/families/:id/entitlement',
    { schema: { tags, summary: 'The benefit calculation for a stored family and year', params: familyIdParams, querystring: entitlementQuery } },
    async (req: FastifyRequest<{ Params: { id: string }; Querystring: { year?: number; asOf?: string } }>) => {
      const year = req.query.year ?? yearOf(req.query.asOf ?? today(ctx));
      if (req.query.asOf && yearOf(req.query.asOf) !== year) {
        throw new HttpError(422, 'error.validation', {}, { asOf: 'validation.as_of_year' });
      }
      return getFamilyEntitlement(ctx, requireScope(req), req.params.id, year, req.query.asOf, requestLang(req));
    },
  );
}
