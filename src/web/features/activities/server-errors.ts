/**
 * The server's refusal of an activity, by field. Sent online, a 400/422 carries `fields` (`date`, `roles.1`).
 * Recorded with offline work on, the activity goes through the sync outbox (`POST /sync/push`), whose refusal
 * carries the same `fields` (kept with the refused outbox item; `refusedError` in src/web/sync/engine.ts gives
 * them to the error), so both ways show each message beside its field. An older server's refusal carries one
 * sentence only ("Data tidak valid: Tanggal: …", see fieldSentences in src/server/services/sync-push.service.ts):
 * for it alone the sentences are given back to the fields they name, without the "Data tidak valid:" prefix.
 */
import { type ApiError, type FieldErrors, isApiError } from '../../api/client';
import { syncMessages } from '../../../shared/i18n/catalog/sync';
import { LANGS } from '../../../shared/i18n';

/** The fields of the activity form, as the sync refusal names them (`sync.field.*`). */
const FORM_FIELDS = ['date', 'type', 'roles', 'factors', 'obstacles', 'notes', 'location', 'reason'] as const;

/**
 * The server's field messages of a failed save (empty when there are none): the answer's `fields` when it has
 * them (online, or a sync refusal from a server that sends them), else what an older server's sentence names.
 */
export function activityFieldErrors(error: unknown): FieldErrors {
  if (!isApiError(error) || (error.status !== 422 && error.status !== 400)) return {};
  if (Object.keys(error.fields).length > 0) return error.fields;
  return syncRefusalFields(error) ?? {};
}

/**
 * A sync refusal without `fields` (an older server: "Data tidak valid: {details}") as fields; what names no
 * field of the form stays under `''` (a general line). Null when the error is not such a refusal.
 */
export function syncRefusalFields(error: ApiError): FieldErrors | null {
  if (!error.code.startsWith('sync.')) return null;
  const reason = error.message;
  const template = syncMessages['sync.refused.invalid'];
  if (!template) return null;
  const prefix = LANGS.map((l) => template[l].split('{details}')[0] ?? '').find((p) => p && reason.startsWith(p));
  if (!prefix) return null;
  const details = reason.slice(prefix.length).trim();
  const labels = FORM_FIELDS.flatMap((field) => {
    const label = syncMessages[`sync.field.${field}`];
    return label ? LANGS.map((l) => ({ field, label: label[l] })) : [];
  }).sort((a, b) => b.label.length - a.label.length);
  const out: FieldErrors = {};
  const add = (key: string, sentence: string) => {
    out[key] = out[key] ? `${out[key]} ${sentence}` : sentence;
  };
  // One sentence a field; a sentence ends with . ! or ? and the next begins with a capital letter.
  for (const sentence of details.split(/(?<=[.!?])\s+(?=\p{Lu})/u)) {
    const s = sentence.trim();
    if (!s) continue;
    const lower = s.toLowerCase();
    const named = labels.find(({ label }) => lower.startsWith(`${label.toLowerCase()}: `));
    if (named) {
      add(named.field, s.slice(named.label.length + 2).trim());
      continue;
    }
    // The server leaves the label out when the message opens with it ("Tanggal tidak boleh …").
    const opens = labels.find(({ label }) => lower.startsWith(`${label.toLowerCase()} `));
    add(opens?.field ?? '', s);
  }
  return out;
}
