/**
 * The header's account link on a 360–412 px phone: a first name (or the initials of a long one) shows, never a
 * name or role cut off mid-word; its accessible name and tooltip are the full name and role, in every language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../data/types';
import { demoUser, FakeData, kotaUser } from '../../test/fake-data';
import { cleanup, renderApp, waitFor } from '../../test/helpers';
import { shortName } from './AccountLink';

afterEach(cleanup);

async function linkFor(user: User, lang: 'id' | 'en' = 'id') {
  const { container } = await renderApp({ data: new FakeData({ user }), path: '/keluarga', lang });
  return waitFor(() => {
    const a = container.querySelector<HTMLAnchorElement>('header a.account-link');
    if (!a) throw new Error('no account link');
    return a;
  });
}

const rizky: User = { ...demoUser, displayName: 'Rizky Pratama' };
const korcam: User = { ...kotaUser, displayName: 'Bambang Setiawan', role: 'koordinator_kecamatan', regionCode: '32.76.02' };
const longName: User = { ...demoUser, displayName: 'Kusumawardhani Putri Lestari' };

/** The text a screen reader takes from the content (aria-hidden parts left out). */
function contentName(el: Element): string {
  const walk = (n: Node): string => {
    if (n.nodeType === Node.TEXT_NODE) return n.textContent ?? '';
    if (n instanceof Element && n.getAttribute('aria-hidden') === 'true') return '';
    return Array.from(n.childNodes).map(walk).join('');
  };
  return walk(el).replace(/\s+/g, ' ').trim();
}

describe('the header’s account link', () => {
  it.each([
    [rizky, 'id', 'Akun saya: Rizky Pratama, Pendamping', 'Rizky', 'RP'],
    [korcam, 'id', 'Akun saya: Bambang Setiawan, Koordinator kecamatan', 'Bambang', 'BS'],
    [kotaUser, 'id', 'Akun saya: Bambang Setiawan, Koordinator kota/kabupaten', 'Bambang', 'BS'],
    [longName, 'id', 'Akun saya: Kusumawardhani Putri Lestari, Pendamping', 'Kusumawardhani', 'KP'],
    [korcam, 'en', 'My account: Bambang Setiawan, Koordinator kecamatan', 'Bambang', 'BS'],
  ] as const)('%#: is named in full and shows a first name or initials', async (user, lang, name, first, initials) => {
    const a = await linkFor(user, lang);
    // Named by its content (no aria-label that could differ from the text shown), the tooltip saying it too.
    expect(a.hasAttribute('aria-label')).toBe(false);
    expect(contentName(a)).toBe(name);
    expect(a.getAttribute('title')).toContain(name.slice(name.indexOf(': ') + 2));
    // The full name and role stay whole in the page (shown from 40rem), never shortened with an ellipsis.
    expect(a.querySelector('.user-name')!.textContent).toBe(user.displayName);
    expect(a.querySelector('.user-role')!.textContent).toBe(name.slice(name.indexOf(', ') + 2));
    expect(a.textContent).not.toContain('…');
    // The phone's short form: a whole word and the initials, hidden from screen readers (the name says it).
    const short = a.querySelector('.user-short')!;
    expect(short.getAttribute('aria-hidden')).toBe('true');
    expect(short.querySelector('.user-first')!.textContent).toBe(first);
    expect(short.querySelector('.user-initials')!.textContent).toBe(initials);
  });

  it('marks a first name too long for a phone, so the initials show there instead', async () => {
    expect((await linkFor(rizky)).className).not.toMatch(/name-(x)?long/);
    cleanup();
    expect((await linkFor(korcam)).classList.contains('name-long')).toBe(true);
    cleanup();
    expect((await linkFor(longName)).classList.contains('name-xlong')).toBe(true);
  });
});

describe('shortName', () => {
  it('takes the first word people are called by, and two initials', () => {
    expect(shortName('Rizky Pratama')).toEqual({ first: 'Rizky', initials: 'RP' });
    expect(shortName('  Siti   Rahmawati ')).toEqual({ first: 'Siti', initials: 'SR' });
    expect(shortName('M. Abdurrahman Hakim')).toEqual({ first: 'Abdurrahman', initials: 'MA' });
    expect(shortName('Wahyuningsih')).toEqual({ first: 'Wahyuningsih', initials: 'W' });
    expect(shortName('ñandú ölçer')).toEqual({ first: 'ñandú', initials: 'ÑÖ' });
  });
});
