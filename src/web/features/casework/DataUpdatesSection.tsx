import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading } from '../../app/ui';
import { DATA_UPDATE_KINDS, type DataUpdateInput, type DataUpdateKind, type FamilyChange } from '../../data/casework';
import { DATA_UPDATE_PAGE, useFamilyDataUpdates, useProposeDataUpdate } from '../../data/casework-queries';
import { useFamily, useMe } from '../../data/queries';
import { canRecordActivities } from '../../data/roles';
import type { FamilyDetail, FamilyMember, Relation, SchoolLevel, Sex } from '../../data/types';
import { useLang, useT } from '../../i18n/I18nProvider';
import { RELATIONS, SCHOOL_LEVELS, SEXES } from '../../../domain/types';
import { todayJakarta } from '../activities/labels';
import { labelOr } from '../families/labels';
import { DataUpdateItem } from './DataUpdateItem';
import { canDecideDataUpdates } from './labels';
import './messages';
import { Field, Pager } from './parts';
import { CodeOptions } from '../families/CodeOptions';
import { nikProblem } from '../families/identifier-problem';
import { proposalBasis } from './proposal-basis';

/** The family page's "Pemutakhiran data": the proposals with their history, and the form to propose one. */
export function DataUpdatesSection({ familyId }: { familyId: string }) {
  const tr = useT();
  const headingId = useId();
  const me = useMe();
  const family = useFamily(familyId);
  const role = me.data?.role;
  const canDecide = canDecideDataUpdates(role);
  const [offset, setOffset] = useState(0);
  const list = useFamilyDataUpdates(familyId, offset);
  useEffect(() => {
    if (list.data && offset > 0 && offset >= list.data.total) setOffset(0);
  }, [list.data, offset]);
  const members = family.data?.members ?? [];
  return (
    <section className="section data-updates" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{tr('web.dataUpdate.title')}</h2>
        {canDecide && <Link to="/pemutakhiran">{tr('web.dataUpdate.seeAll')}</Link>}
      </div>
      <p className="hint">{tr('web.dataUpdate.hint')}</p>
      {canRecordActivities(role) && family.data && <DataUpdateForm family={family.data} />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
      ) : list.data.total === 0 ? (
        <p className="muted">{tr('web.dataUpdate.empty')}</p>
      ) : (
        <>
          <ol className="casework-list" aria-busy={list.isFetching}>
            {list.data.items.map((p) => (
              <DataUpdateItem key={p.id} proposal={p} members={members} canDecide={canDecide} username={me.data?.username} />
            ))}
          </ol>
          <Pager offset={offset} size={DATA_UPDATE_PAGE} total={list.data.total} shown={list.data.offset} onChange={setOffset} />
        </>
      )}
    </section>
  );
}

type Name = 'kind' | 'member' | 'name' | 'nik' | 'relation' | 'sex' | 'birthDate' | 'schoolLevel' | 'date' | 'address' | 'rt' | 'rw' | 'reason' | 'evidence';

/** The fields each kind asks for (besides kind, reason and evidence). */
const FIELDS: Record<DataUpdateKind, Name[]> = {
  kelahiran: ['name', 'nik', 'relation', 'sex', 'birthDate'],
  kematian: ['member', 'date'],
  pindah_masuk: ['name', 'nik', 'relation', 'sex', 'birthDate', 'schoolLevel', 'date'],
  pindah_keluar: ['member', 'date'],
  sekolah: ['member', 'schoolLevel', 'date'],
  pengurus: ['member', 'date'],
  alamat: ['address', 'rt', 'rw'],
  lainnya: ['member', 'date'],
};

/** RT and RW: 1-3 digits (the server's rule, src/shared/schemas/common.ts). */
const RT_RW = /^\d{1,3}$/;

/** Where the API reports a field of the form (`fields` paths of a 400/422). */
function pathOf(kind: DataUpdateKind, name: Name): string {
  const add = 'change.members.add.0';
  const end = 'change.members.end.0';
  const upd = 'change.members.update.0';
  const adds = kind === 'kelahiran' || kind === 'pindah_masuk';
  const ends = kind === 'kematian' || kind === 'pindah_keluar';
  switch (name) {
    case 'kind':
    case 'reason':
    case 'evidence':
      return name;
    case 'address':
    case 'rt':
    case 'rw':
      return `change.${name}`;
    case 'member':
      return ends ? `${end}.id` : `${upd}.id`;
    case 'date':
      return adds ? `${add}.startDate` : ends ? `${end}.endDate` : `${upd}.effectiveDate`;
    case 'schoolLevel':
      return adds ? `${add}.schoolLevel` : `${upd}.schoolLevel`;
    default:
      return kind === 'kelahiran' && name === 'birthDate' ? `${add}.birthDate` : `${add}.${name}`;
  }
}

