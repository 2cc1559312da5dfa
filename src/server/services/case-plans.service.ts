/** Case plans (goals with tasks and due dates) and referrals to complementary programmes, per family. */
import { compareDates } from '../../domain/dates';
import { earliestFamilyDate, FIRST_ACTIVITY_DATE } from '../../domain/activities';
import { uuidv7 } from '../../domain/ids';
import type { z } from 'zod';
import type { goalCreate, goalPatch, referralCreate, referralPatch, taskCreate, taskPatch } from '../../shared/schemas/facilitation';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import { canWriteRegistry, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { staffAs, today } from './families.service';
import { refreshCopiesOf } from './research.service';

async function familyOrThrow(ctx: AppContext, scope: Scope, familyId: string, write: boolean) {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  if (write && !canWriteRegistry(scope)) throw forbidden();
  return family;
}

type FieldError = string | { key: string; params?: Record<string, string | number> };

/** Dates of a family's casework (a target, a due date, a referral) cannot precede its joining PKH. */
function notBeforeJoined(fields: Record<string, FieldError>, joinedYear: number | null, dates: Record<string, string | null | undefined>): Record<string, FieldError> {
  const earliest = earliestFamilyDate(joinedYear);
  for (const [field, date] of Object.entries(dates)) {
    if (date && compareDates(date, earliest) < 0) {
      fields[field] = joinedYear && earliest !== FIRST_ACTIVITY_DATE ? { key: 'activity.date_before_joined', params: { year: joinedYear } } : { key: 'activity.date_too_early', params: { date: FIRST_ACTIVITY_DATE } };
    }
  }
  return fields;
}

function throwIfAny(fields: Record<string, FieldError>) {
  if (Object.keys(fields).length) throw new HttpError(422, 'error.validation', {}, fields);
}

const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export async function casePlan(ctx: AppContext, scope: Scope, familyId: string) {
  await familyOrThrow(ctx, scope, familyId, false);
  const goals = await ctx.repos.casePlans.goals(scope, familyId);
  const now = today(ctx);
  // Researchers get the plan's shape (status, dates), not its words, as on a phone's copy.
  const identities = seesIdentities(scope);
  // Overdue tasks stand out: not done and due before today.
  return {
    goals: goals.map((g) => ({
      ...g,
      title: identities ? g.title : null,
      description: identities ? g.description : null,
      tasks: g.tasks.map((t) => ({ ...t, title: identities ? t.title : null, overdue: !t.doneAt && !!t.dueDate && compareDates(t.dueDate, now) < 0 })),
    })),
  };
}

export async function addGoal(ctx: AppContext, scope: Scope, familyId: string, input: z.infer<typeof goalCreate>) {
  const family = await familyOrThrow(ctx, scope, familyId, true);
  throwIfAny(notBeforeJoined({}, family.joinedYear, { targetDate: input.targetDate, ...Object.fromEntries((input.tasks ?? []).map((t, i) => [`tasks.${i}.dueDate`, t.dueDate])) }));
  const id = uuidv7();
  const rows = [
    { table: 'case_goals' as const, values: { id, title: input.title, description: input.description ?? null, status: 'open', target_date: input.targetDate ?? null, closed_at: null } },
    ...(input.tasks ?? []).map((t) => ({ table: 'case_tasks' as const, values: { id: uuidv7(), goal_id: id, title: t.title, due_date: t.dueDate ?? null, done_at: null } })),
  ];
  if (!(await ctx.repos.casePlans.insert(scope, familyId, rows, 'case_plan.goal_add', { title: input.title, targetDate: input.targetDate ?? null, tasks: input.tasks?.length ?? 0 }, actorOf(scope), ctx.now().toISOString()))) throw notFound();
  return casePlan(ctx, scope, familyId);
}

export async function changeGoal(ctx: AppContext, scope: Scope, familyId: string, goalId: string, input: z.infer<typeof goalPatch>) {
  const family = await familyOrThrow(ctx, scope, familyId, true);
  throwIfAny(notBeforeJoined({}, family.joinedYear, { targetDate: input.targetDate }));
  const set = compact({
    title: input.title,
    description: input.description,
    target_date: input.targetDate,
    status: input.status,
    closed_at: input.status === undefined ? undefined : input.status === 'open' ? null : ctx.now().toISOString(),
  });
  if (Object.keys(set).length === 0) throw new HttpError(422, 'error.validation', {}, { _: 'error.nothing_to_change' });
  if ((await ctx.repos.casePlans.update(scope, familyId, 'case_goals', goalId, set, 'case_plan.goal_change', actorOf(scope), ctx.now().toISOString())) === 'not_found') throw notFound();
  if (input.description !== undefined || input.title !== undefined) await refreshCopiesOf(ctx, actorOf(scope), [{ source: 'case_note', ref: `goal:${goalId}` }], input.title !== undefined);
  return casePlan(ctx, scope, familyId);
}

export async function addTask(ctx: AppContext, scope: Scope, familyId: string, goalId: string, input: z.infer<typeof taskCreate>) {
  const family = await familyOrThrow(ctx, scope, familyId, true);
  throwIfAny(notBeforeJoined({}, family.joinedYear, { dueDate: input.dueDate }));
  if (!(await ctx.repos.casePlans.goals(scope, familyId)).some((g) => g.id === goalId)) throw notFound();
  const id = uuidv7();
  await ctx.repos.casePlans.insert(
    scope,
    familyId,
    [{ table: 'case_tasks', values: { id, goal_id: goalId, title: input.title, due_date: input.dueDate ?? null, done_at: null } }],
    'case_plan.task_add',
    { goalId, title: input.title, dueDate: input.dueDate ?? null },
    actorOf(scope),
    ctx.now().toISOString(),
  );
  return casePlan(ctx, scope, familyId);
}

export async function changeTask(ctx: AppContext, scope: Scope, familyId: string, taskId: string, input: z.infer<typeof taskPatch>) {
  const family = await familyOrThrow(ctx, scope, familyId, true);
  throwIfAny(notBeforeJoined({}, family.joinedYear, { dueDate: input.dueDate }));
  const set = compact({ title: input.title, due_date: input.dueDate, done_at: input.done === undefined ? undefined : input.done ? ctx.now().toISOString() : null });
  if (Object.keys(set).length === 0) throw new HttpError(422, 'error.validation', {}, { _: 'error.nothing_to_change' });
  if ((await ctx.repos.casePlans.update(scope, familyId, 'case_tasks', taskId, set, 'case_plan.task_change', actorOf(scope), ctx.now().toISOString())) === 'not_found') throw notFound();
  return casePlan(ctx, scope, familyId);
}

async function programs(ctx: AppContext): Promise<Set<string>> {
  const doc = (await ctx.repos.reference.document('referral-programs')) as { programs?: Array<{ code: string }> } | undefined;
  return new Set((doc?.programs ?? []).map((p) => p.code));
}

export async function listReferrals(ctx: AppContext, scope: Scope, familyId: string) {
  await familyOrThrow(ctx, scope, familyId, false);
  const identities = seesIdentities(scope);
  const items = (await ctx.repos.casePlans.referrals(scope, familyId)).map((r) =>
    identities ? r : { ...r, notes: null, outcome: null, createdBy: staffAs(ctx, false, r.createdBy) },
  );
  return { items, total: items.length };
}

export async function addReferral(ctx: AppContext, scope: Scope, familyId: string, input: z.infer<typeof referralCreate>) {
  const family = await familyOrThrow(ctx, scope, familyId, true);
  const fields = notBeforeJoined({}, family.joinedYear, { referredOn: input.referredOn });
  if (!(await programs(ctx)).has(input.program)) fields.program = { key: 'error.referral_program_unknown', params: { code: input.program } };
  if (compareDates(input.referredOn, today(ctx)) > 0) fields.referredOn = { key: 'activity.date_future', params: { today: today(ctx) } };
  if (input.memberId && !(await ctx.repos.families.members(scope, familyId, null)).some((m) => m.id === input.memberId)) fields.memberId = { key: 'error.member_not_in_family', params: { id: input.memberId } };
  if (Object.keys(fields).length) throw new HttpError(422, 'error.validation', {}, fields);
  const id = uuidv7();
  await ctx.repos.casePlans.insert(
    scope,
    familyId,
    [{ table: 'referrals', values: { id, person_id: input.memberId ?? null, program: input.program, status: 'diajukan', referred_on: input.referredOn, notes: input.notes ?? null, outcome: null, outcome_on: null } }],
    'referral.create',
    { program: input.program, referredOn: input.referredOn, memberId: input.memberId ?? null },
    actorOf(scope),
    ctx.now().toISOString(),
  );
  return listReferrals(ctx, scope, familyId);
}

export async function changeReferral(ctx: AppContext, scope: Scope, familyId: string, referralId: string, input: z.infer<typeof referralPatch>) {
  await familyOrThrow(ctx, scope, familyId, true);
  const set = compact({ status: input.status, outcome: input.outcome, outcome_on: input.outcomeOn, notes: input.notes });
  if (Object.keys(set).length === 0) throw new HttpError(422, 'error.validation', {}, { _: 'error.nothing_to_change' });
  if (input.outcomeOn) {
    // An outcome happens after the referral and not after today.
    const referral = (await ctx.repos.casePlans.referrals(scope, familyId)).find((r) => r.id === referralId);
    if (!referral) throw notFound();
    if (compareDates(input.outcomeOn, today(ctx)) > 0) throw new HttpError(422, 'error.validation', {}, { outcomeOn: { key: 'activity.date_future', params: { today: today(ctx) } } });
    if (compareDates(input.outcomeOn, referral.referredOn) < 0) {
      throw new HttpError(422, 'error.validation', {}, { outcomeOn: { key: 'error.referral_outcome_before', params: { date: referral.referredOn } } });
    }
  }
  if ((await ctx.repos.casePlans.update(scope, familyId, 'referrals', referralId, set, 'referral.change', actorOf(scope), ctx.now().toISOString())) === 'not_found') throw notFound();
  if (input.notes !== undefined) await refreshCopiesOf(ctx, actorOf(scope), [{ source: 'case_note', ref: `referral:${referralId}` }]);
  return listReferrals(ctx, scope, familyId);
}
