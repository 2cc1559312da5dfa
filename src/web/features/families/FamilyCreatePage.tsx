import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { schoolAgeWarning } from '../../../domain/school-age';
import { RELATIONS, SCHOOL_LEVELS, SEXES } from '../../../domain/types';
import type { Lang } from '../../../shared/i18n';
import { isApiError } from '../../api/client';
import { errorText, Loading, usePageTitle } from '../../app/ui';
import { useData } from '../../data/context';
import { queryKeys, useMe, useRegions, useUsers } from '../../data/queries';
import { canRecordActivities } from '../../data/roles';
import type { FamilyCreateInput, MemberInput, Relation, SchoolLevel, Sex, UserSummary } from '../../data/types';
import { type TFunction, useLang, useT } from '../../i18n/I18nProvider';
import { todayJakarta } from '../activities/labels';
import { kkProblem, nikProblem } from './identifier-problem';
import { KELURAHAN_DEPTH, regionDepth, regionLevels, regionWithin } from './RegionFilter';
import './families.css';
import './messages';
import './messages-create';
import { CodeOptions } from './CodeOptions';
// The school-age warning's words, shared with the data-update form.
import '../casework/messages-checks';

/** At most this many members (`familyCreate` in src/shared/schemas/common.ts). */
export const MAX_MEMBERS = 30;
const MIN_BIRTH_DATE = '1900-01-01';
const JOINED_YEARS = { min: 2007 } as const;

/** A member as typed: text kept as typed (trimmed only when sent), sex unchosen until chosen. */
interface MemberDraft {
  key: number;
  name: string;
  nik: string;
  relation: Relation;
  sex: Sex | '';
  birthDate: string;
  schoolLevel: SchoolLevel;
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  caretaker: boolean;
}

interface Draft {
  kkNumber: string;
  /** The region chosen so far in the cascade; a kelurahan once one is chosen. */
  region: string;
  address: string;
  rt: string;
  rw: string;
  joinedYear: string;
  decile: string;
  /** The pendamping's username (coordinators and admin choose; empty: none yet). */
  pendamping: string;
}

type FamilyField = 'kkNumber' | 'kelurahanCode' | 'pendamping' | 'address' | 'rt' | 'rw' | 'joinedYear' | 'decile';
type MemberField = 'name' | 'nik' | 'relation' | 'sex' | 'birthDate' | 'schoolLevel' | 'pregnant' | 'postpartum' | 'severeDisability' | 'caretaker';
const FAMILY_FIELDS: FamilyField[] = ['kkNumber', 'kelurahanCode', 'pendamping', 'address', 'rt', 'rw', 'joinedYear', 'decile'];
const MEMBER_FIELDS: MemberField[] = ['name', 'nik', 'relation', 'sex', 'birthDate', 'schoolLevel', 'pregnant', 'postpartum', 'severeDisability', 'caretaker'];
const FLAGS = ['pregnant', 'postpartum', 'severeDisability', 'caretaker'] as const;

/** Messages by field path, as the API keys them (`kkNumber`, `members`, `members.1.nik`). */
type Errors = Record<string, string>;

let nextKey = 1;
function newMember(relation: Relation): MemberDraft {
  return { key: nextKey++, name: '', nik: '', relation, sex: '', birthDate: '', schoolLevel: 'none', pregnant: false, postpartum: false, severeDisability: false, caretaker: false };
}

/** Every field path of the form, in the order the form shows them (the first with an error takes the focus). */
function fieldOrder(count: number): string[] {
  return [...FAMILY_FIELDS, 'members', ...Array.from({ length: count }, (_, i) => MEMBER_FIELDS.map((f) => `members.${i}.${f}`)).flat()];
}

