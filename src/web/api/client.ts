/**
 * The HTTP API client: same-origin fetch with the session cookie, JSON in and out, the CSRF token on
 * state-changing requests, `Accept-Language` from the UI language, and one error type (ApiError) for
 * every failure, built from the API's `{"error": {"code", "message", "messages": {id, en}, "fields"}}` shape.
 */
import { type Lang, DEFAULT_LANG, type Message, t } from '../../shared/i18n';

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the request never got an answer (offline, DNS, aborted). */
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  /** Seconds to wait, from `Retry-After` (429, 503). */
  readonly retryAfter: number | null;
  /** The server's message in both languages (`messages`), when it sent them. */
  readonly messages: Message | null;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldErrors = {},
    retryAfter: number | null = null,
    messages: Message | null = null,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
    this.messages = messages;
  }

  /** The message in a language: the server's own wording when it sent both, else `message`. */
  messageIn(lang: Lang): string {
    return this.messages?.[lang] || this.message;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** A 4xx answer is final (not found, forbidden, invalid); anything else (network, 5xx) may pass on retry. */
export function isRetryable(e: unknown): boolean {
  return !(isApiError(e) && e.status >= 400 && e.status < 500);
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON (or as it is, with `contentType`). */
  body?: unknown;
  /** Send `body` (a string or Blob) as it is with this Content-Type instead of as JSON (e.g. `text/csv`). */
  contentType?: string;
  /** Query parameters; undefined, null and '' are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  /**
   * A protected call (the default): a 401 means the session is gone and the user is sent to the
   * login page. Pass false for calls where 401 is an answer (login, "who am I").
   */
  protected?: boolean;
  /**
   * A state-changing call made with the session's CSRF token, fetched first when the page holds none yet
   * (after a reload). Defaults to `protected`: login and logout have no session token to send.
   */
  csrf?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (sync: the device, the app version, the outbox counts). */
  headers?: Record<string, string>;
  /**
   * Give up after this long and answer as if there were no network (status 0): on a weak signal a
   * request can otherwise hang for minutes while the browser still says it is online. Default: 20 s for
   * reads, none for writes (an upload on a slow line may take long; the outbox retries anyway).
   */
  timeoutMs?: number;
}

export interface ApiClientOptions {
  /** Origin-relative base, `/api/v1` by default. */
  baseUrl?: string;
  getLang?: () => Lang;
  /** Called on a 401 from a protected call. Default: go to `/masuk?next=<here>`. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
  /** How long a read may take before it counts as no network (0: no limit). Default 20 s. */
  readTimeoutMs?: number;
}

/** A signal that aborts when any of these does. */
function anySignal(signals: AbortSignal[]): AbortSignal {
  const c = new AbortController();
  for (const s of signals) {
    if (s.aborted) c.abort();
    else s.addEventListener('abort', () => c.abort(), { once: true });
  }
  return c.signal;
}

const UNSAFE: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function loginPathFor(here: string): string {
  return here && here !== '/' && !here.startsWith('/masuk') ? `/masuk?next=${encodeURIComponent(here)}` : '/masuk';
}

function defaultOnUnauthorized(): void {
  if (typeof window === 'undefined') return;
  const here = window.location.pathname + window.location.search;
  if (!here.startsWith('/masuk')) window.location.assign(loginPathFor(here));
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export class ApiClient {
  private csrfToken: string | null = null;
  private readonly baseUrl: string;
  private readonly getLang: () => Lang;
  private readonly onUnauthorized: () => void;
  private readonly fetchImpl: typeof fetch;
  private readonly readTimeoutMs: number;

  constructor(opts: ApiClientOptions = {}) {
    this.baseUrl = opts.baseUrl ?? '/api/v1';
    this.getLang = opts.getLang ?? (() => DEFAULT_LANG);
    this.onUnauthorized = opts.onUnauthorized ?? defaultOnUnauthorized;
    this.fetchImpl = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.readTimeoutMs = opts.readTimeoutMs ?? 20_000;
  }

  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  getCsrfToken(): string | null {
    return this.csrfToken;
  }

  url(path: string, query?: RequestOptions['query']): string {
    let url = path.startsWith('/api/') ? path : `${this.baseUrl}${path}`;
    if (query) {
      const sp = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (v === undefined || v === null || v === '') continue;
        sp.set(k, String(v));
      }
      const qs = sp.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }

  /**
   * The address of a file to download (a link, not a fetch): in the app's language (`lang`), which a link
   * cannot send as Accept-Language, unless the query names one.
   */
  fileUrl(path: string, query: RequestOptions['query'] = {}): string {
    return this.url(path, { lang: this.getLang(), ...query });
  }

  get<T>(path: string, opts: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...opts, method: 'GET' });
  }

  post<T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...opts, method: 'POST', body });
  }

  patch<T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...opts, method: 'PATCH', body });
  }

  put<T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...opts, method: 'PUT', body });
  }

  delete<T>(path: string, opts: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...opts, method: 'DELETE' });
  }

  /** Fetch the CSRF token of the current session from `GET /me` (after a reload, for instance). */
  async refreshCsrfToken(): Promise<string | null> {
    try {
      const me = await this.get<{ csrfToken?: string } | undefined>('/me', { protected: false });
      this.csrfToken = me?.csrfToken ?? null;
    } catch {
      this.csrfToken = null;
    }
    return this.csrfToken;
  }

  async request<T>(path: string, opts: RequestOptions = {}, retried = false): Promise<T> {
    const method = opts.method ?? 'GET';
    // A state-changing call in a session whose token we do not hold yet: ask for it first.
    if (UNSAFE.has(method) && !this.csrfToken && (opts.csrf ?? opts.protected !== false)) await this.refreshCsrfToken();
    const lang = this.getLang();
    const headers: Record<string, string> = {
      ...opts.headers,
      Accept: 'application/json',
      'Accept-Language': lang,
    };
    if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    if (UNSAFE.has(method)) {
      if (this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    }

    const timeoutMs = opts.timeoutMs ?? (method === 'GET' ? this.readTimeoutMs : 0);
    const timer = timeoutMs > 0 ? new AbortController() : null;
    const timeout = timer ? setTimeout(() => timer.abort(), timeoutMs) : null;
    const signal = timer ? (opts.signal ? anySignal([opts.signal, timer.signal]) : timer.signal) : opts.signal;
    let res: Response;
    let text: string | null = null;
    try {
      res = await this.fetchImpl(this.url(path, opts.query), {
        method,
        headers,
        body: opts.body === undefined ? undefined : opts.contentType ? (opts.body as BodyInit) : JSON.stringify(opts.body),
        credentials: 'same-origin',
        signal,
      });
      // The body too must arrive in time (a stalled download is no better than no answer).
      if (res.ok && timer) text = await res.text();
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError' && !timer?.signal.aborted) throw e;
      throw new ApiError(0, 'network', t(lang, 'web.error.network'));
    } finally {
      if (timeout) clearTimeout(timeout);
    }

    if (res.ok) {
      if (res.status === 204 || res.status === 205) return undefined as T;
      if (text === null) text = await res.text();
      if (!text) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ApiError(res.status, 'bad_response', t(lang, 'web.error.badResponse'));
      }
    }

    const error = await this.toError(res, lang);
    // A stale CSRF token (the session was renewed elsewhere): fetch the current one and try once more.
    if (res.status === 403 && /csrf/i.test(error.code) && UNSAFE.has(method) && !retried) {
      if (await this.refreshCsrfToken()) return this.request<T>(path, opts, true);
    }
    if (res.status === 401 && opts.protected !== false) {
      this.csrfToken = null;
      this.onUnauthorized();
    }
    throw error;
  }

  private async toError(res: Response, lang: Lang): Promise<ApiError> {
    const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
    let code = `http_${res.status}`;
    let message = t(lang, res.status >= 500 ? 'web.error.server' : 'web.error.http', { status: res.status });
    let fields: FieldErrors = {};
    let messages: Message | null = null;
    try {
      const body = (await res.json()) as {
        error?: { code?: unknown; message?: unknown; messages?: unknown; fields?: unknown };
      };
      const err = body?.error;
      if (err && typeof err === 'object') {
        if (typeof err.code === 'string' && err.code) code = err.code;
        if (typeof err.message === 'string' && err.message) message = err.message;
        messages = toMessages(err.messages);
        // The message in the language asked for is the one to show; `message` is the fallback.
        if (messages && !(typeof err.message === 'string' && err.message)) message = messages[lang];
        if (err.fields && typeof err.fields === 'object' && !Array.isArray(err.fields)) {
          fields = Object.fromEntries(
            Object.entries(err.fields as Record<string, unknown>).flatMap(([k, v]) => {
              const text = fieldText(v);
              return text ? [[k, text]] : [];
            }),
          );
        }
      }
    } catch {
      // Not JSON (a proxy's error page): keep the generic message.
    }
    return new ApiError(res.status, code, message, fields, retryAfter, messages);
  }
}

function toMessages(v: unknown): Message | null {
  if (!v || typeof v !== 'object') return null;
  const { id, en } = v as { id?: unknown; en?: unknown };
  if (typeof id !== 'string' || typeof en !== 'string' || !id || !en) return null;
  return { id, en };
}

/** A field message: a string as sent; a `{message}` object's message; nothing for empty values. */
function fieldText(v: unknown): string | null {
  if (typeof v === 'string') return v || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') {
    return (v as { message: string }).message || null;
  }
  return null;
}
