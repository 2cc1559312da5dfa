import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { COMPONENT_CODES, FAMILY_STATUSES } from '../../../domain/types';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, Loading, NoValue, usePageTitle } from '../../app/ui';
import { useAllGroups } from '../../data/groups-queries';
import { useFamilies, useMe, useRegions } from '../../data/queries';
import { canRecordActivities, seesIdentities } from '../../data/roles';
import type { FamilyListParams, FamilyStatus } from '../../data/types';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { isKelurahanCode, isRegionCode, KELURAHAN_DEPTH, RegionFilter, regionDepth, regionPrefix, regionWithin } from './RegionFilter';
import { componentLabel } from './labels';
import { StatusBadge } from './StatusBadge';
import './messages';
import './messages-create';
import './families.css';
import { UserName } from '../../data/user-names';

export const PAGE_SIZE = 25;
export const SEARCH_DEBOUNCE_MS = 350;
/** The server's limit on a search (`q`, src/shared/schemas/common.ts). */
export const SEARCH_MAX = 100;
/** The server's largest offset: a page beyond it would only be refused. */
const MAX_OFFSET = 1_000_000_000;
const MAX_PAGE = Math.floor(MAX_OFFSET / PAGE_SIZE) + 1;
/** How much of a search its chip shows (the rest behind an ellipsis; the whole of it as the chip's title). */
export const CHIP_TEXT_MAX = 40;

/**
 * What a search sends: trimmed; a No. KK or NIK typed in blocks ("3276 0224 0521 0132") without its spaces,
 * so that it is found like the number it is.
 */
export function searchQuery(q: string): string | undefined {
  const trimmed = q.trim();
  if (!trimmed) return undefined;
  const compact = trimmed.replace(/\s+/g, '');
  return /^\d+$/.test(compact) ? compact : trimmed;
}

/** A chip's text cut to `max` characters with an ellipsis. */
export function clip(text: string, max = CHIP_TEXT_MAX): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : text;
}

function isStatus(v: string | null): v is FamilyStatus {
  return v !== null && (FAMILY_STATUSES as readonly string[]).includes(v);
}

/** The list state kept in the query string (a list can be bookmarked and survives reload). */
const LIST_KEYS = ['q', 'kelurahan', 'wilayah', 'region', 'status', 'group', 'component', 'readiness', 'compliance', 'graduation', 'page'] as const;

export const READINESS_VALUES = ['ready', 'not_ready', 'none'] as const;
export const COMPLIANCE_VALUES = ['compliant', 'non_compliant', 'no_obligation'] as const;
export const GRADUATION_VALUES = ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'rejected', 'exited', 'monitoring', 'closed', 'reentered'] as const;
/** A kelompok id (a UUID from the API); anything else in the URL is ignored. */
const GROUP_ID = /^[A-Za-z0-9-]{1,64}$/;

/** A URL value kept only when it is one of `allowed` (an old or mistyped bookmark is ignored, never sent). */
function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/**
 * `/keluarga`: the caseload. The query string holds the whole list state: `q`, `kelurahan` (a kelurahan
 * chosen), `wilayah` (a region above kelurahan: a kota coordinator's kecamatan, say; `region` is read
 * as a synonym), `status` and `page`. A kelurahan goes to the API as `kelurahan`, a wider region as
 * `region`. Roles that do not see identities (peneliti) get no search box: the API refuses it.
 */
