import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { FakeData, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryAllByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

const rupiah = (n: number) =>
  new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(n);
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ');

describe('family page', () => {
  it('renders the header, members and the benefit explanation with the total in rupiah', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga/fam-0001' });
    await findByText(container, 'Budi Santoso', 'h1');
    const text = norm(container.textContent);
    // Header
    expect(text).toContain('3276020101100003');
    expect(text).toContain('Jl. Melati No. 5, RT 003/RW 007, Tugu');
    expect(text).toContain('Aktif');
    expect(text).toContain('2018');
    // Members
    getByText(container, 'Anggota keluarga (3)', 'h2');
    const members = Array.from(container.querySelectorAll('.member'));
    expect(members).toHaveLength(3);
    expect(norm(members[1].textContent)).toContain('Sri Wahyuni');
    expect(norm(members[1].textContent)).toContain('Istri · Perempuan');
    expect(norm(members[1].textContent)).toContain('40 tahun (5 Juni 1985)');
    expect(norm(members[1].textContent)).toContain('3276024506850002');
    expect(norm(members[1].textContent)).toContain('Hamil');
    expect(norm(members[1].textContent)).toContain('Pengurus');
    expect(norm(members[1].textContent)).toContain('Ibu hamil/nifas');
    expect(norm(members[1].textContent)).toContain('Anggota sejak4 Januari 2010');
    expect(norm(members[2].textContent)).toContain('Anak SD');
    expect(norm(members[2].textContent)).toContain('Data sekolah belum diverifikasi.');
    // Benefit explanation
    getByText(container, 'Bantuan dan perhitungannya', 'h2');
    const benefits = Array.from(container.querySelectorAll('.benefit'));
    expect(benefits).toHaveLength(3);
    expect(norm(benefits[0].textContent)).toContain('Tidak dihitung');
    expect(norm(benefits[0].textContent)).toContain('Kepala keluarga tidak memenuhi komponen apa pun.');
    expect(norm(benefits[1].textContent)).toContain('Sri Wahyuni');
    expect(benefits[1].textContent).toContain(rupiah(3000000));
    expect(norm(benefits[1].textContent)).toContain('Dihitung');
    expect(norm(benefits[1].textContent)).toContain('Sedang hamil.');
    const total = container.querySelector('[data-testid="annual-total"]');
    expect(total?.textContent).toBe(rupiah(3900000));
    expect(total?.textContent).toMatch(/^Rp\s?3\.900\.000$/);
    const tahap = Array.from(container.querySelectorAll('.tahap-list li'));
    expect(tahap).toHaveLength(4);
    expect(tahap[0].textContent).toContain(rupiah(975000));
  });

  it('re-fetches the entitlement for another year', async () => {
    const data = new FakeData();
    const { container, router } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await findByText(container, 'Budi Santoso', 'h1');
    const year = byLabel(container, 'Tahun') as HTMLSelectElement;
    const years = Array.from(year.options).map((o) => Number(o.value));
    expect(years).toContain(2019);
    expect(Math.min(...years)).toBe(2019);
    await type(year, '2019');
    await waitFor(() => expect(data.calls.getEntitlement).toEqual([{ id: 'fam-0001', year: 2019 }]));
    await waitFor(() => expect(container.querySelector('[data-testid="annual-total"]')?.textContent).toBe(rupiah(4500000)));
    expect(norm(container.textContent)).toContain('Indeks tahun 2019 dipakai.');
    expect(router.state.location.search).toBe('?tahun=2019');
  });

  it('says "Keluarga tidak ditemukan" on 404', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga/tidak-ada' });
    await findByText(container, 'Keluarga tidak ditemukan', 'h1');
  });

  it('shows the server message for an error other than 404 (403), without a retry', async () => {
    const data = new FakeData();
    data.familyErrors['fam-0002'] = new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.');
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002' });
    const alert = await findByText(container, 'Anda tidak berwenang melakukan tindakan ini.', '[role="alert"] p');
    expect(alert.closest('[role="alert"]')?.querySelector('button')).toBeNull();
    expect(norm(container.textContent)).not.toContain('Keluarga tidak ditemukan');
    expect(norm(container.textContent)).not.toContain('Terjadi kesalahan yang tidak terduga.');
  });

  it('offers a retry for a server failure, and treats a malformed id (400 on `id`) as not found', async () => {
    const data = new FakeData();
    data.familyErrors['fam-0003'] = new ApiError(500, 'internal', 'Terjadi kesalahan di server.');
    data.familyErrors['bukan-uuid'] = new ApiError(400, 'validation', 'Data tidak valid.', { id: 'ID tidak valid.' });
    const a = await renderApp({ data, path: '/keluarga/fam-0003' });
    await findByText(a.container, 'Terjadi kesalahan di server.', '[role="alert"] p');
    delete data.familyErrors['fam-0003'];
    await click(getByText(a.container, 'Coba lagi', 'button'));
    await findByText(a.container, 'Budi Santoso', 'h1');
    a.unmount();
    const b = await renderApp({ data, path: '/keluarga/bukan-uuid' });
    await findByText(b.container, 'Keluarga tidak ditemukan', 'h1');
  });

  it('keeps the page and its open history across a language switch, and names the entries in the new language', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga/fam-0001' });
    await findByText(container, 'Budi Santoso', 'h1');
    const details = container.querySelector('details') as HTMLDetailsElement;
    await act(async () => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    await waitFor(() => expect(container.querySelectorAll('.history li')).toHaveLength(3));
    const en = container.querySelector<HTMLButtonElement>('.lang-switch button[lang="en"]')!;
    await act(async () => en.click());
    await findByText(container, 'Family members (3)', 'h2');
    // The same element, still open: the page was not replaced by a loading state while re-fetching.
    expect(container.querySelector('details')).toBe(details);
    expect(details.open).toBe(true);
    await waitFor(() => expect(norm(container.querySelector('.history li')?.textContent)).toContain('Personal data opened'));
    expect(container.querySelectorAll('.history li')).toHaveLength(3);
  });
});

