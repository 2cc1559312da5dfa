/** nextSessionOf: the session "Catat pertemuan" suggests after a group's latest held one, in curriculum order. */
import { describe, expect, it } from 'vitest';
import type { P2k2Curriculum } from '../../data/groups';
import { nextSessionOf } from './labels';

const curriculum: P2k2Curriculum = {
  modules: [
    { code: 'a', name: 'A', sessions: ['a1', 'a2', 'a3'] },
    { code: 'b', name: 'B', sessions: ['b1', 'b2'] },
    { code: 'c', name: 'C', sessions: ['c1'] },
  ],
};
const held = (moduleCode: string, session: number, over: { status?: string; makeupOf?: string | null } = {}) => ({ moduleCode, session, status: 'held', makeupOf: null, ...over });

describe('nextSessionOf', () => {
  it('the next session of the module of the latest held one (the list is newest first)', () => {
    expect(nextSessionOf(curriculum, [held('a', 1)])).toEqual({ module: 'a', session: 2 });
    expect(nextSessionOf(curriculum, [held('a', 2), held('a', 1)])).toEqual({ module: 'a', session: 3 });
    expect(nextSessionOf(curriculum, [held('b', 1), held('a', 3)])).toEqual({ module: 'b', session: 2 });
  });

  it("after a module's last session, the first of the next module in the curriculum's order", () => {
    expect(nextSessionOf(curriculum, [held('a', 3)])).toEqual({ module: 'b', session: 1 });
    expect(nextSessionOf(curriculum, [held('b', 2)])).toEqual({ module: 'c', session: 1 });
  });

  it('make-ups and sessions not held are passed over', () => {
    expect(nextSessionOf(curriculum, [held('a', 1, { makeupOf: 's1' }), held('a', 1, { status: 'planned' }), held('c', 1, { status: 'cancelled' }), held('a', 2)])).toEqual({ module: 'a', session: 3 });
  });

  it('the first session when none was held, the curriculum is finished, or the module is no longer in it', () => {
    expect(nextSessionOf(curriculum, [])).toEqual({ module: 'a', session: 1 });
    expect(nextSessionOf(curriculum, [held('a', 1, { makeupOf: 'x' })])).toEqual({ module: 'a', session: 1 });
    expect(nextSessionOf(curriculum, [held('c', 1)])).toEqual({ module: 'a', session: 1 });
    expect(nextSessionOf(curriculum, [held('gone', 2)])).toEqual({ module: 'a', session: 1 });
    expect(nextSessionOf({ modules: [] }, [held('a', 1)])).toEqual({ module: '', session: 1 });
  });
});
