import { useEffect, useId, useState } from 'react';
import { isRetryable } from '../../api/client';
import { ErrorMessage, Loading } from '../../app/ui';
import { useFamilies } from '../../data/queries';
import type { FamilySummary } from '../../data/types';
import { useT } from '../../i18n/I18nProvider';
import './messages';

export const PICKER_PAGE = 10;
const DEBOUNCE_MS = 300;

/** A family chosen for a group: what the screens need to show it. */
export type ChosenFamily = Pick<FamilySummary, 'id' | 'headName' | 'kelurahanCode' | 'kelurahanName'>;

/**
 * Search the caseload (active families, in the user's scope) and choose families: each result has its own
 * large "Pilih" button; families already chosen (or excluded, e.g. current members) are marked.
 */
export function FamilyPicker({ chosen, exclude = [], onChoose }: { chosen: ChosenFamily[]; exclude?: string[]; onChoose: (f: ChosenFamily) => void }) {
  const tr = useT();
  const ids = { search: useId(), hint: useId() };
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const families = useFamilies({ q: q || undefined, status: 'aktif', limit: PICKER_PAGE, offset: 0 });
  const taken = new Set([...chosen.map((f) => f.id), ...exclude]);

  return (
    <div className="family-picker">
      <div className="field">
        <label htmlFor={ids.search}>{tr('web.groups.search')}</label>
        <input id={ids.search} type="search" name="familySearch" autoComplete="off" enterKeyHint="search" aria-describedby={ids.hint} value={text} onChange={(e) => setText(e.target.value)} />
        <p id={ids.hint} className="hint">
          {tr('web.groups.searchHint')}
        </p>
      </div>
      {families.isPending ? (
        <Loading />
      ) : families.isError ? (
        <ErrorMessage error={families.error} onRetry={isRetryable(families.error) ? () => families.refetch() : undefined} />
      ) : families.data.items.length === 0 ? (
        <p className="muted">{tr('web.groups.searchNone')}</p>
      ) : (
        <ul className="picker-results" aria-busy={families.isFetching}>
          {families.data.items.map((f) => (
            <li key={f.id} className="picker-row">
              <span className="picker-who">
                <span className="picker-name">{f.headName}</span>
                <span className="hint">{f.kelurahanName ?? f.kelurahanCode}</span>
              </span>
              {taken.has(f.id) ? (
                <span className="muted picker-taken">{tr('web.groups.alreadyChosen')}</span>
              ) : (
                <button
                  type="button"
                  className="button button-secondary"
                  aria-label={tr('web.groups.addNamed', { name: f.headName })}
                  onClick={() => onChoose({ id: f.id, headName: f.headName, kelurahanCode: f.kelurahanCode, kelurahanName: f.kelurahanName })}
                >
                  {tr('web.groups.add')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The families chosen so far, each with a remove button and, when the server refused it, its message. */
export function ChosenList({ chosen, errors, onRemove }: { chosen: ChosenFamily[]; errors: Record<string, string>; onRemove: (id: string) => void }) {
  const tr = useT();
  if (chosen.length === 0) return <p className="muted">{tr('web.groups.noneChosen')}</p>;
  return (
    <ul className="picker-results chosen-list">
      {chosen.map((f) => (
        <li key={f.id} className="picker-row" data-invalid={errors[f.id] ? 'true' : undefined}>
          <span className="picker-who">
            <span className="picker-name">{f.headName}</span>
            <span className="hint">{f.kelurahanName ?? f.kelurahanCode}</span>
            {errors[f.id] && <span className="field-error">{errors[f.id]}</span>}
          </span>
          <button type="button" className="button button-ghost" aria-label={tr('web.groups.removeNamed', { name: f.headName })} onClick={() => onRemove(f.id)}>
            {tr('web.groups.remove')}
          </button>
        </li>
      ))}
    </ul>
  );
}
