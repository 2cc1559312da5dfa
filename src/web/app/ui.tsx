/** Small shared pieces: loading and error states, page titles, values that are missing or hidden. */
import { type ReactNode, type Ref, useEffect, useId, useSyncExternalStore } from 'react';
import type { Lang } from '../../shared/i18n';
import { isApiError } from '../api/client';
import { type TFunction, useLang, useT } from '../i18n/I18nProvider';

export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Titian` : 'Titian';
  }, [title]);
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Whether the browser says it is online (true where it cannot tell). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine !== false,
    () => true,
  );
}

/**
 * Something is loading. Offline, requests wait for the connection (TanStack Query pauses them), so the
 * text says what it waits for instead of "loading" forever.
 */
export function Loading({ label }: { label?: string }) {
  const tr = useT();
  const online = useOnline();
  return (
    <p className="loading" role="status">
      {online ? (label ?? tr('web.common.loading')) : tr('web.common.waitingOnline')}
    </p>
  );
}

/** The text for an error: the server's message (in the current language when it sent both), else a generic one. */
export function errorText(tr: TFunction, lang: Lang, error: unknown): string {
  // Kept on the phone (offline work): not a failure, whatever the browser says about the network.
  if (isApiError(error) && error.code === 'sync.queued') return error.message;
  if (isApiError(error) && error.status === 0 && typeof navigator !== 'undefined' && navigator.onLine === false) return tr('web.error.offline');
  return isApiError(error) ? error.messageIn(lang) : tr('web.error.unexpected');
}

/** An error from a query or mutation, in the user's language, with an optional retry. */
export function ErrorMessage({ error, onRetry, children }: { error: unknown; onRetry?: () => void; children?: ReactNode }) {
  const tr = useT();
  const [lang] = useLang();
  const message = children ?? errorText(tr, lang, error);
  return (
    <div className="alert alert-error" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {tr('web.common.retry')}
        </button>
      )}
    </div>
  );
}

/**
 * A value the API did not give: a dash. `hidden` (the role does not see identities) adds, for screen
 * readers, that it is withheld for privacy rather than unknown.
 */
export function NoValue({ hidden = false }: { hidden?: boolean }) {
  const tr = useT();
  if (!hidden) return <span className="muted">–</span>;
  return (
    <span className="muted no-value" title={tr('web.privacy.hidden')}>
      <span aria-hidden="true">–</span>
      <span className="visually-hidden">{tr('web.privacy.hidden')}</span>
    </span>
  );
}

/**
 * Why a record is corrected or removed (1–500 characters, required): a labelled text area with its error
 * tied to it (`aria-describedby`).
 */
export function ReasonField({
  label,
  placeholder,
  value,
  onChange,
  error,
  inputRef,
}: {
  label: string;
  placeholder?: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | null;
  inputRef?: Ref<HTMLTextAreaElement>;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        ref={inputRef}
        id={id}
        name="reason"
        rows={2}
        maxLength={500}
        required
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error || undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
