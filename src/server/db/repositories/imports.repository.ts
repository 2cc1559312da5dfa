/**
 * Import jobs, the rows their row report names (migration 0008; the staged rows themselves live in a staging
 * file per job, import/staging-file.ts), and the set-based reads the registry import plans a chunk of
 * families with. The writes of families themselves go through FamiliesRepository (insertFamilies,
 * update) in the chunk's transaction, with the job's checkpoint, so a chunk is applied whole or not at all.
 */
import { type Kysely, type Selectable, type Updateable, sql } from 'kysely';
import type { CalendarDate } from '../../../domain/types';
import type { DB, ImportJobTable, ImportRowTable } from '../schema';
import { insertInChunks } from './batch-insert';
import { appendChanges, type ChangeEntry } from './change-log';

export type ImportJob = Selectable<ImportJobTable>;
export type ImportRow = Selectable<ImportRowTable>;
export type ImportJobPatch = Updateable<ImportJobTable>;

export interface StoredFamilyForImport {
  id: string;
  kkHash: string;
  version: number;
  kelurahanCode: string;
  address: string;
  rt: string;
  rw: string;
  joinedYear: number | null;
  decile: number | null;
  pendampingId: string | null;
  status: string;
}

export interface StoredMemberForImport {
  familyId: string;
  personId: string;
  nikHash: string | null;
  name: string;
  sex: string;
  birthDate: string;
  schoolLevel: string;
  pregnant: boolean;
  postpartum: boolean;
  severeDisability: boolean;
  relation: string;
  caretaker: boolean;
}

export interface PendampingAccount {
  id: string;
  username: string;
  regionCode: string | null;
  active: boolean;
}

