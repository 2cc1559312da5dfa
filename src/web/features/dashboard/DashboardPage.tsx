/**
 * `/dasbor`: the dashboard for the user's scope. Headline numbers, then one section per view (a chart,
 * its table, an XLSX link); any bar, stage or number opens the list of the families behind it
 * (`?rinci=<view>&kunci=<key>`), each linking to the family. Coordinators above kecamatan (and admin) pick a
 * region (`?wilayah=`); `?bulan=` sets the window of the monthly views.
 */
import { type ReactNode, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading, usePageTitle } from '../../app/ui';
import type { DashboardParams, DashboardRow, DashboardView, DashboardViewName, DashboardViewOrSummary } from '../../data/dashboard';
import { useData } from '../../data/context';
import { useMe } from '../../data/queries';
import { seesSyncAdmin } from '../../data/roles';
import { useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { isRegionCode, RegionFilter, regionWithin } from '../families/RegionFilter';
import { SyncAdminLinks } from '../sync-admin/SyncAdminLinks';
import { BarChart } from './charts/BarChart';
import { ChartTable, type TableColumn, type TableRow } from './charts/ChartTable';
import { FunnelChart } from './charts/FunnelChart';
import { LineChart } from './charts/LineChart';
import { StackedBarChart } from './charts/StackedBarChart';
import { type Drill, drillFromAddress } from './drill';
import { DrillPanel, InvalidDrill } from './DrillPanel';
import { KelurahanTable } from './KelurahanTable';
import { DRILL_PAGE, useDashboardSummary, useDashboardView } from './queries';
import './messages';
import './dashboard.css';

const MONTH_CHOICES = [6, 12, 24];


export function DashboardPage() {
  const tr = useT();
  usePageTitle(tr('web.dash.title'));
  const me = useMe();
  const [params, setParams] = useSearchParams();
  // A region in the address outside the user's area (or not a region code) is not asked for: the server would
  // answer zeros for it. The page says so and shows the user's whole area.
  const asked = params.get('wilayah');
  const region = asked && isRegionCode(asked) && regionWithin(me.data?.regionCode ?? null, asked) ? asked : null;
  const regionIgnored = !!asked && !region;
  const monthsAsked = Number(params.get('bulan'));
  const months = MONTH_CHOICES.includes(monthsAsked) ? monthsAsked : 12;
  // An address naming a drill-down the dashboard does not have says so plainly, instead of asking the server for it.
  const drill = drillFromAddress(params);
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: false },
    );
  const open = (d: Drill) => update({ rinci: d.view, kunci: d.key, judul: d.label });
  const dp: DashboardParams = { region, months };
  const monthsId = useId();

  if (me.isPending) return <Loading />;
  const user = me.data;
  const pendamping = user?.role === 'pendamping';
  return (
    <section className="page dashboard-page">
      <h1>{tr('web.dash.title')}</h1>
      <p className="lead">{tr(pendamping ? 'web.dash.leadPendamping' : 'web.dash.lead')}</p>
      {seesSyncAdmin(user?.role) && <SyncAdminLinks />}
      <div className="dash-filters">
        {!pendamping && (
          <fieldset className="dash-region">
            <legend>{tr('web.dash.region')}</legend>
            <RegionFilter scope={user?.regionCode ?? null} value={region ?? ''} onChange={(code) => update({ wilayah: code || null, rinci: null, kunci: null, judul: null })} />
          </fieldset>
        )}
        <div className="field">
          <label htmlFor={monthsId}>{tr('web.dash.months')}</label>
          <select id={monthsId} value={months} onChange={(e) => update({ bulan: e.target.value === '12' ? null : e.target.value, rinci: null, kunci: null, judul: null })}>
            {MONTH_CHOICES.map((n) => (
              <option key={n} value={n}>
                {tr('web.dash.monthsOption', { n })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {regionIgnored && (
        <p className="alert alert-info" role="note">
          {tr('web.dash.regionIgnored')}
        </p>
      )}
      <Headline params={dp} onDrill={open} />
      {drill === 'invalid' ? (
        <InvalidDrill onClose={() => update({ rinci: null, kunci: null, judul: null })} />
      ) : (
        drill && <DrillPanel drill={drill} params={dp} pageSize={DRILL_PAGE} onClose={() => update({ rinci: null, kunci: null, judul: null })} />
      )}
      <div className="dash-grid">
        <GraduationsSection params={dp} onDrill={open} />
        <PipelineSection params={dp} onDrill={open} />
        <ReadinessSection params={dp} onDrill={open} />
        <ComplianceSection params={dp} onDrill={open} />
        <ActivitySection params={dp} onDrill={open} />
        <FactorsSection params={dp} onDrill={open} />
        <PendampingSection params={dp} onDrill={open} />
        <KelurahanSection params={dp} onDrill={open} />
      </div>
    </section>
  );
}

interface SectionProps {
  params: DashboardParams;
  onDrill: (d: Drill) => void;
}

function Headline({ params, onDrill }: SectionProps) {
  const tr = useT();
  const fmt = useFormat();
  const summary = useDashboardSummary(params);
  const titleId = useId();
  if (summary.isPending) return <Loading />;
  if (summary.isError) return <ErrorMessage error={summary.error} onRetry={isRetryable(summary.error) ? () => summary.refetch() : undefined} />;
  const s = summary.data;
  const thisYear = Object.values(s.graduationsThisYear).reduce((a, b) => a + b, 0);
  const sm = s.graduationsThisYear.sejahtera_mandiri ?? 0;
  const items: Array<{ key: string; label: string; value: number; detail?: string }> = [
    { key: 'families', label: tr('web.dash.h.families'), value: s.families.total },
    { key: 'active', label: tr('web.dash.h.active'), value: s.families.active },
    { key: 'graduated', label: tr('web.dash.h.graduated'), value: s.families.graduated },
    { key: 'candidates', label: tr('web.dash.h.candidates'), value: s.candidates },
    { key: 'openCases', label: tr('web.dash.h.openCases'), value: s.openCases, detail: tr('web.dash.h.openCasesDetail') },
    { key: 'awaitingApproval', label: tr('web.dash.h.awaitingApproval'), value: s.awaitingApproval },
  ];
  return (
    <section className="dash-headline" aria-labelledby={titleId}>
      <div className="dash-headline-head">
        <h2 id={titleId}>{tr('web.dash.headline')}</h2>
        <p className="dash-asof">{tr('web.dash.dataAsOf', { time: fmt.timestamp(s.dataAsOf) })}</p>
      </div>
      <ul className="dash-numbers">
        {items.map((i) => (
          <li key={i.key}>
            <button
              type="button"
              className="dash-number"
              disabled={i.value === 0}
              onClick={() => onDrill({ view: 'summary', key: i.key, label: i.label })}
            >
              <span className="dash-number-value">{fmt.number(i.value)}</span>
              <span className="dash-number-label">{i.label}</span>
              {i.detail && <> <span className="dash-number-detail">{i.detail}</span></>}
              <span className="visually-hidden"> ({tr('web.dash.seeFamilies')})</span>
            </button>
          </li>
        ))}
        <li>
          <div className="dash-number">
            <span className="dash-number-value">{fmt.number(thisYear)}</span>
            <span className="dash-number-label">{tr('web.dash.h.graduationsThisYear', { year: s.year })}</span>
            <span className="dash-number-detail">{tr('web.dash.h.graduationsThisYearDetail', { sm: fmt.number(sm), other: fmt.number(thisYear - sm) })}</span>
          </div>
        </li>
      </ul>
      <EntitlementLine entitlement={(s as { entitlement?: SummaryEntitlement | null }).entitlement} />
      <p>
        <DownloadLink view="summary" params={params} title={tr('web.dash.headline')} />
      </p>
    </section>
  );
}

/** The entitlement snapshot the summary carries: computed by the nightly (or an import), not at each request. */
interface SummaryEntitlement {
  asOf: string;
  /** When it was computed (ISO); older answers have only `asOf`. */
  computedAt?: string | null;
  year: number;
  families: number;
  entitledFamilies: number;
  annualRupiah: number;
}

/** The calendar day (YYYY-MM-DD) of an instant in Jakarta (UTC+7, no daylight saving). */
const jakartaDay = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);

/** The entitlement line, dated ("per …") when it was computed on another day than today. */
function EntitlementLine({ entitlement: e }: { entitlement: SummaryEntitlement | null | undefined }) {
  const tr = useT();
  const fmt = useFormat();
  if (!e) return null;
  const computedOn = e.computedAt ? jakartaDay(Date.parse(e.computedAt)) : e.asOf;
  const dated = computedOn !== jakartaDay(Date.now());
  return (
    <p className="dash-entitlement">
      {tr('web.dash.entitlement', { year: e.year, entitled: fmt.number(e.entitledFamilies), families: fmt.number(e.families), rupiah: fmt.rupiah(e.annualRupiah) })}
      {dated && (
        <>
          {' '}
          <span className="dash-asof">{tr('web.dash.entitlementAsOf', { time: e.computedAt ? fmt.timestamp(e.computedAt) : fmt.date(e.asOf) })}</span>
        </>
      )}
    </p>
  );
}

function DownloadLink({ view, params, title }: { view: DashboardViewOrSummary; params: DashboardParams; title: string }) {
  const tr = useT();
  const data = useData();
  const [lang] = useLang();
  return (
    <a className="button button-secondary dash-download" href={data.dashboardExportUrl(view, { ...params, lang })} download aria-label={tr('web.dash.downloadNamed', { view: title })}>
      {tr('web.dash.download')}
    </a>
  );
}

/** A view's frame: title, window or period, loading / error / empty states, the chart, its table and the XLSX link. */
function ViewSection({
  view,
  params,
  children,
  table,
  isEmpty,
  emptyText,
  wide,
  note,
}: {
  view: DashboardViewName;
  params: DashboardParams;
  children: (v: DashboardView) => ReactNode;
  table?: (v: DashboardView) => ReactNode;
  isEmpty?: (v: DashboardView) => boolean;
  emptyText?: string;
  wide?: boolean;
  /** What the view counts, where it is not every family of the region. */
  note?: string;
}) {
  const tr = useT();
  const fmt = useFormat();
  const q = useDashboardView(view, params);
  const titleId = useId();
  const v = q.data;
  const empty = v ? (isEmpty ? isEmpty(v) : v.rows.every((r) => Object.values(r.values).every((x) => !x))) : false;
  return (
    <section className={`card dash-section${wide ? ' dash-wide' : ''}`} aria-labelledby={titleId} data-view={view} aria-busy={q.isFetching}>
      <h2 id={titleId}>{v?.title ?? tr('web.dash.title')}</h2>
      {note && <p className="muted dash-note">{note}</p>}
      {v?.window && <p className="muted dash-window">{tr('web.dash.window', { from: fmt.date(v.window.from), to: fmt.date(v.window.to) })}</p>}
      {v?.period && (
        <p className="muted dash-window">
          {/^\d{4}-Q[1-4]$/.test(v.period) ? tr('web.dash.periodQuarter', { q: v.period.slice(6), year: v.period.slice(0, 4) }) : tr('web.dash.period', { period: v.period })}
        </p>
      )}
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorMessage error={q.error} onRetry={isRetryable(q.error) ? () => q.refetch() : undefined} />
      ) : empty ? (
        <p className="muted dash-empty">{emptyText ?? tr('web.dash.empty')}</p>
      ) : (
        <>
          {children(q.data)}
          {table && (
            <details className="dash-table">
              <summary>{tr('web.dash.asTable')}</summary>
              {table(q.data)}
            </details>
          )}
        </>
      )}
      {v && <DownloadLink view={view} params={params} title={v.title} />}
    </section>
  );
}

