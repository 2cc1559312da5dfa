/**
 * TanStack Query hooks for graduation: criteria sets, the readiness preview, assessments (the trajectory),
 * candidates, the approval queue, a family's case and its moves, follow-ups, the pipeline and targets.
 * Keys holding server sentences (reasons, labels, explanations) include the language.
 */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { useLang } from '../i18n/I18nProvider';
import { useData } from './context';
import type { AssessmentInput, FamilyGraduation, FollowupInput, GraduationState, GraduationType, PenaIncomeInput, Pipeline, ReadinessInput, TransitionInput } from './graduation';

export const CANDIDATE_PAGE = 20;
export const QUEUE_PAGE = 20;

export const graduationKeys = {
  all: ['graduation'] as const,
  sets: ['graduation', 'sets'] as const,
  candidates: (type: string, offset: number, lang: string) => ['graduation', 'candidates', type, offset, lang] as const,
  cases: (state: string, offset: number) => ['graduation', 'cases', state, offset] as const,
  family: (id: string, lang: string) => ['graduation', 'family', id, lang] as const,
  assessments: (id: string, lang: string) => ['graduation', 'assessments', id, lang] as const,
  pipeline: (by: string, year: number | undefined) => ['graduation', 'pipeline', by, year ?? null] as const,
  preview: (input: ReadinessInput, lang: string) => ['graduation', 'preview', input, lang] as const,
};

export function useCriteriaSets() {
  const data = useData();
  return useQuery({ queryKey: graduationKeys.sets, queryFn: () => data.listCriteriaSets(), staleTime: 10 * 60_000 });
}

/** The live preview: scored by the server as the answers change (stores nothing). */
export function useReadinessPreview(input: ReadinessInput | null) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({
    queryKey: input ? graduationKeys.preview(input, lang) : ['graduation', 'preview', null],
    queryFn: () => data.scoreReadiness(input!),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useAssessments(familyId: string) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: graduationKeys.assessments(familyId, lang), queryFn: () => data.listAssessments(familyId) });
}

export function useCreateAssessment(familyId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AssessmentInput) => data.createAssessment(familyId, input),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['graduation', 'assessments', familyId] });
    },
  });
}

export function useGraduationCandidates(type: GraduationType | '', offset: number) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({
    queryKey: graduationKeys.candidates(type, offset, lang),
    queryFn: async () => ({ ...(await data.listGraduationCandidates({ type: type || undefined, limit: CANDIDATE_PAGE, offset })), offset }),
    placeholderData: keepPreviousData,
  });
}

export function useGraduationCases(state: GraduationState, offset: number, enabled = true) {
  const data = useData();
  return useQuery({
    queryKey: graduationKeys.cases(state, offset),
    queryFn: async () => ({ ...(await data.listGraduationCases({ state, limit: QUEUE_PAGE, offset })), offset }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useFamilyGraduation(familyId: string) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: graduationKeys.family(familyId, lang), queryFn: () => data.familyGraduation(familyId) });
}

/** The moves that may change the family's own record (its status: `graduasi` once the exit takes effect, `aktif` again on re-entry). */
export const MOVES_CHANGING_FAMILY: readonly GraduationState[] = ['exited', 'reentered'];

/**
 * What a move changes, and so what is marked stale after it (only what is on screen is fetched again):
 * the family's case (replaced by the answer, not fetched), the candidate lists (each item names the case's
 * state), the queues of the state the case left and the one it reached (others unchanged), the pipeline's
 * counts, the family's history (the move is audited) and timeline; the family's record only for a move that
 * may change its status (MOVES_CHANGING_FAMILY). Assessments, criteria sets and the rest are not touched.
 */
export function invalidateAfterMove(qc: QueryClient, familyId: string, input: Pick<TransitionInput, 'to'>, from: GraduationState | null | undefined, to: GraduationState | null) {
  // The case's previous state unknown (not cached): every queue, as the case may have left any of them.
  const queues = from === undefined ? null : new Set<unknown>([from, to, input.to]);
  return Promise.all([
    qc.invalidateQueries({ queryKey: ['graduation', 'candidates'] }),
    qc.invalidateQueries({ queryKey: ['graduation', 'cases'], ...(queues ? { predicate: (q: { queryKey: readonly unknown[] }) => queues.has(q.queryKey[2]) } : {}) }),
    qc.invalidateQueries({ queryKey: ['graduation', 'pipeline'] }),
    ...(MOVES_CHANGING_FAMILY.includes(input.to) ? [qc.invalidateQueries({ queryKey: ['family', familyId] })] : []),
    qc.invalidateQueries({ queryKey: ['history', familyId] }),
    qc.invalidateQueries({ queryKey: ['timeline', familyId] }),
  ]);
}

/**
 * One move of the workflow: the answer (the case as it is now) replaces the cached case; what the move
 * changed elsewhere (invalidateAfterMove) is fetched again in the background, so the move is done (and can
 * be confirmed) as soon as the server has answered, not once every list has come back over a slow network.
 * The case's moves change with the answer: call it from a component that stays mounted (the per-call
 * `onSuccess` of `mutate` is not called once the calling component has gone).
 */
export function useMoveGraduation(familyId: string) {
  const data = useData();
  const qc = useQueryClient();
  const [lang] = useLang();
  return useMutation({
    mutationFn: (input: TransitionInput) => data.moveGraduation(familyId, input),
    onSuccess: (answer, input) => {
      const before = qc.getQueryData<FamilyGraduation>(graduationKeys.family(familyId, lang));
      qc.setQueryData(graduationKeys.family(familyId, lang), answer);
      void invalidateAfterMove(qc, familyId, input, before ? before.state : undefined, answer.state);
    },
    // Someone else moved the case first (409): show it as it is now.
    onError: async (e) => {
      if (isApiError(e) && e.status === 409) await qc.invalidateQueries({ queryKey: ['graduation', 'family', familyId] });
    },
  });
}

export function useRecordFollowup(familyId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { followupId: string; input: FollowupInput }) => data.recordGraduationFollowup(familyId, v.followupId, v.input),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['graduation', 'family', familyId] });
    },
    // The visit was recorded meanwhile (409, nothing overwritten): show the record there now.
    onError: async (e) => {
      if (isApiError(e) && e.status === 409) await qc.invalidateQueries({ queryKey: ['graduation', 'family', familyId] });
    },
  });
}

/** A month's PENA income; afterwards the family's graduation (its triggers) and the candidate lists are fetched again. */
export function useRecordPenaIncome(familyId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PenaIncomeInput) => data.recordPenaIncome(familyId, input),
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: ['graduation', 'family', familyId] }), qc.invalidateQueries({ queryKey: ['graduation', 'candidates'] })]);
    },
  });
}

export function useGraduationPipeline(by: Pipeline['by'], year?: number) {
  const data = useData();
  return useQuery({ queryKey: graduationKeys.pipeline(by, year), queryFn: () => data.graduationPipeline({ by, year }), placeholderData: keepPreviousData });
}

export function useSetGraduationTarget() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { pendamping: string; year: number; target: number }) => data.setGraduationTarget(input),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['graduation', 'pipeline'] });
    },
  });
}
