import { useId, useState } from 'react';
import { Link } from 'react-router';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading } from '../../app/ui';
import { TIMELINE_KINDS, type TimelineEvent, type TimelineKind } from '../../data/timeline';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { useFamilyTimeline } from './queries';
import './messages';
import './timeline.css';
import { UserName } from '../../data/user-names';

/**
 * A family's timeline (GET /families/{id}/timeline): everything that happened, newest first, ten at a time
 * with "muat lebih banyak", filtered by kind. Titles are the server's sentences in the user's language;
 * researchers get no details or usernames from the server, so none show.
 */
export function TimelineSection({ familyId }: { familyId: string }) {
  const tr = useT();
  const fmt = useFormat();
  const headingId = useId();
  const filterId = useId();
  const [kind, setKind] = useState<TimelineKind | null>(null);
  const timeline = useFamilyTimeline(familyId, kind);
  const events = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const total = timeline.data?.pages.at(-1)?.total ?? 0;
  return (
    <section className="section timeline" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.timeline.title')}</h2>
      <p className="hint">{tr('web.timeline.lead')}</p>
      <div className="timeline-filter">
        <label htmlFor={filterId}>{tr('web.timeline.filter')}</label>
        <select id={filterId} name="kind" value={kind ?? ''} onChange={(e) => setKind((e.target.value || null) as TimelineKind | null)}>
          <option value="">{tr('web.timeline.all')}</option>
          {TIMELINE_KINDS.map((k) => (
            <option key={k} value={k}>
              {tr(`web.timeline.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {timeline.isPending ? (
        <Loading />
      ) : timeline.isError && events.length === 0 ? (
        <ErrorMessage error={timeline.error} onRetry={isRetryable(timeline.error) ? () => timeline.refetch() : undefined} />
      ) : events.length === 0 ? (
        <p className="muted">{tr(kind ? 'web.timeline.emptyKind' : 'web.timeline.empty')}</p>
      ) : (
        <>
          <ol className="timeline-list" aria-busy={timeline.isFetching}>
            {events.map((e) => (
              <EventItem key={e.id} event={e} />
            ))}
          </ol>
          <p className="hint" role="status">
            {tr('web.timeline.count', { shown: fmt.number(events.length), total: fmt.number(total) })}
          </p>
          {timeline.isFetchNextPageError && <ErrorMessage error={timeline.error} onRetry={() => timeline.fetchNextPage()} />}
          {timeline.hasNextPage && (
            <p>
              <button type="button" className="button button-secondary button-block" disabled={timeline.isFetchingNextPage} onClick={() => timeline.fetchNextPage()}>
                {timeline.isFetchingNextPage ? tr('web.timeline.loadingMore') : tr('web.timeline.more')}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** "oleh {who}" with the person's display name (the username as its tooltip) where {who} is. */
function ByLine({ username }: { username: string }) {
  const tr = useT();
  const mark = '\u0000';
  const [before = '', after = ''] = tr('web.timeline.by', { who: mark }).split(mark);
  return (
    <span className="hint">
      {before}
      <UserName username={username} />
      {after}
    </span>
  );
}

function EventItem({ event: e }: { event: TimelineEvent }) {
  const tr = useT();
  const fmt = useFormat();
  return (
    <li className="timeline-event" data-kind={e.kind} data-event-id={e.id}>
      <p className="timeline-meta">
        <time dateTime={e.at}>{fmt.date(e.at)}</time>
        <span className="badge badge-muted">{tr(`web.timeline.badge.${e.kind}`)}</span>
        {e.by && <ByLine username={e.by} />}
      </p>
      <p className="timeline-title">
        <strong>{e.title}</strong>
        {e.link && (
          <>
            {' '}
            <Link to={e.link} aria-label={`${tr('web.timeline.open')}: ${e.title}`}>
              {tr('web.timeline.open')}
            </Link>
          </>
        )}
      </p>
      {e.detail && <p className="timeline-detail muted">{e.detail}</p>}
    </li>
  );
}
