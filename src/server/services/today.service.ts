/**
 * The "today" view: what is waiting in the caller's scope on a date (Asia/Jakarta today unless `date` is
 * given). Each list answers its total and its first few items; each item names its family (the head's
 * name, a pseudonym for researchers), kelurahan and a sentence in the caller's language, and links to the
 * web page where the work is done. A fixed number of queries: one per list, plus the cached settings and
 * the P2K2 curriculum.
 */
import { resolveSettings } from '../../domain/benefits';
import { monthsOfPeriod, periodOfMonth } from '../../domain/compliance';
import { addDays, daysBetween, lastDayOfMonth, todayInJakarta, yearOf } from '../../domain/dates';
import type { CalendarDate } from '../../domain/types';
import { type GraduationState, ROLES_BY_TARGET } from '../../domain/graduation/workflow';
import { hasMessage, type Lang, t } from '../../shared/i18n/index';
import type { AppContext } from '../context';
import type { TodayList, TodayRow } from '../db/repositories/today.repository';
import { canManageCaseloads, type Scope, seesIdentities } from '../db/scope';
import { formatDate, formatMonth } from '../reports/monthly-report.types';
import { pseudonym } from './families.service';
import { localizeCurriculum } from '../../domain/p2k2';
import { curriculum } from './groups.service';

/** How many items each list shows (the totals count them all). */
export const TODAY_ITEMS = 5;
/** A family not visited at home for this many days is due a visit (setting `visitDueAfterDays`). */
export const DEFAULT_VISIT_DUE_AFTER_DAYS = 90;
/** Case-plan tasks due within this many days are listed with the overdue ones. */
export const TASKS_AHEAD_DAYS = 7;
/** Follow-up visits due within this many days are listed. */
export const FOLLOWUPS_AHEAD_DAYS = 14;
/** P2K2 sessions planned from today over this many days. */
export const SESSION_DAYS = 7;

/**
 * The next step of a case, by its state: the move Today lists as a task to whoever may make it (the
 * workflow's ROLES_BY_TARGET): a pendamping's candidates, assessed cases and signed statements, and a
 * rejected proposal (read why, start again as a candidate when ready); a coordinator's proposals and the
 * approved cases waiting for their exit (the exit is theirs: left out, an approval weeks old prompted no
 * one). An exited case's next step (monitoring, once the exit takes effect) comes with the follow-up visits.
 */
const NEXT_STEP: ReadonlyArray<readonly [state: GraduationState, move: GraduationState]> = [
  ['candidate', 'assessed'],
  ['assessed', 'statement_signed'],
  ['statement_signed', 'proposed'],
  ['rejected', 'candidate'],
  ['proposed', 'approved'],
  ['approved', 'exited'],
];

export interface TodayItem {
  /** The family the item is about (null for a group's P2K2 session). */
  familyId: string | null;
  groupId?: string;
  /** The head's name (a pseudonym for researchers); for a P2K2 session, the group's name. */
  name: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  /** The date the item is about (due date, session date, last visit…), when it has one. */
  date: string | null;
  text: string;
  /** Where the web app does the work. */
  link: string;
}

export interface TodayListAnswer {
  total: number;
  items: TodayItem[];
}

export interface TodayAnswer {
  date: CalendarDate;
  visitDueAfterDays: number;
  tasks: TodayListAnswer;
  visits: TodayListAnswer;
  sessions: TodayListAnswer & { from: CalendarDate; to: CalendarDate };
  verification: TodayListAnswer & { period: string; periodEnd: CalendarDate; months: string[] };
  /** Null for roles that make no graduation move (auditor, peneliti). */
  graduation: TodayListAnswer | null;
  followups: TodayListAnswer;
  /** Waiting data-update proposals: only for roles that decide them (coordinators, admin). */
  dataUpdates: TodayListAnswer | null;
}

/** The states whose next step is the caller's to take; null for roles that make no graduation move (auditor, peneliti, read-only). */
export function graduationStates(scope: Pick<Scope, 'role' | 'readOnly'>): GraduationState[] | null {
  if (scope.readOnly) return null;
  const states = NEXT_STEP.filter(([, move]) => ROLES_BY_TARGET[move].includes(scope.role)).map(([state]) => state);
  return states.length > 0 ? states : null;
}

async function visitDueAfterDays(ctx: AppContext, year: number): Promise<number> {
  const rules = await ctx.benefitRules();
  const value = (resolveSettings(rules.settings, year) as unknown as Record<string, unknown>).visitDueAfterDays;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 3650 ? value : DEFAULT_VISIT_DUE_AFTER_DAYS;
}

