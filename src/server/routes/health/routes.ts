import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { ping } from '../../db/database';

export async function healthRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/health', { config: { public: true }, schema: { tags: ['system'], summary: 'Health check' } }, async (_req, reply) => {
    const ok = await ping(ctx.database);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', db: ctx.database.engine });
  });
}
