/**
 * The words of an entry's details (details.tsx, messages-details.ts): every record (entity) and every field of
 * the before and after data the server writes has words in both languages, found by scanning the server the
 * way actions.test.ts scans it for actions; what a newer server adds is humanised, never shown as a raw code;
 * and a NIK or No. KK inside a value never shows.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasMessage, type MessageParams, t } from '../../../shared/i18n';
import { SYNC_ENTITIES } from '../../../shared/schemas/sync';
import { containsIdentifier, entityLabel, fieldLabel, hidesIdentifiers, humanise, maskIdentifiers } from './details';

const serverDir = fileURLToPath(new URL('../../../server', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [file] : [];
  });
}

const serverFiles = () => sources(serverDir).map((file) => ({ file: path.relative(serverDir, file), text: readFileSync(file, 'utf8') }));
const quoted = (s: string) => [...s.matchAll(/'([^']+)'/g)].map((m) => m[1]!);

/**
 * The entities the server writes: literal `entity: 'x'`, and those it writes through a variable: a case plan's
 * tables (`type Table`), the snapshot kinds (`…_SNAPSHOT = 'x'`), the configuration rules (`CONFIG_RULES`, the
 * entity of `config.change`) and the entities a phone syncs (a conflict's entity).
 */
function serverEntities(): Set<string> {
  const found = new Set<string>(SYNC_ENTITIES);
  for (const { file, text } of serverFiles()) {
    for (const m of text.matchAll(/\bentity: '([^']+)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/\b[A-Z_]+_SNAPSHOT = '([^']+)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/\bCONFIG_RULES = \[([^\]]*)\]/g)) for (const c of quoted(m[1]!)) found.add(c);
    if (file.endsWith('case-plans.repository.ts')) for (const m of text.matchAll(/\btype Table = ([^;]+);/g)) for (const c of quoted(m[1]!)) found.add(c);
  }
  return found;
}

/** The object literal opening at `{` (at `open`), without its braces; strings skipped. */
function literalAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c) && --depth === 0) return text.slice(open + 1, i);
  }
  return '';
}

/** The keys of an object literal's body, at its own level (`key: value`, `key,` shorthand, `'key': value`; not spreads). */
function ownKeys(body: string): string[] {
  let top = '';
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const start = i;
      for (i++; i < body.length && body[i] !== c; i++) if (body[i] === '\\') i++;
      if (depth === 0) top += body.slice(start, i + 1);
      continue;
    }
    if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) depth--;
    else if (depth === 0) top += c;
  }
  return top
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('...'))
    .flatMap((p) => {
      const m = /^(?:'([^']+)'|([A-Za-z_$][\w$]*))\s*(?::|$)/.exec(p);
      return m ? [m[1] ?? m[2]!] : [];
    });
}

