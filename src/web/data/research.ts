/**
 * Qualitative coding (issue 9, `/api/v1/research`, docs/research.md): the codebook, documents (uploaded
 * transcripts and Titian's own notes) and their coded segments, the model of categories (axial and selective
 * coding), memos, retrieval, the frequency and co-occurrence tables, inter-coder agreement and the exports.
 * This area's part of the data seam (TitianData) and its HTTP implementation. Online only.
 *
 * Text reaches a researcher pseudonymised (the server replaces names and NIKs); segment offsets refer to the
 * text exactly as the server returned it to the logged-in user.
 */
import type { ApiClient } from '../api/client';
import type { Lang } from '../../shared/i18n';

export type CodeKind = 'role' | 'factor' | 'obstacle' | 'open';
export const CODE_KINDS: readonly CodeKind[] = ['role', 'factor', 'obstacle', 'open'];

/** What a collection of notes did: notes added, and copies collected earlier brought in line with their corrected or removed notes. */
export interface CollectResult { added: number; total: number; refreshed: number; withdrawn: number; segmentsDropped: number }

export interface ResearchCode {
  id: string;
  /** A stable short code (`animasi_sosial`, `open_…`). */
  code: string;
  label: string;
  description: string | null;
  kind: CodeKind;
  /** Ife's group of a role (`fasilitatif`…), else null. */
  group: string | null;
  /** An obstacle's source (`pendamping`, `internal_kelompok`, `eksternal_kelompok`), else null. */
  source: string | null;
  /** From the study's reference lists (not editable). */
  seeded: boolean;
}

export type DocumentSource = 'transcript' | 'activity_note' | 'p2k2_note' | 'case_note';
export const DOCUMENT_SOURCES: readonly DocumentSource[] = ['transcript', 'activity_note', 'p2k2_note', 'case_note'];

export interface ResearchDocumentSummary {
  id: string;
  title: string;
  source: DocumentSource;
  createdAt: string;
  segmentCount: number;
  /** Usernames of who has coded it. */
  coders: string[];
}

export interface ResearchSegment {
  id: string;
  /** Offsets in the document's text as returned to this user (start inclusive, end exclusive). */
  start: number;
  end: number;
  text: string;
  codeId: string;
  coder: string;
  createdAt: string;
}

export interface ResearchMemo {
  id: string;
  text: string;
  author: string;
  createdAt: string;
  codeId: string | null;
  categoryId: string | null;
  documentId: string | null;
}

export interface ResearchDocument {
  id: string;
  title: string;
  source: DocumentSource;
  text: string;
  /** Changes when the text does (its source note corrected); sent back with a new segment. */
  textVersion?: string;
  segments: ResearchSegment[];
  memos: ResearchMemo[];
}

export interface ResearchCategory {
  id: string;
  name: string;
  description: string | null;
  codeIds: string[];
  isCore: boolean;
}

export interface ResearchRelation {
  id: string;
  fromCategoryId: string;
  toCategoryId: string;
  label: string;
}

export interface ResearchModel {
  categories: ResearchCategory[];
  relations: ResearchRelation[];
  core: { categoryId: string; storyline: string } | null;
}

export interface RetrievalItem {
  segmentId: string;
  text: string;
  codeId: string;
  codeLabel: string;
  documentId: string;
  documentTitle: string;
  source: DocumentSource;
  coder: string;
}

export interface FrequencyRow {
  codeId: string;
  code: string;
  label: string;
  /** Segments coded with it. */
  segments: number;
  /** Documents where it appears. */
  documents: number;
}

export interface Cooccurrence {
  codes: Array<{ id: string; label: string }>;
  /** matrix[i][j]: segments of code i that overlap segments of code j (the diagonal: the code's own). */
  matrix: number[][];
}

export interface Agreement {
  /** Cohen's kappa; null when chance agreement is complete (kappa is undefined). */
  kappa: number | null;
  observedAgreement: number;
  expectedAgreement: number;
  n: number;
  coderA: string;
  coderB: string;
}

