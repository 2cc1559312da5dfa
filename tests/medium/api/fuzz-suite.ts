/**
 * Fuzz: hostile input to EVERY endpoint (issue: "malformed and hostile bodies ... to every endpoint: no 5xx,
 * no crash, nothing stored").
 *
 * The endpoints are enumerated from the app itself (OpenAPI document + Fastify's route tree, cross-checked
 * with the route declarations in src/server), so a new endpoint is fuzzed without editing this file. For each
 * operation, as an admin (cookie + CSRF) and unauthenticated, fast-check generates requests from the
 * operation's own schemas:
 *
 * - phase "invalid": bodies that are invalid BY CONSTRUCTION for the documented body schema (a wrong type for
 *   one or more documented fields, a missing required field, a non-object, deep nesting, 10k-element arrays,
 *   over-long strings, prototype-pollution keys, text that is not JSON, other content types), hostile path
 *   parameters and query strings. Every such write must answer 4xx and store nothing.
 * - phase "shaped": bodies of the documented shape whose values are hostile but type-correct (SQL and HTML
 *   injection, NUL, lone surrogates, RTL overrides, zero-width joiners, emoji, 100k-character strings, extreme
 *   numbers, real ids of this database). These may be valid by accident (a token named
 *   `<script>alert(1)</script>` is a fine token name), so a 2xx is allowed; but a request that is refused
 *   (4xx) must leave no trace: the domain tables are snapshotted (row counts + a content hash) after every
 *   write that reached a handler and compared with the previous snapshot.
 *
 * Every answer: status < 500; a 4xx carries the contract error shape `{"error": {"code", "message",
 * "fields"?}}`; nothing internal leaks (SQL errors, stack traces); API answers are never HTML. At the end the
 * server still answers /api/health, the admin session is alive, the audit chain verifies and
 * Object.prototype is untouched.
 *
 * Operations that end sessions whatever their input (logout, "log out everywhere else": a write with neither
 * a body schema nor path parameters) run with a throwaway session of another user, so the admin keeps its
 * login. Login is fuzzed with unknown usernames and random client addresses (no lockouts). Plausible values
 * are picked by field name (dates for `endDate`, usernames for `pendamping`, ...) and sometimes share a theme
 * (one edge date in every date field), so conditions that need several fields to agree are reached.
 *
 * Defects it finds are listed in KNOWN_5XX (tolerated narrowly, counted in the summary line) until fixed;
 * fixed ones stay as regression tests at the end of the file.
 * FUZZ_SEED, FUZZ_SCALE and FUZZ_STATUS (see below) help explore by hand. The suite runs from
 * fuzz.sqlite.test.ts and fuzz.postgres.test.ts, one engine each.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { Engine } from '../../../src/server/db/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../src/server/seed/demo-data';
import { createTestApp, type Session, type TestApp } from '../../support/app';
import { appOperations, declaredRoutes, type HttpMethod, type JsonSchema, type Operation, opName, toOpenApiPath } from '../../support/routes';
import { API, expectOk, kkFor, nikFor } from './helpers';

/** Fixed, so a failure reproduces; FUZZ_SEED and FUZZ_SCALE (a run multiplier) explore further by hand. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_715);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
/** Runs per operation and phase: about 100 requests per operation on SQLite. */
const RUNS = { adminInvalid: 30 * SCALE, adminShaped: 50 * SCALE, anonInvalid: 10 * SCALE, anonShaped: 10 * SCALE };
/**
 * PostgreSQL takes 0.6 of them (about 60 requests per operation, the same seeds): the routes, schemas and
 * services are the same code on both engines, and what differs (the repositories' SQL) is reached by every
 * operation already; this keeps the whole suite within CI's time (issue 8). FUZZ_SCALE still multiplies both.
 */
const ENGINE_SHARE: Record<Engine, number> = { sqlite: 1, postgres: 0.6 };
const runsOf = (engine: Engine, runs: number) => Math.max(1, Math.round(runs * ENGINE_SHARE[engine]));
/** The user whose sessions the session-ending operations may end (never the admin). */
const THROWAWAY_USER = 'korkot.depok';
/** Usernames no account has: login is fuzzed with these only (10 failures lock a username for 15 minutes). */
const UNKNOWN_USERNAMES = Array.from({ length: 40 }, (_, i) => `nobody.${i}.${(i * 7919).toString(36)}`);

// ---------------------------------------------------------------------------------------------
// The operations, enumerated at collection time from a bare app (each engine re-checks its own app).

const OPERATIONS: Operation[] = await (async () => {
  const t = await createTestApp('sqlite');
  try {
    return await appOperations(t.app);
  } finally {
    await t.close();
  }
})();

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const isWrite = (method: string) => WRITE_METHODS.has(method);
/** A write that needs neither a body nor an id: it does its thing (ending sessions) whatever the input. */
const endsSessionsWhatever = (op: Operation) => isWrite(op.method) && !op.body && op.pathParams.length === 0;
/** Methods Fastify answers on a path (HEAD comes with GET). */
const methodsByPath = new Map<string, Set<string>>();
for (const op of OPERATIONS) {
  const set = methodsByPath.get(op.path) ?? new Set<string>();
  set.add(op.method);
  if (op.method === 'GET') set.add('HEAD');
  methodsByPath.set(op.path, set);
}

// ---------------------------------------------------------------------------------------------
// JSON with raw tokens (numbers JSON.stringify cannot write, deep nesting, prototype keys)

/** A piece of JSON text inserted as is. */
class Raw {
  constructor(
    readonly text: string,
    readonly label = text.length > 60 ? `${text.slice(0, 40)}…(${text.length} chars)` : text,
  ) {}
  [fc.toStringMethod]() {
    return `Raw(${this.label})`;
  }
}

function toJson(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${toJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** An object with the given own keys, `__proto__` included (an object literal would set the prototype). */
function ownKeys(entries: Array<[string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

// ---------------------------------------------------------------------------------------------
// Hostile values

const MARKERS: string[] = [
  // SQL
  "' OR 1=1 --",
  "'); DROP TABLE families; --",
  '"; DROP TABLE users; --',
  "1' UNION SELECT password_hash, csrf_token FROM users, sessions --",
  "admin'--",
  "'; select pg_sleep(5); --",
  '%',
  '_',
  '\\',
  "\\'",
  '%_%',
  // HTML / templates / formats
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '<svg/onload=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '%s%s%s%n',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  // paths
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/dev/zero',
  'file:///etc/passwd',
  // control and unicode tricks
  '\u0000',
  'a\u0000b',
  '%00',
  '\ud800',
  '\udfff',
  'x\ud800y',
  '\udc00\ud800',
  '\u202e',
  '\u202egnp.exe',
  'abc\u202edef\u202c',
  '\u200d',
  '\u200b',
  'ad\u200bmin',
  '\ufeff',
  '\u2028\u2029',
  '\r\nSet-Cookie: x=1',
  'a\tb\nc\rd',
  '\u0007\u001b[31mred',
  '👨‍👩‍👧‍👦',
  '🇮🇩',
  '😀😀😀',
  'Z̴̡̛̖͇a̶l̷g̶o̴',
  'ＡＤＭＩＮ',
  'admın',
  'İ',
  'ß',
  'ﬃ',
  '３２７６０２５２０５９０００１７',
  '٣٢٧٦',
  // look like other types
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e308',
  '1e309',
  '0x10',
  '00',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  '3276025205900017',
  '32.76.02.1007',
  '2024-02-30',
  // keys that mean something to JavaScript
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  // blank
  '',
  ' ',
  '   ',
];

const LONG_STRINGS: string[] = [
  'A'.repeat(100_001),
  '😀'.repeat(50_001),
  '\u202e'.repeat(100_001),
  "' OR 1=1 -- ".repeat(10_000),
  '<script>alert(1)</script>'.repeat(5_000),
  'x\u0000'.repeat(60_000),
];
/** Near the 2 MB body limit: only where one over-long string is enough (fields with a maxLength). */
const HUGE_STRING = 'y'.repeat(1_500_000);

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...MARKERS) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...MARKERS), fc.constantFrom(...MARKERS)).map(([a, b]) => `${a}${b}`) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(...LONG_STRINGS) },
);

