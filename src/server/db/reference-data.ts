/**
 * Loads the reference data into the database (run by `migrate` and on every start).
 *
 * Regions (docs/regions.md): the national list of Kemendagri codes from the npm package idn-area-data (38
 * provinces, 514 kab/kota, 7,285 kecamatan, 83,762 kelurahan/desa), then the region files in
 * data/reference, which add or override regions: provinsi.csv (code,name) and every wilayah-*.csv
 * (code,name,level,parent; level and parent may be left empty and follow from the code), and the optional
 * BPS crosswalk bps-crosswalk.csv (kemendagri_code,bps_code). The list is loaded again only when it
 * changed: a fingerprint of the package version and the files is kept in system_settings, so a start on
 * an up-to-date database reads no CSV at all. Regions are never deleted (families refer to them).
 *
 * benefit-index.csv and program-settings.json become rule tables; every other JSON or CSV file becomes a
 * reference document served at /api/v1/reference/{name}. Shipped rows are refreshed; deployment rows are
 * kept: benefit index and programme settings rows with origin 'deployment', and the deployment's overrides
 * of documents (rows named `<name>@deployment`, see ReferenceRepository.document), which no file names.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { REGION_LEVELS } from '../../domain/types';
import type { Database } from './database';
import { levelOfCode, NATIONAL_REGION_FILES, NATIONAL_REGIONS_PACKAGE, nationalRegionsDir, nationalRegionsVersion, readNationalRegions } from './national-regions';
import { type RegionInput, upsertRegions } from './repositories/regions.repository';
import type { DB } from './schema';

export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/reference');

type CsvRow = Record<string, string>;

function readCsv(file: string): CsvRow[] {
  return parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true });
}

function parentOfCode(code: string): string | null {
  const i = code.lastIndexOf('.');
  return i < 0 ? null : code.slice(0, i);
}

async function inBatches<T>(rows: T[], size: number, fn: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
}

/**
 * Where the region list comes from. Production always loads `national`. `files` loads only the region
 * files of the reference directory (the 38 provinces and Kota Depok): tests/support uses it to keep each
 * test database small, and a test that needs the national list asks for it.
 */
export type RegionSource = 'national' | 'files';

export interface ReferenceLoadOptions {
  regions?: RegionSource;
}

export interface ReferenceLoadSummary {
  /** Regions in the list (loaded now, or already loaded and unchanged). */
  regions: number;
  /** False when the list was already loaded and nothing changed (nothing was read or written). */
  regionsLoaded: boolean;
  /** Regions given a BPS code by bps-crosswalk.csv, and crosswalk rows naming an unknown region (skipped). */
  bpsCodes: number;
  bpsUnknown: number;
  benefitIndex: number;
  settings: number;
  documents: string[];
}

/** Bumped when the way regions are read changes, so every database loads them again once. */
const REGION_LOADER_VERSION = 2;
const REGIONS_SETTING = 'regions_fingerprint';
export const BPS_CROSSWALK_FILE = 'bps-crosswalk.csv';

const isRegionFile = (f: string) => f === 'provinsi.csv' || f === BPS_CROSSWALK_FILE || /^wilayah-.*\.csv$/.test(f);
const REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;
/** BPS codes: 2 digits (province), 4 (kab/kota), 7 (kecamatan), 10 (desa), without dots. */
const BPS_CODE = /^\d{2}(\d{2}(\d{3}(\d{3})?)?)?$/;

export class ReferenceDataError extends Error {}

