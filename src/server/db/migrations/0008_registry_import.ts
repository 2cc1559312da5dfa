import type { TitianMigration } from './types';

/**
 * Registry import (issue 8). A job per imported file; its rows are staged (NIK and No. KK encrypted, looked
 * up by keyed hash like everywhere else) before families are applied chunk by chunk, each chunk in one
 * transaction with the job's checkpoint, so a crash leaves no half family and the next run finishes the job.
 * Staged rows of applied families are deleted; the refused ones stay for the row-error report.
 */
export const registryImport: TitianMigration = {
  async up(db, t) {
    await db.schema
      .createTable('import_jobs')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('file_sha256', 'text', (c) => c.notNull())
      .addColumn('file_bytes', t.bigint, (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('dry_run', t.flag, (c) => c.notNull())
      // staging → staged → applying → done | failed | cancelled
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('phase_detail', 'text')
      .addColumn('rows_staged', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes_read', t.bigint, (c) => c.notNull().defaultTo(0))
      .addColumn('families_total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('families_done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('checkpoint', 'text')
      .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('refused', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('unmatched', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rows_refused', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('warnings', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('options', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('created_by', t.id)
      .addColumn('created_by_username', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('import_jobs_file').on('import_jobs').columns(['kind', 'file_sha256', 'status']).execute();
    await db.schema.createIndex('import_jobs_created').on('import_jobs').columns(['created_at']).execute();

    await db.schema
      .createTable('import_rows')
      .addColumn('job_id', t.id, (c) => c.notNull())
      .addColumn('line', 'integer', (c) => c.notNull())
      /** The family key: keyed hash of the No. KK as written (also when invalid). */
      .addColumn('kk_hash', 'text', (c) => c.notNull())
      .addColumn('kk_number', 'text')
      .addColumn('nik_hash', 'text')
      .addColumn('nik', 'text')
      /** The checked row (JSON, identifiers left out), or null when the row itself has issues. */
      .addColumn('data', 'text')
      /** The cells as read, identifiers left out (JSON), for the report of a refused row. */
      .addColumn('cells', 'text')
      /** Issues (JSON list of {field, code, params}); null when none. */
      .addColumn('issues', 'text')
      .addColumn('warnings', 'text')
      .addPrimaryKeyConstraint('import_rows_pk', ['job_id', 'line'])
      .execute();
    await db.schema.createIndex('import_rows_family').on('import_rows').columns(['job_id', 'kk_hash', 'line']).execute();
    // What planning a family found (refusals of the family, warnings), per line, written in bulk per chunk.
    await db.schema
      .createTable('import_notes')
      .addColumn('job_id', t.id, (c) => c.notNull())
      .addColumn('line', 'integer', (c) => c.notNull())
      .addColumn('issues', 'text')
      .addColumn('warnings', 'text')
      .addPrimaryKeyConstraint('import_notes_pk', ['job_id', 'line'])
      .execute();
    await db.schema.createIndex('import_rows_nik').on('import_rows').columns(['job_id', 'nik_hash']).execute();
  },
};
