import type { TitianMigration } from './types';

/**
 * Facilitation work: groups (kelompok, `family_groups`) with membership history, P2K2 sessions with a roster snapshot and
 * attendance, activities tagged with Ife's roles and the factors and obstacles met, attachments (photos),
 * and the deployment's own taxonomy terms (activity types, factors, obstacles) added to the shipped ones.
 */
export const facilitation: TitianMigration = {
  async up(db, t) {
    const versioned = <T extends { addColumn: (...a: any[]) => any }>(b: T): T =>
      b
        .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c: any) => c.notNull())
        .addColumn('updated_at', 'text', (c: any) => c.notNull())
        .addColumn('updated_by', t.id)
        .addColumn('deleted_at', 'text');

    // Terms a deployment adds to a shipped taxonomy (activity types, supporting factors, obstacles).
    await db.schema
      .createTable('taxonomy_terms')
      .addColumn('taxonomy', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('label_id', 'text', (c) => c.notNull())
      .addColumn('label_en', 'text', (c) => c.notNull())
      .addColumn('group_code', 'text')
      .addColumn('active', t.flag, (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', t.id)
      .addPrimaryKeyConstraint('taxonomy_terms_pk', ['taxonomy', 'code'])
      .execute();

    await versioned(
      db.schema
        .createTable('family_groups')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('province_code', 'text', (c) => c.notNull())
        .addColumn('kab_kota_code', 'text', (c) => c.notNull())
        .addColumn('kecamatan_code', 'text', (c) => c.notNull())
        .addColumn('kelurahan_code', 'text', (c) => c.notNull().references('regions.code'))
        .addColumn('pendamping_id', t.id, (c) => c.references('users.id'))
        .addColumn('ketua_family_id', t.id, (c) => c.references('families.id'))
        .addColumn('meeting_place', 'text'),
    ).execute();
    for (const col of ['pendamping_id', 'kab_kota_code', 'kecamatan_code', 'kelurahan_code']) {
      await db.schema.createIndex(`family_groups_${col}_idx`).on('family_groups').column(col).execute();
    }

    // A family's membership of a group: [start_date, end_date).
    await versioned(
      db.schema
        .createTable('family_group_members')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('group_id', t.id, (c) => c.notNull().references('family_groups.id'))
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text')
        .addColumn('end_reason', 'text'),
    ).execute();
    await db.schema.createIndex('family_group_members_group_idx').on('family_group_members').columns(['group_id', 'start_date']).execute();
    await db.schema.createIndex('family_group_members_family_idx').on('family_group_members').column('family_id').execute();

    await versioned(
      db.schema
        .createTable('p2k2_sessions')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('group_id', t.id, (c) => c.notNull().references('family_groups.id'))
        .addColumn('module_code', 'text', (c) => c.notNull())
        .addColumn('session_code', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('place', 'text')
        .addColumn('narrative', 'text')
        .addColumn('status', 'text', (c) => c.notNull()) // planned | held | cancelled
        .addColumn('makeup_of', t.id)
        .addColumn('pendamping_id', t.id, (c) => c.references('users.id')),
    ).execute();
    await db.schema.createIndex('p2k2_sessions_group_idx').on('p2k2_sessions').columns(['group_id', 'date']).execute();

    // The roster of a session, snapshotted when it is recorded, with each family's attendance.
    await versioned(
      db.schema
        .createTable('p2k2_attendance')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('session_id', t.id, (c) => c.notNull().references('p2k2_sessions.id'))
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('status', 'text', (c) => c.notNull()) // hadir | izin | tidak_hadir
        .addColumn('reason', 'text')
        .addUniqueConstraint('p2k2_attendance_uq', ['session_id', 'family_id']),
    ).execute();
    await db.schema.createIndex('p2k2_attendance_family_idx').on('p2k2_attendance').column('family_id').execute();

    await versioned(
      db.schema
        .createTable('activities')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('group_id', t.id)
        .addColumn('p2k2_session_id', t.id)
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('notes', 'text')
        .addColumn('latitude', 'real')
        .addColumn('longitude', 'real')
        .addColumn('accuracy_m', 'real')
        .addColumn('pendamping_id', t.id, (c) => c.references('users.id'))
        .addColumn('kab_kota_code', 'text', (c) => c.notNull()),
    ).execute();
    await db.schema.createIndex('activities_family_idx').on('activities').columns(['family_id', 'date']).execute();
    await db.schema.createIndex('activities_pendamping_idx').on('activities').columns(['pendamping_id', 'date']).execute();

    // Ife roles, supporting factors and obstacles of an activity: one row per tag, so analytics group by SQL.
    await db.schema
      .createTable('activity_tags')
      .addColumn('activity_id', t.id, (c) => c.notNull().references('activities.id'))
      .addColumn('kind', 'text', (c) => c.notNull()) // role | factor | obstacle
      .addColumn('code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('activity_tags_pk', ['activity_id', 'kind', 'code'])
      .execute();
    await db.schema.createIndex('activity_tags_code_idx').on('activity_tags').columns(['kind', 'code']).execute();

    // What verification found, per member, obligation and month (education from the VERKOM form, health
    // and kesos entered by the pendamping). The observation itself is JSON (its shape depends on the kind).
    await db.schema
      .createTable('compliance_observations')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('person_id', t.id, (c) => c.notNull().references('persons.id'))
      .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
      .addColumn('kind', 'text', (c) => c.notNull()) // pendidikan | kesehatan | kesos
      .addColumn('sub', 'text', (c) => c.notNull().defaultTo('')) // kesehatan: anc | nifas | posyandu | imunisasi
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull()) // verkom | manual
      .addColumn('source_ref', 'text')
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('recorded_by', t.id)
      .addUniqueConstraint('compliance_observations_uq', ['person_id', 'kind', 'sub', 'month'])
      .execute();
    await db.schema.createIndex('compliance_observations_family_idx').on('compliance_observations').columns(['family_id', 'month']).execute();

    // Data updates (pemutakhiran) a pendamping proposes and a koordinator confirms or rejects. The change
    // itself is a family patch, stored encrypted (it may hold NIKs).
    await db.schema
      .createTable('data_update_proposals')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('patch_enc', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text')
      .addColumn('status', 'text', (c) => c.notNull()) // proposed | confirmed | rejected | withdrawn
      .addColumn('proposed_by', t.id, (c) => c.notNull())
      .addColumn('proposed_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', t.id)
      .addColumn('decided_at', 'text')
      .addColumn('decision_note', 'text')
      .addColumn('applied_version', 'integer')
      .execute();
    await db.schema.createIndex('data_update_proposals_family_idx').on('data_update_proposals').columns(['family_id', 'proposed_at']).execute();
    await db.schema.createIndex('data_update_proposals_status_idx').on('data_update_proposals').columns(['status', 'proposed_at']).execute();

    // Sanctions decided on a family (a step of the configurable ladder), with the periods they rest on,
    // the tahap they suspend, the reason codes, who decided; revoked rather than deleted.
    await db.schema
      .createTable('sanctions')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('based_on_periods', 'text', (c) => c.notNull()) // JSON
      .addColumn('suspended_tahap', 'text') // JSON
      .addColumn('reasons', 'text', (c) => c.notNull()) // JSON
      .addColumn('note', 'text')
      .addColumn('decided_by', t.id)
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_by', t.id)
      .addColumn('revoke_note', 'text')
      .execute();
    await db.schema.createIndex('sanctions_family_idx').on('sanctions').columns(['family_id', 'decided_at']).execute();

    // Case plans: goals per family with tasks and due dates.
    await versioned(
      db.schema
        .createTable('case_goals')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('status', 'text', (c) => c.notNull()) // open | achieved | dropped
        .addColumn('target_date', 'text')
        .addColumn('closed_at', 'text'),
    ).execute();
    await db.schema.createIndex('case_goals_family_idx').on('case_goals').column('family_id').execute();
    await versioned(
      db.schema
        .createTable('case_tasks')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('goal_id', t.id, (c) => c.notNull().references('case_goals.id'))
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text')
        .addColumn('done_at', 'text'),
    ).execute();
    await db.schema.createIndex('case_tasks_goal_idx').on('case_tasks').column('goal_id').execute();

    // Referrals to complementary programmes, with status and outcome.
    await versioned(
      db.schema
        .createTable('referrals')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('person_id', t.id)
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull()) // diajukan | diproses | diterima | ditolak | selesai
        .addColumn('referred_on', 'text', (c) => c.notNull())
        .addColumn('notes', 'text')
        .addColumn('outcome', 'text')
        .addColumn('outcome_on', 'text'),
    ).execute();
    await db.schema.createIndex('referrals_family_idx').on('referrals').column('family_id').execute();

    // Photos and documents: bytes in the data directory (or object storage), metadata here.
    await db.schema
      .createTable('attachments')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('owner_kind', 'text', (c) => c.notNull()) // activity | p2k2_session | data_update | ...
      .addColumn('owner_id', t.id, (c) => c.notNull())
      .addColumn('family_id', t.id)
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('caption', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', t.id)
      .addColumn('deleted_at', 'text')
      .execute();
    await db.schema.createIndex('attachments_owner_idx').on('attachments').columns(['owner_kind', 'owner_id']).execute();
  },
};
