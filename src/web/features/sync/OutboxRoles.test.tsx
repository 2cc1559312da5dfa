/** `/sinkronisasi` speaks to each role as what it is: only a pendamping's phone keeps work to send. */
import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../data/types';
import { demoUser, FakeData, kotaUser, penelitiUser } from '../../test/fake-data';
import { cleanup, renderApp, waitFor } from '../../test/helpers';

afterEach(cleanup);

const auditor: User = { ...kotaUser, id: 'u-auditor', username: 'auditor', displayName: 'Auditor Depok', role: 'auditor', regionCode: '32.76', regionName: 'Kota Depok' };
const korcam: User = { ...kotaUser, id: 'u-korcam', username: 'korcam.cimanggis', displayName: 'Hendra Gunawan', role: 'koordinator_kecamatan', regionCode: '32.76.02', regionName: 'Cimanggis' };
const admin: User = { ...kotaUser, id: 'u-admin', username: 'admin', displayName: 'Admin', role: 'admin', regionCode: null, regionName: null };

async function page(user: User, lang: 'id' | 'en' = 'id') {
  const { container } = await renderApp({ data: new FakeData({ user }), path: '/sinkronisasi', lang });
  // The first render loads the page's chunk: a cold start may take a while.
  const said = await waitFor(() => {
    const el = container.querySelector<HTMLElement>('[data-testid="outbox-role"]');
    if (!el?.textContent?.trim() || el.textContent === '…') throw new Error('not yet');
    return el;
  }, 20_000);
  const main = container.querySelector<HTMLElement>('.outbox-page')!;
  return { container, said: said.textContent ?? '', main, links: Array.from(main.querySelectorAll('a')).map((a) => [a.textContent, a.getAttribute('href')]) };
}

/** What only a pendamping is told: their own records, kept on the phone until sent. */
const PENDAMPING_WORDS = /Catatan yang Anda buat|What you record is kept|peran Anda tidak bekerja luring|your role does not work offline/;

describe('the sync page for each role', () => {
  it('an auditor: reads online, changes nothing, nothing waits; pointed to the audit trail, never addressed as a pendamping', async () => {
    const { said, main, links } = await page(auditor);
    expect(said).toMatch(/^Sebagai auditor, Anda membaca data secara daring dan tidak mengubahnya/);
    expect(main.textContent).not.toMatch(PENDAMPING_WORDS);
    expect(main.textContent).not.toMatch(/Sinkronkan sekarang|Kirim ulang/);
    expect(links).toEqual([['Buka jejak audit', '/audit']]);
    cleanup();
    const en = await page(auditor, 'en');
    expect(en.said).toMatch(/^As an auditor you read the data online and do not change it/);
    expect(en.main.textContent).not.toMatch(PENDAMPING_WORDS);
  });

  it('a coordinator and an admin: they work online; the team’s phones and the conflicts are a link away', async () => {
    const k = await page(korcam);
    expect(k.said).toMatch(/^Sebagai koordinator, Anda bekerja daring/);
    expect(k.main.textContent).not.toMatch(PENDAMPING_WORDS);
    expect(k.links).toEqual([
      ['Status sinkronisasi HP tim', '/sinkronisasi/tim'],
      ['Konflik data yang menunggu keputusan', '/sinkronisasi/konflik'],
    ]);
    cleanup();
    const a = await page(admin, 'en');
    expect(a.said).toMatch(/^As an admin you work online/);
    expect(a.links.map((l) => l[1])).toEqual(['/sinkronisasi/tim', '/sinkronisasi/konflik']);
  });

  it('a researcher reads pseudonymised data online; a pendamping without offline storage is told it is the browser', async () => {
    const r = await page(penelitiUser);
    expect(r.said).toMatch(/^Sebagai peneliti/);
    expect(r.main.textContent).not.toMatch(PENDAMPING_WORDS);
    cleanup();
    const p = await page(demoUser);
    expect(p.said).toMatch(/^Kerja luring tidak tersedia di peramban ini/);
    expect(p.said).not.toMatch(/peran Anda/);
  });
});
