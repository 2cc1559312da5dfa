/**
 * What a graduation move asks of the server afterwards: "Jadikan kandidat" sends the move and nothing else
 * (its answer is the case as it is now; the family's record, its assessments and the criteria sets are not
 * fetched again), the screen still shows the new state; a move that may change the family's status (exit,
 * re-entry) fetches the family again. And which cached queries a move marks stale (invalidateAfterMove).
 */
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { TitianData } from '../../data/TitianData';
import { invalidateAfterMove } from '../../data/graduation-queries';
import { cleanup, click, findByText, getByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { assessment, graduationData, korcamUser } from './test-support';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const stateOf = (c: HTMLElement) => norm(c.querySelector('.grad-state')?.textContent);
const formOf = (c: HTMLElement) => c.querySelector<HTMLFormElement>('form.grad-form')!;

/** The data layer with every method call recorded by name (the requests the screen makes). */
function counted(data: TitianData): { data: TitianData; requests: string[] } {
  const requests: string[] = [];
  const proxy = new Proxy(data, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || prop === 'graduationLetterUrl') return v;
      return (...args: unknown[]) => {
        requests.push(String(prop));
        return v.apply(target, args);
      };
    },
  });
  return { data: proxy, requests };
}

/** Long enough for background refetches started by the move to have been asked. */
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('requests after a graduation move', () => {
  it('sends only the move for “Jadikan kandidat”, and the screen shows the new state and moves', async () => {
    const { data: fake } = graduationData({ state: { assessments: { 'fam-0001': [assessment()] } } });
    const { data, requests } = counted(fake);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await findByText(container, 'Graduasi Budi Santoso', 'h1');
    await waitFor(() => expect(requests).toEqual(expect.arrayContaining(['getFamily', 'familyGraduation', 'listAssessments', 'listCriteriaSets'])));
    await settle();
    requests.length = 0;

    await click(getByText(container, 'Jadikan kandidat', 'button'));
    await submit(formOf(container));
    await waitFor(() => expect(stateOf(container)).toBe('Kandidat'));
    await settle();
    expect(requests).toEqual(['moveGraduation']);
    getByText(container, 'Tersimpan: Kandidat.');
    expect(Array.from(container.querySelectorAll('.grad-moves button')).map((b) => norm(b.textContent))).toEqual(['Tandai sudah diases']);
    // The family's name (its record, not fetched again) still heads the page; the assessment still listed.
    getByText(container, 'Graduasi Budi Santoso', 'h1');
    expect(container.querySelectorAll('li.grad-assessment')).toHaveLength(1);
  });

  it('fetches the family again after an exit (its status may change), and nothing else', async () => {
    const { data: fake } = graduationData({
      user: korcamUser,
      state: { cases: { 'fam-0002': { case: { state: 'approved', type: 'sejahtera_mandiri', version: 5, approvedAt: '2026-07-01' }, history: [], followups: [] } } },
    });
    const { data, requests } = counted(fake);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi' });
    await waitFor(() => expect(stateOf(container)).toBe('Disetujui'));
    await settle();
    requests.length = 0;

    await click(getByText(container, 'Keluarkan dari PKH', 'button'));
    await type(formOf(container).querySelector('input[type=date]')!, '2026-07-15');
    await submit(formOf(container));
    await waitFor(() => expect(stateOf(container)).toBe('Keluar dari PKH'));
    await settle();
    // The new history line names its mover (display names looked up) and may show a document: not data of the case.
    expect(requests.filter((r) => r !== 'listAttachments' && r !== 'userNames').sort()).toEqual(['getFamily', 'moveGraduation']);
  });
});

describe('invalidateAfterMove', () => {
  const KEYS = {
    candidates: ['graduation', 'candidates', '', 0, 'id'],
    candidatesPena: ['graduation', 'candidates', 'pena', 20, 'id'],
    queueCandidate: ['graduation', 'cases', 'candidate', 0],
    queueProposed: ['graduation', 'cases', 'proposed', 0],
    queueApproved: ['graduation', 'cases', 'approved', 0],
    pipeline: ['graduation', 'pipeline', 'pendamping', null],
    familyCase: ['graduation', 'family', 'fam-1', 'id'],
    assessments: ['graduation', 'assessments', 'fam-1', 'id'],
    sets: ['graduation', 'sets'],
    family: ['family', 'fam-1', 'id'],
    otherFamily: ['family', 'fam-2', 'id'],
    history: ['history', 'fam-1', 0],
    timeline: ['timeline', 'fam-1', 'all'],
    otherTimeline: ['timeline', 'fam-2', 'all'],
  } as const;
  type Name = keyof typeof KEYS;

  async function staleAfter(to: Parameters<typeof invalidateAfterMove>[2]['to'], from: Parameters<typeof invalidateAfterMove>[3]): Promise<Name[]> {
    const qc = new QueryClient();
    for (const key of Object.values(KEYS)) qc.setQueryData(key, { cached: true });
    await invalidateAfterMove(qc, 'fam-1', { to }, from, to);
    return (Object.keys(KEYS) as Name[]).filter((n) => qc.getQueryState(KEYS[n])?.isInvalidated);
  }

  it('marks stale what becoming a candidate changes, not the family’s record, its assessments or the sets', async () => {
    expect(await staleAfter('candidate', null)).toEqual(['candidates', 'candidatesPena', 'queueCandidate', 'pipeline', 'history', 'timeline']);
  });

  it('marks the queues the case left and reached, not the others', async () => {
    expect(await staleAfter('proposed', 'statement_signed')).toEqual(['candidates', 'candidatesPena', 'queueProposed', 'pipeline', 'history', 'timeline']);
    // The previous state not known: every queue.
    expect(await staleAfter('approved', undefined)).toEqual(['candidates', 'candidatesPena', 'queueCandidate', 'queueProposed', 'queueApproved', 'pipeline', 'history', 'timeline']);
  });

  it('marks the family’s record stale after an exit or a re-entry (its status)', async () => {
    expect(await staleAfter('exited', 'approved')).toEqual(['candidates', 'candidatesPena', 'queueApproved', 'pipeline', 'family', 'history', 'timeline']);
    expect(await staleAfter('reentered', 'exited')).toContain('family');
    expect(await staleAfter('reentered', 'exited')).not.toContain('otherFamily');
  });
});