/** The body the API expects: text trimmed, optional fields left out when empty. */
export function buildFamilyInput(draft: Draft, members: MemberDraft[]): FamilyCreateInput {
  const input: FamilyCreateInput = {
    kkNumber: draft.kkNumber.trim(),
    kelurahanCode: draft.region,
    address: draft.address.trim(),
    rt: draft.rt.trim(),
    rw: draft.rw.trim(),
    members: members.map((m) => {
      const member: MemberInput = {
        name: m.name.trim(),
        relation: m.relation,
        sex: m.sex as Sex,
        birthDate: m.birthDate,
        schoolLevel: m.schoolLevel,
        // Only women can be pregnant or postpartum: ticks kept from before a change of sex are not sent.
        pregnant: m.sex === 'P' && m.pregnant,
        postpartum: m.sex === 'P' && m.postpartum,
        severeDisability: m.severeDisability,
        caretaker: m.caretaker,
      };
      if (m.nik.trim()) member.nik = m.nik.trim();
      return member;
    }),
  };
  if (draft.joinedYear.trim()) input.joinedYear = Number(draft.joinedYear.trim());
  if (draft.decile) input.decile = Number(draft.decile);
  if (draft.pendamping) input.pendamping = draft.pendamping;
  return input;
}

/** What can be told before asking the server (it stays the judge): the same keys and, where it has them, the same words. */
function validate(tr: TFunction, lang: Lang, draft: Draft, members: MemberDraft[], today: string): Errors {
  const e: Errors = {};
  const required = tr('validation.required');
  if (!draft.kkNumber.trim()) e.kkNumber = required;
  else {
    const problem = kkProblem(tr, lang, draft.kkNumber, today);
    if (problem) e.kkNumber = problem;
  }
  if (regionDepth(draft.region) !== KELURAHAN_DEPTH) e.kelurahanCode = tr('web.familyCreate.kelurahanRequired');
  if (!draft.address.trim()) e.address = required;
  for (const k of ['rt', 'rw'] as const) {
    if (!draft[k].trim()) e[k] = required;
    else if (!/^\d{1,3}$/.test(draft[k].trim())) e[k] = tr('validation.rt_rw');
  }
  const year = draft.joinedYear.trim();
  if (year) {
    if (!/^\d{4}$/.test(year)) e.joinedYear = tr('validation.year');
    else if (Number(year) > Number(today.slice(0, 4))) e.joinedYear = tr('validation.joined_year_future', { year: today.slice(0, 4) });
    else if (Number(year) < JOINED_YEARS.min) e.joinedYear = tr('validation.joined_year');
  }
  const heads = members.filter((m) => m.relation === 'kepala_keluarga').length;
  if (heads === 0) e.members = tr('error.no_head');
  if (heads > 1) e.members = tr('error.many_heads');
  const niks = new Map<string, number>();
  members.forEach((m, i) => {
    const p = `members.${i}`;
    if (!m.name.trim()) e[`${p}.name`] = required;
    const nik = m.nik.trim();
    if (nik) {
      const problem = nikProblem(tr, lang, nik, today);
      if (problem) e[`${p}.nik`] = problem;
      else if (niks.has(nik)) e[`${p}.nik`] = tr('error.nik_duplicate_in_request');
      niks.set(nik, i);
    }
    if (!m.sex) e[`${p}.sex`] = tr('web.familyCreate.sexRequired');
    if (!m.birthDate) e[`${p}.birthDate`] = required;
    else if (m.birthDate > today) e[`${p}.birthDate`] = tr('error.birth_date_future');
    else if (m.birthDate < MIN_BIRTH_DATE) e[`${p}.birthDate`] = tr('validation.birth_date_too_old');
  });
  return e;
}

/** Errors after member `index` is removed: its own go, those of the members after it move up one. */
function withoutMember(errors: Errors, index: number): Errors {
  const out: Errors = {};
  for (const [k, v] of Object.entries(errors)) {
    const m = /^members\.(\d+)(\..*)?$/.exec(k);
    if (!m) out[k] = v;
    else if (Number(m[1]) < index) out[k] = v;
    else if (Number(m[1]) > index) out[`members.${Number(m[1]) - 1}${m[2] ?? ''}`] = v;
  }
  return out;
}

/**
 * `/keluarga/baru`: register a KPM family with its members (online only). The server checks the No. KK, the
 * NIKs, the kelurahan (within the caller's region) and the one kepala keluarga; its field errors show beside
 * their fields (`members.1.nik` at the second member's NIK), nothing typed is lost, and the new family opens.
 */
