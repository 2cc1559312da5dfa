/**
 * NIK and No. KK typed into staff free text are masked on write (docs/security.md): every write request's
 * parsed body (and query: a photo's caption), and each mutation a phone pushes (`sync-push.service.ts`), passes `maskFreeText` before any
 * service, repository or audit entry sees it. Only the values of the keys below are touched (notes, reasons,
 * narratives, places, titles, ...); identifiers (`nik`, `kkNumber`), ids, codes and passwords never are. A run
 * of 16 digits (src/domain/free-text-identifiers.ts) becomes `[NIK/KK disamarkan]`.
 *
 * The answer says so: an object answer gets `maskedIdentifiers` (how many) and `maskedIdentifiersNotice` (a
 * sentence in the caller's language), and every answer the header `X-Titian-Masked-Identifiers`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { maskIdentifiersForStorage } from '../../domain/free-text-identifiers';
import { t } from '../../shared/i18n/index';
import { requestLang } from './errors';

/**
 * The keys of free text staff write, wherever they sit in a body (nested objects and arrays too): activity and
 * follow-up notes, P2K2 narratives and places, attendance, correction, cover, transfer and proposal reasons,
 * proposal evidence and decision notes, case-plan titles and descriptions, referral notes and outcomes,
 * sanction notes, graduation notes (a move's, an assessment answer's, an override's reason), a group's name and
 * meeting place, captions.
 */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set([
  'notes',
  'note',
  'reason',
  'narrative',
  'place',
  'meetingPlace',
  'title',
  'description',
  'outcome',
  'evidence',
  'caption',
  'revokeNote',
  'decisionNote',
  'name',
]);

/** Only plain data (a parsed JSON body) is walked: never a Buffer, a stream or a class instance. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  // (A query string parsed without a schema is an object whose prototype has no prototype.)
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * The value with every free-text string in it masked, and how many runs were masked. Unchanged parts are the
 * same objects (nothing is copied when nothing is masked). Never throws, whatever the value.
 */
export function maskFreeText<T>(value: T, depth = 0): { value: T; masked: number } {
  if (depth > 32) return { value, masked: 0 };
  if (Array.isArray(value)) {
    let masked = 0;
    const out = value.map((x) => {
      const r = maskFreeText(x, depth + 1);
      masked += r.masked;
      return r.value;
    });
    return { value: (masked > 0 ? out : value) as T, masked };
  }
  if (!isPlainObject(value)) return { value, masked: 0 };
  let masked = 0;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') {
      if (FREE_TEXT_KEYS.has(k)) {
        const r = maskIdentifiersForStorage(v);
        masked += r.masked;
        out[k] = r.text;
      } else out[k] = v;
    } else {
      const r = maskFreeText(v, depth + 1);
      masked += r.masked;
      out[k] = r.value;
    }
  }
  return { value: (masked > 0 ? out : value) as T, masked };
}

/** The header every answer to a write that masked something carries. */
export const MASKED_HEADER = 'x-titian-masked-identifiers';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes that mask on their own: the sync push, per mutation (each result says how many). */
const OWN_MASKING = new Set(['/api/v1/sync/push']);
/**
 * The research module's workspace (codebook, memos, transcripts) is left as written: it is pseudonymised for
 * researchers as a whole (names and NIKs, src/domain/evidence/pseudonymise.ts) and its audit entries mask NIKs.
 */
const NOT_MASKED_UNDER = '/api/v1/research/';

const maskedIn = new WeakMap<FastifyRequest, number>();

/** The masking of write bodies, and what the answer says of it (see the module's comment). */
export function registerFreeTextMasking(app: FastifyInstance): void {
  app.addHook('preHandler', (req, _reply, done) => {
    const route = req.routeOptions.url ?? '';
    if (!WRITES.has(req.method) || !route.startsWith('/api/') || route.startsWith(NOT_MASKED_UNDER) || OWN_MASKING.has(route)) return done();
    const r = maskFreeText(req.body);
    if (r.masked > 0) req.body = r.value;
    // A photo's caption comes in the query (the body is the image).
    const q = maskFreeText(req.query);
    if (q.masked > 0) req.query = q.value;
    if (r.masked + q.masked > 0) maskedIn.set(req, r.masked + q.masked);
    done();
  });
  app.addHook('preSerialization', (req, reply, payload, done) => {
    const n = maskedIn.get(req);
    if (!n || reply.statusCode >= 400 || !isPlainObject(payload)) return done(null, payload);
    done(null, { ...payload, maskedIdentifiers: n, maskedIdentifiersNotice: t(requestLang(req), 'notice.masked_identifiers', { count: n }) });
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    const n = maskedIn.get(req);
    if (n && reply.statusCode < 400) void reply.header(MASKED_HEADER, String(n));
    done(null, payload);
  });
}