function useSelectLabel() {
  const tr = useT();
  const fmt = useFormat();
  return (n: number, what: string) => tr('web.dash.select', { n: fmt.number(n), what });
}

function StandardTable({ v, rowHeader, onDrill, rows }: { v: DashboardView; rowHeader: string; onDrill: (d: Drill) => void; rows?: TableRow[] }) {
  const fmt = useFormat();
  const select = useSelectLabel();
  return (
    <ChartTable
      caption={v.title}
      rowHeader={rowHeader}
      columns={v.columns as TableColumn[]}
      rows={rows ?? v.rows.map((r) => ({ key: r.key, label: r.label, values: r.values }))}
      format={fmt.number}
      formatPercent={(n) => `${fmt.number(n)}%`}
      onSelect={(row, column) => {
        const r = v.rows.find((x) => x.key === row);
        const c = v.columns.find((x) => x.key === column);
        onDrill({ view: v.view, key: `${row}:${column}`, label: `${r?.label ?? row} · ${c?.label ?? column}` });
      }}
      selectLabel={(r, c, value) => select(value, `${r.label}, ${c.label}`)}
    />
  );
}

function GraduationsSection({ params, onDrill }: SectionProps) {
  const tr = useT();
  const fmt = useFormat();
  const select = useSelectLabel();
  return (
    <ViewSection view="graduations" params={params} wide table={(v) => <StandardTable v={v} rowHeader={tr('web.dash.month')} onDrill={onDrill} />}>
      {(v) => {
        const series = v.columns.filter((c) => c.key !== 'total').map((c) => ({ key: c.key, label: c.label }));
        let running = 0;
        const cumulative = v.rows.map((r) => {
          running += r.values.total ?? 0;
          return { key: r.key, label: r.label, value: running };
        });
        return (
          <>
            <StackedBarChart
              title={v.title}
              categories={v.rows.map((r) => ({ key: r.key, label: r.label, values: r.values as Record<string, number> }))}
              series={series}
              format={fmt.number}
              onSelect={(month, type) => {
                const r = v.rows.find((x) => x.key === month)!;
                const s = series.find((x) => x.key === type)!;
                onDrill({ view: 'graduations', key: `${month}:${type}`, label: `${r.label} · ${s.label}` });
              }}
              segmentLabel={(c, s, value) => select(value, `${c.label}, ${s.label}`)}
            />
            {v.window && (
              <LineChart
                title={tr('web.dash.cumulative')}
                description={tr('web.dash.cumulativeDesc', { total: fmt.number(running), from: fmt.date(v.window.from), to: fmt.date(v.window.to) })}
                points={cumulative}
                format={fmt.number}
              />
            )}
          </>
        );
      }}
    </ViewSection>
  );
}

