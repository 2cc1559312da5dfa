/**
 * The workflow's integrity rules: graduation is for families in PKH (a family that left for another reason
 * is not graduated, a direct status change neither makes nor unmakes a graduation), and the voluntary
 * statement follows an assessment that found the family ready (or an explicit, written override).
 */
import { describe, expect, it } from 'vitest';
import { BEFORE_EXIT, checkTransition, type GraduationCase, judgeStatusChange, movesFor, type TransitionContext } from './workflow';

const ctx: TransitionContext = { today: '2026-08-10' };
const at = (state: GraduationCase['state'], over: Partial<GraduationCase> = {}): GraduationCase => ({ state, type: 'sejahtera_mandiri', ...over });
const notReady = { ready: false, mandatoryNotMet: ['kesediaan_mandiri'] };
const ready = { ready: true, mandatoryNotMet: [] };

describe('moves against the family status', () => {
  it('a family that left PKH (keluar) is neither approved nor exited: only its case can be rejected', () => {
    const left = { ...ctx, familyStatus: 'keluar' };
    expect(checkTransition(at('proposed'), { to: 'approved' }, 'koordinator_kecamatan', left)).toMatchObject({ ok: false, status: 409, code: 'graduation.transition.family_left' });
    expect(checkTransition(at('approved', { approvedAt: '2026-08-01' }), { to: 'exited' }, 'koordinator_kota', left)).toMatchObject({ ok: false, status: 409, code: 'graduation.transition.family_left' });
    expect(checkTransition(at('rejected'), { to: 'candidate' }, 'pendamping', left)).toMatchObject({ ok: false, status: 409 });
    expect(checkTransition(at('exited', { exitEffectiveDate: '2026-07-31' }), { to: 'reentered', note: 'x' }, 'admin', left)).toMatchObject({ ok: false, code: 'graduation.transition.family_left' });
    expect(checkTransition(at('proposed'), { to: 'rejected', note: 'Keluarga pindah' }, 'koordinator_kecamatan', left)).toMatchObject({ ok: true, to: 'rejected' });
    expect(movesFor(at('proposed'), 'koordinator_kecamatan', ctx.today, 'keluar')).toEqual(['rejected']);
  });

  it('a role that may not make the move still hears 403 first', () => {
    expect(checkTransition(at('proposed'), { to: 'approved' }, 'pendamping', { ...ctx, familyStatus: 'keluar' })).toMatchObject({ status: 403 });
  });

  it('a graduated family takes no move towards an exit; a family back in PKH is neither monitored nor closed', () => {
    expect(checkTransition(at('proposed'), { to: 'approved' }, 'admin', { ...ctx, familyStatus: 'graduasi' })).toMatchObject({ status: 409, code: 'graduation.transition.family_graduated' });
    const exited = at('exited', { exitEffectiveDate: '2026-07-31', approvedAt: '2026-07-01' });
    expect(checkTransition(exited, { to: 'monitoring' }, 'pendamping', { ...ctx, familyStatus: 'aktif' })).toMatchObject({ status: 409, code: 'graduation.transition.family_in_programme' });
    expect(movesFor(exited, 'pendamping', ctx.today, 'aktif')).toEqual([]);
    expect(movesFor(exited, 'pendamping', ctx.today, 'graduasi')).toEqual(['monitoring']);
    expect(checkTransition(exited, { to: 'reentered', note: 'Kehilangan pekerjaan' }, 'admin', { ...ctx, familyStatus: 'aktif' })).toMatchObject({ ok: true });
    // Before the exit takes effect the family is still in PKH: monitoring says why it waits.
    const pending = at('exited', { exitEffectiveDate: '2026-09-30' });
    expect(checkTransition(pending, { to: 'monitoring' }, 'pendamping', { ...ctx, familyStatus: 'aktif' })).toMatchObject({ code: 'graduation.transition.exit_not_yet' });
  });

  it('families in PKH (aktif, ditangguhkan) move as before; without a status nothing is checked', () => {
    for (const familyStatus of ['aktif', 'ditangguhkan', undefined]) {
      expect(checkTransition(at('proposed'), { to: 'approved' }, 'koordinator_kecamatan', { ...ctx, familyStatus })).toMatchObject({ ok: true });
    }
  });
});

