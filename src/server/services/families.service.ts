/**
 * Registry use cases: list, read, create and update families (KPM), with the domain rules applied
 * (NIK / No. KK validation, components, entitlement). Scope is passed to every repository call.
 */
import { type BenefitRules, combineTahapJudgements, computeEntitlement, defaultEntitlementAsOf, type EntitlementResult, resolveSettings, type TahapEntitlement, type TahapJudgement } from '../../domain/benefits';
import { ageOn, compareDates, todayInJakarta, yearOf } from '../../domain/dates';
import { uuidv7 } from '../../domain/ids';
import { checkNikAgainstMember, maskIdentifier, parseKkNumber, parseNik } from '../../domain/nik';
import type { CalendarDate, ComponentCode, FamilyStatus, Member } from '../../domain/types';
import { type Lang, t } from '../../shared/i18n/index';
import type { FamilyCreateInput, FamilyPatchInput, MemberInput } from '../../shared/schemas/common';
import type { AppContext } from '../context';
import { refreshFamilyTriggers } from './graduation.service';
import type { FamilyListItem, FamilyRecord, FamilyUpdate, MemberRecord, NewMembership, NewPerson, PersonChanges } from '../db/repositories/families.repository';
import type { CaseRow } from '../db/repositories/graduation.repository';
import { type GraduationCase, type GraduationState, type GraduationType, judgeStatusChange } from '../../domain/graduation/workflow';
import { fold, personFactsOf } from '../db/repositories/families.repository';
import { type AuditDraft, actorOf } from '../db/repositories/audit.repository';
import { ChangeLogCache, scopeKey } from '../db/repositories/change-log-cache';
import { canWriteRegistry, regionContains, regionWithinScope, type Scope, seesIdentities } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import { type EntitlementAnswer, presentEntitlement, renderCoded } from './present';
import { suspensionsFor } from './sanctions.service';
import { tahapStarts } from './tahap-calendar';

export type FieldErrors = Record<string, string | { key: string; params?: Record<string, string | number> }>;

export function today(ctx: AppContext): CalendarDate {
  return todayInJakarta(ctx.now());
}

function toMember(m: MemberRecord): Member {
  return { ...personFactsOf(m), nik: m.nik ?? undefined, relation: m.relation, caretaker: m.caretaker };
}

/** Stable pseudonym for researchers: the same person always gets the same label, never the name. */
export function pseudonym(ctx: AppContext, kind: string, id: string): string {
  return `${kind}-${ctx.hashIdentity(`pseudonym:${id}`).slice(0, 8).toUpperCase()}`;
}

/**
 * How a member of staff (a pendamping, a koordinator) is named to a reader: by username, or, to a reader who
 * does not see identities (the peneliti: pendamping are subjects of the research too), by a stable pseudonym
 * `PDP-…`, the same wherever it appears (lists, activities, groups, graduation, analytics, exports, a phone's
 * copy).
 */
export function staffAs(ctx: AppContext, identities: boolean, username: string | null): string | null {
  return username === null || identities ? username : pseudonym(ctx, 'PDP', `user:${username}`);
}

// ---- list ---------------------------------------------------------------------------------------

export interface ListQuery {
  q?: string;
  kelurahan?: string;
  region?: string;
  status?: FamilyStatus;
  group?: string;
  component?: ComponentCode;
  readiness?: 'ready' | 'not_ready' | 'none';
  compliance?: 'compliant' | 'non_compliant' | 'no_obligation';
  graduation?: string;
  limit: number;
  offset: number;
}

/** The age bands of the year `asOf` falls in (the component filter computes ages in SQL). */
async function ageBandsOn(ctx: AppContext, asOf: CalendarDate) {
  const { lansiaMinAge, earlyChildhoodMaxAgeExclusive } = resolveSettings((await ctx.benefitRules()).settings, yearOf(asOf));
  return { lansiaMinAge, earlyChildhoodMaxAgeExclusive };
}

