import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import type { TodayList, TodayView } from '../../data/today';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { useToday } from './queries';
import './messages';
import './today.css';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface CardSpec {
  key: 'tasks' | 'visits' | 'sessions' | 'verification' | 'graduation' | 'followups' | 'dataUpdates';
  list: TodayList;
  hint: string;
  /** A page with the whole list, when there is one. */
  seeAll?: string;
  /** Shown instead of "none" when the list is empty. */
  emptyText?: string;
}

function cardsOf(v: TodayView, tr: ReturnType<typeof useT>, date: (d: string) => string): CardSpec[] {
  const cards: CardSpec[] = [];
  // Coordinators decide first: their queue leads.
  if (v.dataUpdates) cards.push({ key: 'dataUpdates', list: v.dataUpdates, hint: tr('web.today.card.dataUpdatesHint'), seeAll: '/pemutakhiran' });
  if (v.graduation) cards.push({ key: 'graduation', list: v.graduation, hint: tr('web.today.card.graduationHint'), seeAll: '/graduasi' });
  cards.push(
    { key: 'tasks', list: v.tasks, hint: tr('web.today.card.tasksHint') },
    { key: 'visits', list: v.visits, hint: tr('web.today.card.visitsHint', { days: v.visitDueAfterDays }), seeAll: '/keluarga?status=aktif' },
    { key: 'sessions', list: v.sessions, hint: tr('web.today.card.sessionsHint', { from: date(v.sessions.from), to: date(v.sessions.to) }), seeAll: '/kelompok' },
    {
      key: 'verification',
      list: v.verification,
      hint: tr('web.today.card.verificationHint', { period: v.verification.period, date: date(v.verification.periodEnd) }),
      seeAll: '/verifikasi',
      emptyText: v.verification.months.length === 0 ? tr('web.today.card.verificationNone') : undefined,
    },
    { key: 'followups', list: v.followups, hint: tr('web.today.card.followupsHint'), seeAll: '/graduasi' },
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
  const headingId = useId();

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
  const cards = cardsOf(v, tr, fmt.date);
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
          {card.seeAll && (
            <Link to={card.seeAll} className="today-see-all">
              {tr('web.today.seeAll')}
              <span className="visually-hidden">: {tr(`web.today.card.${card.key}`)}</span>
            </Link>
          )}
        </p>
      )}
    </section>
  );
}
