/**
 * exceljs (about 300 ms of loading) is loaded only when a workbook is read or written (src/server/excel.ts):
 * the CLI, the server's modules and a CSV import's reading thread start without it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticRegistryXlsx } from '../../src/server/import/synthetic-registry';

const root = path.resolve(__dirname, '../..');

/** Imports `modules` in a fresh Node process (through tsx), runs `then`, and says whether exceljs was loaded. */
function excelLoadedAfter(modules: string[], then = ''): boolean {
  const script = `
    import Module from 'node:module';
    ${modules.map((m, i) => `const m${i} = await import(${JSON.stringify(path.join(root, m))});`).join('\n')}
    ${then}
    const loaded = Object.keys(Module._cache).some((k) => k.includes('/node_modules/exceljs/'));
    process.stdout.write(JSON.stringify({ loaded }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return (JSON.parse(out) as { loaded: boolean }).loaded;
}

describe('exceljs is loaded on first use', () => {
  it('not by the CLI, the app, the registry reader nor the export formats', () => {
    expect(excelLoadedAfter(['src/cli/index.ts', 'src/server/app.ts', 'src/server/import/registry-reader.ts', 'src/server/services/export-format.ts'])).toBe(false);
  }, 60_000);

  it('by the first workbook written', () => {
    const write = `
      async function* rows() { yield ['a', 1]; }
      const chunks = [];
      for await (const c of m0.xlsxStream('Sheet', ['x', 'y'], rows())) chunks.push(c);
      if (Buffer.concat(chunks).subarray(0, 2).toString() !== 'PK') throw new Error('not a zip');
    `;
    expect(excelLoadedAfter(['src/server/services/export-format.ts'], write)).toBe(true);
  }, 60_000);

  it('by the first workbook read, without losing the start of the file while it loads', async () => {
    // The CLI's first XLSX import: exceljs loads while the file is opened. Every record must still be read
    // (the reader once started the file flowing before exceljs was there, and the zip came up short).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'titian-lazy-xlsx-'));
    try {
      const file = path.join(dir, 'registry.xlsx');
      const summary = await writeSyntheticRegistryXlsx({ families: 300, seed: 7 }, file);
      const read = `
        let records = 0;
        for await (const batch of m0.readRegistryFile(${JSON.stringify(file)}, { batchSize: 100 })) records += batch.length;
      `;
      const script = `
        import Module from 'node:module';
        const m0 = await import(${JSON.stringify(path.join(root, 'src/server/import/registry-reader.ts'))});
        const before = Object.keys(Module._cache).some((k) => k.includes('/node_modules/exceljs/'));
        ${read}
        process.stdout.write(JSON.stringify({ before, records }));
      `;
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
      expect(summary.members).toBeGreaterThan(900);
      expect(JSON.parse(out)).toEqual({ before: false, records: summary.members });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
