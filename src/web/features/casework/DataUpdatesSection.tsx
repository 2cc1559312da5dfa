import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Fragment, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { isApiError, isRetryable } from '../../api/client';
import { ErrorMessage, errorText, Loading } from '../../app/ui';
import { DATA_UPDATE_KINDS, type DataUpdate, type DataUpdateInput, type DataUpdateKind, type FamilyChange } from '../../data/casework';
import { DATA_UPDATE_PAGE, useFamilyDataUpdates, useProposeDataUpdate } from '../../data/casework-queries';
import { useFamily, useMe } from '../../data/queries';
import { canRecordActivities } from '../../data/roles';
import type { FamilyDetail, FamilyMember, Relation, SchoolLevel, Sex } from '../../data/types';
import { type TFunction, useFormat, useLang, useT } from '../../i18n/I18nProvider';
import { useSyncEngine, useSyncState } from '../../sync/context';
import { changesNothing, familyBasisOf, memberBasisOf } from '../../../domain/data-update-basis';
import { type ChangeSchoolAgeWarning, changeSchoolAgeWarnings } from '../../../domain/school-age';
import { RELATIONS, SCHOOL_LEVELS, SEXES } from '../../../domain/types';
import { todayJakarta } from '../activities/labels';
import { labelOr } from '../families/labels';
import { DataUpdateItem } from './DataUpdateItem';
import { canDecideDataUpdates, effectiveDateOf, summarise } from './labels';
import './messages';
import './messages-checks';
import { Field, FieldError, Pager } from './parts';
import { CodeOptions } from '../families/CodeOptions';
import { nikProblem } from '../families/identifier-problem';
import { proposalBasis } from './proposal-basis';
import { IdentifierHint } from '../free-text/IdentifierHint';

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
  // What waits on this phone (made offline), not on the server yet: listed first, as visits made offline are.
  const onServer = new Set(list.data?.items.map((p) => p.id) ?? []);
  const phone = usePhoneProposals(familyId, me.data?.username).filter((p) => !onServer.has(p.id));
  const [phoneSaid, setPhoneSaid] = useState<string | null>(null);
  const nameOf = (p: DataUpdate) => memberNamer(tr, p, members);
  return (
    <section className="section data-updates" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{tr('web.dataUpdate.title')}</h2>
        {canDecide && (
          <Link to="/pemutakhiran" className="section-head-link">
            {tr('web.dataUpdate.seeAll')}
          </Link>
        )}
      </div>
      <p className="hint">{tr('web.dataUpdate.hint')}</p>
      {canRecordActivities(role) && family.data && <DataUpdateForm family={family.data} />}
      {phoneSaid && (
        <p className="alert alert-ok" role="status">
          {phoneSaid}
        </p>
      )}
      {phone.length > 0 && (
        <ol className="casework-list phone-proposals">
          {phone.map((p) => (
            <PhoneProposal key={p.id} proposal={p} members={members} onWithdrawn={setPhoneSaid} />
          ))}
        </ol>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={isRetryable(list.error) ? () => list.refetch() : undefined} />
      ) : list.data.total === 0 ? (
        phone.length === 0 && <p className="muted">{tr('web.dataUpdate.empty')}</p>
      ) : (
        <>
          <ol className="casework-list" aria-busy={list.isFetching}>
            {list.data.items.map((p) => (
              <Fragment key={p.id}>
                <DataUpdateItem proposal={p} members={members} canDecide={canDecide} username={me.data?.username} />
                <ProposalWarningsItem proposal={p} nameOf={nameOf(p)} note={canDecide ? 'confirm' : null} />
              </Fragment>
            ))}
          </ol>
          <Pager offset={offset} size={DATA_UPDATE_PAGE} total={list.data.total} shown={list.data.offset} onChange={setOffset} />
        </>
      )}
    </section>
  );
}

/** A proposal's school-age warnings as the server gives them (open proposals only; none for roles without the change). */
type ServerWarnings = { warnings?: ChangeSchoolAgeWarning[] };

/** Who a warning is about: a current member (the family's members, or a queue's memberNames) or one the change adds. */
export function memberNamer(tr: TFunction, p: DataUpdate, members: ReadonlyArray<{ id: string; name: string }> = []) {
  return (w: ChangeSchoolAgeWarning): string => {
    const named = w.memberId !== undefined ? (members.find((m) => m.id === w.memberId)?.name ?? p.memberNames?.[w.memberId]) : p.change?.members?.add?.[w.addIndex]?.name;
    return named?.trim() || tr('web.dataUpdate.sum.aMember');
  };
}

/**
 * Age and school level that do not fit (src/domain/school-age.ts), each in words: a warning to check, never a
 * refusal. `note` says what may still be done (send, confirm).
 */
