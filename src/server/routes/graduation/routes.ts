import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../shared/schemas/access';
import { limitParam, offsetParam, programmeMonth, uuid } from '../../../shared/schemas/common';
import { assessmentCreate, candidateQuery, criteriaSetVersionRequest, GRADUATION_STATES, followupUpdate, pipelineQuery, targetUpdate, transitionRequest } from '../../../shared/schemas/graduation';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { errorBody, requestLang } from '../../http/errors';
import {
  addCriteriaSetVersion,
  createAssessment,
  familyGraduation,
  FollowupRecordedError,
  listAssessments,
  listCandidates,
  listCriteriaSets,
  listOpenCases,
  pipeline,
  previewAssessment,
  recordFollowup,
  recordPenaIncome,
  setTarget,
  transition,
} from '../../services/graduation.service';
import { withVersionInForce } from '../../services/readiness.service';

/** `GET /graduation/cases`: open cases, optionally in one state, paged. */
const openCaseQuery = z.object({ state: z.enum(GRADUATION_STATES, { message: 'graduation.state' }).optional(), limit: limitParam, offset: offsetParam });

/** Graduation: criteria sets, assessments, candidates, the workflow, follow-ups, targets and the pipeline. */
export async function graduationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['graduation'];

  r.get('/api/v1/graduation/criteria-sets', { schema: { tags, summary: 'Criteria sets in use (latest version of each); ?all=true lists every stored version, `active` only on the version in force (`status`: in_force, superseded with `supersededBy`, switched_off)', querystring: z.object({ all: z.enum(['true', 'false']).optional() }) } }, async (req) => {
    requireScope(req);
    return listCriteriaSets(ctx, { all: req.query.all === 'true' });
  });
  r.post('/api/v1/graduation/criteria-sets', { schema: { tags, summary: 'Add a criteria set or a new version of one (admin); older versions stay for the assessments that used them', body: criteriaSetVersionRequest } }, async (req, reply) =>
    // The version just stored is the one in force (as the list says it: status, nothing superseding it).
    reply.code(201).send({ ...(await addCriteriaSetVersion(ctx, requireScope(req), req.body.definition)), status: 'in_force', supersededBy: null }),
  );

  r.post('/api/v1/families/:id/assessments', { schema: { tags, summary: 'Assess readiness: answers (with evidence) scored and stored; what Titian knows fills unanswered criteria', params: idParams, body: assessmentCreate } }, async (req, reply) =>
    reply.code(201).send((await withVersionInForce(ctx, [await createAssessment(ctx, requireScope(req), req.params.id, req.body, requestLang(req))]))[0]),
  );
  r.post(
    '/api/v1/families/:id/assessments/preview',
    { schema: { tags, summary: "Score an assessment's answers as saving them would (what Titian knows fills unanswered criteria, marked `filled`); nothing is stored", params: idParams, body: assessmentCreate } },
    async (req) => previewAssessment(ctx, requireScope(req), req.params.id, req.body, requestLang(req)),
  );
  r.get(
    '/api/v1/families/:id/assessments',
    {
      schema: {
        tags,
        summary:
          "A family's assessments, oldest first (the trajectory); each names the criteria set and version it was judged against (`criteriaSet`: name, version, revision, that version's `threshold`, `inForce`, `supersededBy`)",
        params: idParams,
      },
    },
    async (req) => {
      const list = await listAssessments(ctx, requireScope(req), req.params.id, requestLang(req));
      return { ...list, items: await withVersionInForce(ctx, list.items) };
    },
  );

  r.get('/api/v1/graduation/candidates', { schema: { tags, summary: 'Families the triggers found, with the reason, within scope', querystring: candidateQuery } }, async (req) =>
    listCandidates(ctx, requireScope(req), req.query, requestLang(req)),
  );

  r.get('/api/v1/graduation/cases', { schema: { tags, summary: 'Open graduation cases within scope, optionally in one state (?state=proposed: the approval queue), oldest move first', querystring: openCaseQuery } }, async (req) =>
    listOpenCases(ctx, requireScope(req), req.query, requestLang(req)),
  );

  r.get('/api/v1/families/:id/graduation', { schema: { tags, summary: "A family's graduation case: state, type, history, follow-ups, the moves allowed now", params: idParams } }, async (req) =>
    familyGraduation(ctx, requireScope(req), req.params.id, requestLang(req)),
  );
  r.post('/api/v1/families/:id/graduation/transitions', { schema: { tags, summary: 'One move of the graduation workflow (409 not allowed from the state, 403 wrong role, 422 missing evidence)', params: idParams, body: transitionRequest } }, async (req) =>
    transition(ctx, requireScope(req), req.params.id, req.body, requestLang(req)),
  );
  r.post(
    '/api/v1/families/:id/graduation/followups/:followupId',
    {
      schema: {
        tags,
        summary: 'Record a follow-up visit after exit (over a visit recorded already only with its `expectedVersion`: else 409 with the record there as `existing`)',
        params: z.object({ id: uuid, followupId: uuid }),
        body: followupUpdate,
      },
    },
    async (req, reply) => {
      try {
        await recordFollowup(ctx, requireScope(req), req.params.id, req.params.followupId, req.body);
      } catch (e) {
        // The record already there comes with the 409 (what, by whom, when), so a client can show it.
        if (e instanceof FollowupRecordedError) return reply.code(409).send({ ...errorBody(requestLang(req), e.code, e.params, e.fields), existing: e.existing });
        throw e;
      }
      return reply.code(204).send();
    },
  );
  r.post(
    '/api/v1/families/:id/pena-income',
    {
      schema: {
        tags,
        summary: "Record a month's PENA business income (rupiah)",
        params: idParams,
        body: z.object({ month: programmeMonth, rupiah: z.number().int().min(0).max(10_000_000_000) }),
      },
    },
    async (req, reply) => {
      await recordPenaIncome(ctx, requireScope(req), req.params.id, req.body);
      return reply.code(204).send();
    },
  );

  r.get('/api/v1/graduation/pipeline', { schema: { tags, summary: 'Families per graduation state by pendamping, kelurahan or kecamatan (with yearly targets per pendamping)', querystring: pipelineQuery } }, async (req) =>
    pipeline(ctx, requireScope(req), req.query),
  );
  r.put('/api/v1/graduation/targets', { schema: { tags, summary: "Set a pendamping's yearly graduation target (koordinator, admin)", body: targetUpdate } }, async (req) => setTarget(ctx, requireScope(req), req.body));
}
