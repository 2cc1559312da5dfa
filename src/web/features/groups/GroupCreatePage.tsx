import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { Loading, usePageTitle } from '../../app/ui';
import type { GroupInput } from '../../data/groups';
import { useCreateGroup } from '../../data/groups-queries';
import { useMe, useUsers } from '../../data/queries';
import { canRecordActivities, choosesPendamping } from '../../data/roles';
import { useLang, useT } from '../../i18n/I18nProvider';
import { familyErrorsOf } from './family-errors';
import { type ChosenFamily, ChosenList, FamilyPicker } from './FamilyPicker';
import './groups.css';
import './messages';
import { IdentifierHint } from '../free-text/IdentifierHint';

/**
 * `/kelompok/baru`: name, meeting place, families from the caseload (searchable), the ketua among them.
 * Roles that only read (auditor, peneliti) reach it by its address only: they are told so, with the way back, and get no form.
 */
export function GroupCreatePage() {
  const tr = useT();
  usePageTitle(tr('web.groups.new.title'));
  const me = useMe();
  if (!me.isPending && canRecordActivities(me.data?.role)) return <GroupCreateForm />;
  return (
    <section className="page narrow">
      <p className="back">
        <Link to="/kelompok">{tr('web.groups.back')}</Link>
      </p>
      <h1>{tr('web.groups.new.title')}</h1>
      {me.isPending ? (
        <Loading />
      ) : (
        <div className="alert alert-info" role="note">
          <p>
            <strong>{tr('web.groups.readOnlyTitle')}</strong>
          </p>
          <p>{tr('web.groups.readOnly')}</p>
        </div>
      )}
    </section>
  );
}