function fileError(file: string, line: number, id: string, en: string): ReferenceDataError {
  return new ReferenceDataError(`data/reference/${file} baris ${line}: ${id} (line ${line}: ${en})`);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What the region list is made of: the package (version and file sizes) and each region file's content. */
function regionFingerprint(dir: string, regionFiles: string[], source: RegionSource): string {
  const parts = [`loader:${REGION_LOADER_VERSION}`];
  if (source === 'national') {
    const data = nationalRegionsDir();
    const sizes = NATIONAL_REGION_FILES.map((f) => `${f}=${fs.statSync(path.join(data, f)).size}`).join(',');
    parts.push(`${NATIONAL_REGIONS_PACKAGE}@${nationalRegionsVersion()}:${sizes}`);
  } else {
    parts.push('files-only');
  }
  for (const f of regionFiles) parts.push(`${f}:${sha256(fs.readFileSync(path.join(dir, f)))}`);
  return sha256(parts.join('\n'));
}

/** The merged region list: the national list (unless `files`), then provinsi.csv and wilayah-*.csv in name order, then the BPS codes. */
export function buildRegionList(dir: string, regionFiles: string[], source: RegionSource): { rows: RegionInput[]; bpsCodes: number; bpsUnknown: number } {
  const byCode = new Map<string, RegionInput>();
  if (source === 'national') {
    for (const r of readNationalRegions()) byCode.set(r.code, { code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, bpsCode: null });
  }
  const levels = new Set<string>([...REGION_LEVELS, 'lainnya']);
  for (const f of regionFiles.filter((x) => x !== BPS_CROSSWALK_FILE)) {
    readCsv(path.join(dir, f)).forEach((r, i) => {
      const line = i + 2;
      const code = r.code ?? '';
      if (!code) return;
      if (!REGION_CODE.test(code)) throw fileError(f, line, `kode wilayah "${code}" tidak sah`, `invalid region code "${code}"`);
      if (!r.name) throw fileError(f, line, `nama wilayah ${code} kosong`, `region ${code} has no name`);
      if (r.level && !levels.has(r.level)) throw fileError(f, line, `tingkat "${r.level}" tidak dikenal`, `unknown level "${r.level}"`);
      const before = byCode.get(code);
      byCode.set(code, {
        code,
        name: r.name,
        level: r.level || before?.level || levelOfCode(code),
        parentCode: r.parent || before?.parentCode || parentOfCode(code),
        bpsCode: before?.bpsCode ?? null,
      });
    });
  }
  for (const r of byCode.values()) {
    if (r.parentCode !== null && !byCode.has(r.parentCode)) {
      throw new ReferenceDataError(`wilayah ${r.code}: induk ${r.parentCode} tidak ada dalam daftar (region ${r.code}: parent ${r.parentCode} is not in the list)`);
    }
  }
  let bpsCodes = 0;
  let bpsUnknown = 0;
  if (regionFiles.includes(BPS_CROSSWALK_FILE)) {
    readCsv(path.join(dir, BPS_CROSSWALK_FILE)).forEach((r, i) => {
      const line = i + 2;
      const code = r.kemendagri_code ?? '';
      const bps = (r.bps_code ?? '').replaceAll('.', '');
      if (!code && !bps) return;
      if (!REGION_CODE.test(code)) throw fileError(BPS_CROSSWALK_FILE, line, `kode Kemendagri "${code}" tidak sah`, `invalid Kemendagri code "${code}"`);
      if (!BPS_CODE.test(bps)) throw fileError(BPS_CROSSWALK_FILE, line, `kode BPS "${r.bps_code ?? ''}" tidak sah`, `invalid BPS code "${r.bps_code ?? ''}"`);
      const region = byCode.get(code);
      if (!region) {
        bpsUnknown++;
        return;
      }
      if (region.bpsCode === null) bpsCodes++;
      region.bpsCode = bps;
    });
  }
  return { rows: [...byCode.values()], bpsCodes, bpsUnknown };
}

/**
 * Loads the region list when it differs from the one loaded before (by fingerprint), in one transaction
 * with the new fingerprint. Returns how many regions the list holds.
 */
async function loadRegions(database: Database, dir: string, files: string[], source: RegionSource) {
  const regionFiles = files.filter(isRegionFile);
  const fingerprint = regionFingerprint(dir, regionFiles, source);
  const stored = await database.db.selectFrom('system_settings').select('value').where('key', '=', REGIONS_SETTING).executeTakeFirst();
  const before = stored ? (JSON.parse(stored.value) as { fingerprint: string; regions: number; bpsCodes?: number; bpsUnknown?: number }) : undefined;
  if (before?.fingerprint === fingerprint) {
    return { regions: before.regions, regionsLoaded: false, bpsCodes: before.bpsCodes ?? 0, bpsUnknown: before.bpsUnknown ?? 0 };
  }
  const list = buildRegionList(dir, regionFiles, source);
  const value = JSON.stringify({
    fingerprint,
    regions: list.rows.length,
    bpsCodes: list.bpsCodes,
    bpsUnknown: list.bpsUnknown,
    source: source === 'national' ? `${NATIONAL_REGIONS_PACKAGE}@${nationalRegionsVersion()}` : 'files',
  });
  await database.db.transaction().execute(async (trx) => {
    await upsertRegions(trx, database.engine, list.rows);
    await trx
      .insertInto('system_settings')
      .values({ key: REGIONS_SETTING, value, updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })))
      .execute();
  });
  return { regions: list.rows.length, regionsLoaded: true, bpsCodes: list.bpsCodes, bpsUnknown: list.bpsUnknown };
}

export async function loadReferenceData(database: Database, dir = REFERENCE_DIR, options: ReferenceLoadOptions = {}): Promise<ReferenceLoadSummary> {
  const files = fs.readdirSync(dir).sort();
  const db = database.db;
  const now = new Date().toISOString();
  const regions = await loadRegions(database, dir, files, options.regions ?? 'national');
  let summary: ReferenceLoadSummary = { ...regions, benefitIndex: 0, settings: 0, documents: [] };
  await db.transaction().execute(async (trx) => {
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
      } else if (f.endsWith('.csv') && f !== 'benefit-index.csv' && !isRegionFile(f)) {
        documents.push({ name: f.replace(/\.csv$/, ''), content: JSON.stringify({ rows: readCsv(full) }) });
      }
    }
    await upsertDocuments(trx, documents, now);
    summary = { ...regions, benefitIndex: index.length, settings: settings.length, documents: documents.map((d) => d.name) };
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
