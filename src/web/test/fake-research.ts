/**
 * In-memory ResearchData for component tests (no network), answering in the agreed API's shapes: a small
 * codebook (Ife roles, a factor, an obstacle, an open code), documents with segments, the model of
 * categories, memos, retrieval, the tables and agreement.
 */
import { ApiError } from '../api/client';
import type {
  CollectResult,
  Agreement,
  Cooccurrence,
  FrequencyRow,
  ResearchCategory,
  ResearchCode,
  ResearchData,
  ResearchDocument,
  ResearchDocumentSummary,
  ResearchMemo,
  ResearchModel,
  ResearchSegment,
  RetrievalItem,
  TranscriptUpload,
} from '../data/research';
import type { User } from '../data/types';

export interface ResearchFakeState {
  codes: ResearchCode[];
  documents: Array<ResearchDocument & { createdAt: string }>;
  model: ResearchModel;
  memos: ResearchMemo[];
  /** Answered by `agreement` (null: computed as 0.5 for any two coders). */
  agreement: Agreement | null;
  collect: CollectResult;
  /** Answered instead of doing the call, by method name. */
  errors: Partial<Record<keyof ResearchData, ApiError>>;
  /** While set, an upload stays half sent until it resolves (to see the progress). */
  uploadGate: Promise<void> | null;
  calls: Array<{ method: keyof ResearchData; args: unknown[] }>;
  /** Who codes when no user is known. */
  username: string;
}

export const sampleCodes = (): ResearchCode[] => [
  { id: 'c-animasi', code: 'animasi_sosial', label: 'Animasi sosial', description: 'Menggerakkan semangat warga.', kind: 'role', group: 'fasilitatif', source: null, seeded: true },
  { id: 'c-dukungan', code: 'dukungan', label: 'Dukungan', description: null, kind: 'role', group: 'fasilitatif', source: null, seeded: true },
  { id: 'c-informasi', code: 'menyampaikan_informasi', label: 'Menyampaikan informasi', description: null, kind: 'role', group: 'edukasional', source: null, seeded: true },
  { id: 'c-kesadaran', code: 'kesadaran_kpm', label: 'Kesadaran KPM', description: 'KPM sadar akan tujuan program.', kind: 'factor', group: null, source: null, seeded: true },
  { id: 'c-akses', code: 'akses_pendamping_minim', label: 'Minimnya akses pendamping', description: null, kind: 'obstacle', group: null, source: 'pendamping', seeded: true },
  { id: 'c-usaha', code: 'open_usaha_warung', label: 'Usaha warung', description: 'Usaha kecil keluarga.', kind: 'open', group: null, source: null, seeded: false },
];

export const SAMPLE_TEXT = 'Ibu KPM-0001 bercerita tentang keluarganya.\n\nPendamping datang tiap bulan dan membantu usaha warung.\nSekarang anak-anak bersekolah.';

export function sampleDocument(over: Partial<ResearchDocument & { createdAt: string }> = {}): ResearchDocument & { createdAt: string } {
  const text = over.text ?? SAMPLE_TEXT;
  const seg = (id: string, start: number, end: number, codeId: string, coder: string): ResearchSegment => ({ id, start, end, text: text.slice(start, end), codeId, coder, createdAt: '2026-07-01T02:00:00.000Z' });
  return {
    id: 'doc-1',
    title: 'Wawancara KPM Tugu',
    source: 'transcript',
    text,
    createdAt: '2026-07-01T01:00:00.000Z',
    // "Pendamping datang tiap bulan" by two coders with different codes, overlapping "usaha warung".
    segments: [seg('s-1', 45, 73, 'c-animasi', 'peneliti'), seg('s-2', 63, 99, 'c-dukungan', 'peneliti2'), seg('s-3', 87, 99, 'c-usaha', 'peneliti')],
    memos: [{ id: 'm-1', text: 'Peran pendamping menonjol.', author: 'peneliti', createdAt: '2026-07-01T03:00:00.000Z', codeId: null, categoryId: null, documentId: 'doc-1' }],
    ...over,
  };
}

export function researchState(over: Partial<ResearchFakeState> = {}): ResearchFakeState {
  return {
    codes: sampleCodes(),
    documents: [
      sampleDocument(),
      { ...sampleDocument({ id: 'doc-2', title: 'Catatan kunjungan 12 Juli', source: 'activity_note', text: 'Kunjungan rumah: KPM-0002 belum ikut P2K2.', segments: [], memos: [] }) },
    ],
    model: {
      categories: [{ id: 'cat-1', name: 'Peran fasilitatif', description: 'Pendamping menggerakkan warga.', codeIds: ['c-animasi', 'c-dukungan'], isCore: false }],
      relations: [],
      core: null,
    },
    memos: [],
    agreement: null,
    collect: { added: 3, total: 12, refreshed: 0, withdrawn: 0, segmentsDropped: 0 },
    errors: {},
    uploadGate: null,
    calls: [],
    username: 'peneliti',
    ...over,
  };
}

