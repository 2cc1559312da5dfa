import { useEffect, useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import { useMe } from '../../data/queries';
import { SYNC_ADMIN_PATHS, seesSyncAdmin } from '../../data/roles';
import { SYNC_OFFLINE_LIMIT_DAYS, type SyncDevice } from '../../data/sync-admin';
import { useSyncDevices } from '../../data/sync-admin-queries';
import { type TFunction, useFormat, useT } from '../../i18n/I18nProvider';
import { describeUserAgent } from '../account/user-agent';
import { changeParams, NotReported, PageNav, SyncAdminTabs } from './parts';
import { isStale, relativeTime, shortDevice } from './time';
import './messages';
import './sync-admin.css';

export const DEVICE_PAGE = 25;

/** Orders of the list (`?urut=`); the first, the oldest sync first, is the default. */
export const DEVICE_SORTS = ['sinkron', 'nama', 'menunggu', 'ditolak', 'konflik', 'versi'] as const;
type DeviceSort = (typeof DEVICE_SORTS)[number];

const SORT_COLUMN: Record<DeviceSort, { column: string; dir: 'ascending' | 'descending' }> = {
  sinkron: { column: 'lastSync', dir: 'ascending' },
  nama: { column: 'name', dir: 'ascending' },
  menunggu: { column: 'waiting', dir: 'descending' },
  ditolak: { column: 'refused', dir: 'descending' },
  konflik: { column: 'conflicts', dir: 'descending' },
  versi: { column: 'version', dir: 'ascending' },
};

const byName = (a: SyncDevice, b: SyncDevice) => a.displayName.localeCompare(b.displayName, 'id') || a.user.localeCompare(b.user) || a.deviceId.localeCompare(b.deviceId);
const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);
/** Larger first, unknown (never reported) last. */
const desc = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);

export function sortDevices(items: SyncDevice[], sort: DeviceSort): SyncDevice[] {
  const compare: Record<DeviceSort, (a: SyncDevice, b: SyncDevice) => number> = {
    // Never synced counts as the oldest.
    sinkron: (a, b) => time(a.lastSyncAt) - time(b.lastSyncAt),
    nama: () => 0,
    menunggu: (a, b) => desc(a.outboxPending, b.outboxPending),
    ditolak: (a, b) => desc(a.outboxRefused, b.outboxRefused) || b.refused - a.refused,
    konflik: (a, b) => b.openConflicts - a.openConflicts,
    // Oldest app first (unknown first): who needs an update.
    versi: (a, b) => (a.appVersion ?? '').localeCompare(b.appVersion ?? '', 'en', { numeric: true }),
  };
  return [...items].sort((a, b) => compare[sort](a, b) || byName(a, b));
}

/**
 * How a device is named in the list: by browser and system when its User-Agent is known ("Chrome, Windows ·
 * 241536a1"), else as a device ("Perangkat 241536a1"): a laptop's browser is no phone. The API may not send the
 * User-Agent (older servers); it is read when present.
 */
export function deviceLabel(tr: TFunction, d: SyncDevice & { userAgent?: string | null }): string {
  const id = shortDevice(d.deviceId);
  const { browser, os } = describeUserAgent(d.userAgent);
  if (browser && os) return tr('web.syncAdmin.deviceBrowserOs', { browser, os, id });
  if (browser || os) return tr('web.syncAdmin.deviceNamed', { name: (browser ?? os)!, id });
  return tr('web.syncAdmin.device', { id });
}

/**
 * `/sinkronisasi/tim`: each pendamping's phones and their sync state (last sync, edits waiting and refused,
 * open conflicts, app version), the oldest sync first; a phone silent for longer than the offline limit
 * stands out. Coordinators see their region's pendamping (and their own phones), admin everyone.
 */