export async function listFamilies(ctx: AppContext, scope: Scope, query: ListQuery) {
  const raw = query.q?.trim() ?? '';
  // Researchers work on pseudonymised data: a search by name or NIK would link a real identity to its pseudonym.
  if (raw && !seesIdentities(scope)) throw new HttpError(403, 'error.search_identity_forbidden');
  // A NIK or No. KK typed in blocks ("3276-0203-1218-0181", "3276 0203 …") is the number; a name's spaces count once.
  const digits = raw.replace(/[\s.-]/g, '');
  const isIdentifier = /^\d{16}$/.test(digits);
  const q = isIdentifier ? digits : raw.replace(/\s+/g, ' ');
  const asOf = today(ctx);
  const result = await ctx.repos.families.list(scope, {
    identifierHash: isIdentifier ? ctx.hashIdentity(q) : undefined,
    nameQuery: !isIdentifier && q ? fold(q) : undefined,
    kelurahanCode: query.kelurahan,
    regionCode: query.region,
    status: query.status,
    groupId: query.group,
    component: query.component ? { code: query.component, ...(await ageBandsOn(ctx, asOf)) } : undefined,
    readiness: query.readiness,
    compliance: query.compliance,
    graduationState: query.graduation,
    limit: query.limit,
    offset: query.offset,
    asOf,
    orderBy: seesIdentities(scope) ? 'name' : 'id',
  });
  const identities = seesIdentities(scope);
  if (isIdentifier) {
    // Looking a person up by NIK / No. KK is a use of the identifier: recorded (without the number).
    // One entry per family found, in that family's region (its auditors see who looked it up); a search
    // that found nothing is recorded in the searcher's region.
    const found = result.items.map((f) => ({ action: 'family.search_identifier', entity: 'family', recordId: f.id, familyId: f.id, regionCode: f.kelurahanCode, after: { found: 1 } }));
    await ctx.repos.audit.append(
      actorOf(scope),
      ctx.now().toISOString(),
      found.length ? found : [{ action: 'family.search_identifier', entity: 'family', regionCode: scope.regionCode, after: { found: 0 } }],
    );
  }
  // A page the repository answered again from its cache is presented once (its cache key holds the
  // reader's role, so a cached page is always presented for the same kind of reader).
  const presented = presentedPages.get(result);
  if (presented) return presented;
  const page = {
    items: result.items.map((f) => ({
      ...f,
      kkNumber: identities ? maskIdentifier(f.kkNumber) : pseudonym(ctx, 'KK', f.id),
      headName: identities ? f.headName : pseudonym(ctx, 'KPM', f.id),
      pendamping: staffAs(ctx, identities, f.pendamping),
    })),
    total: result.total,
  };
  presentedPages.set(result, page);
  return page;
}

const presentedPages = new WeakMap<object, { items: FamilyListItem[]; total: number }>();

// ---- detail -------------------------------------------------------------------------------------

/** The members still alive on a date. */
export function livingOn(members: MemberRecord[], date: CalendarDate): MemberRecord[] {
  return members.filter((m) => !m.deathDate || compareDates(m.deathDate, date) > 0);
}

/**
 * A family's entitlement for `year`: its members judged on `asOf` (the list and its reasons). With
 * `tahapApart` (no day was asked for), each tahap is paid as the family stood on the tahap's first day
 * (combineTahapJudgements): a tahap that has begun by today on the records of that day, one still ahead
 * on today's records with the ages of its first day (a projection, said so); two queries for all the
 * days (membersOnDates). A day asked for judges the whole year on that day, as the calculator does.
 */
async function entitlementFor(ctx: AppContext, scope: Scope, familyId: string, members: MemberRecord[], year: number, asOf: CalendarDate, lang: Lang, tahapApart: boolean): Promise<EntitlementAnswer> {
  const living = livingOn(members, asOf);
  const rules = await ctx.benefitRules();
  const outcome = computeEntitlement({ members: living.map(toMember), year, asOf }, rules);
  if (!outcome.ok) throw new HttpError(422, 'error.validation', {}, { year: { key: outcome.error.code, params: outcome.error.params } });
  const judged = tahapApart ? await judgeTahapApart(ctx, scope, familyId, outcome.result, rules) : outcome.result;
  const answer = presentEntitlement(judged, lang, living.map((m) => m.id));
  if (living.length === 0) {
    answer.notes.push(t(lang, 'note.no_members_on_date', { date: asOf }));
    answer.noteCodes.push('no_members_on_date');
  }
  return answer;
}

/**
 * Each tahap of the year judged on its first day. A year whose calendar has another number of tahap than
 * the benefit settings split the amounts into (2020's monthly payments) keeps the single judgement.
 */
async function judgeTahapApart(ctx: AppContext, scope: Scope, familyId: string, base: EntitlementResult, rules: BenefitRules): Promise<TahapEntitlement> {
  const starts = await tahapStarts(ctx, base.year);
  if (starts.length !== base.perTahap.length) return combineTahapJudgements(base, []);
  const now = today(ctx);
  const recordsDates = starts.map((start) => (compareDates(start, now) <= 0 ? start : now));
  const onDates = await ctx.repos.families.membersOnDates(scope, familyId, recordsDates);
  const judgements: TahapJudgement[] = [];
  starts.forEach((start, i) => {
    const members = livingOn(onDates.get(recordsDates[i]!) ?? [], start);
    const outcome = computeEntitlement({ members: members.map(toMember), year: base.year, asOf: start }, rules);
    if (outcome.ok) judgements.push({ tahap: i + 1, judgedOn: start, projected: recordsDates[i] !== start, result: outcome.result });
  });
  return combineTahapJudgements(base, judgements);
}

