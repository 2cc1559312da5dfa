import { LANGS } from '../../shared/i18n';
import { useLang, useT } from '../i18n/I18nProvider';

/** Two buttons, "ID" and "EN"; the pressed one is the current language. */
export function LanguageSwitch() {
  const [lang, setLang] = useLang();
  const tr = useT();
  return (
    <div className="lang-switch" role="group" aria-label={tr('web.lang.label')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === lang}
          title={tr(`web.lang.name.${l}`)}
          onClick={() => setLang(l)}
        >
          <span aria-hidden="true">{l.toUpperCase()}</span>
          <span className="visually-hidden">{tr(`web.lang.name.${l}`)}</span>
        </button>
      ))}
    </div>
  );
}
