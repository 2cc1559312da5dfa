/**
 * Demo graduation data: the demo year's verification periods are closed, the triggers run over the demo families, then families of each pendamping are
 * taken through the workflow with the real services (assessments scored, every move judged by the state
 * machine and audited), so that every state shows up: candidate, assessed, statement_signed, proposed,
 * approved, rejected, exited, monitoring, closed and reentered. pendamping01 has a family in each state.
 *
 * The clock is set back for the older steps (a family that exited last year and was followed up), so the
 * history reads true; the audit trail records those steps with the dates they describe.
 */
import type { CriteriaSet } from '../../domain/graduation/criteria';
import type { AnswerValue } from '../../domain/graduation/scoring';
import { earliestFamilyDate } from '../../domain/activities';
import { todayInJakarta } from '../../domain/dates';
import type { Role } from '../../domain/types';
import { loadConfig } from '../config';
import { type AppContext, createContext } from '../context';
import type { Database } from '../db/database';
import type { Scope } from '../db/scope';
import type { IdentityProtection } from '../security/protection';
import { closeCompliancePeriod } from '../services/compliance.service';
import { createAssessment, listCriteriaSets, recordFollowup, runTriggers, SYSTEM_SCOPE, transition } from '../services/graduation.service';

type Step = { to: string; by: 'p' | 'k'; daysAgo: number; type?: string; note?: string; evidence?: (ctx: StepCtx) => Record<string, unknown> };
interface StepCtx {
  assessmentId: string;
  /** Whether that assessment found the family ready: the statement over one that did not is an exception, with its reason. */
  ready: boolean;
  date: (daysAgo: number) => string;
}

/** The path to each demo state, oldest step first (days before today). */
function pathTo(state: string, base: number): Step[] {
  const sm: Step[] = [
    { to: 'candidate', by: 'p', daysAgo: base + 60, type: 'sejahtera_mandiri', note: 'Usaha keluarga berjalan stabil' },
    { to: 'assessed', by: 'p', daysAgo: base + 45, evidence: (c) => ({ assessmentId: c.assessmentId }) },
    {
      to: 'statement_signed',
      by: 'p',
      daysAgo: base + 30,
      evidence: (c) => ({
        statementSignedAt: c.date(base + 30),
        ...(c.ready ? {} : { readinessOverride: { reason: 'Keluarga menyatakan siap keluar; kriteria yang belum terpenuhi dinilai ulang oleh koordinator' } }),
      }),
    },
    { to: 'proposed', by: 'p', daysAgo: base + 28 },
  ];
  switch (state) {
    case 'candidate':
      return sm.slice(0, 1);
    case 'assessed':
      return sm.slice(0, 2);
    case 'statement_signed':
      return sm.slice(0, 3);
    case 'proposed':
      return sm;
    case 'approved':
      return [...sm, { to: 'approved', by: 'k', daysAgo: base + 20, note: 'Memenuhi kriteria' }];
    case 'rejected':
      return [...sm, { to: 'rejected', by: 'k', daysAgo: base + 20, note: 'Pendapatan belum stabil; dinilai ulang tiga bulan lagi' }];
    case 'exited':
      return [...sm, { to: 'approved', by: 'k', daysAgo: base + 20 }, { to: 'exited', by: 'k', daysAgo: base + 10, evidence: (c) => ({ effectiveDate: c.date(base + 10) }) }];
    case 'monitoring':
      return [...pathTo('exited', base), { to: 'monitoring', by: 'p', daysAgo: base + 5 }];
    case 'closed':
      return [...pathTo('monitoring', base), { to: 'closed', by: 'p', daysAgo: Math.max(base - 370, 1) }];
    case 'reentered':
      return [...pathTo('monitoring', base), { to: 'reentered', by: 'k', daysAgo: Math.max(base - 100, 1), note: 'Kepala keluarga kehilangan pekerjaan' }];
    default:
      return [];
  }
}

/** Answers that make the family ready on most criteria (the demo shows a mix). */
function answersFor(set: CriteriaSet, ready: boolean): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  set.criteria.forEach((c, i) => {
    // Titian fills these from its records; for a family found ready the assessor confirmed them on the visit
    // (the voluntary statement follows an assessment that found the family ready).
    if (c.systemSource && !ready) return;
    const meet = ready || i % 3 !== 0;
    const a = c.answer;
    if (a.type === 'boolean') out[c.code] = meet;
    else if (a.type === 'rupiah') out[c.code] = meet ? 2_500_000 : 300_000;
    else if (a.type === 'number') out[c.code] = c.met.type === 'at_least' ? (meet ? c.met.value : c.met.value - 1) : 1;
    else if (a.type === 'scale') out[c.code] = meet ? a.max : a.min;
    else if (a.type === 'choice') out[c.code] = c.met.type === 'one_of' ? (meet ? c.met.values[0] : (a.options.find((o) => !(c.met as { values: string[] }).values.includes(o.value))?.value ?? a.options[0].value)) : a.options[0].value;
  });
  return out;
}

