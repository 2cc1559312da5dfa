import { useLang, useFormat, useT } from '../../i18n/I18nProvider';
import { useData } from '../../data/context';
import type { Cooccurrence, FrequencyRow, ResearchExport } from '../../data/research';
import { QueryState, ResearchShell } from './common';
import { useCooccurrence, useFrequencies } from './queries';

const EXPORTS: Array<{ kind: ResearchExport; key: string }> = [
  { kind: 'codebook.csv', key: 'web.research.export.codebook' },
  { kind: 'segments.csv', key: 'web.research.export.segments' },
  { kind: 'report.pdf', key: 'web.research.export.report' },
];

/** A heat cell's background: from white towards the brand colour by its share of the largest value (text stays readable). */
export function heat(n: number, max: number): string | undefined {
  if (n <= 0 || max <= 0) return undefined;
  const a = Math.max(0.12, Math.min(1, n / max));
  return `rgba(11, 95, 86, ${(a * 0.45).toFixed(2)})`;
}

/**
 * `/riset/tabel`: the code frequency table, the co-occurrence matrix as heat cells, and the exports (codebook, coded segments, report).
 * Each table scrolls sideways in a box reachable with the keyboard (tabIndex 0), named by its heading as a group: the
 * section around it is already the landmark with that name (a second `region` of the same name fails axe landmark-unique).
 */
export function TablesPage() {
  const tr = useT();
  return (
    <ResearchShell title={tr('web.research.tables')} wide>
      {() => (
        <div className="research-tables">
          <Exports />
          <Frequencies />
          <CooccurrenceMatrix />
        </div>
      )}
    </ResearchShell>
  );
}

function Exports() {
  const tr = useT();
  const [lang] = useLang();
  const data = useData();
  return (
    <section className="card research-exports" aria-labelledby="research-exports-h">
      <h2 id="research-exports-h">{tr('web.research.exports')}</h2>
      <ul className="research-export-list">
        {EXPORTS.map((e) => (
          <li key={e.kind}>
            <a className="button button-secondary" href={data.researchExportUrl(e.kind, lang)} download data-export={e.kind}>
              {tr(e.key)}
            </a>
          </li>
        ))}
      </ul>
      <p className="hint">{tr('web.research.exportHint')}</p>
    </section>
  );
}

function Frequencies() {
  const tr = useT();
  const fmt = useFormat();
  const q = useFrequencies();
  return (
    <section aria-labelledby="research-freq-h">
      <h2 id="research-freq-h">{tr('web.research.frequencies')}</h2>
      <QueryState query={q}>
        {(rows: FrequencyRow[]) => {
          const used = [...rows].filter((r) => r.segments > 0).sort((a, b) => b.segments - a.segments || a.label.localeCompare(b.label));
          if (used.length === 0) return <p className="muted">{tr('web.research.noFrequencies')}</p>;
          return (
            <div className="research-table-wrap" role="group" aria-labelledby="research-freq-h" tabIndex={0}>
              <table className="research-table research-freq">
                <thead>
                  <tr>
                    <th scope="col">{tr('web.research.col.label')}</th>
                    <th scope="col" className="research-col-code">
                      {tr('web.research.col.code')}
                    </th>
                    <th scope="col" className="num">
                      {tr('web.research.col.segments')}
                    </th>
                    <th scope="col" className="num">
                      {tr('web.research.col.documents')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {used.map((r) => (
                    <tr key={r.codeId} data-code={r.code}>
                      <th scope="row">{r.label}</th>
                      <td className="mono research-col-code">{r.code}</td>
                      <td className="num">{fmt.number(r.segments)}</td>
                      <td className="num">{fmt.number(r.documents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryState>
    </section>
  );
}

function CooccurrenceMatrix() {
  const tr = useT();
  const fmt = useFormat();
  const q = useCooccurrence();
  return (
    <section aria-labelledby="research-co-h">
      <h2 id="research-co-h">{tr('web.research.cooccurrence')}</h2>
      <p className="hint">{tr('web.research.cooccurrenceHint')}</p>
      <QueryState query={q}>
        {(co: Cooccurrence) => {
          if (co.codes.length === 0) return <p className="muted">{tr('web.research.noCooccurrence')}</p>;
          const max = Math.max(0, ...co.matrix.flatMap((row, i) => row.filter((_, j) => j !== i)));
          return (
            <div className="research-table-wrap" role="group" aria-labelledby="research-co-h" tabIndex={0}>
              <table className="research-table research-matrix">
                <thead>
                  <tr>
                    <td />
                    {co.codes.map((c, j) => (
                      <th key={c.id} scope="col" title={c.label}>
                        <span aria-hidden="true">{j + 1}</span>
                        <span className="visually-hidden">{c.label}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {co.codes.map((row, i) => (
                    <tr key={row.id}>
                      <th scope="row">
                        <span className="research-matrix-n" aria-hidden="true">
                          {i + 1}.
                        </span>{' '}
                        {row.label}
                      </th>
                      {co.codes.map((col, j) => {
                        const n = co.matrix[i]?.[j] ?? 0;
                        return (
                          <td key={col.id} className={`num${i === j ? ' research-diagonal' : ''}`} data-cell={`${row.id}:${col.id}`} style={i === j ? undefined : { background: heat(n, max) }}>
                            {fmt.number(n)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryState>
    </section>
  );
}
