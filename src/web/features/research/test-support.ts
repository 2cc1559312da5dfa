/** Helpers for this area's component tests: a FakeData whose research part answers from a state the test can read and change. */
import type { User } from '../../data/types';
import { FakeData, penelitiUser } from '../../test/fake-data';
import { fakeResearchData, type ResearchFakeState, researchState } from '../../test/fake-research';

export function researchData(opts: { user?: User | null; state?: Partial<ResearchFakeState> } = {}): { data: FakeData; state: ResearchFakeState } {
  const user = opts.user === undefined ? penelitiUser : opts.user;
  const data = new FakeData({ user });
  const state = researchState({ username: user?.username ?? 'peneliti', ...opts.state });
  Object.assign(data, fakeResearchData(state));
  return { data, state };
}

export const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Selects text in an element the way a mouse does: a Range in the document's selection, then mouseup on the element. */
export function selectText(root: HTMLElement, from: { node: Node; offset: number }, to: { node: Node; offset: number }): void {
  const range = document.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  const sel = window.getSelection()!;
  sel.removeAllRanges();
  sel.addRange(range);
  root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
}

/** The text node inside `root` holding `needle`, and the offset of `needle` in it. */
export function findInText(root: HTMLElement, needle: string): { node: Text; offset: number } {
  const walker = document.createTreeWalker(root, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = (n.nodeValue ?? '').indexOf(needle);
    if (i >= 0) return { node: n as Text, offset: i };
  }
  throw new Error(`"${needle}" is not in one text node of the element`);
}
