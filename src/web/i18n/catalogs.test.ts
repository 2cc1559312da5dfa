/**
 * Complete English (and Indonesian): every message catalogue, the shared ones (src/shared/i18n/catalog)
 * and each screen area's own (src/web/features/<area>/messages.ts, found by walking the folders, so a new
 * area is checked without being listed here), gives every key a non-empty `id` and `en` with the same
 * `{placeholders}`, and no two catalogues define one key differently. Also: each literal `tr('web.…')`
 * key in the web app's source exists in some catalogue (else the screen would show the raw key).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const sharedDir = path.join(repoRoot, 'src/shared/i18n/catalog');
const webDir = path.join(repoRoot, 'src/web');

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile());
}

const rel = (f: string) => path.relative(repoRoot, f);

const catalogFiles = [
  ...walk(sharedDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')),
  ...walk(path.join(webDir, 'features')).filter((f) => /^messages(-[a-z]+)?\.ts$/.test(path.basename(f))),
].sort();

type Entry = { id?: unknown; en?: unknown };

function looksLikeCatalog(value: unknown): value is Record<string, Entry> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([k, v]) => k.includes('.') && !!v && typeof v === 'object' && ('id' in v || 'en' in v));
}

interface Found {
  file: string;
  name: string;
  catalog: Record<string, Entry>;
}

async function loadCatalogs(): Promise<Found[]> {
  const found: Found[] = [];
  for (const file of catalogFiles) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (looksLikeCatalog(value)) found.push({ file: rel(file), name, catalog: value });
  }
  return found;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('are found: the web catalogue and each area’s messages.ts', async () => {
    const found = await loadCatalogs();
    const files = new Set(found.map((f) => f.file));
    expect(files).toContain('src/shared/i18n/catalog/web.ts');
    for (const f of catalogFiles.filter((x) => x.endsWith('messages.ts'))) expect(files, `${rel(f)} exports no catalogue`).toContain(rel(f));
  });

  it('give every key a non-empty Indonesian and English text with the same placeholders', async () => {
    const problems: string[] = [];
    for (const { file, name, catalog } of await loadCatalogs()) {
      for (const [key, entry] of Object.entries(catalog)) {
        for (const lang of ['id', 'en'] as const) {
          const text = entry[lang];
          if (typeof text !== 'string' || text.trim() === '') problems.push(`${file} ${name} ${key}: no ${lang} text`);
        }
        // An English text may take the English twin of a parameter the Indonesian one takes (`{found}` / `{foundEn}`:
        // month names the server writes in each language).
        const enAsId = (p: string) => (p.endsWith('En') && placeholders(String(entry.id ?? '')).includes(p.slice(0, -2)) ? p.slice(0, -2) : p);
        if (typeof entry.id === 'string' && typeof entry.en === 'string' && placeholders(entry.id).join() !== placeholders(entry.en).map(enAsId).sort().join()) {
          problems.push(`${file} ${name} ${key}: placeholders differ (id {${placeholders(entry.id).join('}, {')}} / en {${placeholders(entry.en).join('}, {')}})`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('never define one key differently in two catalogues', async () => {
    const seen = new Map<string, { where: string; entry: Entry }>();
    const problems: string[] = [];
    for (const { file, name, catalog } of await loadCatalogs()) {
      for (const [key, entry] of Object.entries(catalog)) {
        const where = `${file} (${name})`;
        const before = seen.get(key);
        if (!before) seen.set(key, { where, entry });
        else if (before.entry.id !== entry.id || before.entry.en !== entry.en) {
          problems.push(`${key}: ${before.where} says ${JSON.stringify(before.entry)}, ${where} says ${JSON.stringify(entry)}`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('hold every literal web key the screens ask for', async () => {
    const keys = new Set((await loadCatalogs()).flatMap((f) => Object.keys(f.catalog)));
    const missing: string[] = [];
    const sources = walk(webDir).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes(`${path.sep}test${path.sep}`));
    for (const file of sources) {
      const text = fs.readFileSync(file, 'utf8');
      // tr('web.x.y'), t(lang, 'web.x.y'), tr("web.x.y"): only whole literal keys (not templates or prefixes).
      for (const m of text.matchAll(/\bt(?:r)?\(\s*(?:[\w.]+\s*,\s*)?['"](web\.[\w.-]+)['"]/g)) {
        if (!keys.has(m[1])) missing.push(`${rel(file)}: ${m[1]}`);
      }
    }
    expect(missing, missing.join('\n')).toEqual([]);
  });
});
