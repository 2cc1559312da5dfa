/**
 * The shared `.badge` rule (styles.css): a long badge wraps inside its card on a phone ("Prosperous-independent
 * (sejahtera mandiri)" on a 412 px screen ran past the card's edge), a short one still fits on one line.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'styles.css'), 'utf8');
const added: Element[] = [];
afterEach(() => {
  while (added.length) added.pop()?.remove();
});

describe('a badge', () => {
  it('may wrap, and is never wider than its container', () => {
    const style = document.createElement('style');
    style.textContent = css;
    document.head.appendChild(style);
    const card = document.createElement('div');
    card.className = 'card';
    card.innerHTML = '<span class="badge badge-info">Prosperous-independent (sejahtera mandiri)</span>';
    document.body.appendChild(card);
    added.push(style, card);
    const s = getComputedStyle(card.querySelector('.badge')!);
    expect(s.whiteSpace).toBe('normal');
    expect(s.maxWidth).toBe('100%');
    expect(s.overflowWrap).toBe('break-word');
    expect(s.display).toBe('inline-block');
  });
});