/**
 * A family with its members. Reading whole NIKs and No. KK, disability and health facts is an audited
 * read (`auditRead` false only for the answer to the caller's own write, which shows what they sent),
 * every time. The answer itself is kept for a moment per reader (change-log-cache.ts: while no write
 * reaches the change log, at most TITIAN_LIST_CACHE_MS).
 */
export async function getFamilyDetail(ctx: AppContext, scope: Scope, id: string, lang: Lang, opts: { auditRead?: boolean } = {}) {
  const cache = detailCacheOf(ctx);
  const asOf = today(ctx);
  const key = `${scopeKey(scope)}|${id}|${lang}|${asOf}`;
  const audit = ctx.repos.audit;
  if (cache.enabled && opts.auditRead !== false && audit.carriesChangeLogHead) {
    // PostgreSQL: record the access and learn the change log's head in one round trip. The answer kept
    // is returned when the head has not moved since it was read; otherwise it is read again, and recorded
    // again if what it discloses changed. (So an access to a family that changed in that moment may be
    // recorded twice, or once for an answer that then fails: the trail may over-record, never under-record.)
    const kept = cache.peek(key);
    if (kept) {
      const head = await audit.appendReadingHead(actorOf(scope), ctx.now().toISOString(), [kept.value.audit]);
      if (head === kept.seq) return kept.value.body;
      const read = await readFamilyDetail(ctx, scope, id, lang, asOf);
      cache.set(key, head, read);
      if (JSON.stringify(read.audit) !== JSON.stringify(kept.value.audit)) await audit.append(actorOf(scope), ctx.now().toISOString(), [read.audit]);
      return read.body;
    }
  }
  const seq = cache.enabled ? await ctx.repos.families.changeLogHead() : 0;
  let read = cache.enabled ? cache.get(key, seq) : undefined;
  if (!read) {
    read = await readFamilyDetail(ctx, scope, id, lang, asOf);
    cache.set(key, seq, read);
  }
  if (opts.auditRead !== false) await audit.append(actorOf(scope), ctx.now().toISOString(), [read.audit]);
  return read.body;
}

type FamilyDetail = Awaited<ReturnType<typeof readFamilyDetail>>['body'];
const detailCaches = new WeakMap<AppContext, ChangeLogCache<{ body: FamilyDetail; audit: AuditDraft }>>();

function detailCacheOf(ctx: AppContext): ChangeLogCache<{ body: FamilyDetail; audit: AuditDraft }> {
  let cache = detailCaches.get(ctx);
  if (!cache) {
    cache = new ChangeLogCache(2_000);
    detailCaches.set(ctx, cache);
  }
  return cache;
}

async function readFamilyDetail(ctx: AppContext, scope: Scope, id: string, lang: Lang, asOf: CalendarDate) {
  const family = await ctx.repos.families.get(scope, id);
  if (!family) throw notFound();
  const members = await ctx.repos.families.members(scope, id, asOf);
  const entitlement = await entitlementFor(ctx, scope, id, members, yearOf(asOf), asOf, lang, true);
  const componentByMember = new Map(entitlement.components.map((c) => [c.memberId, c.component]));
  const idCtx = { provinceCodes: await ctx.provinceCodes(), today: asOf };
  const identities = seesIdentities(scope);
  const fields = [
    ...(identities ? ['kkNumber', 'nik'] : []),
    ...(members.some((m) => m.severeDisability) ? ['severeDisability'] : []),
    ...(members.some((m) => m.pregnant || m.postpartum) ? ['pregnant'] : []),
  ];
  // Every read of a detail is audited; it is a sensitive one when it shows identifiers or health facts (a
  // researcher's pseudonymised view of a family without either is a plain read, named so in the trail).
  const audit: AuditDraft = { action: fields.length > 0 ? 'family.read_sensitive' : 'family.read', entity: 'family', recordId: id, familyId: id, regionCode: family.kelurahanCode, after: { fields } };
  const body = {
    ...presentFamily(ctx, family, identities),
    members: members.map((m) => ({
      id: m.id,
      name: identities ? m.name : pseudonym(ctx, 'ART', m.id),
      nik: identities ? m.nik : m.nik ? pseudonym(ctx, 'NIK', m.id) : null,
      relation: m.relation,
      sex: m.sex,
      birthDate: identities ? m.birthDate : null,
      age: ageOn(m.birthDate, asOf),
      schoolLevel: m.schoolLevel,
      pregnant: m.pregnant,
      postpartum: m.postpartum,
      severeDisability: m.severeDisability,
      caretaker: m.caretaker,
      startDate: identities ? m.startDate : null,
      component: componentByMember.get(m.id) ?? null,
      warnings: identities && m.nik ? checkNikAgainstMember(m.nik, m, idCtx).map((w) => ({ code: w.code, message: renderCoded(lang, w) })) : [],
    })),
    entitlement,
  };
  return { body, audit };
}

