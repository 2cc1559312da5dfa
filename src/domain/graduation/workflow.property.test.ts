import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, applyTransition, checkTransition, type GraduationCase, GRADUATION_STATES, GRADUATION_TYPES, isAllowedMove, ROLES_BY_TARGET, type TransitionRequest } from './workflow';

const ACTORS: Actor[] = ['pendamping', 'koordinator_kecamatan', 'koordinator_kota', 'admin', 'auditor', 'peneliti', 'system'];

const requestArb: fc.Arbitrary<TransitionRequest> = fc.record(
  {
    to: fc.constantFrom(...GRADUATION_STATES),
    type: fc.constantFrom(...GRADUATION_TYPES),
    note: fc.constantFrom('alasan', '', '  '),
    evidence: fc.record(
      {
        assessmentId: fc.constant('a1'),
        statementSignedAt: fc.constantFrom('2026-08-01', '2026-09-01'),
        kelurahanLetterDocumentId: fc.constant('letter'),
        effectiveDate: fc.constantFrom('2026-07-01', '2026-12-31'),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['to'] },
);

const stepsArb = fc.array(fc.tuple(requestArb, fc.constantFrom(...ACTORS)), { maxLength: 40 });

describe('workflow properties (random sequences of requests by random roles)', () => {
  it('no path reaches exited without approved; a pendamping never approves; rejected always has a note; every step is in the table', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        let c: GraduationCase | null = null;
        let approvedSinceStart = false;
        for (const [req, actor] of steps) {
          const out = checkTransition(c, req, actor, { today: '2026-08-10' });
          if (!out.ok) continue; // a refusal changes nothing: c is kept
          expect(isAllowedMove(c?.state ?? null, out.to, out.type)).toBe(true);
          expect(ROLES_BY_TARGET[out.to]).toContain(actor);
          if (out.to === 'approved') expect(actor).not.toBe('pendamping');
          if (out.to === 'rejected') expect(out.note?.trim()).toBeTruthy();
          if (out.to === 'candidate') approvedSinceStart = false;
          if (out.to === 'approved') approvedSinceStart = true;
          if (out.to === 'exited') {
            expect(approvedSinceStart).toBe(true);
            expect(c?.state).toBe('approved');
            expect(out.effectiveDate! >= c!.approvedAt!).toBe(true);
          }
          c = applyTransition(c, out);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the status is decided in order: 409 for moves off the table whoever asks, else 403 for the role, else 422', () => {
    const caseArb = fc.option(fc.record({ state: fc.constantFrom(...GRADUATION_STATES), type: fc.constantFrom(...GRADUATION_TYPES), approvedAt: fc.constant('2026-08-01') }), { nil: null });
    fc.assert(
      fc.property(caseArb, requestArb, fc.constantFrom(...ACTORS), (c, req, actor) => {
        const out = checkTransition(c, req, actor, { today: '2026-08-10' });
        const type = (req.type ?? c?.type) as GraduationCase['type'];
        const typeOpen = c === null || ['candidate', 'assessed', 'statement_signed', 'proposed'].includes(req.to);
        const effective = typeOpen ? type : (c?.type ?? type);
        const allowed = isAllowedMove(c?.state ?? null, req.to as GraduationCase['state'], effective);
        if (!allowed) expect(out).toMatchObject({ ok: false, status: 409 });
        else if (!ROLES_BY_TARGET[req.to as GraduationCase['state']].includes(actor)) expect(out).toMatchObject({ ok: false, status: 403 });
        else if (!out.ok) expect(out.status).toBe(422);
      }),
      { numRuns: 2000 },
    );
  });
});