export type ResearchExport = 'codebook.csv' | 'segments.csv' | 'report.pdf';

export interface TranscriptUpload {
  file: Blob;
  fileName: string;
  title: string;
  lang: Lang;
  onProgress?: (p: { loaded: number; total: number }) => void;
  signal?: AbortSignal;
}

export interface MemoInput {
  text: string;
  codeId?: string | null;
  categoryId?: string | null;
  documentId?: string | null;
}

export interface ResearchData {
  /** The codebook: seeded codes (Ife's roles, the study's factors and obstacles) and open codes. 403 for pendamping and auditor. */
  researchCodes(): Promise<ResearchCode[]>;
  /** A new open code; 422 when the label is empty or taken. */
  createResearchCode(input: { label: string; description?: string | null }): Promise<ResearchCode>;
  updateResearchCode(id: string, input: { label?: string; description?: string | null }): Promise<ResearchCode>;
  /** Documents in scope, newest first: the first `limit` of them (all without a limit) and how many there are. */
  researchDocuments(source?: DocumentSource | null, page?: { limit?: number; offset?: number }): Promise<{ items: ResearchDocumentSummary[]; total: number }>;
  /** Pasted text as a transcript. */
  createResearchDocument(input: { title: string; text: string }): Promise<ResearchDocumentSummary>;
  /** A transcript file (.txt or .docx) sent as it is, with its progress. */
  uploadResearchDocument(upload: TranscriptUpload): Promise<ResearchDocumentSummary>;
  /** Copies Titian's notes in the user's scope into documents (those not collected yet). */
  collectResearchNotes(input: { region?: string | null; from?: string | null; to?: string | null }): Promise<CollectResult>;
  researchDocument(id: string): Promise<ResearchDocument>;
  createSegment(documentId: string, input: { start: number; end: number; codeId: string; textVersion?: string }): Promise<ResearchSegment>;
  deleteSegment(id: string): Promise<void>;
  researchModel(): Promise<ResearchModel>;
  createCategory(input: { name: string; description?: string | null; codeIds: string[] }): Promise<ResearchCategory>;
  updateCategory(id: string, input: { name?: string; description?: string | null; codeIds?: string[] }): Promise<ResearchCategory>;
  deleteCategory(id: string): Promise<void>;
  createRelation(input: { fromCategoryId: string; toCategoryId: string; label: string }): Promise<ResearchRelation>;
  deleteRelation(id: string): Promise<void>;
  setCoreCategory(input: { categoryId: string; storyline: string }): Promise<void>;
  researchMemos(filter: { codeId?: string; categoryId?: string; documentId?: string }): Promise<ResearchMemo[]>;
  createMemo(input: MemoInput): Promise<ResearchMemo>;
  retrieval(filter: { codeId: string } | { categoryId: string }): Promise<RetrievalItem[]>;
  codeFrequencies(): Promise<FrequencyRow[]>;
  cooccurrence(): Promise<Cooccurrence>;
  agreement(documentId: string, coderA: string, coderB: string): Promise<Agreement>;
  /** The same-origin address of an export (a GET with the session cookie downloads it). */
  researchExportUrl(kind: ResearchExport, lang: Lang): string;
}

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What a transcript upload says it is: DOCX by type or name, else plain text. */
export function transcriptContentType(file: Blob, fileName: string): string {
  if (file.type === DOCX_MIME || /\.docx$/i.test(fileName)) return DOCX_MIME;
  return 'text/plain; charset=utf-8';
}

/** Whether a chosen file is a transcript the server reads (.txt or .docx). */
export function isTranscriptFile(file: { name: string; type: string }): boolean {
  return /\.(txt|docx)$/i.test(file.name) || file.type === DOCX_MIME || file.type === 'text/plain';
}

/** A list the server may answer as `{items}`, `{<name>}` or a bare array. */
function listOf<T>(answer: unknown, name: string): T[] {
  if (Array.isArray(answer)) return answer as T[];
  const o = (answer ?? {}) as Record<string, unknown>;
  const v = o[name] ?? o.items;
  return Array.isArray(v) ? (v as T[]) : [];
}