export function FamilyCreatePage() {
  const tr = useT();
  usePageTitle(tr('web.familyCreate.title'));
  const me = useMe();
  const role = me.data?.role;
  return (
    <section className="page family-create">
      <p className="back">
        <Link to="/keluarga">{tr('web.family.back')}</Link>
      </p>
      <h1>{tr('web.familyCreate.title')}</h1>
      {me.isPending ? (
        <Loading />
      ) : !canRecordActivities(role) ? (
        <div className="alert alert-info" role="note">
          <p>
            <strong>{tr('web.familyCreate.readOnlyTitle')}</strong>
          </p>
          <p>{tr('web.familyCreate.readOnly')}</p>
        </div>
      ) : (
        <FamilyCreateForm scope={me.data?.regionCode ?? null} assigns={role !== 'pendamping'} />
      )}
    </section>
  );
}

/**
 * The pendamping who can take a family living in `region` (a region chosen so far, or a kelurahan): active,
 * and working in that region (above it, within it, or in it), so the server's "does not cover" check passes
 * once the kelurahan is chosen.
 */
export function pendampingFor(users: UserSummary[], region: string): UserSummary[] {
  return users.filter((u) => u.active && u.regionCode !== null && (region === '' || regionWithin(u.regionCode, region) || regionWithin(region, u.regionCode)));
}

