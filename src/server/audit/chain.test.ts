import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, type AuditFields, auditHash, ChainVerifier, chainEntries, describeChainProblem, GENESIS_HASH } from './chain';

const fieldsArb = fc.record({
  at: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  actorId: fc.option(fc.uuid(), { nil: null }),
  actorUsername: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  actorRole: fc.option(fc.constantFrom('admin', 'pendamping', 'system'), { nil: null }),
  clientIp: fc.option(fc.ipV4(), { nil: null }),
  action: fc.constantFrom('family.create', 'family.update', 'family.read_sensitive', 'auth.login'),
  entity: fc.constantFrom('family', 'user', 'delegation'),
  recordId: fc.option(fc.uuid(), { nil: null }),
  familyId: fc.option(fc.uuid(), { nil: null }),
  regionCode: fc.option(fc.constantFrom('32.76.02.1009', '32.76', '32.76.03.1001'), { nil: null }),
  beforeData: fc.option(fc.json(), { nil: null }),
  afterData: fc.option(fc.json(), { nil: null }),
});

const trailArb = fc.array(fieldsArb, { minLength: 1, maxLength: 30 }).map((list) => chainEntries(GENESIS_HASH, list.map((f, i) => ({ ...f, seq: i + 1 }) as AuditFields)));

function verify(entries: AuditEntry[], head = entries.length ? { seq: entries[entries.length - 1]!.seq, hash: entries[entries.length - 1]!.hash } : { seq: 0, hash: GENESIS_HASH }) {
  const v = new ChainVerifier();
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) if (!v.check(e)) break;
  return v.finish(head);
}

describe('the audit hash chain', () => {
  it('hashes the previous hash and the fields in a fixed, documented form', () => {
    const e: AuditFields = {
      seq: 1,
      at: '2026-01-01T00:00:00.000Z',
      actorId: null,
      actorUsername: 'system',
      actorRole: 'system',
      clientIp: null,
      action: 'family.create',
      entity: 'family',
      recordId: 'r',
      familyId: 'f',
      regionCode: '32.76.02.1009',
      beforeData: null,
      afterData: '{"a":1}',
    };
    // sha256("000…0\n[1,\"2026-01-01T00:00:00.000Z\",null,\"system\",\"system\",null,\"family.create\",\"family\",\"r\",\"f\",\"32.76.02.1009\",null,\"{\\\"a\\\":1}\"]")
    expect(auditHash(GENESIS_HASH, e)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, e)).toBe(auditHash(GENESIS_HASH, { ...e }));
    expect(auditHash(GENESIS_HASH, e)).not.toBe(auditHash(GENESIS_HASH, { ...e, afterData: '{"a":2}' }));
  });

  it('accepts every untouched trail', () => {
    fc.assert(
      fc.property(trailArb, (trail) => {
        expect(verify(trail)).toBeNull();
      }),
    );
  });

  it('names the edited entry when any field of any entry changes', () => {
    const fields = ['at', 'actorId', 'actorUsername', 'actorRole', 'clientIp', 'action', 'entity', 'recordId', 'familyId', 'regionCode', 'beforeData', 'afterData', 'hash', 'prevHash'] as const;
    fc.assert(
      fc.property(trailArb, fc.nat(), fc.constantFrom(...fields), (trail, i, field) => {
        const k = i % trail.length;
        const target = trail[k]!;
        const tampered = [...trail];
        tampered[k] = { ...target, [field]: `${String(target[field] ?? '')}x` };
        const problem = verify(tampered);
        expect(problem).not.toBeNull();
        expect(problem!.seq).toBe(target.seq);
      }),
    );
  });

  it('names the first missing entry when entries are deleted, including the newest', () => {
    fc.assert(
      fc.property(trailArb, fc.nat(), (trail, i) => {
        const k = i % trail.length;
        const head = { seq: trail[trail.length - 1]!.seq, hash: trail[trail.length - 1]!.hash };
        const problem = verify(trail.filter((_, j) => j !== k), head);
        expect(problem).not.toBeNull();
        expect(problem!.seq).toBe(trail[k]!.seq);
      }),
    );
  });

  it('detects entries swapped (their contents exchanged, or their numbers exchanged)', () => {
    fc.assert(
      fc.property(trailArb.filter((t) => t.length >= 2), fc.nat(), (trail, i) => {
        const k = i % (trail.length - 1);
        const a = trail[k]!;
        const b = trail[k + 1]!;
        const contents = [...trail];
        contents[k] = { ...b, seq: a.seq };
        contents[k + 1] = { ...a, seq: b.seq };
        expect(verify(contents)?.seq).toBe(a.seq);
        const numbers = [...trail];
        numbers[k] = { ...a, seq: b.seq };
        numbers[k + 1] = { ...b, seq: a.seq };
        expect(verify(numbers)?.seq).toBe(a.seq);
      }),
    );
  });

  it('describes each problem in Indonesian and English', () => {
    for (const kind of ['gap', 'link', 'hash', 'head_missing', 'head_mismatch'] as const) {
      const text = describeChainProblem({ kind, seq: 7, expectedSeq: 7 } as never);
      expect(text).toContain('#7');
      expect(text).toMatch(/entri/);
      expect(text).toMatch(/entry/);
    }
  });
});