interface FormState {
  kind: DataUpdateKind;
  member: string;
  name: string;
  nik: string;
  relation: Relation;
  sex: Sex;
  birthDate: string;
  schoolLevel: SchoolLevel;
  date: string;
  address: string;
  rt: string;
  rw: string;
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  reason: string;
  evidence: string;
}

function initial(family: FamilyDetail, today: string): FormState {
  return {
    kind: 'kelahiran',
    member: '',
    name: '',
    nik: '',
    relation: 'anak',
    sex: 'P',
    birthDate: '',
    schoolLevel: 'none',
    date: today,
    address: family.address ?? '',
    rt: family.rt ?? '',
    rw: family.rw ?? '',
    pregnant: false,
    postpartum: false,
    severeDisability: false,
    reason: '',
    evidence: '',
  };
}

function buildChange(s: FormState, members: FamilyMember[]): FamilyChange {
  const newMember = (startDate: string) => ({
    name: s.name.trim(),
    ...(s.nik.trim() ? { nik: s.nik.trim() } : {}),
    relation: s.relation,
    sex: s.sex,
    birthDate: s.birthDate,
    schoolLevel: s.kind === 'kelahiran' ? ('none' as const) : s.schoolLevel,
    pregnant: false,
    postpartum: false,
    severeDisability: false,
    caretaker: false,
    startDate,
  });
  switch (s.kind) {
    case 'kelahiran':
      return { members: { add: [newMember(s.birthDate)] } };
    case 'pindah_masuk':
      return { members: { add: [newMember(s.date)] } };
    case 'kematian':
      return { members: { end: [{ id: s.member, endDate: s.date, reason: 'meninggal' }] } };
    case 'pindah_keluar':
      return { members: { end: [{ id: s.member, endDate: s.date, reason: 'pindah' }] } };
    case 'sekolah':
      return { members: { update: [{ id: s.member, schoolLevel: s.schoolLevel, effectiveDate: s.date }] } };
    case 'pengurus': {
      // The new caretaker takes over: whoever was caretaker is no longer.
      const previous = members.filter((m) => m.caretaker && m.id !== s.member).map((m) => ({ id: m.id, caretaker: false, effectiveDate: s.date }));
      return { members: { update: [{ id: s.member, caretaker: true, effectiveDate: s.date }, ...previous] } };
    }
    case 'alamat':
      return { address: s.address.trim(), rt: s.rt.trim(), rw: s.rw.trim() };
    case 'lainnya':
      return { members: { update: [{ id: s.member, pregnant: s.pregnant, postpartum: s.postpartum, severeDisability: s.severeDisability, effectiveDate: s.date }] } };
  }
}

