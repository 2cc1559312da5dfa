/**
 * The registry: families (KPM), persons and their effective-dated membership.
 * Every read and write takes a Scope and goes through `familyScope`; out-of-scope rows are
 * invisible (reads return undefined, writes change nothing).
 */
import { type Kysely, type SqlBool, type ExpressionBuilder, PostgresAdapter, sql } from 'kysely';
import type { CalendarDate, ComponentCode, FamilyStatus, Relation, SchoolLevel, Sex } from '../../../domain/types';
import type { ProgrammeSpan } from '../../../domain/compliance';
import { todayInJakarta } from '../../../domain/dates';
import { containsPattern } from '../like';
import type { DB, Flag } from '../schema';
import { familyScope, regionColumn, type Scope } from '../scope';
import { uuidv7 } from '../../../domain/ids';
import { maskIdentifier } from '../../../domain/nik';
import type { FieldCipher } from '../../security/field-cipher';
import { type AuditActor, type AuditDraft, appendAudit } from './audit.repository';
import { insertInChunks } from './batch-insert';
import { appendChanges, type ChangeEntry, changeLogHead } from './change-log';
import { leaveGroupsAfterMove } from './groups.repository';
import { ChangeLogCache, scopeKey } from './change-log-cache';
import { PLAINTEXT_KK_CONDITION, PLAINTEXT_NIK_CONDITION } from '../migrations/0019_plaintext_identifier_indexes';
import { periodHasItems, periodVerdict } from './compliance-snapshot-sql';

/** hasPlaintextIdentifiers' reads: a person's NIK, then a family's No. KK, still in plaintext. */
const PLAINTEXT_CHECKS = [
  `select id from persons where ${PLAINTEXT_NIK_CONDITION} limit 1`,
  `select id from families where ${PLAINTEXT_KK_CONDITION} limit 1`,
];

/** Purposes bound into the ciphertexts (a value copied into another column does not decrypt). */
export const NIK_PURPOSE = 'nik';
export const KK_PURPOSE = 'kk';

export interface FamilyListFilter {
  /** Name fragment (already folded to lower case). */
  nameQuery?: string;
  /** Keyed hash of a full NIK or No. KK. */
  identifierHash?: string;
  kelurahanCode?: string;
  /** Any region code (province, kab/kota, kecamatan or kelurahan): families inside it. */
  regionCode?: string;
  status?: FamilyStatus;
  /** A kelompok the family belongs to on `asOf`. */
  groupId?: string;
  /** A current member has this component on `asOf` (eligibility, before the cap), with the year's age bands. */
  component?: { code: ComponentCode; lansiaMinAge: number; earlyChildhoodMaxAgeExclusive: number };
  /** The latest readiness assessment: ready, not ready, or none at all. */
  readiness?: 'ready' | 'not_ready' | 'none';
  /** The verdict of the latest closed compliance period (`decision_snapshots` of kind `compliance_period`). */
  compliance?: 'compliant' | 'non_compliant' | 'no_obligation';
  /** The state of the family's current graduation case (the open one, else the latest). */
  graduationState?: string;
  limit: number;
  offset: number;
  asOf: CalendarDate;
  /** `name` (head of family, default) or `id` (for pseudonymised readers: the order must not reveal names). */
  orderBy?: 'name' | 'id';
}

export interface FamilyListItem {
  id: string;
  /** Masked (`3276********0003`): lists never carry the whole No. KK. */
  kkNumber: string;
  headName: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  status: FamilyStatus;
  pendamping: string | null;
  memberCount: number;
}

