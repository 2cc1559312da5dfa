/**
 * The trail's table on a desk (audit.css): an open entry's details widen their column, and the other columns
 * must not give way by splitting words ("syst / em", "Rahmad / ani"). jsdom lays nothing out, so the rules
 * themselves are checked here; a screenshot at 1366 px in Chromium showed the result.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const css = readFileSync(fileURLToPath(new URL('./audit.css', import.meta.url)), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The declarations of the rules (outside any @media) whose selector list names `selector`, later ones winning. */
function declarations(selector: string): Record<string, string> {
  const top = css.replace(/@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '');
  const out: Record<string, string> = {};
  for (const m of top.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = m[1]!.split(',').map((s) => s.trim());
    if (!selectors.includes(selector)) continue;
    for (const d of m[2]!.split(';')) {
      const [prop, ...value] = d.split(':');
      if (prop?.trim() && value.length) out[prop.trim()] = value.join(':').trim();
    }
  }
  return out;
}

describe('the trail’s table on a desk', () => {
  it('wraps who did it, the action and the family between words only, the name column keeping a least width', () => {
    // Every cell may still break a long hash or id anywhere…
    expect(declarations('.audit-table td')['overflow-wrap']).toBe('anywhere');
    // …but not these: their longest word sets their least width, so an open entry cannot squeeze them to letters.
    for (const cell of ['.audit-table td.audit-who', '.audit-table td.audit-action-cell', '.audit-table td.audit-family']) {
      const d = declarations(cell);
      expect(d['overflow-wrap'], cell).toBe('break-word');
      expect(d['word-break'], cell).toBe('normal');
    }
    expect(declarations('.audit-table td.audit-who')['min-width']).toMatch(/^\d+(\.\d+)?rem$/);
  });
});
