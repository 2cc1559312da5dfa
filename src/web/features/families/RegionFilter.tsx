import { useId } from 'react';
import { useRegions } from '../../data/queries';
import { useT } from '../../i18n/I18nProvider';

/** Kemendagri codes: 1 segment provinsi, 2 kota/kabupaten, 3 kecamatan, 4 kelurahan/desa. */
export const KELURAHAN_DEPTH = 4;

export function regionDepth(code: string | null | undefined): number {
  return code ? code.split('.').length : 0;
}

const REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;
const KELURAHAN_CODE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;

/** A Kemendagri code of any level (`32`, `32.76`, `32.76.02`, `32.76.02.1009`); anything else is ignored. */
export function isRegionCode(code: string | null | undefined): code is string {
  return typeof code === 'string' && REGION_CODE.test(code);
}

export function isKelurahanCode(code: string | null | undefined): code is string {
  return typeof code === 'string' && KELURAHAN_CODE.test(code);
}

/** Whether `code` lies in `scope` (itself or below it); everything lies in a null scope. */
export function regionWithin(scope: string | null, code: string): boolean {
  return !scope || code === scope || code.startsWith(`${scope}.`);
}

export function regionPrefix(code: string, depth: number): string {
  return code.split('.').slice(0, depth).join('.');
}

interface Props {
  /** The user's scope region (null: everything). */
  scope: string | null;
  /** The chosen region: a kelurahan, or a region above it while the user narrows down. */
  value: string;
  onChange: (code: string) => void;
}

/**
 * The selects of a cascade from below `scope` down to kelurahan, as far as `value` has been chosen: each level
 * with the region its options come from (`parent`) and what is chosen at it.
 */
export function regionLevels(scope: string | null, value: string): Array<{ depth: number; parent: string | null; selected: string }> {
  const rootDepth = regionDepth(scope);
  const chosenDepth = regionDepth(value);
  const levels: Array<{ depth: number; parent: string | null; selected: string }> = [];
  for (let depth = rootDepth + 1; depth <= KELURAHAN_DEPTH; depth++) {
    const parentDepth = depth - 1;
    let parent: string | null;
    if (parentDepth === rootDepth) parent = scope;
    else if (chosenDepth >= parentDepth) parent = regionPrefix(value, parentDepth);
    else break;
    levels.push({ depth, parent, selected: chosenDepth >= depth ? regionPrefix(value, depth) : '' });
  }
  return levels;
}

/**
 * A cascade of selects from below the user's scope down to kelurahan: a pendamping scoped to a
 * kecamatan sees one select (its kelurahan); a kota coordinator first picks a kecamatan.
 */
export function RegionFilter({ scope, value, onChange }: Props) {
  const rootDepth = regionDepth(scope);
  const levels = regionLevels(scope, value);
  return (
    <>
      {levels.map((l) => (
        <RegionSelect
          key={l.depth}
          depth={l.depth}
          parent={l.parent}
          selected={l.selected}
          onChange={(code) => {
            if (code) onChange(code);
            else onChange(l.depth - 1 > rootDepth && l.parent ? l.parent : '');
          }}
        />
      ))}
    </>
  );
}

function RegionSelect(props: { depth: number; parent: string | null; selected: string; onChange: (code: string) => void }) {
  const tr = useT();
  const id = useId();
  const regions = useRegions(props.parent);
  // A level the server will not list (e.g. the top level) is simply not offered.
  if (regions.isError) return null;
  const items = regions.data ?? [];
  return (
    <div className="field">
      <label htmlFor={id}>{tr(`web.region.level.${props.depth}`)}</label>
      <select
        id={id}
        name={props.depth === KELURAHAN_DEPTH ? 'kelurahan' : `wilayah${props.depth}`}
        value={props.selected}
        disabled={regions.isPending}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">{tr(`web.region.all.${props.depth}`)}</option>
        {props.selected && !items.some((r) => r.code === props.selected) && (
          <option value={props.selected}>{props.selected}</option>
        )}
        {items.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name}
          </option>
        ))}
      </select>
    </div>
  );
}
