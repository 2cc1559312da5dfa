import { lazy, type ReactNode, Suspense, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, Loading, NoValue, usePageTitle } from '../../app/ui';
import { useEntitlement, useFamily, useFamilyHistory, useMe } from '../../data/queries';
import { canRecordActivities, seesIdentities } from '../../data/roles';
import type { Entitlement, FamilyDetail, FamilyMember, HistoryEntry } from '../../data/types';
import { type TFunction, useFormat, useT } from '../../i18n/I18nProvider';
import { historyAction, historyDetail, newestFirst } from './history';
import { componentLabel, currentYearJakarta, FIRST_YEAR, headOf, labelOr } from './labels';
import { StatusBadge } from './StatusBadge';
import './messages';
import './families.css';
import { UserName } from '../../data/user-names';

// The activities section (its form and reference data) loads after the family itself.
const ActivitiesSection = lazy(async () => ({ default: (await import('../activities/ActivitiesSection')).ActivitiesSection }));
const DataUpdatesSection = lazy(async () => ({ default: (await import('../casework/DataUpdatesSection')).DataUpdatesSection }));
const CasePlanSection = lazy(async () => ({ default: (await import('../casework/CasePlanSection')).CasePlanSection }));
const ReferralsSection = lazy(async () => ({ default: (await import('../casework/ReferralsSection')).ReferralsSection }));
const ComplianceSection = lazy(async () => ({ default: (await import('../compliance')).ComplianceSection }));
const SanctionsSection = lazy(async () => ({ default: (await import('../compliance')).SanctionsSection }));
const GraduationSummary = lazy(async () => ({ default: (await import('../graduation')).GraduationSummary }));
const P2k2ProgressSection = lazy(async () => ({ default: (await import('../groups/P2k2ProgressSection')).P2k2ProgressSection }));
const TimelineSection = lazy(async () => ({ default: (await import('../timeline/TimelineSection')).TimelineSection }));

function BackLink() {
  const tr = useT();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return (
    <p className="back">
      <Link to={from ? `/keluarga?${from}` : '/keluarga'}>{tr('web.family.back')}</Link>
    </p>
  );
}

/** `/keluarga/{id}`: a family, its members and the benefit explanation for a chosen year. */
export function FamilyPage() {
  const { id = '' } = useParams();
  const tr = useT();
  const family = useFamily(id);
  const me = useMe();
  const identities = seesIdentities(me.data?.role);
  const headName = family.data ? family.data.headName || headOf(family.data)?.name : undefined;
  // Out of scope and unknown families answer 404; a malformed id (not a UUID) answers 400 on `id`.
  // Anything else (403, 5xx, network) shows the server's own message.
  const notFound =
    isApiError(family.error) &&
    (family.error.status === 404 || (family.error.status === 400 && 'id' in family.error.fields));
  usePageTitle(notFound ? tr('web.family.notFound') : (headName ?? tr('web.family.title')));

  if (family.isPending) {
    return (
      <section className="page">
        <BackLink />
        <Loading />
      </section>
    );
  }
  if (family.isError) {
    return (
      <section className="page narrow">
        <BackLink />
        <h1>{notFound ? tr('web.family.notFound') : tr('web.family.title')}</h1>
        {notFound ? (
          <p>{tr('web.family.notFoundBody')}</p>
        ) : (
          <ErrorMessage error={family.error} onRetry={isRetryable(family.error) ? () => family.refetch() : undefined} />
        )}
      </section>
    );
  }
  const f = family.data;
  const canRecord = canRecordActivities(me.data?.role);
  const sections = SECTIONS.filter((s) => s !== 'riwayat' || identities);
  return (
    <article className="page family-workspace">
      <BackLink />
      <FamilyHeader family={f} headName={headName ?? tr('web.family.title')} identities={identities} />
      <nav className="family-quick-actions" aria-label={tr('web.family.quickActions')}>
        {canRecord && (
          <a className="button" href="#kegiatan">
            {tr('web.family.action.logVisit')}
          </a>
        )}
        <Link className="button button-secondary" to={`/keluarga/${encodeURIComponent(f.id)}/graduasi`}>
          {tr('web.family.action.graduation')}
        </Link>
      </nav>
      <SectionMenu sections={sections} />
      <Anchor id="graduasi">
        <Suspense fallback={null}>
          <GraduationSummary familyId={f.id} />
        </Suspense>
      </Anchor>
      <Anchor id="anggota">
        <Members members={f.members} identities={identities} />
      </Anchor>
      <Anchor id="bantuan">
        <Benefits family={f} />
      </Anchor>
      <Anchor id="kegiatan">
        <Suspense fallback={<Loading />}>
          <ActivitiesSection familyId={f.id} canRecord={canRecord} />
        </Suspense>
      </Anchor>
      {/* Below the fold: mounted when reached, when the menu or a link targets them, or once the page has settled. */}
      <Deferred id="p2k2">
        <P2k2ProgressSection familyId={f.id} />
      </Deferred>
      <Deferred id="linimasa">
        <TimelineSection familyId={f.id} />
      </Deferred>
      <Deferred id="rencana-kasus">
        <CasePlanSection familyId={f.id} />
      </Deferred>
      <Deferred id="pemutakhiran">
        <DataUpdatesSection familyId={f.id} />
      </Deferred>
      <Deferred id="rujukan">
        <ReferralsSection familyId={f.id} />
      </Deferred>
      <Deferred id="komitmen">
        <ComplianceSection familyId={f.id} members={f.members} />
      </Deferred>
      <Deferred id="sanksi">
        <SanctionsSection familyId={f.id} />
      </Deferred>
      {identities && (
        <Anchor id="riwayat">
          <FamilyHistory familyId={f.id} />
        </Anchor>
      )}
    </article>
  );
}