/** The body without null or undefined fields (the server's create schemas take optional fields, not nulls). */
export function withoutNulls<T extends object>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

const R = '/research';
const enc = encodeURIComponent;

/** The area's calls; its address builder (`researchExportUrl`) is built where the area is mixed in (http.ts). */
export function researchOverHttp(api: ApiClient): Omit<ResearchData, 'researchExportUrl'> {
  return {
    researchCodes: async () => listOf<ResearchCode>(await api.get<unknown>(`${R}/codes`), 'codes'),
    createResearchCode: (input) => api.post<ResearchCode>(`${R}/codes`, withoutNulls(input)),
    updateResearchCode: (id, input) => api.patch<ResearchCode>(`${R}/codes/${enc(id)}`, input),
    async researchDocuments(source, page = {}) {
      const answer = await api.get<unknown>(`${R}/documents`, { query: { source, limit: page.limit, offset: page.offset } });
      const items = listOf<ResearchDocumentSummary>(answer, 'items');
      const total = (answer as { total?: unknown } | null)?.total;
      return { items, total: typeof total === 'number' ? total : items.length };
    },
    createResearchDocument: (input) => api.post<ResearchDocumentSummary>(`${R}/documents`, input),
    async uploadResearchDocument(u) {
      // The XHR upload (with its progress) is loaded on first use: not part of the first screen's bundle.
      const { sendTranscript } = await import('./research-upload');
      const csrf = api.getCsrfToken() ?? (await api.refreshCsrfToken());
      let answer = await sendTranscript(api, u, csrf);
      if (answer.error && answer.status === 403 && /csrf/i.test(answer.error.code)) {
        const fresh = await api.refreshCsrfToken();
        if (fresh) answer = await sendTranscript(api, u, fresh);
      }
      if (answer.error) throw answer.error;
      return answer.doc!;
    },
    collectResearchNotes: (input) => api.post<CollectResult>(`${R}/documents/collect`, withoutNulls(input)),
    researchDocument: (id) => api.get<ResearchDocument>(`${R}/documents/${enc(id)}`),
    createSegment: (documentId, input) => api.post<ResearchSegment>(`${R}/documents/${enc(documentId)}/segments`, input),
    deleteSegment: (id) => api.delete<void>(`${R}/segments/${enc(id)}`),
    researchModel: () => api.get<ResearchModel>(`${R}/model`),
    createCategory: (input) => api.post<ResearchCategory>(`${R}/categories`, withoutNulls(input)),
    updateCategory: (id, input) => api.patch<ResearchCategory>(`${R}/categories/${enc(id)}`, input),
    deleteCategory: (id) => api.delete<void>(`${R}/categories/${enc(id)}`),
    createRelation: (input) => api.post<ResearchRelation>(`${R}/relations`, input),
    deleteRelation: (id) => api.delete<void>(`${R}/relations/${enc(id)}`),
    setCoreCategory: async (input) => {
      await api.put<unknown>(`${R}/core`, input);
    },
    researchMemos: async (filter) => listOf<ResearchMemo>(await api.get<unknown>(`${R}/memos`, { query: filter }), 'memos'),
    createMemo: (input) => api.post<ResearchMemo>(`${R}/memos`, withoutNulls(input)),
    retrieval: async (filter) => listOf<RetrievalItem>(await api.get<unknown>(`${R}/retrieval`, { query: filter }), 'items'),
    codeFrequencies: async () => listOf<FrequencyRow>(await api.get<unknown>(`${R}/frequencies`), 'rows'),
    cooccurrence: () => api.get<Cooccurrence>(`${R}/cooccurrence`),
    agreement: (documentId, coderA, coderB) => api.get<Agreement>(`${R}/documents/${enc(documentId)}/agreement`, { query: { coderA, coderB } }),
  };
}
