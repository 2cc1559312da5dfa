import Fastify from 'fastify';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASKED_IDENTIFIER } from '../../domain/free-text-identifiers';
import '../i18n';
import { maskFreeText, registerFreeTextMasking } from './free-text';

const NIK = '3276022103870003';

describe('maskFreeText', () => {
  it('masks the free-text keys wherever they sit, and counts the runs', () => {
    const body = {
      notes: `NIK ${NIK}`,
      attendance: [{ familyId: '0192f3a4-1234-7000-8000-000000000001', status: 'izin', reason: `sakit, KK ${NIK}` }],
      evidence: { letterNumber: '400/12/2026', readinessOverride: { reason: `lihat ${NIK}` } },
      answers: { income_stable: { value: true, note: `NIK ${NIK} dan ${NIK}` } },
      tasks: [{ title: `Urus ${NIK}` }],
    };
    const r = maskFreeText(body);
    expect(r.masked).toBe(6);
    expect(r.value).toEqual({
      notes: `NIK ${MASKED_IDENTIFIER}`,
      attendance: [{ familyId: '0192f3a4-1234-7000-8000-000000000001', status: 'izin', reason: `sakit, KK ${MASKED_IDENTIFIER}` }],
      evidence: { letterNumber: '400/12/2026', readinessOverride: { reason: `lihat ${MASKED_IDENTIFIER}` } },
      answers: { income_stable: { value: true, note: `NIK ${MASKED_IDENTIFIER} dan ${MASKED_IDENTIFIER}` } },
      tasks: [{ title: `Urus ${MASKED_IDENTIFIER}` }],
    });
    // The caller's object is left as it was.
    expect(body.notes).toBe(`NIK ${NIK}`);
  });

  it('never touches identifiers, ids, codes, passwords or other keys', () => {
    const body = {
      kkNumber: NIK,
      change: { members: { add: [{ name: 'Bayi', nik: NIK }] } },
      id: '12345678-1234-1234-1234-123456789012',
      password: `kata sandi ${NIK}`,
      q: NIK,
      value: NIK,
    };
    const r = maskFreeText(body);
    expect(r.masked).toBe(0);
    expect(r.value).toBe(body);
  });

  it('leaves non-plain values (a Buffer body, a string body, null) alone', () => {
    const buf = Buffer.from(`notes ${NIK}`);
    expect(maskFreeText(buf)).toEqual({ value: buf, masked: 0 });
    expect(maskFreeText(`notes ${NIK}`)).toEqual({ value: `notes ${NIK}`, masked: 0 });
    expect(maskFreeText(null)).toEqual({ value: null, masked: 0 });
  });

  it('property: never throws, gives the same object back when nothing is masked, and is idempotent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('notes', 'reason', 'x'), (v, key) => {
        const body = { [key]: `a ${NIK}`, nested: v };
        const once = maskFreeText(body);
        const twice = maskFreeText(once.value);
        expect(twice.masked).toBe(0);
        expect(twice.value).toBe(once.value);
        expect(maskFreeText(v).masked === 0 ? maskFreeText(v).value : null).toBe(maskFreeText(v).masked === 0 ? v : null);
      }),
      { numRuns: 200 },
    );
  });
});

describe('registerFreeTextMasking', () => {
  async function app() {
    const a = Fastify();
    registerFreeTextMasking(a);
    a.post('/api/v1/echo', async (req) => ({ body: req.body, query: req.query }));
    a.post('/api/v1/empty', async (_req, reply) => reply.code(204).send());
    a.post('/api/v1/research/echo', async (req) => ({ body: req.body }));
    a.get('/api/v1/echo', async (req) => ({ query: req.query }));
    return a;
  }

  it('masks a write’s body and query (a photo’s caption), and the answer says how many, in the caller’s language', async () => {
    const a = await app();
    const res = await a.inject({ method: 'POST', url: `/api/v1/echo?caption=${encodeURIComponent(`KK ${NIK}`)}&lang=en`, payload: { notes: `NIK ${NIK}`, nik: NIK } });
    expect(res.headers['x-titian-masked-identifiers']).toBe('2');
    expect(res.json()).toEqual({
      body: { notes: `NIK ${MASKED_IDENTIFIER}`, nik: NIK },
      query: { caption: `KK ${MASKED_IDENTIFIER}`, lang: 'en' },
      maskedIdentifiers: 2,
      maskedIdentifiersNotice: '2 16-digit numbers that look like a NIK/No. KK were masked before saving; the text says [NIK/KK disamarkan] instead.',
    });
    const empty = await a.inject({ method: 'POST', url: '/api/v1/empty', payload: { reason: NIK } });
    expect(empty.statusCode).toBe(204);
    expect(empty.headers['x-titian-masked-identifiers']).toBe('1');
    await a.close();
  });

  it('leaves reads, the research workspace and clean writes as they are', async () => {
    const a = await app();
    const read = await a.inject({ method: 'GET', url: `/api/v1/echo?notes=${NIK}` });
    expect(read.json()).toEqual({ query: { notes: NIK } });
    const research = await a.inject({ method: 'POST', url: '/api/v1/research/echo', payload: { title: NIK } });
    expect(research.json()).toEqual({ body: { title: NIK } });
    const clean = await a.inject({ method: 'POST', url: '/api/v1/echo', payload: { notes: 'HP 081234567890' } });
    expect(clean.json()).toEqual({ body: { notes: 'HP 081234567890' }, query: {} });
    expect(clean.headers['x-titian-masked-identifiers']).toBeUndefined();
    await a.close();
  });
});
