import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { todayInJakarta } from '../../../domain/dates';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading } from '../../app/ui';
import type { CaseGoal, CaseTask, GoalInput, GoalStatus } from '../../data/casework';
import { useCasePlan, useChangeCasePlan } from '../../data/casework-queries';
import { useMe } from '../../data/queries';
import { canRecordActivities } from '../../data/roles';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import './messages';
import { Field, FieldError } from './parts';
import { IdentifierHint } from '../free-text/IdentifierHint';

const GOAL_STATUSES: GoalStatus[] = ['open', 'achieved', 'dropped'];
const GOAL_BADGE: Record<GoalStatus, string> = { open: 'badge badge-info', achieved: 'badge badge-ok', dropped: 'badge badge-muted' };

/** The family page's "Rencana pendampingan": goals with their tasks (overdue ones marked). */
export function CasePlanSection({ familyId }: { familyId: string }) {
  const tr = useT();
  const headingId = useId();
  const me = useMe();
  const canWrite = canRecordActivities(me.data?.role);
  const plan = useCasePlan(familyId);
  return (
    <section className="section case-plan" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.casePlan.title')}</h2>
      {plan.isPending ? (
        <Loading />
      ) : plan.isError ? (
        <ErrorMessage error={plan.error} onRetry={isRetryable(plan.error) ? () => plan.refetch() : undefined} />
      ) : (
        <>
          {plan.data.goals.length === 0 ? (
            <p className="muted">{tr('web.casePlan.empty')}</p>
          ) : (
            <ol className="casework-list">
              {plan.data.goals.map((g) => (
                <GoalItem key={g.id} familyId={familyId} goal={g} canWrite={canWrite} />
              ))}
            </ol>
          )}
          {canWrite && <GoalForm familyId={familyId} />}
        </>
      )}
    </section>
  );
}

