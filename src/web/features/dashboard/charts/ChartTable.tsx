/**
 * The table behind a chart (its text alternative, and the way to reach every number by keyboard): one row
 * per item, one column per number; `families` cells are buttons that drill down to those families.
 */
export interface TableColumn {
  key: string;
  label: string;
  unit: 'families' | 'activities' | 'percent' | 'target';
}

export interface TableRow {
  key: string;
  label: string;
  values: Record<string, number | null>;
  /** Indented under the previous group row. */
  child?: boolean;
}

interface Props {
  caption: string;
  rowHeader: string;
  columns: TableColumn[];
  rows: TableRow[];
  format: (n: number) => string;
  formatPercent: (n: number) => string;
  onSelect?: (row: string, column: string) => void;
  /** e.g. "Lihat 12 keluarga: Harjamukti, Kandidat". */
  selectLabel?: (row: TableRow, column: TableColumn, value: number) => string;
}

export function ChartTable({ caption, rowHeader, columns, rows, format, formatPercent, onSelect, selectLabel }: Props) {
  return (
    <div className="table-scroll">
      <table className="chart-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className="num">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.child ? 'chart-table-child' : undefined}>
              <th scope="row">{r.label}</th>
              {columns.map((c) => {
                const v = r.values[c.key];
                const text = v === null || v === undefined ? '–' : c.unit === 'percent' ? formatPercent(v) : format(v);
                return (
                  <td key={c.key} className="num">
                    {onSelect && c.unit === 'families' && v ? (
                      <button type="button" className="link-button" onClick={() => onSelect(r.key, c.key)} >
                        {text}
                        {selectLabel && <span className="visually-hidden"> ({selectLabel(r, c, v)})</span>}
                      </button>
                    ) : (
                      text
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
