/**
 * The transcript upload of the research area (./research) over XMLHttpRequest, which reports how much of the
 * body has been sent (fetch does not). Loaded on first use.
 */
import { type ApiClient, ApiError } from '../api/client';
import { xhrError } from '../api/xhr-error';
import { t } from '../../shared/i18n';
import { type ResearchDocumentSummary, type TranscriptUpload, transcriptContentType } from './research';

export function sendTranscript(api: ApiClient, u: TranscriptUpload, csrf: string | null): Promise<{ status: number; doc?: ResearchDocumentSummary; error?: ApiError }> {
  return new Promise((resolve, reject) => {
    if (u.signal?.aborted) {
      reject(new DOMException('Upload aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', api.url('/research/documents/upload', { title: u.title, fileName: u.fileName, lang: u.lang }));
    xhr.setRequestHeader('Content-Type', transcriptContentType(u.file, u.fileName));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', u.lang);
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => u.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : u.file.size });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve({ status: xhr.status, doc: JSON.parse(xhr.responseText) as ResearchDocumentSummary });
        } catch {
          reject(new ApiError(xhr.status, 'bad_response', t(u.lang, 'web.error.badResponse')));
        }
      } else resolve({ status: xhr.status, error: xhrError(xhr, u.lang) });
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', t(u.lang, 'web.error.network')));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    u.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(u.file);
  });
}

