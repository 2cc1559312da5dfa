import { useId } from 'react';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading } from '../../app/ui';
import { useFamilyP2k2 } from '../../data/groups-queries';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { percent } from './labels';
import './groups.css';
import './messages';

/**
 * A family's progress through the P2K2 modules and its attendance (GET /families/{id}/p2k2): how many of
 * the curriculum's sessions it attended, the rate and counts, and each module's sessions done.
 */
export function P2k2ProgressSection({ familyId }: { familyId: string }) {
  const tr = useT();
  const [lang] = useLang();
  const fmt = useFormat();
  const headingId = useId();
  const progress = useFamilyP2k2(familyId);
  return (
    <section className="section p2k2-progress" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.p2k2.title')}</h2>
      {progress.isPending ? (
        <Loading />
      ) : progress.isError ? (
        <ErrorMessage error={progress.error} onRetry={isRetryable(progress.error) ? () => progress.refetch() : undefined} />
      ) : (
        (() => {
          const p = progress.data;
          const onRoster = p.present + p.excused + p.absent;
          return (
            <div className="card">
              <p className="p2k2-summary">
                <strong>{tr('web.p2k2.completed', { done: fmt.number(p.completedSessions), total: fmt.number(p.totalSessions) })}</strong>
              </p>
              {onRoster === 0 ? (
                <p className="muted">{tr('web.p2k2.empty')}</p>
              ) : (
                <p className="hint">
                  {p.attendanceRate !== null && `${tr('web.p2k2.rate', { rate: percent(lang, p.attendanceRate) })} · `}
                  {tr('web.p2k2.counts', { hadir: p.present, izin: p.excused, absent: p.absent })}
                </p>
              )}
              <ul className="module-progress">
                {p.modules.map((m) => (
                  <li key={m.module} data-module={m.module} className={m.done ? 'done' : undefined}>
                    <div className="module-head">
                      <span className="module-name">{m.name}</span>
                      <span className="module-count">{m.done ? tr('web.p2k2.moduleDone') : tr('web.p2k2.moduleProgress', { done: m.completed.length, total: m.sessions })}</span>
                    </div>
                    <progress max={m.sessions} value={m.completed.length} aria-label={`${m.name}: ${tr('web.p2k2.moduleProgress', { done: m.completed.length, total: m.sessions })}`} />
                    <ol className="session-dots" aria-label={m.name}>
                      {Array.from({ length: m.sessions }, (_, i) => {
                        const done = m.completed.includes(i + 1);
                        return (
                          <li key={i} className={done ? 'dot dot-done' : 'dot'} title={`${i + 1}: ${done ? tr('web.p2k2.sessionDone') : tr('web.p2k2.sessionOpen')}`}>
                            <span aria-hidden="true">{i + 1}</span>
                            <span className="visually-hidden">
                              {tr('web.groups.sessionNumber', { n: i + 1 })}: {done ? tr('web.p2k2.sessionDone') : tr('web.p2k2.sessionOpen')}
                            </span>
                          </li>
                        );
                      })}
                    </ol>
                  </li>
                ))}
              </ul>
            </div>
          );
        })()
      )}
    </section>
  );
}
