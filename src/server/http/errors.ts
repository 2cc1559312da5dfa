import '../i18n';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { hasMessage, type Lang, type MessageParams, pickLang, t, tBoth } from '../../shared/i18n/index';
import { replaceIdentifierRuns } from '../../domain/free-text-identifiers';

/** An error with a stable code whose message comes from the catalogues, in the caller's language. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: MessageParams = {},
    /** field path -> catalogue key or {key, params} */
    readonly fields: Record<string, string | { key: string; params?: MessageParams }> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
  }
}

export const notFound = () => new HttpError(404, 'error.not_found');
export const forbidden = () => new HttpError(403, 'error.forbidden');

/**
 * The caller's language: `?lang=` first, then `Accept-Language`, Indonesian by default. Read from the raw URL:
 * a route's query schema drops keys it does not name, `lang` among them.
 */
export function requestLang(req: FastifyRequest): Lang {
  const url = req.raw.url ?? req.url ?? '';
  const at = url.indexOf('?');
  const asked = at >= 0 && url.includes('lang=', at) ? (new URLSearchParams(url.slice(at + 1)).get('lang') ?? undefined) : undefined;
  return pickLang(asked, req.headers['accept-language']);
}

function render(lang: Lang, key: string, params?: MessageParams): string {
  return t(lang, hasMessage(key) ? key : 'validation.invalid', params);
}

export interface ErrorBody {
  error: { code: string; message: string; messages: { id: string; en: string }; fields: Record<string, string> };
}

export function errorBody(lang: Lang, code: string, params: MessageParams, fields: HttpError['fields']): ErrorBody {
  const rendered: Record<string, string> = {};
  for (const [path, f] of Object.entries(fields)) {
    rendered[path] = typeof f === 'string' ? render(lang, f) : render(lang, f.key, f.params);
  }
  return {
    error: {
      code: code.replace(/^error\./, ''),
      message: t(lang, code, params),
      messages: tBoth(code, params),
      fields: rendered,
    },
  };
}

/** Zod's type names, as a sentence of the catalogue. */
const TYPE_KEYS: Record<string, string> = {
  int: 'validation.whole_number',
  number: 'validation.not_a_number',
  string: 'validation.string',
  boolean: 'validation.boolean',
  array: 'validation.list',
};

/** Zod's bounds ("Too small: expected number to be >=0", "Too big: expected string to have <=3 characters") as a catalogue sentence. */
function zodBound(message: string): { key: string; params: MessageParams } | null {
  const m = /^Too (small|big): expected (number|string|array) to (?:be|have) ([<>]=?)(-?\d+(?:\.\d+)?)(?![\d.e])/i.exec(message);
  if (!m) return null;
  const [, size, kind, op, value] = m;
  const which = size!.toLowerCase() === 'small' ? 'min' : 'max';
  // A strict bound (`.positive()`, `.gt(0)`) says "more than" / "less than": "at least 0" would be wrong.
  const strict = op === '>' || op === '<';
  if (strict && kind!.toLowerCase() !== 'number') return null;
  return { key: `validation.${kind!.toLowerCase()}_${which}${strict ? '_strict' : ''}`, params: { [which]: Number(value) } };
}

