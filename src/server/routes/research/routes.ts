import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';

/** The research module (issue 9): qualitative coding of field notes and transcripts, and the study view. */
export async function researchRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
