/** Test-only helpers (imported by *.test.ts, never by app code): the bundled reference files, read from data/reference. The domain itself does no I/O. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CriteriaSet, type EconomicRow, findCriteriaSet, parseCriteriaSetsFile, parseEconomicsCsv } from './criteria';

const dir = fileURLToPath(new URL('../../../data/reference/', import.meta.url));
export const readReferenceText = (name: string) => fs.readFileSync(dir + name, 'utf8');
export const readReferenceJson = (name: string): unknown => JSON.parse(readReferenceText(name));

export function bundledSets(): CriteriaSet[] {
  const parsed = parseCriteriaSetsFile(readReferenceJson('graduation-criteria-sets.json'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.sets;
}

export function bundledSet(code: string): CriteriaSet {
  const set = findCriteriaSet(bundledSets(), code);
  if (!set) throw new Error(`no set ${code}`);
  return set;
}

export function bundledEconomics(): EconomicRow[] {
  const parsed = parseEconomicsCsv(readReferenceText('depok-economics.csv'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.rows;
}
