import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { hasMessage, type Lang } from '../../../shared/i18n';
import { syncMessages } from '../../../shared/i18n/catalog/sync';
import { usePageTitle } from '../../app/ui';
import { useActivityTypes, useMe } from '../../data/queries';
import { NAV_PATHS, SYNC_ADMIN_PATHS, seesSyncAdmin } from '../../data/roles';
import type { P2k2Curriculum } from '../../data/groups';
import { useP2k2Curriculum } from '../../data/groups-queries';
import { labelIn, termIn } from '../activities/labels';
import { moduleName, sessionTitle } from '../groups/labels';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { useSyncEngine, useSyncState } from '../../sync/context';
import type { OutboxItem } from '../../sync/local-store';
import { DEFAULT_OFFLINE_DAYS } from '../../sync/offline-data';
import { OutboxPhotos } from '../photos/WaitingPhotos';
import '../compliance/messages';
import './messages';
import './sync.css';

/** The server's reason, in either language, for a create whose id exists already (a changed visit whose first attempt had arrived). */
const EXISTS = syncMessages['sync.refused.record_exists']!;
const REFUSED_AS_EXISTING = new Set([EXISTS.id, EXISTS.en]);

/** A visit changed on the phone and refused because its first attempt had reached the server after all. */
export function refusedAsSentBefore(i: Pick<OutboxItem, 'amends' | 'status' | 'reason'>): boolean {
  return Boolean(i.amends) && i.status === 'refused' && REFUSED_AS_EXISTING.has(i.reason ?? '');
}

/** A criteria set's name per language, by code (from the sets the phone holds). */
type SetNames = Map<string, Partial<Record<Lang, string>>>;

interface Loaded {
  items: OutboxItem[];
  names: Map<string, string>;
  sets: SetNames;
  records: number;
  authAt: string | null;
  offlineDays: number;
}

