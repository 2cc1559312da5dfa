import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { FakeData, kotaUser, makeFamilies } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { safeNext } from './LoginPage';

afterEach(cleanup);

function loginForm(container: HTMLElement) {
  const form = container.querySelector('form');
  if (!form) throw new Error('no form');
  return {
    form,
    username: form.querySelector<HTMLInputElement>('input[name="username"]'),
    password: form.querySelector<HTMLInputElement>('input[name="password"]'),
    submit: form.querySelector<HTMLButtonElement>('button[type="submit"]'),
  };
}

describe('login', () => {
  it('shows the login form at / when not logged in', async () => {
    const { container } = await renderApp({ data: new FakeData({ user: null }), path: '/' });
    await findByText(container, 'Masuk', 'h1');
    const f = loginForm(container);
    expect(f.username).not.toBeNull();
    expect(f.password?.type).toBe('password');
    expect(f.submit?.textContent).toBe('Masuk');
    // Inputs have labels.
    expect(byLabel(container, 'Nama pengguna')).toBe(f.username);
    expect(byLabel(container, 'Kata sandi')).toBe(f.password);
  });

  it('shows the 401 message for a wrong password', async () => {
    const data = new FakeData({ user: null });
    const { container, router } = await renderApp({ data, path: '/masuk' });
    await findByText(container, 'Masuk', 'h1');
    const f = loginForm(container);
    await type(f.username!, 'pendamping01');
    await type(f.password!, 'salah');
    await submit(f.form);
    const alert = await waitFor(() => {
      const el = container.querySelector('[role="alert"]');
      if (!el) throw new Error('no alert yet');
      return el;
    });
    expect(alert.textContent).toContain('Nama pengguna atau kata sandi salah');
    expect(data.calls.login).toEqual([{ username: 'pendamping01', password: 'salah' }]);
    expect(router.state.location.pathname).toBe('/masuk');
  });

  it('after a wrong password the focus goes to the password, and both fields are marked and tied to the message', async () => {
    const data = new FakeData({ user: null });
    const { container } = await renderApp({ data, path: '/masuk' });
    await findByText(container, 'Masuk', 'h1');
    const f = loginForm(container);
    await type(f.username!, 'pendamping01');
    await type(f.password!, 'salah');
    await submit(f.form);
    const alert = await findByText(container, 'Nama pengguna atau kata sandi salah');
    const box = alert.closest('[role="alert"]')!;
    await waitFor(() => expect(document.activeElement).toBe(f.password));
    for (const field of [f.username!, f.password!]) {
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(field.getAttribute('aria-describedby')).toBe(box.id);
    }
    // Typed again and right: the marks go with the message.
    await type(f.password!, 'titian-demo');
    await submit(f.form);
    await waitFor(() => expect(container.querySelector('[role="alert"]')).toBeNull());
  });

  it('a field left empty is marked and takes the focus; a wait (429) takes the focus to the message, no field marked', async () => {
    const data = new FakeData({ user: null });
    const { container } = await renderApp({ data, path: '/masuk' });
    await findByText(container, 'Masuk', 'h1');
    const f = loginForm(container);
    await type(f.username!, 'pendamping01');
    await submit(f.form);
    await findByText(container, 'Isi nama pengguna dan kata sandi.');
    await waitFor(() => expect(document.activeElement).toBe(f.password));
    expect(f.password!.getAttribute('aria-invalid')).toBe('true');
    expect(f.username!.hasAttribute('aria-invalid')).toBe(false);
    await type(f.username!, '');
    await submit(f.form);
    await waitFor(() => expect(document.activeElement).toBe(f.username));
    expect(f.username!.getAttribute('aria-invalid')).toBe('true');
    expect(data.calls.login).toHaveLength(0);

    data.loginError = new ApiError(429, 'too_many_attempts', 'Too many', {}, 30);
    await type(f.username!, 'pendamping01');
    await type(f.password!, 'apa saja');
    await submit(f.form);
    const alert = await findByText(container, 'Terlalu banyak percobaan masuk');
    await waitFor(() => expect(document.activeElement).toBe(alert.closest('[role="alert"]')));
    expect(f.username!.hasAttribute('aria-invalid')).toBe(false);
    expect(f.password!.hasAttribute('aria-invalid')).toBe(false);
  });

  it('shows the wait on 429', async () => {
    const data = new FakeData({ user: null });
    data.loginError = new ApiError(429, 'too_many_attempts', 'Too many', {}, 840);
    const { container } = await renderApp({ data, path: '/masuk' });
    await findByText(container, 'Masuk', 'h1');
    const f = loginForm(container);
    await type(f.username!, 'pendamping01');
    await type(f.password!, 'apa saja');
    await submit(f.form);
    const alert = await findByText(container, 'Terlalu banyak percobaan masuk');
    expect(alert.textContent).toContain('14 menit');
  });

  it('asks for both fields before calling the server', async () => {
    const data = new FakeData({ user: null });
    const { container } = await renderApp({ data, path: '/masuk' });
    await findByText(container, 'Masuk', 'h1');
    await submit(loginForm(container).form);
    await findByText(container, 'Isi nama pengguna dan kata sandi.');
    expect(data.calls.login).toHaveLength(0);
  });

  it('a pendamping lands on today’s work (/hari-ini) after login from /', async () => {
    const data = new FakeData({ user: null, families: makeFamilies(3) });
    const { container, router } = await renderApp({ data, path: '/' });
    await findByText(container, 'Masuk', 'h1');
    const f = loginForm(container);
    await type(f.username!, 'pendamping01');
    await type(f.password!, 'titian-demo');
    await submit(f.form);
    await waitFor(() => expect(router.state.location.pathname).toBe('/hari-ini'));
    // The header shows the user and role.
    await findByText(container, 'Siti Rahmawati');
    await findByText(container, 'Pendamping', '.user-role');
  });

  it('sends a visitor of a protected page to login and back there afterwards', async () => {
    const data = new FakeData({ user: null, families: makeFamilies(3) });
    const { container, router } = await renderApp({ data, path: '/keluarga/fam-0002' });
    await findByText(container, 'Masuk', 'h1');
    expect(router.state.location.pathname).toBe('/masuk');
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/keluarga/fam-0002')}`);
    const f = loginForm(container);
    await type(f.username!, 'pendamping01');
    await type(f.password!, 'titian-demo');
    await submit(f.form);
    await findByText(container, 'Budi Santoso', 'h1');
    expect(router.state.location.pathname).toBe('/keluarga/fam-0002');
  });

  it('redirects / to the user’s home with a session: /hari-ini for a pendamping, /dasbor for the others', async () => {
    const pendamping = await renderApp({ data: new FakeData(), path: '/' });
    await waitFor(() => expect(pendamping.router.state.location.pathname).toBe('/hari-ini'));
    cleanup();
    const koordinator = await renderApp({ data: new FakeData({ user: kotaUser }), path: '/masuk' });
    await waitFor(() => expect(koordinator.router.state.location.pathname).toBe('/dasbor'));
  });

  it('logs out to the login form', async () => {
    const data = new FakeData({ families: makeFamilies(3) });
    const { container, router } = await renderApp({ data, path: '/keluarga' });
    await findByText(container, 'Keluarga dampingan', 'h1');
    const button = Array.from(container.querySelectorAll('button')).find((b) => b.textContent === 'Keluar');
    expect(button).toBeDefined();
    await click(button!);
    await findByText(container, 'Masuk', 'h1');
    await waitFor(() => expect(data.calls.logout).toBe(1));
    expect(router.state.location.pathname).toBe('/masuk');
    expect(router.state.location.search).toBe('');
    await waitFor(() => expect(container.querySelector('.user-box')).toBeNull());
  });

  it('only follows same-site paths after login', () => {
    expect(safeNext('/keluarga/abc?tahun=2021')).toBe('/keluarga/abc?tahun=2021');
    expect(safeNext('//evil.example')).toBe('/keluarga');
    expect(safeNext('https://evil.example')).toBe('/keluarga');
    expect(safeNext('/\\evil.example')).toBe('/keluarga');
    expect(safeNext(null)).toBe('/keluarga');
    expect(safeNext('/masuk')).toBe('/keluarga');
    expect(safeNext(null, '/dasbor')).toBe('/dasbor');
    expect(safeNext('/', '/hari-ini')).toBe('/hari-ini');
    expect(safeNext('//evil.example', '/hari-ini')).toBe('/hari-ini');
  });
});
