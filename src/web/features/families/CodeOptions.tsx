import { useT } from '../../i18n/I18nProvider';
import { labelOr } from './labels';

/** The `<option>`s of a list of codes, each named by its catalogue label (`{prefix}.{code}`), or the code itself. */
export function CodeOptions({ codes, prefix }: { codes: readonly string[]; prefix: string }) {
  const tr = useT();
  return (
    <>
      {codes.map((c) => (
        <option key={c} value={c}>
          {labelOr(tr, `${prefix}.${c}`, c)}
        </option>
      ))}
    </>
  );
}
