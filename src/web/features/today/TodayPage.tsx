import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import { useMe } from '../../data/queries';
import type { TodayList, TodayView } from '../../data/today';
import type { Role } from '../../data/types';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { useToday } from './queries';
import './messages';
import './today.css';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface CardSpec {
  key: 'tasks' | 'visits' | 'sessions' | 'verification' | 'graduation' | 'followups' | 'dataUpdates';
  list: TodayList;
  hint: string;
  /**
   * Where the card leads: the page listing exactly what it counted ("Lihat semua"), or, where the app has no such
   * list, the nearest page, named for what it is (`label`, a message key) so the link never promises more.
   */
  seeAll?: { to: string; label?: string };
  /** Shown instead of "none" when the list is empty. */
  emptyText?: string;
}

/**
 * Roles whose graduation card counts the cases proposed to them and the approved ones waiting for their exit (the
 * server's today view: the moves the workflow gives them): the same cases as the approval tab of /graduasi
 * (`?bagian=persetujuan`, its two lists, offered to these roles, see graduation/labels COORDINATOR_ROLES).
 */
const APPROVING_ROLES: readonly Role[] = ['koordinator_kecamatan', 'koordinator_kota', 'admin'];

function cardsOf(v: TodayView, tr: ReturnType<typeof useT>, fmt: ReturnType<typeof useFormat>, role: Role | undefined): CardSpec[] {
  const cards: CardSpec[] = [];
  const date = fmt.date;
  // Coordinators decide first: their queue leads (the queue's own list of the proposals waiting for a decision).
  if (v.dataUpdates) cards.push({ key: 'dataUpdates', list: v.dataUpdates, hint: tr('web.today.card.dataUpdatesHint'), seeAll: { to: '/pemutakhiran?status=proposed' } });
  if (v.graduation) {
    // A coordinator's count is the approval tab (proposals, approvals waiting for the exit); a pendamping's (candidates, assessed, signed, rejected) has no
    // list of its own: the link opens the candidates' list and says so.
    const approving = !!role && APPROVING_ROLES.includes(role);
    const seeAll = approving ? { to: '/graduasi?bagian=persetujuan' } : { to: '/graduasi', label: 'web.today.open.graduation' };
    cards.push({ key: 'graduation', list: v.graduation, hint: tr('web.today.card.graduationHint'), seeAll });
  }
  cards.push(
    { key: 'tasks', list: v.tasks, hint: tr('web.today.card.tasksHint') },
    // No list of the families due a visit exists: the link opens the active families and says so.
    {
      key: 'visits',
      list: v.visits,
      hint: tr('web.today.card.visitsHint', { days: fmt.number(v.visitDueAfterDays) }),
      seeAll: { to: '/keluarga?status=aktif', label: 'web.today.open.visits' },
    },
    {
      key: 'sessions',
      list: v.sessions,
      hint: tr('web.today.card.sessionsHint', { from: date(v.sessions.from), to: date(v.sessions.to) }),
      seeAll: { to: '/kelompok', label: 'web.today.open.sessions' },
    },
    {
      key: 'verification',
      list: v.verification,
      hint: tr('web.today.card.verificationHint', { period: v.verification.period, date: date(v.verification.periodEnd) }),
      seeAll: { to: '/verifikasi', label: 'web.today.open.verification' },
      emptyText: v.verification.months.length === 0 ? tr('web.today.card.verificationNone') : undefined,
    },
    // Follow-up visits belong to graduated families being monitored: their list, named as such.
    { key: 'followups', list: v.followups, hint: tr('web.today.card.followupsHint'), seeAll: { to: '/keluarga?graduation=monitoring', label: 'web.today.open.followups' } },
  );
  return cards;
}

/**
 * `/hari-ini`: what is waiting today in the user's scope, one card per list with its count and first
 * items, each a link to where the work is done. `?tanggal=YYYY-MM-DD` looks at another day.
 */
