/**
 * The reads behind streamed exports (families and members, compliance, activities, graduation). Every
 * export walks the families in the caller's scope by keyset pagination (families.id, a UUIDv7: a stable
 * order), one page at a time, and reads each page's rows with one set-based query per table (never one
 * family at a time). Every query here applies `familyScope`: the page of families, and again each
 * table's rows joined to their family (no side door). NIK is decrypted only when asked for
 * (`identities`), and so is No. KK (researchers get a pseudonym instead).
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { CalendarDate, FamilyStatus } from '../../../domain/types';
import type { FieldCipher } from '../../security/field-cipher';
import type { DB } from '../schema';
import { familyScope, regionColumn, type Scope } from '../scope';
import { chunks } from './batch-insert';
import { foldFacts, KK_PURPOSE, NIK_PURPOSE } from './families.repository';

export interface ExportFamilyPageFilter {
  /** Any region code (province, kab/kota, kecamatan or kelurahan): families inside it. */
  regionCode?: string;
  status?: FamilyStatus;
  /** Keyset: families with an id after this one. */
  after?: string;
  limit: number;
  /** Whether the caller sees identities: No. KK is decrypted only then. */
  identities: boolean;
}

export interface ExportFamily {
  id: string;
  /** Decrypted when the page was asked with `identities`, else ''. */
  kkNumber: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  address: string;
  rt: string;
  rw: string;
  joinedYear: number | null;
  decile: number | null;
  status: string;
  headName: string;
  pendamping: string | null;
}

export interface ExportMember {
  personId: string;
  /** Decrypted when `identities`, else only whether there is one ('' for present, null for none). */
  nik: string | null;
  name: string;
  relation: string;
  sex: string;
  birthDate: string;
  schoolLevel: string;
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  caretaker: boolean;
  startDate: string;
  position: number;
}

export interface ExportActivity {
  id: string;
  familyId: string;
  date: string;
  type: string;
  notes: string | null;
  pendamping: string | null;
  roles: string[];
  factors: string[];
  obstacles: string[];
}

export interface ExportCase {
  id: string;
  familyId: string;
  type: string;
  state: string;
  open: boolean;
  openedAt: string;
  statementSignedAt: string | null;
  approvedAt: string | null;
  exitEffectiveDate: string | null;
  closedAt: string | null;
  /** The latest move into each state (ISO timestamps), by state. */
  steps: Record<string, string>;
}

export interface ExportCandidate {
  familyId: string;
  type: string;
  reasonCode: string;
  params: Record<string, unknown>;
  dueDate: string | null;
  evaluatedAt: string;
  caseState: string | null;
}

export interface ExportPerson {
  personId: string;
  nik: string | null;
  name: string;
}

const FACT_COLUMNS = ['school_level', 'pregnant', 'postpartum', 'severe_disability'] as const;

/** Rows per `IN (...)` list: well under both engines' parameter limits. */
const IN_CHUNK = 5_000;

