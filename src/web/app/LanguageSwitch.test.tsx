import { afterEach, describe, expect, it } from 'vitest';
import { FakeData } from '../test/fake-data';
import { cleanup, click, findByText, renderApp } from '../test/helpers';
import { addressWithoutLang, createLangStore, forgetLangInAddress, LANG_STORAGE_KEY, langOfSearch } from '../i18n/lang';

afterEach(cleanup);

function langButton(container: HTMLElement, code: string): HTMLButtonElement {
  const b = container.querySelector<HTMLButtonElement>(`.lang-switch button[lang="${code}"]`);
  if (!b) throw new Error(`no ${code} button`);
  return b;
}

describe('language switch', () => {
  it('switches the visible text and <html lang>', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga/fam-0001' });
    await findByText(container, 'Anggota keluarga (3)', 'h2');
    expect(document.documentElement.lang).toBe('id');
    expect(langButton(container, 'id').getAttribute('aria-pressed')).toBe('true');
    await click(langButton(container, 'en'));
    await findByText(container, 'Family members (3)', 'h2');
    await findByText(container, 'Benefit and how it is calculated', 'h2');
    await findByText(container, 'Log out', 'button');
    expect(document.documentElement.lang).toBe('en');
    expect(langButton(container, 'en').getAttribute('aria-pressed')).toBe('true');
    await click(langButton(container, 'id'));
    await findByText(container, 'Anggota keluarga (3)', 'h2');
  });

  it('on the login page too', async () => {
    const { container } = await renderApp({ data: new FakeData({ user: null }), path: '/masuk' });
    await findByText(container, 'Kata sandi', 'label');
    await click(langButton(container, 'en'));
    await findByText(container, 'Password', 'label');
  });

  it('remembers the choice in localStorage', () => {
    localStorage.removeItem(LANG_STORAGE_KEY);
    const a = createLangStore();
    expect(a.get()).toBe('id');
    a.set('en');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(createLangStore().get()).toBe('en');
    localStorage.removeItem(LANG_STORAGE_KEY);
  });

  it('takes the language a link asks for (?lang=en), over the remembered one, and remembers it', () => {
    localStorage.setItem(LANG_STORAGE_KEY, 'id');
    expect(createLangStore(undefined, localStorage, '?lang=en').get()).toBe('en');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(createLangStore(undefined, localStorage, '?x=1&lang=ID').get()).toBe('id');
    // Anything else is ignored: the remembered choice stands.
    expect(createLangStore(undefined, localStorage, '?lang=fr').get()).toBe('id');
    expect(createLangStore(undefined, localStorage, '?lang=').get()).toBe('id');
    expect(langOfSearch('?lang=en&lang=id')).toBe('en');
    expect(langOfSearch('')).toBeNull();
    localStorage.removeItem(LANG_STORAGE_KEY);
  });

  it('then forgets it in the address, the rest kept, so a reload after a press of the switch keeps the press', () => {
    expect(addressWithoutLang('/keluarga', '?lang=id&q=siti', '#x')).toBe('/keluarga?q=siti#x');
    expect(addressWithoutLang('/masuk', '?lang=en', '')).toBe('/masuk');
    expect(addressWithoutLang('/keluarga', '?q=siti', '')).toBeNull();
    history.replaceState({ idx: 3 }, '', '/keluarga?lang=id&status=aktif');
    localStorage.setItem(LANG_STORAGE_KEY, 'en');
    const store = createLangStore();
    forgetLangInAddress();
    expect(store.get()).toBe('id');
    expect(location.pathname + location.search).toBe('/keluarga?status=aktif');
    expect(history.state).toEqual({ idx: 3 });
    // The switch pressed, then the page reloaded: the press holds.
    store.set('en');
    expect(createLangStore().get()).toBe('en');
    localStorage.removeItem(LANG_STORAGE_KEY);
  });
});
