/**
 * Loads the reference data shipped in data/reference into the database (run by `migrate`).
 * Regions: provinsi.csv and every wilayah-*.csv (code,name,level,parent), so a national code list
 * is loaded by dropping in another file, with no code change. benefit-index.csv and
 * program-settings.json become rule tables; every other JSON or CSV file becomes a reference
 * document served at /api/v1/reference/{name}. Shipped rows are refreshed; deployment rows are kept:
 * benefit index and programme settings rows with origin 'deployment', and the deployment's overrides of
 * documents (rows named `<name>@deployment`, see ReferenceRepository.document), which no file names.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database } from './database';
import type { DB } from './schema';

export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/reference');

type CsvRow = Record<string, string>;

function readCsv(file: string): CsvRow[] {
  return parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true });
}

function levelOfCode(code: string): string {
  const parts = code.split('.').length;
  return ['provinsi', 'kota', 'kecamatan', 'kelurahan'][parts - 1] ?? 'lainnya';
}

function parentOfCode(code: string): string | null {
  const i = code.lastIndexOf('.');
  return i < 0 ? null : code.slice(0, i);
}

async function inBatches<T>(rows: T[], size: number, fn: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
}

export interface ReferenceLoadSummary {
  regions: number;
  benefitIndex: number;
  settings: number;
  documents: string[];
}

export async function loadReferenceData(database: Database, dir = REFERENCE_DIR): Promise<ReferenceLoadSummary> {
  const files = fs.readdirSync(dir).sort();
  const db = database.db;
  const now = new Date().toISOString();
  let summary: ReferenceLoadSummary = { regions: 0, benefitIndex: 0, settings: 0, documents: [] };
  // Regions: provinces first, then the detailed lists (parents before children by code length).
  const regionRows = new Map<string, { code: string; name: string; level: string; parent_code: string | null }>();
  for (const f of files.filter((f) => f === 'provinsi.csv' || /^wilayah-.*\.csv$/.test(f))) {
    for (const r of readCsv(path.join(dir, f))) {
      const code = r.code;
      if (!code) continue;
      regionRows.set(code, {
        code,
        name: r.name,
        level: r.level || levelOfCode(code),
        parent_code: r.parent || parentOfCode(code),
      });
    }
  }
  const regions = [...regionRows.values()].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  await db.transaction().execute(async (trx) => {
    await inBatches(regions, 400, (batch) =>
      trx
        .insertInto('regions')
        .values(batch)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            level: eb.ref('excluded.level'),
            parent_code: eb.ref('excluded.parent_code'),
          })),
        )
        .execute(),
    );

    const index = fs.existsSync(path.join(dir, 'benefit-index.csv')) ? readCsv(path.join(dir, 'benefit-index.csv')) : [];
    await inBatches(index, 200, (batch) =>
      trx
        .insertInto('benefit_index')
        .values(
          batch.map((r) => ({
            year: Number(r.year),
            component: r.component,
            annual_rupiah: Number(r.annual_rupiah),
            confidence: r.confidence || null,
            note: r.note || null,
            origin: 'shipped',
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['year', 'component'])
            .doUpdateSet((eb) => ({
              annual_rupiah: eb.ref('excluded.annual_rupiah'),
              confidence: eb.ref('excluded.confidence'),
              note: eb.ref('excluded.note'),
            }))
            .where('benefit_index.origin', '=', 'shipped'),
        )
        .execute(),
    );

    const settingsFile = path.join(dir, 'program-settings.json');
    const settings: Array<{ fromYear: number; key: string; value: unknown; note?: string }> = fs.existsSync(settingsFile)
      ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')).settings
      : [];
    if (settings.length > 0) {
      await trx
        .insertInto('program_settings')
        .values(
          settings.map((s) => ({
            from_year: s.fromYear,
            key: s.key,
            value: JSON.stringify(s.value),
            note: s.note ?? null,
            origin: 'shipped',
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['from_year', 'key'])
            .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), note: eb.ref('excluded.note') }))
            .where('program_settings.origin', '=', 'shipped'),
        )
        .execute();
    }

    const documents: Array<{ name: string; content: string }> = [];
    for (const f of files) {
      const full = path.join(dir, f);
      if (f === 'program-settings.json') continue;
      if (f.endsWith('.json')) {
        documents.push({ name: f.replace(/\.json$/, ''), content: JSON.stringify(JSON.parse(fs.readFileSync(full, 'utf8'))) });
      } else if (f.endsWith('.csv') && f !== 'benefit-index.csv' && f !== 'provinsi.csv' && !f.startsWith('wilayah-')) {
        documents.push({ name: f.replace(/\.csv$/, ''), content: JSON.stringify({ rows: readCsv(full) }) });
      }
    }
    await upsertDocuments(trx, documents, now);
    summary = { regions: regions.length, benefitIndex: index.length, settings: settings.length, documents: documents.map((d) => d.name) };
  });
  return summary;
}

async function upsertDocuments(trx: Kysely<DB>, documents: Array<{ name: string; content: string }>, now: string) {
  for (const d of documents) {
    await trx
      .insertInto('reference_documents')
      .values({ name: d.name, content: d.content, origin: 'shipped', updated_at: now })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet((eb) => ({ content: eb.ref('excluded.content'), updated_at: eb.ref('excluded.updated_at') }))
          .where('reference_documents.origin', '=', 'shipped'),
      )
      .execute();
  }
}