/** The page's sections in order; each id is the URL fragment (`/keluarga/{id}#kegiatan`). */
export const SECTIONS = ['graduasi', 'anggota', 'bantuan', 'kegiatan', 'p2k2', 'linimasa', 'rencana-kasus', 'pemutakhiran', 'rujukan', 'komitmen', 'sanksi', 'riwayat'] as const;
type SectionId = (typeof SECTIONS)[number];

/** The sticky in-page menu: plain anchor links, so the fragment stays in the URL and the back button works. */
function SectionMenu({ sections }: { sections: readonly SectionId[] }) {
  const tr = useT();
  const { hash } = useLocation();
  // On a phone the strip scrolls sideways: the section made current ("Catat kunjungan" opens "Kegiatan") is
  // brought into view within it, never left cut off at the edge.
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    nav.current?.querySelector<HTMLElement>('a[aria-current="true"]')?.scrollIntoView?.({ inline: 'nearest', block: 'nearest' });
  }, [hash]);
  return (
    <nav ref={nav} className="family-workspace-nav" aria-label={tr('web.family.sections')}>
      <ul>
        {sections.map((s) => (
          <li key={s}>
            <a href={`#${s}`} aria-current={hash === `#${s}` ? 'true' : undefined}>
              {tr(`web.family.section.${s}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Scrolls to the section the URL names once it exists (the family loads first; sections after it). */
function useScrollToHash(id: string, ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || hash !== `#${id}`) return;
    document.getElementById(id)?.scrollIntoView?.({ block: 'start' });
  }, [hash, id, ready]);
}

function Anchor({ id, children }: { id: SectionId; children: ReactNode }) {
  useScrollToHash(id, true);
  return (
    <div id={id} className="family-anchor">
      {children}
    </div>
  );
}

const SETTLE_MS = 400;

/**
 * A section below the fold. It mounts (and so loads its code and data) when it comes near the screen,
 * when the URL fragment names it, when its placeholder is activated, or once the page has settled, so
 * that a slow phone draws the header, quick actions and members first.
 */
function Deferred({ id, children }: { id: SectionId; children: ReactNode }) {
  const tr = useT();
  const { hash } = useLocation();
  const [shown, setShown] = useState(hash === `#${id}`);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (shown) return;
    if (hash === `#${id}`) {
      setShown(true);
      return;
    }
    const show = () => setShown(true);
    const timer = setTimeout(show, SETTLE_MS);
    let observer: IntersectionObserver | undefined;
    if (typeof IntersectionObserver !== 'undefined' && ref.current) {
      observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && show(), { rootMargin: '600px 0px' });
      observer.observe(ref.current);
    }
    return () => {
      clearTimeout(timer);
      observer?.disconnect();
    };
  }, [hash, id, shown]);
  useScrollToHash(id, shown);
  return (
    <div id={id} ref={ref} className="family-anchor">
      {shown ? (
        <Suspense fallback={<Loading />}>{children}</Suspense>
      ) : (
        <p>
          <button type="button" className="button button-ghost" onClick={() => setShown(true)}>
            {tr('web.family.section.show', { section: tr(`web.family.section.${id}`) })}
          </button>
        </p>
      )}
    </div>
  );
}