function PipelineSection({ params, onDrill }: SectionProps) {
  const tr = useT();
  const fmt = useFormat();
  const select = useSelectLabel();
  return (
    <ViewSection view="pipeline" params={params} table={(v) => <StandardTable v={v} rowHeader={tr('web.dash.item')} onDrill={onDrill} />}>
      {(v) => (
        <FunnelChart
          title={v.title}
          stages={v.rows.map((r) => ({ key: r.key, label: r.label, value: r.values.families ?? 0 }))}
          format={fmt.number}
          onSelect={(key) => onDrill({ view: 'pipeline', key, label: v.rows.find((r) => r.key === key)?.label ?? key })}
          selectLabel={(s) => select(s.value, s.label)}
        />
      )}
    </ViewSection>
  );
}

/** A bar chart of one number column over rows (drill on the row). */
function RowBars({ v, rows, column, onDrill, colour, title }: { v: DashboardView; rows: DashboardRow[]; column: string; onDrill: (d: Drill) => void; colour?: string; title?: string }) {
  const fmt = useFormat();
  const select = useSelectLabel();
  return (
    <BarChart
      title={title ?? v.title}
      colour={colour}
      items={rows.map((r) => ({ key: r.key, label: r.label, value: r.values[column] ?? 0 }))}
      format={fmt.number}
      onSelect={(key) => onDrill({ view: v.view, key: `${key}:families`, label: rows.find((r) => r.key === key)?.label ?? key })}
      selectLabel={(item) => select(item.value, item.label)}
    />
  );
}