export interface FamilyRecord {
  id: string;
  kkNumber: string;
  provinceCode: string;
  kabKotaCode: string;
  kecamatanCode: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  address: string;
  rt: string;
  rw: string;
  joinedYear: number | null;
  decile: number | null;
  status: FamilyStatus;
  headName: string;
  pendampingId: string | null;
  pendamping: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface MemberRecord {
  id: string; // person id: the member's stable identity
  membershipId: string;
  nik: string | null;
  name: string;
  relation: Relation;
  sex: Sex;
  birthDate: CalendarDate;
  deathDate: CalendarDate | null;
  schoolLevel: SchoolLevel;
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  caretaker: boolean;
  startDate: CalendarDate;
  endDate: CalendarDate | null;
  endReason: string | null;
  position: number;
  personVersion: number;
}

/** A new person; their first facts record holds from birth (as far as anyone knows) until a change is recorded. */
export interface NewPerson {
  id: string;
  nik: string | null;
  nikHash: string | null;
  name: string;
  sex: Sex;
  birthDate: CalendarDate;
  schoolLevel: SchoolLevel;
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  /** The NIK already encrypted for storage (bulk writers that staged it encrypted); `nik` is then ignored. */
  nikStored?: string | null;
  /** The NIK as the audit trail shows it (masked), from a writer that has no plaintext `nik` to mask. */
  nikMasked?: string | null;
}

/** The facts of a person that a member record carries (everything but identity and membership). */
export function personFactsOf(m: Pick<NewPerson, 'name' | 'sex' | 'birthDate' | 'schoolLevel' | 'pregnant' | 'postpartum' | 'severeDisability'>) {
  return {
    name: m.name,
    sex: m.sex,
    birthDate: m.birthDate,
    schoolLevel: m.schoolLevel,
    pregnant: m.pregnant,
    postpartum: m.postpartum,
    severeDisability: m.severeDisability,
  };
}

export interface NewMembership {
  id: string;
  personId: string;
  relation: Relation;
  caretaker: boolean;
  startDate: CalendarDate;
  position: number;
}

export interface NewFamily {
  id: string;
  kkNumber: string;
  /** The No. KK already encrypted for storage (bulk writers that staged it encrypted); `kkNumber` is then ignored. */
  kkNumberStored?: string;
  /** The No. KK as the audit trail shows it (masked), from a writer that has no plaintext `kkNumber` to mask. */
  kkMasked?: string;
  /** The registry import job that writes the family: its audit entry names it. */
  importJobId?: string;
  kkHash: string;
  provinceCode: string;
  kabKotaCode: string;
  kecamatanCode: string;
  kelurahanCode: string;
  address: string;
  rt: string;
  rw: string;
  joinedYear: number | null;
  decile: number | null;
  status: FamilyStatus;
  pendampingId: string | null;
  headName: string;
  /** Persons to insert (existing persons re-joining are referenced by membership only). */
  persons: NewPerson[];
  memberships: NewMembership[];
}

export interface FamilyChanges {
  kelurahanCode?: string;
  provinceCode?: string;
  kabKotaCode?: string;
  kecamatanCode?: string;
  address?: string;
  rt?: string;
  rw?: string;
  joinedYear?: number | null;
  decile?: number | null;
  status?: FamilyStatus;
  pendampingId?: string | null;
}

export interface PersonChanges {
  personId: string;
  name?: string;
  nik?: string | null;
  nikHash?: string | null;
  sex?: Sex;
  birthDate?: CalendarDate;
  schoolLevel?: SchoolLevel;
  pregnant?: boolean;
  postpartum?: boolean;
  severeDisability?: boolean;
  relation?: Relation;
  caretaker?: boolean;
  /** From when changed facts (school level, pregnancy, disability) hold; default: the update's `asOf`. */
  factsFrom?: CalendarDate;
  /** The NIK as the audit trail shows it (masked), for a known person whose plaintext `nik` is not at hand. */
  nikMasked?: string | null;
}

export interface MembershipEnd {
  personId: string;
  endDate: CalendarDate;
  reason: string;
  deathDate?: CalendarDate;
}

export interface FamilyUpdate {
  /** Today: memberships still running on this date are the ones changes apply to. */
  asOf: CalendarDate;
  family: FamilyChanges;
  addPersons: NewPerson[];
  /** Known persons (re-)joining this family, with their facts refreshed from the input. */
  reusedPersons: PersonChanges[];
  addMemberships: NewMembership[];
  personChanges: PersonChanges[];
  endMemberships: MembershipEnd[];
  /** Optimistic concurrency: the version the client saw. */
  expectedVersion?: number;
  /** The registry import job that writes the update: its audit entry names it. */
  importJobId?: string;
  /**
   * The caller ends the group memberships a move breaks itself, in the same transaction (the registry import:
   * one statement for a chunk's families, `leaveGroupsAfterMove`); otherwise `update` does it for this family.
   */
  groupsLeftByCaller?: boolean;
}

interface FactsRow {
  school_level: string;
  pregnant: number;
  postpartum: number;
  severe_disability: number;
}

export interface KnownPerson {
  personId: string;
  nikHash: string;
  deathDate: CalendarDate | null;
  currentFamilyId: string | null;
  lastFamilyId: string | null;
  lastStart: CalendarDate | null;
  lastEnd: CalendarDate | null;
}

export type UpdateOutcome = { ok: true; version: number } | { ok: false; reason: 'not_found' | 'version_conflict'; currentVersion?: number };

export const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
const flag = (b: boolean) => (b ? 1 : 0) as 0 | 1;

/** Memberships current at a date: started on or before it, not ended by it. */
function currentAt(eb: ExpressionBuilder<DB, 'family_members'>, asOf: CalendarDate) {
  return eb.and([
    eb('family_members.start_date', '<=', asOf),
    eb.or([eb('family_members.end_date', 'is', null), eb('family_members.end_date', '>', asOf)]),
    eb('family_members.deleted_at', 'is', null),
  ]);
}

/**
 * `YYYY-MM-DD` on which someone born on or before it is `years` old on `asOf` (a plain text bound: the
 * birthday is reached on its date, and a 29 February birthday on 1 March in common years, as `ageOn`).
 */
export function bornOnOrBefore(asOf: CalendarDate, years: number): string {
  return `${String(Number(asOf.slice(0, 4)) - years).padStart(4, '0')}${asOf.slice(4)}`;
}

/** A person (current facts on `persons`) is eligible for the component on `asOf`: the rules of domain/components in SQL. */
function componentPredicate(
  eb: ExpressionBuilder<DB, 'persons'>,
  c: { code: ComponentCode; lansiaMinAge: number; earlyChildhoodMaxAgeExclusive: number },
  asOf: CalendarDate,
) {
  switch (c.code) {
    case 'ibu_hamil':
      return eb.and([eb('persons.sex', '=', 'P'), eb.or([eb('persons.pregnant', '=', 1), eb('persons.postpartum', '=', 1)])]);
    case 'anak_usia_dini':
      // From birth until the band's birthday, unless enrolled in SD or above.
      return eb.and([eb('persons.birth_date', '>', bornOnOrBefore(asOf, c.earlyChildhoodMaxAgeExclusive)), eb('persons.school_level', 'not in', ['sd', 'smp', 'sma'])]);
    case 'sd':
    case 'smp':
    case 'sma':
      return eb('persons.school_level', '=', c.code);
    case 'disabilitas_berat':
      return eb('persons.severe_disability', '=', 1);
    case 'lansia':
      return eb('persons.birth_date', '<=', bornOnOrBefore(asOf, c.lansiaMinAge));
  }
}

/** A membership's columns as the member records are made of them (`toMemberRecord`), without the NIK. */
const MEMBER_COLUMNS = [
  'family_members.family_id as familyId',
  'persons.id',
  'family_members.id as membershipId',
  'persons.name',
  'family_members.relation',
  'persons.sex',
  'persons.birth_date as birthDate',
  'persons.death_date as deathDate',
  'persons.school_level as schoolLevel',
  'persons.pregnant',
  'persons.postpartum',
  'persons.severe_disability as severeDisability',
  'family_members.caretaker',
  'family_members.start_date as startDate',
  'family_members.end_date as endDate',
  'family_members.end_reason as endReason',
  'family_members.position',
  'persons.version as personVersion',
] as const;

export class FamiliesRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly cipher: FieldCipher,
  ) {}

  private kk(stored: string): string {
    return this.cipher.decrypt(stored, KK_PURPOSE);
  }

  /**
   * The masked No. KK of a stored (encrypted) one. Lists show only masks, so the masks of recent pages are
   * kept by ciphertext (never the number itself): a caseload paged through again is not decrypted again.
   */
  private maskedKk(stored: string): string {
    let masked = this.masks.get(stored);
    if (masked === undefined) {
      masked = maskIdentifier(this.kk(stored));
      if (this.masks.size >= 20_000) this.masks.clear();
      this.masks.set(stored, masked);
    }
    return masked;
  }

  private readonly masks = new Map<string, string>();

  private nik(stored: string | null): string | null {
    return stored === null ? null : this.cipher.decrypt(stored, NIK_PURPOSE);
  }

  private scoped(scope: Scope) {
    return this.db.selectFrom('families').where(familyScope(scope)).where('families.deleted_at', 'is', null);
  }

  /**
   * Caseload pages answered a moment ago (change-log-cache.ts), by who asked and what. Only the plain
   * list is kept (by region, kelurahan, status, page); searches and the other filters read the database.
   */
  private readonly pages = new ChangeLogCache<{ items: FamilyListItem[]; total: number }>(2_000);

  /** The change log's head: answers read at it stay right while it does not move (change-log-cache.ts). */
  changeLogHead(): Promise<number> {
    return changeLogHead(this.db);
  }

  async list(scope: Scope, f: FamilyListFilter): Promise<{ items: FamilyListItem[]; total: number }> {
    const cacheable = this.pages.enabled && !f.nameQuery && !f.identifierHash && !f.groupId && !f.component && !f.readiness && !f.compliance && !f.graduationState;
    if (!cacheable) return this.listNow(scope, f);
    const key = JSON.stringify([scopeKey(scope), f.kelurahanCode, f.regionCode, f.status, f.limit, f.offset, f.asOf, f.orderBy]);
    const seq = await this.changeLogHead();
    const hit = this.pages.get(key, seq);
    if (hit) return hit;
    const result = await this.listNow(scope, f);
    this.pages.set(key, seq, result);
    return result;
  }

  private async listNow(scope: Scope, f: FamilyListFilter): Promise<{ items: FamilyListItem[]; total: number }> {
    let q = this.scoped(scope);
    if (f.kelurahanCode) q = q.where('families.kelurahan_code', '=', f.kelurahanCode);
    if (f.regionCode) q = q.where(regionColumn(f.regionCode), '=', f.regionCode);
    if (f.status) q = q.where('families.status', '=', f.status);
    q = this.caseloadFilters(q, f);
    if (f.identifierHash) {
      // Resolve the identifier through its indexes first, then filter the scoped query by the few ids found.
      const ids = await this.familyIdsByIdentifierHash(f.identifierHash, f.asOf);
      if (ids.length === 0) return { items: [], total: 0 };
      q = q.where('families.id', 'in', ids);
    }
    if (f.nameQuery) {
      const pattern = containsPattern(f.nameQuery);
      // Any current member's name (the head is one). Uncorrelated: matching members are found once, not per family.
      q = q.where((eb) =>
        eb(
          'families.id',
          'in',
          eb
            .selectFrom('family_members')
            .innerJoin('persons', 'persons.id', 'family_members.person_id')
            .select('family_members.family_id')
            .where(sql<SqlBool>`persons.name_folded like ${pattern} escape '\\'`)
            .where((e) => currentAt(e as unknown as ExpressionBuilder<DB, 'family_members'>, f.asOf)),
        ),
      );
    }
    const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const total = Number(totalRow.n);
    if (total === 0 || f.offset >= total) return { total, items: [] };
    // The page first (ids only, in order), then its rows: names, regions and member counts are read for
    // the 20 families shown, not for the whole caseload the sort has to look at.
    const page = await q
      .select('families.id')
      .$if(f.orderBy !== 'id', (qb) => qb.orderBy('families.head_name_folded'))
      .orderBy('families.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    if (page.length === 0) return { total, items: [] };
    const rows = await this.db
      .selectFrom('families')
      .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
      .leftJoin('users', 'users.id', 'families.pendamping_id')
      .where(
        'families.id',
        'in',
        page.map((p) => p.id),
      )
      .select((eb) => [
        'families.id',
        'families.kk_number as kkNumber',
        'families.head_name as headName',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'families.status',
        'users.username as pendamping',
        eb
          .selectFrom('family_members')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('family_members.family_id', '=', 'families.id')
          .where((e) => currentAt(e, f.asOf))
          .as('memberCount'),
      ])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      total,
      items: page.flatMap(({ id }) => {
        const r = byId.get(id);
        return r ? [{ ...r, kkNumber: this.maskedKk(r.kkNumber), status: r.status as FamilyStatus, memberCount: Number(r.memberCount ?? 0) }] : [];
      }),
    };
  }

  /**
   * The caseload filters, each a set-based predicate on `families` (a correlated EXISTS or scalar
   * subquery answered through the family_id indexes), so any combination stays one count and one page query.
   */
  private caseloadFilters<Q extends { where: (...args: never[]) => Q }>(query: Q, f: FamilyListFilter): Q {
    // biome-ignore lint/suspicious/noExplicitAny: the scoped select builder's type is long; every predicate below is on `families`
    let q = query as any;
    const asOf = f.asOf;
    if (f.groupId) {
      const groupId = f.groupId;
      q = q.where((eb: ExpressionBuilder<DB, 'families'>) =>
        eb.exists(
          eb
            .selectFrom('family_group_members')
            .innerJoin('family_groups', 'family_groups.id', 'family_group_members.group_id')
            .select(sql.lit(1).as('one'))
            .whereRef('family_group_members.family_id', '=', 'families.id')
            .where('family_group_members.group_id', '=', groupId)
            .where('family_group_members.deleted_at', 'is', null)
            .where('family_groups.deleted_at', 'is', null)
            .where('family_group_members.start_date', '<=', asOf)
            .where((e) => e.or([e('family_group_members.end_date', 'is', null), e('family_group_members.end_date', '>', asOf)])),
        ),
      );
    }
    if (f.component) {
      const c = f.component;
      q = q.where((eb: ExpressionBuilder<DB, 'families'>) =>
        eb.exists(
          eb
            .selectFrom('family_members')
            .innerJoin('persons', 'persons.id', 'family_members.person_id')
            .select(sql.lit(1).as('one'))
            .whereRef('family_members.family_id', '=', 'families.id')
            .where((e) => currentAt(e as unknown as ExpressionBuilder<DB, 'family_members'>, asOf))
            .where('persons.deleted_at', 'is', null)
            .where('persons.birth_date', '<=', asOf)
            .where((e) => e.or([e('persons.death_date', 'is', null), e('persons.death_date', '>', asOf)]))
            .where((e) => componentPredicate(e as unknown as ExpressionBuilder<DB, 'persons'>, c, asOf)),
        ),
      );
    }
    if (f.readiness) {
      // The latest assessment's verdict (null when there is none).
      const latestReady = (eb: ExpressionBuilder<DB, 'families'>) =>
        eb
          .selectFrom('assessments')
          .select('assessments.ready')
          .whereRef('assessments.family_id', '=', 'families.id')
          .where('assessments.deleted_at', 'is', null)
          .orderBy('assessments.assessed_on', 'desc')
          .orderBy('assessments.created_at', 'desc')
          .orderBy('assessments.id', 'desc')
          .limit(1);
      const readiness = f.readiness;
      q = q.where((eb: ExpressionBuilder<DB, 'families'>) =>
        readiness === 'none'
          ? eb.not(eb.exists(eb.selectFrom('assessments').select(sql.lit(1).as('one')).whereRef('assessments.family_id', '=', 'families.id').where('assessments.deleted_at', 'is', null)))
          : eb(latestReady(eb), '=', readiness === 'ready' ? 1 : 0),
      );
    }
    if (f.compliance) {
      const want = f.compliance === 'compliant';
      // The family's snapshot of its latest closed period; its top-level verdict read from the JSON. A period
      // in which no member had a commitment is neither (as the dashboard counts it).
      const postgres = this.db.getExecutor().adapter instanceof PostgresAdapter;
      q = q.where((eb: ExpressionBuilder<DB, 'families'>) =>
        eb.exists(
          eb
            .selectFrom('decision_snapshots')
            .select(sql.lit(1).as('one'))
            .where('decision_snapshots.kind', '=', 'compliance_period')
            .whereRef('decision_snapshots.family_id', '=', 'families.id')
            .where(
              'decision_snapshots.period',
              '=',
              eb
                .selectFrom('decision_snapshots as latest')
                .select((e) => e.fn.max('latest.period').as('p'))
                .where('latest.kind', '=', 'compliance_period')
                .whereRef('latest.family_id', '=', 'families.id'),
            )
            .$if(f.compliance === 'no_obligation', (w) => w.where(sql<boolean>`not (${periodHasItems(postgres)})`))
            .$if(f.compliance !== 'no_obligation', (w) => w.where(periodHasItems(postgres)).where(periodVerdict(postgres), '=', want ? 1 : 0)),
        ),
      );
    }
    if (f.graduationState) {
      const state = f.graduationState;
      q = q.where((eb: ExpressionBuilder<DB, 'families'>) =>
        eb(
          eb
            .selectFrom('graduation_cases')
            .select('graduation_cases.state')
            .whereRef('graduation_cases.family_id', '=', 'families.id')
            .where('graduation_cases.deleted_at', 'is', null)
            .orderBy('graduation_cases.open', 'desc')
            .orderBy('graduation_cases.opened_at', 'desc')
            .orderBy('graduation_cases.id', 'desc')
            .limit(1),
          '=',
          state,
        ),
      );
    }
    return q as Q;
  }

  private async familyIdsByIdentifierHash(hash: string, asOf: CalendarDate): Promise<string[]> {
    const byKk = await this.db.selectFrom('families').select('id').where('kk_hash', '=', hash).where('deleted_at', 'is', null).execute();
    const byNik = await this.db
      .selectFrom('persons')
      .innerJoin('family_members', 'family_members.person_id', 'persons.id')
      .select('family_members.family_id as id')
      .where('persons.nik_hash', '=', hash)
      .where('persons.deleted_at', 'is', null)
      .where((eb) => currentAt(eb as unknown as ExpressionBuilder<DB, 'family_members'>, asOf))
      .execute();
    return [...new Set([...byKk, ...byNik].map((r) => r.id))];
  }

  async get(scope: Scope, id: string): Promise<FamilyRecord | undefined> {
    const r = await this.scoped(scope)
      .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
      .leftJoin('users', 'users.id', 'families.pendamping_id')
      .select([
        'families.id',
        'families.kk_number as kkNumber',
        'families.province_code as provinceCode',
        'families.kab_kota_code as kabKotaCode',
        'families.kecamatan_code as kecamatanCode',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'families.address',
        'families.rt',
        'families.rw',
        'families.joined_year as joinedYear',
        'families.decile',
        'families.status',
        'families.head_name as headName',
        'families.pendamping_id as pendampingId',
        'users.username as pendamping',
        'families.version',
        'families.created_at as createdAt',
        'families.updated_at as updatedAt',
      ])
      .where('families.id', '=', id)
      .executeTakeFirst();
    return r && { ...r, kkNumber: this.kk(r.kkNumber), status: r.status as FamilyStatus };
  }

  /** Members of a family (in scope): current at `asOf`, or every membership ever when asOf is null. */
  async members(scope: Scope, familyId: string, asOf: CalendarDate | null): Promise<MemberRecord[]> {
    return (await this.membersByFamily(scope, [familyId], asOf)).get(familyId) ?? [];
  }

  /** Members of many families at once (one query for the members, one for their facts). */
  async membersByFamily(scope: Scope, familyIds: string[], asOf: CalendarDate | null): Promise<Map<string, MemberRecord[]>> {
    const out = new Map<string, MemberRecord[]>();
    if (familyIds.length === 0) return out;
    const rows = await this.memberRows(scope, familyIds, asOf);
    const factsAsOf = asOf ? await this.factsAsOf(rows.map((r) => r.id), asOf) : new Map<string, FactsRow>();
    for (const { familyId, ...r } of rows) {
      const member = toMemberRecord(r, factsAsOf.get(r.id));
      const list = out.get(familyId);
      if (list) list.push(member);
      else out.set(familyId, [member]);
    }
    return out;
  }

  /**
   * A family's members as they stood on each of several dates (membership and facts in force that day),
   * in two queries whatever the number of dates: every membership of the family, then every facts record
   * of its persons, folded per date.
   */
  async membersOnDates(scope: Scope, familyId: string, dates: readonly CalendarDate[]): Promise<Map<CalendarDate, MemberRecord[]>> {
    const out = new Map<CalendarDate, MemberRecord[]>();
    if (dates.length === 0) return out;
    const rows = await this.memberRows(scope, [familyId], null);
    const records = await this.factsRecords(rows.map((r) => r.id));
    for (const date of new Set(dates)) {
      const members = rows
        .filter((r) => r.startDate <= date && (r.endDate === null || r.endDate > date))
        .map(({ familyId: _family, ...r }) => toMemberRecord(r, foldFacts(records.get(r.id) ?? [], date)));
      out.set(date, members);
    }
    return out;
  }

  /**
   * Members of many families (in scope) as they stood on each of several dates (membership and facts in
   * force that day; as `membersByFamily` per date), for the compliance calculation of a period: two queries
   * whatever the number of families and dates (the memberships overlapping the dates, then the facts records
   * of their persons, folded per date in memory). Without the NIK: nothing is decrypted.
   */
  async membersOnDatesByFamily(scope: Scope, familyIds: string[], dates: readonly CalendarDate[]): Promise<Map<CalendarDate, Map<string, Omit<MemberRecord, 'nik'>[]>>> {
    const out = new Map<CalendarDate, Map<string, Omit<MemberRecord, 'nik'>[]>>();
    const days = [...new Set(dates)].sort();
    if (days.length === 0) return out;
    for (const date of days) out.set(date, new Map());
    if (familyIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('family_members')
      .innerJoin('persons', 'persons.id', 'family_members.person_id')
      .innerJoin('families', 'families.id', 'family_members.family_id')
      .where(familyScope(scope) as never)
      .where('family_members.family_id', 'in', [...new Set(familyIds)])
      .where('family_members.deleted_at', 'is', null)
      .where('family_members.start_date', '<=', days[days.length - 1]!)
      .where((eb) => eb.or([eb('family_members.end_date', 'is', null), eb('family_members.end_date', '>', days[0]!)]))
      .select(MEMBER_COLUMNS)
      .orderBy('family_members.family_id')
      .orderBy('family_members.position')
      .orderBy('family_members.start_date')
      .execute();
    const records = await this.factsRecords(rows.map((r) => r.id));
    for (const date of days) {
      const byFamily = out.get(date)!;
      for (const { familyId, ...r } of rows) {
        if (!(r.startDate <= date && (r.endDate === null || r.endDate > date))) continue;
        const { nik: _nik, ...member } = toMemberRecord({ ...r, nik: null }, foldFacts(records.get(r.id) ?? [], date));
        const list = byFamily.get(familyId);
        if (list) list.push(member);
        else byFamily.set(familyId, [member]);
      }
    }
    return out;
  }

  private async memberRows(scope: Scope, familyIds: string[], asOf: CalendarDate | null) {
    let q = this.db
      .selectFrom('family_members')
      .innerJoin('persons', 'persons.id', 'family_members.person_id')
      .innerJoin('families', 'families.id', 'family_members.family_id')
      .where(familyScope(scope) as never)
      .where('family_members.family_id', 'in', [...new Set(familyIds)])
      .where('family_members.deleted_at', 'is', null);
    if (asOf) q = q.where((eb) => currentAt(eb as never, asOf));
    const rows = await q
      .select([...MEMBER_COLUMNS, 'persons.nik'])
      .orderBy('family_members.family_id')
      .orderBy('family_members.position')
      .orderBy('family_members.start_date')
      .execute();
    return rows.map((r) => ({ ...r, nik: this.nik(r.nik) }));
  }

  /** Ids and regions of live families in scope, optionally inside a region and with a status, in pages by id. */
  /**
   * When each family was in PKH (`inProgramme`): its year of joining, whether it has left (graduasi,
   * keluar) and the latest exit applied by its graduation cases. One query for all of them.
   */
  async programmeSpans(scope: Scope, familyIds: string[]): Promise<Map<string, ProgrammeSpan>> {
    const out = new Map<string, ProgrammeSpan>();
    if (familyIds.length === 0) return out;
    const rows = await this.scoped(scope)
      .leftJoin('graduation_cases', (j) => j.onRef('graduation_cases.family_id', '=', 'families.id').on('graduation_cases.exit_applied', '=', 1))
      .where('families.id', 'in', [...new Set(familyIds)])
      .groupBy(['families.id', 'families.joined_year', 'families.status', 'families.created_at'])
      .select((eb) => ['families.id', 'families.joined_year as joinedYear', 'families.status', 'families.created_at as createdAt', eb.fn.max('graduation_cases.exit_effective_date').as('exitDate')])
      .execute();
    // A family that left other than by a graduation exit (its status changed by an edit): left when its record
    // last changed (the status change, or an edit after it: never before it left). One query for those few.
    const left = (status: string) => status === 'graduasi' || status === 'keluar';
    const undated = rows.filter((r) => left(r.status) && !r.exitDate).map((r) => r.id);
    const lastChange = new Map<string, string>();
    if (undated.length > 0) {
      const changes = await this.db
        .selectFrom('audit_log')
        .where('family_id', 'in', undated)
        .where('action', 'in', ['family.update', 'family.status'])
        .groupBy('family_id')
        .select((eb) => ['family_id as familyId', eb.fn.max('at').as('at')])
        .execute();
      for (const c of changes) if (c.familyId && c.at) lastChange.set(c.familyId, todayInJakarta(new Date(c.at as string)));
    }
    for (const r of rows) {
      out.set(r.id, {
        joinedYear: r.joinedYear === null ? null : Number(r.joinedYear),
        registeredOn: r.createdAt ? todayInJakarta(new Date(r.createdAt)) : null,
        left: left(r.status),
        exitDate: (r.exitDate as string | null) ?? lastChange.get(r.id) ?? null,
      });
    }
    return out;
  }

  async familyIdsInScope(scope: Scope, opts: { regionCode?: string; status?: FamilyStatus; after?: string; limit: number }): Promise<Array<{ id: string; kelurahanCode: string }>> {
    let q = this.scoped(scope).select(['families.id', 'families.kelurahan_code as kelurahanCode']);
    if (opts.regionCode) q = q.where(regionColumn(opts.regionCode), '=', opts.regionCode);
    if (opts.status) q = q.where('families.status', '=', opts.status);
    if (opts.after) q = q.where('families.id', '>', opts.after);
    return q.orderBy('families.id').limit(opts.limit).execute();
  }

  /**
   * The facts in force on a date for each person: the latest record from on or before it; for a date
   * before the first record, the first record (nothing older is known). One query for all persons.
   */
  private async factsAsOf(personIds: string[], asOf: CalendarDate): Promise<Map<string, FactsRow>> {
    const out = new Map<string, FactsRow>();
    for (const [id, records] of await this.factsRecords(personIds)) {
      const f = foldFacts(records, asOf);
      if (f) out.set(id, f);
    }
    return out;
  }

  /** Every facts record of each person, oldest first. One query. */
  private async factsRecords(personIds: string[]) {
    const byPerson = new Map<string, Array<{ person_id: string; valid_from: string } & Partial<Record<(typeof FACT_COLUMNS)[number], string | number | null>>>>();
    if (personIds.length === 0) return byPerson;
    const rows = await this.db
      .selectFrom('person_facts')
      .select(['person_id', 'valid_from', ...FACT_COLUMNS])
      .where('person_id', 'in', [...new Set(personIds)])
      .orderBy('person_id')
      .orderBy('valid_from')
      .execute();
    for (const r of rows) {
      const list = byPerson.get(r.person_id);
      if (list) list.push(r);
      else byPerson.set(r.person_id, [r]);
    }
    return byPerson;
  }

  /**
   * Persons with these NIK hashes: the family they belong to on `asOf` (if any), and the family and end
   * of their latest membership (to let a person re-join only from a family the caller can see).
   */
  async personsByNikHash(hashes: string[], asOf: CalendarDate): Promise<KnownPerson[]> {
    if (hashes.length === 0) return [];
    const rows = await this.db
      .selectFrom('persons')
      .leftJoin('family_members', (join) => join.onRef('family_members.person_id', '=', 'persons.id').on('family_members.deleted_at', 'is', null))
      .select([
        'persons.id as personId',
        'persons.nik_hash as nikHash',
        'persons.death_date as deathDate',
        'family_members.family_id as familyId',
        'family_members.start_date as startDate',
        'family_members.end_date as endDate',
      ])
      .where('persons.nik_hash', 'in', [...new Set(hashes)])
      .where('persons.deleted_at', 'is', null)
      .execute();
    const byPerson = new Map<string, KnownPerson>();
    for (const r of rows) {
      const p = byPerson.get(r.personId) ?? {
        personId: r.personId,
        nikHash: r.nikHash as string,
        deathDate: r.deathDate ?? null,
        currentFamilyId: null,
        lastFamilyId: null,
        lastStart: null,
        lastEnd: null,
      };
      if (r.familyId && r.startDate) {
        if (!r.endDate || r.endDate > asOf) p.currentFamilyId = r.familyId;
        if (!p.lastStart || r.startDate > p.lastStart) {
          p.lastFamilyId = r.familyId;
          p.lastStart = r.startDate;
          p.lastEnd = r.endDate ?? null;
        }
      }
      byPerson.set(r.personId, p);
    }
    return [...byPerson.values()];
  }

  /** The id of a live family with this No. KK hash, whatever the scope (to refuse duplicates). */
  async familyIdByKkHash(kkHash: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('families')
      .select('id')
      .where('kk_hash', '=', kkHash)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return r?.id;
  }

  /** Inserts families with their persons and memberships in one transaction, in batches. */
  async insertFamilies(families: NewFamily[], actor: AuditActor, at: string, reusedPersons: PersonChanges[] = [], trx?: Kysely<DB>): Promise<void> {
    const actorId = actor.id;
    const cipher = this.cipher;
    const run = async (t: Kysely<DB>) => {
      // A new family's one change-log row stands for its new persons and memberships too (change-log.ts):
      // readers of the log take a family's create as a change of its members.
      const changes = families.map((f): ChangeEntry => ({ entity: 'family', recordId: f.id, familyId: f.id, kabKotaCode: f.kabKotaCode, op: 'create', version: 1 }));
      for (const c of reusedPersons) {
        const r = await rejoinPerson(t, this.encryptChanges(c), c.factsFrom ?? at.slice(0, 10), actorId, at);
        const home = families.find((f) => f.memberships.some((m) => m.personId === c.personId));
        changes.push({ entity: 'person', recordId: c.personId, familyId: home?.id ?? null, kabKotaCode: home?.kabKotaCode ?? null, op: 'update', version: r.version });
      }
      const familyRows = families.map((f) => ({
        id: f.id,
        kk_number: f.kkNumberStored ?? cipher.encrypt(f.kkNumber, KK_PURPOSE),
        kk_hash: f.kkHash,
        province_code: f.provinceCode,
        kab_kota_code: f.kabKotaCode,
        kecamatan_code: f.kecamatanCode,
        kelurahan_code: f.kelurahanCode,
        address: f.address,
        rt: f.rt,
        rw: f.rw,
        joined_year: f.joinedYear,
        decile: f.decile,
        status: f.status,
        head_name: f.headName,
        head_name_folded: fold(f.headName),
        pendamping_id: f.pendampingId,
        version: 1,
        created_at: at,
        updated_at: at,
        updated_by: actorId,
        deleted_at: null,
      }));
      const personRows = families.flatMap((f) => f.persons.map((p) => personRow(p, cipher, actorId, at)));
      const membershipRows = families.flatMap((f) => f.memberships.map((m) => membershipRow(m, f, actorId, at)));
      await insertInChunks(t, 'families', familyRows);
      await insertInChunks(t, 'persons', personRows);
      const factRows = families.flatMap((f) => f.persons.map((p) => factsRow(p.id, p.birthDate, p, actorId, at)));
      await insertInChunks(t, 'person_facts', factRows);
      await insertInChunks(t, 'family_members', membershipRows);
      const assignmentRows = families
        .filter((f) => f.pendampingId)
        .map((f) => ({ id: uuidv7(), family_id: f.id, pendamping_id: f.pendampingId, started_at: at, ended_at: null, assigned_by: actorId, reason: 'created', kab_kota_code: f.kabKotaCode }));
      await insertInChunks(t, 'family_assignments', assignmentRows);
      await appendChanges(t, changes, actorId, at);
      await appendAudit(t, actor, at, families.map((f) => createdFamilyAudit(f, reusedPersons)));
    };
    if (trx) await run(trx);
    else await this.db.transaction().execute(run);
  }

  /**
   * Applies an update to a family in scope, all or nothing. The version-guarded family row is written
   * first, so a writer that lost a race changes nothing (on PostgreSQL the row stays locked until commit).
   */
  async update(scope: Scope, familyId: string, u: FamilyUpdate, actor: AuditActor, at: string, inTrx?: Kysely<DB>): Promise<UpdateOutcome> {
    const actorId = actor.id;
    const run = <T>(fn: (trx: Kysely<DB>) => Promise<T>) => (inTrx ? fn(inTrx) : this.db.transaction().execute(fn));
    return run(async (trx) => {
      const current = await trx
        .selectFrom('families')
        .select([
          'id',
          'version',
          'kab_kota_code',
          'kecamatan_code',
          'kelurahan_code',
          'address',
          'rt',
          'rw',
          'joined_year',
          'decile',
          'status',
          'pendamping_id',
        ])
        .where(familyScope(scope))
        .where('families.deleted_at', 'is', null)
        .where('families.id', '=', familyId)
        .executeTakeFirst();
      if (!current) return { ok: false, reason: 'not_found' } as const;
      if (u.expectedVersion !== undefined && u.expectedVersion !== current.version) {
        return { ok: false, reason: 'version_conflict', currentVersion: current.version } as const;
      }
      const familySet = compact({
        kelurahan_code: u.family.kelurahanCode,
        province_code: u.family.provinceCode,
        kab_kota_code: u.family.kabKotaCode,
        kecamatan_code: u.family.kecamatanCode,
        address: u.family.address,
        rt: u.family.rt,
        rw: u.family.rw,
        joined_year: u.family.joinedYear,
        decile: u.family.decile,
        status: u.family.status,
        pendamping_id: u.family.pendampingId,
      });
      const updated = await trx
        .updateTable('families')
        .set({ ...familySet, version: sql`version + 1`, updated_at: at, updated_by: actorId })
        .where('id', '=', familyId)
        .where('version', '=', current.version)
        .returning('version')
        .executeTakeFirst();
      if (!updated) return { ok: false, reason: 'version_conflict' } as const;
      const personsBefore = await this.personsSnapshot(trx, familyId, [
        ...u.personChanges.map((c) => c.personId),
        ...u.endMemberships.map((e) => e.personId),
      ]);
      if (u.family.pendampingId !== undefined && u.family.pendampingId !== current.pendamping_id) {
        await trx.updateTable('family_assignments').set({ ended_at: at }).where('family_id', '=', familyId).where('ended_at', 'is', null).execute();
        await trx
          .insertInto('family_assignments')
          .values({ id: uuidv7(), family_id: familyId, pendamping_id: u.family.pendampingId, started_at: at, ended_at: null, assigned_by: actorId, reason: 'edit', kab_kota_code: u.family.kabKotaCode ?? current.kab_kota_code })
          .execute();
      }

      const kabKota = u.family.kabKotaCode ?? current.kab_kota_code;
      const kecamatan = u.family.kecamatanCode ?? current.kecamatan_code;
      const familyRef = { familyId, kabKotaCode: kabKota };
      const changes: ChangeEntry[] = [{ entity: 'family', recordId: familyId, ...familyRef, op: 'update', version: updated.version }];
      // Memberships still running on `asOf` (open, or ending later) are the ones a change applies to.
      const running = (eb: ExpressionBuilder<DB, 'family_members'>) =>
        eb.and([
          eb('family_members.deleted_at', 'is', null),
          eb.or([eb('family_members.end_date', 'is', null), eb('family_members.end_date', '>', u.asOf)]),
        ]);

      for (const p of u.addPersons) {
        await trx.insertInto('persons').values(personRow(p, this.cipher, actorId, at)).execute();
        await trx.insertInto('person_facts').values(factsRow(p.id, p.birthDate, p, actorId, at)).execute();
        changes.push({ entity: 'person', recordId: p.id, ...familyRef, op: 'create', version: 1 });
      }
      for (const c of u.reusedPersons) {
        const r = await rejoinPerson(trx, this.encryptChanges(c), c.factsFrom ?? u.asOf, actorId, at);
        changes.push({ entity: 'person', recordId: c.personId, ...familyRef, op: 'update', version: r.version });
      }
      for (const m of u.addMemberships) {
        await trx
          .insertInto('family_members')
          .values(membershipRow(m, { id: familyId, kabKotaCode: kabKota, kecamatanCode: kecamatan }, actorId, at))
          .execute();
        changes.push({ entity: 'family_member', recordId: m.id, ...familyRef, op: 'create', version: 1 });
      }
      for (const c of u.personChanges) {
        const personSet = { ...personSetOf(this.encryptChanges(c)), ...(await recordFacts(trx, c, c.factsFrom ?? u.asOf, actorId, at)) };
        if (Object.keys(personSet).length > 0) {
          const r = await trx
            .updateTable('persons')
            .set({ ...personSet, version: sql`version + 1`, updated_at: at, updated_by: actorId })
            .where('id', '=', c.personId)
            .returning('version')
            .executeTakeFirstOrThrow();
          changes.push({ entity: 'person', recordId: c.personId, ...familyRef, op: 'update', version: r.version });
        }
        const memberSet = compact({ relation: c.relation, caretaker: c.caretaker === undefined ? undefined : flag(c.caretaker) });
        if (Object.keys(memberSet).length > 0) {
          const rows = await trx
            .updateTable('family_members')
            .set({ ...memberSet, version: sql`version + 1`, updated_at: at, updated_by: actorId })
            .where('family_id', '=', familyId)
            .where('person_id', '=', c.personId)
            .where(running)
            .returning(['id', 'version'])
            .execute();
          for (const r of rows) changes.push({ entity: 'family_member', recordId: r.id, ...familyRef, op: 'update', version: r.version });
        }
      }
      for (const e of u.endMemberships) {
        const rows = await trx
          .updateTable('family_members')
          .set({ end_date: e.endDate, end_reason: e.reason, version: sql`version + 1`, updated_at: at, updated_by: actorId })
          .where('family_id', '=', familyId)
          .where('person_id', '=', e.personId)
          .where(running)
          .returning(['id', 'version'])
          .execute();
        for (const r of rows) changes.push({ entity: 'family_member', recordId: r.id, ...familyRef, op: 'update', version: r.version });
        if (e.deathDate && rows.length > 0) {
          const r = await trx
            .updateTable('persons')
            .set({ death_date: e.deathDate, version: sql`version + 1`, updated_at: at, updated_by: actorId })
            .where('id', '=', e.personId)
            .returning('version')
            .executeTakeFirstOrThrow();
          changes.push({ entity: 'person', recordId: e.personId, ...familyRef, op: 'update', version: r.version });
        }
      }
      // The head's name is denormalised onto the family for lists (not a change of its own: no version bump).
      const head = await trx
        .selectFrom('family_members')
        .innerJoin('persons', 'persons.id', 'family_members.person_id')
        .select('persons.name')
        .where('family_members.family_id', '=', familyId)
        .where('family_members.relation', '=', 'kepala_keluarga')
        .where('family_members.start_date', '<=', u.asOf)
        .where((eb) => running(eb as unknown as ExpressionBuilder<DB, 'family_members'>))
        .orderBy('family_members.start_date', 'desc')
        .executeTakeFirst();
      await trx
        .updateTable('families')
        .set({ head_name: head?.name ?? '', head_name_folded: fold(head?.name ?? '') })
        .where('id', '=', familyId)
        .execute();
      if (u.family.kabKotaCode || u.family.kecamatanCode) {
        await trx
          .updateTable('family_members')
          .set({ kab_kota_code: kabKota, kecamatan_code: kecamatan })
          .where('family_id', '=', familyId)
          .execute();
      }
      await appendChanges(trx, changes, actorId, at);
      await appendAudit(trx, actor, at, [updatedFamilyAudit(familyId, current, u, personsBefore)]);
      // A family moved to another kecamatan or pendamping leaves the groups it may no longer be in, on the move's day.
      const moved =
        (u.family.kelurahanCode !== undefined && u.family.kelurahanCode !== current.kelurahan_code) ||
        (u.family.pendampingId !== undefined && u.family.pendampingId !== current.pendamping_id);
      if (moved && !u.groupsLeftByCaller) await leaveGroupsAfterMove(trx, [familyId], u.asOf, actor, at);
      return { ok: true, version: updated.version } as const;
    });
  }

  /** A person change with its NIK encrypted for storage. */
  private encryptChanges(c: PersonChanges): PersonChanges {
    return c.nik ? { ...c, nik: this.cipher.encrypt(c.nik, NIK_PURPOSE) } : c;
  }

  /** What the audit trail records of persons before a change: the changeable fields, NIK masked. */
  private async personsSnapshot(trx: Kysely<DB>, familyId: string, personIds: string[]): Promise<Map<string, Record<string, unknown>>> {
    if (personIds.length === 0) return new Map();
    const rows = await trx
      .selectFrom('persons')
      .leftJoin('family_members', (j) =>
        j.onRef('family_members.person_id', '=', 'persons.id').on('family_members.family_id', '=', familyId).on('family_members.end_date', 'is', null),
      )
      .select([
        'persons.id',
        'persons.nik',
        'persons.name',
        'persons.sex',
        'persons.birth_date',
        'persons.school_level',
        'persons.pregnant',
        'persons.postpartum',
        'persons.severe_disability',
        'family_members.relation',
        'family_members.caretaker',
      ])
      .where('persons.id', 'in', [...new Set(personIds)])
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          name: r.name,
          nik: r.nik ? maskIdentifier(this.cipher.decrypt(r.nik, NIK_PURPOSE)) : null,
          sex: r.sex,
          birthDate: r.birth_date,
          schoolLevel: r.school_level,
          pregnant: r.pregnant === 1,
          postpartum: r.postpartum === 1,
          severeDisability: r.severe_disability === 1,
          relation: r.relation,
          caretaker: r.caretaker === null ? null : r.caretaker === 1,
        },
      ]),
    );
  }

  /** One stored NIK with its keyed hash (to check that a key matches the data), or undefined. */
  async samplePersonIdentity(): Promise<{ nik: string; nikHash: string } | undefined> {
    const r = await this.db
      .selectFrom('persons')
      .select(['nik', 'nik_hash'])
      .where('nik', 'is not', null)
      .where('nik_hash', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    return r ? { nik: this.cipher.decrypt(r.nik as string, NIK_PURPOSE), nikHash: r.nik_hash as string } : undefined;
  }

  /**
   * Whether any NIK or No. KK is stored in plaintext (written before encryption existed). Answered from the
   * partial indexes of migration 0019 (empty in normal operation), whose conditions are repeated here as
   * literals: a bound parameter would keep SQLite (and a generic PostgreSQL plan) from matching them, and
   * the question would read every row.
   */
  async hasPlaintextIdentifiers(): Promise<boolean> {
    for (const q of PLAINTEXT_CHECKS) {
      if ((await sql.raw<{ id: string }>(q).execute(this.db)).rows.length > 0) return true;
    }
    return false;
  }

  /** The query plans of hasPlaintextIdentifiers' reads (for tests: they must use the partial indexes). */
  async plaintextCheckPlans(): Promise<string[]> {
    const explain = this.db.getExecutor().adapter instanceof PostgresAdapter ? 'explain' : 'explain query plan';
    const plans: string[] = [];
    for (const q of PLAINTEXT_CHECKS) {
      const rows = (await sql.raw<Record<string, unknown>>(`${explain} ${q}`).execute(this.db)).rows;
      plans.push(rows.map((r) => Object.values(r).join(' ')).join('\n'));
    }
    return plans;
  }

  /**
   * Re-encrypts every NIK and No. KK not under the current key (plaintext included), in pages by id,
   * each page in its own short transaction, so it can run while the server serves. Not a change of the
   * records themselves: versions stay; one audit entry records the run.
   */
  async reencryptIdentifiers(actor: AuditActor, onProgress?: (done: { persons: number; families: number }) => void, pageSize = 2000) {
    const done = { persons: 0, families: 0 };
    for (const target of [
      { table: 'persons', column: 'nik', purpose: NIK_PURPOSE, key: 'persons' },
      { table: 'families', column: 'kk_number', purpose: KK_PURPOSE, key: 'families' },
    ] as const) {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows: Array<{ id: string; value: string | null }> = await this.db
          .selectFrom(target.table)
          .select(['id', `${target.column} as value`] as never)
          .where('id', '>', after as never)
          .orderBy('id')
          .limit(pageSize)
          .execute() as never;
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!.id;
        const stale = rows.filter((r) => r.value !== null && !this.cipher.isCurrent(r.value));
        if (stale.length > 0) {
          await this.db.transaction().execute(async (trx) => {
            for (const r of stale) {
              const fresh = this.cipher.encrypt(this.cipher.decrypt(r.value!, target.purpose), target.purpose);
              // Only if unchanged meanwhile: a concurrent edit already wrote it under the current key.
              await trx
                .updateTable(target.table)
                .set({ [target.column]: fresh } as never)
                .where('id', '=', r.id as never)
                .where(target.column as never, '=', r.value as never)
                .execute();
            }
          });
          done[target.key] += stale.length;
        }
        onProgress?.({ ...done });
        if (rows.length < pageSize) break;
      }
    }
    await appendAudit(this.db, actor, new Date().toISOString(), [
      { action: 'identifiers.reencrypt', entity: 'system', after: { keyId: this.cipher.currentKeyId, persons: done.persons, families: done.families } },
    ]);
    return done;
  }

  async countFamilies(): Promise<number> {
    const r = await this.db.selectFrom('families').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

/** A known person re-joining a family: their identity columns and facts (from `from`) are refreshed. */
async function rejoinPerson(trx: Kysely<DB>, c: PersonChanges, from: CalendarDate, actorId: string | null, at: string) {
  const latest = await recordFacts(trx, c, from, actorId, at);
  return trx
    .updateTable('persons')
    .set({ ...personSetOf(c), ...latest, version: sql`version + 1`, updated_at: at, updated_by: actorId })
    .where('id', '=', c.personId)
    .returning('version')
    .executeTakeFirstOrThrow();
}

/** Identity columns of a person change (the effective-dated facts go through `recordFacts`). */
function personSetOf(c: PersonChanges) {
  return compact({
    name: c.name,
    name_folded: c.name === undefined ? undefined : fold(c.name),
    nik: c.nik,
    nik_hash: c.nikHash,
    sex: c.sex,
    birth_date: c.birthDate,
  });
}

const hasFactChange = (c: PersonChanges) =>
  c.schoolLevel !== undefined || c.pregnant !== undefined || c.postpartum !== undefined || c.severeDisability !== undefined;

const nullableFlag = (b: boolean | undefined) => (b === undefined ? null : flag(b));

/**
 * A facts record. Each record holds only what changed on its date (null = unchanged); a person's first
 * record, from birth, holds every fact. A fact's value on a date is its latest non-null value on or before
 * that date, so a backdated change never overrides later changes of other facts.
 */
function factsRow(
  personId: string,
  from: CalendarDate,
  f: { schoolLevel?: SchoolLevel; pregnant?: boolean; postpartum?: boolean; severeDisability?: boolean },
  actorId: string | null,
  at: string,
) {
  return {
    id: uuidv7(),
    person_id: personId,
    valid_from: from,
    school_level: f.schoolLevel ?? null,
    pregnant: nullableFlag(f.pregnant),
    postpartum: nullableFlag(f.postpartum),
    severe_disability: nullableFlag(f.severeDisability),
    recorded_at: at,
    recorded_by: actorId,
  };
}

const FACT_COLUMNS = ['school_level', 'pregnant', 'postpartum', 'severe_disability'] as const;

/**
 * Folds sparse facts records (sorted by valid_from) into the facts in force on a date: per fact, the
 * latest value on or before it; before the first record, the first known value (nothing older is known).
 * With asOf null: the latest values.
 */
type MemberRow = Omit<MemberRecord, 'relation' | 'sex' | 'schoolLevel' | 'pregnant' | 'postpartum' | 'severeDisability' | 'caretaker'> & {
  relation: string;
  sex: string;
  schoolLevel: string;
  pregnant: number;
  postpartum: number;
  severeDisability: number;
  caretaker: number;
};

/** A membership row with the facts in force (the person's current columns when no facts record is known). */
function toMemberRecord(r: MemberRow, facts: FactsRow | undefined): MemberRecord {
  const f = facts ?? { school_level: r.schoolLevel, pregnant: r.pregnant, postpartum: r.postpartum, severe_disability: r.severeDisability };
  return {
    ...r,
    relation: r.relation as Relation,
    sex: r.sex as Sex,
    schoolLevel: f.school_level as SchoolLevel,
    pregnant: f.pregnant === 1,
    postpartum: f.postpartum === 1,
    severeDisability: f.severe_disability === 1,
    caretaker: r.caretaker === 1,
  };
}

export function foldFacts(records: ReadonlyArray<Partial<Record<(typeof FACT_COLUMNS)[number], string | number | null>> & { valid_from: string }>, asOf: CalendarDate | null): FactsRow | undefined {
  if (records.length === 0) return undefined;
  const out: Record<string, string | number | null> = {};
  for (const col of FACT_COLUMNS) {
    let value: string | number | null = null;
    for (const r of records) {
      const v = r[col];
      if (v === null || v === undefined) continue;
      if (asOf !== null && r.valid_from > asOf && value !== null) break;
      value = v;
      if (asOf !== null && r.valid_from > asOf) break;
    }
    out[col] = value;
  }
  return out as unknown as FactsRow;
}

/**
 * Records changed facts from a date (only the changed ones; a same-day record is merged). Returns the
 * latest facts, for the person's current columns.
 */
async function recordFacts(trx: Kysely<DB>, c: PersonChanges, from: CalendarDate, actorId: string | null, at: string) {
  if (!hasFactChange(c)) return {};
  const row = factsRow(c.personId, from, c, actorId, at);
  const changed = compact({
    school_level: row.school_level ?? undefined,
    pregnant: row.pregnant ?? undefined,
    postpartum: row.postpartum ?? undefined,
    severe_disability: row.severe_disability ?? undefined,
  });
  await trx
    .insertInto('person_facts')
    .values(row)
    .onConflict((oc) => oc.columns(['person_id', 'valid_from']).doUpdateSet({ ...changed, recorded_at: at, recorded_by: actorId }))
    .execute();
  const records = await trx
    .selectFrom('person_facts')
    .select(['valid_from', ...FACT_COLUMNS])
    .where('person_id', '=', c.personId)
    .orderBy('valid_from')
    .execute();
  const latest = foldFacts(records, null)!;
  return {
    school_level: latest.school_level,
    pregnant: latest.pregnant as Flag,
    postpartum: latest.postpartum as Flag,
    severe_disability: latest.severe_disability as Flag,
  };
}

function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function personRow(p: NewPerson, cipher: FieldCipher, actorId: string | null, at: string) {
  return {
    id: p.id,
    nik: p.nikStored !== undefined ? p.nikStored : p.nik === null ? null : cipher.encrypt(p.nik, NIK_PURPOSE),
    nik_hash: p.nikHash,
    name: p.name,
    name_folded: fold(p.name),
    sex: p.sex,
    birth_date: p.birthDate,
    death_date: null,
    school_level: p.schoolLevel,
    pregnant: flag(p.pregnant),
    postpartum: flag(p.postpartum),
    severe_disability: flag(p.severeDisability),
    version: 1,
    created_at: at,
    updated_at: at,
    updated_by: actorId,
    deleted_at: null,
  };
}

function membershipRow(m: NewMembership, f: { id: string; kabKotaCode: string; kecamatanCode: string }, actorId: string | null, at: string) {
  return {
    id: m.id,
    family_id: f.id,
    person_id: m.personId,
    relation: m.relation,
    caretaker: flag(m.caretaker),
    start_date: m.startDate,
    end_date: null,
    end_reason: null,
    kab_kota_code: f.kabKotaCode,
    kecamatan_code: f.kecamatanCode,
    position: m.position,
    version: 1,
    created_at: at,
    updated_at: at,
    updated_by: actorId,
    deleted_at: null,
  };
}

const maskNik = (nik: string | null | undefined) => (nik ? maskIdentifier(nik) : null);

/** Person fields as the audit trail records them (NIK masked: the trail is not a second copy of identities). */
function auditPerson(p: Partial<NewPerson> & { personId?: string }) {
  return compact({
    personId: p.personId ?? p.id,
    name: p.name,
    // A writer without the plaintext (a bulk import) passes the mask it staged.
    nik: p.nik ? maskNik(p.nik) : p.nikMasked !== undefined ? p.nikMasked : p.nik === undefined ? undefined : null,
    sex: p.sex,
    birthDate: p.birthDate,
    schoolLevel: p.schoolLevel,
    pregnant: p.pregnant,
    postpartum: p.postpartum,
    severeDisability: p.severeDisability,
  });
}

function createdFamilyAudit(f: NewFamily, reused: PersonChanges[]): AuditDraft {
  const reusedHere = reused.filter((c) => f.memberships.some((m) => m.personId === c.personId));
  return {
    action: 'family.create',
    entity: 'family',
    recordId: f.id,
    familyId: f.id,
    regionCode: f.kelurahanCode,
    after: {
      ...(f.importJobId ? { importJob: f.importJobId } : {}),
      kkNumber: f.kkNumber ? maskIdentifier(f.kkNumber) : (f.kkMasked ?? ''),
      kelurahanCode: f.kelurahanCode,
      address: f.address,
      rt: f.rt,
      rw: f.rw,
      joinedYear: f.joinedYear,
      decile: f.decile,
      status: f.status,
      pendampingId: f.pendampingId,
      persons: [...f.persons.map((p) => auditPerson(p)), ...reusedHere.map((c) => auditPerson({ ...c, nik: c.nik ?? undefined }))],
      memberships: f.memberships.map((m) => ({ personId: m.personId, relation: m.relation, caretaker: m.caretaker, startDate: m.startDate })),
    },
  };
}

const FAMILY_AUDIT_FIELDS = {
  kelurahanCode: 'kelurahan_code',
  address: 'address',
  rt: 'rt',
  rw: 'rw',
  joinedYear: 'joined_year',
  decile: 'decile',
  status: 'status',
  pendampingId: 'pendamping_id',
} as const;

function updatedFamilyAudit(
  familyId: string,
  current: Record<(typeof FAMILY_AUDIT_FIELDS)[keyof typeof FAMILY_AUDIT_FIELDS], unknown>,
  u: FamilyUpdate,
  personsBefore: Map<string, Record<string, unknown>>,
): AuditDraft {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(FAMILY_AUDIT_FIELDS)) {
    const value = u.family[key as keyof FamilyChanges];
    if (value !== undefined && value !== current[column]) {
      before[key] = current[column];
      after[key] = value;
    }
  }
  const changed = u.personChanges.map((c) => {
    const was = personsBefore.get(c.personId) ?? {};
    const now = { ...auditPerson({ ...c, nik: c.nik ?? undefined }), ...compact({ relation: c.relation, caretaker: c.caretaker, factsFrom: c.factsFrom }) };
    const prior = Object.fromEntries(Object.keys(now).filter((k) => k in was).map((k) => [k, was[k]]));
    return { personId: c.personId, before: prior, after: now };
  });
  if (changed.length) {
    before.members = changed.map((c) => ({ personId: c.personId, ...c.before }));
    after.members = changed.map((c) => c.after);
  }
  const added = [...u.addPersons.map((p) => auditPerson(p)), ...u.reusedPersons.map((c) => auditPerson({ ...c, nik: c.nik ?? undefined }))];
  if (added.length) after.added = added.map((p) => ({ ...p, ...compact({ relation: u.addMemberships.find((m) => m.personId === p.personId)?.relation }) }));
  if (u.endMemberships.length) {
    before.ended = u.endMemberships.map((e) => ({ personId: e.personId, ...(personsBefore.get(e.personId) ?? {}) }));
    after.ended = u.endMemberships.map((e) => compact({ personId: e.personId, endDate: e.endDate, reason: e.reason, deathDate: e.deathDate }));
  }
  if (u.importJobId) after.importJob = u.importJobId;
  const region = (u.family.kelurahanCode ?? current.kelurahan_code) as string;
  return { action: 'family.update', entity: 'family', recordId: familyId, familyId, regionCode: region, before, after };
}
