import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../shared/schemas/access';
import { uuid } from '../../../shared/schemas/common';
import { goalCreate, goalPatch, referralCreate, referralPatch, taskCreate, taskPatch } from '../../../shared/schemas/facilitation';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { addGoal, addReferral, addTask, casePlan, changeGoal, changeReferral, changeTask, listReferrals } from '../../services/case-plans.service';

/** Case plans and referrals of a family. */
export async function casePlanRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['case-plans'];
  const goalParams = z.object({ id: uuid, goalId: uuid });
  const taskParams = z.object({ id: uuid, taskId: uuid });
  const referralParams = z.object({ id: uuid, referralId: uuid });
  r.get('/api/v1/families/:id/case-plan', { schema: { tags, summary: "A family's goals with their tasks (overdue ones marked)", params: idParams } }, async (req) => casePlan(ctx, requireScope(req), req.params.id));
  r.post('/api/v1/families/:id/case-plan/goals', { schema: { tags, summary: 'Add a goal (with tasks)', params: idParams, body: goalCreate } }, async (req, reply) =>
    reply.code(201).send(await addGoal(ctx, requireScope(req), req.params.id, req.body)),
  );
  r.patch('/api/v1/families/:id/case-plan/goals/:goalId', { schema: { tags, summary: 'Change a goal (title, target date, status)', params: goalParams, body: goalPatch } }, async (req) =>
    changeGoal(ctx, requireScope(req), req.params.id, req.params.goalId, req.body),
  );
  r.post('/api/v1/families/:id/case-plan/goals/:goalId/tasks', { schema: { tags, summary: 'Add a task to a goal', params: goalParams, body: taskCreate } }, async (req, reply) =>
    reply.code(201).send(await addTask(ctx, requireScope(req), req.params.id, req.params.goalId, req.body)),
  );
  r.patch('/api/v1/families/:id/case-plan/tasks/:taskId', { schema: { tags, summary: 'Change a task (done, due date)', params: taskParams, body: taskPatch } }, async (req) =>
    changeTask(ctx, requireScope(req), req.params.id, req.params.taskId, req.body),
  );
  r.get('/api/v1/families/:id/referrals', { schema: { tags, summary: "A family's referrals, newest first", params: idParams } }, async (req) => listReferrals(ctx, requireScope(req), req.params.id));
  r.post('/api/v1/families/:id/referrals', { schema: { tags, summary: 'Refer the family (or a member) to a complementary programme', params: idParams, body: referralCreate } }, async (req, reply) =>
    reply.code(201).send(await addReferral(ctx, requireScope(req), req.params.id, req.body)),
  );
  r.patch('/api/v1/families/:id/referrals/:referralId', { schema: { tags, summary: 'Record a referral’s status and outcome', params: referralParams, body: referralPatch } }, async (req) =>
    changeReferral(ctx, requireScope(req), req.params.id, req.params.referralId, req.body),
  );
}
