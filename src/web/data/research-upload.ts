/** The transcript upload of the research area (./research), with its progress. Loaded on first use. */
import type { ApiClient, ApiError } from '../api/client';
import { uploadWithProgress } from '../api/xhr-upload';
import { type ResearchDocumentSummary, type TranscriptUpload, transcriptContentType } from './research';

export async function sendTranscript(api: ApiClient, u: TranscriptUpload, csrf: string | null): Promise<{ status: number; doc?: ResearchDocumentSummary; error?: ApiError }> {
  const url = api.url('/research/documents/upload', { title: u.title, fileName: u.fileName, lang: u.lang });
  const r = await uploadWithProgress<ResearchDocumentSummary>({ url, contentType: transcriptContentType(u.file, u.fileName), file: u.file, lang: u.lang, csrf, onProgress: u.onProgress, signal: u.signal });
  return { status: r.status, doc: r.body, error: r.error };
}
