/** Uploads go over XMLHttpRequest (it reports how much of the body is sent; fetch does not): their error answers read here. */
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
