/**
 * exceljs (about 300 ms of loading) is loaded only when a workbook is read or written (src/server/excel.ts):
 * the CLI, the server's modules and a CSV import's reading thread start without it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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
});
