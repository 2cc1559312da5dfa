/**
 * docs/glossary.md in the English texts: KPM is the programme's own name, written as it is with no translation
 * beside it. A heading or label that counts them says "KPM", never "Families (KPM)".
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardMessages } from './catalog/dashboard';
import { reportMessages } from './catalog/report';
import { addMessages, t } from './index';

addMessages({ ...dashboardMessages, ...reportMessages });

const SRC = path.resolve(import.meta.dirname, '../..');

/** Every message file: the shared catalogues, the server's and the web app's (lazily loaded) messages. */
function messageFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) messageFiles(p, out);
    else if (!/\.test\.tsx?$/.test(e.name) && (/^messages.*\.ts$/.test(e.name) || (p.includes(`${path.sep}catalog${path.sep}`) && e.name.endsWith('.ts')))) out.push(p);
  }
  return out;
}

describe('KPM in English (docs/glossary.md)', () => {
  it('the counts of KPM are labelled "KPM"', () => {
    for (const key of ['report.caseload.families', 'dashboard.summary.families']) expect(t('en', key)).toBe('KPM');
    // Indonesian keeps its own words.
    expect(t('id', 'report.caseload.families')).toBe('Jumlah KPM (keluarga)');
  });

  it('no message file glosses KPM as "Families (KPM)"', () => {
    const files = messageFiles(SRC);
    expect(files.some((f) => f.endsWith(path.join('dashboard', 'messages.ts')))).toBe(true);
    const glossed = files.flatMap((f) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\bfamil(?:y|ies) \(KPM\)/i.test(line) ? [`${path.relative(SRC, f)}:${i + 1}`] : [])),
    );
    expect(glossed).toEqual([]);
  });
});