export function SyncTeamPage() {
  const tr = useT();
  usePageTitle(tr('web.syncAdmin.team.title'));
  const me = useMe();
  const allowed = seesSyncAdmin(me.data?.role);
  const devices = useSyncDevices(allowed);
  const [params, setParams] = useSearchParams();
  const sortAsked = params.get('urut') as DeviceSort | null;
  const sort: DeviceSort = sortAsked && DEVICE_SORTS.includes(sortAsked) ? sortAsked : 'sinkron';
  const page = Math.max(1, Math.floor(Number(params.get('halaman')) || 1));
  const update = (changes: Record<string, string | null>) => setParams((prev) => changeParams(prev, changes), { replace: true });
  const sortId = useId();
  const now = Date.now();
  // The deployment's offline limit (TITIAN_OFFLINE_DAYS, in GET /me), else the default.
  const limitDays = me.data?.offlineDays ?? SYNC_OFFLINE_LIMIT_DAYS;

  const items = devices.data ? sortDevices(devices.data.items, sort) : [];
  const pages = Math.max(1, Math.ceil(items.length / DEVICE_PAGE));
  useEffect(() => {
    if (devices.data && page > pages) update({ halaman: null });
    // biome-ignore lint/correctness/useExhaustiveDependencies: only when the answer or the page changes
  }, [devices.data, page, pages]);
  const shown = items.slice((page - 1) * DEVICE_PAGE, page * DEVICE_PAGE);
  const stale = items.filter((d) => isStale(d.lastSyncAt, now, limitDays)).length;

  return (
    <section className="page sync-admin-page sync-team-page">
      <h1>{tr('web.syncAdmin.team.title')}</h1>
      <SyncAdminTabs current="team" />
      <p className="lead">{tr('web.syncAdmin.team.lead', { days: limitDays })}</p>
      {me.isPending ? (
        <Loading />
      ) : !allowed ? (
        <p className="alert alert-info">{tr('web.syncAdmin.forRoles')}</p>
      ) : devices.isPending ? (
        <Loading />
      ) : devices.isError ? (
        <ErrorMessage error={devices.error} onRetry={isRetryable(devices.error) ? () => devices.refetch() : undefined} />
      ) : items.length === 0 ? (
        <p className="muted">{tr('web.syncAdmin.team.empty')}</p>
      ) : (
        <>
          <div className="sync-team-summary">
            <p>{tr(items.length === 1 ? 'web.syncAdmin.team.countOne' : 'web.syncAdmin.team.count', { n: items.length })}</p>
            {stale > 0 ? (
              <p className="alert alert-warn sync-stale-summary">{tr(stale === 1 ? 'web.syncAdmin.team.staleOne' : 'web.syncAdmin.team.stale', { n: stale, days: limitDays })}</p>
            ) : (
              <p className="alert alert-ok">{tr('web.syncAdmin.team.noneStale', { days: limitDays })}</p>
            )}
          </div>
          <div className="sync-team-tools">
            <div className="field">
              <label htmlFor={sortId}>{tr('web.syncAdmin.team.sort')}</label>
              <select id={sortId} name="urut" value={sort} onChange={(e) => update({ urut: e.target.value === 'sinkron' ? null : e.target.value, halaman: null })}>
                {DEVICE_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {tr(`web.syncAdmin.team.sort.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" className="button button-secondary" onClick={() => devices.refetch()} disabled={devices.isFetching}>
              {devices.isFetching ? tr('web.syncAdmin.refreshing') : tr('web.syncAdmin.refresh')}
            </button>
          </div>
          <DeviceTable devices={shown} sort={sort} now={now} limitDays={limitDays} names={displayNames(items)} />
          {devices.data.total > items.length && <p className="hint">{tr('web.syncAdmin.team.capped', { n: items.length, total: devices.data.total })}</p>}
          <PageNav page={Math.min(page, pages)} pages={pages} onChange={(p) => update({ halaman: p > 1 ? String(p) : null })} />
        </>
      )}
    </section>
  );
}

/** Display names of the users listed, by username (a reporter of another's outbox is named as the list names them). */
function displayNames(items: SyncDevice[]): Map<string, string> {
  return new Map(items.filter((d) => d.displayName.trim()).map((d) => [d.user, d.displayName]));
}

/**
 * When the count waiting was reported by another user of the same phone (a shared phone keeps this user's
 * unsent edits while someone else is logged in): who, and that the edits wait on that phone.
 */
function ReportedByOther({ device: d, names, now }: { device: SyncDevice; names: Map<string, string>; now: number }) {
  const tr = useT();
  const fmt = useFormat();
  const when = d.outboxReportedAt ? relativeTime(fmt.locale, d.outboxReportedAt, now) : '–';
  const who = d.outboxReportedBy ? (names.get(d.outboxReportedBy) ?? d.outboxReportedBy) : null;
  return (
    <span className="hint sync-reported-other" data-reporter={d.outboxReportedBy ?? ''}>
      {who ? tr('web.syncAdmin.reportedByOther', { when, user: who }) : tr('web.syncAdmin.reportedByUnknown', { when })}
    </span>
  );
}

/** A table on a desk; on a phone each row is a card (CSS), each cell with its column's name. */
function DeviceTable({ devices, sort, now, limitDays, names }: { devices: SyncDevice[]; sort: DeviceSort; now: number; limitDays: number; names: Map<string, string> }) {
  const tr = useT();
  const fmt = useFormat();
  const sorted = SORT_COLUMN[sort];
  const head = (column: string, key: string, numeric = false) => (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={sorted.column === column ? sorted.dir : undefined}>
      {tr(key)}
    </th>
  );
  const labels = {
    lastSync: tr('web.syncAdmin.col.lastSync'),
    waiting: tr('web.syncAdmin.col.waiting'),
    refused: tr('web.syncAdmin.col.refused'),
    conflicts: tr('web.syncAdmin.col.conflicts'),
    version: tr('web.syncAdmin.col.version'),
  };
  return (
    <div className="sync-table-wrap">
      <table className="sync-device-table">
        <caption className="visually-hidden">{tr('web.syncAdmin.team.caption', { order: tr(`web.syncAdmin.team.sort.${sort}`) })}</caption>
        <thead>
          <tr>
            {head('name', 'web.syncAdmin.col.name')}
            {head('lastSync', 'web.syncAdmin.col.lastSync')}
            {head('waiting', 'web.syncAdmin.col.waiting', true)}
            {head('refused', 'web.syncAdmin.col.refused', true)}
            {head('conflicts', 'web.syncAdmin.col.conflicts', true)}
            {head('version', 'web.syncAdmin.col.version')}
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => {
            const stale = isStale(d.lastSyncAt, now, limitDays);
            return (
              <tr key={`${d.user}:${d.deviceId}`} className={stale ? 'sync-device sync-device-stale' : 'sync-device'} data-user={d.user} data-device={d.deviceId}>
                <th scope="row" className="sync-device-who">
                  <span className="sync-device-name">{d.displayName || d.user}</span>{' '}
                  <span className="hint">
                    {d.user}
                    {d.role !== 'pendamping' && ` · ${tr(`web.role.${d.role}`)}`}
                  </span>{' '}
                  <span className="hint sync-device-label">{deviceLabel(tr, d)}</span>
                </th>
                <td data-label={labels.lastSync} className="sync-device-last">
                  {d.lastSyncAt ? (
                    <>
                      <span className="sync-relative">{relativeTime(fmt.locale, d.lastSyncAt, now)}</span>{' '}
                      <time className="hint" dateTime={d.lastSyncAt}>
                        {fmt.timestamp(d.lastSyncAt)}
                      </time>
                    </>
                  ) : (
                    <span>{tr('web.syncAdmin.never')}</span>
                  )}{' '}
                  {stale && <span className="sync-stale-badge">{tr('web.syncAdmin.staleBadge', { days: limitDays })}</span>}
                </td>
                <td data-label={labels.waiting} className="num">
                  {d.outboxPending === null ? <NotReported /> : <span className={d.outboxPending > 0 ? 'sync-count-warn' : undefined}>{fmt.number(d.outboxPending)}</span>}{' '}
                  {d.outboxReportedByOther ? (
                    <ReportedByOther device={d} names={names} now={now} />
                  ) : (
                    d.outboxReportedAt && <span className="hint">{tr('web.syncAdmin.reported', { when: relativeTime(fmt.locale, d.outboxReportedAt, now) })}</span>
                  )}
                </td>
                <td data-label={labels.refused} className="num">
                  <span className="sync-refused-line">
                    {tr('web.syncAdmin.refusedOnPhone')}{' '}
                    {d.outboxRefused === null ? <NotReported /> : <span className={d.outboxRefused > 0 ? 'sync-count-warn' : undefined}>{fmt.number(d.outboxRefused)}</span>}
                  </span>{' '}
                  <span className="sync-refused-line hint">
                    {tr('web.syncAdmin.refusedByServer', { n: fmt.number(d.refused) })}
                    {d.lastRefusedAt && ` · ${relativeTime(fmt.locale, d.lastRefusedAt, now)}`}
                  </span>
                </td>
                <td data-label={labels.conflicts} className="num">
                  {d.openConflicts > 0 ? (
                    <Link to={SYNC_ADMIN_PATHS.conflicts} className="sync-count-warn">
                      {fmt.number(d.openConflicts)}
                      <span className="visually-hidden"> {tr('web.syncAdmin.openConflictsLink')}</span>
                    </Link>
                  ) : (
                    fmt.number(0)
                  )}
                </td>
                <td data-label={labels.version}>{d.appVersion ? <span className="mono">{d.appVersion}</span> : <NotReported />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