function GroupCreateForm() {
  const tr = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const me = useMe();
  const coordinator = choosesPendamping(me.data?.role);
  const users = useUsers('pendamping', coordinator);
  const ids = { name: useId(), place: useId(), kelurahan: useId(), ketua: useId(), pendamping: useId(), families: useId() };
  const [name, setName] = useState('');
  const [place, setPlace] = useState('');
  const [chosen, setChosen] = useState<ChosenFamily[]>([]);
  const [ketua, setKetua] = useState('');
  const [kelurahan, setKelurahan] = useState('');
  const [pendamping, setPendamping] = useState('');
  /** A save was tried: from then on the form's own checks follow it as it is (an error goes once fixed). */
  const [tried, setTried] = useState(false);
  const create = useCreateGroup();
  const alertRef = useRef<HTMLDivElement>(null);
  const familiesRef = useRef<HTMLFieldSetElement>(null);
  /** Asked after a save with errors: once React has shown them, the focus goes to the first (else the summary). */
  const [focusAsk, setFocusAsk] = useState(0);

  // The group's kelurahan: one of the chosen families' (the first chosen unless changed).
  const kelurahans = [...new Map(chosen.map((f) => [f.kelurahanCode, f.kelurahanName ?? f.kelurahanCode])).entries()];
  const kelurahanCode = kelurahans.some(([c]) => c === kelurahan) ? kelurahan : (kelurahans[0]?.[0] ?? '');

  const fields = isApiError(create.error) && create.error.status === 422 ? create.error.fields : {};
  /** Server messages about chosen families (`familyIds.2`, `members.2…`), by family id, beside its row. */
  const { byFamily: familyErrors, placed } = familyErrorsOf(fields, [{ prefixes: ['familyIds', 'members'], sent: create.variables?.familyIds ?? [] }]);
  const shown = new Set(['name', 'meetingPlace', 'kelurahanCode', 'ketuaFamilyId', 'familyIds', ...(coordinator ? ['pendamping'] : []), ...placed]);
  const otherErrors = Object.entries(fields).filter(([k]) => !shown.has(k));
  const local = tried ? localErrors() : {};

  /** The form's own checks, made before anything is sent. */
  function localErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = tr('web.groups.nameRequired');
    if (chosen.length === 0) errors.familyIds = tr('web.groups.familiesRequired');
    return errors;
  }

  function choose(f: ChosenFamily) {
    setChosen((l) => (l.some((x) => x.id === f.id) ? l : [...l, f]));
  }
  function remove(id: string) {
    setChosen((l) => l.filter((x) => x.id !== id));
    if (ketua === id) setKetua('');
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a focus is asked for; it reads the errors shown
  useEffect(() => {
    if (!focusAsk) return;
    const first = ['name', 'meetingPlace', 'pendamping', 'familyIds', 'kelurahanCode', 'ketuaFamilyId'].find((k) => err(k) || (k === 'familyIds' && Object.keys(familyErrors).length > 0));
    const target =
      first === 'familyIds'
        ? // The family search: where a family is chosen (or a refused one's row is seen).
          familiesRef.current?.querySelector<HTMLElement>('input[type="search"]')
        : first === 'kelurahanCode'
          ? document.getElementById(ids.kelurahan)
          : first === 'name'
            ? document.getElementById(ids.name)
            : first === 'meetingPlace'
              ? document.getElementById(ids.place)
              : first === 'pendamping'
                ? document.getElementById(ids.pendamping)
                : first === 'ketuaFamilyId'
                  ? document.getElementById(ids.ketua)
                  : null;
    (target ?? alertRef.current)?.focus();
  }, [focusAsk]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (Object.keys(localErrors()).length) {
      create.reset();
      setFocusAsk((n) => n + 1);
      return;
    }
    const input: GroupInput = { name: name.trim(), kelurahanCode, familyIds: chosen.map((f) => f.id) };
    if (place.trim()) input.meetingPlace = place.trim();
    if (ketua) input.ketuaFamilyId = ketua;
    if (coordinator && pendamping) input.pendamping = pendamping;
    create.mutate(input, { onSuccess: (g) => navigate(`/kelompok/${encodeURIComponent(g.id)}`), onError: () => setFocusAsk((n) => n + 1) });
  }

  const err = (k: string) => local[k] ?? fields[k];
  /** A field's error is said by the field (aria-describedby), beside it. */
  const errorId = (k: string) => `${ids.name}-${k}-error`;
  const described = (k: string, ...more: string[]) => [...more, err(k) ? errorId(k) : ''].filter(Boolean).join(' ') || undefined;
  const hasLocal = Object.keys(local).length > 0;
  return (
    <section className="page narrow">
      <p className="back">
        <Link to="/kelompok">{tr('web.groups.back')}</Link>
      </p>
      <h1>{tr('web.groups.new.title')}</h1>
      <form className="form card group-form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={ids.name}>{tr('web.groups.name')}</label>
          <input id={ids.name} name="name" value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} aria-invalid={!!err('name') || undefined} aria-describedby={described('name')} />
          <IdentifierHint text={name} />
          {err('name') && (
            <p id={errorId('name')} className="field-error">
              {err('name')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.place}>{tr('web.groups.place')}</label>
          <input
            id={ids.place}
            name="meetingPlace"
            value={place}
            maxLength={500}
            onChange={(e) => setPlace(e.target.value)}
            aria-invalid={!!fields.meetingPlace || undefined}
            aria-describedby={described('meetingPlace')}
          />
          <IdentifierHint text={place} />
          {fields.meetingPlace && (
            <p id={errorId('meetingPlace')} className="field-error">
              {fields.meetingPlace}
            </p>
          )}
        </div>
        {coordinator && (
          <div className="field">
            <label htmlFor={ids.pendamping}>{tr('web.groups.choosePendamping')}</label>
            <select
              id={ids.pendamping}
              name="pendamping"
              value={pendamping}
              onChange={(e) => setPendamping(e.target.value)}
              aria-invalid={!!fields.pendamping || undefined}
              aria-describedby={described('pendamping')}
            >
              <option value="">{tr('web.groups.noPendamping')}</option>
              {(users.data?.items ?? []).map((u) => (
                <option key={u.username} value={u.username}>
                  {u.displayName} ({u.username})
                </option>
              ))}
            </select>
            {fields.pendamping && (
              <p id={errorId('pendamping')} className="field-error">
                {fields.pendamping}
              </p>
            )}
          </div>
        )}
        <fieldset
          ref={familiesRef}
          className="checks"
          aria-invalid={!!err('familyIds') || Object.keys(familyErrors).length > 0 || undefined}
          aria-describedby={described('familyIds', ids.families)}
        >
          <legend>{tr('web.groups.families')}</legend>
          <p id={ids.families} className="hint" role="status">
            {tr('web.groups.chosen', { n: chosen.length })}
          </p>
          <ChosenList chosen={chosen} errors={familyErrors} onRemove={remove} />
          {err('familyIds') && (
            <p id={errorId('familyIds')} className="field-error">
              {err('familyIds')}
            </p>
          )}
          <FamilyPicker chosen={chosen} onChoose={choose} />
        </fieldset>
        {kelurahans.length > 1 && (
          <div className="field">
            <label htmlFor={ids.kelurahan}>{tr('web.groups.kelurahan')}</label>
            <select
              id={ids.kelurahan}
              name="kelurahanCode"
              value={kelurahanCode}
              onChange={(e) => setKelurahan(e.target.value)}
              aria-invalid={!!fields.kelurahanCode || undefined}
              aria-describedby={described('kelurahanCode')}
            >
              {kelurahans.map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        )}
        {fields.kelurahanCode && (
          <p id={errorId('kelurahanCode')} className="field-error">
            {fields.kelurahanCode}
          </p>
        )}
        <div className="field">
          <label htmlFor={ids.ketua}>{tr('web.groups.chooseKetua')}</label>
          <select
            id={ids.ketua}
            name="ketuaFamilyId"
            value={ketua}
            onChange={(e) => setKetua(e.target.value)}
            aria-invalid={!!fields.ketuaFamilyId || undefined}
            aria-describedby={described('ketuaFamilyId')}
          >
            <option value="">{tr('web.groups.ketuaNone')}</option>
            {chosen.map((f) => (
              <option key={f.id} value={f.id}>
                {f.headName}
              </option>
            ))}
          </select>
          {fields.ketuaFamilyId && (
            <p id={errorId('ketuaFamilyId')} className="field-error">
              {fields.ketuaFamilyId}
            </p>
          )}
        </div>
        {(create.isError || hasLocal) && (
          <div ref={alertRef} tabIndex={-1} className="alert alert-error" role="alert">
            {(hasLocal || otherErrors.length < Object.keys(fields).length || otherErrors.length === 0) && (
              <p>{hasLocal || Object.keys(fields).length ? tr('web.groups.fixErrors') : isApiError(create.error) ? create.error.messageIn(lang) : tr('web.error.unexpected')}</p>
            )}
            {otherErrors.map(([k, v]) => (
              <p key={k}>{v}</p>
            ))}
          </div>
        )}
        <div className="button-row">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? tr('web.groups.saving') : tr('web.groups.save')}
          </button>
          <Link to="/kelompok" className="button button-secondary">
            {tr('web.groups.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
