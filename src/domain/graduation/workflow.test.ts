import { describe, expect, it } from 'vitest';
import { tahapCalendarFromReference } from '../compliance';
import { readReferenceJson } from './testkit';
import { applyTransition, checkTransition, endOfTahap, type GraduationCase, monitoringSchedule, movesFor, type TransitionContext, type TransitionRequest } from './workflow';

const ctx: TransitionContext = { today: '2026-08-10' };
const at = (state: GraduationCase['state'], type: GraduationCase['type'] = 'sejahtera_mandiri', approvedAt?: string): GraduationCase => ({ state, type, approvedAt });
const check = (c: GraduationCase | null, req: TransitionRequest, role: Parameters<typeof checkTransition>[2] = 'pendamping', context = ctx) =>
  checkTransition(c, req, role, context);

describe('the graduation state machine (contract: transition rules)', () => {
  it('walks a sejahtera mandiri case from start to closed with the right roles and evidence', () => {
    const steps: Array<[TransitionRequest, Parameters<typeof checkTransition>[2]]> = [
      [{ to: 'candidate', type: 'sejahtera_mandiri' }, 'pendamping'],
      [{ to: 'assessed', evidence: { assessmentId: 'a1' } }, 'pendamping'],
      [{ to: 'statement_signed', evidence: { statementSignedAt: '2026-08-01', documentId: 'd1' } }, 'pendamping'],
      [{ to: 'proposed' }, 'pendamping'],
      [{ to: 'approved' }, 'koordinator_kecamatan'],
      [{ to: 'exited' }, 'koordinator_kota'],
      [{ to: 'monitoring' }, 'pendamping'],
      [{ to: 'closed' }, 'pendamping'],
    ];
    let c: GraduationCase | null = null;
    for (const [req, role] of steps) {
      const out = check(c, req, role);
      if (!out.ok) throw new Error(JSON.stringify(out));
      c = applyTransition(c, out);
      if (req.to === 'exited') expect(out.effectiveDate).toBe('2026-09-30'); // last day of tahap 3
    }
    expect(c).toEqual({ state: 'closed', type: 'sejahtera_mandiri', approvedAt: '2026-08-10' });
  });

  it('a move the machine does not allow is 409 whoever asks', () => {
    for (const role of ['pendamping', 'admin', 'auditor'] as const) {
      expect(check(at('candidate'), { to: 'exited' }, role)).toMatchObject({ ok: false, status: 409, code: 'graduation.transition.not_allowed' });
    }
    expect(check(null, { to: 'approved' }, 'admin')).toMatchObject({ status: 409, code: 'graduation.transition.no_case' });
    expect(check(at('assessed'), { to: 'candidate' })).toMatchObject({ status: 409, code: 'graduation.transition.case_open' });
    expect(check(at('closed'), { to: 'candidate' })).toMatchObject({ status: 409 });
  });

  it('an allowed move by the wrong role is 403', () => {
    expect(check(at('proposed'), { to: 'approved' }, 'pendamping')).toMatchObject({ status: 403, code: 'graduation.transition.role', params: { role: 'pendamping', to: 'approved' } });
    expect(check(at('candidate'), { to: 'assessed', evidence: { assessmentId: 'a' } }, 'koordinator_kecamatan')).toMatchObject({ status: 403 });
    expect(check(at('proposed'), { to: 'rejected', note: 'x' }, 'auditor')).toMatchObject({ status: 403 });
    expect(check(null, { to: 'candidate', type: 'alamiah' }, 'system')).toMatchObject({ ok: true });
  });

  it('missing or invalid evidence is 422 with the field', () => {
    expect(check(at('candidate'), { to: 'assessed' })).toMatchObject({ status: 422, code: 'graduation.evidence.assessment_required', field: 'evidence.assessmentId' });
    expect(check(at('candidate'), { to: 'assessed', evidence: { assessmentId: 'zz' } }, 'pendamping', { ...ctx, assessmentIds: ['a1'] })).toMatchObject({
      status: 422,
      code: 'graduation.evidence.assessment_unknown',
    });
    expect(check(at('assessed'), { to: 'statement_signed' })).toMatchObject({ status: 422, field: 'evidence.statementSignedAt' });
    expect(check(at('assessed'), { to: 'statement_signed', evidence: { statementSignedAt: '2026-02-30' } })).toMatchObject({ code: 'graduation.evidence.date_invalid' });
    expect(check(at('assessed'), { to: 'statement_signed', evidence: { statementSignedAt: '2026-08-11' } })).toMatchObject({ code: 'graduation.evidence.date_in_future' });
    expect(check(at('proposed'), { to: 'rejected', note: '   ' }, 'admin')).toMatchObject({ status: 422, code: 'graduation.evidence.note_required', field: 'note' });
    expect(check(at('approved', 'sejahtera_mandiri', '2026-08-01'), { to: 'exited', evidence: { effectiveDate: '2026-07-31' } }, 'admin')).toMatchObject({
      status: 422,
      code: 'graduation.evidence.effective_before_approval',
    });
    expect(check(at('proposed'), { to: 'nowhere' })).toMatchObject({ status: 422, field: 'to' });
  });

  it('a statement is not signed before the assessment the case rests on; an exit takes effect within a year', () => {
    const assessed: GraduationCase = { ...at('assessed'), assessedOn: '2026-08-01' };
    expect(check(assessed, { to: 'statement_signed', evidence: { statementSignedAt: '2010-01-15' } })).toMatchObject({
      status: 422,
      code: 'graduation.evidence.statement_before_assessment',
      params: { date: '2010-01-15', assessedDate: '2026-08-01' },
      field: 'evidence.statementSignedAt',
    });
    // The same day, or after: fine.
    expect(check(assessed, { to: 'statement_signed', evidence: { statementSignedAt: '2026-08-01' } })).toMatchObject({ ok: true });
    // The assessment's date unknown (an older case): no such check.
    expect(check(at('assessed'), { to: 'statement_signed', evidence: { statementSignedAt: '2010-01-15' } })).toMatchObject({ ok: true });

    const approved = at('approved', 'sejahtera_mandiri', '2026-08-10');
    expect(check(approved, { to: 'exited', evidence: { effectiveDate: '2030-01-01' } }, 'admin')).toMatchObject({
      status: 422,
      code: 'graduation.evidence.effective_too_late',
      params: { date: '2030-01-01', latestDate: '2027-08-10' },
      field: 'evidence.effectiveDate',
    });
    expect(check(approved, { to: 'exited', evidence: { effectiveDate: '2027-08-10' } }, 'admin')).toMatchObject({ ok: true });
  });

  it('alamiah needs no statement (candidate or assessed → proposed); sejahtera mandiri must sign first', () => {
    expect(check(at('candidate', 'alamiah'), { to: 'proposed' })).toMatchObject({ ok: true });
    expect(check(at('assessed', 'alamiah'), { to: 'proposed' })).toMatchObject({ ok: true });
    expect(check(at('assessed'), { to: 'proposed' })).toMatchObject({ status: 409, code: 'graduation.transition.statement_required' });
    expect(check(at('candidate', 'pena'), { to: 'proposed' })).toMatchObject({ status: 409 });
    expect(movesFor(at('candidate', 'alamiah'), 'pendamping')).toEqual(['assessed', 'proposed']);
  });

  it('paksa needs no statement but its proposal needs the kelurahan letter', () => {
    expect(check(at('assessed', 'paksa'), { to: 'proposed' })).toMatchObject({ status: 422, code: 'graduation.evidence.kelurahan_letter_required' });
    expect(check(at('assessed', 'paksa'), { to: 'proposed', evidence: { kelurahanLetterDocumentId: 'doc-9' } })).toMatchObject({
      ok: true,
      evidence: { kelurahanLetterDocumentId: 'doc-9' },
    });
  });

  it('the type can change until the proposal and is fixed after it', () => {
    expect(check(at('assessed'), { to: 'proposed', type: 'alamiah' })).toMatchObject({ ok: true, type: 'alamiah' });
    expect(check(at('approved'), { to: 'exited', type: 'paksa' }, 'admin')).toMatchObject({ status: 422, code: 'graduation.transition.type_locked' });
  });

  it('rejected and reentered cases can start again as candidates; closed is final', () => {
    expect(check(at('rejected'), { to: 'candidate', type: 'pena' })).toMatchObject({ ok: true, type: 'pena' });
    expect(check(at('reentered'), { to: 'candidate' })).toMatchObject({ ok: true });
    expect(check(at('monitoring'), { to: 'reentered' }, 'koordinator_kecamatan')).toMatchObject({ ok: true });
    expect(check(at('exited'), { to: 'reentered' }, 'admin')).toMatchObject({ ok: true });
    expect(movesFor(at('closed'), 'admin')).toEqual([]);
  });
});