function DataUpdateForm({ family }: { family: FamilyDetail }) {
  const tr = useT();
  const [lang] = useLang();
  const today = todayJakarta();
  const headingId = useId();
  const uid = useId();
  const id = (n: string) => `${uid}-${n}`;
  const [s, setS] = useState<FormState>(() => initial(family, today));
  const [local, setLocal] = useState<Partial<Record<Name, string>>>({});
  const [sent, setSent] = useState<'sent' | 'kept' | null>(null);
  const [open, setOpen] = useState(false);
  const propose = useProposeDataUpdate(family.id);
  const members = family.members;
  const shown = FIELDS[s.kind];
  const server = isApiError(propose.error) && (propose.error.status === 422 || propose.error.status === 400) ? propose.error.fields : {};
  const submittedKind = propose.variables?.kind ?? s.kind;
  const errorOf = (n: Name) => local[n] ?? server[pathOf(submittedKind, n)] ?? null;
  const placed = new Set<string>([...shown, 'kind', 'reason', 'evidence'].map((n) => pathOf(submittedKind, n as Name)));
  const otherErrors = Object.entries(server).filter(([k]) => !placed.has(k));

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setS((prev) => ({ ...prev, [k]: v }));

  function validate(): Partial<Record<Name, string>> {
    const e: Partial<Record<Name, string>> = {};
    const required = tr('web.dataUpdate.required');
    const future = tr('web.dataUpdate.futureDate');
    if (!s.reason.trim()) e.reason = required;
    for (const n of shown) {
      if (n === 'member' && !s.member) e.member = required;
      if (n === 'name' && !s.name.trim()) e.name = required;
      // The NIK's shape, dates and serial are checked here too (the server checks it again when proposed).
      if (n === 'nik' && s.nik.trim()) {
        const problem = nikProblem(tr, lang, s.nik.trim(), today);
        if (problem) e.nik = problem;
      }
      if (n === 'address' && !s.address.trim()) e.address = required;
      // RT and RW as the server takes them (1-3 digits), said beside each field rather than refused after sending.
      if ((n === 'rt' || n === 'rw') && !RT_RW.test(s[n].trim())) e[n] = s[n].trim() ? tr('web.dataUpdate.rtRwDigits') : required;
      if ((n === 'birthDate' || n === 'date') && !s[n]) e[n] = required;
      else if ((n === 'birthDate' || n === 'date') && s[n] > today) e[n] = future;
    }
    return e;
  }

  function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    setSent(null);
    const e = validate();
    setLocal(e);
    if (Object.keys(e).length > 0) return;
    const change = buildChange(s, members);
    const input: DataUpdateInput = { kind: s.kind, reason: s.reason.trim(), change, basis: proposalBasis(change, family) };
    if (s.evidence.trim()) input.evidence = s.evidence.trim();
    propose.mutate(input, {
      onSuccess: (proposal) => {
        setS(initial(family, today));
        setSent(proposal.pending ? 'kept' : 'sent');
      },
    });
  }

  const memberLabel = s.kind === 'pengurus' ? tr('web.dataUpdate.newCaretaker') : tr('web.dataUpdate.member');
  const dateLabel =
    s.kind === 'kematian' ? tr('web.dataUpdate.deathDate') : s.kind === 'pindah_keluar' ? tr('web.dataUpdate.moveOutDate') : s.kind === 'pindah_masuk' ? tr('web.dataUpdate.moveInDate') : tr('web.dataUpdate.effectiveDate');
  const invalid = (n: Name) => !!errorOf(n) || undefined;
  const selectable = s.kind === 'pengurus' ? members.filter((m) => !m.caretaker) : members;

  if (!open) {
    return (
      <p>
        <button type="button" className="button" aria-expanded="false" onClick={() => setOpen(true)}>
          {tr('web.dataUpdate.propose')}
        </button>
      </p>
    );
  }
  return (
    <div className="card casework-form data-update-form">
      <h3 id={headingId}>{tr('web.dataUpdate.propose')}</h3>
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
        <Field id={id('kind')} label={tr('web.dataUpdate.kind')} error={errorOf('kind')}>
          <select
            id={id('kind')}
            name="kind"
            value={s.kind}
            onChange={(e) => {
              set('kind', e.target.value as DataUpdateKind);
              setLocal({});
              setSent(null);
              propose.reset();
            }}
          >
            {DATA_UPDATE_KINDS.map((k) => (
              <option key={k} value={k}>
                {tr(`web.dataUpdate.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {shown.includes('member') && (
          <Field id={id('member')} label={memberLabel} error={errorOf('member') ?? (selectable.length === 0 ? tr('web.dataUpdate.noMembers') : null)}>
            <select id={id('member')} name="member" value={s.member} onChange={(e) => set('member', e.target.value)} aria-invalid={invalid('member')}>
              <option value="">{tr('web.dataUpdate.chooseMember')}</option>
              {selectable.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({labelOr(tr, `web.relation.${m.relation}`, m.relation)})
                </option>
              ))}
            </select>
          </Field>
        )}
        {shown.includes('name') && (
          <Field id={id('name')} label={tr('web.dataUpdate.name')} error={errorOf('name')}>
            <input id={id('name')} name="name" value={s.name} maxLength={200} autoComplete="off" onChange={(e) => set('name', e.target.value)} aria-invalid={invalid('name')} />
          </Field>
        )}
        {shown.includes('nik') && (
          <Field id={id('nik')} label={tr('web.dataUpdate.nik')} error={errorOf('nik')}>
            <input id={id('nik')} name="nik" value={s.nik} inputMode="numeric" maxLength={16} autoComplete="off" onChange={(e) => set('nik', e.target.value)} aria-invalid={invalid('nik')} />
          </Field>
        )}
        {(shown.includes('relation') || shown.includes('sex')) && (
          <div className="field-pair">
            <Field id={id('relation')} label={tr('web.dataUpdate.relation')} error={errorOf('relation')}>
              <select id={id('relation')} name="relation" value={s.relation} onChange={(e) => set('relation', e.target.value as Relation)} aria-invalid={invalid('relation')}>
                <CodeOptions codes={RELATIONS} prefix="web.relation" />
              </select>
            </Field>
            <Field id={id('sex')} label={tr('web.dataUpdate.sex')} error={errorOf('sex')}>
              <select id={id('sex')} name="sex" value={s.sex} onChange={(e) => set('sex', e.target.value as Sex)} aria-invalid={invalid('sex')}>
                <CodeOptions codes={SEXES} prefix="web.sex" />
              </select>
            </Field>
          </div>
        )}
        {shown.includes('birthDate') && (
          <Field id={id('birthDate')} label={tr('web.dataUpdate.birthDate')} error={errorOf('birthDate')}>
            <input id={id('birthDate')} name="birthDate" type="date" max={today} value={s.birthDate} onChange={(e) => set('birthDate', e.target.value)} aria-invalid={invalid('birthDate')} />
          </Field>
        )}
        {shown.includes('schoolLevel') && (
          <Field id={id('schoolLevel')} label={s.kind === 'sekolah' ? tr('web.dataUpdate.newSchool') : tr('web.dataUpdate.school')} error={errorOf('schoolLevel')}>
            <select id={id('schoolLevel')} name="schoolLevel" value={s.schoolLevel} onChange={(e) => set('schoolLevel', e.target.value as SchoolLevel)} aria-invalid={invalid('schoolLevel')}>
              <CodeOptions codes={SCHOOL_LEVELS} prefix="web.school" />
            </select>
          </Field>
        )}
        {s.kind === 'lainnya' && (
          <fieldset className="checks">
            <legend>{tr('web.member.flags')}</legend>
            {(['pregnant', 'postpartum', 'severeDisability'] as const).map((f) => (
              <label key={f} className="check">
                <input type="checkbox" name={f} checked={s[f]} onChange={(e) => set(f, e.target.checked)} />
                <span>{tr(`web.dataUpdate.${f}`)}</span>
              </label>
            ))}
          </fieldset>
        )}
        {shown.includes('address') && (
          <>
            <Field id={id('address')} label={tr('web.dataUpdate.address')} error={errorOf('address')}>
              <input id={id('address')} name="address" value={s.address} maxLength={300} onChange={(e) => set('address', e.target.value)} aria-invalid={invalid('address')} />
            </Field>
            <div className="field-pair">
              <Field id={id('rt')} label={tr('web.dataUpdate.rt')} error={errorOf('rt')}>
                <input id={id('rt')} name="rt" value={s.rt} inputMode="numeric" maxLength={3} onChange={(e) => set('rt', e.target.value)} aria-invalid={invalid('rt')} />
              </Field>
              <Field id={id('rw')} label={tr('web.dataUpdate.rw')} error={errorOf('rw')}>
                <input id={id('rw')} name="rw" value={s.rw} inputMode="numeric" maxLength={3} onChange={(e) => set('rw', e.target.value)} aria-invalid={invalid('rw')} />
              </Field>
            </div>
          </>
        )}
        {shown.includes('date') && (
          <Field id={id('date')} label={dateLabel} error={errorOf('date')}>
            <input id={id('date')} name="date" type="date" max={today} value={s.date} onChange={(e) => set('date', e.target.value)} aria-invalid={invalid('date')} />
          </Field>
        )}
        <Field id={id('reason')} label={tr('web.dataUpdate.reason')} error={errorOf('reason')}>
          <textarea id={id('reason')} name="reason" rows={2} maxLength={1000} value={s.reason} onChange={(e) => set('reason', e.target.value)} aria-invalid={invalid('reason')} />
        </Field>
        <Field id={id('evidence')} label={tr('web.dataUpdate.evidence')} hint={tr('web.dataUpdate.evidenceHint')} error={errorOf('evidence')}>
          <input id={id('evidence')} name="evidence" value={s.evidence} maxLength={1000} onChange={(e) => set('evidence', e.target.value)} aria-invalid={invalid('evidence')} />
        </Field>
        {(propose.isError || Object.keys(local).length > 0) && (
          <div role="alert" className="alert alert-error">
            <p>{Object.keys(local).length > 0 || (Object.keys(server).length > 0 && otherErrors.length === 0) ? tr('web.dataUpdate.fixErrors') : errorText(tr, lang, propose.error)}</p>
            {propose.isError &&
              otherErrors.map(([k, v]) => (
                <p key={k}>{v}</p>
              ))}
          </div>
        )}
        {sent && !propose.isPending && (
          <p className="alert alert-ok" role="status">
            {tr(sent === 'kept' ? 'web.dataUpdate.kept' : 'web.dataUpdate.sent')}
          </p>
        )}
        <button type="submit" className="button" disabled={propose.isPending}>
          {propose.isPending ? tr('web.dataUpdate.sending') : tr('web.dataUpdate.submit')}
        </button>{' '}
        <button type="button" className="button button-secondary" aria-expanded="true" onClick={() => setOpen(false)}>
          {tr('web.casework.cancel')}
        </button>
      </form>
    </div>
  );
}
