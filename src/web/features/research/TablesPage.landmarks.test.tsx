/**
 * /riset/tabel: each table's sideways-scrolling box is reachable with the keyboard and named by its heading, without
 * being a second landmark of the same name as its section (axe landmark-unique).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, renderApp, waitFor } from '../../test/helpers';
import { researchData } from './test-support';

afterEach(cleanup);

/** The accessible name given by aria-labelledby or aria-label (what these landmarks use). */
const nameOf = (el: Element) => {
  const ids = el.getAttribute('aria-labelledby');
  if (ids) return ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ');
  return el.getAttribute('aria-label') ?? '';
};

/** Elements exposed as region landmarks: a named <section>, or anything with role="region". */
const regions = (root: ParentNode) => [...root.querySelectorAll('section, [role="region"]')].filter((el) => el.getAttribute('role') === 'region' || (el.tagName === 'SECTION' && !el.hasAttribute('role') && nameOf(el) !== ''));

describe('/riset/tabel landmarks', () => {
  it('no two region landmarks share a name; each scroll box is a focusable group named by its table’s heading', async () => {
    const { data } = researchData();
    const { container } = await renderApp({ data, path: '/riset/tabel' });
    const boxes = await waitFor(() => {
      const b = [...container.querySelectorAll<HTMLElement>('.research-table-wrap')];
      if (b.length < 2) throw new Error('loading');
      return b;
    });
    const names = regions(container).map(nameOf);
    expect(names).toEqual(expect.arrayContaining(['Frekuensi kode', 'Ko-okurensi kode']));
    expect(new Set(names).size).toBe(names.length);
    for (const box of boxes) {
      expect(box.getAttribute('role')).toBe('group');
      expect(box.tabIndex).toBe(0);
      const section = box.closest('section')!;
      expect(nameOf(box)).toBe(nameOf(section));
      expect(box.querySelector('table')).not.toBeNull();
    }
  });
});