/** The quarters of the demo year of facilitation (demo-facilitation.ts: July 2025 to June 2026), closed by the koordinator. */
export const DEMO_CLOSED_PERIODS = ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'];

const STATES = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'rejected', 'exited', 'monitoring', 'closed', 'reentered'];

export async function seedDemoGraduation(database: Database, protection: IdentityProtection, users: Array<{ id: string; username: string; role: Role; regionCode: string | null }>) {
  let clock = new Date();
  const realNow = new Date();
  const ctx: AppContext = createContext({ database, config: loadConfig({}), protection, now: () => clock });
  // The koordinator closes the quarters of the demo year, so verification results are frozen (and
  // assessments can read school attendance and health compliance from them).
  const closer = users.find((u) => u.role === 'koordinator_kecamatan');
  if (closer) {
    const scope: Scope = { userId: closer.id, username: closer.username, role: closer.role, regionCode: closer.regionCode, via: 'system' };
    for (const period of DEMO_CLOSED_PERIODS) await closeCompliancePeriod(ctx, scope, { period });
  }
  await runTriggers(ctx);
  const setDefinition = (await listCriteriaSets(ctx)).items.find((s) => s.code === 'pkh-default') as unknown as CriteriaSet | undefined;
  const coordinator = users.find((u) => u.role === 'koordinator_kecamatan');
  if (!setDefinition || !coordinator) return { cases: 0 };
  const scopeOf = (u: (typeof users)[number]): Scope => ({ userId: u.id, username: u.username, role: u.role, regionCode: u.regionCode, via: 'system' });
  const k = scopeOf(coordinator);
  const dayMs = 86_400_000;
  const at = (daysAgo: number) => new Date(realNow.getTime() - daysAgo * dayMs);
  const date = (daysAgo: number) => todayInJakarta(at(daysAgo));
  let cases = 0;
  const pendamping = users.filter((u) => u.role === 'pendamping');
  for (const [pi, u] of pendamping.entries()) {
    const p = scopeOf(u);
    // pendamping01 shows every state; the others a few, so the pipeline has some spread.
    const states = pi === 0 ? STATES : STATES.filter((_, i) => (i + pi) % 3 === 0);
    // The caseload's active families in id order; read on past the first page only when a case needs a
    // stand-in for a family that had not joined PKH yet (below).
    const families = await ctx.repos.families.familyIdsInScope(p, { status: 'aktif', limit: states.length + 5 });
    let more = families.length === states.length + 5;
    const used = new Set<string>();
    for (const [si, state] of states.entries()) {
      if (!families[si + 3]) break;
      // Older cases for the states that need time after exit.
      const base = state === 'closed' ? 420 : state === 'reentered' ? 260 : state === 'monitoring' ? 130 : 5 + si;
      const path = pathTo(state, base);
      // The case's oldest record (its opening, or the assessment the day before a step) cannot precede the
      // year the family joined PKH (the assessment would be refused): the state's own family (the fourth
      // on) when it had joined by then, else the next one that had.
      const oldest = date(Math.max(...path.map((s) => s.daysAgo + (s.to === 'assessed' ? 1 : 0))));
      let family: (typeof families)[number] | undefined;
      for (let i = si + 3; !family; i++) {
        if (i === families.length) {
          if (!more) break;
          const page = await ctx.repos.families.familyIdsInScope(p, { status: 'aktif', after: families[i - 1].id, limit: 100 });
          families.push(...page);
          more = page.length === 100;
          if (page.length === 0) break;
        }
        const f = families[i];
        if (!used.has(f.id) && earliestFamilyDate((await ctx.repos.families.get(p, f.id))?.joinedYear) <= oldest) family = f;
      }
      if (!family) continue;
      used.add(family.id);
      let assessmentId = '';
      let ready = false;
      for (const step of path) {
        clock = at(step.daysAgo);
        if (step.to === 'assessed') {
          clock = at(step.daysAgo + 1);
          const a = await createAssessment(ctx, p, family.id, { criteriaSet: 'pkh-default', answers: answersFor(setDefinition, state !== 'rejected'), date: date(step.daysAgo + 1) }, 'id');
          assessmentId = a.id;
          ready = a.ready && a.mandatoryNotMet.length === 0;
          clock = at(step.daysAgo);
        }
        await transition(ctx, step.by === 'p' ? p : k, family.id, { to: step.to as never, type: step.type as never, note: step.note, evidence: step.evidence?.({ assessmentId, ready, date }) as never }, 'id');
        if (step.to === 'monitoring' || step.to === 'closed') {
          // Follow-ups already due by then are recorded.
          const g = await ctx.repos.graduation.currentCase(p, family.id);
          for (const f of g?.current ? await ctx.repos.graduation.followups(g.current.id) : []) {
            if (!f.doneOn && f.dueDate <= date(step.daysAgo)) await recordFollowup(ctx, p, family.id, f.id, { doneOn: f.dueDate, outcome: 'stable', notes: 'Usaha tetap berjalan' });
          }
        }
      }
      cases++;
    }
  }
  clock = realNow;
  await runTriggers(ctx);
  return { cases, scope: SYSTEM_SCOPE.role };
}
