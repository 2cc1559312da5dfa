/** Small pieces shared by the casework screens: a labelled field with its error, a pager. */
import type { ReactNode } from 'react';
import { useFormat, useT } from '../../i18n/I18nProvider';
import './casework.css';

export function FieldError({ text }: { text: string }) {
  return <p className="field-error">{text}</p>;
}

/** A label, the control (whose id is `id`) and the message for it, if any. */
export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string | null; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <p className="hint">{hint}</p>}
      {error && <FieldError text={error} />}
    </div>
  );
}

export function Pager({ offset, size, total, shown, onChange }: { offset: number; size: number; total: number; shown: number; onChange: (offset: number) => void }) {
  const tr = useT();
  const fmt = useFormat();
  if (offset === 0 && offset + size >= total) return null;
  return (
    <p className="pager">
      <button type="button" className="button button-secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - size))}>
        {tr('web.dataUpdate.newer')}
      </button>
      <span className="pager-pos">
        {tr('web.dataUpdate.range', { from: fmt.number(shown + 1), to: fmt.number(Math.min(shown + size, total)), total: fmt.number(total) })}
      </span>
      <button type="button" className="button button-secondary" disabled={offset + size >= total} onClick={() => onChange(offset + size)}>
        {tr('web.dataUpdate.older')}
      </button>
    </p>
  );
}
