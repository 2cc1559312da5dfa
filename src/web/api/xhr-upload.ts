/**
 * File uploads over XMLHttpRequest, which reports how much of the body has been sent (fetch does not): the
 * registry import and the research transcripts. Loaded with the screens that upload.
 */
import { ApiError } from './client';
import { type Lang, type Message, t } from '../../shared/i18n';

/** The API's error body of an XHR answer as an ApiError (the same shape the API client builds). */
export function xhrError(xhr: XMLHttpRequest, lang: Lang): ApiError {
  let code = `http_${xhr.status}`;
  let message = t(lang, xhr.status >= 500 ? 'web.error.server' : 'web.error.http', { status: xhr.status });
  let fields: Record<string, string> = {};
  let messages: Message | null = null;
  try {
    const err = (JSON.parse(xhr.responseText) as { error?: { code?: unknown; message?: unknown; messages?: unknown; fields?: unknown } }).error;
    if (err && typeof err === 'object') {
      if (typeof err.code === 'string' && err.code) code = err.code;
      if (typeof err.message === 'string' && err.message) message = err.message;
      const m = err.messages as { id?: unknown; en?: unknown } | undefined;
      if (m && typeof m.id === 'string' && typeof m.en === 'string') messages = { id: m.id, en: m.en };
      if (err.fields && typeof err.fields === 'object') {
        fields = Object.fromEntries(Object.entries(err.fields as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
      }
    }
  } catch {
    // not JSON (a proxy's page): the generic message
  }
  return new ApiError(xhr.status, code, message, fields, null, messages);
}

export interface XhrUpload {
  /** The same-origin address, query included. */
  url: string;
  contentType: string;
  file: Blob;
  lang: Lang;
  csrf: string | null;
  onProgress?: (p: { loaded: number; total: number }) => void;
  signal?: AbortSignal;
}

/**
 * POSTs the file as the request body. A 2xx answer resolves with its JSON body, any other status with the
 * API's error (the caller may retry, e.g. after refreshing the CSRF token); a network failure rejects with an
 * ApiError, a cancel (the signal) with an AbortError as fetch would.
 */
export function uploadWithProgress<T>(u: XhrUpload): Promise<{ status: number; body?: T; error?: ApiError }> {
  return new Promise((resolve, reject) => {
    if (u.signal?.aborted) {
      reject(new DOMException('Upload aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', u.url);
    xhr.setRequestHeader('Content-Type', u.contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', u.lang);
    if (u.csrf) xhr.setRequestHeader('X-CSRF-Token', u.csrf);
    xhr.upload.onprogress = (e) => u.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : u.file.size });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) as T });
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
