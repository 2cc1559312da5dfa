/**
 * An entry's details, readably: who (username, role, address), what was recorded (the record, the hash),
 * and its data as words: a change as a table of before and after per field, anything else as a list of
 * field: value. Records and fields are named in words (messages-details.ts, else the family history's
 * `web.history.field.*`); one a newer server writes and the catalogue lacks is humanised (`storylineChars`:
 * "storyline chars"), never shown as a raw code. NIK and No. KK never show, not even masked (the server masks
 * them in the trail): a field that is one is left out, and one inside other text is replaced by words.
 */
import type { AuditEntry } from '../../data/audit';
import { type TFunction, useFormat, useT } from '../../i18n/I18nProvider';
import { hasMessage } from '../../../shared/i18n';
import { labelOr } from '../families/labels';
import './messages';
import './messages-details';

type Format = ReturnType<typeof useFormat>;
type Json = Record<string, unknown>;

/** Fields that hold a NIK or a No. KK: left out. */
const IDENTIFIER_KEYS = new Set(['nik', 'kkNumber', 'kk', 'kk_number', 'nikMasked', 'kkMasked', 'nikHash', 'kkHash']);
/**
 * A NIK or a No. KK (16 digits, masked with `*` or not, perhaps in groups split by single spaces) anywhere in a
 * text; longer runs of digits too (an identifier with a digit too many is still one).
 */
const IDENTIFIER_RUN = /[0-9*](?: ?[0-9*]){15,}/g;
/** A value that is nothing but such a run: left out whatever its field. */
const IDENTIFIER_VALUE = /^\s*[0-9*](?: ?[0-9*]){15,}\s*$/;
/** A hex digest (a file's SHA-256, a hash): its digits are no identifier. */
const HEX_DIGEST = /^[0-9a-f]{40,}$/i;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Items of a list shown before "… and n more". */
const MAX_ITEMS = 10;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A whole number of 16 digits or more: a NIK or No. KK sent as a number (no amount the trail records is that large). */
const isIdentifierNumber = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) >= 1e15;
const isHidden = (key: string, v: unknown) => IDENTIFIER_KEYS.has(key) || (typeof v === 'string' && IDENTIFIER_VALUE.test(v)) || isIdentifierNumber(v);

/** Whether a text holds a NIK or No. KK somewhere inside it. */
export function containsIdentifier(text: string): boolean {
  return !HEX_DIGEST.test(text) && new RegExp(IDENTIFIER_RUN.source).test(text);
}

/** The text with each NIK or No. KK inside it replaced by words ("(NIK/No. KK disembunyikan)"). */
export function maskIdentifiers(tr: TFunction, text: string): string {
  return containsIdentifier(text) ? text.replace(IDENTIFIER_RUN, tr('web.audit.details.identifier')) : text;
}

/** A code in words of its own: `storylineChars`, `research_documents`, `benefit-index` as "storyline chars" and so on. */
export function humanise(code: string): string {
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words || code;
}

/** Whether anything in the data was left out as an identifier. */
export function hidesIdentifiers(v: unknown, key = ''): boolean {
  if (isHidden(key, v)) return true;
  if (typeof v === 'string') return containsIdentifier(v);
  if (Array.isArray(v)) return v.some((x) => hidesIdentifiers(x));
  if (isObject(v)) return Object.entries(v).some(([k, x]) => hidesIdentifiers(x, k));
  return false;
}

const visibleEntries = (o: Json) => Object.entries(o).filter(([k, v]) => !isHidden(k, v));

/** A field in words: the audit screen's, else the family history's, else the key humanised (never an identifier in it). */
export function fieldLabel(tr: TFunction, key: string): string {
  if (hasMessage(`web.audit.field.${key}`)) return tr(`web.audit.field.${key}`);
  if (hasMessage(`web.history.field.${key}`)) return tr(`web.history.field.${key}`);
  return maskIdentifiers(tr, humanise(key));
}

/** What an entry recorded, in words: its entity code said, else humanised. */
export function entityLabel(tr: TFunction, entity: string): string {
  return hasMessage(`web.audit.entity.${entity}`) ? tr(`web.audit.entity.${entity}`) : maskIdentifiers(tr, humanise(entity));
}

/** A single value as text: dates and times readable, yes/no in words, field names (`fields`) labelled. */
export function valueText(tr: TFunction, fmt: Format, v: unknown, key = ''): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'boolean') return tr(v ? 'web.audit.yes' : 'web.audit.no');
  if (typeof v === 'number') return fmt.number(v);
  if (typeof v === 'string') {
    if (v === '') return tr('web.audit.details.empty');
    if (CALENDAR_DATE.test(v)) return fmt.date(v);
    if (INSTANT.test(v) && !Number.isNaN(Date.parse(v))) return fmt.timestamp(v);
    return key === 'fields' ? fieldLabel(tr, v) : maskIdentifiers(tr, v);
  }
  if (Array.isArray(v)) {
    const shown = v.filter((x) => !isHidden(key, x));
    const words = shown.slice(0, MAX_ITEMS).map((x) => valueText(tr, fmt, x, key));
    const more = shown.length > MAX_ITEMS ? [tr('web.audit.details.more', { n: shown.length - MAX_ITEMS })] : [];
    return [...words, ...more].join(', ') || tr('web.audit.details.empty');
  }
  if (isObject(v)) {
    const parts = visibleEntries(v).map(([k, x]) => `${fieldLabel(tr, k)}: ${valueText(tr, fmt, x, k)}`);
    return parts.join('; ') || tr('web.audit.details.empty');
  }
  return String(v);
}

