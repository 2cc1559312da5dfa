import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../shared/schemas/access';
import { calendarDate, kelurahanCode } from '../../../shared/schemas/common';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { beritaAcara, graduationLetter, proposalsWorkbook } from '../../services/graduation-documents.service';

/**
 * The graduation documents (contract: GET /api/v1/families/{id}/graduation/letter.pdf): files to print or
 * to enter in e-PKH. Researchers (peneliti) get 403: every document prints identities.
 */
export async function graduationDocumentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['graduation'];
  const send = (reply: { header(k: string, v: string): unknown; send(b: Buffer): unknown }, out: { file: Buffer; contentType: string; filename: string }) => {
    reply.header('Content-Type', out.contentType);
    reply.header('Content-Disposition', `attachment; filename="${out.filename}"`);
    return reply.send(out.file);
  };

  r.get(
    '/api/v1/families/:id/graduation/letter.pdf',
    {
      schema: {
        tags,
        summary:
          'The self-declaration letter (surat pernyataan graduasi sejahtera mandiri) filled with the family’s data, A4 PDF, in any case state; ?date= prints that date (default: the recorded signing date, else a blank to fill in). Audited as a read of NIK and No. KK',
        params: idParams,
        querystring: z.object({ date: calendarDate.optional() }),
      },
    },
    async (req, reply) => send(reply, await graduationLetter(ctx, requireScope(req), req.params.id, req.query)),
  );

  r.get(
    '/api/v1/graduation/berita-acara.pdf',
    {
      schema: {
        tags,
        summary:
          'The berita acara of a group graduation event held on `date` in a kelurahan: the families in scope there whose graduation was approved between `from` (default 1 January of that year) and `date`, still approved or exited (422 when there are none)',
        querystring: z.object({ date: calendarDate, kelurahan: kelurahanCode, from: calendarDate.optional() }),
      },
    },
    async (req, reply) => send(reply, await beritaAcara(ctx, requireScope(req), req.query)),
  );

  r.get(
    '/api/v1/graduation/proposals.xlsx',
    {
      schema: {
        tags,
        summary:
          'Proposed and approved (not yet exited) graduations in scope as XLSX, one row per family with No. KK and the caretaker’s NIK, for entry in e-PKH; sheet "Keterangan" explains the columns. Audited per family',
      },
    },
    async (req, reply) => send(reply, await proposalsWorkbook(ctx, requireScope(req))),
  );
}