function GoalItem({ familyId, goal: g, canWrite }: { familyId: string; goal: CaseGoal; canWrite: boolean }) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const statusId = useId();
  const change = useChangeCasePlan(familyId);
  return (
    <li className="casework-item card goal" data-status={g.status}>
      <div className="casework-item-head">
        <h3>{g.title ?? tr('web.casePlan.wordsHidden')}</h3>
        <span className={GOAL_BADGE[g.status] ?? 'badge'}>{tr(`web.casePlan.status.${g.status}`)}</span>
      </div>
      {g.description && <p>{g.description}</p>}
      {g.targetDate &&
        (g.status === 'open' && g.targetDate < todayInJakarta(new Date()) ? (
          // An open goal past its target: said so, not shown like one still in time.
          <p className="hint">
            <span className="badge badge-warn goal-overdue">{tr('web.casePlan.targetPassed', { date: fmt.date(g.targetDate) })}</span>
          </p>
        ) : (
          <p className="hint">{tr('web.casePlan.target', { date: fmt.date(g.targetDate) })}</p>
        ))}
      {g.tasks.length === 0 ? (
        <p className="muted">{tr('web.casePlan.noTasks')}</p>
      ) : (
        <ul className="task-list" aria-label={tr('web.casePlan.tasks')}>
          {g.tasks.map((t) => (
            <TaskItem key={t.id} task={t} goalOpen={g.status === 'open'} canWrite={canWrite} busy={change.isPending} onToggle={(done) => change.mutate({ op: 'changeTask', taskId: t.id, patch: { done } })} />
          ))}
        </ul>
      )}
      {canWrite && (
        <>
          <div className="field field-inline">
            <label htmlFor={statusId}>{tr('web.casePlan.goalStatus')}</label>
            <select id={statusId} name="goalStatus" value={g.status} disabled={change.isPending} onChange={(e) => change.mutate({ op: 'changeGoal', goalId: g.id, patch: { status: e.target.value as GoalStatus } })}>
              {GOAL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {tr(`web.casePlan.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          {change.isError && (
            <div className="alert alert-error" role="alert">
              <p>{errorText(tr, lang, change.error)}</p>
            </div>
          )}
          {g.status === 'open' && <TaskForm familyId={familyId} goalId={g.id} />}
        </>
      )}
    </li>
  );
}

function TaskItem({ task: t, goalOpen, canWrite, busy, onToggle }: { task: CaseTask; goalOpen: boolean; canWrite: boolean; busy: boolean; onToggle: (done: boolean) => void }) {
  const tr = useT();
  const fmt = useFormat();
  const done = !!t.doneAt;
  // A goal achieved or dropped has no late tasks: what is left of it is no longer asked for.
  const overdue = t.overdue && goalOpen;
  const due = t.dueDate && (
    <span className="task-due">
      {tr('web.casePlan.due', { date: fmt.date(t.dueDate) })}
      {overdue && (
        <>
          {' '}
          <span className="badge badge-overdue">{tr('web.casePlan.overdue')}</span>
        </>
      )}
    </span>
  );
  return (
    <li className={`task${done ? ' done' : ''}${overdue ? ' overdue' : ''}`} data-task={t.id}>
      {canWrite ? (
        <label className="check">
          <input type="checkbox" name="done" checked={done} disabled={busy} onChange={(e) => onToggle(e.target.checked)} />
          <span className="task-title">{t.title ?? tr('web.casePlan.wordsHidden')}</span>
        </label>
      ) : (
        <span className="task-title">
          {done && <span aria-label={tr('web.casePlan.done')}>✓ </span>}
          {t.title ?? tr('web.casePlan.wordsHidden')}
        </span>
      )}
      {due}
    </li>
  );
}

function TaskForm({ familyId, goalId }: { familyId: string; goalId: string }) {
  const tr = useT();
  const [lang] = useLang();
  const uid = useId();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [missing, setMissing] = useState(false);
  const change = useChangeCasePlan(familyId);
  const fields = isApiError(change.error) ? change.error.fields : {};
  // Closed (saved or cancelled): the focus goes back to "Tambah langkah".
  const addButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !open) addButton.current?.focus();
    wasOpen.current = open;
  }, [open]);
  if (!open) {
    return (
      <p>
        <button ref={addButton} type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {tr('web.casePlan.addTask')}
        </button>
      </p>
    );
  }
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    change.mutate(
      { op: 'addTask', goalId, input: { title: title.trim(), ...(dueDate ? { dueDate } : {}) } },
      {
        onSuccess: () => {
          setTitle('');
          setDueDate('');
          setOpen(false);
        },
      },
    );
  }
  const titleError = missing ? tr('web.dataUpdate.required') : fields.title;
  return (
    <form className="form task-form" onSubmit={onSubmit} noValidate>
      <Field id={`${uid}-t`} label={tr('web.casePlan.taskTitle')} error={titleError}>
        {/* biome-ignore lint/a11y/noAutofocus: the form opens on the user's click; typing starts here */}
        <input id={`${uid}-t`} name="taskTitle" autoFocus value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} aria-invalid={!!titleError || undefined} />
        <IdentifierHint text={title} />
      </Field>
      <Field id={`${uid}-d`} label={tr('web.casePlan.dueDate')} error={fields.dueDate}>
        <input id={`${uid}-d`} name="taskDue" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} aria-invalid={!!fields.dueDate || undefined} />
      </Field>
      {change.isError && !fields.title && !fields.dueDate && (
        <div className="alert alert-error" role="alert">
          <p>{errorText(tr, lang, change.error)}</p>
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={change.isPending}>
          {change.isPending ? tr('web.casePlan.saving') : tr('web.casePlan.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          {tr('web.casework.cancel')}
        </button>
      </div>
    </form>
  );
}

function GoalForm({ familyId }: { familyId: string }) {
  const tr = useT();
  const [lang] = useLang();
  const uid = useId();
  const id = (n: string) => `${uid}-${n}`;
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [targetDate, setTargetDate] = useState('');
  const [tasks, setTasks] = useState<Array<{ title: string; dueDate: string }>>([{ title: '', dueDate: '' }]);
  const [missing, setMissing] = useState(false);
  const [saved, setSaved] = useState(false);
  const change = useChangeCasePlan(familyId);
  const fields = isApiError(change.error) ? change.error.fields : {};
  // Focus follows the work: into a new task row when one is added; back to "Tambah tujuan" when the form
  // closes (saved or cancelled), so a keyboard user is never left on the page's body.
  const addButton = useRef<HTMLButtonElement>(null);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !open) addButton.current?.focus();
    wasOpen.current = open;
  }, [open]);
  useEffect(() => {
    if (focusRow === null) return;
    document.getElementById(id(`task${focusRow}`))?.focus();
    setFocusRow(null);
  }, [focusRow]);
  if (!open) {
    return (
      <>
        {saved && (
          <p className="alert alert-ok" role="status">
            {tr('web.casePlan.saved')}
          </p>
        )}
        <p>
          <button ref={addButton} type="button" className="button" onClick={() => setOpen(true)}>
            {tr('web.casePlan.addGoal')}
          </button>
        </p>
      </>
    );
  }
  // Task rows left empty are not sent; their index in the request is their index among the filled ones.
  const filled = tasks.map((t, i) => ({ ...t, row: i })).filter((t) => t.title.trim());
  const taskError = (row: number, key: 'title' | 'dueDate') => {
    const at = filled.findIndex((t) => t.row === row);
    return at < 0 ? undefined : fields[`tasks.${at}.${key}`];
  };
  const placed = new Set(['title', 'description', 'targetDate', ...filled.flatMap((_, i) => [`tasks.${i}.title`, `tasks.${i}.dueDate`])]);
  const other = Object.entries(fields).filter(([k]) => !placed.has(k));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (!title.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const input: GoalInput = { title: title.trim() };
    if (description.trim()) input.description = description.trim();
    if (targetDate) input.targetDate = targetDate;
    if (filled.length) input.tasks = filled.map((t) => ({ title: t.title.trim(), ...(t.dueDate ? { dueDate: t.dueDate } : {}) }));
    change.mutate(
      { op: 'addGoal', input },
      {
        onSuccess: () => {
          setTitle('');
          setDescription('');
          setTargetDate('');
          setTasks([{ title: '', dueDate: '' }]);
          setOpen(false);
          setSaved(true);
        },
      },
    );
  }
  const titleError = missing ? tr('web.dataUpdate.required') : fields.title;
  return (
    <form className="form card casework-form goal-form" onSubmit={onSubmit} noValidate aria-labelledby={id('h')}>
      <h3 id={id('h')}>{tr('web.casePlan.addGoal')}</h3>
      <Field id={id('title')} label={tr('web.casePlan.goalTitle')} error={titleError}>
        {/* biome-ignore lint/a11y/noAutofocus: the form opens on the user's click; typing starts here */}
        <input id={id('title')} name="goalTitle" autoFocus value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} aria-invalid={!!titleError || undefined} />
        <IdentifierHint text={title} />
      </Field>
      <Field id={id('desc')} label={tr('web.casePlan.description')} error={fields.description}>
        <textarea id={id('desc')} name="description" rows={2} maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} />
        <IdentifierHint text={description} />
      </Field>
      <Field id={id('target')} label={tr('web.casePlan.targetDate')} error={fields.targetDate}>
        <input id={id('target')} name="targetDate" type="date" value={targetDate} onChange={(e) => setTargetDate(e.target.value)} aria-invalid={!!fields.targetDate || undefined} />
        {/* Allowed (a goal written down afterwards), but rarely meant: said before saving. */}
        {targetDate && targetDate < todayInJakarta(new Date()) && <p className="hint hint-warn">{tr('web.casePlan.targetInPast')}</p>}
      </Field>
      <fieldset className="checks">
        <legend>{tr('web.casePlan.tasks')}</legend>
        {tasks.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
          <div key={i} className="task-row">
            <Field id={id(`task${i}`)} label={tr('web.casePlan.taskN', { n: i + 1 })} error={taskError(i, 'title')}>
              <input id={id(`task${i}`)} name={`task${i}`} value={t.title} maxLength={300} onChange={(e) => setTasks((l) => l.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))} />
              <IdentifierHint text={t.title} />
            </Field>
            <Field id={id(`due${i}`)} label={tr('web.casePlan.dueDate')} error={taskError(i, 'dueDate')}>
              <input id={id(`due${i}`)} name={`due${i}`} type="date" value={t.dueDate} onChange={(e) => setTasks((l) => l.map((x, j) => (j === i ? { ...x, dueDate: e.target.value } : x)))} />
            </Field>
            {tasks.length > 1 && (
              <button
                type="button"
                className="button button-ghost"
                onClick={() => {
                  setFocusRow(Math.max(0, i - 1));
                  setTasks((l) => l.filter((_, j) => j !== i));
                }}
              >
                {tr('web.casePlan.removeTaskRow', { n: i + 1 })}
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setFocusRow(tasks.length);
            setTasks((l) => [...l, { title: '', dueDate: '' }]);
          }}
          disabled={tasks.length >= 50}
        >
          {tr('web.casePlan.addTaskRow')}
        </button>
      </fieldset>
      {change.isError && (
        <div className="alert alert-error" role="alert">
          <p>{Object.keys(fields).length > 0 ? tr('web.dataUpdate.fixErrors') : errorText(tr, lang, change.error)}</p>
          {other.map(([k, v]) => (
            <FieldError key={k} text={`${k}: ${v}`} />
          ))}
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={change.isPending}>
          {change.isPending ? tr('web.casePlan.saving') : tr('web.casePlan.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          {tr('web.casework.cancel')}
        </button>
      </div>
    </form>
  );
}
