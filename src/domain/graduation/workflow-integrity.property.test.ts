/** Properties of the workflow's integrity rules, over random cases, requests, roles and family statuses. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAMILY_STATUSES } from '../types';
import { type Actor, checkTransition, type GraduationCase, GRADUATION_STATES, GRADUATION_TYPES, judgeStatusChange, movesFor, type TransitionRequest } from './workflow';

const ACTORS: Actor[] = ['pendamping', 'koordinator_kecamatan', 'koordinator_kota', 'admin', 'auditor', 'peneliti', 'system'];
const TODAY = '2026-08-10';

const assessmentArb = fc.option(fc.record({ ready: fc.boolean(), mandatoryNotMet: fc.constantFrom([], ['kesediaan_mandiri'], ['anak_bersekolah', 'kesediaan_mandiri']) }), { nil: undefined });
const caseArb: fc.Arbitrary<GraduationCase | null> = fc.option(
  fc.record({
    state: fc.constantFrom(...GRADUATION_STATES),
    type: fc.constantFrom(...GRADUATION_TYPES),
    approvedAt: fc.constant('2026-08-01'),
    exitEffectiveDate: fc.constantFrom(null, '2026-07-31', '2026-09-30'),
    assessedOn: fc.constant('2026-07-20'),
    assessment: assessmentArb,
  }),
  { nil: null },
);
const requestArb: fc.Arbitrary<TransitionRequest> = fc.record(
  {
    to: fc.constantFrom(...GRADUATION_STATES),
    type: fc.constantFrom(...GRADUATION_TYPES),
    note: fc.constantFrom('alasan', '', '  '),
    evidence: fc.record(
      {
        assessmentId: fc.constant('a1'),
        statementSignedAt: fc.constantFrom('2026-08-01', '2026-07-01'),
        kelurahanLetterDocumentId: fc.constant('letter'),
        effectiveDate: fc.constantFrom('2026-08-10', '2026-12-31'),
        readinessOverride: fc.option(fc.record({ reason: fc.constantFrom('Keluarga bersikeras', '', '   ') }), { nil: undefined }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['to'] },
);
const statusArb = fc.constantFrom(...FAMILY_STATUSES);

describe('workflow integrity properties', () => {
  it('a family not in PKH is never moved towards an exit; a keluar family only has its case rejected', () => {
    fc.assert(
      fc.property(caseArb, requestArb, fc.constantFrom(...ACTORS), statusArb, (c, req, actor, familyStatus) => {
        const out = checkTransition(c, req, actor, { today: TODAY, familyStatus });
        if (!out.ok) return;
        if (familyStatus === 'keluar') expect(out.to).toBe('rejected');
        if (familyStatus === 'graduasi') expect(['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'exited']).not.toContain(out.to);
        if (out.to === 'approved' || out.to === 'exited') expect(['aktif', 'ditangguhkan']).toContain(familyStatus);
      }),
      { numRuns: 3000 },
    );
  });

  it('movesFor offers only moves checkTransition could accept for that family status', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(...ACTORS), statusArb, (c, actor, familyStatus) => {
        for (const to of movesFor(c, actor, TODAY, familyStatus)) {
          const out = checkTransition(c, { to, note: 'alasan', evidence: { assessmentId: 'a1', statementSignedAt: TODAY, kelurahanLetterDocumentId: 'l', readinessOverride: { reason: 'r' } } }, actor, { today: TODAY, familyStatus });
          // Accepted, or refused only for its evidence (422): never for the state, the role or the family.
          if (!out.ok) expect(out.status).toBe(422);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a statement over an assessment not ready is accepted only with a written override, which is then recorded', () => {
    fc.assert(
      fc.property(caseArb, requestArb, (c, req) => {
        const out = checkTransition(c, { ...req, to: 'statement_signed' }, 'pendamping', { today: TODAY });
        if (!out.ok || !c?.assessment) return;
        const notReady = !c.assessment.ready || c.assessment.mandatoryNotMet.length > 0;
        if (notReady) {
          expect(out.evidence.readinessOverride?.reason.trim()).toBeTruthy();
          expect(out.evidence.readinessOverride?.reason).toBe(req.evidence?.readinessOverride?.reason?.trim());
          expect(out.evidence.readinessOverride?.mandatoryNotMet).toEqual(c.assessment.mandatoryNotMet);
        } else {
          expect(out.evidence.readinessOverride).toBeUndefined();
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a direct status change never makes or unmakes a graduation, and ends only a case on its way to an exit', () => {
    fc.assert(
      fc.property(statusArb, statusArb, caseArb, (from, to, c) => {
        const v = judgeStatusChange(from, to, c, TODAY);
        if (from !== to && (from === 'graduasi' || to === 'graduasi')) expect(v.ok).toBe(false);
        if (v.ok && v.endCase) {
          expect(to).toBe('keluar');
          expect(v.endCase.to).toBe('rejected');
          expect(['candidate', 'assessed', 'statement_signed', 'proposed', 'approved']).toContain(c?.state);
        }
        // To keluar with an exit recorded but the family not graduated: refused, never silently kept.
        if (from !== to && to === 'keluar' && from !== 'graduasi' && (c?.state === 'exited' || c?.state === 'monitoring')) expect(v.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
