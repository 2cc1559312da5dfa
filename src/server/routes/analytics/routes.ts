import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';

/** Outcome analytics (issue 9): graduation rates and time to graduation by the work families received. */
export async function analyticsRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
