/** In-memory GraduationData for component tests (no network). The moves are judged by the real domain workflow. */
import { checkTransition, type GraduationCase, movesFor } from '../../domain/graduation/workflow';
import type { Role } from '../../domain/types';
import { ApiError } from '../api/client';
import type {
  Answer,
  AnswerValue,
  Assessment,
  CriteriaSet,
  FamilyGraduation,
  GraduationCandidate,
  GraduationCaseItem,
  GraduationData,
  GraduationHistoryEntry,
  GraduationFollowup,
  GraduationState,
  GraduationType,
  Pipeline,
  Readiness,
  ReadinessInput,
} from '../data/graduation';
import type { User } from '../data/types';

/** A small set with every answer type (the bundled sets use only some). */
export const fakeCriteriaSet: CriteriaSet = {
  code: 'pkh-default',
  version: '0.1',
  revision: 1,
  active: true,
  name: { id: 'Kriteria graduasi PKH (sementara)', en: 'PKH graduation criteria (provisional)' },
  provisional: true,
  scoring: { mode: 'weighted_threshold', threshold: 0.75 },
  criteria: [
    { code: 'pendapatan_stabil', dimension: 'ekonomi', label: { id: 'Pendapatan tetap 6 bulan terakhir', en: 'Stable income for 6 months' }, evidence: 'observation', answer: { type: 'boolean' }, weight: 3, mandatory: true },
    { code: 'pendapatan_per_kapita', dimension: 'ekonomi', label: { id: 'Pendapatan per kapita per bulan', en: 'Per-capita monthly income' }, evidence: 'self_report', answer: { type: 'rupiah' }, weight: 2 },
    { code: 'jumlah_bekerja', dimension: 'ekonomi', label: { id: 'Anggota yang bekerja', en: 'Members in work' }, answer: { type: 'number', unit: 'orang' }, weight: 1 },
    {
      code: 'jenis_pekerjaan',
      dimension: 'ekonomi',
      label: { id: 'Jenis pekerjaan kepala keluarga', en: 'Head of family’s kind of work' },
      answer: { type: 'choice', options: [{ value: 'tetap', label: { id: 'Tetap', en: 'Permanent' } }, { value: 'serabutan', label: { id: 'Serabutan', en: 'Casual' } }] },
      weight: 1,
    },
    { code: 'rumah_layak', dimension: 'tempat_tinggal', label: { id: 'Kondisi rumah', en: 'Housing condition' }, answer: { type: 'scale', min: 1, max: 3 }, weight: 1 },
    { code: 'anak_bersekolah', dimension: 'pendidikan', label: { id: 'Semua anak usia sekolah bersekolah', en: 'All school-age children attend school' }, evidence: 'system_data', answer: { type: 'boolean' }, weight: 2, mandatory: true, systemSource: 'school_attendance' },
  ],
};

function valueOf(a: Answer | undefined): AnswerValue | undefined {
  if (a === undefined) return undefined;
  return a !== null && typeof a === 'object' ? a.value : a;
}

function isMet(code: string, v: AnswerValue): boolean {
  switch (code) {
    case 'pendapatan_per_kapita':
      return typeof v === 'number' && v >= 600_000;
    case 'jumlah_bekerja':
      return typeof v === 'number' && v >= 1;
    case 'jenis_pekerjaan':
      return v === 'tetap';
    case 'rumah_layak':
      return v === 3;
    default:
      return v === true;
  }
}

/** A simple weighted score, close enough to the server's for the screens' sake. */
export function fakeScore(set: CriteriaSet, answers: Record<string, Answer>): Readiness {
  const total = set.criteria.reduce((s, c) => s + (c.weight ?? 1), 0);
  let got = 0;
  const met: string[] = [];
  const failing: string[] = [];
  const missing: string[] = [];
  for (const c of set.criteria) {
    const v = valueOf(answers[c.code]);
    if (v === undefined || v === null) missing.push(c.code);
    else if (isMet(c.code, v)) {
      met.push(c.code);
      got += c.weight ?? 1;
    } else failing.push(c.code);
  }
  const mandatoryNotMet = set.criteria.filter((c) => c.mandatory && !met.includes(c.code)).map((c) => c.code);
  const score = Math.round((got / total) * 100) / 100;
  const ready = score >= 0.75 && mandatoryNotMet.length === 0;
  const open = set.criteria.filter((c) => !met.includes(c.code)).sort((a, b) => (b.weight ?? 1) - (a.weight ?? 1));
  return {
    criteriaSet: { code: set.code, version: set.version, name: set.name.id, mode: set.scoring.mode, provisional: !!set.provisional },
    result: ready ? 'ready' : 'not_ready',
    resultLabel: ready ? 'Keluarga siap graduasi.' : 'Keluarga belum siap graduasi.',
    ready,
    score,
    met,
    failing,
    missing,
    mandatoryNotMet,
    nearestChanges: ready ? [] : open.slice(0, 2).map((c) => c.code),
    nearestTarget: ready ? null : 'ready',
    criteria: set.criteria.map((c) => ({ code: c.code, label: c.label.id, status: met.includes(c.code) ? 'met' : failing.includes(c.code) ? 'not_met' : 'missing', mandatory: !!c.mandatory, weight: c.weight ?? 1 })),
    explanation: [{ code: 'graduation.explain.score', message: `Skor ${Math.round(score * 100)}% (ambang 75%).` }],
  };
}

