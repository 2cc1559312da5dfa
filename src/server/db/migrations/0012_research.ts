import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '../../../domain/ids';
import type { TitianMigration } from './types';

/**
 * Research (issue 9): qualitative coding of Titian's own notes and of uploaded interview transcripts.
 *
 * - `research_codes`: one codebook for the deployment, seeded here from Ife's roles (kind `role`, group = the
 *   role's group), the study's supporting factors (`factor`) and obstacles (`obstacle`, source pendamping /
 *   internal_kelompok / eksternal_kelompok); users add `open` codes. `code` is unique.
 * - `research_documents`: a text to code. Its region codes (province .. kelurahan, null below what is known)
 *   decide who sees it (docs/research.md). `text_pseudonymised` and `pseudonym_map` (the replaced spans, JSON
 *   offsets only) are computed when the document is stored: researchers read and code that text, their
 *   offsets mapped to the original. Collected notes are unique by (source, source_ref), so collecting twice
 *   adds nothing.
 * - `research_segments`: a coded passage, offsets always on the original text (start inclusive, end
 *   exclusive), with snapshots of both texts.
 * - Categories, their codes, relations, the core category and memos belong to a team: the region code of
 *   the user who made them (`team_region`, '*' for admin). One core row per team.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../data/reference');

interface SeedCode {
  code: string;
  label_id: string;
  label_en: string;
  kind: string;
  group_code: string | null;
  source: string | null;
}

export function seededResearchCodes(dir = ROOT): SeedCode[] {
  const roles = JSON.parse(readFileSync(path.join(dir, 'ife-roles.json'), 'utf8')) as {
    groups: Array<{ code: string; roles: Array<{ code: string; id: string; en: string }> }>;
  };
  const fo = JSON.parse(readFileSync(path.join(dir, 'factors-obstacles.json'), 'utf8')) as {
    supporting_factors: Array<{ code: string; id: string; en: string }>;
    obstacles: Array<{ code: string; id: string; en: string; source: string }>;
  };
  return [
    ...roles.groups.flatMap((g) => g.roles.map((r) => ({ code: r.code, label_id: r.id, label_en: r.en, kind: 'role', group_code: g.code, source: null }))),
    ...fo.supporting_factors.map((f) => ({ code: f.code, label_id: f.id, label_en: f.en, kind: 'factor', group_code: null, source: null })),
    ...fo.obstacles.map((o) => ({ code: o.code, label_id: o.id, label_en: o.en, kind: 'obstacle', group_code: null, source: o.source })),
  ];
}

export const research: TitianMigration = {
  async up(db, t) {
    await db.schema
      .createTable('research_codes')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('label_id', 'text', (c) => c.notNull())
      .addColumn('label_en', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('group_code', 'text')
      .addColumn('source', 'text')
      .addColumn('seeded', t.flag, (c) => c.notNull().defaultTo(0))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', t.id)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', t.id)
      .execute();

    await db.schema
      .createTable('research_documents')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_ref', 'text')
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('text_pseudonymised', 'text', (c) => c.notNull())
      .addColumn('pseudonym_map', 'text', (c) => c.notNull())
      .addColumn('family_id', t.id)
      .addColumn('note_date', 'text')
      .addColumn('province_code', 'text')
      .addColumn('kab_kota_code', 'text')
      .addColumn('kecamatan_code', 'text')
      .addColumn('kelurahan_code', 'text')
      .addColumn('created_by', t.id)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', t.id)
      .execute();
    await db.schema.createIndex('research_documents_source_ref').on('research_documents').columns(['source', 'source_ref']).unique().execute();
    await db.schema.createIndex('research_documents_kab_kota').on('research_documents').columns(['kab_kota_code', 'id']).execute();
    await db.schema.createIndex('research_documents_kecamatan').on('research_documents').columns(['kecamatan_code', 'id']).execute();
    await db.schema.createIndex('research_documents_province').on('research_documents').columns(['province_code', 'id']).execute();

    await db.schema
      .createTable('research_segments')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('document_id', t.id, (c) => c.notNull())
      .addColumn('start_pos', 'integer', (c) => c.notNull())
      .addColumn('end_pos', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('text_pseudonymised', 'text', (c) => c.notNull())
      .addColumn('on_pseudonymised', t.flag, (c) => c.notNull().defaultTo(0))
      .addColumn('code_id', t.id, (c) => c.notNull())
      .addColumn('coder_id', t.id, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('research_segments_document').on('research_segments').columns(['document_id', 'start_pos']).execute();
    await db.schema.createIndex('research_segments_code').on('research_segments').columns(['code_id', 'document_id']).execute();

    await db.schema
      .createTable('research_categories')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('team_region', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('created_by', t.id)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', t.id)
      .execute();
    await db.schema.createIndex('research_categories_team').on('research_categories').columns(['team_region', 'id']).execute();

    await db.schema
      .createTable('research_category_codes')
      .addColumn('category_id', t.id, (c) => c.notNull())
      .addColumn('code_id', t.id, (c) => c.notNull())
      .addPrimaryKeyConstraint('research_category_codes_pk', ['category_id', 'code_id'])
      .execute();
    await db.schema.createIndex('research_category_codes_code').on('research_category_codes').columns(['code_id']).execute();

    await db.schema
      .createTable('research_relations')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('team_region', 'text', (c) => c.notNull())
      .addColumn('from_category_id', t.id, (c) => c.notNull())
      .addColumn('to_category_id', t.id, (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('created_by', t.id)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('research_relations_team').on('research_relations').columns(['team_region', 'id']).execute();

    await db.schema
      .createTable('research_core')
      .addColumn('team_region', 'text', (c) => c.primaryKey())
      .addColumn('category_id', t.id, (c) => c.notNull())
      .addColumn('storyline', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', t.id)
      .execute();

    await db.schema
      .createTable('research_memos')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('team_region', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('text_pseudonymised', 'text', (c) => c.notNull())
      .addColumn('code_id', t.id)
      .addColumn('category_id', t.id)
      .addColumn('document_id', t.id)
      .addColumn('created_by', t.id)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('research_memos_team').on('research_memos').columns(['team_region', 'created_at']).execute();
    await db.schema.createIndex('research_memos_document').on('research_memos').columns(['document_id']).execute();

    const at = new Date().toISOString();
    const codes = seededResearchCodes();
    await db
      .insertInto('research_codes')
      .values(codes.map((c, i) => ({ id: uuidv7(), ...c, description: null, seeded: 1, position: i, created_by: null, created_at: at, updated_at: at, updated_by: null })))
      .execute();
  },
};