describe('tahap ends and monitoring', () => {
  it('monitoring starts on or after the day the exit takes effect, never before (the family is still in PKH)', () => {
    const exited = (exitEffectiveDate: string): GraduationCase => ({ ...at('exited'), exitEffectiveDate });
    expect(check(exited('2026-09-30'), { to: 'monitoring' })).toEqual({ ok: false, status: 409, code: 'graduation.transition.exit_not_yet', params: { date: '2026-09-30', to: 'monitoring' } });
    expect(check(exited('2026-08-10'), { to: 'monitoring' })).toMatchObject({ ok: true, to: 'monitoring' });
    expect(check(exited('2026-06-30'), { to: 'monitoring' })).toMatchObject({ ok: true });
    // Re-entry stays possible before the exit takes effect.
    expect(check(exited('2026-09-30'), { to: 'reentered' }, 'koordinator_kecamatan')).toMatchObject({ ok: true });
    // What the page offers agrees.
    expect(movesFor(exited('2026-09-30'), 'pendamping', '2026-08-10')).not.toContain('monitoring');
    expect(movesFor(exited('2026-09-30'), 'pendamping', '2026-09-30')).toContain('monitoring');
    expect(movesFor(exited('2026-09-30'), 'pendamping')).toContain('monitoring');
  });

  it('the last day of the current tahap (2020 paid monthly from April)', () => {
    const cal = tahapCalendarFromReference(readReferenceJson('tahap-calendar.json'));
    if (!cal.ok) throw new Error('calendar');
    expect(endOfTahap('2026-01-15', cal.calendar)).toBe('2026-03-31');
    expect(endOfTahap('2026-12-31', cal.calendar)).toBe('2026-12-31');
    expect(endOfTahap('2020-05-02', cal.calendar)).toBe('2020-05-31');
    expect(endOfTahap('2020-02-02', cal.calendar)).toBe('2020-03-31');
  });

  it('follow-up visits at 3, 6 and 12 months by default, clamped to month ends; configurable', () => {
    expect(monitoringSchedule('2026-09-30').map((v) => v.dueDate)).toEqual(['2026-12-30', '2027-03-30', '2027-09-30']);
    expect(monitoringSchedule('2026-11-30', [3]).map((v) => v.dueDate)).toEqual(['2027-02-28']);
    expect(monitoringSchedule('2026-03-31', [1, 1, 4])).toEqual([
      { visit: 1, monthsAfterExit: 1, dueDate: '2026-04-30', reason: { code: 'graduation.monitoring.visit', params: { visit: 1, months: 1, dueDate: '2026-04-30' } } },
      { visit: 2, monthsAfterExit: 4, dueDate: '2026-07-31', reason: { code: 'graduation.monitoring.visit', params: { visit: 2, months: 4, dueDate: '2026-07-31' } } },
    ]);
    expect(() => monitoringSchedule('2026-03-31', [0])).toThrow(RangeError);
  });
});
