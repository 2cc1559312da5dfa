/**
 * NIK and No. KK typed into free text (notes, reasons, narratives): the one rule that finds them, used to
 * mask them when staff text is stored, to pseudonymise text for researchers, to keep them out of the logs and
 * to warn as a form is typed in. Pure and small: the web app imports it from feature code only.
 *
 * A run is 16 digits or more, where one space (or tab, or line break), dot or dash may stand between two
 * digits: `3276022103870003`, `3276 0221 0387 0003`, `3276.0221.0387.0003`. Two separators in a row end a
 * run. A phone number (10-13 digits), a date, a rupiah amount (`2.500.000`) or a 13-digit BPJS/KIS number is
 * never a run by itself; numbers written one after the other with a single separator between them count
 * together (`0812345678 0812345678` is 20 digits, and masked).
 */

/** The pattern of a run (global: use with `replace`, `matchAll`; `identifierRuns()` gives a fresh one). */
export const IDENTIFIER_RUN = /(?<!\d)\d(?:[\s.-]?\d){15,}(?!\d)/g;

/** What a run becomes in stored staff text: no digit of it is kept. */
export const MASKED_IDENTIFIER = '[NIK/KK disamarkan]';

/** A fresh global copy of the pattern (a global RegExp keeps `lastIndex` between `test` calls). */
export function identifierRuns(): RegExp {
  return new RegExp(IDENTIFIER_RUN.source, 'g');
}

const ANY_RUN = new RegExp(IDENTIFIER_RUN.source); // (not global: `test` keeps no state)

/** Whether the text holds a run (a NIK or No. KK, with or without separators). */
export function hasIdentifierRun(text: string): boolean {
  return ANY_RUN.test(text);
}

/** Every run replaced by what `by` makes of it. */
export function replaceIdentifierRuns(text: string, by: (run: string) => string): string {
  return text.replace(IDENTIFIER_RUN, by);
}

/**
 * Staff text as it is stored: each run replaced by `[NIK/KK disamarkan]`, everything else byte for byte as
 * typed; `masked` says how many runs there were. Idempotent (the placeholder holds no digit).
 */
export function maskIdentifiersForStorage(text: string): { text: string; masked: number } {
  let masked = 0;
  const out = text.replace(IDENTIFIER_RUN, () => {
    masked += 1;
    return MASKED_IDENTIFIER;
  });
  return { text: masked === 0 ? text : out, masked };
}
