import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { emptyAsUndefined } from '../../../shared/schemas/common';
import { idParams, tokenCreate } from '../../../shared/schemas/access';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { createToken, listTokens, revokeToken } from '../../services/accounts.service';

/** API tokens for integrations (`Authorization: Bearer titian_...`), scoped like their user. */
export async function tokenRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];
  r.get(
    '/api/v1/tokens',
    { schema: { tags, summary: 'My API tokens (admin: ?all=true for everyone)', querystring: z.object({ all: emptyAsUndefined(z.enum(['true', 'false'], { message: 'validation.boolean' }).optional()) }) } },
    async (req) => listTokens(ctx, requireScope(req), req.query.all === 'true'),
  );
  r.post('/api/v1/tokens', { schema: { tags, summary: 'Create an API token (shown once)', body: tokenCreate } }, async (req, reply) =>
    reply.code(201).send(await createToken(ctx, requireScope(req), req.body)),
  );
  r.delete('/api/v1/tokens/:id', { schema: { tags, summary: 'Revoke an API token', params: idParams } }, async (req, reply) => {
    await revokeToken(ctx, requireScope(req), req.params.id);
    return reply.code(204).send();
  });
}