function ReadinessSection({ params, onDrill }: SectionProps) {
  const tr = useT();
  return (
    <ViewSection view="readiness" params={params} note={tr('web.dash.readinessNote')} table={(v) => <StandardTable v={v} rowHeader={tr('web.dash.item')} onDrill={onDrill} />}>
      {(v) => <RowBars v={v} rows={v.rows} column="families" onDrill={onDrill} />}
    </ViewSection>
  );
}

function ComplianceSection({ params, onDrill }: SectionProps) {
  const tr = useT();
  const fmt = useFormat();
  const select = useSelectLabel();
  return (
    <ViewSection
      view="compliance"
      params={params}
      isEmpty={(v) => v.rows.length === 0}
      emptyText={tr('web.dash.emptyCompliance')}
      table={(v) => <StandardTable v={v} rowHeader={tr('web.dash.item')} onDrill={onDrill} />}
    >
      {(v) => (
        <BarChart
          title={v.title}
          max={100}
          items={v.rows.map((r) => ({
            key: r.key,
            label: r.label,
            value: r.values.rate ?? 0,
            valueText: tr('web.dash.rateOf', { rate: `${fmt.number(r.values.rate ?? 0)}%`, compliant: fmt.number(r.values.compliant ?? 0), families: fmt.number(r.values.families ?? 0) }),
          }))}
          format={(n) => `${fmt.number(n)}%`}
          onSelect={(key) => {
            const r = v.rows.find((x) => x.key === key)!;
            onDrill({ view: 'compliance', key: `${key}:notCompliant`, label: `${r.label} · ${v.columns.find((c) => c.key === 'notCompliant')?.label ?? ''}` });
          }}
          selectLabel={(item) => {
            const r = v.rows.find((x) => x.key === item.key)!;
            return select(r.values.notCompliant ?? 0, `${item.label}, ${v.columns.find((c) => c.key === 'notCompliant')?.label ?? ''}`);
          }}
        />
      )}
    </ViewSection>
  );
}