export class ExportsRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly cipher: FieldCipher,
  ) {}

  /** The next page of live families in scope (and in the region, with the status), ordered by id. */
  async familiesPage(scope: Scope, f: ExportFamilyPageFilter): Promise<ExportFamily[]> {
    let q = this.db.selectFrom('families').where(familyScope(scope)).where('families.deleted_at', 'is', null);
    if (f.regionCode) q = q.where(regionColumn(f.regionCode), '=', f.regionCode);
    if (f.status) q = q.where('families.status', '=', f.status);
    if (f.after) q = q.where('families.id', '>', f.after);
    const rows = await q
      .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
      .leftJoin('users', 'users.id', 'families.pendamping_id')
      .select([
        'families.id',
        'families.kk_number as kkNumber',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        'families.address',
        'families.rt',
        'families.rw',
        'families.joined_year as joinedYear',
        'families.decile',
        'families.status',
        'families.head_name as headName',
        'users.username as pendamping',
      ])
      .orderBy('families.id')
      .limit(f.limit)
      .execute();
    return rows.map((r) => ({
      ...r,
      kkNumber: f.identities ? this.cipher.decrypt(r.kkNumber, KK_PURPOSE) : '',
      joinedYear: r.joinedYear === null ? null : Number(r.joinedYear),
      decile: r.decile === null ? null : Number(r.decile),
    }));
  }

  /**
   * The members of a page of families current on `asOf` (in their stored position order), with the facts
   * in force on that date: one query for the members, one for the few persons with facts recorded after
   * `asOf` (everyone else's current columns are those facts).
   */
  async membersOf(scope: Scope, familyIds: string[], asOf: CalendarDate, opts: { identities: boolean }): Promise<Map<string, ExportMember[]>> {
    const out = new Map<string, ExportMember[]>();
    if (familyIds.length === 0) return out;
    const rows = [];
    for (const ids of chunks(familyIds, IN_CHUNK)) {
      rows.push(
        ...(await this.db
          .selectFrom('family_members')
          .innerJoin('families', 'families.id', 'family_members.family_id')
          .innerJoin('persons', 'persons.id', 'family_members.person_id')
          .where(familyScope(scope) as never)
          .where('family_members.family_id', 'in', ids)
          .where((eb) => currentOn(eb as unknown as ExpressionBuilder<DB, 'family_members'>, asOf))
          .select([
            'family_members.family_id as familyId',
            'persons.id as personId',
            'persons.nik',
            'persons.name',
            'family_members.relation',
            'persons.sex',
            'persons.birth_date as birthDate',
            'persons.school_level as schoolLevel',
            'persons.pregnant',
            'persons.postpartum',
            'persons.severe_disability as severeDisability',
            'family_members.caretaker',
            'family_members.start_date as startDate',
            'family_members.position',
          ])
          .orderBy('family_members.family_id')
          .orderBy('family_members.position')
          .orderBy('family_members.start_date')
          .execute()),
      );
    }
    const later = await this.factsRecordedAfter(
      rows.map((r) => r.personId),
      asOf,
    );
    for (const { familyId, ...r } of rows) {
      const f = later.get(r.personId) ?? { school_level: r.schoolLevel, pregnant: r.pregnant, postpartum: r.postpartum, severe_disability: r.severeDisability };
      const member: ExportMember = {
        personId: r.personId,
        nik: r.nik === null ? null : opts.identities ? this.cipher.decrypt(r.nik, NIK_PURPOSE) : '',
        name: r.name,
        relation: r.relation,
        sex: r.sex,
        birthDate: r.birthDate,
        schoolLevel: String(f.school_level),
        pregnant: Number(f.pregnant) === 1,
        postpartum: Number(f.postpartum) === 1,
        severeDisability: Number(f.severe_disability) === 1,
        caretaker: Number(r.caretaker) === 1,
        startDate: r.startDate,
        position: Number(r.position),
      };
      const list = out.get(familyId);
      if (list) list.push(member);
      else out.set(familyId, [member]);
    }
    return out;
  }

  /**
   * The facts in force on `asOf` of the persons among these who have facts recorded after it (rare: a
   * person's current columns hold their latest facts, which are the facts of today unless a change was
   * recorded to start later).
   */
  private async factsRecordedAfter(personIds: string[], asOf: CalendarDate) {
    const out = new Map<string, { school_level: string | number | null; pregnant: string | number | null; postpartum: string | number | null; severe_disability: string | number | null }>();
    const later = new Set<string>();
    for (const ids of chunks([...new Set(personIds)], IN_CHUNK)) {
      const rows = await this.db.selectFrom('person_facts').select('person_id').where('person_id', 'in', ids).where('valid_from', '>', asOf).execute();
      for (const r of rows) later.add(r.person_id);
    }
    if (later.size === 0) return out;
    const records = await this.db
      .selectFrom('person_facts')
      .select(['person_id', 'valid_from', ...FACT_COLUMNS])
      .where('person_id', 'in', [...later])
      .orderBy('person_id')
      .orderBy('valid_from')
      .execute();
    const byPerson = new Map<string, typeof records>();
    for (const r of records) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r]);
    for (const [id, list] of byPerson) {
      const f = foldFacts(list, asOf);
      if (f) out.set(id, f);
    }
    return out;
  }

  /** Persons who are or were members of these families (in scope): names and NIK (decrypted when `identities`). */
  async personsOf(scope: Scope, familyIds: string[], personIds: string[], opts: { identities: boolean }): Promise<Map<string, ExportPerson>> {
    const out = new Map<string, ExportPerson>();
    if (familyIds.length === 0 || personIds.length === 0) return out;
    for (const ids of chunks([...new Set(personIds)], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('persons')
        .select(['persons.id', 'persons.nik', 'persons.name'])
        .where('persons.id', 'in', ids)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('family_members')
              .innerJoin('families', 'families.id', 'family_members.family_id')
              .select(sql.lit(1).as('one'))
              .whereRef('family_members.person_id', '=', 'persons.id')
              .where('family_members.family_id', 'in', familyIds)
              .where(familyScope(scope) as never),
          ),
        )
        .execute();
      for (const r of rows) {
        out.set(r.id, { personId: r.id, name: r.name, nik: r.nik === null ? null : opts.identities ? this.cipher.decrypt(r.nik, NIK_PURPOSE) : '' });
      }
    }
    return out;
  }

  /** The live activities of a page of families (in scope), optionally within dates and of a type, with their tags. */
  async activitiesOf(scope: Scope, familyIds: string[], f: { from?: CalendarDate; to?: CalendarDate; type?: string }): Promise<ExportActivity[]> {
    if (familyIds.length === 0) return [];
    let q = this.db
      .selectFrom('activities')
      .innerJoin('families', 'families.id', 'activities.family_id')
      .leftJoin('users', 'users.id', 'activities.pendamping_id')
      .where(familyScope(scope) as never)
      .where('activities.family_id', 'in', familyIds)
      .where('activities.deleted_at', 'is', null);
    if (f.from) q = q.where('activities.date', '>=', f.from);
    if (f.to) q = q.where('activities.date', '<=', f.to);
    if (f.type) q = q.where('activities.type', '=', f.type);
    const rows = await q
      .select(['activities.id', 'activities.family_id as familyId', 'activities.date', 'activities.type', 'activities.notes', 'users.username as pendamping'])
      .orderBy('activities.family_id')
      .orderBy('activities.date')
      .orderBy('activities.created_at')
      .orderBy('activities.id')
      .execute();
    const tags = new Map<string, { role: string[]; factor: string[]; obstacle: string[] }>();
    for (const ids of chunks(
      rows.map((r) => r.id),
      IN_CHUNK,
    )) {
      const found = await this.db.selectFrom('activity_tags').select(['activity_id', 'kind', 'code']).where('activity_id', 'in', ids).orderBy('code').execute();
      for (const t of found) {
        const entry = tags.get(t.activity_id) ?? { role: [], factor: [], obstacle: [] };
        if (t.kind === 'role' || t.kind === 'factor' || t.kind === 'obstacle') entry[t.kind].push(t.code);
        tags.set(t.activity_id, entry);
      }
    }
    return rows.map((r) => ({ ...r, roles: tags.get(r.id)?.role ?? [], factors: tags.get(r.id)?.factor ?? [], obstacles: tags.get(r.id)?.obstacle ?? [] }));
  }

  /** The graduation cases of a page of families (in scope), with the latest move into each state. */
  async casesOf(scope: Scope, familyIds: string[], f: { state?: string; type?: string }): Promise<ExportCase[]> {
    if (familyIds.length === 0) return [];
    let q = this.db
      .selectFrom('graduation_cases')
      .innerJoin('families', 'families.id', 'graduation_cases.family_id')
      .where(familyScope(scope) as never)
      .where('graduation_cases.family_id', 'in', familyIds)
      .where('graduation_cases.deleted_at', 'is', null);
    if (f.state) q = q.where('graduation_cases.state', '=', f.state);
    if (f.type) q = q.where('graduation_cases.type', '=', f.type);
    const rows = await q
      .select([
        'graduation_cases.id',
        'graduation_cases.family_id as familyId',
        'graduation_cases.type',
        'graduation_cases.state',
        'graduation_cases.open',
        'graduation_cases.opened_at as openedAt',
        'graduation_cases.statement_signed_at as statementSignedAt',
        'graduation_cases.approved_at as approvedAt',
        'graduation_cases.exit_effective_date as exitEffectiveDate',
        'graduation_cases.closed_at as closedAt',
      ])
      .orderBy('graduation_cases.family_id')
      .orderBy('graduation_cases.opened_at')
      .orderBy('graduation_cases.id')
      .execute();
    const steps = new Map<string, Record<string, string>>();
    for (const ids of chunks(
      rows.map((r) => r.id),
      IN_CHUNK,
    )) {
      const moves = await this.db
        .selectFrom('graduation_transitions')
        .select(['case_id as caseId', 'to_state as toState', (eb) => eb.fn.max('at').as('at')])
        .where('case_id', 'in', ids)
        .groupBy(['case_id', 'to_state'])
        .execute();
      for (const m of moves) steps.set(m.caseId, { ...(steps.get(m.caseId) ?? {}), [m.toState]: String(m.at) });
    }
    return rows.map((r) => ({ ...r, open: Number(r.open) === 1, steps: steps.get(r.id) ?? {} }));
  }

  /** What the graduation triggers found for a page of families (in scope), with each family's open case state. */
  async candidatesOf(scope: Scope, familyIds: string[], f: { type?: string }): Promise<ExportCandidate[]> {
    if (familyIds.length === 0) return [];
    let q = this.db
      .selectFrom('graduation_candidates')
      .innerJoin('families', 'families.id', 'graduation_candidates.family_id')
      .leftJoin('graduation_cases', (j) => j.onRef('graduation_cases.family_id', '=', 'families.id').on('graduation_cases.open', '=', 1))
      .where(familyScope(scope) as never)
      .where('graduation_candidates.family_id', 'in', familyIds);
    if (f.type) q = q.where('graduation_candidates.type', '=', f.type);
    const rows = await q
      .select([
        'graduation_candidates.family_id as familyId',
        'graduation_candidates.type',
        'graduation_candidates.reason_code as reasonCode',
        'graduation_candidates.params',
        'graduation_candidates.due_date as dueDate',
        'graduation_candidates.evaluated_at as evaluatedAt',
        'graduation_cases.state as caseState',
      ])
      .orderBy('graduation_candidates.family_id')
      .orderBy('graduation_candidates.type')
      .orderBy('graduation_candidates.reason_code')
      .execute();
    return rows.map((r) => ({ ...r, params: parseJson(r.params) }));
  }

  /** Frozen compliance results (snapshots of `kind`) of a page of families (in scope) for some periods: family -> period -> data. */
  async snapshotsOf<T>(scope: Scope, kind: string, familyIds: string[], periods: string[]): Promise<Map<string, Map<string, T>>> {
    const out = new Map<string, Map<string, T>>();
    if (familyIds.length === 0 || periods.length === 0) return out;
    const rows = await this.db
      .selectFrom('decision_snapshots')
      .innerJoin('families', 'families.id', 'decision_snapshots.family_id')
      .where(familyScope(scope) as never)
      .where('decision_snapshots.kind', '=', kind)
      .where('decision_snapshots.family_id', 'in', familyIds)
      .where('decision_snapshots.period', 'in', periods)
      .select(['decision_snapshots.family_id as familyId', 'decision_snapshots.period', 'decision_snapshots.data'])
      .execute();
    for (const r of rows) {
      const byPeriod = out.get(r.familyId!) ?? new Map<string, T>();
      byPeriod.set(r.period, JSON.parse(r.data) as T);
      out.set(r.familyId!, byPeriod);
    }
    return out;
  }
}

/** Memberships current on a date: started on or before it, not ended by it, not deleted. */
function currentOn(eb: ExpressionBuilder<DB, 'family_members'>, asOf: CalendarDate) {
  return eb.and([
    eb('family_members.start_date', '<=', asOf),
    eb.or([eb('family_members.end_date', 'is', null), eb('family_members.end_date', '>', asOf)]),
    eb('family_members.deleted_at', 'is', null),
  ]);
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
