/**
 * Bad input never yields a 5xx (contract: "Errors"): arbitrary and near-valid JSON bodies, raw text,
 * wrong content types and arbitrary query strings against the public and the session endpoints. Every
 * answer is JSON with either the endpoint's success shape or `{"error": {"code", "message"}}`.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, kkFor, newFamilyBody, nikFor, sum } from './helpers';

const RUNS = 100;

// ---------------------------------------------------------------------------------------------
// Response checks

/** The answer is not a 5xx and is JSON: an error body for 4xx, `success(body)` for 2xx. */
function checkAnswer(res: LightMyRequestResponse, success: (body: any) => void) {
  expect(res.statusCode, `${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode === 204) return;
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = JSON.parse(res.body);
  if (res.statusCode >= 400) {
    expect(typeof body?.error?.code, res.body.slice(0, 300)).toBe('string');
    expect(typeof body.error.message).toBe('string');
    expect(body.error.message.length).toBeGreaterThan(0);
    if (body.error.fields !== undefined) for (const v of Object.values(body.error.fields)) expect(typeof v).toBe('string');
  } else {
    expect(res.statusCode).toBeGreaterThanOrEqual(200);
    success(body);
  }
}

const nikAnswer = (b: any) => {
  expect(typeof b.valid).toBe('boolean');
  expect(Array.isArray(b.errors)).toBe(true);
  for (const e of b.errors) {
    expect(typeof e.code).toBe('string');
    expect(typeof e.message).toBe('string');
  }
  expect(b.valid).toBe(b.errors.length === 0);
  expect(b.regionCode === null || /^\d{2}\.\d{2}\.\d{2}$/.test(b.regionCode)).toBe(true);
  expect(b.birthDate === null || /^\d{4}-\d{2}-\d{2}$/.test(b.birthDate)).toBe(true);
  expect([null, 'L', 'P']).toContain(b.sex);
};

const entitlementAnswer = (b: any) => {
  expect(Number.isInteger(b.year)).toBe(true);
  expect(Array.isArray(b.components)).toBe(true);
  expect(b.perTahap).toHaveLength(4);
  expect(sum(b.perTahap)).toBe(b.annualTotal);
  expect(b.components.filter((c: any) => c.counted).length).toBeLessThanOrEqual(4);
};

const loginAnswer = (b: any) => {
  expect(typeof b.csrfToken).toBe('string');
  expect(typeof b.user?.username).toBe('string');
};

const familyAnswer = (b: any) => {
  expect(typeof b.id).toBe('string');
  expect(Array.isArray(b.members)).toBe(true);
  expect(Number.isInteger(b.version)).toBe(true);
};

const listAnswer = (b: any) => {
  expect(Array.isArray(b.items)).toBe(true);
  expect(Number.isInteger(b.total)).toBe(true);
  expect(b.items.length).toBeLessThanOrEqual(500);
};

const regionsAnswer = (b: any) => {
  expect(Array.isArray(b.items)).toBe(true);
  for (const i of b.items) expect(typeof i.code).toBe('string');
};

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Strings that include control characters (NUL too), non-BMP code points and the like. */
const nasty = fc
  .oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'binary-ascii', maxLength: 40 }),
    fc.constantFrom('', ' ', '\t', '\u200b', '😀', "'; drop table families; --", '%', '_', '\\', '../..', '<b>', 'null', 'undefined', '1e309', '-0', 'NaN'),
    fc.string().map((s) => `${s}\u0000${s}`),
  );

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const validDate = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const dateLike = fc.oneof(
  { weight: 6, arbitrary: validDate },
  { weight: 1, arbitrary: fc.constantFrom('2020-02-30', '2026-13-01', '0000-01-01', '9999-12-31', '2026-7-1', '20260715', '2026-07-15T00:00:00Z') },
  { weight: 1, arbitrary: nasty },
);
/** A date that is almost always a real calendar date. */
const mostlyValidDate = fc.oneof({ weight: 30, arbitrary: validDate }, { weight: 1, arbitrary: dateLike });
const junk = fc.oneof(fc.jsonValue({ maxDepth: 2 }), nasty);
/** Mostly `arb`, sometimes junk: `odds` valid values for each junk one. */
const orJunk = <T>(arb: fc.Arbitrary<T>, odds = 4) => fc.oneof({ weight: odds, arbitrary: arb }, { weight: 1, arbitrary: junk });

/** A member that is usually valid or nearly so: each field is junk about once in 30. */
const memberArb = fc.record(
  {
    name: orJunk(fc.oneof({ weight: 10, arbitrary: fc.constantFrom('Siti', 'Budi Santoso', 'Ny. Ratna Sari-Dewi', "Ma'ruf") }, { weight: 1, arbitrary: nasty }), 30),
    nik: orJunk(fc.oneof(digits(16), nasty, fc.constant(null).map(() => nikFor('2015-06-01', 'P'))), 30),
    relation: orJunk(fc.constantFrom('kepala_keluarga', 'istri', 'anak', 'suami', 'cucu', 'lainnya'), 30),
    sex: orJunk(fc.constantFrom('L', 'P'), 30),
    birthDate: orJunk(mostlyValidDate, 30),
    schoolLevel: orJunk(fc.constantFrom('none', 'paud', 'sd', 'smp', 'sma'), 30),
    pregnant: orJunk(fc.boolean(), 30),
    postpartum: orJunk(fc.boolean(), 30),
    severeDisability: orJunk(fc.boolean(), 30),
    caretaker: orJunk(fc.boolean(), 30),
    startDate: dateLike,
  },
  { requiredKeys: ['name', 'relation', 'sex', 'birthDate', 'schoolLevel', 'pregnant', 'postpartum', 'severeDisability', 'caretaker'] },
);

/** Objects with keys the endpoints read, with values of any kind, plus arbitrary JSON. */
const KEYS = ['nik', 'year', 'asOf', 'akses', 'members', 'username', 'password', 'kkNumber', 'kelurahanCode', 'address', 'rt', 'rw', 'joinedYear', 'decile', 'status', 'pendamping', 'version', '__proto__', 'constructor'];
const anyBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.object({ maxDepth: 2 }),
  fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), junk, { maxKeys: 6 }),
);

// ---------------------------------------------------------------------------------------------

describe.each(ENGINES)('robustness (%s)', (engine) => {
  let t: TestApp;
  let session: Session;
  let familyId: string;
  let memberIds: string[];

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}, remoteAddress?: string) =>
    t.app.inject({
      method,
      url,
      remoteAddress,
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    });
  const withSession = (): Record<string, string> => ({ cookie: session.cookie, 'x-csrf-token': session.csrf });

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 20 });
    session = await loginAs(t.app, 'pendamping01');
    const list = expectOk(await as(t.app, session).get(`${API}/families?limit=1`));
    familyId = list.items[0].id;
    memberIds = expectOk(await as(t.app, session).get(`${API}/families/${familyId}`)).members.map((m: any) => m.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('arbitrary JSON bodies', () => {
    it('POST /rules/nik', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyBody, fc.record({ nik: nasty }), fc.record({ nik: junk })), async (body) => {
          checkAnswer(await send('POST', `${API}/rules/nik`, body), nikAnswer);
        }),
        { numRuns: RUNS },
      );
    });

    it('POST /rules/nik answers 200 for every string', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(nasty, digits(16), digits(15)), async (nik) => {
          const res = await send('POST', `${API}/rules/nik`, { nik });
          expect(res.statusCode).toBe(200);
          nikAnswer(JSON.parse(res.body));
        }),
        { numRuns: RUNS },
      );
    });

    it('POST /rules/entitlement, arbitrary and near-valid', async () => {
      const nearValid = fc.record(
        {
          year: orJunk(fc.oneof(fc.integer({ min: 2015, max: 2035 }), fc.integer({ min: 1890, max: 2210 })), 20),
          asOf: mostlyValidDate,
          akses: orJunk(fc.boolean(), 20),
          members: orJunk(fc.array(memberArb, { maxLength: 8 }), 20),
        },
        { requiredKeys: ['year', 'members'] },
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyBody, nearValid, nearValid), async (body) => {
          checkAnswer(await send('POST', `${API}/rules/entitlement`, body), entitlementAnswer);
        }),
        { numRuns: RUNS },
      );
    });

    it('POST /auth/login', async () => {
      const nearValid = fc.record({ username: orJunk(fc.oneof(fc.constantFrom('pendamping02', 'PENDAMPING02 ', 'no.one'), nasty)), password: orJunk(nasty) });
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyBody, nearValid), fc.ipV4(), async (body, ip) => {
          checkAnswer(await send('POST', `${API}/auth/login`, body, {}, ip), loginAnswer);
        }),
        { numRuns: RUNS },
      );
    });

    it('POST /families with a session', async () => {
      const nearValid = fc.record(
        {
          kkNumber: orJunk(fc.oneof(fc.constant(null).map(() => kkFor()), digits(16), nasty), 10),
          kelurahanCode: orJunk(fc.constantFrom('32.76.02.1007', '32.76.02.1012', '32.76.01.1006', '32.76.02.9999', '11.01.01.2001'), 10),
          address: orJunk(nasty, 10),
          rt: orJunk(fc.oneof(digits(2), nasty), 10),
          rw: orJunk(fc.oneof(digits(3), nasty), 10),
          joinedYear: orJunk(fc.integer({ min: 2000, max: 2110 }), 10),
          decile: orJunk(fc.oneof(fc.integer({ min: -1, max: 12 }), fc.constant(null)), 10),
          status: orJunk(fc.constantFrom('aktif', 'keluar'), 10),
          pendamping: orJunk(fc.constantFrom('pendamping01', 'pendamping02', 'korcam.cimanggis', 'nobody'), 10),
          members: orJunk(fc.array(memberArb, { minLength: 0, maxLength: 5 }), 10),
        },
        { requiredKeys: ['kkNumber', 'kelurahanCode', 'address', 'rt', 'rw', 'members'] },
      );
      // A valid family with one field replaced, so the deeper checks (NIK, heads, duplicates) are reached.
      const mutated = fc
        .tuple(fc.constantFrom('kkNumber', 'kelurahanCode', 'address', 'rt', 'members', 'decile', 'pendamping'), junk)
        .map(([key, value]) => ({ ...newFamilyBody(), [key]: value }));
      const memberMutated = fc.tuple(fc.nat(2), memberArb).map(([i, m]) => {
        const body = newFamilyBody();
        (body.members as unknown[])[i] = { ...body.members[i], ...m };
        return body;
      });
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyBody, nearValid, mutated, memberMutated), async (body) => {
          checkAnswer(await send('POST', `${API}/families`, body, withSession()), familyAnswer);
        }),
        { numRuns: RUNS },
      );
    });

    it('PATCH /families/{id} with a session', async () => {
      const id = fc.oneof(fc.constantFrom(...memberIds), fc.uuid(), junk);
      const nearValid = fc.record(
        {
          version: orJunk(fc.integer({ min: -2, max: 50 }), 10),
          kelurahanCode: orJunk(fc.constantFrom('32.76.02.1007', '32.76.02.1009', '32.76.02.9999'), 10),
          address: orJunk(nasty, 10),
          rt: orJunk(digits(3), 10),
          status: orJunk(fc.constantFrom('aktif', 'ditangguhkan', 'graduasi', 'keluar'), 10),
          decile: orJunk(fc.oneof(fc.integer({ min: 0, max: 11 }), fc.constant(null)), 10),
          pendamping: orJunk(fc.constantFrom('pendamping01', 'pendamping02', 'nobody'), 10),
          members: orJunk(
            fc.record(
              {
                add: orJunk(fc.array(memberArb, { maxLength: 2 }), 10),
                update: orJunk(fc.array(fc.tuple(id, memberArb).map(([i, m]) => ({ ...m, id: i })), { maxLength: 2 }), 10),
                end: orJunk(
                  fc.array(fc.record({ id, endDate: dateLike, reason: orJunk(fc.constantFrom('meninggal', 'pindah', 'lainnya'), 10) }), { maxLength: 2 }),
                  10,
                ),
              },
              { requiredKeys: [] },
            ),
            10,
          ),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyBody, nearValid, nearValid), async (body) => {
          checkAnswer(await send('PATCH', `${API}/families/${familyId}`, body, withSession()), familyAnswer);
        }),
        { numRuns: RUNS },
      );
      // Whatever happened, the family can still be read.
      const after = await as(t.app, session).get(`${API}/families/${familyId}`);
      expect([200, 404]).toContain(after.statusCode);
    });
  });

  describe('arbitrary query strings', () => {
    const key = fc.oneof(fc.constantFrom('q', 'limit', 'offset', 'kelurahan', 'status', 'parent', 'region', 'lang', 'q[]', 'limit[0]', '__proto__'), fc.string({ maxLength: 8 }));
    const value = fc.oneof(
      nasty.map(encodeURIComponent),
      fc.string({ unit: fc.constantFrom(...'abcAZ09.-_~%+=&[],;:!$\'()*@/?'), maxLength: 20 }),
      fc.integer().map(String),
      fc.constantFrom('1e3', '0x10', 'Infinity', '-0', '', '%', '%zz', '%E0%A4%A', '%C0%AF', '32.76', '32.76.02', '32.76.02.1009', 'aktif', '3276025205900017'),
    );
    const query = fc.array(fc.tuple(key, value), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&'));

    it('GET /families', async () => {
      await fc.assert(
        fc.asyncProperty(query, async (qs) => {
          checkAnswer(await send('GET', `${API}/families?${qs}`, undefined, withSession()), listAnswer);
        }),
        { numRuns: RUNS },
      );
    });

    it('GET /regions', async () => {
      await fc.assert(
        fc.asyncProperty(query, async (qs) => {
          checkAnswer(await send('GET', `${API}/regions?${qs}`), regionsAnswer);
        }),
        { numRuns: RUNS },
      );
    });

    it('GET /families/{id}/entitlement', async () => {
      await fc.assert(
        fc.asyncProperty(query, fc.oneof(fc.constant(familyId), fc.uuid(), nasty.map(encodeURIComponent)), async (qs, id) => {
          if (id === '') return;
          checkAnswer(await send('GET', `${API}/families/${id}/entitlement?${qs}`, undefined, withSession()), entitlementAnswer);
        }),
        { numRuns: RUNS },
      );
    });
  });

  describe('malformed requests', () => {
    const targets: Array<[string, 'POST' | 'PATCH', boolean]> = [
      [`${API}/rules/nik`, 'POST', false],
      [`${API}/rules/entitlement`, 'POST', false],
      [`${API}/auth/login`, 'POST', false],
      [`${API}/families`, 'POST', true],
    ];

    it('invalid JSON text answers 400 with the error shape', async () => {
      const notJson = fc.oneof(
        fc.constantFrom('{', '{"nik":', "{'nik': '1'}", '{"nik": "1",}', 'nik=1', 'undefined', 'NaN', '[1,]', '{"a":1}{"b":2}', '\u0000', '{"__proto__": {"x": 1}}', '{"constructor": {"prototype": {}}}'),
        fc.string({ minLength: 1 }).filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return true;
          }
        }),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...targets), notJson, async ([url, method, auth], text) => {
          const res = await send(method, url, text, auth ? withSession() : {});
          const e = expectError(res, 400);
          expect(e.code).toBeTruthy();
        }),
        { numRuns: RUNS },
      );
    });

    it('any text with a JSON content type never gives a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...targets), fc.string({ unit: 'binary-ascii', maxLength: 60 }), async ([url, method, auth], text) => {
          checkAnswer(await send(method, url, text, auth ? withSession() : {}), () => {});
        }),
        { numRuns: RUNS },
      );
    });

    it('wrong content types answer 4xx with the error shape', async () => {
      const types = [
        'text/plain',
        'text/html',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=xyz',
        'application/xml',
        'application/octet-stream',
        'image/png',
      ];
      for (const [url, method, auth] of targets) {
        for (const type of types) {
          const payload = type.startsWith('application/x-www') ? 'nik=3276025205900017' : '{"nik":"3276025205900017"}';
          const res = await t.app.inject({ method, url, payload, headers: { 'content-type': type, ...(auth ? withSession() : {}) } });
          expect(res.statusCode, `${url} ${type}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expectError(res, res.statusCode);
        }
      }
    });

    it('an empty body with a JSON content type answers 400', async () => {
      for (const [url, method, auth] of targets) {
        const res = await t.app.inject({ method, url, payload: '', headers: { 'content-type': 'application/json', ...(auth ? withSession() : {}) } });
        expectError(res, 400);
      }
    });

    it('a body over the size limit answers 413', async () => {
      const big = JSON.stringify({ nik: 'x'.repeat(3 * 1024 * 1024) });
      const res = await send('POST', `${API}/rules/nik`, big);
      expectError(res, 413);
    });

    it('a deeply nested body does not crash the server', async () => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const res = await send('POST', `${API}/rules/entitlement`, deep);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    });

    it('unsupported methods on known paths answer 404 or 405 with the error shape', async () => {
      for (const method of ['PUT', 'DELETE'] as const) {
        const res = await t.app.inject({ method, url: `${API}/families/${familyId}`, headers: withSession() });
        expect([404, 405]).toContain(res.statusCode);
        expectError(res, res.statusCode);
      }
    });
  });

  /**
   * A NUL character in a string that reaches a PostgreSQL query makes pg raise 22021 ("invalid byte
   * sequence for encoding UTF8: 0x00"); the schemas refuse NUL with a 400 before it gets there.
   */
  describe('NUL characters in input', () => {
    it('login, reference names, list search and family text fields answer 4xx (or 2xx), never 5xx', async () => {
      const results = [
        await send('POST', `${API}/auth/login`, { username: 'admin\u0000', password: 'x' }),
        await send('GET', `${API}/reference/ife-roles%00`),
        await send('GET', `${API}/families?q=siti%00`, undefined, withSession()),
        await send('PATCH', `${API}/families/${familyId}`, { address: 'Jl. Nul\u0000 No. 1' }, withSession()),
        await send('POST', `${API}/families`, { ...newFamilyBody(), address: 'Jl.\u0000' }, withSession()),
      ];
      for (const res of results) checkAnswer(res, () => {});
    });
  });

  it('the app still answers normally after all that', async () => {
    expectOk(await t.app.inject({ method: 'GET', url: '/api/health' }));
    const nik = nikFor('1990-01-01', 'P');
    expect(expectOk(await send('POST', `${API}/rules/nik`, { nik })).valid).toBe(true);
  });
});