const notFound = () => new ApiError(404, 'not_found', 'Tidak ditemukan', {}, null, { id: 'Tidak ditemukan', en: 'Not found' });

export function fakeResearchData(state: ResearchFakeState = researchState()): ResearchData {
  let next = 1;
  const nextId = (p: string) => `${p}-new-${next++}`;
  const now = () => new Date(Date.UTC(2026, 6, 15, 2, 0, next)).toISOString();
  const summary = (d: ResearchDocument & { createdAt: string }): ResearchDocumentSummary => ({
    id: d.id,
    title: d.title,
    source: d.source,
    createdAt: d.createdAt,
    segmentCount: d.segments.length,
    coders: [...new Set(d.segments.map((s) => s.coder))].sort(),
  });
  const call = (method: keyof ResearchData, args: unknown[]) => {
    state.calls.push({ method, args });
    const e = state.errors[method];
    if (e) throw e;
  };
  const doc = (id: string) => {
    const d = state.documents.find((x) => x.id === id);
    if (!d) throw notFound();
    return d;
  };
  const codeLabel = (id: string) => state.codes.find((c) => c.id === id)?.label ?? id;
  const retrievalOf = (codeIds: string[]): RetrievalItem[] =>
    state.documents.flatMap((d) =>
      d.segments
        .filter((s) => codeIds.includes(s.codeId))
        .map((s) => ({ segmentId: s.id, text: s.text, codeId: s.codeId, codeLabel: codeLabel(s.codeId), documentId: d.id, documentTitle: d.title, source: d.source, coder: s.coder })),
    );

  return {
    async researchCodes() {
      call('researchCodes', []);
      return state.codes.map((c) => ({ ...c }));
    },
    async createResearchCode(input) {
      call('createResearchCode', [input]);
      if (!input.label.trim()) throw new ApiError(422, 'validation', 'Label wajib diisi.', { label: 'Label wajib diisi.' });
      const code: ResearchCode = { id: nextId('c'), code: `open_${input.label.toLowerCase().replace(/\W+/g, '_')}`, label: input.label.trim(), description: input.description ?? null, kind: 'open', group: null, source: null, seeded: false };
      state.codes.push(code);
      return code;
    },
    async updateResearchCode(id, input) {
      call('updateResearchCode', [id, input]);
      const c = state.codes.find((x) => x.id === id);
      if (!c) throw notFound();
      Object.assign(c, input);
      return { ...c };
    },
    async researchDocuments(source, page = {}) {
      call('researchDocuments', [source ?? null, page]);
      const all = state.documents.filter((d) => !source || d.source === source).map(summary);
      const from = page.offset ?? 0;
      return { items: page.limit === undefined ? all.slice(from) : all.slice(from, from + page.limit), total: all.length };
    },
    async createResearchDocument(input) {
      call('createResearchDocument', [input]);
      const d = { id: nextId('doc'), title: input.title, source: 'transcript' as const, text: input.text, segments: [], memos: [], createdAt: now() };
      state.documents.unshift(d);
      return summary(d);
    },
    async uploadResearchDocument(u: TranscriptUpload) {
      call('uploadResearchDocument', [{ title: u.title, fileName: u.fileName, size: u.file.size }]);
      u.onProgress?.({ loaded: Math.floor(u.file.size / 2), total: u.file.size });
      if (state.uploadGate) await state.uploadGate;
      u.onProgress?.({ loaded: u.file.size, total: u.file.size });
      const text = await u.file.text();
      const d = { id: nextId('doc'), title: u.title, source: 'transcript' as const, text, segments: [], memos: [], createdAt: now() };
      state.documents.unshift(d);
      return summary(d);
    },
    async collectResearchNotes(input) {
      call('collectResearchNotes', [input]);
      return { ...state.collect };
    },
    async researchDocument(id) {
      call('researchDocument', [id]);
      const d = doc(id);
      return { id: d.id, title: d.title, source: d.source, text: d.text, segments: d.segments.map((s) => ({ ...s })), memos: state.memos.filter((m) => m.documentId === id).concat(d.memos) };
    },
    async createSegment(documentId, input) {
      call('createSegment', [documentId, input]);
      const d = doc(documentId);
      if (input.end <= input.start || input.end > d.text.length) throw new ApiError(422, 'validation', 'Rentang teks tidak sah.', {}, null, { id: 'Rentang teks tidak sah.', en: 'The text range is not valid.' });
      const s: ResearchSegment = { id: nextId('s'), start: input.start, end: input.end, text: d.text.slice(input.start, input.end), codeId: input.codeId, coder: state.username, createdAt: now() };
      d.segments.push(s);
      return s;
    },
    async deleteSegment(id) {
      call('deleteSegment', [id]);
      for (const d of state.documents) d.segments = d.segments.filter((s) => s.id !== id);
    },
    async researchModel() {
      call('researchModel', []);
      return structuredClone(state.model);
    },
    async createCategory(input) {
      call('createCategory', [input]);
      if (!input.name.trim()) throw new ApiError(422, 'validation', 'Nama kategori wajib diisi.', { name: 'Nama kategori wajib diisi.' });
      const c: ResearchCategory = { id: nextId('cat'), name: input.name, description: input.description ?? null, codeIds: [...input.codeIds], isCore: false };
      state.model.categories.push(c);
      return c;
    },
    async updateCategory(id, input) {
      call('updateCategory', [id, input]);
      const c = state.model.categories.find((x) => x.id === id);
      if (!c) throw notFound();
      Object.assign(c, input);
      return { ...c };
    },
    async deleteCategory(id) {
      call('deleteCategory', [id]);
      state.model.categories = state.model.categories.filter((c) => c.id !== id);
      state.model.relations = state.model.relations.filter((r) => r.fromCategoryId !== id && r.toCategoryId !== id);
      if (state.model.core?.categoryId === id) state.model.core = null;
    },
    async createRelation(input) {
      call('createRelation', [input]);
      const r = { id: nextId('rel'), ...input };
      state.model.relations.push(r);
      return r;
    },
    async deleteRelation(id) {
      call('deleteRelation', [id]);
      state.model.relations = state.model.relations.filter((r) => r.id !== id);
    },
    async setCoreCategory(input) {
      call('setCoreCategory', [input]);
      state.model.core = { ...input };
      for (const c of state.model.categories) c.isCore = c.id === input.categoryId;
    },
    async researchMemos(filter) {
      call('researchMemos', [filter]);
      return state.memos.filter((m) => (!filter.codeId || m.codeId === filter.codeId) && (!filter.categoryId || m.categoryId === filter.categoryId) && (!filter.documentId || m.documentId === filter.documentId));
    },
    async createMemo(input) {
      call('createMemo', [input]);
      const m: ResearchMemo = { id: nextId('m'), text: input.text, author: state.username, createdAt: now(), codeId: input.codeId ?? null, categoryId: input.categoryId ?? null, documentId: input.documentId ?? null };
      state.memos.push(m);
      return m;
    },
    async retrieval(filter) {
      call('retrieval', [filter]);
      if ('codeId' in filter) return retrievalOf([filter.codeId]);
      const c = state.model.categories.find((x) => x.id === filter.categoryId);
      if (!c) throw notFound();
      return retrievalOf(c.codeIds);
    },
    async codeFrequencies(): Promise<FrequencyRow[]> {
      call('codeFrequencies', []);
      return state.codes.map((c) => {
        const segs = state.documents.flatMap((d) => d.segments.filter((s) => s.codeId === c.id).map(() => d.id));
        return { codeId: c.id, code: c.code, label: c.label, segments: segs.length, documents: new Set(segs).size };
      });
    },
    async cooccurrence(): Promise<Cooccurrence> {
      call('cooccurrence', []);
      const used = state.codes.filter((c) => state.documents.some((d) => d.segments.some((s) => s.codeId === c.id)));
      const all = state.documents.flatMap((d) => d.segments.map((s) => ({ ...s, doc: d.id })));
      const matrix = used.map((a) =>
        used.map((b) => all.filter((s) => s.codeId === a.id && (a.id === b.id || all.some((t) => t.codeId === b.id && t.doc === s.doc && t.start < s.end && s.start < t.end))).length),
      );
      return { codes: used.map((c) => ({ id: c.id, label: c.label })), matrix };
    },
    async agreement(documentId, coderA, coderB) {
      call('agreement', [documentId, coderA, coderB]);
      doc(documentId);
      return state.agreement ?? { kappa: 0.5, observedAgreement: 0.75, expectedAgreement: 0.5, n: 40, coderA, coderB };
    },
    researchExportUrl(kind, lang) {
      return `/api/v1/research/export/${kind}?lang=${lang}`;
    },
  };
}

/** The fake's coder follows the logged-in user of the FakeData when there is one. */
export function researchUser(state: ResearchFakeState, user: User | null): void {
  if (user) state.username = user.username;
}