const RAW_NUMBERS = ['1e999', '-1e999', '-0', `1${'0'.repeat(400)}`, `0.${'0'.repeat(400)}1`, '1E+2', '9007199254740993', '-9007199254740993', '5e-324'].map((s) => new Raw(s));
const JS_NUMBERS = [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER - 2, 5e-324, 0.1, 1.5, -1, 0, 2 ** 31, -(2 ** 31), 2 ** 32];

const DEPTHS = [500, 2_000, 20_000, 60_000];
const deepObject = fc.constantFrom(...DEPTHS.map((n) => new Raw(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`, `{"a":{"a":… depth ${n}`)));
const deepArray = fc.constantFrom(...DEPTHS.map((n) => new Raw(`${'['.repeat(n)}${']'.repeat(n)}`, `[[[… depth ${n}`)));
const HUGE_ELEMENTS = ['0', 'null', '"x"', '{}', '[]', '"<script>alert(1)</script>"', '"\\u0000"', '1e999'];
const hugeArray = fc.constantFrom(...HUGE_ELEMENTS.map((e) => new Raw(`[${Array(10_000).fill(e).join(',')}]`, `[${e} x 10000]`)));
/** Rejected by the JSON parser (prototype poisoning), whatever the schema. */
const PROTO_TEXTS = [
  '{"__proto__":{"isAdmin":true,"role":"admin"}}',
  '{"\\u005f_proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":{"b":{"__proto__":{"polluted":1}}}}',
];
const protoPoison = fc.constantFrom(...PROTO_TEXTS.map((s) => new Raw(s)));
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', '', ' ', '\u0000', '$where', 'a.b', 'a[0]'), hostileString);

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, ...JS_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_NUMBERS) },
);

/** Anything at all, for operations without a body schema and for the non-object bodies. */
const anyHostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileLeaf },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.dictionary(hostileKey, hostileLeaf, { maxKeys: 4 }).map((o) => ownKeys(Object.entries(o))) },
  { weight: 1, arbitrary: deepObject },
  { weight: 1, arbitrary: deepArray },
  { weight: 1, arbitrary: hugeArray },
  { weight: 1, arbitrary: protoPoison },
);

// ---------------------------------------------------------------------------------------------
// Values from the schemas

type Kind = 'date' | 'username' | 'region' | 'id' | 'digits' | 'reference';

/** Plausible values of this database (real ids, usernames, region codes, edge dates), by kind. */
interface Pools {
  kinds: Record<Kind, string[]>;
  /** Ids that may appear in a path in phase "invalid": ids of families (reads, and writes that must refuse). */
  safeIds: string[];
  /** Every real id, for phase "shaped". */
  ids: string[];
}

/** Which kinds of plausible value a field or parameter probably takes, from its name (a hint, not a rule). */
function kindsFor(name: string): Kind[] {
  const kinds: Kind[] = [];
  if (/date|asOf|^from$|^to$|At$|since|until/i.test(name)) kinds.push('date');
  if (/user|pendamping|^from$|^to$/i.test(name)) kinds.push('username');
  if (/region|kelurahan|parent/i.test(name)) kinds.push('region');
  if (/(^id|Id|Ids|^family)$/.test(name)) kinds.push('id');
  if (/nik|kk/i.test(name)) kinds.push('digits');
  if (/^name$/.test(name)) kinds.push('reference');
  return kinds;
}

/**
 * Plausible values for a named field that fit its schema: of the hinted kinds (each kind equally likely),
 * else of any kind. Undefined when none fits.
 */
function plausibleFor(pools: Pools, name: string, s: JsonSchema): { arb: fc.Arbitrary<string>; hinted: boolean } | undefined {
  const byKind = kindsFor(name)
    .map((k) => pools.kinds[k].filter((v) => fitsString(s, v)))
    .filter((vs) => vs.length > 0);
  // Unbiased: fast-check favours the first constants, which would pile login failures onto one username.
  if (byKind.length) return { arb: fc.oneof(...byKind.map((vs) => fc.noBias(fc.constantFrom(...vs)))), hinted: true };
  const any = [...new Set(Object.values(pools.kinds).flat())].filter((v) => fitsString(s, v));
  return any.length ? { arb: fc.noBias(fc.constantFrom(...any)), hinted: false } : undefined;
}

function fitsString(s: JsonSchema, v: string): boolean {
  if (s.enum && !s.enum.includes(v)) return false;
  if (s.minLength !== undefined && v.length < s.minLength) return false;
  if (s.maxLength !== undefined && v.length > s.maxLength) return false;
  if (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) return false;
  return true;
}

const typeOf = (s: JsonSchema): string | undefined => s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
/** Small enough to repeat 10,000 times in one body. */
const small = (v: unknown) => toJson(v).length <= 200;

/**
 * A value that can NOT satisfy `s` (undefined when none can be made for sure, e.g. an unconstrained union).
 * Over-long strings count only where a maxLength is documented, nulls only where the field is not nullable.
 */
function wrongValue(s: JsonSchema, name: string, pools: Pools): fc.Arbitrary<unknown> | undefined {
  const type = typeOf(s);
  if (!type || s.anyOf || s.oneOf || s.allOf) return undefined;
  const arbs: fc.Arbitrary<unknown>[] = [];
  if (!s.nullable) arbs.push(fc.constant(null));
  switch (type) {
    case 'string': {
      arbs.push(fc.constantFrom<unknown>(...JS_NUMBERS, true, false, [], {}), fc.array(hostileString, { minLength: 1, maxLength: 3 }), deepObject, deepArray, hugeArray);
      if (s.enum || s.pattern || s.maxLength !== undefined || s.minLength) {
        arbs.push(fc.oneof(hostileString, fc.constantFrom(...LONG_STRINGS, HUGE_STRING)).filter((v) => !fitsString(s, v)));
      }
      break;
    }
    case 'integer':
    case 'number': {
      arbs.push(fc.constantFrom<unknown>('1', '2024', 'NaN', 'Infinity', '-0', '1e308', '', true, false, [], [1], {}), hostileString, deepObject, deepArray, hugeArray);
      if (type === 'integer') arbs.push(fc.constantFrom(0.5, 1.5, 2024.0001, -0.1));
      if (s.maximum !== undefined) arbs.push(fc.constantFrom<unknown>(s.maximum + 1, 1e308, Number.MAX_SAFE_INTEGER + 2, new Raw('1e999'), new Raw(`1${'0'.repeat(400)}`)));
      if (s.minimum !== undefined) arbs.push(fc.constantFrom<unknown>(s.minimum - 1, -1e308, Number.MIN_SAFE_INTEGER - 2, new Raw('-1e999')));
      break;
    }
    case 'boolean':
      arbs.push(fc.constantFrom<unknown>('true', 'false', 0, 1, -0, 'yes', '', [], [true], {}), hostileString, deepArray);
      break;
    case 'array': {
      arbs.push(fc.constantFrom<unknown>({}, 'x', '[]', 1, true), hostileString, deepObject);
      const item = s.items ? wrongValue(s.items, name, pools) : undefined;
      if (item) {
        arbs.push(fc.tuple(fc.array(shapedOrHostile(s.items!, name, pools), { maxLength: 2 }), item).map(([ok, bad]) => [...ok, bad]));
        arbs.push(item.filter(small).map((bad) => Array(10_000).fill(bad)));
      }
      if (s.minItems !== undefined && s.minItems > 0) arbs.push(fc.constant([]));
      if (s.maxItems !== undefined && s.maxItems < 10_000) arbs.push(fc.constant(new Raw(`[${Array(s.maxItems + 1).fill('null').join(',')}]`, `[null x ${s.maxItems + 1}]`)));
      break;
    }
    case 'object': {
      arbs.push(fc.constantFrom<unknown>([], 'x', '{}', 1, true), hostileString, deepArray, hugeArray);
      if (s.properties) {
        const broken = objectWithWrongField(s, pools);
        if (broken) arbs.push(broken);
        if (s.required?.length) arbs.push(objectMissingRequired(s, pools));
      }
      break;
    }
    default:
      return undefined;
  }
  return fc.oneof(...arbs);
}

/** The documented object with at least one documented field of a wrong kind (the others type-correct or absent). */
function objectWithWrongField(s: JsonSchema, pools: Pools): fc.Arbitrary<unknown> | undefined {
  const props = Object.entries(s.properties ?? {});
  const breakable = props.filter(([k, p]) => wrongValue(p, k, pools) !== undefined).map(([k]) => k);
  if (!breakable.length) return undefined;
  return fc.uniqueArray(fc.constantFrom(...breakable), { minLength: 1, maxLength: Math.min(3, breakable.length) }).chain((bad) => {
    const rec: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, p] of props) rec[k] = bad.includes(k) ? wrongValue(p, k, pools)! : shapedOrHostile(p, k, pools);
    return fc.tuple(fc.record(rec, { requiredKeys: bad }), fc.dictionary(hostileKey, hostileLeaf, { maxKeys: 2 })).map(([o, extra]) =>
      // Extra keys first, so a documented key is never overwritten by an extra one.
      ownKeys([...Object.entries(extra).filter(([k]) => !(k in s.properties!)), ...Object.entries(o)]),
    );
  });
}

/** The documented object without one of its required fields. */
function objectMissingRequired(s: JsonSchema, pools: Pools): fc.Arbitrary<unknown> {
  const props = Object.entries(s.properties ?? {});
  return fc.constantFrom(...s.required!).chain((missing) => {
    const rec: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, p] of props) if (k !== missing) rec[k] = shapedOrHostile(p, k, pools);
    return fc.record(rec, { requiredKeys: [] });
  });
}

/** A type-correct value for field `name` of schema `s`: hostile, or plausible for its kind (real ids, codes, edge dates). */
function shapedOrHostile(s: JsonSchema, name: string, pools: Pools): fc.Arbitrary<unknown> {
  const type = typeOf(s);
  const nullable = s.nullable ? [{ weight: 1, arbitrary: fc.constant(null) as fc.Arbitrary<unknown> }] : [];
  if (s.enum?.length) {
    return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: hostileString as fc.Arbitrary<unknown> }, ...nullable);
  }
  switch (type) {
    case 'string': {
      const plausible = plausibleFor(pools, name, s);
      return fc.oneof(
        { weight: 3, arbitrary: hostileString as fc.Arbitrary<unknown> },
        ...(plausible ? [{ weight: plausible.hinted || s.pattern ? 7 : 2, arbitrary: plausible.arb as fc.Arbitrary<unknown> }] : []),
        ...nullable,
      );
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? -1_000_000;
      const max = s.maximum ?? 1_000_000;
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: Math.max(min, -2_000_000_000), max: Math.min(max, 2_000_000_000) }) as fc.Arbitrary<unknown> },
        { weight: 2, arbitrary: fc.constantFrom<unknown>(min, max, ...(min <= 0 && max >= 0 ? [new Raw('-0'), new Raw('0e0'), new Raw('0.0')] : [])) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(...JS_NUMBERS, ...RAW_NUMBERS) },
        ...nullable,
      );
    }
    case 'boolean':
      return fc.oneof(fc.boolean() as fc.Arbitrary<unknown>, ...nullable.map((n) => n.arbitrary));
    case 'array': {
      const item = s.items ? shapedOrHostile(s.items, name, pools) : hostileLeaf;
      const big = Math.min(s.maxItems ?? 10_000, 5_000);
      return fc.oneof(
        { weight: 6, arbitrary: fc.array(item, { minLength: Math.min(s.minItems ?? 0, 3), maxLength: 3 }) as fc.Arbitrary<unknown> },
        { weight: 1, arbitrary: item.filter(small).map((x) => Array(big).fill(x)) },
        ...nullable,
      );
    }
    case 'object': {
      if (!s.properties) return fc.oneof(fc.dictionary(hostileKey, hostileLeaf, { maxKeys: 3 }) as fc.Arbitrary<unknown>, ...nullable.map((n) => n.arbitrary));
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, p] of Object.entries(s.properties)) rec[k] = shapedOrHostile(p, k, pools);
      return fc.oneof(
        { weight: 4, arbitrary: fc.record(rec, { requiredKeys: s.required ?? [] }) as fc.Arbitrary<unknown> },
        // Every optional field too, so combinations of fields (a start and an end date) are reached.
        { weight: 4, arbitrary: fc.record(rec) as fc.Arbitrary<unknown> },
        ...nullable,
      );
    }
    default:
      return anyHostileJson;
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Each byte's form in a URL: the unreserved characters as they are, every other byte percent-encoded. */
const URL_BYTES = Array.from({ length: 256 }, (_, b) => {
  const c = String.fromCharCode(b);
  return /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
});

/** Percent-encodes every byte but the unreserved ones (lone surrogates become U+FFFD, as a browser would send). */
function encodeAll(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += URL_BYTES[bytes[i]!];
  return out;
}

/** Put in a URL as is (not encoded again). */
const RAW_URL_PIECES = [
  '..',
  '.',
  '%2e%2e',
  '..%2F..%2Fetc%2Fpasswd',
  '..%252f..%252fetc%252fpasswd',
  '../../etc/passwd',
  '%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%FF%FE',
  `${'a'.repeat(101)}`,
  `${'0'.repeat(10_000)}`,
  '%27%20OR%201%3D1%20--',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '%20',
  '+',
  ';',
  '*',
];
/** Path pieces the router itself refuses (bad %-escapes, over-long parameters): answered by `frameworkErrors`. */
const ROUTER_PIECES = new Set(['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%FF%FE', `${'a'.repeat(101)}`, `${'0'.repeat(10_000)}`]);

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  remoteAddress: string;
  /** Whether the request carries the session's CSRF token correctly (admin writes). */
  csrf: 'ok' | 'bad';
  /** The body is invalid by construction for the operation's body schema. */
  invalidBody: boolean;
  /** The request uses a path piece that the router rejects before the app (known defect, see below). */
  routerPiece: boolean;
  describe: string;
}

const CONTENT_TYPES_OTHER = [
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/jsonx',
  'application/vnd.api+json',
  'application/json-patch+json',
  'APPLICATION/JSON',
  'application/json; charset=utf-16le',
  'application/json; charset=latin1',
  'application/json;;;',
  'image/png',
];
/** JSON-typed texts that never parse to an object the app would accept (not JSON, or not an object). */
const NOT_OBJECT_TEXTS = [
  '{',
  '}',
  '{"a":1,}',
  "{'a':1}",
  'NaN',
  'Infinity',
  '-',
  '{"year": NaN}',
  '{"x": undefined}',
  '\ufeff[]',
  '[1,]',
  '{"a":1}{"b":2}',
  '{"a":1} x',
  '\u0000',
  '\u0000{}',
  '"\\ud800"',
  '"\\u0000"',
  '{"a":"\\x41"}',
  '/* c */ {}',
  '{"a":1 // c\n}',
  '01',
  '1e999',
  'true',
  'null',
  '""',
  '[]',
  '[{}]',
  `${'['.repeat(200_000)}`,
  `${'{"a":'.repeat(100_000)}`,
  ...PROTO_TEXTS,
];
const notObjectText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NOT_OBJECT_TEXTS) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((s) => {
      try {
        const v = JSON.parse(s.replace(/^\ufeff/, ''));
        return v === null || typeof v !== 'object' || Array.isArray(v);
      } catch {
        return true;
      }
    }),
  },
);

interface BodyChoice {
  payload?: string;
  contentType?: string;
  invalid: boolean;
}

function bodyArb(op: Operation, phase: 'invalid' | 'shaped', pools: Pools): fc.Arbitrary<BodyChoice> {
  const json = (v: unknown, invalid: boolean): BodyChoice => ({ payload: toJson(v), contentType: 'application/json', invalid });
  const other = fc
    .tuple(fc.constantFrom(...CONTENT_TYPES_OTHER), fc.oneof(notObjectText, fc.constantFrom('a=1&b=%3Cscript%3E', MARKERS[18]!, '\u0000\u0001\u0002')))
    .map(([contentType, payload]): BodyChoice => ({ payload, contentType, invalid: true }));
  const none = fc.constant<BodyChoice>({ invalid: true });
  if (!op.body) {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant<BodyChoice>({ invalid: false }) },
      { weight: 4, arbitrary: anyHostileJson.map((v) => json(v, false)) },
      { weight: 1, arbitrary: notObjectText.map((payload): BodyChoice => ({ payload, contentType: 'application/json', invalid: false })) },
      { weight: 1, arbitrary: other.map((b) => ({ ...b, invalid: false })) },
    );
  }
  if (phase === 'shaped') return shapedOrHostile(op.body, '', pools).map((v) => json(v, false));
  const wrong = wrongValue(op.body, '', pools);
  return fc.oneof(
    ...(wrong ? [{ weight: 8, arbitrary: wrong.map((v) => json(v, true)) }] : []),
    { weight: 1, arbitrary: protoPoison.map((v) => json(v, true)) },
    { weight: 2, arbitrary: notObjectText.map((payload): BodyChoice => ({ payload, contentType: 'application/json', invalid: true })) },
    { weight: 2, arbitrary: other },
    { weight: 1, arbitrary: none },
  );
}

function pathValueArb(name: string, schema: JsonSchema, phase: 'invalid' | 'shaped', pools: Pools): fc.Arbitrary<{ piece: string; router: boolean }> {
  const encoded = (a: fc.Arbitrary<string>) => a.map((s) => {
    const piece = encodeAll(s);
    return { piece, router: piece.length > 100 };
  });
  const ids = (phase === 'invalid' ? pools.safeIds : pools.ids).filter((v) => fitsString(schema, v));
  // Ids of any kind where an id is expected (phase "invalid": family ids only); for other parameters, values of their kind.
  const plausible = ids.length ? fc.constantFrom(...ids) : plausibleFor(pools, name, schema)?.arb;
  return fc.oneof(
    { weight: phase === 'invalid' ? 4 : 1, arbitrary: encoded(hostileString) },
    { weight: phase === 'invalid' ? 2 : 1, arbitrary: fc.constantFrom(...RAW_URL_PIECES).map((piece) => ({ piece, router: ROUTER_PIECES.has(piece) })) },
    ...(plausible ? [{ weight: phase === 'invalid' ? 2 : 6, arbitrary: encoded(plausible) }] : []),
    ...(plausible ? [{ weight: 1, arbitrary: encoded(plausible.map((v) => v.toUpperCase())) }] : []),
    { weight: 2, arbitrary: encoded(fc.uuid()) },
  );
}

function queryArb(op: Operation, phase: 'invalid' | 'shaped', pools: Pools): fc.Arbitrary<string> {
  const value = (name: string, s: JsonSchema): fc.Arbitrary<string> => {
    const type = typeOf(s);
    const plausible = plausibleFor(pools, name, s);
    const numbers =
      type === 'integer' || type === 'number'
        ? [fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 }).map(String), fc.constantFrom('1e3', '0x10', '-0', ' 5', '5 ', '5.0', '١', '１', '1e999', '9'.repeat(400), '')]
        : [];
    return fc.oneof(
      { weight: phase === 'invalid' ? 4 : 2, arbitrary: hostileString.map(encodeAll) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_URL_PIECES.filter((p) => p.length < 200)) },
      ...(s.enum ? [{ weight: 3, arbitrary: fc.constantFrom(...s.enum.map(String)) }] : []),
      ...(plausible ? [{ weight: phase === 'invalid' ? 1 : plausible.hinted ? 6 : 3, arbitrary: plausible.arb.map(encodeAll) }] : []),
      ...numbers.map((arbitrary) => ({ weight: 2, arbitrary })),
    );
  };
  const documented = op.queryParams.map((p) =>
    fc.option(
      value(p.name, p.schema).map((v) => [p.name, v] as const),
      { nil: undefined, freq: p.required && phase === 'shaped' ? 8 : 2 },
    ),
  );
  const junkKey = fc.constantFrom('__proto__', '__proto__[x]', 'constructor', 'constructor[prototype][x]', 'lang', 'a'.repeat(1000), '', '%', ...op.queryParams.flatMap((p) => [p.name, `${p.name}[]`, `${p.name}[0]`]));
  const junk = fc.array(fc.tuple(junkKey, value('', {})), { maxLength: phase === 'invalid' ? 3 : 1 });
  return fc.tuple(fc.tuple(...documented), junk).map(([doc, extra]) => {
    const pairs = [...doc.filter((x): x is readonly [string, string] => x !== undefined), ...extra];
    return pairs.map(([k, v]) => `${encodeAll(k)}=${v}`).join('&');
  });
}

const SAFE_HEADER_VALUES = ['*', 'en;q=NaN', 'id-ID,id;q=0.9,en;q=0.8', 'x'.repeat(10_000), '__proto__', 'zz', ',,,;;;', 'en;q=1e999', "' OR 1=1 --", '<script>alert(1)</script>'];

function headersArb(who: 'admin' | 'anon'): fc.Arbitrary<{ headers: Record<string, string>; csrf: 'ok' | 'bad' }> {
  const lang = fc.option(fc.constantFrom(...SAFE_HEADER_VALUES), { nil: undefined, freq: 4 });
  const agent = fc.option(fc.constantFrom(...SAFE_HEADER_VALUES), { nil: undefined, freq: 4 });
  if (who === 'admin') {
    const csrf = fc.oneof({ weight: 12, arbitrary: fc.constant<'ok' | 'missing' | 'wrong' | 'long'>('ok') }, { weight: 1, arbitrary: fc.constantFrom<'missing' | 'wrong' | 'long'>('missing', 'wrong', 'long') });
    return fc.tuple(lang, agent, csrf).map(([l, a, c]) => ({
      headers: { ...(l === undefined ? {} : { 'accept-language': l }), ...(a === undefined ? {} : { 'user-agent': a }), 'x-fuzz-csrf': c },
      csrf: c === 'ok' ? 'ok' : 'bad',
    }));
  }
  // Unauthenticated, sometimes with forged credentials.
  const credentials = fc.oneof(
    { weight: 6, arbitrary: fc.constant<Record<string, string>>({}) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Record<string, string>>(
        { cookie: 'titian_session=%E0%A4%A' },
        { cookie: `titian_session=${'a'.repeat(201)}` },
        { cookie: 'titian_session=' },
        { cookie: "titian_session=' OR 1=1 --" },
        { cookie: `titian_session=x; titian_session=y; ${'c=1; '.repeat(2000)}` },
        { cookie: '__proto__=x; constructor=y' },
        { authorization: 'Bearer titian_' },
        { authorization: `Bearer titian_${'x'.repeat(300)}` },
        { authorization: "Bearer titian_' OR 1=1 --" },
        { authorization: 'Bearer' },
        { authorization: `Basic ${Buffer.from(`admin:${DEMO_PASSWORD}`).toString('base64')}` },
        { 'x-csrf-token': 'x', cookie: 'titian_session=forged' },
      ),
    },
  );
  return fc.tuple(lang, agent, credentials).map(([l, a, c]) => ({
    headers: { ...(l === undefined ? {} : { 'accept-language': l }), ...(a === undefined ? {} : { 'user-agent': a }), ...c },
    csrf: 'bad',
  }));
}

function requestArb(op: Operation, phase: 'invalid' | 'shaped', who: 'admin' | 'anon', pools: Pools): fc.Arbitrary<FuzzRequest> {
  const onPath = methodsByPath.get(op.path)!;
  const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((m) => !onPath.has(m));
  const method = fc.oneof(
    { weight: 16, arbitrary: fc.constant(op.method as string) },
    ...(op.method === 'GET' ? [{ weight: 2, arbitrary: fc.constant('HEAD') }] : []),
    ...(phase === 'invalid' && others.length ? [{ weight: 1, arbitrary: fc.constantFrom(...others) }] : []),
  );
  const params = fc.tuple(...op.pathParams.map((p) => pathValueArb(p.name, p.schema, phase, pools)));
  return fc
    .record({
      method,
      params,
      query: queryArb(op, phase, pools),
      body: bodyArb(op, phase, pools),
      headers: headersArb(who),
      // Unbiased: fast-check favours small addresses, which would pile logins onto a few (rate-limited) ones.
      ip: fc.noBias(fc.ipV4()),
    })
    .map(({ method, params, query, body, headers, ip }) => {
      let url = op.path;
      op.pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, params[i]!.piece);
      });
      if (query) url += `?${query}`;
      const h: Record<string, string> = { ...headers.headers };
      if (body.contentType !== undefined) h['content-type'] = body.contentType;
      const describe = `${method} ${url.length > 300 ? `${url.slice(0, 300)}…(${url.length})` : url} ${JSON.stringify({ ...h, 'user-agent': h['user-agent']?.slice(0, 40), 'accept-language': h['accept-language']?.slice(0, 40) })} body=${
        body.payload === undefined ? '(none)' : body.payload.length > 400 ? `${body.payload.slice(0, 400)}…(${body.payload.length} chars)` : body.payload
      }`;
      const req: FuzzRequest = {
        method,
        url,
        headers: h,
        payload: body.payload,
        remoteAddress: ip,
        csrf: headers.csrf,
        invalidBody: body.invalid,
        routerPiece: params.some((p) => p.router),
        describe,
      };
      return Object.assign(req, { [fc.toStringMethod]: () => describe });
    });
}

/**
 * Requests whose plausible values share a theme: one edge date for every date field (a start and an end on
 * 9999-12-31), and usernames that are all pendamping (so from/to pairs are valid), besides the unthemed mix.
 * Conditions that need several fields to agree are reached far more often than by independent draws.
 */
const EDGE_DATES = ['9999-12-31', '0000-01-01', '2000-02-29'];
function themed(op: Operation, phase: 'invalid' | 'shaped', who: 'admin' | 'anon', pools: Pools): fc.Arbitrary<FuzzRequest> {
  const pendamping = pools.kinds.username.filter((u) => /^pendamping|^fuzz\./.test(u));
  const themes = [...EDGE_DATES, new Date().toISOString().slice(0, 10)].map((date) =>
    requestArb(op, phase, who, { ...pools, kinds: { ...pools.kinds, date: [date], username: pendamping.length ? pendamping : pools.kinds.username } }),
  );
  return fc.oneof({ weight: themes.length, arbitrary: requestArb(op, phase, who, pools) }, ...themes.map((arbitrary) => ({ weight: 1, arbitrary })));
}

// ---------------------------------------------------------------------------------------------
// "Nothing stored": row counts and a content hash of the domain tables

const HASHED_TABLES = [
  'families',
  'persons',
  'family_members',
  'person_facts',
  'users',
  'api_tokens',
  'delegations',
  'family_assignments',
  'decision_snapshots',
  'sessions',
  'change_log',
] as const;
/** Reference data: only counted (large, and no endpoint writes it). */
const COUNTED_TABLES = ['regions', 'benefit_index', 'program_settings', 'reference_documents', 'system_settings'] as const;
/** Columns reads legitimately touch (at most once a minute). */
const VOLATILE: Record<string, string[]> = { sessions: ['last_seen_at'], api_tokens: ['last_used_at'] };

type Snapshot = Map<string, { count: number; hash: string; rows: string[] }>;

async function snapshot(db: Kysely<any>): Promise<Snapshot> {
  const hashed = await Promise.all(
    HASHED_TABLES.map(async (table) => {
      const rows = (await db.selectFrom(table).selectAll().execute()) as Array<Record<string, unknown>>;
      // The driver gives every row of one query its columns in the same order: a row's JSON is comparable as is.
      const volatile = VOLATILE[table] ?? [];
      const lines = rows
        .map((r) => {
          for (const k of volatile) delete r[k];
          return JSON.stringify(r);
        })
        .sort();
      return [table, { count: rows.length, hash: createHash('sha1').update(lines.join('\n')).digest('hex'), rows: lines }] as const;
    }),
  );
  const counted = await Promise.all(
    COUNTED_TABLES.map(async (table) => {
      const r = (await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()) as { n: unknown };
      return [table, { count: Number(r.n), hash: '', rows: [] as string[] }] as const;
    }),
  );
  return new Map([...hashed, ...counted]);
}

function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const [table, b] of before) {
    const a = after.get(table)!;
    if (a.count === b.count && a.hash === b.hash) continue;
    const had = new Set(b.rows);
    const has = new Set(a.rows);
    const added = a.rows.filter((r) => !had.has(r)).slice(0, 2);
    const removed = b.rows.filter((r) => !has.has(r)).slice(0, 2);
    out.push(`${table}: ${b.count} -> ${a.count} rows; added ${added.map((r) => r.slice(0, 300)).join(' | ') || '-'}; removed/changed ${removed.map((r) => r.slice(0, 300)).join(' | ') || '-'}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Response checks

const LEAKS = /SQLITE_|sqlite3?|syntax error at or near|violates .* constraint|relation ".*" does not exist|node_modules|at [\w.<>]+ \(.*:\d+:\d+\)|\.ts:\d+|Kysely|TypeError|ReferenceError|RangeError/i;

/**
 * 5xx answers this suite found and not yet fixed (none now), each with a regression test below.
 * Tolerated here (narrowly: that operation, that input) so the rest of the fuzzing keeps running; delete an
 * entry when its defect is fixed.
 */
const KNOWN_5XX: Array<{ defect: string; op: RegExp; input: RegExp }> = [];
/** Per engine (cleared before each engine's suite). */
const knownHits = new Map<string, number>();

function knownDefect(op: Operation, req: FuzzRequest, res: LightMyRequestResponse): string | undefined {
  if (res.statusCode !== 500 || (req.method !== op.method && !(req.method === 'HEAD' && op.method === 'GET'))) return undefined;
  const found = KNOWN_5XX.find((k) => k.op.test(opName(op)) && (k.input.test(req.url) || k.input.test(req.payload ?? '')));
  if (found) knownHits.set(found.defect, (knownHits.get(found.defect) ?? 0) + 1);
  return found?.defect;
}

function checkAnswer(req: FuzzRequest, res: LightMyRequestResponse) {
  const where = `${req.describe}\n=> ${res.statusCode} ${res.body.slice(0, 400)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  expect(res.statusCode, where).toBeGreaterThanOrEqual(200);
  const type = String(res.headers['content-type'] ?? '');
  expect(type, where).not.toMatch(/html/i);
  if (req.method === 'HEAD' || res.statusCode === 204) return;
  if (res.statusCode < 400) {
    if (/^application\/json/.test(type)) expect(() => JSON.parse(res.body), where).not.toThrow();
    return;
  }
  expect(res.body, where).not.toMatch(LEAKS);
  expect(type, where).toMatch(/^application\/json/);
  const body = JSON.parse(res.body);
  expect(typeof body?.error, where).toBe('object');
  expect(typeof body.error.code, where).toBe('string');
  expect(body.error.code.length, where).toBeGreaterThan(0);
  expect(typeof body.error.message, where).toBe('string');
  expect(body.error.message.length, where).toBeGreaterThan(0);
  if (body.error.fields !== undefined) {
    expect(typeof body.error.fields, where).toBe('object');
    for (const v of Object.values(body.error.fields)) {
      expect(typeof v, where).toBe('string');
      expect((v as string).length, where).toBeGreaterThan(0);
    }
  }
}

/** Refused before any handler ran (auth, CSRF, parsing, schema, routing): no snapshot needed. */
function refusedUpFront(res: LightMyRequestResponse): boolean {
  if (res.statusCode < 400) return false;
  try {
    const e = JSON.parse(res.body).error;
    if (['unauthenticated', 'token_invalid', 'csrf', 'invalid_json', 'route_not_found', 'method_not_allowed', 'unsupported_media_type', 'payload_too_large', 'bad_request'].includes(e.code)) return true;
    // A schema error names fields; the database's "text it cannot store" backstop answers the same code with `_`.
    return e.code === 'validation' && res.statusCode === 400 && !('_' in (e.fields ?? {}));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------

interface Stats {
  requests: number;
  statuses: Map<number, number>;
  accepted: Map<string, number>;
  slowest: { ms: number; what: string };
}

/** What the server looks like after the fuzzing: its health, the admin's session, the audit chain, Object.prototype. */
export interface AfterFuzz {
  health: { status?: string };
  me: { status: number; username?: string };
  auditChain: { ok?: boolean; problem?: unknown };
  prototypeKeys: string[];
  /** Values that hostile keys left on every object (none expected). */
  polluted: unknown[];
  requests: number;
  operations: number;
}

/**
 * The whole suite on one engine; each engine has its own test file, so the two can run in parallel.
 * `afterwards` is called last, inside the suite, with a reader of the server's state after the fuzzing:
 * the test file states what that state must be.
 */
export function fuzzEveryEndpoint(engine: Engine, afterwards: (state: () => Promise<AfterFuzz>) => void): void {
  describe(`fuzz: hostile input to every endpoint (${engine})`, () => {
    let t: TestApp;
    let db: Kysely<any>;
    let admin: Session;
    let pools: Pools;
    let logins = 0;
    const stats: Stats = { requests: 0, statuses: new Map(), accepted: new Map(), slowest: { ms: 0, what: '' } };

    /** Public operations (login) get only unknown usernames, so no account is ever locked out. */
    const poolsFor = (op: Operation): Pools => (op.public === false ? pools : { ...pools, kinds: { ...pools.kinds, username: UNKNOWN_USERNAMES } });

    async function login(username: string): Promise<Session> {
      const res = await t.app.inject({
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { username, password: DEMO_PASSWORD },
        remoteAddress: `10.77.${Math.floor(logins / 250) % 250}.${(logins++ % 250) + 1}`,
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'titian_session')!;
      const body = res.json();
      return { cookie: `titian_session=${cookie.value}`, csrf: body.csrfToken, user: body.user };
    }

    async function send(req: FuzzRequest, session: Session | undefined): Promise<LightMyRequestResponse> {
      const headers = { ...req.headers };
      const csrfMode = headers['x-fuzz-csrf'];
      delete headers['x-fuzz-csrf'];
      if (session) {
        headers.cookie = session.cookie;
        if (csrfMode === 'ok') headers['x-csrf-token'] = session.csrf;
        else if (csrfMode === 'wrong') headers['x-csrf-token'] = `${session.csrf.startsWith('A') ? 'B' : 'A'}${session.csrf.slice(1)}`;
        else if (csrfMode === 'long') headers['x-csrf-token'] = session.csrf.repeat(50);
      }
      const started = performance.now();
      const res = await t.app.inject({
        method: req.method as HttpMethod,
        url: req.url,
        headers,
        remoteAddress: req.remoteAddress,
        ...(req.payload === undefined ? {} : { payload: req.payload }),
      });
      const ms = performance.now() - started;
      stats.requests += 1;
      stats.statuses.set(res.statusCode, (stats.statuses.get(res.statusCode) ?? 0) + 1);
      // FUZZ_STATUS=429 (say) prints every request answered with that status.
      if (process.env.FUZZ_STATUS && res.statusCode === Number(process.env.FUZZ_STATUS)) console.info(`[fuzz ${engine}] ${res.statusCode} ${req.describe.slice(0, 400)} => ${res.body.slice(0, 200)}`);
      if (ms > stats.slowest.ms) stats.slowest = { ms, what: req.describe.slice(0, 200) };
      return res;
    }

    beforeAll(async () => {
      knownHits.clear();
      t = await createTestApp(engine, { seedFamilies: 30 });
      db = t.ctx.database.db as unknown as Kysely<any>;
      admin = await login('admin');
      const h = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
      const families = expectOk(await t.app.inject({ method: 'GET', url: `${API}/families?limit=3`, headers: h })).items.map((f: any) => f.id as string);
      const detail = expectOk(await t.app.inject({ method: 'GET', url: `${API}/families/${families[0]}`, headers: h }));
      const memberIds = detail.members.map((m: any) => m.id as string);
      const usernames = expectOk(await t.app.inject({ method: 'GET', url: `${API}/users?limit=100`, headers: h })).items.map((u: any) => u.username as string);
      // Real targets for the shaped phase: a user, a token and a cover of their own, so ids of every kind exist.
      const target = expectOk(
        await t.app.inject({ method: 'POST', url: `${API}/users`, headers: h, payload: { username: 'fuzz.target', role: 'pendamping', regionCode: '32.76.02', password: 'a-long-fuzz-passphrase-9' } }),
        201,
      );
      const token = expectOk(await t.app.inject({ method: 'POST', url: `${API}/tokens`, headers: h, payload: { name: 'fuzz target' } }), 201);
      const cover = expectOk(
        await t.app.inject({ method: 'POST', url: `${API}/delegations`, headers: h, payload: { from: 'pendamping01', to: 'pendamping02', endDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), reason: 'fuzz target' } }),
        201,
      );
      const references = expectOk(await t.app.inject({ method: 'GET', url: `${API}/reference` })).items as string[];
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      pools = {
        safeIds: families,
        ids: [...families, ...memberIds, target.id, token.id, cover.id],
        kinds: {
          id: [...families, ...memberIds, target.id, token.id, cover.id],
          username: [...usernames, 'nobody.here', 'a.b', '0-0'],
          reference: [...references, 'benefit-index'],
          region: ['32', '32.76', '32.76.02', '32.76.02.1007', '32.76.02.9999', '11.01.01.2001', '99', '99.99.99.9999', '00', '00.00.00.0000'],
          date: [
            ...[0, 1, -1, 30, 179, 180, 181, 366].map(day),
            '2024-01-01',
            '2024-02-29',
            '2023-02-29',
            '2000-02-29',
            '2100-02-29',
            '1970-01-01',
            '1900-01-01',
            '1899-12-31',
            '0000-01-01',
            '0001-01-01',
            '0000-00-00',
            '9999-07-01',
            '9999-12-30',
            '9999-12-31',
            '2024-13-01',
            '2024-1-1',
            '20240101',
            '2026-07-15T00:00:00Z',
          ],
          digits: [nikFor('1990-05-12', 'P'), nikFor('2016-01-30', 'L'), kkFor(), '3276025205900017', '0000000000000000', '9999999999999999', '327602520590001', '32760252059000170'],
        },
      };
    });

    afterAll(async () => {
      if (stats.requests) {
        const statuses = [...stats.statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(' ');
        const accepted = [...stats.accepted.entries()].map(([op, n]) => `${op} x${n}`).join(', ');
        console.info(
          `[fuzz ${engine}] ${OPERATIONS.length} operations, ${stats.requests} requests; statuses ${statuses}; slowest ${stats.slowest.ms.toFixed(0)} ms (${stats.slowest.what}); hostile-but-valid writes accepted: ${accepted || 'none'}; known defects hit: ${[...knownHits].map(([d, n]) => `${d} x${n}`).join(', ') || 'none'}`,
        );
      }
      await t?.close();
    });

    it('enumerates every route of the app (OpenAPI + route tree + the declarations in src/server)', async () => {
      const ops = await appOperations(t.app);
      expect(ops.map(opName)).toEqual(OPERATIONS.map(opName));
      expect(ops.length).toBeGreaterThan(30);
      const known = new Set(ops.map(opName));
      const declared = declaredRoutes(fileURLToPath(new URL('../../../src/server', import.meta.url)));
      expect(declared.length).toBeGreaterThan(30);
      for (const d of declared) expect(known, `${d.method} ${d.url} (${d.file})`).toContain(opName({ method: d.method, path: toOpenApiPath(d.url) }));
      // Documented operations say whether they are public; the fuzz below relies on it.
      for (const op of ops.filter((o) => o.documented)) expect(typeof op.public, opName(op)).toBe('boolean');
      expect(ops.filter((o) => o.body).length).toBeGreaterThan(10);
    });

    for (const who of ['admin', 'anon'] as const) {
      describe(who === 'admin' ? 'as admin (cookie + CSRF)' : 'unauthenticated', () => {
        it.each(OPERATIONS.map((op) => [opName(op), op] as const))('%s', async (_name, op) => {
          const throwaway = who === 'admin' && endsSessionsWhatever(op);
          let session: Session | undefined = who === 'admin' ? (throwaway ? await login(THROWAWAY_USER) : admin) : undefined;
          let baseline = await snapshot(db);
          let relogins = 0;
          const accept = () => stats.accepted.set(opName(op), (stats.accepted.get(opName(op)) ?? 0) + 1);

          for (const phase of ['invalid', 'shaped'] as const) {
            const numRuns = runsOf(engine, who === 'admin' ? (phase === 'invalid' ? RUNS.adminInvalid : RUNS.adminShaped) : phase === 'invalid' ? RUNS.anonInvalid : RUNS.anonShaped);
            await fc.assert(
              fc.asyncProperty(themed(op, phase, who, poolsFor(op)), async (req) => {
                const res = await send(req, session);
                if (!knownDefect(op, req, res)) checkAnswer(req, res);
                const sameOp = req.method === op.method || (op.method === 'GET' && req.method === 'HEAD');
                const status = res.statusCode;
                if (req.routerPiece) expect(status, req.describe).toBeGreaterThanOrEqual(400);
                // Unauthenticated callers never get past a non-public operation.
                // 405: the address (normalised: `/families/./x`) exists with other methods, or HEAD where a download takes GET only.
                if (who === 'anon' && op.public === false && sameOp) expect([400, 401, 404, 405, 414], `${req.describe}\n=> ${status} ${res.body.slice(0, 300)}`).toContain(status);
                // A write without its CSRF token is refused.
                if (who === 'admin' && req.csrf === 'bad' && isWrite(req.method) && op.public === false) expect(status, req.describe).toBeGreaterThanOrEqual(400);
                // An invalid body is refused, whatever else.
                if (phase === 'invalid' && op.body && sameOp && req.invalidBody) expect(status, `${req.describe}\n=> ${status} ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
                if (!sameOp) expect(status, req.describe).toBeGreaterThanOrEqual(400);

                if (isWrite(req.method) && !refusedUpFront(res)) {
                  const now = await snapshot(db);
                  const diff = snapshotDiff(baseline, now);
                  if (status < 400) {
                    // Accepted: in phase "invalid" only the operations that need no input may accept.
                    if (phase === 'invalid' && !endsSessionsWhatever(op)) expect.fail(`accepted a request of phase "invalid": ${req.describe}`);
                    if (diff.length) accept();
                    baseline = now;
                  } else {
                    expect(diff, `refused (${status}) but stored: ${req.describe}\n=> ${res.body.slice(0, 300)}`).toEqual([]);
                  }
                }
                // The throwaway session ended: start another one (a few times) so the operation keeps being exercised with a session.
                if (throwaway && status < 400 && sameOp && relogins++ < 4) {
                  session = await login(THROWAWAY_USER);
                  baseline = await snapshot(db);
                }
              }),
              { seed: SEED + OPERATIONS.indexOf(op) * 7 + (phase === 'shaped' ? 1 : 0) + (who === 'anon' ? 3 : 0), numRuns, endOnFailure: true },
            );
          }

          // GETs are not snapshotted one by one: nothing may have changed since the last accepted write.
          expect(snapshotDiff(baseline, await snapshot(db)), `${opName(op)} stored something`).toEqual([]);
          // The admin keeps its session whatever was sent.
          expectOk(await t.app.inject({ method: 'GET', url: `${API}/me`, headers: { cookie: admin.cookie } }));
        });
      });
    }

    describe('defects this suite found (fixed; kept as regression tests)', () => {
      // RangeError "Year 10000 is outside 0000-9999" from addDays(date, 1) in src/domain/dates.ts: the schemas
      // accept 9999-12-31 as a calendar date, the services then compute the day after it. 500 instead of 4xx.
      it('GET /audit?to=9999-12-31 answers 4xx, not 500', async () => {
        const res = await t.app.inject({ method: 'GET', url: `${API}/audit?to=9999-12-31`, headers: { cookie: admin.cookie } });
        expect(res.statusCode).toBeLessThan(500);
      });

      it('GET /audit/export?to=9999-12-31 answers 4xx, not 500', async () => {
        const res = await t.app.inject({ method: 'GET', url: `${API}/audit/export?to=9999-12-31`, headers: { cookie: admin.cookie } });
        expect(res.statusCode).toBeLessThan(500);
      });

      it('POST /delegations ending 9999-12-31 answers 4xx, not 500', async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: `${API}/delegations`,
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
          payload: { from: 'pendamping01', to: 'pendamping02', startDate: '9999-12-31', endDate: '9999-12-31', reason: 'x' },
        });
        expect(res.statusCode).toBeLessThan(500);
      });

      // Fastify's router answers these itself, bypassing the app's error handler: the body is Fastify's
      // `{"error":"Bad Request","code":"FST_ERR_...","message":"'<the url>' ..."}`, not the contract's
      // `{"error":{"code","message"}}`, and the message echoes the raw URL (NIKs in a path are not masked).
      it('a path parameter with invalid percent-encoding answers the contract error shape', async () => {
        const res = await t.app.inject({ method: 'GET', url: `${API}/families/%E0%A4%A`, headers: { cookie: admin.cookie } });
        expect(res.statusCode).toBe(400);
        expect(typeof JSON.parse(res.body).error?.code).toBe('string');
      });

      it('a path parameter over 100 characters answers the contract error shape', async () => {
        const res = await t.app.inject({ method: 'GET', url: `${API}/families/${'3276025205900017'.repeat(7)}`, headers: { cookie: admin.cookie } });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(typeof JSON.parse(res.body).error?.code).toBe('string');
        expect(res.body).not.toContain('3276025205900017');
      });
    });

    it('concurrent bursts of type-correct hostile requests to every operation: no 5xx', async () => {
      // All at once, so writers race (PostgreSQL pool of 4): lost updates, deadlocks or a forked audit chain would show
      // as a 5xx here or in the audit verification below. Session-ending operations are left out (admin session).
      const ops = OPERATIONS.filter((op) => !endsSessionsWhatever(op));
      const batch = fc.sample(fc.tuple(...ops.map((op) => themed(op, 'shaped', 'admin', poolsFor(op)))), { seed: SEED, numRuns: 3 }).flatMap((reqs) => reqs.map((req, i) => ({ op: ops[i]!, req })));
      const answers = await Promise.all(batch.map(({ req }) => send(req, admin)));
      answers.forEach((res, i) => {
        if (!knownDefect(batch[i]!.op, batch[i]!.req, res)) checkAnswer(batch[i]!.req, res);
      });
    });

    // Last, inside the suite (before its app closes): the caller's checks of the server afterwards.
    afterwards(async () => {
      const me = await t.app.inject({ method: 'GET', url: `${API}/me`, headers: { cookie: admin.cookie } });
      const verify = await t.app.inject({ method: 'GET', url: `${API}/audit/verify`, headers: { cookie: admin.cookie } });
      return {
        health: (await t.app.inject({ method: 'GET', url: '/api/health' })).json(),
        me: { status: me.statusCode, username: me.json().username },
        auditChain: verify.json(),
        prototypeKeys: Object.keys(Object.prototype),
        polluted: [({} as Record<string, unknown>).isAdmin, ({} as Record<string, unknown>).polluted].filter((v) => v !== undefined),
        requests: stats.requests,
        operations: OPERATIONS.length,
      };
    });
  });
}
