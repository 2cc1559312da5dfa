/**
 * User-supplied names (display names) may hold bidirectional control characters (U+202E RIGHT-TO-LEFT
 * OVERRIDE and the like) that reverse the text shown after them, e.g. the username beside the name. Where
 * a name can be wrapped in an element, `<bdi>` isolates it; where it cannot (an `<option>` holds text
 * only), the controls are taken out of the text shown. The server refuses such names now, but older
 * data may hold them.
 */

/** Embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the LRM and RLM marks (U+200E, U+200F). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g;

/** The text without its bidi control characters (for display only: never for what is sent or compared). */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
