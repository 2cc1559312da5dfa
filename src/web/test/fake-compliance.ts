/** In-memory ComplianceData for component tests (no network). */
import { ApiError } from '../api/client';
import type { ClosePeriodPreview, ClosePeriodResult, ComplianceData, ComplianceResult, FamilySanctions, ObservationInput, SanctionDecision, VerkomSummary } from '../data/compliance';

function monthsOf(period: string): string[] {
  const [y, q] = [Number(period.slice(0, 4)), Number(period.slice(6))];
  return [1, 2, 3].map((i) => `${y}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
}

function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * A period's result for the fake family (makeFamily): m3 (SD) with school attendance, the second month
 * below the threshold; m2 (pregnant) with an ANC check and no data yet.
 */
export function makeComplianceResult(period: string, status: 'open' | 'closed' = 'open'): ComplianceResult {
  const [a, b, c] = monthsOf(period) as [string, string, string];
  const closed = status === 'closed';
  return {
    period,
    status,
    compliant: false,
    closedAt: closed ? '2026-07-01T02:00:00.000Z' : null,
    items: [
      {
        memberId: 'm3',
        kind: 'pendidikan',
        months: [
          { month: a, attendancePct: 95, compliant: true, reasons: ['Hadir 95% (minimal 85%).'] },
          { month: b, attendancePct: 80, compliant: false, reasons: ['Hadir 80%, di bawah 85%.'] },
          { month: c, attendancePct: 88.5, compliant: true, reasons: ['Hadir 88,5% (minimal 85%).'] },
        ],
        compliant: false,
        reason: `Tidak memenuhi komitmen pada bulan ${b}.`,
      },
      {
        memberId: 'm2',
        kind: 'kesehatan',
        months: [a, b, c].map((month) => ({
          month,
          attendancePct: null,
          compliant: closed ? false : null,
          reasons: [closed ? `Periode sudah ditutup tanpa data verifikasi untuk bulan ${month}.` : 'Belum ada data verifikasi.'],
        })),
        compliant: closed ? false : null,
        reason: closed ? `Tidak memenuhi komitmen pada bulan ${a}, ${b}, ${c}.` : `Menunggu data verifikasi untuk bulan ${a}, ${b}, ${c}.`,
      },
    ],
  };
}

export function makeVerkomSummary(): VerkomSummary {
  return {
    created: 2,
    updated: 1,
    unchanged: 0,
    refused: 0,
    unmatched: 2,
    school: { npsn: '20212345', name: 'SD NEGERI UJI 1' },
    unmatchedRows: [
      { line: 8, studentName: 'SISWA LAIN', nik: '3276********9999', reason: 'NIK siswa tidak cocok dengan anggota KPM mana pun.' },
      { line: 9, studentName: 'TANPA NIK', nik: '', reason: 'NIK siswa tidak cocok dengan anggota KPM mana pun.' },
    ],
    refusedRows: [],
    errors: [],
  };
}

export interface FakeComplianceState {
  /** Results by `familyId|period`; any other is makeComplianceResult(period). */
  results: Record<string, ComplianceResult>;
  /** Sanctions by family id; otherwise none and no proposal. */
  sanctions: Record<string, FamilySanctions>;
  /** Answered by importVerkom (an ApiError is thrown). */
  verkom: VerkomSummary | ApiError;
  /** Thrown instead of recording an observation (e.g. a 422 with fields). */
  recordError: ApiError | null;
  decideError: ApiError | null;
  closeAnswer: ClosePeriodResult | ApiError | null;
  closePreview: ClosePeriodPreview | null;
  /** Resolves when released: lets a test see the confirmation before its figures arrive. */
  holdPreview: Promise<void> | null;
  /** Resolves when released: lets a test see the in-progress state of an upload. */
  holdVerkom: Promise<void> | null;
  calls: {
    familyCompliance: Array<{ familyId: string; period: string }>;
    recordObservation: Array<{ familyId: string; input: ObservationInput }>;
    importVerkom: Array<{ period: string; csv: string }>;
    closeCompliancePeriod: Array<{ period: string; region?: string }>;
    previewClosePeriod: Array<{ period: string; region?: string }>;
    decideSanction: Array<{ familyId: string; input: SanctionDecision }>;
    revokeSanction: Array<{ familyId: string; sanctionId: string; note: string }>;
  };
}

export function fakeComplianceState(): FakeComplianceState {
  return {
    results: {},
    sanctions: {},
    verkom: makeVerkomSummary(),
    recordError: null,
    decideError: null,
    closeAnswer: null,
    closePreview: null,
    holdPreview: null,
    holdVerkom: null,
    calls: { familyCompliance: [], recordObservation: [], importVerkom: [], closeCompliancePeriod: [], previewClosePeriod: [], decideSanction: [], revokeSanction: [] },
  };
}

export function fakeComplianceData(state: FakeComplianceState = fakeComplianceState()): ComplianceData {
  const resultOf = (familyId: string, period: string) => (state.results[`${familyId}|${period}`] ??= makeComplianceResult(period));
  const sanctionsOf = (familyId: string) => (state.sanctions[familyId] ??= { items: [], proposal: null, reason: 'Belum ada periode yang ditutup.' });
  return {
    async familyCompliance(familyId, period) {
      state.calls.familyCompliance.push({ familyId, period });
      return structuredClone(resultOf(familyId, period));
    },
    async recordObservation(familyId, input) {
      state.calls.recordObservation.push({ familyId, input });
      if (state.recordError) throw state.recordError;
      const period = quarterOf(input.month);
      const result = resultOf(familyId, period);
      if (result.status === 'closed') throw new ApiError(409, 'compliance_period_closed', `Periode ${period} sudah ditutup; hasilnya tidak diubah lagi.`);
      const item = result.items.find((i) => i.memberId === input.memberId && i.kind === input.kind);
      const month = item?.months.find((m) => m.month === input.month);
      if (item && month) {
        month.compliant = true;
        month.reasons = ['Tercatat.'];
        item.compliant = item.months.some((m) => m.compliant === false) ? false : item.months.some((m) => m.compliant === null) ? null : true;
      }
      return structuredClone(result);
    },
    async previewClosePeriod(input) {
      state.calls.previewClosePeriod.push(input);
      if (state.holdPreview) await state.holdPreview;
      return state.closePreview ?? { period: input.period, dryRun: true as const, closed: 0, alreadyClosed: 0, wouldClose: { families: 42, owing: 30, missingData: 12, nonCompliant: 15 } };
    },
    async closeCompliancePeriod(input) {
      state.calls.closeCompliancePeriod.push(input);
      if (state.closeAnswer instanceof ApiError) throw state.closeAnswer;
      return state.closeAnswer ?? { period: input.period, closed: 42, alreadyClosed: 0 };
    },
    async importVerkom(period, csv) {
      state.calls.importVerkom.push({ period, csv });
      if (state.holdVerkom) await state.holdVerkom;
      if (state.verkom instanceof ApiError) throw state.verkom;
      return structuredClone(state.verkom);
    },
    async familySanctions(familyId) {
      return structuredClone(sanctionsOf(familyId));
    },
    async decideSanction(familyId, input) {
      state.calls.decideSanction.push({ familyId, input });
      if (state.decideError) throw state.decideError;
      const s = sanctionsOf(familyId);
      const p = s.proposal;
      if (!p || p.step !== input.step) throw new ApiError(422, 'validation', 'Data tidak valid.', { step: 'Tidak ada sanksi yang dapat diputuskan sekarang.' });
      s.items.push({
        id: `sanction-${s.items.length + 1}`,
        familyId,
        step: p.step,
        action: p.action,
        basedOnPeriods: p.basedOnPeriods,
        suspendedTahap: p.suspendedTahap,
        reasons: input.reasons,
        note: input.note ?? null,
        decidedBy: 'korcam.cimanggis',
        decidedAt: '2026-07-15T03:00:00.000Z',
        revokedAt: null,
        revokedBy: null,
        revokeNote: null,
      });
      s.proposal = null;
      s.reason = 'Sudah diputuskan untuk periode terakhir.';
      return structuredClone(s);
    },
    async revokeSanction(familyId, sanctionId, note) {
      state.calls.revokeSanction.push({ familyId, sanctionId, note });
      const s = sanctionsOf(familyId).items.find((x) => x.id === sanctionId);
      if (!s) throw new ApiError(404, 'not_found', 'Tidak ditemukan');
      Object.assign(s, { revokedAt: '2026-07-16T03:00:00.000Z', revokedBy: 'korcam.cimanggis', revokeNote: note });
      return structuredClone(sanctionsOf(familyId));
    },
  };
}