export function TodayPage() {
  const tr = useT();
  const fmt = useFormat();
  usePageTitle(tr('web.today.title'));
  const [params] = useSearchParams();
  const asked = params.get('tanggal');
  const date = asked && DATE.test(asked) ? asked : null;
  const today = useToday(date);
  const role = useMe().data?.role;
  const headingId = useId();

  // The day's work is the pendamping's and the coordinators'; a reading role has none to do here.
  if (role === 'auditor' || role === 'peneliti') {
    return (
      <section className="page" aria-labelledby={headingId}>
        <h1 id={headingId}>{tr('web.today.title')}</h1>
        <p>{tr('web.today.readOnly')}</p>
        <p>
          <Link to="/dasbor">{tr('web.today.toDashboard')}</Link>
        </p>
      </section>
    );
  }
  if (today.isPending) {
    return (
      <section className="page" aria-labelledby={headingId}>
        <h1 id={headingId}>{tr('web.today.title')}</h1>
        <Loading />
      </section>
    );
  }
  if (today.isError) {
    return (
      <section className="page" aria-labelledby={headingId}>
        <h1 id={headingId}>{tr('web.today.title')}</h1>
        <ErrorMessage error={today.error} onRetry={isRetryable(today.error) ? () => today.refetch() : undefined} />
        <p>
          <Link to="/keluarga">{tr('web.today.openCaseload')}</Link>
        </p>
      </section>
    );
  }
  const v = today.data;
  const cards = cardsOf(v, tr, fmt, role);
  const waiting = cards.reduce((n, c) => n + c.list.total, 0);
  return (
    <section className="page today" aria-labelledby={headingId} aria-busy={today.isFetching}>
      <h1 id={headingId}>{tr('web.today.title')}</h1>
      <p className="lead">{tr('web.today.lead', { date: fmt.date(v.date) })}</p>
      {waiting === 0 ? (
        <div className="card today-clear" role="status">
          <p className="today-clear-title">
            <span aria-hidden="true">☀ </span>
            {tr('web.today.clear')}
          </p>
          <p className="hint">{tr('web.today.clearHint')}</p>
          <Link className="button" to="/keluarga">
            {tr('web.today.openCaseload')}
          </Link>
        </div>
      ) : (
        <>
          <nav className="today-summary" aria-label={tr('web.today.summary')}>
            <ul>
              {cards
                .filter((c) => c.list.total > 0)
                .map((c) => (
                  <li key={c.key}>
                    <a href={`#hari-ini-${c.key}`}>
                      <strong>{fmt.number(c.list.total)}</strong> <span>{tr(`web.today.card.${c.key}`)}</span>
                    </a>
                  </li>
                ))}
            </ul>
          </nav>
          <div className="today-cards">
            {cards.map((c) => (
              <TodayCard key={c.key} card={c} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function TodayCard({ card }: { card: CardSpec }) {
  const tr = useT();
  const fmt = useFormat();
  const headingId = useId();
  const { list } = card;
  const rest = list.total - list.items.length;
  return (
    <section id={`hari-ini-${card.key}`} className={list.total > 0 ? 'card today-card' : 'card today-card is-empty'} aria-labelledby={headingId} data-card={card.key}>
      <header className="today-card-head">
        <h2 id={headingId}>
          {tr(`web.today.card.${card.key}`)} <span className={list.total > 0 ? 'today-count badge badge-warn' : 'today-count badge badge-muted'}>{fmt.number(list.total)}</span>
        </h2>
        <p className="hint">{card.hint}</p>
      </header>
      {list.items.length === 0 ? (
        <p className="muted">{card.emptyText ?? tr('web.today.nothing')}</p>
      ) : (
        <ul className="today-items">
          {list.items.map((i) => (
            <li key={`${i.familyId ?? i.groupId}-${i.link}-${i.date ?? ''}`}>
              <Link to={i.link} className="today-item">
                <span className="today-item-name">{i.name}</span>
                <span className="today-item-text">{i.text}</span>
                {i.kelurahanName && <span className="today-item-meta">{i.kelurahanName}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {(rest > 0 || (card.seeAll && list.total > 0)) && (
        <p className="today-card-foot">
          {rest > 0 && <span className="muted">{tr('web.today.more', { n: fmt.number(rest) })}</span>}
          {card.seeAll &&
            (card.seeAll.label ? (
              <Link to={card.seeAll.to} className="today-see-all">
                {tr(card.seeAll.label)}
              </Link>
            ) : (
              <Link to={card.seeAll.to} className="today-see-all">
                {tr('web.today.seeAll')}
                <span className="visually-hidden">: {tr(`web.today.card.${card.key}`)}</span>
              </Link>
            ))}
        </p>
      )}
    </section>
  );
}