describe('member warnings', () => {
  it('shows each warning on its member card, as a calm note rather than an error', async () => {
    const data = new FakeData();
    data.editFamily = (f) => ({
      ...f,
      members: f.members.map((m) =>
        m.id === 'm2'
          ? {
              ...m,
              warnings: [
                { code: 'nik_sex_mismatch', message: 'NIK menunjukkan laki-laki, tetapi jenis kelamin tercatat perempuan.' },
                { code: 'nik_birth_date_mismatch', message: 'Tanggal lahir di NIK (05-06-1986) berbeda dengan tanggal lahir tercatat.' },
              ],
            }
          : m,
      ),
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await findByText(container, 'Budi Santoso', 'h1');
    const members = Array.from(container.querySelectorAll<HTMLElement>('.member'));
    // None on the head of family.
    expect(members[0].querySelector('.member-warnings')).toBeNull();
    const box = members[1].querySelector<HTMLElement>('.member-warnings');
    expect(box).not.toBeNull();
    expect(norm(box?.textContent)).toContain('Perlu diperiksa');
    const items = Array.from(box!.querySelectorAll('li')).map((li) => norm(li.textContent));
    expect(items).toEqual([
      'NIK menunjukkan laki-laki, tetapi jenis kelamin tercatat perempuan.',
      'Tanggal lahir di NIK (05-06-1986) berbeda dengan tanggal lahir tercatat.',
    ]);
    expect(box?.querySelectorAll('li')[0].getAttribute('data-code')).toBe('nik_sex_mismatch');
    // A warning, not an error: no alert role, no error styling.
    expect(box?.closest('[role="alert"]')).toBeNull();
    expect(box?.querySelector('[role="alert"]')).toBeNull();
    expect(container.querySelector('.member .alert-error')).toBeNull();
    expect(members[1].classList.contains('has-warnings')).toBe(true);
    // The third member's own warning too.
    expect(norm(members[2].querySelector('.member-warnings')?.textContent)).toContain('Data sekolah belum diverifikasi.');
  });

  it('titles them in English', async () => {
    const { container } = await renderApp({ data: new FakeData(), path: '/keluarga/fam-0001', lang: 'en' });
    await findByText(container, 'Budi Santoso', 'h1');
    expect(norm(container.querySelectorAll('.member')[2].textContent)).toContain('Please check');
  });
});

describe('family page for a peneliti (pseudonymised data)', () => {
  async function open(lang: 'id' | 'en' = 'id') {
    const data = new FakeData({ user: penelitiUser });
    const r = await renderApp({ data, path: '/keluarga/fam-0001', lang });
    await findByText(r.container, /^KPM-[0-9A-Z]{8}$/, 'h1');
    return r;
  }

  function fact(root: Element, label: string): string {
    const dt = queryAllByText(root, label, 'dt').find((el) => norm(el.textContent).trim() === label);
    if (!dt) throw new Error(`no ${label}`);
    return norm(dt.nextElementSibling?.textContent).trim();
  }

  it('renders the nulls as dashes with a privacy hint, never "null", "RT null" or Invalid Date', async () => {
    const { container } = await open();
    const text = norm(container.textContent);
    expect(text).not.toMatch(/null|undefined|NaN|Invalid Date/);
    expect(text).not.toContain('RT ');
    expect(text).not.toContain('Jl. Melati');
    expect(text).not.toContain('Budi Santoso');
    // The page says what is hidden and why.
    expect(norm(container.querySelector('.privacy-note')?.textContent)).toContain('Data ini tersamar untuk peran peneliti');
    const header = container.querySelector('.family-header')!;
    expect(fact(header, 'No. KK')).toMatch(/^KK-[0-9A-Z]{8}$/);
    expect(fact(header, 'Alamat')).toBe('Tugu (alamat jalan dan RT/RW disembunyikan demi privasi)');
    const members = Array.from(container.querySelectorAll('.member'));
    expect(members).toHaveLength(3);
    const m = members[1];
    expect(norm(m.querySelector('h3')?.textContent)).toMatch(/^ART-/);
    expect(fact(m, 'Umur')).toBe('40 tahun');
    expect(fact(m, 'Tanggal lahir')).toBe('–disembunyikan demi privasi');
    expect(m.querySelector('.no-value [aria-hidden="true"]')?.textContent).toBe('–');
    expect(fact(m, 'NIK')).toMatch(/^NIK-[0-9A-Z]{8}$/);
    expect(fact(m, 'Anggota sejak')).toBe('–disembunyikan demi privasi');
    // No warnings for researchers (the API sends none).
    expect(container.querySelector('.member-warnings')).toBeNull();
    // The benefit explanation names members by their pseudonyms.
    const benefits = Array.from(container.querySelectorAll('.benefit'));
    expect(norm(benefits[1].textContent)).toMatch(/ART-/);
  });

  it('in English too', async () => {
    const { container } = await open('en');
    const text = norm(container.textContent);
    expect(text).not.toMatch(/null|undefined|NaN|Invalid Date/);
    expect(norm(container.querySelector('.privacy-note')?.textContent)).toContain('pseudonymised for researchers');
    const header = container.querySelector('.family-header')!;
    expect(fact(header, 'Address')).toBe('Tugu (street address and RT/RW hidden for privacy)');
    expect(fact(container.querySelectorAll('.member')[0], 'Date of birth')).toBe('–hidden for privacy');
  });

  it('shows the family history only when opened, with who, what and when (Jakarta time)', async () => {
    const data = new FakeData();
    let historyCalls = 0;
    const original = data.familyHistory.bind(data);
    data.familyHistory = async (id, page) => {
      historyCalls++;
      return original(id, page);
    };
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await findByText(container, 'Budi Santoso', 'h1');
    const details = container.querySelector('details') as HTMLDetailsElement;
    expect(details).toBeTruthy();
    expect(historyCalls).toBe(0);
    await act(async () => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    await waitFor(() => expect(container.querySelectorAll('.history li')).toHaveLength(3));
    const items = Array.from(container.querySelectorAll('.history li')).map((li) => norm(li.textContent));
    expect(items[0]).toContain('Data pribadi dibuka');
    expect(items[0]).toContain('korcam.cimanggis');
    expect(items[0]).toContain('Dibuka: NIK');
    expect(items[0]).toContain('WIB');
    expect(items[1]).toContain('Data keluarga diubah');
    expect(items[1]).toContain('Diubah: alamat');
    // Written by a registry import: said so, and the job's id is not listed as a changed field.
    expect(items[2]).toContain('Keluarga didaftarkan');
    expect(items[2]).toContain('lewat impor registri');
    // A registration names no "changed" fields.
    expect(items[2]).not.toContain('Diubah');
    expect(items[2]).not.toContain('importJob');
    expect(historyCalls).toBe(1);
  });

  it('names only the fields a correction changed, with its reason in words', async () => {
    const data = new FakeData();
    data.familyHistory = async () => ({
      items: [
        { seq: 2, at: '2026-07-10T03:00:00Z', actor: 'pendamping01', actorRole: 'pendamping', action: 'activity.update', before: { type: 'kunjungan_rumah', date: '2026-07-10', roles: ['a'] }, after: { type: 'kunjungan_rumah', date: '2026-07-09', roles: ['a'], reason: 'Tanggal keliru' } },
        { seq: 1, at: '2026-07-09T03:00:00Z', actor: 'pendamping01', actorRole: 'pendamping', action: 'activity.delete', before: { type: 'p2k2' }, after: { reason: 'p2k2_attendance_corrected' } },
      ],
      total: 2,
      limit: 20,
      offset: 0,
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await findByText(container, 'Budi Santoso', 'h1');
    const details = container.querySelector('details') as HTMLDetailsElement;
    await act(async () => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    await waitFor(() => expect(container.querySelectorAll('.history li')).toHaveLength(2));
    const items = Array.from(container.querySelectorAll('.history li')).map((li) => norm(li.textContent));
    expect(items[0]).toContain('Kegiatan pendampingan dikoreksi');
    expect(items[0]).toContain('Diubah: tanggal · Alasan: Tanggal keliru');
    expect(items[1]).toContain('Alasan: kehadiran P2K2 dikoreksi');
  });

  it('opens the history when reached through the menu or its address (#riwayat), loading it', async () => {
    const data = new FakeData();
    const a = await renderApp({ data, path: '/keluarga/fam-0001#riwayat' });
    await findByText(a.container, 'Budi Santoso', 'h1');
    const details = a.container.querySelector<HTMLDetailsElement>('#riwayat details')!;
    expect(details.open).toBe(true);
    await waitFor(() => expect(a.container.querySelectorAll('.history li')).toHaveLength(3));
    a.unmount();

    // Already on the page, then the menu's "Riwayat" (the fragment changes).
    const b = await renderApp({ data, path: '/keluarga/fam-0001' });
    await findByText(b.container, 'Budi Santoso', 'h1');
    expect(b.container.querySelector<HTMLDetailsElement>('#riwayat details')!.open).toBe(false);
    await act(async () => {
      await b.router.navigate({ pathname: '/keluarga/fam-0001', hash: '#riwayat' });
    });
    await waitFor(() => expect(b.container.querySelector<HTMLDetailsElement>('#riwayat details')!.open).toBe(true));
    await waitFor(() => expect(b.container.querySelectorAll('.history li')).toHaveLength(3));
  });

  it('lists the history newest first by time, whatever order the entries were numbered in', async () => {
    const data = new FakeData();
    data.history = [
      // Written last (seq 3) but happened first: an offline visit synced late.
      { seq: 3, at: '2026-07-01T03:00:00.000Z', actor: 'pendamping01', actorRole: 'pendamping', action: 'activity.create', before: null, after: null },
      { seq: 2, at: '2026-07-14T02:00:00.000Z', actor: 'pendamping01', actorRole: 'pendamping', action: 'family.update', before: { address: 'Jl. Lama' }, after: { address: 'Jl. Baru' } },
      { seq: 1, at: '2026-07-10T01:00:00.000Z', actor: 'korcam.cimanggis', actorRole: 'koordinator_kecamatan', action: 'family.read_sensitive', before: null, after: { fields: ['nik'] } },
    ];
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001#riwayat' });
    await waitFor(() => expect(container.querySelectorAll('.history li')).toHaveLength(3));
    const times = Array.from(container.querySelectorAll('.history li time')).map((t) => t.getAttribute('datetime'));
    expect(times).toEqual(['2026-07-14T02:00:00.000Z', '2026-07-10T01:00:00.000Z', '2026-07-01T03:00:00.000Z']);
  });

  it('offers no history to researchers (pseudonymised view)', async () => {
    const data = new FakeData({ user: penelitiUser });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await waitFor(() => expect(container.querySelector('h1')).toBeTruthy());
    await waitFor(() => expect(container.querySelectorAll('.member').length).toBeGreaterThan(0));
    expect(container.querySelector('details')).toBeNull();
  });
});

describe('family page as a workspace', () => {
  it('puts the quick actions first and a menu of every section, each an anchor kept in the URL', async () => {
    const data = new FakeData();
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await findByText(container, 'Catat kunjungan', 'a');
    const quick = container.querySelector('.family-quick-actions')!;
    const actions = Array.from(quick.querySelectorAll('a')).map((a) => [a.textContent, a.getAttribute('href')]);
    expect(actions).toEqual([
      ['Catat kunjungan', '#kegiatan'],
      ['Langkah graduasi', '/keluarga/fam-0001/graduasi'],
    ]);
    // The actions come before the sections.
    const article = container.querySelector('article')!;
    expect(article.children[2]).toBe(quick);
    const menu = container.querySelector('nav.family-workspace-nav')!;
    expect(menu.getAttribute('aria-label')).toBe('Bagian halaman keluarga');
    const hrefs = Array.from(menu.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['#graduasi', '#anggota', '#bantuan', '#kegiatan', '#p2k2', '#linimasa', '#rencana-kasus', '#pemutakhiran', '#rujukan', '#komitmen', '#sanksi', '#riwayat']);
    // Every anchor exists on the page.
    for (const h of hrefs) expect(container.querySelector(h!), h!).not.toBeNull();
  });

  it('mounts a section named by the URL at once, and the others once the page settles', async () => {
    const data = new FakeData();
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001#komitmen' });
    await findByText(container, 'Catat kunjungan', 'a');
    const komitmen = container.querySelector('#komitmen')!;
    expect(komitmen.querySelector('button')?.textContent ?? '').not.toMatch(/^Tampilkan/);
    expect(container.querySelector('.family-workspace-nav a[href="#komitmen"]')!.getAttribute('aria-current')).toBe('true');
    // Another section shows its placeholder first (a button that mounts it), then mounts by itself.
    const sanksi = container.querySelector('#sanksi')!;
    const placeholder = sanksi.querySelector('button');
    if (placeholder) expect(placeholder.textContent).toBe('Tampilkan Sanksi');
    await waitFor(() => expect(container.querySelector('#sanksi')!.textContent).not.toMatch(/^Tampilkan Sanksi$/));
  });

  it('brings the current section into view in the menu strip when it changes (a phone shows only part of it)', async () => {
    const calls: Array<{ el: Element; opts: unknown }> = [];
    const original = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollIntoView');
    Element.prototype.scrollIntoView = function (this: Element, opts?: boolean | ScrollIntoViewOptions) {
      calls.push({ el: this, opts });
    };
    try {
      const data = new FakeData();
      const { container, router } = await renderApp({ data, path: '/keluarga/fam-0001' });
      await findByText(container, 'Catat kunjungan', 'a');
      const menuCalls = () => calls.filter((c) => c.el.closest('nav.family-workspace-nav'));
      // No section current yet: the strip is left as it is.
      expect(menuCalls()).toEqual([]);
      // "Catat kunjungan" makes "Kegiatan" current.
      await act(() => router.navigate('/keluarga/fam-0001#kegiatan'));
      const kegiatan = container.querySelector('.family-workspace-nav a[href="#kegiatan"]')!;
      expect(kegiatan.getAttribute('aria-current')).toBe('true');
      await waitFor(() => expect(menuCalls()).toHaveLength(1));
      expect(menuCalls()[0]).toEqual({ el: kegiatan, opts: { inline: 'nearest', block: 'nearest' } });
      await act(() => router.navigate('/keluarga/fam-0001#sanksi'));
      await waitFor(() => expect(menuCalls()).toHaveLength(2));
      expect(menuCalls()[1]!.el).toBe(container.querySelector('.family-workspace-nav a[href="#sanksi"]'));
    } finally {
      if (original) Object.defineProperty(Element.prototype, 'scrollIntoView', original);
      else delete (Element.prototype as { scrollIntoView?: unknown }).scrollIntoView;
    }
  });

  it('offers no visit logging to researchers, and no history entry in the menu', async () => {
    const data = new FakeData({ user: penelitiUser });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    await findByText(container, 'Langkah graduasi', 'a');
    expect(queryByText(container, 'Catat kunjungan', 'a')).toBeNull();
    expect(container.querySelector('.family-workspace-nav a[href="#riwayat"]')).toBeNull();
  });
});