describe('a direct change of the family status (judgeStatusChange)', () => {
  it('keluar ends a case on its way to an exit as rejected', () => {
    for (const state of BEFORE_EXIT) {
      expect(judgeStatusChange('aktif', 'keluar', at(state), ctx.today)).toEqual({ ok: true, endCase: { from: state, to: 'rejected', type: 'sejahtera_mandiri' } });
    }
    expect(judgeStatusChange('aktif', 'keluar', null, ctx.today)).toEqual({ ok: true, endCase: null });
    expect(judgeStatusChange('aktif', 'keluar', at('rejected'), ctx.today)).toEqual({ ok: true, endCase: null });
    expect(judgeStatusChange('ditangguhkan', 'keluar', at('closed'), ctx.today)).toEqual({ ok: true, endCase: null });
  });

  it('keluar waits while an approved exit is pending, and after an exit took effect the way back is re-entry', () => {
    expect(judgeStatusChange('aktif', 'keluar', at('exited', { exitEffectiveDate: '2026-09-30' }), ctx.today)).toEqual({
      ok: false,
      status: 409,
      code: 'graduation.status_change.exit_pending',
      params: { date: '2026-09-30' },
    });
    expect(judgeStatusChange('aktif', 'keluar', at('monitoring', { exitEffectiveDate: '2026-07-31' }), ctx.today)).toMatchObject({ ok: false, code: 'graduation.status_change.case_exited' });
  });

  it('never into or out of graduasi', () => {
    expect(judgeStatusChange('graduasi', 'aktif', at('exited', { exitEffectiveDate: '2026-07-31' }), ctx.today)).toMatchObject({ ok: false, status: 409, code: 'graduation.status_change.from_graduasi' });
    expect(judgeStatusChange('graduasi', 'keluar', null, ctx.today)).toMatchObject({ ok: false, code: 'graduation.status_change.from_graduasi' });
    expect(judgeStatusChange('aktif', 'graduasi', at('approved'), ctx.today)).toMatchObject({ ok: false, code: 'graduation.status_change.to_graduasi' });
    expect(judgeStatusChange('graduasi', 'graduasi', null, ctx.today)).toEqual({ ok: true, endCase: null });
    expect(judgeStatusChange('keluar', 'aktif', at('rejected'), ctx.today)).toEqual({ ok: true, endCase: null });
    expect(judgeStatusChange('aktif', 'ditangguhkan', at('proposed'), ctx.today)).toEqual({ ok: true, endCase: null });
  });
});

describe('the voluntary statement and the readiness it follows', () => {
  const signed = { statementSignedAt: '2026-08-01' };

  it('is refused over an assessment that found the family not ready (or left a mandatory criterion unmet)', () => {
    expect(checkTransition(at('assessed', { assessment: notReady }), { to: 'statement_signed', evidence: signed }, 'pendamping', ctx)).toMatchObject({
      ok: false,
      status: 422,
      code: 'graduation.evidence.not_ready',
      field: 'evidence.readinessOverride',
    });
    // Scored "ready" by the numbers but a mandatory criterion unmet: still not ready.
    expect(checkTransition(at('assessed', { assessment: { ready: true, mandatoryNotMet: ['kesediaan_mandiri'] } }), { to: 'statement_signed', evidence: signed }, 'pendamping', ctx)).toMatchObject({
      ok: false,
      code: 'graduation.evidence.not_ready',
    });
  });

  it('is accepted with an explicit override and its written reason, which is recorded', () => {
    expect(
      checkTransition(at('assessed', { assessment: notReady }), { to: 'statement_signed', evidence: { ...signed, readinessOverride: { reason: '  ' } } }, 'pendamping', ctx),
    ).toMatchObject({ ok: false, status: 422, code: 'graduation.evidence.override_reason_required', field: 'evidence.readinessOverride.reason' });
    const out = checkTransition(at('assessed', { assessment: notReady }), { to: 'statement_signed', evidence: { ...signed, readinessOverride: { reason: ' Keluarga bersikeras keluar ' } } }, 'pendamping', ctx);
    expect(out).toMatchObject({ ok: true, evidence: { statementSignedAt: '2026-08-01', readinessOverride: { reason: 'Keluarga bersikeras keluar', mandatoryNotMet: ['kesediaan_mandiri'] } } });
  });

  it('needs no override over a ready assessment (one sent is not recorded), nor when the assessment is not known', () => {
    const out = checkTransition(at('assessed', { assessment: ready }), { to: 'statement_signed', evidence: { ...signed, readinessOverride: { reason: 'tidak perlu' } } }, 'pendamping', ctx);
    expect(out).toMatchObject({ ok: true });
    expect(out.ok && out.evidence.readinessOverride).toBeUndefined();
    expect(checkTransition(at('assessed'), { to: 'statement_signed', evidence: signed }, 'pendamping', ctx)).toMatchObject({ ok: true });
  });

  it('assessed takes an assessment that found the family not ready: it is still an assessment', () => {
    expect(checkTransition(at('candidate'), { to: 'assessed', evidence: { assessmentId: 'a1' } }, 'pendamping', { ...ctx, assessmentIds: ['a1'] })).toMatchObject({ ok: true });
  });
});