/** `/sinkronisasi`: what waits on this phone, what the server refused and why, and the sync state. */
export function OutboxPage() {
  const tr = useT();
  const fmt = useFormat();
  usePageTitle(tr('web.outbox.title'));
  const engine = useSyncEngine();
  const state = useSyncState();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (!engine || !state?.userId) return;
    let live = true;
    void (async () => {
      const store = engine.store;
      const items = await store.outbox(state.userId ?? undefined);
      const names = new Map<string, string>();
      for (const i of items) {
        const fid = i.summary.familyId;
        const gid = i.summary.groupId;
        if (fid && !names.has(fid)) names.set(fid, String((await store.get('family', fid))?.data.headName ?? fid.slice(0, 8)));
        if (gid && !names.has(gid)) names.set(gid, String((await store.get('group', gid))?.data.name ?? gid.slice(0, 8)));
      }
      // The criteria sets' names, for an assessment waiting (the newest revision the phone holds of each code).
      const sets: SetNames = new Map();
      if (items.some((i) => i.entity === 'assessment')) {
        const records = [...(await store.byEntity('criteria_set'))].sort((a, b) => Number(b.data.revision ?? 0) - Number(a.data.revision ?? 0));
        for (const r of records) {
          const def = (r.data.definition ?? {}) as { code?: unknown; name?: unknown };
          const code = typeof def.code === 'string' ? def.code : typeof r.data.code === 'string' ? r.data.code : null;
          const name = def.name && typeof def.name === 'object' ? (def.name as Partial<Record<Lang, unknown>>) : null;
          if (!code || !name || sets.has(code)) continue;
          sets.set(code, { ...(typeof name.id === 'string' && name.id.trim() ? { id: name.id } : {}), ...(typeof name.en === 'string' && name.en.trim() ? { en: name.en } : {}) });
        }
      }
      const loadedNow: Loaded = {
        items,
        names,
        sets,
        records: await store.countRecords(),
        authAt: (await store.getMeta<string>('authAt')) ?? null,
        offlineDays: (await store.getMeta<number>('offlineDays')) ?? DEFAULT_OFFLINE_DAYS,
      };
      if (live) setLoaded(loadedNow);
    })();
    return () => {
      live = false;
    };
  }, [engine, state?.userId, state?.pending, state?.refused, state?.conflicts, state?.syncing]);

  if (!engine || !state?.enabled) return <NoOfflineWork />;

  const pending = loaded?.items.filter((i) => i.status === 'pending') ?? [];
  const problems = loaded?.items.filter((i) => i.status !== 'pending') ?? [];
  const until = loaded?.authAt ? new Date(Date.parse(loaded.authAt) + loaded.offlineDays * 86_400_000).toISOString() : null;

  return (
    <section className="page outbox-page">
      <h1>{tr('web.outbox.title')}</h1>
      <p className="lead">{tr('web.outbox.lead')}</p>

      {state.needsLogin && (
        <div className="card outbox-alert" role="alert">
          <p>{tr('web.outbox.needsLogin')}</p>
          <Link className="button" to="/masuk?next=%2Fsinkronisasi">
            {tr('web.outbox.logIn')}
          </Link>
        </div>
      )}

      <section className="card" aria-labelledby="outbox-state">
        <h2 id="outbox-state">{tr('web.outbox.state')}</h2>
        <dl className="outbox-facts">
          <dt>{tr('web.outbox.connection')}</dt>
          <dd data-testid="outbox-connection">{state.reachable ? tr('web.outbox.reachable') : tr('web.outbox.unreachable')}</dd>
          <dt>{tr('web.outbox.lastSync')}</dt>
          <dd>{state.lastSyncAt ? fmt.timestamp(state.lastSyncAt) : tr('web.outbox.never')}</dd>
          <dt>{tr('web.outbox.onPhone')}</dt>
          <dd>{loaded ? fmt.number(loaded.records) : '…'}</dd>
          {until && (
            <>
              <dt>{tr('web.outbox.offlineLimit')}</dt>
              <dd>{fmt.timestamp(until)}</dd>
            </>
          )}
        </dl>
        <button type="button" className="button" onClick={() => void engine.sync()} disabled={state.syncing || state.needsLogin}>
          {state.syncing ? tr('web.outbox.syncing') : tr('web.outbox.syncNow')}
        </button>
        {state.otherUsersPending > 0 && <p className="hint">{tr('web.outbox.others', { count: state.otherUsersPending })}</p>}
      </section>

      <section className="card" aria-labelledby="outbox-pending">
        <h2 id="outbox-pending">{tr('web.outbox.pendingTitle', { count: pending.length })}</h2>
        {pending.length === 0 ? (
          <p className="muted" data-testid="outbox-empty">
            {tr('web.outbox.pendingNone')}
          </p>
        ) : (
          <ul className="outbox-list" data-testid="outbox-pending">
            {pending.map((i) => (
              <OutboxRow key={i.id} item={i} names={loaded?.names} sets={loaded?.sets} />
            ))}
          </ul>
        )}
      </section>

      <OutboxPhotos />

      {problems.length > 0 && (
        <section className="card" aria-labelledby="outbox-problems">
          <h2 id="outbox-problems">{tr('web.outbox.problemsTitle', { count: problems.length })}</h2>
          <p className="hint">{tr('web.outbox.problemsHint')}</p>
          <ul className="outbox-list" data-testid="outbox-problems">
            {problems.map((i) => (
              <OutboxRow key={i.id} item={i} names={loaded?.names} sets={loaded?.sets}>
                <p className={`outbox-status outbox-${i.status}`}>
                  <strong>{tr(`web.outbox.status.${i.status}`)}</strong>
                  {i.reason ? `: ${i.reason}` : ''}
                </p>
                {refusedAsSentBefore(i) && <p className="hint">{tr('web.outbox.amendedRefused')}</p>}
                <div className="button-row">
                  {i.status === 'refused' && (
                    <button type="button" className="button button-secondary" onClick={() => void engine.retry(i.id)}>
                      {tr('web.outbox.retry')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-ghost"
                    onClick={() => {
                      if (window.confirm(tr('web.outbox.dismissConfirm'))) void engine.dismiss([i.id]);
                    }}
                  >
                    {tr('web.outbox.dismiss')}
                  </button>
                </div>
              </OutboxRow>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/**
 * `/sinkronisasi` for whoever has no outbox here, addressed as who they are: only a pendamping's phone keeps
 * work to send (one without IndexedDB is told it is the browser); coordinators and admin work online and
 * are pointed to their team's phones and the conflict inbox; an auditor and a researcher only read, online.
 */
function NoOfflineWork() {
  const tr = useT();
  const me = useMe();
  const role = me.data?.role;
  const body = () => {
    if (me.isPending) return <p className="muted">…</p>;
    if (seesSyncAdmin(role)) {
      return (
        <>
          <p data-testid="outbox-role">{tr(role === 'admin' ? 'web.outbox.role.admin' : 'web.outbox.role.coordinator')}</p>
          <ul className="outbox-links">
            <li>
              <Link to={SYNC_ADMIN_PATHS.team}>{tr('web.outbox.role.teamLink')}</Link>
            </li>
            <li>
              <Link to={SYNC_ADMIN_PATHS.conflicts}>{tr('web.outbox.role.conflictsLink')}</Link>
            </li>
          </ul>
        </>
      );
    }
    if (role === 'auditor') {
      return (
        <>
          <p data-testid="outbox-role">{tr('web.outbox.role.auditor')}</p>
          <p>
            <Link to={NAV_PATHS.audit}>{tr('web.outbox.role.auditLink')}</Link>
          </p>
        </>
      );
    }
    if (role === 'peneliti') return <p data-testid="outbox-role">{tr('web.outbox.role.peneliti')}</p>;
    return (
      <p className="muted" data-testid="outbox-role">
        {tr(role === 'pendamping' ? 'web.outbox.unavailable' : 'web.outbox.role.none')}
      </p>
    );
  };
  return (
    <section className="page outbox-page">
      <h1>{tr('web.outbox.title')}</h1>
      {body()}
    </section>
  );
}

function OutboxRow({ item, names, sets, children }: { item: OutboxItem; names: Map<string, string> | undefined; sets?: SetNames; children?: React.ReactNode }) {
  const tr = useT();
  const fmt = useFormat();
  const [lang] = useLang();
  const types = useActivityTypes();
  const typeLabel = (code: string) => labelIn(lang, termIn(types.data?.types ?? [], types.data?.retired?.types, code), code.replaceAll('_', ' '));
  // The curriculum is on the phone (reference data, kept for offline work): its module and session names.
  const curriculum = useP2k2Curriculum();
  const fid = item.summary.familyId;
  const gid = item.summary.groupId;
  return (
    <li className="outbox-item">
      <p className="outbox-what">{describe(tr, fmt, item, typeLabel, curriculum.data, (code) => sets?.get(code)?.[lang] ?? sets?.get(code)?.[lang === 'id' ? 'en' : 'id'])}</p>
      <p className="muted">
        {fid && (
          <>
            {tr('web.outbox.family')}: <Link to={`/keluarga/${fid}`}>{names?.get(fid) ?? fid.slice(0, 8)}</Link>
            {' · '}
          </>
        )}
        {gid && (
          <>
            {tr('web.outbox.group')}: <Link to={`/kelompok/${gid}`}>{names?.get(gid) ?? gid.slice(0, 8)}</Link>
            {' · '}
          </>
        )}
        {tr('web.outbox.madeAt', { time: fmt.timestamp(item.createdAt) })}
        {item.attempts > 0 && ` · ${tr('web.outbox.attempts', { count: item.attempts })}`}
      </p>
      {children}
    </li>
  );
}

/** A month `YYYY-MM` in words in the interface's language ("November 2026"); anything else as it is. */
function monthInWords(locale: string, month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return month;
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** A code in words when the catalogue has them, else the code made readable ("keuangan_keluarga" -> "keuangan keluarga"). */
function words(tr: ReturnType<typeof useT>, key: string, code: string): string {
  return hasMessage(key) ? tr(key) : code.replaceAll('_', ' ');
}

/**
 * A sentence for an outbox item, from its summary label (`kind:part:part…`) and, where the label is short of it,
 * its data (a health check's `sub`). Codes are said in words in the interface's language: a P2K2 session by the
 * curriculum's module and session titles (its code, readable, only when the curriculum does not know it or is not
 * on the phone yet), a month as "November 2026", an assessment's criteria set by its name when the phone holds
 * the set (else left out), an entity by its name.
 */
export function describe(
  tr: ReturnType<typeof useT>,
  fmt: Pick<ReturnType<typeof useFormat>, 'date' | 'locale'>,
  item: Pick<OutboxItem, 'entity' | 'summary'> & { data?: Record<string, unknown> },
  typeLabel: (code: string) => string = (code) => code.replaceAll('_', ' '),
  curriculum?: P2k2Curriculum,
  setName?: (code: string) => string | undefined,
): string {
  const [kind, a = '', b = '', c = ''] = item.summary.label.split(':');
  if (kind === 'activity') return tr('web.outbox.kind.activity', { type: typeLabel(a).toLowerCase(), date: fmt.date(b) });
  if (kind === 'p2k2') {
    const known = curriculum?.modules.some((m) => m.code === a);
    const title = sessionTitle(curriculum, a, Number(b));
    return tr('web.outbox.kind.p2k2', { module: known ? moduleName(curriculum, a) : a.replaceAll('_', ' '), session: title ? `${b} (${title})` : b, date: fmt.date(c) });
  }
  if (kind === 'compliance') {
    const sub = typeof item.data?.sub === 'string' && item.data.sub ? item.data.sub : null;
    const params = { kind: words(tr, `web.outbox.complianceKind.${a}`, a), month: monthInWords(fmt.locale, b) };
    return sub ? tr('web.outbox.kind.complianceCheck', { ...params, check: words(tr, `web.compliance.sub.${sub}`, sub) }) : tr('web.outbox.kind.compliance', params);
  }
  if (kind === 'data_update') return tr('web.outbox.kind.dataUpdate', { kind: words(tr, `web.outbox.dataUpdateKind.${a}`, a) });
  if (kind === 'assessment') {
    const name = a ? setName?.(a)?.trim() : undefined;
    return name ? tr('web.outbox.kind.assessment', { set: name, date: fmt.date(b) }) : tr('web.outbox.kind.assessmentNoSet', { date: fmt.date(b) });
  }
  if (kind === 'graduation') return tr('web.outbox.kind.graduation', { state: words(tr, `web.outbox.gradState.${a}`, a) });
  return hasMessage(`web.outbox.entity.${item.entity}`) ? tr('web.outbox.kind.other', { entity: tr(`web.outbox.entity.${item.entity}`) }) : tr('web.outbox.kind.otherUnknown');
}
