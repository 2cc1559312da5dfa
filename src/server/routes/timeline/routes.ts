import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../shared/schemas/access';
import { limitParam, offsetParam } from '../../../shared/schemas/common';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { TIMELINE_KINDS } from '../../db/repositories/timeline.repository';
import { requestLang } from '../../http/errors';
import { familyTimeline } from '../../services/timeline.service';

/** `kinds=activity,p2k2` (or the parameter repeated): the kinds to keep; empty or absent keeps all. */
const kindsParam = z.preprocess(
  (v) => {
    if (v === undefined) return undefined;
    const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [x]));
    const list = parts.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
    return list.length ? list : undefined;
  },
  z.array(z.enum(TIMELINE_KINDS, { message: 'validation.timeline_kind' }), { message: 'validation.timeline_kind' }).max(TIMELINE_KINDS.length * 2, { message: 'validation.too_many' }).optional(),
);

export const timelineQuery = z.object({ limit: limitParam, offset: offsetParam, kinds: kindsParam });

/** A family's timeline of everything that happened, newest first. */
export async function timelineRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/families/:id/timeline',
    {
      schema: {
        tags: ['families'],
        summary: `A family's timeline, newest first: {at, kind, id, title, detail?, by?, link?}; kinds: ${TIMELINE_KINDS.join(', ')}`,
        params: idParams,
        querystring: timelineQuery,
      },
    },
    async (req) => familyTimeline(ctx, requireScope(req), req.params.id, req.query, requestLang(req)),
  );
}
