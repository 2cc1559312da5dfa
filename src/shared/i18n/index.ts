/**
 * Message catalogues. Bahasa Indonesia is the default language, English on request.
 * Each area owns a catalogue module in ./catalog (key -> {id, en}); keys are stable codes
 * shared by the server (error messages), the domain explanations and the web app.
 */
import { domainMessages, formatCalendarDateFor } from './catalog/domain';
import { serverMessages } from './catalog/server';
import { webMessages } from './catalog/web';

export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];
export const DEFAULT_LANG: Lang = 'id';

export interface Message {
  id: string;
  en: string;
}
export type Catalog = Record<string, Message>;
export type MessageParams = Record<string, string | number | null | undefined>;

const catalog: Catalog = { ...domainMessages, ...serverMessages, ...webMessages };

/**
 * Adds catalogues only the server speaks (account, audit and key messages), so they stay out of the
 * phone's bundle: the web app shows the server's own rendered messages for those. The server registers
 * them in src/server/i18n.ts.
 */
export function addMessages(more: Catalog): void {
  Object.assign(catalog, more);
}

export function hasMessage(key: string): boolean {
  return Object.hasOwn(catalog, key);
}

/** Writes a message's coded params as words (a state code as the state's name) in `lang`; must leave words as they are. */
export type ParamFormatter = (lang: Lang, params: MessageParams) => MessageParams;
const paramFormatters = new Map<string, ParamFormatter>();

/**
 * Params of every key starting with `prefix` go through `format` before the message is filled, so the code
 * that raises a message passes domain codes and every caller (errors, sync answers, screens) gets words.
 * A catalogue module registers its own (src/shared/i18n/catalog/graduation.ts); registering again replaces.
 */
export function addParamFormatter(prefix: string, format: ParamFormatter): void {
  paramFormatters.set(prefix, format);
}

function formattedParams(lang: Lang, key: string, params: MessageParams): MessageParams {
  let out = params;
  for (const [prefix, format] of paramFormatters) if (key.startsWith(prefix)) out = format(lang, out);
  return out;
}

/** Translate a key; `{name}` placeholders are filled from params. Unknown keys come back as the key. */
export function t(lang: Lang, key: string, params: MessageParams = {}): string {
  const entry = catalog[key];
  const template = entry ? entry[lang] : key;
  const readable = readableParams(lang, formattedParams(lang, key, params));
  const text = fillTemplate(template, readable);
  // A sentence that opens with a period made readable ("triwulan 2 2026 ditutup") starts with a capital.
  const first = /^\{(\w+)\}/.exec(template)?.[1];
  return first && readable !== params && readable[first] !== params[first] ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PERIODS = /^\d{4}-Q[1-4](, ?\d{4}-Q[1-4])*$/;

/**
 * Params as a person reads them: a calendar date (`2026-07-01`) written out ("1 Juli 2026"), a verification
 * period (`2026-Q2`, or a list of them) as "triwulan 2 2026" / "quarter 2 of 2026". Stored codes stay codes in
 * the data; only the sentence shows them so. Anything else passes through, and so does a `value` param: the
 * input a message quotes back ("Tanggal \"0001-01-01\" tidak valid") must read as it was written.
 */
function readableParams(lang: Lang, params: MessageParams): MessageParams {
  let out: MessageParams | null = null;
  for (const [k, v] of Object.entries(params)) {
    // `value` is what someone typed or a file held, quoted back so they can find it: never rewritten.
    if (typeof v !== 'string' || k === 'value') continue;
    let readable: string | null = null;
    if (CALENDAR_DATE.test(v)) readable = formatCalendarDateFor(lang, v);
    else if (PERIODS.test(v)) readable = v.split(/, ?/).map((p) => fillTemplate(catalog['period.quarter']![lang], { q: p.slice(6), year: p.slice(0, 4) })).join(', ');
    if (readable !== null && readable !== v) (out ??= { ...params })[k] = readable;
  }
  return out ?? params;
}

/** A template's `{name}` placeholders and `{name|one|other}` plurals filled from params (a missing one stays). */
export function fillTemplate(template: string, params: MessageParams = {}): string {
  return template
    .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (_, name: string, one: string, other: string) => (isOne(params[name]) ? one : other))
    .replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = params[name];
      return v === undefined || v === null ? `{${name}}` : String(v);
    });
}

/**
 * `{n|assessment|assessments}` in a template: the first word when the parameter is one (a number, or a number
 * already formatted, "1"), the second otherwise. English needs it; Indonesian nouns do not change.
 */
function isOne(v: MessageParams[string] | undefined): boolean {
  if (v === undefined || v === null) return false;
  return typeof v === 'number' ? v === 1 : String(v).trim() === '1';
}

/** Both languages at once, for errors that must be readable whatever the client asked for. */
export function tBoth(key: string, params: MessageParams = {}): Message {
  return { id: t('id', key, params), en: t('en', key, params) };
}

/** Pick a language from an Accept-Language header or an explicit `lang` value; Indonesian by default. */
export function pickLang(...candidates: Array<string | undefined | null>): Lang {
  for (const c of candidates) {
    if (!c) continue;
    const first = c.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en';
    if (first.startsWith('id') || first.startsWith('in')) return 'id';
  }
  return DEFAULT_LANG;
}

export function allMessageKeys(): string[] {
  return Object.keys(catalog);
}