export function SchoolAgeWarnings({ warnings, nameOf, note }: { warnings: readonly ChangeSchoolAgeWarning[]; nameOf: (w: ChangeSchoolAgeWarning) => string; note: 'propose' | 'confirm' | null }) {
  const tr = useT();
  if (warnings.length === 0) return null;
  return (
    <div className="alert alert-warn data-update-warnings">
      <p>
        <strong>{tr('web.dataUpdate.warnings.title')}</strong>
      </p>
      <ul>
        {warnings.map((w, i) => {
          const level = String(w.params?.schoolLevel ?? '');
          return (
            <li key={`${w.memberId ?? `add-${w.addIndex}`}-${i}`} data-code={w.code}>
              {tr('web.dataUpdate.warnings.schoolAge', {
                name: nameOf(w),
                age: Number(w.params?.age),
                level: labelOr(tr, `web.school.${level}`, level),
                min: Number(w.params?.typicalMin),
                max: Number(w.params?.typicalMax),
              })}
            </li>
          );
        })}
      </ul>
      {note && <p>{tr(`web.dataUpdate.warnings.${note}`)}</p>}
    </div>
  );
}

/**
 * The warnings of a listed proposal, as a list entry of their own right after it (the item is a card of its
 * own): only while it waits for a decision.
 */
export function ProposalWarningsItem({ proposal: p, nameOf, note }: { proposal: DataUpdate; nameOf: (w: ChangeSchoolAgeWarning) => string; note: 'confirm' | null }) {
  const warnings = p.status === 'proposed' ? ((p as DataUpdate & ServerWarnings).warnings ?? []) : [];
  if (warnings.length === 0) return null;
  return (
    <li className="data-update-warnings-item" data-for={p.id}>
      <SchoolAgeWarnings warnings={warnings} nameOf={nameOf} note={note} />
    </li>
  );
}

/**
 * The family's proposals still in this phone's outbox (made offline, not delivered): the user's own waiting
 * `data_update` creates, as proposals. Read again when the outbox changes (its count) and with every list of
 * proposals (a proposal made or withdrawn invalidates `dataUpdates`). None where there is no offline work.
 */
function usePhoneProposals(familyId: string, username: string | undefined): DataUpdate[] {
  const engine = useSyncEngine();
  const state = useSyncState();
  const userId = state?.enabled ? state.userId : null;
  const q = useQuery({
    queryKey: ['dataUpdates', 'phone', familyId, userId, state?.pending ?? 0],
    enabled: !!engine && !!userId,
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<DataUpdate[]> => {
      const items = await engine!.store.outbox(userId!);
      return items
        .filter((i) => i.entity === 'data_update' && i.op === 'create' && i.status === 'pending' && i.familyId === familyId)
        .map((i): DataUpdate => {
          const d = i.data as Partial<DataUpdateInput>;
          return {
            id: i.recordId,
            familyId,
            kind: String(d.kind ?? 'lainnya'),
            reason: d.reason ?? null,
            evidence: d.evidence ?? null,
            status: 'proposed',
            proposedBy: username ?? null,
            proposedAt: i.createdAt,
            decidedBy: null,
            decidedAt: null,
            decisionNote: null,
            appliedVersion: null,
            change: d.change ?? null,
            pending: true,
          };
        })
        .reverse(); // newest first, as the server's list
    },
  });
  return q.data ?? [];
}

/**
 * A proposal waiting on the phone: what it changes, the "Menunggu dikirim" badge visits made offline carry, and
 * a way to take it back before it is sent (it leaves the outbox; nothing reaches the koordinator).
 */
