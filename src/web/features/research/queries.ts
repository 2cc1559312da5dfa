/**
 * TanStack Query hooks of the research area (qualitative coding). Code labels come from the server in the
 * user's language: keys of what carries them include the language. Every change reads the affected lists
 * again (documents, tables, retrieval).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/client';
import { useData } from '../../data/context';
import type { DocumentSource, MemoInput, TranscriptUpload } from '../../data/research';
import { useLang } from '../../i18n/I18nProvider';

export const researchKeys = {
  all: ['research'] as const,
  codes: (lang: string) => ['research', 'codes', lang] as const,
  documents: (source: string | null, limit: number) => ['research', 'documents', source, limit] as const,
  document: (id: string) => ['research', 'document', id] as const,
  model: ['research', 'model'] as const,
  memos: (filter: object) => ['research', 'memos', filter] as const,
  retrieval: (filter: object | null, lang: string) => ['research', 'retrieval', filter, lang] as const,
  frequencies: (lang: string) => ['research', 'frequencies', lang] as const,
  cooccurrence: (lang: string) => ['research', 'cooccurrence', lang] as const,
  agreement: (id: string, a: string, b: string) => ['research', 'agreement', id, a, b] as const,
};

/** After a change to codes or segments: everything derived from them. */
function invalidateDerived(qc: ReturnType<typeof useQueryClient>) {
  for (const k of ['documents', 'retrieval', 'frequencies', 'cooccurrence', 'agreement']) void qc.invalidateQueries({ queryKey: ['research', k] });
}

export function useResearchCodes(enabled = true) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: researchKeys.codes(lang), queryFn: () => data.researchCodes(), enabled, staleTime: 60_000 });
}

export function useCreateCode() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { label: string; description?: string | null }) => data.createResearchCode(input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['research', 'codes'] }),
  });
}

export function useUpdateCode() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; label?: string; description?: string | null }) => data.updateResearchCode(v.id, { label: v.label, description: v.description }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['research', 'codes'] });
      invalidateDerived(qc);
    },
  });
}

/** The first `limit` documents (newest first) and the total; the previous page stays on screen while more load. */
export function useResearchDocuments(source: DocumentSource | null, limit: number, enabled = true) {
  const data = useData();
  const [lang] = useLang();
  // Collected notes' titles come in the user's language (a date written out, an activity type named).
  return useQuery({ queryKey: [...researchKeys.documents(source, limit), lang], queryFn: () => data.researchDocuments(source, { limit, offset: 0 }), enabled, placeholderData: keepPreviousData });
}

export function useCreateDocument() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { title: string; text: string }) => data.createResearchDocument(input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['research', 'documents'] }),
  });
}

export function useUploadDocument() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (u: TranscriptUpload) => data.uploadResearchDocument(u),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['research', 'documents'] }),
  });
}

export function useCollectNotes() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { from?: string | null; to?: string | null }) => data.collectResearchNotes(input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['research', 'documents'] }),
  });
}

export function useResearchDocument(id: string, enabled = true) {
  const data = useData();
  const [lang] = useLang();
  // The page stays on screen while the title is read again in another language (and only then: another
  // document's key starts differently, so it never shows the previous one).
  return useQuery({ queryKey: [...researchKeys.document(id), lang], queryFn: () => data.researchDocument(id), enabled, placeholderData: (previous, query) => (query?.queryKey[2] === id ? previous : undefined) });
}

export function useCreateSegment(documentId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { start: number; end: number; codeId: string; textVersion?: string }) => data.createSegment(documentId, input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: researchKeys.document(documentId) });
      invalidateDerived(qc);
    },
    // The text changed under the coder (its note was corrected): show the new text to mark again.
    onError: (e) => {
      if (isApiError(e) && e.status === 409) void qc.invalidateQueries({ queryKey: researchKeys.document(documentId) });
    },
  });
}

export function useDeleteSegment(documentId: string) {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => data.deleteSegment(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: researchKeys.document(documentId) });
      invalidateDerived(qc);
    },
  });
}

export function useResearchModel(enabled = true) {
  const data = useData();
  return useQuery({ queryKey: researchKeys.model, queryFn: () => data.researchModel(), enabled });
}

/** A change to the model (categories, relations, the core): the model and category retrievals are read again. */
function useModelMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: researchKeys.model });
      void qc.invalidateQueries({ queryKey: ['research', 'retrieval'] });
    },
  });
}

export function useCreateCategory() {
  const data = useData();
  return useModelMutation((v: { name: string; description?: string | null; codeIds: string[] }) => data.createCategory(v));
}

export function useUpdateCategory() {
  const data = useData();
  return useModelMutation((v: { id: string; name?: string; description?: string | null; codeIds?: string[] }) => data.updateCategory(v.id, { name: v.name, description: v.description, codeIds: v.codeIds }));
}

export function useDeleteCategory() {
  const data = useData();
  return useModelMutation((id: string) => data.deleteCategory(id));
}

export function useCreateRelation() {
  const data = useData();
  return useModelMutation((v: { fromCategoryId: string; toCategoryId: string; label: string }) => data.createRelation(v));
}

export function useDeleteRelation() {
  const data = useData();
  return useModelMutation((id: string) => data.deleteRelation(id));
}

export function useSetCore() {
  const data = useData();
  return useModelMutation((v: { categoryId: string; storyline: string }) => data.setCoreCategory(v));
}

export function useMemos(filter: { codeId?: string; categoryId?: string; documentId?: string }, enabled = true) {
  const data = useData();
  return useQuery({ queryKey: researchKeys.memos(filter), queryFn: () => data.researchMemos(filter), enabled });
}

export function useCreateMemo() {
  const data = useData();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: MemoInput) => data.createMemo(input),
    onSuccess: (_m, input) => {
      void qc.invalidateQueries({ queryKey: ['research', 'memos'] });
      if (input.documentId) void qc.invalidateQueries({ queryKey: researchKeys.document(input.documentId) });
    },
  });
}

export function useRetrieval(filter: { codeId: string } | { categoryId: string } | null) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: researchKeys.retrieval(filter, lang), queryFn: () => data.retrieval(filter!), enabled: filter !== null });
}

export function useFrequencies(enabled = true) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: researchKeys.frequencies(lang), queryFn: () => data.codeFrequencies(), enabled });
}

export function useCooccurrence(enabled = true) {
  const data = useData();
  const [lang] = useLang();
  return useQuery({ queryKey: researchKeys.cooccurrence(lang), queryFn: () => data.cooccurrence(), enabled });
}

export function useAgreement(documentId: string, coderA: string, coderB: string) {
  const data = useData();
  return useQuery({
    queryKey: researchKeys.agreement(documentId, coderA, coderB),
    queryFn: () => data.agreement(documentId, coderA, coderB),
    enabled: !!coderA && !!coderB && coderA !== coderB,
  });
}