/** Zod issues -> field messages. Our schemas carry catalogue keys as messages; anything else is mapped by issue kind. */
export function zodFields(validation: Array<{ instancePath?: string; message?: string; params?: Record<string, unknown> }>) {
  const fields: Record<string, string | { key: string; params?: MessageParams }> = {};
  for (const v of validation) {
    const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || '_';
    if (fields[path]) continue;
    const message = v.message ?? '';
    if (hasMessage(message)) fields[path] = message;
    else if (zodBound(message)) fields[path] = zodBound(message)!;
    else if (/expected/i.test(message)) {
      const expected = String(message.match(/expected (\w+)/i)?.[1] ?? '?');
      fields[path] = /received (undefined|null)\b/i.test(message) ? 'validation.required' : TYPE_KEYS[expected] ? TYPE_KEYS[expected]! : { key: 'validation.invalid_type', params: { expected } };
    }
    else if (/unrecognized key/i.test(message)) {
      // Each unknown key is its own field, named in the message: "Unknown field." alone left the sender guessing which.
      const keys = unknownKeys(v.params, message);
      const parent = path === '_' ? '' : `${path}.`;
      if (keys.length === 0) fields[path] = 'validation.unknown_field';
      for (const key of keys) fields[`${parent}${key}`] ??= { key: 'validation.unknown_field_named', params: { field: key } };
    }
    else fields[path] = 'validation.invalid';
  }
  return fields;
}

/** The keys an "unrecognized keys" issue names: from its params (zod's `keys`), else read off its message. */
function unknownKeys(params: Record<string, unknown> | undefined, message: string): string[] {
  const listed = params?.keys;
  if (Array.isArray(listed)) return listed.map(String);
  return [...message.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
}

export function errorHandler(err: FastifyError | HttpError | Error, req: FastifyRequest, reply: FastifyReply) {
  const lang = requestLang(req);
  if (err instanceof HttpError) {
    for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
    return reply.code(err.status).send(errorBody(lang, err.code, err.params, err.fields));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const validation = err.validation.map((v) => ({
      instancePath: v.instancePath,
      message: v.message,
      params: v.params as Record<string, unknown>,
    }));
    // Prefix the part of the request at fault (body/querystring/params) is not needed by clients: paths are field names.
    return reply.code(400).send(errorBody(lang, 'error.validation', {}, zodFields(validation)));
  }
  if (isInvalidText(err)) {
    // Backstop for text PostgreSQL cannot store (NUL bytes, invalid encoding) that a schema let through.
    return reply.code(400).send(errorBody(lang, 'error.validation', {}, { _: 'validation.nul' }));
  }
  const unique = uniqueViolationAnswer(err, req.body);
  if (unique) {
    // Two writers raced for the same unique value (No. KK, NIK, username): the later one loses cleanly, with
    // the code the route answers when it sees the value taken itself (the generic conflict for other keys).
    const body = errorBody(lang, unique.message, {}, unique.fields);
    body.error.code = unique.code.replace(/^error\./, '');
    return reply.code(409).send(body);
  }
  const fe = err as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code =
      fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'error.unsupported_media_type'
        : fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'error.payload_too_large'
          : fe.statusCode === 429
            ? 'error.rate_limited'
            : fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe instanceof SyntaxError || /JSON/i.test(fe.message)
              ? 'error.invalid_json'
              : 'error.bad_request';
    return reply.code(fe.statusCode).send(errorBody(lang, code, {}, {}));
  }
  // The client went away mid-request (a page left while its download ran): nothing failed on this side, and
  // nobody reads the answer. Logged as information, not as a server error.
  if (clientGone(req, fe)) {
    req.log.info({ code: fe.code }, 'client closed the connection before the answer was sent');
    return reply.code(499).send(errorBody(lang, 'error.bad_request', {}, {}));
  }
  // Never echo internals (or personal data) to the client; log without the request body.
  req.log.error({ err: { message: redactDigits(err.message), stack: redactDigits(err.stack ?? ''), code: fe.code } }, 'unhandled error');
  return reply.code(500).send(errorBody(lang, 'error.internal', {}, {}));
}

/**
 * A failure caused by the client closing its connection (a premature close or reset while it was gone). The
 * connection is what tells: a request stream is also "destroyed" once its body has been read, while its
 * client still waits (a failure of ours then, e.g. a database connection reset, stays a server error).
 */