function PhoneProposal({ proposal: p, members, onWithdrawn }: { proposal: DataUpdate; members: FamilyMember[]; onWithdrawn: (said: string) => void }) {
  const tr = useT();
  const fmt = useFormat();
  const engine = useSyncEngine();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const lines = summarise(tr, p.change, members, (d) => fmt.date(d));
  const effective = effectiveDateOf(p.change);
  const warnings = p.change ? changeSchoolAgeWarnings(p.change, members, todayJakarta()) : [];
  async function withdraw() {
    if (!engine || busy) return;
    setBusy(true);
    try {
      // As a visit made offline is removed (src/web/sync/offline-data.ts removeActivity): false when it was sent meanwhile.
      const gone = await engine.withdrawWaiting('data_update', p.id);
      onWithdrawn(tr(gone ? 'web.dataUpdate.phone.withdrawn' : 'web.dataUpdate.phone.sentMeanwhile'));
    } finally {
      setBusy(false);
      await qc.invalidateQueries({ queryKey: ['dataUpdates'] });
    }
  }
  return (
    <li className="casework-item card data-update" data-status="pending" data-id={p.id}>
      <div className="casework-item-head">
        <h3>{tr(`web.dataUpdate.kind.${p.kind}`)}</h3>
        <span className="badge badge-pending">{tr('web.activity.pending')}</span>
      </div>
      {lines.length > 0 && (
        <ul className="casework-summary">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
      {effective && <p>{tr('web.dataUpdate.effective', { date: fmt.date(effective) })}</p>}
      {p.reason && (
        <p>
          <strong>{tr('web.dataUpdate.reason')}:</strong> {p.reason}
        </p>
      )}
      {p.evidence && (
        <p>
          <strong>{tr('web.dataUpdate.evidence')}:</strong> {p.evidence}
        </p>
      )}
      <p className="hint">{tr('web.dataUpdate.phone.kept', { at: fmt.timestamp(p.proposedAt) })}</p>
      <SchoolAgeWarnings warnings={warnings} nameOf={memberNamer(tr, p, members)} note={null} />
      <div className="button-row">
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void withdraw()}>
          {busy ? tr('web.dataUpdate.phone.withdrawing') : tr('web.dataUpdate.phone.withdraw')}
        </button>
      </div>
    </li>
  );
}

type Name = 'kind' | 'member' | 'name' | 'nik' | 'relation' | 'sex' | 'birthDate' | 'schoolLevel' | 'date' | 'address' | 'rt' | 'rw' | 'flags' | 'reason' | 'evidence';

/**
 * Where "nothing changes" is said (the client's check before sending, or the server's `change` refusal): beside
 * what the pendamping would change. Adding or ending a member always changes something.
 */
const NOTHING_AT: Record<DataUpdateKind, Name> = {
  kelahiran: 'name',
  kematian: 'member',
  pindah_masuk: 'name',
  pindah_keluar: 'member',
  sekolah: 'schoolLevel',
  pengurus: 'member',
  alamat: 'address',
  lainnya: 'flags',
};

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
    case 'flags':
      return `${upd}.flags`;
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

/**
 * A member chosen for a school change or for "other conditions" starts from what is recorded for them (their
 * school level, pregnancy, postpartum, disability), not from blanks: changing one thing never silently sets
 * the others, and leaving it all as it is is said to change nothing.
 */
function withCurrentFacts(s: FormState, members: FamilyMember[]): FormState {
  const m = members.find((x) => x.id === s.member);
  if (!m) return s;
  if (s.kind === 'sekolah') return { ...s, schoolLevel: m.schoolLevel };
  if (s.kind === 'lainnya') return { ...s, pregnant: m.pregnant, postpartum: m.postpartum, severeDisability: m.severeDisability };
  return s;
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
  // The server's "nothing changes" (`change`) beside what would change, as the same check made here says it.
  const errorOf = (n: Name) => local[n] ?? server[pathOf(submittedKind, n)] ?? (n === NOTHING_AT[submittedKind] ? server.change : undefined) ?? null;
  const placed = new Set<string>([...shown, 'kind', 'reason', 'evidence', 'flags'].map((n) => pathOf(submittedKind, n as Name)));
  if (shown.includes(NOTHING_AT[submittedKind]) || NOTHING_AT[submittedKind] === 'flags') placed.add('change');
  // Ages that do not fit the school level the change gives: said while the form is filled, before sending.
  const warnings = s.kind === 'sekolah' || s.kind === 'pindah_masuk' ? changeSchoolAgeWarnings(buildChange(s, members), members, today) : [];
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
    // A change that leaves the family as it is (the server refuses it too, with the same words: shared check).
    if (changesNothing(change, familyBasisOf(family), members.map((m) => ({ ...memberBasisOf(m), nik: m.nik ?? null })))) {
      setLocal({ [NOTHING_AT[s.kind]]: tr('web.dataUpdate.noChange') });
      return;
    }
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
              const kind = e.target.value as DataUpdateKind;
              setS((prev) => withCurrentFacts({ ...prev, kind }, members));
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
            <select id={id('member')} name="member" value={s.member} onChange={(e) => setS((prev) => withCurrentFacts({ ...prev, member: e.target.value }, members))} aria-invalid={invalid('member')}>
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
        <SchoolAgeWarnings warnings={warnings} nameOf={(w) => (w.memberId !== undefined ? members.find((m) => m.id === w.memberId)?.name : s.name.trim()) || tr('web.dataUpdate.sum.aMember')} note="propose" />
        {s.kind === 'lainnya' && (
          <fieldset className="checks">
            <legend>{tr('web.member.flags')}</legend>
            {(['pregnant', 'postpartum', 'severeDisability'] as const).map((f) => (
              <label key={f} className="check">
                <input type="checkbox" name={f} checked={s[f]} onChange={(e) => set(f, e.target.checked)} />
                <span>{tr(`web.dataUpdate.${f}`)}</span>
              </label>
            ))}
            {errorOf('flags') && <FieldError text={errorOf('flags')!} />}
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
          <IdentifierHint text={s.reason} />
        </Field>
        <Field id={id('evidence')} label={tr('web.dataUpdate.evidence')} hint={tr('web.dataUpdate.evidenceHint')} error={errorOf('evidence')}>
          <input id={id('evidence')} name="evidence" value={s.evidence} maxLength={1000} onChange={(e) => set('evidence', e.target.value)} aria-invalid={invalid('evidence')} />
          <IdentifierHint text={s.evidence} />
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
