/**
 * Said as the user types into staff free text (notes, reasons, narratives, places, titles): a 16-digit number
 * there looks like a NIK or No. KK, and the server masks it when the text is saved (docs/security.md). The rule
 * is the server's own (src/domain/free-text-identifiers.ts). Imported by feature code only, so neither it nor
 * its words are in the first screen's JavaScript.
 */
import { hasIdentifierRun } from '../../../domain/free-text-identifiers';
import { useT } from '../../i18n/I18nProvider';
import './messages';

/**
 * A polite live region, always present (so a screen reader announces the warning when it appears), holding
 * the warning while `text` has a run. `id` lets the field name it in `aria-describedby`.
 */
export function IdentifierHint({ text, id }: { text: string | null | undefined; id?: string }) {
  const tr = useT();
  const show = !!text && hasIdentifierRun(text);
  return (
    <div role="status" className="identifier-hint">
      {show && (
        <p id={id} className="hint hint-warn">
          {tr('web.freeText.identifierWarning')}
        </p>
      )}
    </div>
  );
}
