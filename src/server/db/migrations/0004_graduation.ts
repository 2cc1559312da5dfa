import { sql } from 'kysely';
import { type TitianMigration, withVersioning } from './types';

/**
 * Graduation (issue 5): criteria sets as versioned data, readiness assessments, the candidates the
 * triggers find, graduation cases with their transitions (the workflow), follow-up visits after exit,
 * and yearly targets per pendamping.
 */
export const graduation: TitianMigration = {
  async up(db, t) {
    const versioned = <T extends { addColumn: (...a: any[]) => any }>(b: T): T => withVersioning(b, t);

    // A criteria set is immutable once stored: an edit is a new version; assessments keep theirs.
    await db.schema
      .createTable('criteria_sets')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull()) // JSON, validated by the domain schema
      .addColumn('source', 'text', (c) => c.notNull()) // bundled | admin
      .addColumn('active', t.flag, (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', t.id)
      .execute();
    await db.schema.createIndex('criteria_sets_code_version_uq').on('criteria_sets').columns(['code', 'version']).unique().execute();

    await versioned(
      db.schema
        .createTable('assessments')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('criteria_set_id', t.id, (c) => c.notNull().references('criteria_sets.id'))
        .addColumn('assessed_on', 'text', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull()) // JSON {code: {value, evidence, source}}
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('score', 'real', (c) => c.notNull())
        .addColumn('ready', t.flag, (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull()) // JSON: failing, missing, explanation, nearest changes
        .addColumn('assessor_id', t.id, (c) => c.references('users.id')),
    ).execute();
    await db.schema.createIndex('assessments_family_idx').on('assessments').columns(['family_id', 'assessed_on']).execute();

    // What the triggers found, one row per family and reason; rewritten by the batch and on change.
    await db.schema
      .createTable('graduation_candidates')
      .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
      .addColumn('reason_code', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull()) // JSON
      .addColumn('due_date', 'text')
      .addColumn('evaluated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('graduation_candidates_pk', ['family_id', 'reason_code'])
      .execute();
    await db.schema.createIndex('graduation_candidates_type_idx').on('graduation_candidates').columns(['type', 'family_id']).execute();

    // A graduation case: one open case per family at a time (closed, reentered and rejected end it).
    await versioned(
      db.schema
        .createTable('graduation_cases')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('open', t.flag, (c) => c.notNull().defaultTo(1))
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('state_at', 'text', (c) => c.notNull())
        .addColumn('assessment_id', t.id)
        .addColumn('statement_signed_at', 'text')
        .addColumn('document_id', t.id)
        .addColumn('approved_at', 'text')
        .addColumn('approved_by', t.id)
        .addColumn('exit_effective_date', 'text')
        .addColumn('exit_applied', t.flag, (c) => c.notNull().defaultTo(0))
        .addColumn('closed_at', 'text'),
    ).execute();
    await sql`create unique index graduation_cases_open_uq on graduation_cases (family_id) where open = 1`.execute(db);
    await db.schema.createIndex('graduation_cases_state_idx').on('graduation_cases').columns(['state', 'family_id']).execute();

    await db.schema
      .createTable('graduation_transitions')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('case_id', t.id, (c) => c.notNull().references('graduation_cases.id'))
      .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
      .addColumn('from_state', 'text')
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('actor_id', t.id)
      .addColumn('actor_role', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('evidence', 'text') // JSON
      .execute();
    await db.schema.createIndex('graduation_transitions_case_idx').on('graduation_transitions').columns(['case_id', 'at']).execute();
    await db.schema.createIndex('graduation_transitions_family_idx').on('graduation_transitions').columns(['family_id', 'at']).execute();

    // Follow-up visits after exit (3, 6 and 12 months by default).
    await versioned(
      db.schema
        .createTable('graduation_followups')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('case_id', t.id, (c) => c.notNull().references('graduation_cases.id'))
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('months_after', 'integer', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('done_on', 'text')
        .addColumn('activity_id', t.id)
        .addColumn('outcome', 'text') // stable | at_risk | fallen_back
        .addColumn('notes', 'text'),
    ).execute();
    await db.schema.createIndex('graduation_followups_case_idx').on('graduation_followups').columns(['case_id', 'months_after']).unique().execute();
    await db.schema.createIndex('graduation_followups_due_idx').on('graduation_followups').columns(['due_date']).execute();

    // PENA participants' business income per month (the PENA trigger compares it with the UMK).
    await versioned(
      db.schema
        .createTable('pena_incomes')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('rupiah', t.bigint, (c) => c.notNull()),
    ).execute();
    await db.schema.createIndex('pena_incomes_family_month_uq').on('pena_incomes').columns(['family_id', 'month']).unique().execute();

    // Yearly graduation targets per pendamping (default 10 sejahtera-mandiri graduations).
    await db.schema
      .createTable('graduation_targets')
      .addColumn('pendamping_id', t.id, (c) => c.notNull().references('users.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('target', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', t.id)
      .addPrimaryKeyConstraint('graduation_targets_pk', ['pendamping_id', 'year'])
      .execute();
  },
};