/** What the fake holds and records; tests seed it and read it (`Object.assign(data, fakeGraduationData(state))`). */
export interface GraduationFakeState {
  sets: CriteriaSet[];
  candidates: GraduationCandidate[];
  /** Per family: the case (null: none yet), its history and follow-ups. */
  cases: Record<string, { case: GraduationCase & { version: number; exitEffectiveDate?: string | null; statementSignedAt?: string | null; assessmentId?: string | null } | null; history: GraduationHistoryEntry[]; followups: GraduationFollowup[] }>;
  assessments: Record<string, Assessment[]>;
  triggers: Record<string, FamilyGraduation['triggers']>;
  pipeline: Pipeline;
  targets: Array<{ pendamping: string; year: number; target: number }>;
  /** Answered instead of doing the call, by method name. */
  errors: Partial<Record<keyof GraduationData, ApiError>>;
  calls: Array<{ method: keyof GraduationData; args: unknown[] }>;
  today: string;
  /** The heads' names per family id (for the approval queue). */
  names: Record<string, string>;
  /** PENA income recorded per family, by month (YYYY-MM → rupiah). */
  penaIncome: Record<string, Record<string, number>>;
  /** The kab/kota UMK the fake PENA trigger compares with: three recorded months in a row at or above it add a `pena` trigger. */
  umk: number;
}

export function graduationState(over: Partial<GraduationFakeState> = {}): GraduationFakeState {
  return {
    sets: [fakeCriteriaSet],
    candidates: [],
    cases: {},
    assessments: {},
    triggers: {},
    pipeline: { year: 2026, by: 'pendamping', items: [] },
    targets: [],
    errors: {},
    calls: [],
    today: '2026-07-15',
    names: {},
    penaIncome: {},
    umk: 4_800_000,
    ...over,
  };
}

type Host = { user?: User | null };