function presentFamily(ctx: AppContext, f: FamilyRecord, identities: boolean) {
  return {
    id: f.id,
    kkNumber: identities ? f.kkNumber : pseudonym(ctx, 'KK', f.id),
    headName: identities ? f.headName : pseudonym(ctx, 'KPM', f.id),
    provinceCode: f.provinceCode,
    kabKotaCode: f.kabKotaCode,
    kecamatanCode: f.kecamatanCode,
    kelurahanCode: f.kelurahanCode,
    kelurahanName: f.kelurahanName,
    address: identities ? f.address : null,
    rt: identities ? f.rt : null,
    rw: identities ? f.rw : null,
    joinedYear: f.joinedYear,
    decile: f.decile,
    status: f.status,
    pendamping: staffAs(ctx, identities, f.pendamping),
    version: f.version,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

export async function getFamilyEntitlement(ctx: AppContext, scope: Scope, id: string, year: number, asOfParam: CalendarDate | undefined, lang: Lang) {
  const family = await ctx.repos.families.get(scope, id);
  if (!family) throw notFound();
  const asOf = asOfParam ?? defaultEntitlementAsOf(year, today(ctx));
  const members = await ctx.repos.families.members(scope, id, asOf);
  const answer = await entitlementFor(ctx, scope, id, members, year, asOf, lang, asOfParam === undefined);
  await auditHealthRead(ctx, scope, family, answer.components.map((c) => c.component));
  // A tahap suspended by a sanction (penangguhan) is shown, with what it rests on, and not payable.
  const suspended = await suspensionsFor(ctx, scope, id, year, answer.perTahap.length);
  for (const s of suspended) {
    answer.notes.push(renderCoded(lang, s.note));
    answer.noteCodes.push(s.note.code);
  }
  return {
    ...answer,
    suspendedTahap: suspended.map((s) => s.tahap),
    perTahapPayable: answer.perTahap.map((amount, i) => (suspended.some((s) => s.tahap === i + 1) ? 0 : amount)),
  };
}

/** Components that reveal health facts: reading them is an audited read, like the detail page. */
const HEALTH_COMPONENTS: Record<string, string> = { disabilitas_berat: 'severeDisability', ibu_hamil: 'pregnant' };

export async function auditHealthRead(ctx: AppContext, scope: Scope, family: { id: string; kelurahanCode: string }, components: Array<string | null>) {
  const fields = [...new Set(components.flatMap((c) => (c && HEALTH_COMPONENTS[c] ? [HEALTH_COMPONENTS[c]!] : [])))];
  if (fields.length === 0) return;
  await ctx.repos.audit.append(actorOf(scope), ctx.now().toISOString(), [
    { action: 'family.read_sensitive', entity: 'family', recordId: family.id, familyId: family.id, regionCode: family.kelurahanCode, after: { fields, via: 'entitlement' } },
  ]);
}

// ---- validation shared by create and update -----------------------------------------------------

interface ValidatedMember {
  input: MemberInput;
  nik: string | null;
  nikHash: string | null;
}

async function validateMembers(ctx: AppContext, members: MemberInput[], prefix: string, errors: FieldErrors): Promise<ValidatedMember[]> {
  const idCtx = { provinceCodes: await ctx.provinceCodes(), today: today(ctx) };
  const seen = new Map<string, number>();
  return members.map((m, i) => {
    const path = `${prefix}.${i}`;
    const nik = m.nik?.trim() || null;
    if (nik) {
      const parsed = parseNik(nik, idCtx);
      if (!parsed.valid) {
        errors[`${path}.nik`] = { key: parsed.errors[0].code, params: parsed.errors[0].params };
      } else if (seen.has(nik)) {
        errors[`${path}.nik`] = 'error.nik_duplicate_in_request';
      }
      seen.set(nik, i);
    }
    if (m.sex === 'L' && (m.pregnant || m.postpartum)) errors[`${path}.pregnant`] = 'error.pregnant_male';
    if (compareDates(m.birthDate, idCtx.today) > 0) errors[`${path}.birthDate`] = 'error.birth_date_future';
    return { input: { ...m, nik: nik ?? undefined }, nik, nikHash: nik ? ctx.hashIdentity(nik) : null };
  });
}

export async function resolvePendamping(ctx: AppContext, scope: Scope, requested: string | null | undefined, errors: FieldErrors): Promise<string | null | undefined> {
  if (scope.role === 'pendamping') {
    if (requested && requested.toLowerCase() !== scope.username) errors.pendamping = 'error.pendamping_assign_forbidden';
    return scope.userId;
  }
  if (requested === undefined) return undefined;
  if (requested === null) return null;
  const user = await ctx.repos.auth.userByUsername(requested.toLowerCase());
  if (!user) {
    errors.pendamping = { key: 'error.pendamping_unknown', params: { username: requested } };
    return undefined;
  }
  if (user.role !== 'pendamping') {
    errors.pendamping = { key: 'error.pendamping_not_pendamping', params: { username: requested } };
    return undefined;
  }
  if (!user.active || !user.regionCode || !regionWithinScope(scope, user.regionCode)) {
    errors.pendamping = { key: 'error.pendamping_out_of_scope', params: { username: requested } };
    return undefined;
  }
  return user.id;
}

/** A family's pendamping must work in the region the family lives in. */
export async function checkPendampingCovers(ctx: AppContext, pendampingId: string | null | undefined, kelurahanCode: string, errors: FieldErrors) {
  if (!pendampingId || errors.pendamping || errors.kelurahanCode) return;
  const user = await ctx.repos.auth.userById(pendampingId);
  if (!user?.regionCode || !regionContains(user.regionCode, kelurahanCode)) {
    errors.pendamping = { key: 'error.pendamping_not_covering', params: { username: user?.username ?? '?', code: kelurahanCode } };
  }
}

export async function resolveKelurahan(ctx: AppContext, scope: Scope, code: string, errors: FieldErrors) {
  const region = await ctx.repos.regions.get(code);
  if (!region || (region.level !== 'kelurahan' && region.level !== 'desa')) {
    errors.kelurahanCode = { key: 'error.kelurahan_unknown', params: { code } };
    return null;
  }
  if (!regionWithinScope(scope, code)) {
    errors.kelurahanCode = { key: 'error.kelurahan_out_of_scope', params: { code } };
    return null;
  }
  const [p, k, c] = code.split('.');
  return { provinceCode: p, kabKotaCode: `${p}.${k}`, kecamatanCode: `${p}.${k}.${c}`, kelurahanCode: code };
}

/**
 * Members given with a NIK that Titian already knows. A person in a family right now cannot join another
 * (a move ends the old membership first); a person whose last family lies outside the caller's scope is
 * refused too, so nobody reads or rewrites a stranger's record by typing their NIK. Otherwise the person
 * re-joins, with their facts refreshed from the input.
 */
async function resolveKnownPersons(
  ctx: AppContext,
  scope: Scope,
  members: Array<{ nikHash: string | null; path: string }>,
  asOf: CalendarDate,
  targetFamilyId?: string,
) {
  const hashes = members.flatMap((m) => (m.nikHash ? [m.nikHash] : []));
  const known = new Map((await ctx.repos.families.personsByNikHash(hashes, asOf)).map((k) => [k.nikHash, k]));
  const conflicts: FieldErrors = {};
  let code = 'error.nik_in_other_family';
  for (const m of members) {
    const k = m.nikHash ? known.get(m.nikHash) : undefined;
    if (!k) continue;
    if (k.currentFamilyId) {
      conflicts[`${m.path}.nik`] = k.currentFamilyId === targetFamilyId ? 'error.nik_already_member' : 'error.nik_in_other_family';
      if (k.currentFamilyId === targetFamilyId) code = 'error.nik_already_member';
    } else if (k.lastFamilyId && !(await ctx.repos.families.get(scope, k.lastFamilyId))) {
      // Out of the caller's scope: say only that the NIK is known, nothing about the person (not even a death).
      conflicts[`${m.path}.nik`] = 'error.nik_known_elsewhere';
      code = 'error.nik_known_elsewhere';
    } else if (k.deathDate) {
      conflicts[`${m.path}.nik`] = 'error.person_deceased';
      code = 'error.person_deceased';
    }
  }
  if (Object.keys(conflicts).length) throw new HttpError(409, code, {}, conflicts);
  return known;
}

function personFacts(personId: string, m: MemberInput): PersonChanges {
  return { personId, ...personFactsOf(m) };
}

export function throwIfErrors(errors: FieldErrors) {
  if (Object.keys(errors).length > 0) throw new HttpError(422, 'error.validation', {}, errors);
}

function countHeads(members: Array<{ relation: string }>, errors: FieldErrors, path: string) {
  const heads = members.filter((m) => m.relation === 'kepala_keluarga').length;
  if (heads === 0) errors[path] = 'error.no_head';
  if (heads > 1) errors[path] = 'error.many_heads';
}

/** A family cannot have joined PKH in a year still to come. */
function checkJoinedYear(joinedYear: number | null | undefined, now: CalendarDate, errors: FieldErrors) {
  if (joinedYear != null && joinedYear > yearOf(now)) errors.joinedYear = { key: 'validation.joined_year_future', params: { year: yearOf(now) } };
}

// ---- create -------------------------------------------------------------------------------------

export async function createFamily(ctx: AppContext, scope: Scope, input: FamilyCreateInput, lang: Lang) {
  if (!canWriteRegistry(scope)) throw forbidden();
  const errors: FieldErrors = {};
  const now = today(ctx);
  const idCtx = { provinceCodes: await ctx.provinceCodes(), today: now };
  const kk = parseKkNumber(input.kkNumber, idCtx);
  if (!kk.valid) errors.kkNumber = { key: kk.errors[0].code, params: kk.errors[0].params };
  const region = await resolveKelurahan(ctx, scope, input.kelurahanCode, errors);
  const members = await validateMembers(ctx, input.members, 'members', errors);
  countHeads(input.members, errors, 'members');
  checkJoinedYear(input.joinedYear, now, errors);
  const pendampingId = await resolvePendamping(ctx, scope, input.pendamping, errors);
  await checkPendampingCovers(ctx, pendampingId, input.kelurahanCode, errors);
  throwIfErrors(errors);

  const kkHash = ctx.hashIdentity(input.kkNumber.trim());
  if (await ctx.repos.families.familyIdByKkHash(kkHash)) throw new HttpError(409, 'error.kk_duplicate', {}, { kkNumber: 'error.kk_duplicate' });
  const known = await resolveKnownPersons(ctx, scope, members.map((m, i) => ({ nikHash: m.nikHash, path: `members.${i}` })), now);

  const familyId = uuidv7();
  const persons: NewPerson[] = [];
  const reused: PersonChanges[] = [];
  const memberships: NewMembership[] = members.map((m, i) => {
    const k = m.nikHash ? known.get(m.nikHash) : undefined;
    const personId = k?.personId ?? uuidv7();
    if (k) reused.push({ ...personFacts(personId, m.input), factsFrom: now });
    else persons.push(newPerson(personId, m));
    // The family card has no join dates: a new person is taken to belong from birth; a known person re-joins today.
    return { id: uuidv7(), personId, relation: m.input.relation, caretaker: m.input.caretaker, startDate: k ? now : m.input.birthDate, position: i };
  });
  const head = input.members.find((m) => m.relation === 'kepala_keluarga');
  await ctx.repos.families.insertFamilies(
    [
      {
        id: familyId,
        kkNumber: input.kkNumber.trim(),
        kkHash,
        ...region!,
        address: input.address,
        rt: input.rt.padStart(3, '0'),
        rw: input.rw.padStart(3, '0'),
        joinedYear: input.joinedYear ?? yearOf(now),
        decile: input.decile ?? null,
        status: input.status ?? 'aktif',
        pendampingId: pendampingId ?? null,
        headName: head?.name ?? '',
        persons,
        memberships,
      },
    ],
    actorOf(scope),
    ctx.now().toISOString(),
    reused,
  );
  await refreshFamilyTriggers(ctx, [familyId]);
  // The creator can always read it back: a pendamping's family is assigned to them, a coordinator's lies in their region.
  return getFamilyDetail(ctx, scope, familyId, lang, { auditRead: false });
}

function newPerson(id: string, m: ValidatedMember): NewPerson {
  return { id, nik: m.nik, nikHash: m.nikHash, ...personFactsOf(m.input) };
}

// ---- update -------------------------------------------------------------------------------------

/** Changes a family (fields, members added, changed or ended, effective-dated); answers the family as it is then. */
export async function updateFamily(ctx: AppContext, scope: Scope, id: string, patch: FamilyPatchInput, lang: Lang) {
  return (await changeFamily(ctx, scope, id, patch, lang, false))!;
}

/**
 * Every check `updateFamily` makes of a change, without making it (a proposed data update is checked when it
 * is proposed, so a NIK of five digits is refused to the pendamping, not to the koordinator confirming it).
 */
export async function checkFamilyPatch(ctx: AppContext, scope: Scope, id: string, patch: FamilyPatchInput): Promise<void> {
  await changeFamily(ctx, scope, id, patch, 'id', true);
}

async function changeFamily(ctx: AppContext, scope: Scope, id: string, patch: FamilyPatchInput, lang: Lang, checkOnly: boolean) {
  if (!canWriteRegistry(scope)) {
    // Read-only roles: a family they cannot see is still a 404, one they can see is a 403.
    if (!(await ctx.repos.families.get(scope, id))) throw notFound();
    throw forbidden();
  }
  const family = await ctx.repos.families.get(scope, id);
  if (!family) throw notFound();
  const now = today(ctx);
  const errors: FieldErrors = {};
  checkJoinedYear(patch.joinedYear, now, errors);
  const region = patch.kelurahanCode ? await resolveKelurahan(ctx, scope, patch.kelurahanCode, errors) : null;
  let pendampingId: string | null | undefined;
  if (patch.pendamping !== undefined) {
    if (scope.role === 'pendamping') {
      if (patch.pendamping?.toLowerCase() !== scope.username) errors.pendamping = 'error.pendamping_assign_forbidden';
    } else pendampingId = await resolvePendamping(ctx, scope, patch.pendamping, errors);
  }
  if (pendampingId || patch.kelurahanCode) {
    // `null` unassigns: nobody to check then.
    // The family's own pendamping (or the new one) must work where it lives, whoever edits it (a covering
    // pendamping from another kecamatan included).
    const assigned = pendampingId !== undefined ? pendampingId : family.pendampingId;
    await checkPendampingCovers(ctx, assigned, patch.kelurahanCode ?? family.kelurahanCode, errors);
  }

  const current = await ctx.repos.families.members(scope, id, now);
  const adds = await validateMembers(ctx, patch.members?.add ?? [], 'members.add', errors);
  const personChanges: PersonChanges[] = [];
  const idCtx = { provinceCodes: await ctx.provinceCodes(), today: now };
  const updateIds = new Set<string>();
  (patch.members?.update ?? []).forEach((u, i) => {
    const path = `members.update.${i}`;
    if (updateIds.has(u.id)) errors[`${path}.id`] = 'error.member_repeated';
    updateIds.add(u.id);
    const existing = current.find((m) => m.id === u.id);
    if (!existing) {
      errors[`${path}.id`] = { key: 'error.member_not_in_family', params: { id: u.id } };
      return;
    }
    const nik = u.nik === undefined ? undefined : u.nik.trim() || null;
    if (nik) {
      const parsed = parseNik(nik, idCtx);
      if (!parsed.valid) errors[`${path}.nik`] = { key: parsed.errors[0].code, params: parsed.errors[0].params };
    }
    const sex = u.sex ?? existing.sex;
    if (sex === 'L' && (u.pregnant ?? existing.pregnant)) errors[`${path}.pregnant`] = 'error.pregnant_male';
    if (sex === 'L' && (u.postpartum ?? existing.postpartum)) errors[`${path}.postpartum`] = 'error.pregnant_male';
    if (u.birthDate && compareDates(u.birthDate, now) > 0) errors[`${path}.birthDate`] = 'error.birth_date_future';
    // A change may be backdated, but not beyond this membership: earlier facts belong to another family's history.
    const earliest = [u.birthDate ?? existing.birthDate, existing.startDate].sort().at(-1)!;
    if (u.effectiveDate && (compareDates(u.effectiveDate, now) > 0 || compareDates(u.effectiveDate, earliest) < 0)) {
      errors[`${path}.effectiveDate`] = { key: 'error.effective_date_range', params: { from: earliest, today: now } };
    }
    personChanges.push({
      personId: u.id,
      name: u.name,
      nik,
      nikHash: nik === undefined ? undefined : nik ? ctx.hashIdentity(nik) : null,
      sex: u.sex,
      birthDate: u.birthDate,
      schoolLevel: u.schoolLevel,
      pregnant: u.pregnant,
      postpartum: u.postpartum,
      severeDisability: u.severeDisability,
      relation: u.relation,
      caretaker: u.caretaker,
      factsFrom: u.effectiveDate,
    });
  });
  const ends = (patch.members?.end ?? []).map((e, i) => {
    const existing = current.find((m) => m.id === e.id);
    if (!existing) errors[`members.end.${i}.id`] = { key: 'error.member_not_in_family', params: { id: e.id } };
    else if (compareDates(e.endDate, existing.startDate) < 0) errors[`members.end.${i}.endDate`] = { key: 'error.end_before_start', params: { start: existing.startDate } };
    return { personId: e.id, endDate: e.endDate, reason: e.reason, deathDate: e.reason === 'meninggal' ? e.endDate : undefined };
  });

  // The family after the change must still have exactly one head.
  const ended = new Set(ends.map((e) => e.personId));
  const after = [
    ...current.filter((m) => !ended.has(m.id)).map((m) => ({ relation: personChanges.find((c) => c.personId === m.id)?.relation ?? m.relation })),
    ...adds.map((a) => ({ relation: a.input.relation })),
  ];
  if (patch.members) countHeads(after, errors, 'members');
  throwIfErrors(errors);

  // A NIK given to an existing member must not belong to anyone else.
  const nikChanges = personChanges.filter((c) => c.nikHash);
  const holders = await ctx.repos.families.personsByNikHash(nikChanges.map((c) => c.nikHash!), now);
  for (const c of nikChanges) {
    if (holders.some((h) => h.nikHash === c.nikHash && h.personId !== c.personId)) {
      throw new HttpError(409, 'error.nik_taken', {}, { members: 'error.nik_taken' });
    }
  }
  const known = await resolveKnownPersons(ctx, scope, adds.map((a, i) => ({ nikHash: a.nikHash, path: `members.add.${i}` })), now, id);
  const addPersons: NewPerson[] = [];
  const reusedPersons: PersonChanges[] = [];
  const basePosition = current.reduce((mx, m) => Math.max(mx, m.position), -1) + 1;
  const addMemberships: NewMembership[] = [];
  for (const [i, a] of adds.entries()) {
    const k = a.nikHash ? known.get(a.nikHash) : undefined;
    const personId = k?.personId ?? uuidv7();
    if (!k) addPersons.push(newPerson(personId, a));
    // A baby (under one year) joins from birth, however late it is registered; anyone else from today.
    const start = patch.members?.add?.[i]?.startDate ?? (!k && ageOn(a.input.birthDate, now) < 1 ? a.input.birthDate : now);
    if (k) reusedPersons.push({ ...personFacts(personId, a.input), factsFrom: start });
    if (compareDates(start, now) > 0) {
      throw new HttpError(422, 'error.validation', {}, { [`members.add.${i}.startDate`]: { key: 'error.start_in_future', params: { today: now } } });
    }
    if (compareDates(start, a.input.birthDate) < 0 || (k?.lastEnd && compareDates(start, k.lastEnd) < 0)) {
      throw new HttpError(422, 'error.validation', {}, { [`members.add.${i}.startDate`]: { key: 'error.start_too_early', params: { date: k?.lastEnd ?? a.input.birthDate } } });
    }
    addMemberships.push({ id: uuidv7(), personId, relation: a.input.relation, caretaker: a.input.caretaker, startDate: start, position: basePosition + i });
  }
  // A status change and the family's graduation (judgeStatusChange): never into or out of `graduasi` (the
  // workflow's exit and re-entry do that), and `keluar` ends a case on its way to an exit. Judged here for a
  // proposal's check, and again on the locked family when written.
  const statusChange = patch.status !== undefined && patch.status !== family.status;
  if (statusChange) {
    const found = await ctx.repos.graduation.currentCase(scope, id);
    const verdict = judgeStatusChange(family.status, patch.status!, graduationCaseOf(found?.current ?? null), now);
    if (!verdict.ok) throw new HttpError(verdict.status, verdict.code, verdict.params);
  }
  if (checkOnly) return null;

  const changes: FamilyUpdate = {
    family: {
      ...(region ?? {}),
      address: patch.address,
      rt: patch.rt?.padStart(3, '0'),
      rw: patch.rw?.padStart(3, '0'),
      joinedYear: patch.joinedYear,
      decile: patch.decile,
      status: patch.status,
      pendampingId,
    },
    asOf: now,
    addPersons,
    reusedPersons,
    addMemberships,
    personChanges,
    endMemberships: ends,
    expectedVersion: patch.version,
  };
  const outcome = statusChange
    ? await changeStatusWithCase(ctx, scope, id, patch.status!, changes, lang)
    : await ctx.repos.families.update(scope, id, changes, actorOf(scope), ctx.now().toISOString());
  if (!outcome.ok && outcome.reason === 'not_found') throw notFound();
  if (!outcome.ok) throw new HttpError(409, 'error.version_conflict', { current: outcome.currentVersion ?? '?' });
  // A coordinator who reassigns a family keeps seeing it; a pendamping always keeps their own. The answer
  // shows every member's whole NIK, not only what was sent: an audited read like the detail page.
  await refreshFamilyTriggers(ctx, [id]);
  return getFamilyDetail(ctx, scope, id, lang);
}

/** A stored case as the workflow's status-change rule reads it. */
function graduationCaseOf(c: CaseRow | null): GraduationCase | null {
  return c ? { state: c.state as GraduationState, type: c.type as GraduationType, approvedAt: c.approvedAt, exitEffectiveDate: c.exitEffectiveDate } : null;
}

/**
 * A family's status change in one transaction with what it means for its graduation case (judgeStatusChange,
 * judged again on the locked family row so that no workflow move slips in between): the change is refused
 * (409) into or out of `graduasi` or while an approved exit is pending; to `keluar`, a case on its way to an
 * exit ends as `rejected`, a move audited like any other, with a note that says why.
 */
async function changeStatusWithCase(ctx: AppContext, scope: Scope, id: string, status: FamilyStatus, changes: FamilyUpdate, lang: Lang) {
  const actor = actorOf(scope);
  const at = ctx.now().toISOString();
  return ctx.database.db.transaction().execute(async (trx) => {
    const locked = await ctx.repos.graduation.currentCase(scope, id, { trx, lock: true });
    if (!locked) return { ok: false, reason: 'not_found' } as const;
    const verdict = judgeStatusChange(locked.family.status, status, graduationCaseOf(locked.current), today(ctx));
    if (!verdict.ok) throw new HttpError(verdict.status, verdict.code, verdict.params);
    const written = await ctx.repos.families.update(scope, id, changes, actor, at, trx);
    if (!written.ok || !verdict.endCase) return written;
    const end = verdict.endCase;
    const ended = await ctx.repos.graduation.transition<never>(
      scope,
      id,
      () => ({
        ok: true,
        plan: { transitionId: uuidv7(), from: end.from, to: end.to, type: end.type, note: t(lang, 'graduation.case.ended_family_left'), evidence: { familyStatus: status } },
      }),
      actor,
      at,
      trx,
    );
    if (ended.status !== 'ok') throw new Error(`the graduation case of family ${id} could not be ended`);
    return written;
  });
}