function ActivitySection({ params, onDrill }: SectionProps) {
  const tr = useT();
  const fmt = useFormat();
  const select = useSelectLabel();
  const [roles, setRoles] = useState(false);
  return (
    <ViewSection
      view="activity"
      params={params}
      table={(v) => <StandardTable v={v} rowHeader={tr('web.dash.item')} onDrill={onDrill} rows={v.rows.map((r) => ({ key: r.key, label: r.label, values: r.values, child: r.group !== null }))} />}
    >
      {(v) => {
        const groups = v.rows.filter((r) => r.group === null);
        const item = (r: DashboardRow) => ({
          key: r.key,
          label: r.label,
          value: r.values.activities ?? 0,
          valueText: tr('web.dash.activitiesUnit', { n: fmt.number(r.values.activities ?? 0), f: fmt.number(r.values.families ?? 0) }),
        });
        const drill = (key: string) => onDrill({ view: 'activity', key: `${key}:families`, label: v.rows.find((r) => r.key === key)?.label ?? key });
        return (
          <>
            <BarChart title={tr('web.dash.byGroup')} items={groups.map(item)} format={fmt.number} onSelect={drill} selectLabel={(i) => select(v.rows.find((r) => r.key === i.key)?.values.families ?? 0, i.label)} />
            <button type="button" className="button button-secondary" aria-expanded={roles} onClick={() => setRoles(!roles)}>
              {tr(roles ? 'web.dash.hideRoles' : 'web.dash.showRoles')}
            </button>
            {roles &&
              groups.map((g, gi) => (
                <BarChart
                  key={g.key}
                  title={g.label}
                  colour={['#0b5f56', '#b35c00', '#5b3f8c', '#1f4673'][gi % 4]}
                  items={v.rows.filter((r) => r.group === g.key.replace(/^group:/, '')).map(item)}
                  format={fmt.number}
                  onSelect={drill}
                  selectLabel={(i) => select(v.rows.find((r) => r.key === i.key)?.values.families ?? 0, i.label)}
                />
              ))}
          </>
        );
      }}
    </ViewSection>
  );
}

function FactorsSection({ params, onDrill }: SectionProps) {
  const tr = useT();
  return (
    <ViewSection view="factors" params={params} table={(v) => <StandardTable v={v} rowHeader={tr('web.dash.item')} onDrill={onDrill} />}>
      {(v) => (
        <>
          <RowBars v={v} title={tr('web.dash.factors')} rows={v.rows.filter((r) => r.group === 'factor')} column="families" onDrill={onDrill} />
          <RowBars v={v} title={tr('web.dash.obstacles')} colour="#8a1c12" rows={v.rows.filter((r) => r.group === 'obstacle')} column="families" onDrill={onDrill} />
        </>
      )}
    </ViewSection>
  );
}

function PendampingSection({ params, onDrill }: SectionProps) {
  const tr = useT();
  const fmt = useFormat();
  const select = useSelectLabel();
  return (
    <ViewSection view="pendamping" params={params} wide table={(v) => <StandardTable v={v} rowHeader={tr('web.dash.colPendamping')} onDrill={onDrill} />}>
      {(v) => (
        <>
          <p className="muted">{tr('web.dash.targetNote')}</p>
          <BarChart
            title={v.columns.find((c) => c.key === 'graduatedSejahteraMandiri')?.label ?? v.title}
            items={v.rows.map((r) => ({ key: r.key, label: r.label, value: r.values.graduatedSejahteraMandiri ?? 0, target: r.values.target }))}
            targetLabel={tr('web.dash.target')}
            format={fmt.number}
            onSelect={(key) => onDrill({ view: 'pendamping', key: `${key}:graduatedSejahteraMandiri`, label: `${v.rows.find((r) => r.key === key)?.label ?? key} · ${v.columns.find((c) => c.key === 'graduatedSejahteraMandiri')?.label ?? ''}` })}
            selectLabel={(i) => select(i.value, i.label)}
          />
        </>
      )}
    </ViewSection>
  );
}

function KelurahanSection({ params, onDrill }: SectionProps) {
  return (
    <ViewSection view="kelurahan" params={params} wide isEmpty={(v) => v.rows.length === 0}>
      {(v) => <KelurahanTable view={v} onDrill={onDrill} />}
    </ViewSection>
  );
}