function FamilyCreateForm({ scope, assigns }: { scope: string | null; assigns: boolean }) {
  const tr = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const data = useData();
  const qc = useQueryClient();
  const uid = useId();
  const fid = (path: string) => `${uid}${path}`;
  const today = todayJakarta();
  const scopeIsKelurahan = regionDepth(scope) >= KELURAHAN_DEPTH;
  const [draft, setDraft] = useState<Draft>(() => ({ kkNumber: '', region: scopeIsKelurahan && scope ? scope : '', address: '', rt: '', rw: '', joinedYear: '', decile: '', pendamping: '' }));
  const [members, setMembers] = useState<MemberDraft[]>(() => [newMember('kepala_keluarga')]);
  const [errors, setErrors] = useState<Errors>({});
  const alertRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  /** Where the focus goes once React has rendered what changed: a field by id, "Tambah anggota", or the first error. */
  const [focus, setFocus] = useState<{ id: string } | { add: true } | { errors: Errors } | null>(null);

  const create = useMutation({
    mutationFn: (input: FamilyCreateInput) => data.createFamily(input),
    onSuccess: async (detail) => {
      // The new family's page opens from this answer; lists that hold it are read again when next shown.
      qc.setQueryData(queryKeys.family(detail.id, lang), detail);
      await qc.invalidateQueries({ queryKey: ['families'] });
    },
  });
  const failure = create.isError && !(isApiError(create.error) && Object.keys(create.error.fields).length > 0) ? create.error : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a focus is asked for; focusFirst reads the current form
  useEffect(() => {
    if (!focus) return;
    if ('errors' in focus) focusFirst(focus.errors);
    else ('add' in focus ? addRef.current : document.getElementById(focus.id))?.focus();
    setFocus(null);
  }, [focus]);

  /** Forget the errors of what was just changed (the rest stay until the next submission). */
  function clear(...paths: string[]) {
    setErrors((prev) => {
      if (!paths.some((p) => p in prev)) return prev;
      const next = { ...prev };
      for (const p of paths) delete next[p];
      return next;
    });
  }
  function setField<K extends keyof Draft>(k: K, v: Draft[K], path: string = k) {
    setDraft((d) => ({ ...d, [k]: v }));
    clear(path);
  }
  function setMember<K extends keyof MemberDraft>(i: number, k: K, v: MemberDraft[K]) {
    setMembers((list) => list.map((m, j) => (j === i ? { ...m, [k]: v } : m)));
    const p = `members.${i}`;
    if (k === 'relation') clear(`${p}.relation`, 'members');
    else if (k === 'sex') clear(`${p}.sex`, `${p}.pregnant`, `${p}.postpartum`);
    else clear(`${p}.${String(k)}`);
  }
  function addMember() {
    if (members.length >= MAX_MEMBERS) return;
    setMembers((list) => [...list, newMember(list.length === 0 ? 'kepala_keluarga' : 'anak')]);
    setFocus({ id: fid(`members.${members.length}.name`) });
  }
  function removeMember(i: number) {
    setMembers((list) => list.filter((_, j) => j !== i));
    setErrors((prev) => withoutMember(prev, i));
    // The focus goes to the member that took its place, else to "Tambah anggota".
    setFocus(i < members.length - 1 ? { id: fid(`members.${i}.name`) } : { add: true });
  }

  /** Move the focus to the first field with an error (else to the summary). */
  function focusFirst(errs: Errors) {
    const path = fieldOrder(members.length).find((p) => p in errs);
    let target: HTMLElement | null = null;
    if (path === 'members') {
      // Head of family missing or repeated: the relation to change (the second head's, else the first member's).
      const heads = members.flatMap((m, i) => (m.relation === 'kepala_keluarga' ? [i] : []));
      target = document.getElementById(fid(`members.${heads.length > 1 ? heads[1] : 0}.relation`));
    } else if (path === 'kelurahanCode') {
      target = document.querySelector<HTMLSelectElement>(`[data-region-deepest="${CSS.escape(uid)}"]`);
    } else if (path) {
      target = document.getElementById(fid(path));
    }
    (target ?? alertRef.current)?.focus();
  }

  function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (create.isPending) return;
    const local = validate(tr, lang, draft, members, today);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      create.reset();
      setFocus({ errors: local });
      return;
    }
    create.mutate(buildFamilyInput(draft, members), {
      onSuccess: (detail) => navigate(`/keluarga/${encodeURIComponent(detail.id)}`, { replace: true }),
      onError: (e) => {
        const fields = isApiError(e) ? e.fields : {};
        setErrors(fields);
        // No field to fix (offline, forbidden, a server failure): the focus goes to the summary, which says why.
        setFocus({ errors: fields });
      },
    });
  }

  const placed = new Set(fieldOrder(members.length));
  const unplaced = Object.entries(errors).filter(([k]) => !placed.has(k));
  const errorCount = Object.keys(errors).length;
  const control = (path: string, hint = false) => ({
    id: fid(path),
    'aria-invalid': path in errors || undefined,
    'aria-describedby': [hint ? `${fid(path)}-hint` : '', path in errors ? `${fid(path)}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const busy = create.isPending;

  return (
    <form className="form family-create-form" onSubmit={onSubmit} noValidate>
      <p className="lead">{tr('web.familyCreate.lead')}</p>
      <fieldset className="card family-create-group">
        <legend>{tr('web.familyCreate.family')}</legend>
        <Field id={fid('kkNumber')} label={tr('web.familyCreate.kk')} hint={tr('web.familyCreate.kkHint')} error={errors.kkNumber}>
          <input {...control('kkNumber', true)} name="kkNumber" inputMode="numeric" autoComplete="off" maxLength={20} value={draft.kkNumber} onChange={(e) => setField('kkNumber', e.target.value)} />
        </Field>
        <KelurahanPicker
          scope={scope}
          value={draft.region}
          onChange={(code) => setField('region', code, 'kelurahanCode')}
          kelurahanId={fid('kelurahanCode')}
          deepestMark={uid}
          error={errors.kelurahanCode}
        />
        {assigns && (
          <PendampingPicker
            region={draft.region}
            value={draft.pendamping}
            onChange={(username) => setField('pendamping', username)}
            control={control('pendamping', true)}
            error={errors.pendamping}
          />
        )}
        <Field id={fid('address')} label={tr('web.familyCreate.address')} error={errors.address}>
          <input {...control('address')} name="address" autoComplete="off" maxLength={300} value={draft.address} onChange={(e) => setField('address', e.target.value)} />
        </Field>
        <div className="family-create-pair family-create-pair-short">
          <Field id={fid('rt')} label={tr('web.familyCreate.rt')} error={errors.rt}>
            <input {...control('rt')} name="rt" inputMode="numeric" autoComplete="off" maxLength={3} value={draft.rt} onChange={(e) => setField('rt', e.target.value)} />
          </Field>
          <Field id={fid('rw')} label={tr('web.familyCreate.rw')} error={errors.rw}>
            <input {...control('rw')} name="rw" inputMode="numeric" autoComplete="off" maxLength={3} value={draft.rw} onChange={(e) => setField('rw', e.target.value)} />
          </Field>
        </div>
        <div className="family-create-pair">
          <Field id={fid('joinedYear')} label={tr('web.familyCreate.joinedYear')} hint={tr('web.familyCreate.joinedYearHint')} error={errors.joinedYear}>
            <input {...control('joinedYear', true)} name="joinedYear" inputMode="numeric" autoComplete="off" maxLength={4} placeholder={today.slice(0, 4)} value={draft.joinedYear} onChange={(e) => setField('joinedYear', e.target.value)} />
          </Field>
          <Field id={fid('decile')} label={tr('web.familyCreate.decile')} hint={tr('web.familyCreate.decileHint')} error={errors.decile}>
            <select {...control('decile', true)} name="decile" value={draft.decile} onChange={(e) => setField('decile', e.target.value)}>
              <option value="">{tr('web.familyCreate.decileNone')}</option>
              {Array.from({ length: 10 }, (_, i) => String(i + 1)).map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </fieldset>

      <fieldset className="family-create-members" aria-describedby={`${fid('members')}-hint${'members' in errors ? ` ${fid('members')}-error` : ''}`}>
        <legend>{tr('web.familyCreate.members', { n: members.length })}</legend>
        <p id={`${fid('members')}-hint`} className="hint">
          {tr('web.familyCreate.membersHint', { max: MAX_MEMBERS })}
        </p>
        {errors.members && (
          <p id={`${fid('members')}-error`} className="field-error">
            {errors.members}
          </p>
        )}
        <ol className="family-create-member-list">
          {members.map((m, i) => (
            <li key={m.key}>
              <MemberFields
                index={i}
                member={m}
                errors={errors}
                today={today}
                control={control}
                fid={fid}
                onChange={(k, v) => setMember(i, k, v)}
                onRemove={members.length > 1 ? () => removeMember(i) : undefined}
                busy={busy}
              />
            </li>
          ))}
        </ol>
        <button ref={addRef} type="button" className="button button-secondary" onClick={addMember} disabled={busy || members.length >= MAX_MEMBERS}>
          {tr('web.familyCreate.addMember')}
        </button>
      </fieldset>

      {(errorCount > 0 || failure) && (
        <div ref={alertRef} tabIndex={-1} className="alert alert-error" role="alert">
          {errorCount > 0 && <p>{tr('web.familyCreate.fixErrors', { n: errorCount })}</p>}
          {unplaced.map(([k, v]) => (
            <p key={k}>{k === '_' ? v : tr('web.familyCreate.otherField', { field: k, message: v })}</p>
          ))}
          {failure !== null && errorCount === 0 && (
            <p>{isApiError(failure) && failure.status === 0 ? tr('web.familyCreate.offline') : errorText(tr, lang, failure)}</p>
          )}
        </div>
      )}
      <div className="button-row">
        {/* Not disabled while it saves (the focus would fall to the page): onSubmit ignores a press meanwhile. */}
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? tr('web.familyCreate.saving') : tr('web.familyCreate.submit')}
        </button>
        <Link to="/keluarga" className="button button-secondary">
          {tr('web.familyCreate.cancel')}
        </Link>
      </div>
    </form>
  );
}

/** A label, its control (whose id is `id`), a hint and the error, each tied to the control by id. */
function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string | null; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

type Control = (path: string, hint?: boolean) => { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

/**
 * A member's age that does not fit the school level chosen (src/domain/school-age.ts), in words under the
 * field: a warning to check, never an error (enrolment decides the component; the family can be saved).
 */
function schoolAgeHint(tr: TFunction, m: { birthDate: string; schoolLevel: string }, today: string): string | undefined {
  const w = schoolAgeWarning(m, today);
  if (!w) return undefined;
  const level = String(w.params?.schoolLevel ?? '');
  return tr('web.schoolAge.warning', { age: Number(w.params?.age), level: tr(`web.school.${level}`), min: Number(w.params?.typicalMin), max: Number(w.params?.typicalMax) });
}

function MemberFields(props: {
  index: number;
  member: MemberDraft;
  errors: Errors;
  today: string;
  control: Control;
  fid: (path: string) => string;
  onChange: <K extends keyof MemberDraft>(k: K, v: MemberDraft[K]) => void;
  onRemove?: () => void;
  busy: boolean;
}) {
  const tr = useT();
  const { index: i, member: m, errors, control, fid, onChange } = props;
  const p = `members.${i}`;
  const n = i + 1;
  const flags = FLAGS.filter((f) => m.sex !== 'L' || (f !== 'pregnant' && f !== 'postpartum'));
  const flagErrors = FLAGS.flatMap((f) => (errors[`${p}.${f}`] ? [[f, errors[`${p}.${f}`]!] as const] : []));
  return (
    <fieldset className="card family-create-member">
      <legend>{m.name.trim() ? tr('web.familyCreate.memberNamed', { n, name: m.name.trim() }) : tr('web.familyCreate.member', { n })}</legend>
      <Field id={fid(`${p}.name`)} label={tr('web.familyCreate.name')} error={errors[`${p}.name`]}>
        <input {...control(`${p}.name`)} name={`${p}.name`} autoComplete="off" maxLength={200} value={m.name} onChange={(e) => onChange('name', e.target.value)} />
      </Field>
      <Field id={fid(`${p}.nik`)} label={tr('web.familyCreate.nik')} error={errors[`${p}.nik`]}>
        <input {...control(`${p}.nik`)} name={`${p}.nik`} inputMode="numeric" autoComplete="off" maxLength={20} value={m.nik} onChange={(e) => onChange('nik', e.target.value)} />
      </Field>
      <div className="family-create-pair">
        <Field id={fid(`${p}.relation`)} label={tr('web.familyCreate.relation')} error={errors[`${p}.relation`]}>
          <select {...control(`${p}.relation`)} name={`${p}.relation`} value={m.relation} onChange={(e) => onChange('relation', e.target.value as Relation)}>
            <CodeOptions codes={RELATIONS} prefix="web.relation" />
          </select>
        </Field>
        <Field id={fid(`${p}.sex`)} label={tr('web.familyCreate.sex')} error={errors[`${p}.sex`]}>
          <select {...control(`${p}.sex`)} name={`${p}.sex`} value={m.sex} onChange={(e) => onChange('sex', e.target.value as Sex | '')}>
            <option value="">{tr('web.familyCreate.chooseSex')}</option>
            <CodeOptions codes={SEXES} prefix="web.sex" />
          </select>
        </Field>
      </div>
      <div className="family-create-pair">
        <Field id={fid(`${p}.birthDate`)} label={tr('web.familyCreate.birthDate')} error={errors[`${p}.birthDate`]}>
          <input {...control(`${p}.birthDate`)} name={`${p}.birthDate`} type="date" min={MIN_BIRTH_DATE} max={props.today} value={m.birthDate} onChange={(e) => onChange('birthDate', e.target.value)} />
        </Field>
        <Field id={fid(`${p}.schoolLevel`)} label={tr('web.familyCreate.school')} hint={schoolAgeHint(tr, m, props.today)} error={errors[`${p}.schoolLevel`]}>
          <select {...control(`${p}.schoolLevel`, !!schoolAgeHint(tr, m, props.today))} name={`${p}.schoolLevel`} value={m.schoolLevel} onChange={(e) => onChange('schoolLevel', e.target.value as SchoolLevel)}>
            <CodeOptions codes={SCHOOL_LEVELS} prefix="web.school" />
          </select>
        </Field>
      </div>
      <fieldset className="checks">
        <legend>{tr('web.familyCreate.flags')}</legend>
        {flags.map((f) => (
          <label key={f} className="check">
            <input
              type="checkbox"
              id={fid(`${p}.${f}`)}
              name={`${p}.${f}`}
              checked={m[f]}
              aria-invalid={`${p}.${f}` in errors || undefined}
              aria-describedby={`${p}.${f}` in errors ? `${fid(`${p}.${f}`)}-error` : undefined}
              onChange={(e) => onChange(f, e.target.checked)}
            />
            <span>{tr(`web.familyCreate.${f}`)}</span>
          </label>
        ))}
        {flagErrors.map(([f, message]) => (
          <p key={f} id={`${fid(`${p}.${f}`)}-error`} className="field-error">
            {message}
          </p>
        ))}
      </fieldset>
      {props.onRemove && (
        <p className="family-create-member-actions">
          <button type="button" className="button button-ghost" aria-label={tr('web.familyCreate.removeMemberLabel', { n })} onClick={props.onRemove} disabled={props.busy}>
            {tr('web.familyCreate.removeMember')}
          </button>
        </p>
      )}
    </fieldset>
  );
}

/**
 * Who will accompany the family (coordinators and admin; a pendamping's own registrations are theirs): the
 * active pendamping working where the family lives. A choice that no longer fits a newly chosen kelurahan is
 * dropped. Left empty, the family waits for the caseload screen to assign it.
 */
function PendampingPicker(props: { region: string; value: string; onChange: (username: string) => void; control: ReturnType<Control>; error?: string }) {
  const tr = useT();
  const users = useUsers('pendamping', true);
  const options = pendampingFor(users.data?.items ?? [], props.region);
  const { value, onChange } = props;
  const fits = value === '' || options.some((u) => u.username === value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the list of who fits changes
  useEffect(() => {
    if (users.data && !fits) onChange('');
  }, [users.data, fits]);
  return (
    <Field id={props.control.id} label={tr('web.familyCreate.pendamping')} hint={tr(users.isError ? 'web.familyCreate.pendampingUnavailable' : 'web.familyCreate.pendampingHint')} error={props.error}>
      <select {...props.control} name="pendamping" value={fits ? value : ''} onChange={(e) => onChange(e.target.value)} disabled={users.isPending}>
        <option value="">{tr(users.isPending ? 'web.familyCreate.pendampingLoading' : 'web.familyCreate.pendampingNone')}</option>
        {options.map((u) => (
          <option key={u.username} value={u.username}>
            {u.displayName} ({u.username})
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * The kelurahan the family lives in, within the caller's region: a pendamping scoped to a kecamatan picks
 * from its kelurahan; a koordinator kota first picks a kecamatan; a user scoped to one kelurahan has it set.
 * The deepest select shown carries `data-region-deepest` (the focus target of a kelurahan error).
 */
function KelurahanPicker(props: { scope: string | null; value: string; onChange: (code: string) => void; kelurahanId: string; deepestMark: string; error?: string }) {
  const { scope, value } = props;
  const rootDepth = Math.min(regionDepth(scope), KELURAHAN_DEPTH);
  // A user scoped to one kelurahan has it set; otherwise the same cascade as the list's region filter.
  const levels = rootDepth === KELURAHAN_DEPTH && scope ? [{ depth: KELURAHAN_DEPTH, parent: null, selected: scope }] : regionLevels(scope, value);
  return (
    <>
      {levels.map((l, i) => (
        <RegionLevel
          key={l.depth}
          depth={l.depth}
          parent={l.parent}
          selected={l.selected}
          fixed={rootDepth === KELURAHAN_DEPTH}
          id={l.depth === KELURAHAN_DEPTH ? props.kelurahanId : `${props.kelurahanId}-level${l.depth}`}
          deepestMark={i === levels.length - 1 ? props.deepestMark : undefined}
          error={i === levels.length - 1 ? props.error : undefined}
          onChange={(code) => {
            if (code) props.onChange(code);
            else props.onChange(l.depth - 1 > rootDepth && l.parent ? l.parent : '');
          }}
        />
      ))}
    </>
  );
}

function RegionLevel(props: { depth: number; parent: string | null; selected: string; fixed: boolean; id: string; deepestMark?: string; error?: string; onChange: (code: string) => void }) {
  const tr = useT();
  const regions = useRegions(props.parent, !props.fixed);
  const items = props.fixed ? [] : (regions.data ?? []);
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  const loading = !props.fixed && regions.isPending;
  const failed = !props.fixed && regions.isError;
  const label = props.depth === KELURAHAN_DEPTH ? tr('web.familyCreate.kelurahan') : tr(`web.region.level.${props.depth}`);
  return (
    <div className="field">
      <label htmlFor={props.id}>{label}</label>
      <select
        id={props.id}
        name={props.depth === KELURAHAN_DEPTH ? 'kelurahanCode' : `region${props.depth}`}
        value={props.selected}
        disabled={loading}
        data-region-deepest={props.deepestMark}
        aria-invalid={!!props.error || undefined}
        aria-describedby={[loading || failed ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {!props.fixed && <option value="">{tr(`web.familyCreate.chooseLevel.${props.depth}`)}</option>}
        {props.selected && !items.some((r) => r.code === props.selected) && <option value={props.selected}>{props.selected}</option>}
        {items.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name}
          </option>
        ))}
      </select>
      {loading && (
        <p id={hintId} className="hint">
          {tr('web.familyCreate.regionsLoading')}
        </p>
      )}
      {failed && (
        <p id={hintId} className="hint hint-warn">
          {tr('web.familyCreate.regionsError')}{' '}
          <button type="button" className="button button-ghost" onClick={() => regions.refetch()}>
            {tr('web.common.retry')}
          </button>
        </p>
      )}
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
