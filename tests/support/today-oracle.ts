/**
 * The oracle for tests/medium/today-scale.test.ts and bench/today-scale.ts: the "today" repository's two
 * rewritten lists as they were before the scale rewrite (a `count(*) over ()` window total, the last home
 * visit as a correlated subquery per family, a NOT EXISTS per month per pupil). The repository must answer
 * exactly what this one answers.
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { CalendarDate } from '../../src/domain/types';
import type { DB } from '../../src/server/db/schema';
import { familyScope, type Scope } from '../../src/server/db/scope';
import { type TodayList, TodayRepository, type VerificationRow, type VisitRow } from '../../src/server/db/repositories/today.repository';

const SCHOOL_LEVELS = ['sd', 'smp', 'sma'];
/** Families whose work is still going on (graduated and departed families get no visits or checks). */
const WORKING_STATUSES = ['aktif', 'ditangguhkan'];

function totalOf<T extends { total: number | string | bigint | null }>(rows: T[]): number {
  return rows.length ? Number(rows[0]!.total) : 0;
}

function strip<T extends { total: unknown }>(rows: T[]): Array<Omit<T, 'total'>> {
  return rows.map(({ total: _t, ...rest }) => rest);
}

const windowTotal = sql<number>`count(*) over ()`.as('total');

/** The repository with its two rewritten lists as they were; the other five are the repository's own. */
export class TodayOracle extends TodayRepository {
  constructor(private readonly oracleDb: Kysely<DB>) {
    super(oracleDb);
  }

  /** Families in scope with region name, for a list's join. */
  private scopedFamilies(scope: Scope) {
    return this.oracleDb
      .selectFrom('families')
      .leftJoin('regions', 'regions.code', 'families.kelurahan_code')
      .where(familyScope(scope) as never)
      .where('families.deleted_at', 'is', null);
  }

  /** Working families with no home visit on or after `since` (never visited first, then the longest ago). */
  override async visitsDue(scope: Scope, since: CalendarDate, limit: number): Promise<TodayList<VisitRow>> {
    const lastVisit = (eb: ExpressionBuilder<DB, 'families'>) =>
      eb
        .selectFrom('activities')
        .select((e) => e.fn.max('activities.date').as('d'))
        .whereRef('activities.family_id', '=', 'families.id')
        .where('activities.type', '=', 'kunjungan_rumah')
        .where('activities.deleted_at', 'is', null);
    const inner = this.scopedFamilies(scope)
      .where('families.status', 'in', WORKING_STATUSES)
      .select((eb) => [
        'families.id as familyId',
        'families.head_name as headName',
        'families.head_name_folded as folded',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        lastVisit(eb as never).as('lastVisit'),
      ]);
    const rows = await this.oracleDb
      .selectFrom(inner.as('v'))
      .where((eb) => eb.or([eb('v.lastVisit', 'is', null), eb('v.lastVisit', '<', since)]))
      .select(['v.familyId', 'v.headName', 'v.kelurahanCode', 'v.kelurahanName', 'v.lastVisit', windowTotal])
      // Never visited first (null sorts differently on the engines: made explicit), then the oldest visit.
      .orderBy((eb) => eb.case().when('v.lastVisit', 'is', null).then(0).else(1).end())
      .orderBy('v.lastVisit')
      .orderBy('v.folded')
      .orderBy('v.familyId')
      .limit(limit)
      .execute();
    return { total: totalOf(rows), items: strip(rows).map((r) => ({ ...r, lastVisit: (r.lastVisit as string | null) ?? null })) };
  }

  /**
   * Working families with a current member enrolled at school (SD, SMP, SMA) who has no education
   * observation for one of `months` (the quarter's months already over), most members missing first.
   */
  override async verificationMissing(scope: Scope, asOf: CalendarDate, months: string[], limit: number): Promise<TodayList<VerificationRow>> {
    if (months.length === 0) return { total: 0, items: [] };
    const rows = await this.scopedFamilies(scope)
      .innerJoin('family_members', 'family_members.family_id', 'families.id')
      .innerJoin('persons', 'persons.id', 'family_members.person_id')
      .where('families.status', 'in', WORKING_STATUSES)
      .where('family_members.start_date', '<=', asOf)
      .where((eb) => eb.or([eb('family_members.end_date', 'is', null), eb('family_members.end_date', '>', asOf)]))
      .where('family_members.deleted_at', 'is', null)
      .where('persons.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('persons.death_date', 'is', null), eb('persons.death_date', '>', asOf)]))
      .where('persons.school_level', 'in', SCHOOL_LEVELS)
      .where((eb) =>
        eb.or(
          months.map((month) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('compliance_observations')
                  .select(sql.lit(1).as('one'))
                  .whereRef('compliance_observations.person_id', '=', 'persons.id')
                  .where('compliance_observations.kind', '=', 'pendidikan')
                  .where('compliance_observations.month', '=', month),
              ),
            ),
          ),
        ),
      )
      .groupBy(['families.id', 'families.head_name', 'families.head_name_folded', 'families.kelurahan_code', 'regions.name'])
      .select((eb) => [
        'families.id as familyId',
        'families.head_name as headName',
        'families.kelurahan_code as kelurahanCode',
        'regions.name as kelurahanName',
        eb.fn.count<number>('persons.id').distinct().as('members'),
        windowTotal,
      ])
      .orderBy('members', 'desc')
      .orderBy('families.head_name_folded')
      .orderBy('families.id')
      .limit(limit)
      .execute();
    return { total: totalOf(rows), items: strip(rows).map((r) => ({ ...r, members: Number(r.members) })) };
  }
}