export function clientGone(req: { raw: { aborted?: boolean; socket?: { destroyed?: boolean } | null } }, err: { code?: string }): boolean {
  const closing = err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED';
  return closing && (req.raw.aborted === true || req.raw.socket?.destroyed === true);
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The unique keys a route checks itself before it writes, with the answer it gives when the value is taken:
 * a writer that passed the check while another took the value gets the same code. Named as each engine
 * names them: PostgreSQL's index or constraint (`constraint` on the error), SQLite's `table.column` list
 * (its message). `message` is a sentence of that code without the params the backstop cannot know.
 */
interface UniqueAnswer {
  code: string;
  message?: string;
  fields?: HttpError['fields'];
}
const UNIQUE_ANSWERS: ReadonlyArray<UniqueAnswer & { constraint: string; columns: string; givenToMember?: UniqueAnswer }> = [
  { constraint: 'families_kk_hash_uq', columns: 'families.kk_hash', code: 'error.kk_duplicate', fields: { kkNumber: 'error.kk_duplicate' } },
  // A person's NIK taken meanwhile: a new member's NIK (a new person, who then is in the other family: the
  // check of known NIKs says nik_in_other_family), or a NIK given to a member already there (the family
  // change's own check says nik_taken, with the same field: `givenToMember`). A known person joining two
  // families at once: nik_in_other_family.
  {
    constraint: 'persons_nik_hash_uq',
    columns: 'persons.nik_hash',
    code: 'error.nik_in_other_family',
    givenToMember: { code: 'error.nik_taken', fields: { members: 'error.nik_taken' } },
  },
  { constraint: 'family_members_open_person_uq', columns: 'family_members.person_id', code: 'error.nik_in_other_family' },
  { constraint: 'users_username_key', columns: 'users.username', code: 'error.username_taken', message: 'error.username_taken_unnamed' },
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasNik = (m: unknown) => isRecord(m) && typeof m.nik === 'string' && m.nik.trim() !== '';

/**
 * Whether a request gives NIKs to members already in the family (a family change's `members.update`) and to
 * no new member (`members.add`, a new family's `members`): then a NIK taken meanwhile was taken from one of
 * those, the situation the family change itself answers with nik_taken.
 */
function givesNikToMembersOnly(body: unknown): boolean {
  if (!isRecord(body) || !isRecord(body.members)) return false;
  const { update, add } = body.members as { update?: unknown; add?: unknown };
  return Array.isArray(update) && update.some(hasNik) && !(Array.isArray(add) && add.some(hasNik));
}

/**
 * A unique violation as the 409's code, message key and field messages; undefined for any other error.
 * `body` (the request's, when there is one) tells a NIK given to a member already there from a new member's.
 * Never carries the value (a NIK's or No. KK's hash, a username): only the key tells which answer it is.
 */
export function uniqueViolationAnswer(err: unknown, body?: unknown): { code: string; message: string; fields: HttpError['fields'] } | undefined {
  if (!err || typeof err !== 'object' || !isUniqueViolation(err)) return undefined;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  let known: (typeof UNIQUE_ANSWERS)[number] | undefined;
  if (e.code === '23505') known = UNIQUE_ANSWERS.find((u) => u.constraint === e.constraint);
  else {
    // "UNIQUE constraint failed: users.username" (columns of a composite key joined by ", ").
    const columns = /constraint failed: (.+)$/i.exec(String(e.message ?? ''))?.[1]?.trim();
    known = UNIQUE_ANSWERS.find((u) => u.columns === columns);
  }
  if (!known) return { code: 'error.conflict', message: 'error.conflict', fields: {} };
  const answer: UniqueAnswer = known.givenToMember && givesNikToMembersOnly(body) ? known.givenToMember : known;
  return { code: answer.code, message: answer.message ?? answer.code, fields: answer.fields ?? {} };
}

function isInvalidText(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '22021' || code === '22P05';
}

/** Masks any run of 16 digits (a NIK or No. KK, typed with or without separators) in text bound for logs. */
export function redactDigits(text: string): string {
  return replaceIdentifierRuns(text, () => '****************');
}
