import { Component, type ErrorInfo, type ReactNode } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { t } from '../../shared/i18n';
import { useT } from '../i18n/I18nProvider';
import { usePageTitle } from './ui';

export function NotFoundPage() {
  const tr = useT();
  usePageTitle(tr('web.notFound.title'));
  return (
    <section className="page narrow">
      <h1>{tr('web.notFound.title')}</h1>
      <p>{tr('web.notFound.body')}</p>
      <p>
        <Link to="/" className="button">
          {tr('web.notFound.home')}
        </Link>
      </p>
    </section>
  );
}

/** Inside the layout: an error thrown while rendering a page. */
export function RouteError() {
  const error = useRouteError();
  const tr = useT();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (error) console.error(error);
  return (
    <section className="page narrow">
      <h1>{tr('web.error.pageTitle')}</h1>
      <div className="alert alert-error" role="alert">
        <p>{tr('web.error.unexpected')}</p>
      </div>
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {tr('web.error.reload')}
        </button>
      </p>
    </section>
  );
}

/** The last line: no providers can be assumed here, so the text is in both languages. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return <FatalError />;
  }
}

export function FatalError() {
  return (
    <main className="app-main">
      <section className="page narrow">
        <h1>Titian</h1>
        <div className="alert alert-error" role="alert">
          <p lang="id">{t('id', 'web.error.unexpected')}</p>
          <p lang="en">{t('en', 'web.error.unexpected')}</p>
        </div>
        <p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            {t('id', 'web.error.reload')} / {t('en', 'web.error.reload')}
          </button>
        </p>
      </section>
    </main>
  );
}

/** Outside the layout (the layout itself failed). */
export function RootError() {
  const error = useRouteError();
  if (error) console.error(error);
  return <FatalError />;
}
