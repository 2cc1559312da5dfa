import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasMessage, type MessageParams, t } from '../../../shared/i18n';
import { historyAction } from '../families/history';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTIONS, readsAuditTrail } from './actions';
import './messages';

const serverDir = fileURLToPath(new URL('../../../server', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [file] : [];
  });
}

/** The actions the server writes with a literal code (`action: 'x.y'`, or either side of `action: c ? 'x.y' : 'x.z'`). */
function serverActions(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(serverDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/action: ([^,}\n]+)/g)) {
      for (const code of m[1]!.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) found.add(code[1]!);
    }
  }
  return found;
}

describe('the audit screen’s actions', () => {
  it('lists every action the server writes (a new action must be named for the filter)', () => {
    const written = serverActions();
    // The scan finds the literal codes (dozens of them); template codes (export.<kind>, graduation.<state>) are listed by hand.
    expect(written.size).toBeGreaterThan(40);
    expect([...written].filter((a) => !AUDIT_ACTIONS.includes(a)).sort()).toEqual([]);
  });

  it('names every listed action in words in both languages, with no code and no action twice', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const lang of ['id', 'en'] as const) {
      const tr = (key: string, params?: MessageParams) => t(lang, key, params);
      for (const a of AUDIT_ACTIONS) {
        const words = historyAction(tr, a);
        expect(words, `${lang} ${a}`).not.toMatch(/^(Tindakan|Action): /);
        expect(words, `${lang} ${a}`).not.toContain(a);
      }
      for (const g of AUDIT_ACTION_GROUPS) expect(hasMessage(`web.audit.group.${g.group}`), g.group).toBe(true);
    }
    // An unknown action is still shown, by its code.
    expect(historyAction((k, p) => t('id', k, p), 'frobnicate.x')).toBe('Tindakan: frobnicate.x');
  });

  it('is open to auditors and admin, as the server’s canReadAuditTrail', () => {
    expect(['auditor', 'admin', 'koordinator_kota', 'koordinator_kecamatan', 'pendamping', 'peneliti', null].map((r) => readsAuditTrail(r as never))).toEqual([true, true, false, false, false, false, false]);
  });
});
