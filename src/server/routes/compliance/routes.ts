import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../shared/schemas/access';
import { quarterPeriod, regionCode } from '../../../shared/schemas/common';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { errorBody, HttpError, requestLang } from '../../http/errors';
import { closeCompliancePeriod, familyCompliance, importVerkom, ObservationExistsError, recordObservation } from '../../services/compliance.service';
import { observationWrite } from '../../../shared/schemas/compliance';

const period = quarterPeriod();

/**
 * An observation as this route takes it: the shared shape with no key besides its own, so that a misspelt or
 * unknown key (`replace` for `replaces`, `note`) is a 400 naming it, never dropped unnoticed. The web app sends
 * exactly these keys; the sync push reads the shared shape itself (its items carry their own envelope).
 */
const observationBody = z.strictObject(observationWrite.shape);

/** Compliance verification: a family's results, closing a period, the VERKOM education form. */
export async function complianceRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['compliance'];

  r.get(
    '/api/v1/families/:id/compliance',
    { schema: { tags, summary: 'Compliance of each member for a period (contract shape), closed or so far', params: idParams, querystring: z.object({ period }) } },
    async (req) => familyCompliance(ctx, requireScope(req), req.params.id, req.query.period, requestLang(req)),
  );
  r.post(
    '/api/v1/families/:id/compliance/observations',
    {
      schema: {
        tags,
        summary: 'Record what verification found for a member and month (health, kesos, or education by hand); a month that has one already is replaced only with `replaces` (its version), else 409 with `existing`',
        params: idParams,
        body: observationBody,
      },
    },
    async (req, reply) => {
      try {
        return reply.code(201).send(await recordObservation(ctx, requireScope(req), req.params.id, req.body, requestLang(req)));
      } catch (e) {
        // The observation already there comes with the 409, so that a client can show it (value, who, when)
        // and offer to replace it without another request.
        if (e instanceof ObservationExistsError) return reply.code(409).send({ ...errorBody(requestLang(req), e.code, e.params, e.fields), existing: e.existing });
        throw e;
      }
    },
  );
  r.post(
    '/api/v1/compliance/close',
    { schema: { tags, summary: 'Close a period: every family’s results in scope frozen (coordinators, admin); `dryRun` says what closing would do, freezing nothing', body: z.object({ period, region: regionCode.optional(), dryRun: z.boolean().optional() }) } },
    async (req) => closeCompliancePeriod(ctx, requireScope(req), req.body),
  );
  // The VERKOM form arrives as the file itself (text/csv), up to 16 MiB. The raw-body parser is registered
  // for this route only: every other route keeps refusing non-JSON bodies.
  await app.register(async (upload) => {
    upload.addContentTypeParser(['text/csv', 'application/octet-stream', 'text/plain'], { parseAs: 'buffer', bodyLimit: 16 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    const u = upload.withTypeProvider<ZodTypeProvider>();
    u.post(
      '/api/v1/compliance/verkom',
      {
        bodyLimit: 16 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Import a VERKOM education form (send the CSV as the body, Content-Type text/csv)',
          querystring: z.object({ period, dryRun: z.enum(['true', 'false'], { message: 'validation.boolean' }).optional() }),
        },
      },
      async (req) => {
        const body = req.body as unknown;
        if (!Buffer.isBuffer(body) && typeof body !== 'string') throw new HttpError(415, 'error.unsupported_media_type');
        return importVerkom(ctx, requireScope(req), body as Buffer | string, req.query.period, requestLang(req), { dryRun: req.query.dryRun === 'true' });
      },
    );
  });
}