export class ImportsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async createJob(job: Omit<ImportJob, 'rows_staged' | 'bytes_read' | 'families_total' | 'families_done' | 'created' | 'updated' | 'unchanged' | 'refused' | 'unmatched' | 'rows_refused' | 'warnings'>): Promise<void> {
    await this.db.insertInto('import_jobs').values(job).execute();
  }

  async job(id: string): Promise<ImportJob | undefined> {
    return this.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** An unfinished job for the same file (same content), to resume. */
  async unfinishedJob(kind: string, sha256: string, dryRun: boolean, createdBy: string | null): Promise<ImportJob | undefined> {
    let q = this.db
      .selectFrom('import_jobs')
      .selectAll()
      .where('kind', '=', kind)
      .where('file_sha256', '=', sha256)
      .where('dry_run', '=', dryRun ? 1 : 0)
      .where('status', 'in', ['staging', 'staged', 'applying']);
    q = createdBy === null ? q.where('created_by', 'is', null) : q.where('created_by', '=', createdBy);
    return q.orderBy('created_at', 'desc').executeTakeFirst();
  }

  async unfinishedJobs(): Promise<ImportJob[]> {
    return this.db.selectFrom('import_jobs').selectAll().where('status', 'in', ['staging', 'staged', 'applying']).orderBy('created_at').execute();
  }

  async listJobs(opts: { createdBy?: string; limit: number; offset: number }): Promise<{ items: ImportJob[]; total: number }> {
    let q = this.db.selectFrom('import_jobs');
    if (opts.createdBy) q = q.where('created_by', '=', opts.createdBy);
    const [items, total] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  async updateJob(id: string, patch: ImportJobPatch, trx: Kysely<DB> = this.db): Promise<void> {
    await trx.updateTable('import_jobs').set(patch).where('id', '=', id).execute();
  }

  /** Moves a job from one status to another only if it is still in the first (a claim; false when someone else moved it). */
  async claimJob(id: string, from: string[], patch: ImportJobPatch): Promise<boolean> {
    const r = await this.db.updateTable('import_jobs').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Live families with these No. KK hashes (whatever the scope: the import decides what to refuse). */
  async familiesByKkHash(kkHashes: string[]): Promise<StoredFamilyForImport[]> {
    const out: StoredFamilyForImport[] = [];
    for (let i = 0; i < kkHashes.length; i += 500) {
      const rows = await this.db
        .selectFrom('families')
        .select(['id', 'kk_hash', 'version', 'kelurahan_code', 'address', 'rt', 'rw', 'joined_year', 'decile', 'pendamping_id', 'status'])
        .where('kk_hash', 'in', kkHashes.slice(i, i + 500))
        .where('deleted_at', 'is', null)
        .execute();
      for (const r of rows) {
        out.push({
          id: r.id,
          kkHash: r.kk_hash,
          version: r.version,
          kelurahanCode: r.kelurahan_code,
          address: r.address,
          rt: r.rt,
          rw: r.rw,
          joinedYear: r.joined_year,
          decile: r.decile,
          pendampingId: r.pendamping_id,
          status: r.status,
        });
      }
    }
    return out;
  }

  /** No. KK key and region of families by id (the families known persons belong to). */
  async familiesByIds(ids: string[]): Promise<Array<{ id: string; kkHash: string; kelurahanCode: string }>> {
    const out: Array<{ id: string; kkHash: string; kelurahanCode: string }> = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('families').select(['id', 'kk_hash', 'kelurahan_code']).where('id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) out.push({ id: r.id, kkHash: r.kk_hash, kelurahanCode: r.kelurahan_code });
    }
    return out;
  }

  /** The members of these families on `asOf`, with the person's current facts. */
  async currentMembers(familyIds: string[], asOf: CalendarDate): Promise<StoredMemberForImport[]> {
    const out: StoredMemberForImport[] = [];
    for (let i = 0; i < familyIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('family_members')
        .innerJoin('persons', 'persons.id', 'family_members.person_id')
        .select([
          'family_members.family_id',
          'persons.id as person_id',
          'persons.nik_hash',
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
        .where('family_members.family_id', 'in', familyIds.slice(i, i + 500))
        .where('family_members.deleted_at', 'is', null)
        .where('family_members.start_date', '<=', asOf)
        .where((eb) => eb.or([eb('family_members.end_date', 'is', null), eb('family_members.end_date', '>', asOf)]))
        .orderBy('family_members.position')
        .execute();
      for (const r of rows) {
        out.push({
          familyId: r.family_id,
          personId: r.person_id,
          nikHash: r.nik_hash,
          name: r.name,
          sex: r.sex,
          birthDate: r.birth_date,
          schoolLevel: r.school_level,
          pregnant: r.pregnant === 1,
          postpartum: r.postpartum === 1,
          severeDisability: r.severe_disability === 1,
          relation: r.relation,
          caretaker: r.caretaker === 1,
        });
      }
    }
    return out;
  }

  async pendampingAccounts(): Promise<PendampingAccount[]> {
    const rows = await this.db.selectFrom('users').select(['id', 'username', 'region_code', 'active']).where('role', '=', 'pendamping').execute();
    return rows.map((r) => ({ id: r.id, username: r.username, regionCode: r.region_code, active: r.active === 1 }));
  }

  /** Every kelurahan/desa code (the regions a family may live in). */
  async villageCodes(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('regions').select('code').where('level', 'in', ['kelurahan', 'desa']).execute();
    return new Set(rows.map((r) => r.code));
  }

  /**
   * Ends the running memberships of persons moving to another family listed in the same file (the old
   * family's card no longer lists them), in the chunk's transaction. Returns the families left.
   */
  async endMembershipsForMove(trx: Kysely<DB>, moves: Array<{ personId: string; fromFamilyId: string }>, endDate: CalendarDate, actorId: string | null, at: string): Promise<Array<{ familyId: string; kabKotaCode: string }>> {
    const changes: ChangeEntry[] = [];
    const left = new Map<string, string>();
    for (const m of moves) {
      const rows = await trx
        .updateTable('family_members')
        .set({ end_date: endDate, end_reason: 'pindah_kk', version: sql`version + 1`, updated_at: at, updated_by: actorId })
        .where('family_id', '=', m.fromFamilyId)
        .where('person_id', '=', m.personId)
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', endDate)]))
        .returning(['id', 'version', 'kab_kota_code'])
        .execute();
      for (const r of rows) {
        changes.push({ entity: 'family_member', recordId: r.id, familyId: m.fromFamilyId, kabKotaCode: r.kab_kota_code, op: 'update', version: r.version });
        left.set(m.fromFamilyId, r.kab_kota_code);
      }
    }
    await appendChanges(trx, changes, actorId, at);
    return [...left].map(([familyId, kabKotaCode]) => ({ familyId, kabKotaCode }));
  }

  /** The staged rows the row report names (refused, warned, noted), copied from the staging file with their chunk. */
  /**
   * The end of an applied chunk's transaction: what planning noted, the report's rows of the chunk and the
   * job's checkpoint and counts. In the same transaction as the chunk's families, whichever thread writes it.
   */
  async closeChunk(trx: Kysely<DB>, jobId: string, chunk: { notes: Array<{ line: number; issues: string | null; warnings: string | null }>; reportRows: ImportRow[]; patch: ImportJobPatch }): Promise<void> {
    await this.addNotes(trx, jobId, chunk.notes);
    await this.addReportRows(trx, chunk.reportRows);
    await this.updateJob(jobId, chunk.patch, trx);
  }

  async addReportRows(trx: Kysely<DB>, rows: ImportRow[]): Promise<void> {
    await insertInChunks(trx, 'import_rows', rows);
  }

  async addNotes(trx: Kysely<DB>, jobId: string, notes: Array<{ line: number; issues: string | null; warnings: string | null }>): Promise<void> {
    await insertInChunks(trx, 'import_notes', notes.map((n) => ({ job_id: jobId, ...n })));
  }

  /** Rows for the report: those with issues or warnings (staged or noted), in file order, in pages. */
  async reportRows(jobId: string, afterLine: number, limit: number): Promise<Array<ImportRow & { note_issues: string | null; note_warnings: string | null }>> {
    return this.db
      .selectFrom('import_rows')
      .leftJoin('import_notes', (j) => j.onRef('import_notes.job_id', '=', 'import_rows.job_id').onRef('import_notes.line', '=', 'import_rows.line'))
      .selectAll('import_rows')
      .select(['import_notes.issues as note_issues', 'import_notes.warnings as note_warnings'])
      .where('import_rows.job_id', '=', jobId)
      .where('import_rows.line', '>', afterLine)
      .where((eb) => eb.or([eb('import_rows.issues', 'is not', null), eb('import_rows.warnings', 'is not', null), eb('import_notes.line', 'is not', null)]))
      .orderBy('import_rows.line')
      .limit(limit)
      .execute();
  }

  /** A finished dry run becomes the real import of the same staged rows (planned again from the start). */
  async resetForApply(jobId: string, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('import_jobs')
        .set({ dry_run: 0, status: 'staged', checkpoint: null, families_done: 0, created: 0, updated: 0, unchanged: 0, refused: 0, unmatched: 0, rows_refused: 0, warnings: 0, finished_at: null, updated_at: at })
        .where('id', '=', jobId)
        .where('dry_run', '=', 1)
        .where('status', '=', 'done')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      // The report's rows and notes are written again as the job is applied.
      await trx.deleteFrom('import_notes').where('job_id', '=', jobId).execute();
      await trx.deleteFrom('import_rows').where('job_id', '=', jobId).execute();
      return true;
    });
  }

  async deleteRows(jobId: string): Promise<void> {
    await this.db.deleteFrom('import_rows').where('job_id', '=', jobId).execute();
    await this.db.deleteFrom('import_notes').where('job_id', '=', jobId).execute();
  }
}
