/**
 * Every message key the server, the domain and the shared schemas name in their code is in a catalogue: a
 * missing one is shown to the user as the bare "Nilai tidak valid." (it happened with validation.date_in_future).
 * Keys are found as string literals: `validation.*` and `error.*` anywhere, and a zod schema's `message: '…'`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportMessages } from '../shared/i18n/catalog/exports';
import { addMessages, hasMessage } from '../shared/i18n/index';
import './i18n';

addMessages(exportMessages);

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'web' && e.name !== 'catalog') sources(p, out);
    } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('message keys named in the code', () => {
  it('are all in a catalogue', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const missing: string[] = [];
    for (const file of sources(root)) {
      const text = fs.readFileSync(file, 'utf8');
      const keys = new Set<string>();
      for (const m of text.matchAll(/'((?:validation|error)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)'/g)) keys.add(m[1]!);
      for (const m of text.matchAll(/message: '([a-z_]+\.[a-z0-9_.]+)'/g)) keys.add(m[1]!);
      for (const k of keys) if (!hasMessage(k)) missing.push(`${k} (${path.relative(root, file)})`);
    }
    expect(missing).toEqual([]);
  });
});