export function FamilyListPage() {
  const tr = useT();
  const fmt = useFormat();
  usePageTitle(tr('web.families.title'));
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const user = me.data;
  const identities = seesIdentities(user?.role);

  // A researcher's bookmark may carry a q from another role: never sent (the API answers 403).
  const q = identities ? (params.get('q') ?? '') : '';
  const kelurahanParam = params.get('kelurahan');
  const wilayahParam = params.get('wilayah') ?? params.get('region');
  const chosen = isKelurahanCode(kelurahanParam) ? kelurahanParam : isRegionCode(wilayahParam) ? wilayahParam : '';
  // A region outside the user's own (an old bookmark) would only ever list nothing: ignored.
  const inScope = chosen && regionWithin(user?.regionCode ?? null, chosen) ? chosen : '';
  // The chosen region's siblings, as the region select lists them (the same query, shared): its name for the chip,
  // and whether the code is one at all (a well-formed code that names no region is ignored too).
  const scopeCode = user?.regionCode ?? null;
  const regionParent = inScope && inScope !== scopeCode && regionDepth(inScope) > 1 ? regionPrefix(inScope, regionDepth(inScope) - 1) : null;
  const siblings = useRegions(regionParent, !!regionParent);
  const unknownCode = !!regionParent && siblings.isSuccess && !siblings.data.some((r) => r.code === inScope);
  const region = unknownCode ? '' : inScope;
  const regionName = region === scopeCode ? user?.regionName : siblings.data?.find((r) => r.code === region)?.name;
  // A region in the address that is not one of the user's (malformed, unknown, outside the area): said, not silently dropped.
  const regionIgnored = Boolean(kelurahanParam || wilayahParam) && !region;
  const regionIsKelurahan = regionDepth(region) === KELURAHAN_DEPTH;
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  // Within what the server can page to (an address may carry any number); beyond the last page is clamped below.
  const page = Math.min(MAX_PAGE, Math.max(1, Math.floor(Number(params.get('page')) || 1)));
  const groupParam = params.get('group');
  const group = groupParam && GROUP_ID.test(groupParam) ? groupParam : undefined;
  const component = oneOf(params.get('component'), COMPONENT_CODES);
  const readiness = oneOf(params.get('readiness'), READINESS_VALUES);
  const compliance = oneOf(params.get('compliance'), COMPLIANCE_VALUES);
  const graduation = oneOf(params.get('graduation'), GRADUATION_VALUES);
  const extraFilters = Boolean(group || component || readiness || compliance || graduation);
  // The same query the group select makes (shared): names the chip of a chosen kelompok.
  const groups = useAllGroups();
  const groupName = group ? (groups.data?.find((g) => g.id === group)?.name ?? tr('web.families.filter.groupUnknown', { id: group.slice(0, 8) })) : '';

  const listParams: FamilyListParams = {
    q: searchQuery(q),
    kelurahan: region && regionIsKelurahan ? region : undefined,
    region: region && !regionIsKelurahan ? region : undefined,
    status,
    group,
    component,
    readiness,
    compliance,
    graduation,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const families = useFamilies(listParams);
  // The extra filters stay open while the user works in them (resetting one to "all" does not fold them away);
  // an address that sets one opens them.
  const [moreOpen, setMoreOpen] = useState(extraFilters);
  useEffect(() => {
    if (extraFilters) setMoreOpen(true);
  }, [extraFilters]);

  /** Change list parameters; any change but paging goes back to page 1. */
  function update(changes: Record<string, string | null>, opts: { replace?: boolean } = {}) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: opts.replace ?? false },
    );
  }

  // The search box: typed text goes to the URL after a pause (replacing the history entry).
  const [text, setText] = useState(q);
  const pushed = useRef(q);
  useEffect(() => {
    // The URL changed from outside (back button, a link): show its query.
    if (q !== pushed.current) {
      pushed.current = q;
      setText(q);
    }
  }, [q]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on typing only; update() reads the latest URL itself
  useEffect(() => {
    if (text === pushed.current) return;
    const timer = setTimeout(() => {
      pushed.current = text;
      update({ q: text }, { replace: true });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  function onSearch(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    pushed.current = text;
    update({ q: text });
  }

  const searchId = useId();
  const hintId = useId();
  const statusId = useId();
  const digits = text.replace(/\s/g, '');
  const partialNumber = /^\d+$/.test(digits) && digits.length !== 16;

  const total = families.data?.total ?? 0;
  const items = families.data?.items ?? [];
  const shownOffset = families.data?.offset ?? 0;
  const from = total === 0 ? 0 : shownOffset + 1;
  const to = Math.min(total, shownOffset + items.length);
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // A page past the end (an old bookmark, a hand-typed address): the last page instead, in place of this address.
  const settled = !!families.data && !families.isPlaceholderData;
  const beyond = settled && page > lastPage;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the answer says the page is past the end
  useEffect(() => {
    if (beyond) update({ page: lastPage > 1 ? String(lastPage) : null }, { replace: true });
  }, [beyond, lastPage]);
  // The server's own word on the search (too long): beside the box, not as a general error.
  const qError = isApiError(families.error) && (families.error.status === 400 || families.error.status === 422) ? (families.error.fields.q ?? null) : null;
  const qErrorId = useId();
  const chipQ = q.trim();
  const hasFilters = Boolean(q.trim() || region || status || extraFilters);
  const anyListParam = LIST_KEYS.some((k) => k !== 'page' && params.get(k));

  return (
    <section className="page">
      <div className="section-head">
        <h1>{tr('web.families.title')}</h1>
        {canRecordActivities(user?.role) && (
          <Link to="/keluarga/baru" className="button">
            {tr('web.families.create')}
          </Link>
        )}
      </div>
      {user?.regionName && <p className="lead">{tr('web.families.scope', { region: user.regionName })}</p>}

      <div className="filters card">
        {identities ? (
          <form role="search" className="search-row" onSubmit={onSearch}>
            <div className="field grow">
              <label htmlFor={searchId}>{tr('web.families.search')}</label>
              <input
                id={searchId}
                name="q"
                type="search"
                autoComplete="off"
                enterKeyHint="search"
                maxLength={SEARCH_MAX}
                aria-describedby={qError ? `${hintId} ${qErrorId}` : hintId}
                aria-invalid={qError ? true : undefined}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
              <p id={hintId} className={partialNumber ? 'hint hint-warn' : 'hint'}>
                {partialNumber ? tr('web.families.searchPartialNumber') : tr('web.families.searchHint')}
              </p>
              {qError && (
                <p id={qErrorId} className="field-error" role="alert">
                  {qError}
                </p>
              )}
            </div>
            <button type="submit" className="button">
              {tr('web.families.searchButton')}
            </button>
          </form>
        ) : (
          <div className="search-unavailable" role="note">
            <p>
              <strong>{tr('web.families.searchUnavailableTitle')}</strong>
            </p>
            <p className="hint">{tr('web.families.searchUnavailable')}</p>
          </div>
        )}
        <div className="filter-row">
          <RegionFilter
            scope={user?.regionCode ?? null}
            value={region}
            onChange={(code) =>
              regionDepth(code) === KELURAHAN_DEPTH
                ? update({ kelurahan: code, wilayah: null, region: null })
                : update({ kelurahan: null, wilayah: code, region: null })
            }
          />
          <div className="field">
            <label htmlFor={statusId}>{tr('web.families.status')}</label>
            <select id={statusId} name="status" value={status ?? ''} onChange={(e) => update({ status: e.target.value })}>
              <option value="">{tr('web.families.allStatuses')}</option>
              {FAMILY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {tr(`web.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {regionIgnored && (
          <p className="alert alert-info region-ignored" role="note">
            {tr('web.families.regionUnknown')}
          </p>
        )}
        <details className="more-filters" open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
          <summary>{tr('web.families.moreFilters')}</summary>
          <ExtraFilters
            values={{ group, component, readiness, compliance, graduation }}
            onChange={(key, value) => update({ [key]: value })}
          />
        </details>
        <FilterChips
          chips={[
            ...(chipQ ? [{ key: 'q', label: tr('web.families.chip.q', { value: clip(chipQ) }), title: tr('web.families.chip.q', { value: chipQ }) }] : []),
            ...(region ? [{ key: 'region', label: `${tr(`web.region.level.${regionDepth(region)}`)}: ${regionName ?? region}` }] : []),
            ...(status ? [{ key: 'status', label: `${tr('web.families.status')}: ${tr(`web.status.${status}`)}` }] : []),
            ...(group ? [{ key: 'group', label: `${tr('web.families.filter.group')}: ${groupName}` }] : []),
            ...(component ? [{ key: 'component', label: `${tr('web.families.filter.component')}: ${componentLabel(tr, component)}` }] : []),
            ...(readiness ? [{ key: 'readiness', label: tr(`web.families.filter.readiness.${readiness}`) }] : []),
            ...(compliance ? [{ key: 'compliance', label: `${tr('web.families.filter.compliance')}: ${tr(`web.families.filter.compliance.${compliance}`)}` }] : []),
            ...(graduation ? [{ key: 'graduation', label: `${tr('web.families.filter.graduation')}: ${tr(`web.families.filter.graduation.${graduation}`)}` }] : []),
          ]}
          onRemove={(key) => {
            if (key === 'q') {
              pushed.current = '';
              setText('');
              update({ q: null });
            } else if (key === 'region') update({ kelurahan: null, wilayah: null, region: null });
            else update({ [key]: null });
          }}
        />
        {anyListParam && (
          <button
            type="button"
            className="button button-ghost"
            onClick={() => {
              pushed.current = '';
              setText('');
              setParams(new URLSearchParams());
            }}
          >
            {tr('web.families.clearFilters')}
          </button>
        )}
      </div>

      {families.isPending ? (
        <Loading />
      ) : families.isError && !families.data && qError ? null : families.isError && !families.data ? (
        <ErrorMessage error={families.error} onRetry={isRetryable(families.error) ? () => families.refetch() : undefined} />
      ) : (
        <div aria-busy={families.isFetching}>
          {families.isError && !qError && (
            <ErrorMessage error={families.error} onRetry={isRetryable(families.error) ? () => families.refetch() : undefined} />
          )}
          <p className="result-count" role="status">
            {total === 0
              ? hasFilters
                ? tr('web.families.noMatch')
                : tr('web.families.empty')
              : items.length === 0
                ? tr('web.families.pageEmpty', { page: fmt.number(page), total: fmt.number(total) })
                : tr('web.families.range', { from: fmt.number(from), to: fmt.number(to), total: fmt.number(total) })}
          </p>
          {items.length > 0 && (
            <ul className="family-list">
              {items.map((f) => (
                <li key={f.id}>
                  <Link to={`/keluarga/${encodeURIComponent(f.id)}`} state={{ from: params.toString() }} className="family-row">
                    <span className="family-row-main">
                      <span className="family-name">{f.headName || <NoValue hidden={!identities} />}</span>
                      <StatusBadge status={f.status} />
                    </span>
                    <span className="family-row-meta">
                      <span>
                        <span className="visually-hidden">{tr('web.family.kk')} </span>
                        {f.kkNumber ? <span className="mono">{f.kkNumber}</span> : <NoValue hidden={!identities} />}
                      </span>
                      <span>{f.kelurahanName || f.kelurahanCode}</span>
                    </span>
                    <span className="family-row-meta">
                      <span>
                        {tr('web.family.pendamping')}: {f.pendamping ? <UserName username={f.pendamping} /> : tr('web.family.noPendamping')}
                      </span>
                      {typeof f.memberCount === 'number' && (
                        <span>{f.memberCount === 1 ? tr('web.families.memberCountOne') : tr('web.families.memberCount', { n: f.memberCount })}</span>
                      )}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {total > 0 && items.length === 0 && (
            <p>
              <button type="button" className="button button-secondary" onClick={() => update({ page: null })}>
                {tr('web.paging.first')}
              </button>
            </p>
          )}
          {total > PAGE_SIZE && items.length > 0 && (
            <nav className="pager" aria-label={tr('web.paging.label')}>
              <button
                type="button"
                className="button button-secondary"
                disabled={page <= 1}
                onClick={() => update({ page: page - 1 > 1 ? String(page - 1) : null })}
              >
                {tr('web.paging.previous')}
              </button>
              <span className="pager-pos">{tr('web.paging.page', { page, pages: lastPage })}</span>
              <button
                type="button"
                className="button button-secondary"
                disabled={page >= lastPage}
                onClick={() => update({ page: String(page + 1) })}
              >
                {tr('web.paging.next')}
              </button>
            </nav>
          )}
        </div>
      )}
    </section>
  );
}

type ExtraKey = 'group' | 'component' | 'readiness' | 'compliance' | 'graduation';

/** The caseload filters beyond region and status: kelompok, component, readiness, compliance, graduation state. */
function ExtraFilters({ values, onChange }: { values: Partial<Record<ExtraKey, string>>; onChange: (key: ExtraKey, value: string) => void }) {
  const tr = useT();
  const ids = { component: useId(), readiness: useId(), compliance: useId(), graduation: useId() };
  const select = (key: Exclude<ExtraKey, 'group'>, label: string, all: string, options: Array<{ value: string; label: string }>) => (
    <div className="field">
      <label htmlFor={ids[key]}>{label}</label>
      <select id={ids[key]} name={key} value={values[key] ?? ''} onChange={(e) => onChange(key, e.target.value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="filter-row">
      <GroupFilter value={values.group ?? ''} onChange={(v) => onChange('group', v)} />
      {select('component', tr('web.families.filter.component'), tr('web.families.filter.allComponents'), COMPONENT_CODES.map((c) => ({ value: c, label: componentLabel(tr, c) })))}
      {select('readiness', tr('web.families.filter.readiness'), tr('web.families.filter.allReadiness'), READINESS_VALUES.map((r) => ({ value: r, label: tr(`web.families.filter.readiness.${r}`) })))}
      {select('compliance', tr('web.families.filter.compliance'), tr('web.families.filter.allCompliance'), COMPLIANCE_VALUES.map((c) => ({ value: c, label: tr(`web.families.filter.compliance.${c}`) })))}
      {select('graduation', tr('web.families.filter.graduation'), tr('web.families.filter.allGraduation'), GRADUATION_VALUES.map((g) => ({ value: g, label: tr(`web.families.filter.graduation.${g}`) })))}
    </div>
  );
}

/** The kelompok in the user's scope (all of them, by name; a native select, usable with a few hundred). */
function GroupFilter({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const tr = useT();
  const id = useId();
  const groups = useAllGroups();
  const items = groups.data ?? [];
  return (
    <div className="field">
      <label htmlFor={id}>{tr('web.families.filter.group')}</label>
      <select id={id} name="group" value={value} disabled={groups.isPending} onChange={(e) => onChange(e.target.value)}>
        <option value="">{groups.isPending ? tr('web.families.filter.groupsLoading') : tr('web.families.filter.allGroups')}</option>
        {value && !items.some((g) => g.id === value) && <option value={value}>{tr('web.families.filter.groupUnknown', { id: value.slice(0, 8) })}</option>}
        {items.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The active filters as chips; each removes its filter (keyboard: a button). */
function FilterChips({ chips, onRemove }: { chips: Array<{ key: string; label: string; title?: string }>; onRemove: (key: string) => void }) {
  const tr = useT();
  if (chips.length === 0) return null;
  return (
    <ul className="filter-chips" aria-label={tr('web.families.activeFilters')}>
      {chips.map((c) => (
        <li key={c.key}>
          <button
            type="button"
            className="filter-chip"
            title={c.title}
            aria-label={tr('web.families.removeFilter', { label: c.title ?? c.label })}
            onClick={() => onRemove(c.key)}
          >
            <span className="filter-chip-text">{c.label}</span>
            <span className="filter-chip-x" aria-hidden="true">
              ×
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