/** A value on screen: objects and lists of objects as nested lists (two levels), the rest as text. */
function Value({ v, k, depth }: { v: unknown; k: string; depth: number }) {
  const tr = useT();
  const fmt = useFormat();
  if (depth < 2 && isObject(v) && visibleEntries(v).length > 0) return <FieldList data={v} depth={depth + 1} />;
  if (depth < 2 && Array.isArray(v) && v.some(isObject)) {
    const items = v.filter((x) => !isHidden(k, x));
    return (
      <ol className="audit-items">
        {items.slice(0, MAX_ITEMS).map((x, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the items have no identity of their own
          <li key={i}>{isObject(x) ? <FieldList data={x} depth={depth + 1} /> : valueText(tr, fmt, x, k)}</li>
        ))}
        {items.length > MAX_ITEMS && <li className="muted">{tr('web.audit.details.more', { n: items.length - MAX_ITEMS })}</li>}
      </ol>
    );
  }
  return <>{valueText(tr, fmt, v, k)}</>;
}

/** Field: value, as a description list. */
function FieldList({ data, depth = 0 }: { data: Json; depth?: number }) {
  const tr = useT();
  const rows = visibleEntries(data);
  if (rows.length === 0) return <p className="muted">{tr('web.audit.details.none')}</p>;
  return (
    <dl className="audit-fields">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{fieldLabel(tr, k)}</dt>
          <dd>
            <Value v={v} k={k} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Before and after side by side, one row per field that either names. */
function ChangeTable({ before, after }: { before: Json; after: Json }) {
  const tr = useT();
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !isHidden(k, before[k]) && !isHidden(k, after[k]));
  if (keys.length === 0) return <p className="muted">{tr('web.audit.details.none')}</p>;
  return (
    <div className="audit-change-wrap">
      <table className="audit-change">
        <caption className="visually-hidden">{tr('web.audit.details.changes')}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('web.audit.details.field')}</th>
            <th scope="col">{tr('web.audit.details.before')}</th>
            <th scope="col">{tr('web.audit.details.after')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <th scope="row">{fieldLabel(tr, k)}</th>
              <td>{k in before ? <Value v={before[k]} k={k} depth={1} /> : <span className="muted">–</span>}</td>
              <td>{k in after ? <Value v={after[k]} k={k} depth={1} /> : <span className="muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The disclosure's content for one entry. */
export function EntryDetails({ entry }: { entry: AuditEntry }) {
  const tr = useT();
  const before = isObject(entry.before) ? entry.before : null;
  const after = isObject(entry.after) ? entry.after : null;
  const hidden = hidesIdentifiers(entry.before) || hidesIdentifiers(entry.after);
  const record = entityLabel(tr, entry.entity);
  // Defence in depth: none of these should ever hold an identifier, but a username or record id that does is masked.
  const mask = (text: string) => maskIdentifiers(tr, text);
  return (
    <div className="audit-details-body">
      <dl className="audit-fields audit-meta">
        <div>
          <dt>{tr('web.audit.details.seq')}</dt>
          <dd>#{entry.seq}</dd>
        </div>
        {entry.actor && (
          <div>
            <dt>{tr('web.audit.details.username')}</dt>
            <dd className="mono">{mask(entry.actor)}</dd>
          </div>
        )}
        {entry.actorRole && (
          <div>
            <dt>{tr('web.audit.details.role')}</dt>
            <dd>{labelOr(tr, `web.role.${entry.actorRole}`, entry.actorRole)}</dd>
          </div>
        )}
        {entry.clientIp && (
          <div>
            <dt>{tr('web.audit.details.ip')}</dt>
            <dd className="mono">{mask(entry.clientIp)}</dd>
          </div>
        )}
        <div>
          <dt>{tr('web.audit.details.record')}</dt>
          <dd>
            {record}
            {entry.recordId && (
              <>
                {' '}
                <span className="mono">{mask(entry.recordId)}</span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{tr('web.audit.details.hash')}</dt>
          <dd className="mono audit-hash">{entry.hash}</dd>
        </div>
      </dl>
      <p className="audit-details-title">
        <strong>{before && after ? tr('web.audit.details.changes') : tr('web.audit.details.data')}</strong>
      </p>
      {before && after ? (
        <ChangeTable before={before} after={after} />
      ) : after || before ? (
        <FieldList data={(after ?? before)!} />
      ) : (
        <p className="muted">{tr('web.audit.details.none')}</p>
      )}
      {hidden && <p className="hint">{tr('web.audit.details.hidden')}</p>}
    </div>
  );
}
