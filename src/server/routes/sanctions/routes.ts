import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../shared/schemas/access';
import { text, uuid } from '../../../shared/schemas/common';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { requestLang } from '../../http/errors';
import { decideSanction, familySanctions, revokeSanction } from '../../services/sanctions.service';

const code = text('validation.code').trim().min(1, { message: 'validation.code' }).max(100, { message: 'validation.too_long' });

/** Sanctions: the ladder's next step for a family, decided by a koordinator, revocable. */
export async function sanctionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sanctions'];
  r.get('/api/v1/families/:id/sanctions', { schema: { tags, summary: "A family's sanctions and the ladder's proposal (if any), with why", params: idParams } }, async (req) =>
    familySanctions(ctx, requireScope(req), req.params.id, requestLang(req)),
  );
  r.post(
    '/api/v1/families/:id/sanctions',
    {
      schema: {
        tags,
        summary: 'Decide the proposed step (koordinator, admin) with every required reason code',
        params: idParams,
        body: z.object({ step: code, reasons: z.array(code, { message: 'validation.codes' }).max(20, { message: 'validation.too_many' }), note: text().trim().max(1000, { message: 'validation.too_long' }).optional() }),
      },
    },
    async (req, reply) => reply.code(201).send(await decideSanction(ctx, requireScope(req), req.params.id, req.body, requestLang(req))),
  );
  r.post(
    '/api/v1/families/:id/sanctions/:sanctionId/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a sanction (koordinator, admin), with a note',
        params: z.object({ id: uuid, sanctionId: uuid }),
        body: z.object({ note: text('validation.required').trim().min(1, { message: 'validation.required' }).max(1000, { message: 'validation.too_long' }) }),
      },
    },
    async (req) => revokeSanction(ctx, requireScope(req), req.params.id, req.params.sanctionId, req.body.note, requestLang(req)),
  );
}
