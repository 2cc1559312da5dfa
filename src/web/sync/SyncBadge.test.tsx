/**
 * The header's sync badge on a phone: an icon and a short count, never a sentence cut off mid-word; its
 * accessible name and tooltip are always the whole state, in the language chosen, numbers grouped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoUser, FakeData } from '../test/fake-data';
import { cleanup, renderApp, waitFor } from '../test/helpers';
import type { SyncState } from './engine';

afterEach(cleanup);

const base: SyncState = {
  enabled: true, userId: demoUser.id, reachable: true, syncing: false, ready: true, received: 0, lastSyncAt: null, pending: 0, refused: 0,
  conflicts: 0, needsLogin: false, otherUsersPending: 0, photosPending: 0, photosRefused: 0, error: null,
} as SyncState;

/** A stand-in engine whose state is `state` (the header reads it, nothing is synced). */
const engineIn = (state: Partial<SyncState>) => {
  const whole = { ...base, ...state };
  return { getState: () => whole, subscribe: () => () => undefined, sync: async () => undefined } as never;
};

async function badgeIn(state: Partial<SyncState>, lang: 'id' | 'en' = 'id') {
  const { container } = await renderApp({ data: new FakeData(), path: '/keluarga', lang, sync: engineIn(state) });
  return waitFor(() => {
    const a = container.querySelector<HTMLAnchorElement>('header [data-testid="sync-badge"]');
    if (!a) throw new Error('no sync badge');
    return a;
  });
}

/** What a sighted phone user sees: the text outside the sentence kept for wide screens and screen readers. */
const phoneText = (a: HTMLElement) => Array.from(a.querySelectorAll('.sync-count')).map((e) => e.textContent).join('');

describe('the header’s sync badge', () => {
  it.each([
    [{}, 'Status sinkronisasi: Tersinkron', ''],
    [{ reachable: false }, 'Status sinkronisasi: Luring', ''],
    [{ pending: 2, photosPending: 1 }, 'Status sinkronisasi: 3 menunggu dikirim', '3'],
    [{ refused: 1, photosRefused: 1 }, 'Status sinkronisasi: 2 perlu perhatian', '2'],
    [{ syncing: true, received: 6549 }, 'Status sinkronisasi: Mengunduh data: 6.549 catatan', '99+'],
    [{ pending: 1234 }, 'Status sinkronisasi: 1.234 menunggu dikirim', '99+'],
    [{ needsLogin: true, pending: 3 }, 'Status sinkronisasi: Masuk lagi untuk mengirim', ''],
  ] as const)('%j: named in full, a short count on the phone', async (state, name, short) => {
    const a = await badgeIn(state);
    // What shows is in what is heard (axe label-content-name-mismatch): a capped "99+" leads the name.
    expect(a.getAttribute('aria-label')).toBe(short === '99+' ? `99+ · ${name}` : name);
    expect(a.getAttribute('aria-label')).toContain(short);
    expect(a.getAttribute('title')).toBe(name);
    // The sentence stays whole in the page (shown from 40rem), never shortened with an ellipsis.
    expect(a.querySelector('.sync-text')!.textContent).toBe(name.replace('Status sinkronisasi: ', ''));
    expect(a.textContent).not.toContain('…');
    expect(phoneText(a)).toBe(short);
    // The icon and the count are not read out twice.
    expect(a.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
    for (const c of a.querySelectorAll('.sync-count')) expect(c.getAttribute('aria-hidden')).toBe('true');
  });

  it('is named in English with English number grouping', async () => {
    const a = await badgeIn({ syncing: true, received: 6549 }, 'en');
    expect(a.getAttribute('aria-label')).toBe('99+ · Sync status: Downloading: 6,549 records');
    expect(a.getAttribute('title')).toBe('Sync status: Downloading: 6,549 records');
  });

  it('starts its name with the capped count it shows, the whole count kept in the name and the tooltip', async () => {
    const a = await badgeIn({ syncing: true, received: 1553 }, 'en');
    expect(phoneText(a)).toBe('99+');
    expect(a.getAttribute('aria-label')!.startsWith('99+')).toBe(true);
    expect(a.getAttribute('aria-label')).toContain('1,553');
    expect(a.getAttribute('title')).toBe('Sync status: Downloading: 1,553 records');
  });

  it('shows 99 as it is, the name unchanged (the count is in the sentence)', async () => {
    const a = await badgeIn({ pending: 99 });
    expect(phoneText(a)).toBe('99');
    expect(a.getAttribute('aria-label')).toBe('Status sinkronisasi: 99 menunggu dikirim');
  });
});