/** The fields of every `before: { … }` and `after: { … }` the server writes, at every depth. */
function serverDetailKeys(): Map<string, string> {
  const found = new Map<string, string>();
  for (const { file, text } of serverFiles()) {
    for (const m of text.matchAll(/\b(?:before|after): \{/g)) {
      const body = literalAt(text, m.index + m[0].length - 1);
      const keys = [...ownKeys(body), ...[...body.matchAll(/\{/g)].flatMap((o) => ownKeys(literalAt(body, o.index)))];
      for (const k of keys) if (!found.has(k)) found.set(k, file);
    }
  }
  return found;
}

/**
 * Fields the server writes through a variable the scan cannot follow: a person (families.repository.ts
 * auditPerson, the member changes), a user's change (auth.repository.ts), a term's patch, a research code's
 * change, a follow-up's `set`.
 */
const WRITTEN_THROUGH_VARIABLES = [
  'personId', 'name', 'sex', 'birthDate', 'schoolLevel', 'pregnant', 'postpartum', 'severeDisability', 'relation', 'caretaker', 'factsFrom', 'endDate', 'reason', 'deathDate',
  'displayName', 'role', 'regionCode', 'active', 'password',
  'labelId', 'labelEn', 'label_id', 'label_en', 'description',
  'doneOn', 'outcome', 'notes', 'activityId',
];

const trOf = (lang: 'id' | 'en') => (key: string, params?: MessageParams) => t(lang, key, params);

describe('the words of an entry’s details', () => {
  it('name every record the server writes to the trail, in both languages', () => {
    const written = serverEntities();
    // Dozens of entities; the ones the tester met among them.
    expect(written.size).toBeGreaterThan(40);
    expect([...written]).toEqual(expect.arrayContaining(['research_documents', 'research_memos', 'family', 'case_goals', 'benefit-index', 'compliance_period', 'p2k2_attendance']));
    expect([...written].filter((e) => !hasMessage(`web.audit.entity.${e}`)).sort()).toEqual([]);
    for (const lang of ['id', 'en'] as const) {
      for (const e of written) expect(entityLabel(trOf(lang), e), `${lang} ${e}`).toMatch(/^(?!web\.)\S/);
    }
    expect(entityLabel(trOf('id'), 'research_documents')).toBe('dokumen riset');
    expect(entityLabel(trOf('en'), 'research_documents')).toBe('research document');
  });

  it('name every field of the data the server writes, in both languages', () => {
    const written = serverDetailKeys();
    expect(written.size).toBeGreaterThan(80);
    expect([...written.keys()]).toEqual(expect.arrayContaining(['title', 'source', 'chars', 'storylineChars', 'from', 'to', 'format']));
    const keys = [...new Set([...written.keys(), ...WRITTEN_THROUGH_VARIABLES])];
    const unnamed = keys.filter((k) => !hasMessage(`web.audit.field.${k}`) && !hasMessage(`web.history.field.${k}`));
    expect(unnamed.map((k) => `${k} (${written.get(k) ?? 'by hand'})`).sort()).toEqual([]);
    for (const lang of ['id', 'en'] as const) {
      for (const k of keys) expect(fieldLabel(trOf(lang), k), `${lang} ${k}`).toMatch(/^(?!web\.)\S/);
    }
    expect(['source', 'chars', 'title'].map((k) => fieldLabel(trOf('id'), k))).toEqual(['sumber', 'jumlah karakter', 'judul']);
    expect(['source', 'chars', 'title'].map((k) => fieldLabel(trOf('en'), k))).toEqual(['source', 'characters', 'title']);
  });

  it('humanise a record or field a newer server adds, rather than show its code', () => {
    expect(humanise('storylineNewThing')).toBe('storyline new thing');
    expect(humanise('research_new_table')).toBe('research new table');
    expect(humanise('some-rule')).toBe('some rule');
    expect(fieldLabel(trOf('id'), 'segmentsRecounted')).toBe('segments recounted');
    expect(entityLabel(trOf('en'), 'research_drafts')).toBe('research drafts');
  });

  it('mask a NIK or No. KK anywhere inside a value, plain, masked by the server or spaced, and say so', () => {
    const tr = trOf('id');
    expect(maskIdentifiers(tr, 't 3276021503850091')).toBe('t (NIK/No. KK disembunyikan)');
    expect(maskIdentifiers(trOf('en'), 'NIK3276021503850091, ok')).toBe('NIK(NIK/No. KK hidden), ok');
    expect(maskIdentifiers(tr, 'KK 3276********0003 pindah')).toBe('KK (NIK/No. KK disembunyikan) pindah');
    expect(maskIdentifiers(tr, 'nik 3276 0215 0385 0091.')).toBe('nik (NIK/No. KK disembunyikan).');
    expect(maskIdentifiers(tr, 'a 32760215038500912 b')).toBe('a (NIK/No. KK disembunyikan) b');
    // Not an identifier: shorter numbers, ids, dates, hashes.
    for (const text of ['Rp 150000000000000', '0190b000-0000-7000-8000-00000000f001', '2026-07-15T03:10:00.000Z', 'e5'.repeat(32), '1234567890 12345', '08123456789']) {
      expect(containsIdentifier(text), text).toBe(false);
      expect(maskIdentifiers(tr, text)).toBe(text);
    }
    expect(hidesIdentifiers({ title: 't 3276021503850091' })).toBe(true);
    expect(hidesIdentifiers({ persons: [{ note: 'nik 3276021503850091' }] })).toBe(true);
    expect(hidesIdentifiers({ number: 3276021503850091 })).toBe(true);
    expect(hidesIdentifiers({ title: 'Catatan kunjungan', chars: 120 })).toBe(false);
  });
});
