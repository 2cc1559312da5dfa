/** Small shared pieces: loading and error states, page titles. */
import { type ReactNode, useEffect } from 'react';
import { isApiError } from '../api/client';
import { useT } from '../i18n/I18nProvider';

export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Titian` : 'Titian';
  }, [title]);
}

export function Loading({ label }: { label?: string }) {
  const tr = useT();
  return (
    <p className="loading" role="status">
      {label ?? tr('web.common.loading')}
    </p>
  );
}

/** An error from a query or mutation, in the user's language, with an optional retry. */
export function ErrorMessage({ error, onRetry, children }: { error: unknown; onRetry?: () => void; children?: ReactNode }) {
  const tr = useT();
  const message = children ?? (isApiError(error) ? error.message : tr('web.error.unexpected'));
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
