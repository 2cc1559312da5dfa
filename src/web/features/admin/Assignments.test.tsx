import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { adminState, fakeAdminData } from '../../test/fake-admin';
import { FakeData } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

const korcam: User = { id: '0190a000-0000-7000-8000-000000000010', username: 'korcam.cimanggis', displayName: 'Korcam', role: 'koordinator_kecamatan', regionCode: '32.76.02', regionName: 'Cimanggis' };

async function setup(state = adminState(), seed: (data: FakeData) => void = () => {}) {
  const data = new FakeData({ user: korcam });
  data.users.push({ id: 'u3', username: 'pendamping03', displayName: 'Dewi Lestari', role: 'pendamping', regionCode: '32.76.02', active: false });
  seed(data);
  Object.assign(data, fakeAdminData(state));
  const rendered = await renderApp({ data, path: '/admin?bagian=penugasan' });
  await waitFor(() => expect(rendered.container.querySelectorAll('section[data-part]')).toHaveLength(3));
  const part = (name: string) => rendered.container.querySelector<HTMLElement>(`section[data-part="${name}"]`)!;
  return { ...rendered, state, data, part };
}

describe('admin: assignments (?bagian=penugasan)', () => {
  it('moves one family found by name to another pendamping', async () => {
    const { part, state } = await setup();
    const move = part('move');
    await type(byLabel(move, 'Cari keluarga (nama pengurus atau No. KK lengkap)'), 'Kepala 003');
    await click(getByText(move, 'Cari', 'button'));
    await waitFor(() => expect(move.querySelectorAll('input[type="radio"]')).toHaveLength(1));
    await submit(move.querySelector('form')!);
    await findByText(move, 'Pilih keluarga yang dipindahkan.');
    await click(move.querySelector('input[type="radio"]')!);
    await type(byLabel(move, 'Pendamping baru'), 'pendamping02');
    await type(byLabel(move, 'Alasan (boleh kosong)'), 'Dekat rumah');
    await submit(move.querySelector('form')!);
    await findByText(move, 'Keluarga Kepala 003 sekarang didampingi Dedi Kurniawan.');
    expect(state.calls.find((c) => c.method === 'assignFamily')?.args).toEqual(['fam-0003', 'pendamping02', 'Dekat rumah']);
  });

  it('shows the server’s refusal of a pendamping next to the field', async () => {
    const state = adminState();
    state.errors.assignFamily = new ApiError(422, 'validation', 'Data tidak valid.', { pendamping: 'Pendamping tidak bekerja di wilayah keluarga ini.' });
    const { part } = await setup(state);
    const move = part('move');
    await waitFor(() => expect(move.querySelectorAll('input[type="radio"]').length).toBeGreaterThan(0));
    await click(move.querySelector('input[type="radio"]')!);
    await type(byLabel(move, 'Pendamping baru'), 'pendamping02');
    await submit(move.querySelector('form')!);
    await findByText(move, 'Pendamping tidak bekerja di wilayah keluarga ini.');
  });

  it('transfers a whole caseload (an inactive pendamping may be the source) and reports what moved and what was skipped', async () => {
    const { part, state } = await setup();
    const t = part('transfer');
    const fromOptions = [...byLabel(t, 'Dari pendamping').querySelectorAll('option')].map((o) => o.textContent);
    expect(fromOptions.some((o) => o?.includes('pendamping03') && o.includes('Nonaktif'))).toBe(true);
    expect([...byLabel(t, 'Ke pendamping').querySelectorAll('option')].some((o) => o.textContent?.includes('pendamping03'))).toBe(false);
    await type(byLabel(t, 'Dari pendamping'), 'pendamping03');
    await type(byLabel(t, 'Ke pendamping'), 'pendamping03');
    await submit(t.querySelector('form')!);
    await findByText(t, 'Pilih pendamping.');
    await findByText(t, 'Tuliskan alasannya.');
    await type(byLabel(t, 'Ke pendamping'), 'pendamping01');
    await type(byLabel(t, 'Alasan'), 'Pendamping03 mengundurkan diri');
    await submit(t.querySelector('form')!);
    await findByText(t, '12 keluarga dipindahkan dari pendamping03 ke pendamping01.');
    getByText(t, '3 keluarga tidak dipindahkan karena berada di luar wilayah kerja pendamping tujuan.');
    expect(state.calls.find((c) => c.method === 'transferCaseload')?.args).toEqual([{ from: 'pendamping03', to: 'pendamping01', reason: 'Pendamping03 mengundurkan diri' }]);
  });

  it('arranges cover until a date, lists it and revokes it', async () => {
    const { part, state } = await setup();
    const d = part('delegations');
    await findByText(d, 'Belum ada pengaturan pengganti.');
    await type(byLabel(d, 'Pendamping yang berhalangan'), 'pendamping01');
    await type(byLabel(d, 'Pendamping pengganti'), 'pendamping02');
    await type(byLabel(d, 'Mulai'), '2026-07-15');
    await type(byLabel(d, 'Selesai'), '2026-08-15');
    await type(byLabel(d, 'Alasan'), 'Cuti melahirkan');
    await submit(d.querySelector('form')!);
    await findByText(d, 'pendamping02 menggantikan pendamping01.');
    expect(state.calls.find((c) => c.method === 'createDelegation')?.args).toEqual([
      { from: 'pendamping01', to: 'pendamping02', startDate: '2026-07-15', endDate: '2026-08-15', reason: 'Cuti melahirkan' },
    ]);
    const item = await waitFor(() => {
      const li = d.querySelector<HTMLElement>('li.delegation');
      if (!li) throw new Error('not listed');
      return li;
    });
    expect(item.textContent).toContain('pendamping02 menggantikan pendamping01, 15 Juli 2026 – 15 Agustus 2026');
    expect(item.textContent).toContain('Berlaku');
    await click(getByText(item, 'Cabut', 'button'));
    await waitFor(() => expect(d.querySelector('li.delegation')).toBeNull());
    expect(state.delegations[0]!.state).toBe('revoked');
  });

  it('takes the bidi controls out of a pendamping’s name in the choices (an option cannot hold <bdi>), so the username is not reversed', async () => {
    const { part } = await setup(adminState(), (data) => {
      data.users.push({ id: 'u9', username: 'pendamping09', displayName: 'Rina \u202Eikat\u202C\u2067x\u2069\u200F', role: 'pendamping', regionCode: '32.76.02', active: true });
    });
    for (const [section, label] of [
      ['move', 'Pendamping baru'],
      ['transfer', 'Dari pendamping'],
      ['delegations', 'Pendamping pengganti'],
    ] as const) {
      const option = [...byLabel(part(section), label).querySelectorAll('option')].find((o) => o.value === 'pendamping09')!;
      expect(option.textContent, section).toBe('Rina ikatx (pendamping09)');
      expect(option.textContent, section).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    }
  });

  it('says a family moved to "— tanpa pendamping —" has no pendamping (not "didampingi tanpa pendamping")', async () => {
    const { part, state } = await setup();
    const move = part('move');
    await type(byLabel(move, 'Cari keluarga (nama pengurus atau No. KK lengkap)'), 'Kepala 003');
    await click(getByText(move, 'Cari', 'button'));
    await waitFor(() => expect(move.querySelectorAll('input[type="radio"]')).toHaveLength(1));
    await click(move.querySelector('input[type="radio"]')!);
    await type(byLabel(move, 'Pendamping baru'), '-');
    await submit(move.querySelector('form')!);
    await findByText(move, 'Keluarga Kepala 003 sekarang tidak punya pendamping.');
    expect(queryByText(move, /didampingi/)).toBeNull();
    expect(state.calls.find((c) => c.method === 'assignFamily')?.args).toEqual(['fam-0003', null, undefined]);
  });

  it('limits the family search to what the server takes and shows its refusal beside the search field', async () => {
    const { part, data } = await setup();
    const move = part('move');
    const search = byLabel(move, 'Cari keluarga (nama pengurus atau No. KK lengkap)');
    expect(search.getAttribute('maxlength')).toBe('100');
    await waitFor(() => expect(move.querySelectorAll('input[type="radio"]').length).toBeGreaterThan(0));
    data.listError = new ApiError(400, 'validation', 'Periksa kolom yang ditandai.', { q: 'Teks pencarian terlalu panjang.' });
    await type(search, 'Kepala 00');
    await click(getByText(move, 'Cari', 'button'));
    const error = await findByText(move, 'Teks pencarian terlalu panjang.', 'p.field-error');
    // Beside the search field (in its .field), which is marked.
    expect(error.closest('.field')!.contains(search)).toBe(true);
    expect(search.getAttribute('aria-invalid')).toBe('true');
    getByText(move, 'Periksa isian yang ditandai.', '[role="alert"] p');
  });

  it('a new submission clears the last outcome: no old success beside a new error (move, transfer, cover)', async () => {
    const { part } = await setup();
    const t = part('transfer');
    await type(byLabel(t, 'Dari pendamping'), 'pendamping03');
    await type(byLabel(t, 'Ke pendamping'), 'pendamping01');
    await type(byLabel(t, 'Alasan'), 'Pendamping03 mengundurkan diri');
    await submit(t.querySelector('form')!);
    await findByText(t, '12 keluarga dipindahkan dari pendamping03 ke pendamping01.');
    await type(byLabel(t, 'Ke pendamping'), 'pendamping03');
    await submit(t.querySelector('form')!);
    await findByText(t, 'Pilih pendamping.');
    expect(queryByText(t, /keluarga dipindahkan/)).toBeNull();

    const move = part('move');
    await waitFor(() => expect(move.querySelectorAll('input[type="radio"]').length).toBeGreaterThan(0));
    await click(move.querySelector('input[type="radio"]')!);
    await type(byLabel(move, 'Pendamping baru'), 'pendamping02');
    await submit(move.querySelector('form')!);
    await findByText(move, /sekarang didampingi/);
    await type(byLabel(move, 'Pendamping baru'), '');
    await submit(move.querySelector('form')!);
    await findByText(move, 'Pilih pendamping.');
    expect(queryByText(move, /sekarang didampingi/)).toBeNull();

    const d = part('delegations');
    await type(byLabel(d, 'Pendamping yang berhalangan'), 'pendamping01');
    await type(byLabel(d, 'Pendamping pengganti'), 'pendamping02');
    await type(byLabel(d, 'Selesai'), '2099-08-15');
    await type(byLabel(d, 'Alasan'), 'Cuti melahirkan');
    await submit(d.querySelector('form')!);
    await findByText(d, 'pendamping02 menggantikan pendamping01.');
    await submit(d.querySelector('form')!);
    await findByText(d, 'Tuliskan alasannya.');
    expect(queryByText(d, 'pendamping02 menggantikan pendamping01.')).toBeNull();
  });

  describe('errors, for a screen reader and the keyboard', () => {
    /** The ids a control's aria-describedby names, each read as the text of the element it names. */
    const described = (el: Element) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent);

    it('move: each error is linked to its field, a summary is announced, and the first bad field takes the focus', async () => {
      const { part } = await setup();
      const move = part('move');
      await waitFor(() => expect(move.querySelectorAll('input[type="radio"]').length).toBeGreaterThan(0));
      await submit(move.querySelector('form')!);
      await findByText(move, 'Pilih keluarga yang dipindahkan.');
      const group = move.querySelector<HTMLElement>('fieldset.family-choice')!;
      expect(group.getAttribute('role')).toBe('radiogroup');
      expect(group.getAttribute('aria-invalid')).toBe('true');
      expect(described(group)).toEqual(['Pilih keluarga yang dipindahkan.']);
      const radios = [...move.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
      for (const r of radios) expect(described(r)).toEqual(['Pilih keluarga yang dipindahkan.']);
      const to = byLabel(move, 'Pendamping baru');
      expect(to.getAttribute('aria-invalid')).toBe('true');
      expect(described(to)).toEqual(['Pilih pendamping.']);
      // The reason is optional: not marked.
      expect(byLabel(move, 'Alasan (boleh kosong)').getAttribute('aria-invalid')).toBeNull();
      getByText(move, 'Periksa isian yang ditandai (2).', '[role="alert"] p');
      // Nothing chosen yet: the first family offered takes the focus.
      expect(document.activeElement).toBe(radios[0]);
      // With a family chosen, the pendamping is the first to fix.
      await click(radios[0]!);
      await submit(move.querySelector('form')!);
      await waitFor(() => expect(document.activeElement).toBe(to));
      getByText(move, 'Periksa isian yang ditandai (1).', '[role="alert"] p');
      expect(group.getAttribute('aria-invalid')).toBeNull();
      expect(group.getAttribute('aria-describedby')).toBeNull();
    });

    it('move: the server’s refusal of a field is linked to it, counted in the summary and focused', async () => {
      const state = adminState();
      state.errors.assignFamily = new ApiError(422, 'validation', 'Data tidak valid.', { reason: 'Alasan terlalu panjang.' });
      const { part } = await setup(state);
      const move = part('move');
      await waitFor(() => expect(move.querySelectorAll('input[type="radio"]').length).toBeGreaterThan(0));
      await click(move.querySelector('input[type="radio"]')!);
      await type(byLabel(move, 'Pendamping baru'), 'pendamping02');
      await submit(move.querySelector('form')!);
      await findByText(move, 'Alasan terlalu panjang.');
      const reason = byLabel(move, 'Alasan (boleh kosong)');
      expect(described(reason)).toEqual(['Alasan terlalu panjang.']);
      expect(reason.getAttribute('aria-invalid')).toBe('true');
      getByText(move, 'Periksa isian yang ditandai (1).', '[role="alert"] p');
      await waitFor(() => expect(document.activeElement).toBe(reason));
    });

    it('transfer: all three errors are linked, the summary counts them, and “Dari pendamping” takes the focus', async () => {
      const { part, state } = await setup();
      const t = part('transfer');
      await submit(t.querySelector('form')!);
      await findByText(t, 'Tuliskan alasannya.');
      const from = byLabel(t, 'Dari pendamping');
      const to = byLabel(t, 'Ke pendamping');
      const reason = byLabel(t, 'Alasan');
      for (const [el, text] of [
        [from, 'Pilih pendamping.'],
        [to, 'Pilih pendamping.'],
        [reason, 'Tuliskan alasannya.'],
      ] as const) {
        expect(el.getAttribute('aria-invalid')).toBe('true');
        expect(described(el)).toEqual([text]);
      }
      // Each field names its own error (not the other field's with the same words).
      expect(from.getAttribute('aria-describedby')).not.toBe(to.getAttribute('aria-describedby'));
      const alert = getByText(t, 'Periksa isian yang ditandai (3).', '[role="alert"] p');
      expect(document.activeElement).toBe(from);
      // Fixing the first two: the reason is next, and the summary is a new announcement.
      await type(from, 'pendamping03');
      await type(to, 'pendamping01');
      await submit(t.querySelector('form')!);
      await findByText(t, 'Periksa isian yang ditandai (1).', '[role="alert"] p');
      expect(alert.isConnected).toBe(false);
      expect(document.activeElement).toBe(reason);
      expect(from.getAttribute('aria-describedby')).toBeNull();
      expect(state.calls.some((c) => c.method === 'transferCaseload')).toBe(false);
    });

    it('cover: up to five errors linked (the end date to its hint and its error), summary announced, focus on the first', async () => {
      const { part } = await setup();
      const d = part('delegations');
      await findByText(d, 'Belum ada pengaturan pengganti.');
      await submit(d.querySelector('form')!);
      await findByText(d, 'Tuliskan alasannya.');
      const end = byLabel(d, 'Selesai');
      expect(described(end)).toEqual(['Tanggal selesai ikut dihitung (WIB).', 'Isi tanggal selesai.']);
      expect(end.getAttribute('aria-invalid')).toBe('true');
      for (const [label, text] of [
        ['Pendamping yang berhalangan', 'Pilih pendamping.'],
        ['Pendamping pengganti', 'Pilih pendamping.'],
        ['Alasan', 'Tuliskan alasannya.'],
      ] as const) {
        const el = byLabel(d, label);
        expect(el.getAttribute('aria-invalid'), label).toBe('true');
        expect(described(el), label).toEqual([text]);
        expect(document.getElementById(el.getAttribute('aria-describedby')!)!.className, label).toBe('field-error');
      }
      // The start date has a default (today) and no error.
      expect(byLabel(d, 'Mulai').getAttribute('aria-describedby')).toBeNull();
      getByText(d, 'Periksa isian yang ditandai (4).', '[role="alert"] p');
      expect(document.activeElement).toBe(byLabel(d, 'Pendamping yang berhalangan'));
    });

    it('speaks English on request (the summary too)', async () => {
      const data = new FakeData({ user: korcam });
      Object.assign(data, fakeAdminData(adminState()));
      const { container } = await renderApp({ data, path: '/admin?bagian=penugasan', lang: 'en' });
      const t = await waitFor(() => {
        const el = container.querySelector<HTMLFormElement>('section[data-part="transfer"] form');
        if (!el) throw new Error('not yet');
        return el;
      });
      await submit(t);
      await findByText(t, 'Check the marked fields (3).', '[role="alert"] p');
    });
  });

  it('the "only current or scheduled" checkbox keeps its own size, with its label beside it', async () => {
    const style = document.createElement('style');
    style.textContent = ['src/web/styles.css', 'src/web/features/admin/admin.css'].map((f) => readFileSync(f, 'utf8')).join('\n');
    document.head.appendChild(style);
    try {
      const { part } = await setup();
      const box = byLabel(part('delegations'), 'Hanya yang berlaku atau terjadwal');
      expect(getComputedStyle(box).width).toBe('22px');
      expect(getComputedStyle(box.parentElement!).display).toBe('flex');
    } finally {
      style.remove();
    }
  });
});
