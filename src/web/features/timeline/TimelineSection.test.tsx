import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { FakeData, penelitiUser } from '../../test/fake-data';
import { type FakeTimelineStore, fakeTimelineData, makeTimelineStore } from '../../test/fake-timeline';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function open(opts: { store?: FakeTimelineStore; lang?: 'id' | 'en'; user?: User } = {}) {
  const data = new FakeData(opts.user ? { user: opts.user } : {});
  const store = opts.store ?? makeTimelineStore();
  Object.assign(data, fakeTimelineData(store));
  const rendered = await renderApp({ data, path: '/keluarga/fam-0001', lang: opts.lang });
  const section = await waitFor(() => {
    const s = rendered.container.querySelector<HTMLElement>('section.timeline');
    if (!s || s.querySelector('.loading, [aria-busy="true"]:not(ol)')) throw new Error('no timeline yet');
    if (!s.querySelector('.timeline-list, .muted, [role="alert"]')) throw new Error('timeline loading');
    return s;
  });
  return { ...rendered, data, store, section };
}

const items = (section: HTMLElement) => Array.from(section.querySelectorAll<HTMLElement>('.timeline-event'));

describe('a family’s timeline on its page', () => {
  it('shows the newest ten events with date, kind, title, who and details; "muat lebih banyak" adds the rest', async () => {
    const { section, store } = await open();
    getByText(section, 'Linimasa keluarga', 'h2');
    const first = items(section);
    expect(first).toHaveLength(10);
    expect(first.map((e) => e.dataset.eventId)).toEqual(store.events['fam-0001']!.slice(0, 10).map((e) => e.id));
    const top = norm(first[0]!.textContent);
    expect(top).toContain('15 Juli 2026');
    expect(top).toContain('Graduasi');
    expect(top).toContain('Graduasi sejahtera mandiri: kandidat');
    expect(top).toContain('oleh Siti Rahmawati');
    expect(top).toContain('Usaha warung berjalan');
    expect(first[0]!.querySelector('a')?.getAttribute('href')).toBe('/keluarga/fam-0001/graduasi');
    expect(first[3]!.querySelector('a')?.getAttribute('href')).toBe('/kelompok/grp-melati');
    getByText(section, '10 dari 12 peristiwa');

    await click(getByText(section, 'Muat lebih banyak', 'button'));
    await waitFor(() => expect(items(section)).toHaveLength(12));
    expect(items(section).map((e) => e.dataset.eventId)).toEqual(store.events['fam-0001']!.map((e) => e.id));
    getByText(section, '12 dari 12 peristiwa');
    expect(queryByText(section, 'Muat lebih banyak', 'button')).toBeNull();
    expect(store.calls.map((c) => [c.familyId, c.offset, c.limit])).toEqual([
      ['fam-0001', 0, 10],
      ['fam-0001', 10, 10],
    ]);
  });

  it('filters by kind (the server is asked for that kind only)', async () => {
    const { section, store } = await open();
    await type(byLabel(section, 'Tampilkan'), 'referral');
    await waitFor(() => expect(items(section).map((e) => e.dataset.kind)).toEqual(['referral', 'referral']));
    expect(store.calls.at(-1)).toMatchObject({ familyId: 'fam-0001', offset: 0, kinds: ['referral'] });
    getByText(section, '2 dari 2 peristiwa');
    expect(queryByText(section, 'Muat lebih banyak', 'button')).toBeNull();
    store.events['fam-0001'] = store.events['fam-0001']!.filter((e) => e.kind !== 'sanction');
    await type(byLabel(section, 'Tampilkan'), 'sanction');
    await findByText(section, 'Belum ada peristiwa jenis ini.');
    await type(byLabel(section, 'Tampilkan'), '');
    await waitFor(() => expect(items(section)).toHaveLength(10));
  });

  it('a family with nothing recorded says so; a failure offers a retry', async () => {
    const empty = makeTimelineStore();
    empty.events = {};
    const { section } = await open({ store: empty });
    getByText(section, 'Belum ada yang tercatat untuk keluarga ini.');
    cleanup();
    const failing = makeTimelineStore();
    failing.error = new ApiError(0, 'network', 'Tidak ada koneksi');
    const broken = await open({ store: failing });
    expect(broken.section.querySelector('[role="alert"]')).not.toBeNull();
    failing.error = null;
    await click(getByText(broken.section, /Coba lagi/, 'button'));
    await waitFor(() => expect(items(broken.section)).toHaveLength(10));
  });

  it('shows a researcher what the server gives: no details, no names', async () => {
    const store = makeTimelineStore();
    store.events['fam-0001'] = store.events['fam-0001']!.map(({ detail: _d, by: _b, ...e }) => e);
    const { section } = await open({ store, user: penelitiUser });
    expect(items(section)).toHaveLength(10);
    expect(section.querySelector('.timeline-detail')).toBeNull();
    expect(norm(section.textContent)).not.toContain('oleh ');
  });

  it('names who did it by display name, with the username as its tooltip', async () => {
    // A koordinator kecamatan reads the users of the region: the pendamping and themselves are named.
    const korcam: User = { id: '0190a000-0000-7000-8000-000000000009', username: 'korcam.cimanggis', displayName: 'Korcam Cimanggis', role: 'koordinator_kecamatan', regionCode: '32.76.02', regionName: 'Cimanggis' };
    const { section } = await open({ user: korcam });
    const byEvent = (id: string) => section.querySelector<HTMLElement>(`.timeline-event[data-event-id="${id}"]`)!;
    await waitFor(() => expect(norm(byEvent('tr-1').textContent)).toContain('oleh Siti Rahmawati'));
    expect(getByText(byEvent('tr-1'), 'Siti Rahmawati', 'span').getAttribute('title')).toBe('pendamping01');
    expect(norm(byEvent('du-1:confirmed').textContent)).toContain('oleh Korcam Cimanggis');
    expect(norm(byEvent('du-1:confirmed').textContent)).not.toContain('korcam.cimanggis');
    expect(getByText(byEvent('du-1:confirmed'), 'Korcam Cimanggis', 'span').getAttribute('title')).toBe('korcam.cimanggis');
  });

  it('speaks English on request (titles come from the server in the asked language)', async () => {
    const { section } = await open({ lang: 'en' });
    getByText(section, 'Family timeline', 'h2');
    getByText(section, 'Load more', 'button');
    getByText(section, '10 of 12 events');
    expect(Array.from((byLabel(section, 'Show') as HTMLSelectElement).options).map((o) => o.textContent)).toContain('Referrals');
  });
});