export async function todayView(ctx: AppContext, scope: Scope, query: { date?: string }, lang: Lang): Promise<TodayAnswer> {
  const date = (query.date ?? todayInJakarta(ctx.now())) as CalendarDate;
  const identities = seesIdentities(scope);
  const tr = (key: string, params: Record<string, string | number> = {}) => t(lang, key, params);
  const label = (key: string, fallback: string) => (hasMessage(key) ? tr(key) : fallback);
  const day = (d: string) => formatDate(lang, d);
  // Counts written with the language's grouping (6.549 / 6,549); a year is never passed through this.
  const count = (n: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID').format(n);
  const name = (r: TodayRow) => (identities ? r.headName : pseudonym(ctx, 'KPM', r.familyId));
  const base = (r: TodayRow) => ({ familyId: r.familyId, name: name(r), kelurahanCode: r.kelurahanCode, kelurahanName: r.kelurahanName });
  const familyLink = (id: string, hash = '') => `/keluarga/${id}${hash}`;

  const dueAfter = await visitDueAfterDays(ctx, yearOf(date));
  const month = date.slice(0, 7);
  const period = periodOfMonth(month);
  const quarterMonths = monthsOfPeriod(period);
  const pastMonths = quarterMonths.filter((m) => m < month);
  const periodEnd = lastDayOfMonth(quarterMonths[quarterMonths.length - 1]!);
  const sessionsTo = addDays(date, SESSION_DAYS - 1);
  const gradStates = graduationStates(scope);
  const decidesUpdates = canManageCaseloads(scope);
  const repo = ctx.repos.today;

  const [tasks, visits, sessions, verification, graduation, followups, dataUpdates, modules] = await Promise.all([
    repo.tasks(scope, addDays(date, TASKS_AHEAD_DAYS), TODAY_ITEMS),
    repo.visitsDue(scope, addDays(date, -dueAfter), TODAY_ITEMS),
    repo.sessionsPlanned(scope, date, sessionsTo, TODAY_ITEMS),
    repo.verificationMissing(scope, date, pastMonths, TODAY_ITEMS),
    gradStates ? repo.graduationWaiting(scope, gradStates, TODAY_ITEMS) : Promise.resolve(null),
    repo.followupsDue(scope, addDays(date, FOLLOWUPS_AHEAD_DAYS), TODAY_ITEMS),
    decidesUpdates ? repo.dataUpdatesWaiting(scope, TODAY_ITEMS) : Promise.resolve(null),
    curriculum(ctx).then((c) => localizeCurriculum(c, lang)),
  ]);

  const list = <T extends TodayRow>(l: TodayList<T>, item: (r: T) => TodayItem): TodayListAnswer => ({ total: l.total, items: l.items.map(item) });
  const monthsText = pastMonths.map((m) => formatMonth(lang, m)).join(tr('today.months_joiner'));

  return {
    date,
    visitDueAfterDays: dueAfter,
    tasks: list(tasks, (r) => {
      // A task's title is free text: researchers get none.
      const title = identities ? r.title || tr('today.task_untitled') : '…';
      const late = daysBetween(r.dueDate, date);
      const text =
        late > 1
          ? tr('today.task_overdue', { days: count(late), title })
          : late === 1
            ? tr('today.task_overdue_one', { title })
            : late === 0
              ? tr('today.task_due_today', { title })
              : tr('today.task_due', { date: day(r.dueDate), title });
      return { ...base(r), date: r.dueDate, text, link: familyLink(r.familyId, '#rencana-kasus') };
    }),
    visits: list(visits, (r) => ({
      ...base(r),
      date: r.lastVisit,
      text: r.lastVisit ? tr('today.visit_last', { date: day(r.lastVisit), days: count(daysBetween(r.lastVisit, date)) }) : tr('today.visit_never'),
      link: familyLink(r.familyId, '#kegiatan'),
    })),
    sessions: {
      from: date,
      to: sessionsTo,
      total: sessions.total,
      items: sessions.items.map((s) => {
        const module = modules.modules.find((m) => m.code === s.moduleCode)?.name ?? s.moduleCode;
        const params = { module, session: s.sessionCode, date: day(s.date) };
        return {
          familyId: null,
          groupId: s.groupId,
          name: s.groupName,
          kelurahanCode: s.kelurahanCode,
          kelurahanName: s.kelurahanName,
          date: s.date,
          text: s.date === date ? tr('today.session_today', params) : tr('today.session', params),
          link: `/kelompok/${s.groupId}/pertemuan/${s.sessionId}/catat`,
        };
      }),
    },
    verification: {
      period,
      periodEnd,
      months: pastMonths,
      ...list(verification, (r) => ({
        ...base(r),
        date: periodEnd,
        text: tr(r.members === 1 ? 'today.verification_one' : 'today.verification', { members: count(r.members), months: monthsText, period, date: day(periodEnd) }),
        link: familyLink(r.familyId, '#komitmen'),
      })),
    },
    graduation: graduation
      ? list(graduation, (r) => ({
          ...base(r),
          date: r.stateAt.slice(0, 10),
          // The oldest first (the repository's order): an approval waiting weeks for its exit leads.
          text: tr(`today.graduation.${r.state}`, { type: label(`graduation.type.${r.type}`, r.type), date: day(todayInJakarta(new Date(r.stateAt))) }),
          link: `/keluarga/${r.familyId}/graduasi`,
        }))
      : null,
    followups: list(followups, (r) => {
      const params = { months: count(r.monthsAfter), date: day(r.dueDate) };
      const key = r.dueDate < date ? 'today.followup_overdue' : r.dueDate === date ? 'today.followup_today' : 'today.followup_due';
      return { ...base(r), date: r.dueDate, text: tr(key, params), link: `/keluarga/${r.familyId}/graduasi` };
    }),
    dataUpdates: dataUpdates
      ? list(dataUpdates, (r) => {
          const kind = label(`timeline.data_update_kind.${r.kind}`, r.kind);
          const onDate = todayInJakarta(new Date(r.proposedAt));
          const on = day(onDate);
          return {
            ...base(r),
            date: onDate,
            text: r.proposedBy && identities ? tr('today.data_update', { kind, by: r.proposedBy, date: on }) : tr('today.data_update_anonymous', { kind, date: on }),
            link: '/pemutakhiran',
          };
        })
      : null,
  };
}