export function fakeGraduationData(state: GraduationFakeState = graduationState()): GraduationData {
  let seq = 0;
  function enter(method: keyof GraduationData, args: unknown[]) {
    state.calls.push({ method, args });
    const e = state.errors[method];
    if (e) throw e;
  }
  const role = (host: Host): Role => (host.user?.role ?? 'pendamping') as Role;
  const entry = (familyId: string) => (state.cases[familyId] ??= { case: null, history: [], followups: [] });
  const present = (host: Host, familyId: string): FamilyGraduation => {
    const e = entry(familyId);
    const c = e.case;
    const writer = role(host) !== 'auditor' && role(host) !== 'peneliti';
    return structuredClone({
      state: c?.state ?? null,
      type: c?.type ?? null,
      case: c
        ? {
            id: `case-${familyId}`,
            state: c.state,
            type: c.type,
            open: c.state !== 'closed',
            openedAt: '2026-07-01T00:00:00.000Z',
            stateAt: '2026-07-10T00:00:00.000Z',
            assessmentId: c.assessmentId ?? null,
            statementSignedAt: c.statementSignedAt ?? null,
            approvedAt: c.approvedAt ?? null,
            exitEffectiveDate: c.exitEffectiveDate ?? null,
            version: c.version,
          }
        : null,
      history: e.history,
      followups: e.followups,
      moves: writer ? (movesFor(c, role(host)) as GraduationState[]) : [],
      triggers: state.triggers[familyId] ?? [],
    });
  };
  const setOf = (code: string) => {
    const set = state.sets.find((s) => s.code === code);
    if (!set) throw new ApiError(422, 'validation', 'Kriteria tidak dikenal.', { criteriaSet: 'Kumpulan kriteria tidak dikenal.' });
    return set;
  };

  return {
    async listCriteriaSets() {
      enter('listCriteriaSets', []);
      return { items: structuredClone(state.sets) };
    },
    async scoreReadiness(input: ReadinessInput) {
      enter('scoreReadiness', [input]);
      // As the server: plain values only.
      const objects = Object.entries(input.answers as Record<string, unknown>).filter(([, v]) => v !== null && typeof v === 'object');
      if (objects.length) throw new ApiError(422, 'validation', 'Data yang dikirim tidak valid.', Object.fromEntries(objects.map(([code]) => [`answers.${code}`, 'Jenis jawaban tidak sesuai.'])));
      const set = setOf(input.criteriaSet);
      if (!input.familyId) return fakeScore(set, input.answers);
      // A family's preview, as saving would: what Titian knows (here: always true) fills unanswered system criteria.
      const answers: Record<string, unknown> = { ...input.answers };
      const filled = set.criteria.filter((c) => c.systemSource && answers[c.code] === undefined).map((c) => c.code);
      for (const code of filled) answers[code] = true;
      return { ...fakeScore(set, answers as ReadinessInput['answers']), filled };
    },
    async createAssessment(familyId, input) {
      enter('createAssessment', [familyId, input]);
      const set = setOf(input.criteriaSet);
      const answers = { ...input.answers };
      const filled: string[] = [];
      for (const c of set.criteria) {
        if (c.systemSource && valueOf(answers[c.code]) === undefined) {
          answers[c.code] = { value: true, evidence: 'system_data' };
          filled.push(c.code);
        }
      }
      const list = (state.assessments[familyId] ??= []);
      const a: Assessment = { id: `asm-${familyId}-${list.length + 1}`, date: input.date ?? state.today, assessor: 'pendamping01', revision: 1, filled, answers, ...fakeScore(set, answers) };
      list.push(a);
      return structuredClone(a);
    },
    async listAssessments(familyId) {
      enter('listAssessments', [familyId]);
      const items = structuredClone(state.assessments[familyId] ?? []);
      return { items, total: items.length };
    },
    async listGraduationCandidates(params) {
      enter('listGraduationCandidates', [params]);
      const all = state.candidates.filter((c) => !params.type || c.type === params.type);
      return { items: structuredClone(all.slice(params.offset, params.offset + params.limit)), total: all.length, families: new Set(all.map((c) => c.familyId)).size };
    },
    async listGraduationCases(params) {
      enter('listGraduationCases', [params]);
      const all: GraduationCaseItem[] = Object.entries(state.cases)
        .filter(([, e]) => e.case && e.case.state !== 'closed' && (!params.state || e.case.state === params.state))
        .map(([familyId, e]) => ({
          caseId: `case-${familyId}`,
          familyId,
          state: e.case!.state,
          type: e.case!.type,
          stateAt: e.history.at(-1)?.at ?? '2026-07-10T00:00:00.000Z',
          version: e.case!.version,
          headName: state.names[familyId] ?? null,
          kelurahanCode: '32.76.02.1009',
          pendamping: 'pendamping01',
        }));
      return { items: all.slice(params.offset, params.offset + params.limit), total: all.length };
    },
    async familyGraduation(this: Host, familyId) {
      enter('familyGraduation', [familyId]);
      return present(this, familyId);
    },
    async moveGraduation(this: Host, familyId, input) {
      enter('moveGraduation', [familyId, input]);
      const e = entry(familyId);
      if (input.caseId !== undefined && (!e.case || input.caseId !== `case-${familyId}`)) {
        throw new ApiError(409, 'graduation.transition.stale_case', 'Kasus graduasi yang Anda buka sudah berakhir.');
      }
      if (input.expectedVersion !== undefined && e.case && e.case.version !== input.expectedVersion) {
        throw new ApiError(409, 'graduation.transition.stale', 'Kasus ini baru saja diubah orang lain.');
      }
      const assessmentIds = (state.assessments[familyId] ?? []).map((a) => a.id);
      // As the server: the statement is judged against the assessment the case rests on.
      const rests = e.case?.assessmentId ? (state.assessments[familyId] ?? []).find((a) => a.id === e.case?.assessmentId) : undefined;
      const judged = e.case && rests ? { ...e.case, assessment: { ready: rests.ready, mandatoryNotMet: rests.mandatoryNotMet } } : e.case;
      const decided = checkTransition(judged, input, role(this), { today: state.today, assessmentIds });
      if (!decided.ok) {
        const message = `Ditolak: ${decided.code}`;
        throw decided.status === 422 ? new ApiError(422, 'validation', 'Data tidak valid.', { [decided.field ?? 'to']: message }) : new ApiError(decided.status, decided.code, message);
      }
      const approvedAt = decided.to === 'approved' ? state.today : decided.to === 'candidate' ? null : (e.case?.approvedAt ?? null);
      e.case = {
        state: decided.to,
        type: decided.type,
        approvedAt,
        version: (e.case?.version ?? 0) + 1,
        exitEffectiveDate: decided.to === 'exited' ? decided.effectiveDate : (e.case?.exitEffectiveDate ?? null),
        statementSignedAt: decided.evidence.statementSignedAt ?? e.case?.statementSignedAt ?? null,
        assessmentId: decided.to === 'candidate' ? null : (decided.evidence.assessmentId ?? e.case?.assessmentId ?? null),
      };
      e.history.push({
        from: decided.from,
        to: decided.to,
        type: decided.type as GraduationType,
        by: this.user?.username ?? null,
        role: role(this),
        at: new Date(Date.UTC(2026, 6, 15, 3, 0, ++seq)).toISOString(),
        note: decided.note,
        evidence: Object.keys(decided.evidence).length ? (decided.evidence as Record<string, unknown>) : null,
      });
      if (decided.to === 'exited' && decided.effectiveDate) {
        e.followups = [3, 6, 12].map((m) => ({ id: `fu-${familyId}-${m}`, monthsAfter: m, dueDate: `${decided.effectiveDate!.slice(0, 4)}-${String(((Number(decided.effectiveDate!.slice(5, 7)) + m - 1) % 12) + 1).padStart(2, '0')}-15`, doneOn: null, outcome: null, notes: null, version: 1 }));
      }
      return present(this, familyId);
    },
    async recordGraduationFollowup(familyId, followupId, input) {
      enter('recordGraduationFollowup', [familyId, followupId, input]);
      const f = entry(familyId).followups.find((x) => x.id === followupId);
      if (!f) throw new ApiError(404, 'not_found', 'Tidak ditemukan');
      // As the server: a recorded visit is replaced only when the write names the version it read.
      if (f.doneOn && input.expectedVersion === undefined) throw new ApiError(409, 'graduation.followup.recorded', `Kunjungan ini sudah dicatat: ${f.outcome}.`);
      if (input.expectedVersion !== undefined && f.version !== undefined && input.expectedVersion !== f.version) {
        throw new ApiError(409, 'graduation.followup.stale', `Catatan kunjungan ini sudah diubah orang lain: ${f.outcome}.`);
      }
      Object.assign(f, { doneOn: input.doneOn, outcome: input.outcome, notes: input.notes ?? null, ...(f.version !== undefined ? { version: f.version + 1 } : {}) });
    },
    async recordPenaIncome(this: Host, familyId, input) {
      enter('recordPenaIncome', [familyId, input]);
      if (role(this) === 'auditor' || role(this) === 'peneliti') throw new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.');
      if (input.month > state.today.slice(0, 7)) throw new ApiError(422, 'validation', 'Data yang dikirim tidak valid.', { month: 'Tanggal tidak boleh di masa depan.' });
      const months = (state.penaIncome[familyId] ??= {});
      months[input.month] = input.rupiah;
      // As the server re-evaluates the family: the last three months recorded, each at or above the UMK.
      const last3 = Object.keys(months).sort().slice(-3);
      const triggers = (state.triggers[familyId] ?? []).filter((t) => t.type !== 'pena');
      if (last3.length === 3 && last3.every((m) => months[m]! >= state.umk)) {
        triggers.push({ type: 'pena', reasonCode: 'graduation.trigger.pena', reason: 'Pendapatan usaha 3 bulan terakhir di atas UMK.', dueDate: null });
      }
      state.triggers[familyId] = triggers;
    },
    async graduationPipeline(params) {
      enter('graduationPipeline', [params]);
      return structuredClone({ ...state.pipeline, by: params.by, year: params.year ?? state.pipeline.year });
    },
    async setGraduationTarget(this: Host, input) {
      enter('setGraduationTarget', [input]);
      if (role(this) === 'pendamping') throw new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.');
      state.targets.push(input);
      const row = state.pipeline.items.find((i) => i.key === input.pendamping);
      if (row) row.target = input.target;
      return input;
    },
    graduationLetterUrl: (familyId) => `/api/v1/families/${familyId}/graduation/letter.pdf`,
    graduationProposalsUrl: () => '/api/v1/graduation/proposals.xlsx',
    beritaAcaraUrl: ({ date, kelurahan }) => `/api/v1/graduation/berita-acara.pdf?${new URLSearchParams({ date, kelurahan })}`,
  };
}