/** `Jl. Melati No. 5, RT 003/RW 007, Tugu`, leaving out what the API did not give (null for researchers). */
function addressLine(tr: TFunction, f: FamilyDetail): string {
  const rtRw = f.rt || f.rw ? tr('web.family.rtrw', { rt: f.rt || '–', rw: f.rw || '–' }) : null;
  return [f.address, rtRw, f.kelurahanName || f.kelurahanCode].filter(Boolean).join(', ');
}

function FamilyHeader({ family: f, headName, identities }: { family: FamilyDetail; headName: string; identities: boolean }) {
  const tr = useT();
  const address = addressLine(tr, f);
  const streetHidden = !f.address && !f.rt && !f.rw;
  return (
    <header className="family-header card">
      <h1>{headName}</h1>
      {!identities && (
        <p className="alert alert-info privacy-note" role="note">
          {tr('web.privacy.pseudonymised')}
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>{tr('web.family.kk')}</dt>
          <dd className="mono">{f.kkNumber || <NoValue hidden={!identities} />}</dd>
        </div>
        <div>
          <dt>{tr('web.family.address')}</dt>
          <dd>
            {address || <NoValue hidden={!identities} />}
            {address && streetHidden && !identities && <span className="muted"> ({tr('web.privacy.addressHidden')})</span>}
          </dd>
        </div>
        <div>
          <dt>{tr('web.family.status')}</dt>
          <dd>
            <StatusBadge status={f.status} />
          </dd>
        </div>
        <div>
          <dt>{tr('web.family.pendamping')}</dt>
          <dd>{f.pendamping ? <UserName username={f.pendamping} /> : tr('web.family.noPendamping')}</dd>
        </div>
        <div>
          <dt>{tr('web.family.joinedYear')}</dt>
          <dd>{f.joinedYear ?? <NoValue />}</dd>
        </div>
        <div>
          <dt>{tr('web.family.decile')}</dt>
          <dd>{f.decile ?? <NoValue />}</dd>
        </div>
      </dl>
    </header>
  );
}

function memberFlags(tr: TFunction, m: FamilyMember): string[] {
  const flags: string[] = [];
  if (m.caretaker) flags.push(tr('web.member.flag.caretaker'));
  if (m.pregnant) flags.push(tr('web.member.flag.pregnant'));
  if (m.postpartum) flags.push(tr('web.member.flag.postpartum'));
  if (m.severeDisability) flags.push(tr('web.member.flag.severeDisability'));
  return flags;
}

function ageText(tr: TFunction, age: number | null | undefined): string | null {
  if (typeof age !== 'number' || !Number.isFinite(age)) return null;
  return age === 1 ? tr('web.member.ageYearsOne') : tr('web.member.ageYears', { n: age });
}

function Members({ members, identities }: { members: FamilyMember[]; identities: boolean }) {
  const tr = useT();
  const fmt = useFormat();
  const headingId = useId();
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{tr('web.members.title', { n: members.length })}</h2>
      <ul className="member-list">
        {members.map((m, index) => {
          const flags = memberFlags(tr, m);
          const age = ageText(tr, m.age);
          const born = m.birthDate ? fmt.date(m.birthDate) : '';
          const since = m.startDate ? fmt.date(m.startDate) : '';
          const warnings = m.warnings ?? [];
          return (
            <li key={m.id} className={warnings.length > 0 ? 'member card has-warnings' : 'member card'}>
              <h3>{m.name || tr('web.benefit.memberN', { n: index + 1 })}</h3>
              <p className="member-sub">
                {labelOr(tr, `web.relation.${m.relation}`, m.relation)} · {labelOr(tr, `web.sex.${m.sex}`, m.sex)}
              </p>
              <dl className="facts">
                <div>
                  <dt>{tr('web.member.age')}</dt>
                  <dd>
                    {age ?? <NoValue />}
                    {born && ` (${born})`}
                  </dd>
                </div>
                {!born && (
                  <div>
                    <dt>{tr('web.member.birthDate')}</dt>
                    <dd>
                      <NoValue hidden={!identities} />
                    </dd>
                  </div>
                )}
                <div>
                  <dt>{tr('web.member.nik')}</dt>
                  <dd className="mono">{m.nik || <NoValue hidden={!identities} />}</dd>
                </div>
                <div>
                  <dt>{tr('web.member.school')}</dt>
                  <dd>{labelOr(tr, `web.school.${m.schoolLevel}`, m.schoolLevel)}</dd>
                </div>
                <div>
                  <dt>{tr('web.member.component')}</dt>
                  <dd>{componentLabel(tr, m.component)}</dd>
                </div>
                {'startDate' in m && (
                  <div>
                    <dt>{tr('web.member.since')}</dt>
                    <dd>{since || <NoValue hidden={!identities} />}</dd>
                  </div>
                )}
              </dl>
              {flags.length > 0 && (
                <ul className="flags" aria-label={tr('web.member.flags')}>
                  {flags.map((fl) => (
                    <li key={fl} className="badge badge-info">
                      {fl}
                    </li>
                  ))}
                </ul>
              )}
              {warnings.length > 0 && (
                <div className="member-warnings">
                  <p className="member-warnings-title">
                    <span aria-hidden="true">⚠ </span>
                    {tr('web.member.warningsTitle')}
                  </p>
                  <ul className="warnings">
                    {warnings.map((w, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a code may repeat with different details
                      <li key={`${w.code}-${i}`} className="warning" data-code={w.code}>
                        {w.message}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Benefits({ family }: { family: FamilyDetail }) {
  const tr = useT();
  const yearId = useId();
  const headingId = useId();
  const [params, setParams] = useSearchParams();
  const thisYear = currentYearJakarta();
  const defaultYear = family.entitlement?.year ?? thisYear;
  const asked = Number(params.get('tahun'));
  const year = Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= thisYear ? asked : defaultYear;
  const useStored = year === family.entitlement?.year;
  const other = useEntitlement(family.id, year, !useStored);
  const years: number[] = [];
  for (let y = Math.max(thisYear, defaultYear); y >= FIRST_YEAR; y--) years.push(y);

  const entitlement = useStored ? family.entitlement : other.data;
  const loadingOther = !useStored && other.isFetching;

  return (
    <section className="section" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{tr('web.benefit.title')}</h2>
        <div className="field field-inline">
          <label htmlFor={yearId}>{tr('web.benefit.year')}</label>
          <select
            id={yearId}
            name="tahun"
            value={year}
            onChange={(e) => {
              const y = Number(e.target.value);
              setParams(
                (prev) => {
                  const next = new URLSearchParams(prev);
                  if (y === defaultYear) next.delete('tahun');
                  else next.set('tahun', String(y));
                  return next;
                },
                { replace: true },
              );
            }}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {!useStored && other.isError ? (
        <ErrorMessage error={other.error} onRetry={isRetryable(other.error) ? () => other.refetch() : undefined} />
      ) : !entitlement ? (
        <Loading />
      ) : (
        <div aria-busy={loadingOther}>
          {loadingOther && <Loading />}
          <BenefitExplanation entitlement={entitlement} members={family.members} />
        </div>
      )}
    </section>
  );
}

function BenefitExplanation({ entitlement: e, members }: { entitlement: Entitlement; members: FamilyMember[] }) {
  const tr = useT();
  const fmt = useFormat();
  const memberName = (memberId: string | null | undefined, index: number) =>
    members.find((m) => memberId && m.id === memberId)?.name || members[index]?.name || tr('web.benefit.memberN', { n: index + 1 });
  return (
    <>
      <p className="muted">
        {tr('web.benefit.asOf', { year: e.year, date: fmt.date(e.asOf) })}
        {e.indexYear !== e.year && <> · {tr('web.benefit.indexYear', { year: e.indexYear })}</>}
      </p>
      <ul className="benefit-list">
        {e.components.map((c) => (
          <li key={`${c.memberIndex}-${c.memberId ?? ''}`} className={c.counted ? 'benefit counted' : 'benefit not-counted'}>
            <div className="benefit-line">
              <span className="benefit-who">
                <strong>{memberName(c.memberId, c.memberIndex)}</strong>
                <span>{componentLabel(tr, c.component)}</span>
              </span>
              <span className="benefit-amount">{c.component ? fmt.rupiah(c.annual) : '–'}</span>
            </div>
            <p className="benefit-reason">
              <span className={c.counted ? 'badge badge-ok' : 'badge badge-muted'}>
                {c.counted ? tr('web.benefit.counted') : tr('web.benefit.notCounted')}
              </span>{' '}
              {c.reason}
            </p>
          </li>
        ))}
        {e.familyBenefits?.map((b) => (
          <li key={b.code} className="benefit counted">
            <div className="benefit-line">
              <span className="benefit-who">
                <strong>{labelOr(tr, `web.familyBenefit.${b.code}`, b.code)}</strong>
                <span>{tr('web.benefit.paidInTahap', { tahap: b.tahap })}</span>
              </span>
              <span className="benefit-amount">{fmt.rupiah(b.annual)}</span>
            </div>
          </li>
        ))}
      </ul>
      <div className="benefit-total">
        <span>{tr('web.benefit.annualTotal', { year: e.year })}</span>
        <strong data-testid="annual-total">{fmt.rupiah(e.annualTotal)}</strong>
      </div>
      <h3>{tr('web.benefit.perTahap')}</h3>
      <ol className="tahap-list">
        {e.perTahap.map((amount, i) => {
          const basis = e.tahapBasis?.[i];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the four tahap are positional
            <li key={i}>
              <span>
                {tr('web.benefit.tahapN', { n: i + 1 })}
                {basis && (
                  <small className="muted tahap-basis">
                    {tr(basis.projected ? 'web.benefit.tahapProjected' : 'web.benefit.tahapJudgedOn', { date: fmt.date(basis.judgedOn) })}
                  </small>
                )}
              </span>
              <span>{fmt.rupiah(amount)}</span>
            </li>
          );
        })}
      </ol>
      {e.notes?.length > 0 && (
        <>
          <h3>{tr('web.benefit.notes')}</h3>
          <ul className="notes">
            {e.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

const HISTORY_PAGE = 20;

/** The family's audit trail, loaded only when the section is opened. */
function FamilyHistory({ familyId }: { familyId: string }) {
  const tr = useT();
  const fmt = useFormat();
  const { hash } = useLocation();
  // Reached through the section menu or a link (`#riwayat`): opened, not a lone heading to click again.
  const [open, setOpen] = useState(hash === '#riwayat');
  useEffect(() => {
    if (hash === '#riwayat') setOpen(true);
  }, [hash]);
  // A plain fragment link changes the address without the router noticing everywhere: the browser's own event too.
  useEffect(() => {
    const onHash = () => {
      if (window.location.hash === '#riwayat') setOpen(true);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const [offset, setOffset] = useState(0);
  const history = useFamilyHistory(familyId, offset, open);
  const headingId = useId();
  return (
    <section className="section" aria-labelledby={headingId}>
      <details open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <h2 id={headingId} style={{ display: 'inline' }}>
            {tr('web.history.title')}
          </h2>
        </summary>
        <p className="hint">{tr('web.history.hint')}</p>
        {open && history.isPending && <Loading />}
        {history.isError && <ErrorMessage error={history.error} onRetry={() => history.refetch()} />}
        {history.data && history.data.total === 0 && <p>{tr('web.history.empty')}</p>}
        {history.data && history.data.items.length > 0 && (
          <ol className="history">
            {newestFirst(history.data.items).map((e) => {
              const detail = historyDetail(tr, e);
              return (
                <li key={e.seq}>
                  <time dateTime={e.at}>{fmt.timestamp(e.at)}</time> · <strong>{historyAction(tr, e.action)}</strong> · {e.actor ?? '–'}
                  {detail && <div className="hint">{detail}</div>}
                </li>
              );
            })}
          </ol>
        )}
        {history.data && (offset > 0 || offset + HISTORY_PAGE < history.data.total) && (
          <p className="pager">
            {offset > 0 && (
              <button type="button" onClick={() => setOffset(Math.max(0, offset - HISTORY_PAGE))}>
                {tr('web.history.newer')}
              </button>
            )}
            {offset + HISTORY_PAGE < history.data.total && (
              <button type="button" onClick={() => setOffset(offset + HISTORY_PAGE)}>
                {tr('web.history.more')}
              </button>
            )}
          </p>
        )}
      </details>
    </section>
  );
}
