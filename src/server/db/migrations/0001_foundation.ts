import { sql } from 'kysely';
import type { TitianMigration } from './types';

/** Foundation: reference data, users and sessions, the registry (families, persons, memberships), the change log. */
export const foundation: TitianMigration = {
  async up(db, t) {
    await db.schema
      .createTable('regions')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('parent_code', 'text')
      .execute();
    await db.schema.createIndex('regions_parent_idx').on('regions').column('parent_code').execute();

    await db.schema
      .createTable('benefit_index')
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('component', 'text', (c) => c.notNull())
      .addColumn('annual_rupiah', t.bigint, (c) => c.notNull())
      .addColumn('confidence', 'text')
      .addColumn('note', 'text')
      .addColumn('origin', 'text', (c) => c.notNull().defaultTo('shipped'))
      .addPrimaryKeyConstraint('benefit_index_pk', ['year', 'component'])
      .execute();

    await db.schema
      .createTable('program_settings')
      .addColumn('from_year', 'integer', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('origin', 'text', (c) => c.notNull().defaultTo('shipped'))
      .addPrimaryKeyConstraint('program_settings_pk', ['from_year', 'key'])
      .execute();

    await db.schema
      .createTable('reference_documents')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    // Facts about this installation, e.g. the fingerprint of the identity-hash key.
    await db.schema
      .createTable('system_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('region_code', 'text', (c) => c.references('regions.code'))
      .addColumn('active', t.flag, (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
    await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

    await db.schema
      .createTable('login_attempts')
      .addColumn('id', t.serial, (c) => (t.engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('client_ip', 'text', (c) => c.notNull())
      .addColumn('ok', t.flag, (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('login_attempts_user_idx').on('login_attempts').columns(['username', 'at']).execute();
    await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['client_ip', 'at']).execute();
    await db.schema.createIndex('login_attempts_at_idx').on('login_attempts').column('at').execute();

    const versioned = <T extends { addColumn: (...a: any[]) => any }>(b: T): T =>
      b
        .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c: any) => c.notNull())
        .addColumn('updated_at', 'text', (c: any) => c.notNull())
        .addColumn('updated_by', t.id)
        .addColumn('deleted_at', 'text');

    await versioned(
      db.schema
        .createTable('families')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('kk_number', 'text', (c) => c.notNull())
        .addColumn('kk_hash', 'text', (c) => c.notNull())
        .addColumn('province_code', 'text', (c) => c.notNull())
        .addColumn('kab_kota_code', 'text', (c) => c.notNull())
        .addColumn('kecamatan_code', 'text', (c) => c.notNull())
        .addColumn('kelurahan_code', 'text', (c) => c.notNull().references('regions.code'))
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('rt', 'text', (c) => c.notNull())
        .addColumn('rw', 'text', (c) => c.notNull())
        .addColumn('joined_year', 'integer')
        .addColumn('decile', 'integer')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('head_name', 'text', (c) => c.notNull().defaultTo(''))
        // Byte order on both engines (SQLite's default), so lists sort the same on SQLite and PostgreSQL.
        .addColumn('head_name_folded', 'text', (c) => (t.engine === 'postgres' ? c.notNull().defaultTo('').modifyEnd(sql`collate "C"`) : c.notNull().defaultTo('')))
        .addColumn('pendamping_id', t.id, (c) => c.references('users.id')),
    ).execute();
    await sql`create unique index families_kk_hash_uq on families (kk_hash) where deleted_at is null`.execute(db);
    for (const col of ['province_code', 'kab_kota_code', 'kecamatan_code', 'kelurahan_code', 'pendamping_id', 'status', 'head_name_folded']) {
      await db.schema.createIndex(`families_${col}_idx`).on('families').column(col).execute();
    }

    await versioned(
      db.schema
        .createTable('persons')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('nik', 'text')
        .addColumn('nik_hash', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_folded', 'text', (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text', (c) => c.notNull())
        .addColumn('death_date', 'text')
        .addColumn('school_level', 'text', (c) => c.notNull())
        .addColumn('pregnant', t.flag, (c) => c.notNull().defaultTo(0))
        .addColumn('postpartum', t.flag, (c) => c.notNull().defaultTo(0))
        .addColumn('severe_disability', t.flag, (c) => c.notNull().defaultTo(0)),
    ).execute();
    await sql`create unique index persons_nik_hash_uq on persons (nik_hash) where nik_hash is not null and deleted_at is null`.execute(
      db,
    );

    // The facts a component depends on, effective-dated and sparse: a row holds what changed from `valid_from`
    // (null = unchanged); a person's first row, from birth, holds every fact. `persons` keeps the latest values.
    await db.schema
      .createTable('person_facts')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('person_id', t.id, (c) => c.notNull().references('persons.id'))
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('school_level', 'text')
      .addColumn('pregnant', t.flag)
      .addColumn('postpartum', t.flag)
      .addColumn('severe_disability', t.flag)
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('recorded_by', t.id)
      .addUniqueConstraint('person_facts_person_from_uq', ['person_id', 'valid_from'])
      .execute();

    await versioned(
      db.schema
        .createTable('family_members')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('family_id', t.id, (c) => c.notNull().references('families.id'))
        .addColumn('person_id', t.id, (c) => c.notNull().references('persons.id'))
        .addColumn('relation', 'text', (c) => c.notNull())
        .addColumn('caretaker', t.flag, (c) => c.notNull().defaultTo(0))
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text')
        .addColumn('end_reason', 'text')
        .addColumn('kab_kota_code', 'text', (c) => c.notNull())
        .addColumn('kecamatan_code', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)),
    ).execute();
    await db.schema.createIndex('family_members_family_idx').on('family_members').columns(['family_id', 'start_date']).execute();
    await db.schema.createIndex('family_members_person_idx').on('family_members').column('person_id').execute();
    // A person belongs to at most one family at a time (an open membership); racing writers get a 409.
    await sql`create unique index family_members_open_person_uq on family_members (person_id) where end_date is null and deleted_at is null`.execute(db);

    await db.schema
      .createTable('change_log')
      .addColumn('seq', t.serial, (c) => (t.engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('record_id', t.id, (c) => c.notNull())
      .addColumn('family_id', t.id)
      .addColumn('kab_kota_code', 'text')
      .addColumn('op', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addColumn('changed_by', t.id)
      .execute();
    await db.schema.createIndex('change_log_family_idx').on('change_log').columns(['family_id', 'seq']).execute();
  },
};
