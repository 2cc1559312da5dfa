import { afterEach, describe, expect, it } from 'vitest';
import type { Lang } from '../../../shared/i18n';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { demoUser, FakeData, kotaUser, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryAllByText, renderApp, submit, type, waitFor } from '../../test/helpers';

const auditorUser: User = { ...demoUser, id: '0190a000-0000-7000-8000-000000000009', username: 'auditor', displayName: 'Auditor', role: 'auditor', regionCode: '32.76', regionName: 'Kota Depok' };

afterEach(cleanup);

/** The app on the registration page (its route is one of the app's own). */
const render = (opts: { data: FakeData; path?: string; lang?: Lang }) => renderApp({ ...opts, path: opts.path ?? '/keluarga/baru' });

const memberBoxes = (c: HTMLElement) => Array.from(c.querySelectorAll<HTMLFieldSetElement>('fieldset.family-create-member'));
const member = (c: HTMLElement, i: number) => {
  const box = memberBoxes(c)[i];
  if (!box) throw new Error(`no member ${i + 1}`);
  return box;
};
const form = (c: HTMLElement) => c.querySelector<HTMLFormElement>('form.family-create-form')!;

/** The kelurahan select once its options (Harjamukti, Curug, Tugu) have loaded. */
function kelurahanSelect(c: HTMLElement): Promise<HTMLSelectElement> {
  return waitFor(() => {
    const s = byLabel(c, 'Kelurahan/desa *') as HTMLSelectElement;
    if (s.options.length < 4 || s.disabled) throw new Error('kelurahan not loaded');
    return s;
  });
}

async function fillFamily(c: HTMLElement, f: { kk?: string; kelurahan?: string; address?: string; rt?: string; rw?: string } = {}) {
  await findByText(c, 'Daftarkan keluarga KPM', 'h1');
  await type(byLabel(c, 'No. KK *'), f.kk ?? '3276020101100003');
  await type(await kelurahanSelect(c), f.kelurahan ?? '32.76.02.1009');
  await type(byLabel(c, 'Alamat *'), f.address ?? 'Jl. Melati No. 5');
  await type(byLabel(c, 'RT *'), f.rt ?? '3');
  await type(byLabel(c, 'RW *'), f.rw ?? '7');
}

async function fillMember(box: HTMLElement, m: { name: string; nik?: string; relation?: string; sex: string; birthDate: string; school?: string; flags?: string[] }) {
  await type(byLabel(box, 'Nama lengkap *'), m.name);
  if (m.nik !== undefined) await type(byLabel(box, 'NIK (jika sudah ada)'), m.nik);
  if (m.relation) await type(byLabel(box, 'Hubungan dalam keluarga *'), m.relation);
  await type(byLabel(box, 'Jenis kelamin *'), m.sex);
  await type(byLabel(box, 'Tanggal lahir *'), m.birthDate);
  if (m.school) await type(byLabel(box, 'Jenjang sekolah'), m.school);
  for (const f of m.flags ?? []) await click(getByText(box, f, 'label').querySelector('input')!);
}

async function addMember(c: HTMLElement) {
  const before = memberBoxes(c).length;
  await click(getByText(c, 'Tambah anggota', 'button'));
  await waitFor(() => expect(memberBoxes(c)).toHaveLength(before + 1));
  return member(c, before);
}

/** A family of three: the head with a NIK, a child without one, the wife (pregnant, the caretaker). */
async function fillThree(c: HTMLElement) {
  await fillFamily(c);
  await fillMember(member(c, 0), { name: 'Budi Santoso', nik: '3276021203800001', sex: 'L', birthDate: '1980-03-12' });
  await fillMember(await addMember(c), { name: '  Andi Santoso ', nik: '', sex: 'L', birthDate: '2015-09-09', school: 'sd' });
  await fillMember(await addMember(c), { name: 'Sri Wahyuni', nik: '3276024506850002', relation: 'istri', sex: 'P', birthDate: '1985-06-05', flags: ['Sedang hamil', 'Pengurus (penerima bantuan)'] });
}

const flags = { pregnant: false, postpartum: false, severeDisability: false, caretaker: false };

describe('registering a family (/keluarga/baru)', () => {
  it('sends exactly the body the API expects, optional fields left out, then opens the new family', async () => {
    const data = new FakeData();
    const { container, router } = await render({ data });
    await fillThree(container);
    // The head is listed first; a new member starts as a child.
    expect(byLabel(member(container, 0), 'Hubungan dalam keluarga *').value).toBe('kepala_keluarga');
    expect(byLabel(member(container, 1), 'Hubungan dalam keluarga *').value).toBe('anak');
    await submit(form(container));

    await waitFor(() => expect(data.calls.createFamily).toHaveLength(1));
    expect(data.calls.createFamily![0]).toStrictEqual({
      kkNumber: '3276020101100003',
      kelurahanCode: '32.76.02.1009',
      address: 'Jl. Melati No. 5',
      rt: '3',
      rw: '7',
      members: [
        { name: 'Budi Santoso', nik: '3276021203800001', relation: 'kepala_keluarga', sex: 'L', birthDate: '1980-03-12', schoolLevel: 'none', ...flags },
        { name: 'Andi Santoso', relation: 'anak', sex: 'L', birthDate: '2015-09-09', schoolLevel: 'sd', ...flags },
        { name: 'Sri Wahyuni', nik: '3276024506850002', relation: 'istri', sex: 'P', birthDate: '1985-06-05', schoolLevel: 'none', ...flags, pregnant: true, caretaker: true },
      ],
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/keluarga/fam-new-1'));
    await findByText(container, 'Budi Santoso', 'h1');
  });

  it('sends the year joined and the decile when given', async () => {
    const data = new FakeData();
    const { container } = await render({ data });
    await fillFamily(container, { rt: ' 012 ', rw: '1' });
    await type(byLabel(container, 'Tahun bergabung PKH'), '2019');
    await type(byLabel(container, 'Desil'), '3');
    await fillMember(member(container, 0), { name: 'Siti Aminah', sex: 'P', birthDate: '1990-01-31' });
    await submit(form(container));
    await waitFor(() => expect(data.calls.createFamily).toHaveLength(1));
    expect(data.calls.createFamily![0]).toMatchObject({ rt: '012', rw: '1', joinedYear: 2019, decile: 3 });
    expect(data.calls.createFamily![0]!.members).toStrictEqual([
      { name: 'Siti Aminah', relation: 'kepala_keluarga', sex: 'P', birthDate: '1990-01-31', schoolLevel: 'none', ...flags },
    ]);
  });

  it('refuses a year joined still to come, next to the year', async () => {
    const data = new FakeData();
    const { container } = await render({ data });
    await fillFamily(container);
    await type(byLabel(container, 'Tahun bergabung PKH'), '2099');
    await fillMember(member(container, 0), { name: 'Siti Aminah', sex: 'P', birthDate: '1990-01-31' });
    await submit(form(container));
    const year = byLabel(container, 'Tahun bergabung PKH');
    expect(year.parentElement?.querySelector('.field-error')?.textContent).toMatch(/^Tahun bergabung PKH tidak boleh setelah tahun ini \(\d{4}\)\.$/);
    expect(data.calls.createFamily ?? []).toHaveLength(0);
  });

  it('shows a 422 on members.1.nik beside the second member’s NIK, focuses it and keeps everything typed', async () => {
    const data = new FakeData();
    data.createFamilyError = new ApiError(422, 'error.validation', 'Data tidak valid.', { 'members.1.nik': 'Kode provinsi 99 pada NIK (digit 1–2) tidak dikenal.' });
    const { container, router } = await render({ data });
    await fillFamily(container);
    await fillMember(member(container, 0), { name: 'Budi Santoso', nik: '3276021203800001', sex: 'L', birthDate: '1980-03-12' });
    await fillMember(await addMember(container), { name: 'Andi Santoso', nik: '9976020909150003', sex: 'L', birthDate: '2015-09-09' });
    await submit(form(container));

    const second = member(container, 1);
    const nik = byLabel(second, 'NIK (jika sudah ada)') as HTMLInputElement;
    await findByText(second, 'Kode provinsi 99 pada NIK (digit 1–2) tidak dikenal.', '.field-error');
    expect(nik.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(nik);
    const error = getByText(second, 'Kode provinsi 99', '.field-error');
    expect(nik.getAttribute('aria-describedby')).toContain(error.id);
    // Nowhere else: not at the first member's NIK.
    expect(member(container, 0).querySelector('.field-error')).toBeNull();
    // The summary at the submit button.
    getByText(container, 'Periksa isian yang ditandai (1).', '[role="alert"] p');
    // Nothing typed is lost, and the page stays.
    expect(nik.value).toBe('9976020909150003');
    expect((byLabel(container, 'No. KK *') as HTMLInputElement).value).toBe('3276020101100003');
    expect(byLabel(container, 'Kelurahan/desa *').value).toBe('32.76.02.1009');
    expect((byLabel(member(container, 0), 'Nama lengkap *') as HTMLInputElement).value).toBe('Budi Santoso');
    expect(router.state.location.pathname).toBe('/keluarga/baru');

    // Correcting the NIK clears its message (and the summary); the next submission goes through.
    await type(nik, '3276020909150003');
    expect(second.querySelector('.field-error')).toBeNull();
    expect(container.querySelector('[role="alert"]')).toBeNull();
    data.createFamilyError = null;
    await submit(form(container));
    await waitFor(() => expect(router.state.location.pathname).toBe('/keluarga/fam-new-1'));
    expect(data.calls.createFamily!.at(-1)!.members[1]!.nik).toBe('3276020909150003');
  });

  it('places a 409 on the No. KK, and errors of a member that is removed go with it', async () => {
    const data = new FakeData();
    data.createFamilyError = new ApiError(409, 'error.kk_duplicate', 'No. KK ini sudah terdaftar sebagai KPM.', {
      kkNumber: 'No. KK ini sudah terdaftar sebagai KPM.',
      'members.1.nik': 'NIK ini masih tercatat sebagai anggota keluarga lain.',
      'members.2.nik': 'NIK ini sudah dikenal di wilayah lain.',
    });
    const { container } = await render({ data });
    await fillFamily(container);
    await fillMember(member(container, 0), { name: 'Budi', sex: 'L', birthDate: '1980-03-12' });
    await fillMember(await addMember(container), { name: 'Andi', nik: '3276020909150003', sex: 'L', birthDate: '2015-09-09' });
    await fillMember(await addMember(container), { name: 'Sri', nik: '3276024506850002', relation: 'istri', sex: 'P', birthDate: '1985-06-05' });
    await submit(form(container));
    const kk = byLabel(container, 'No. KK *');
    await findByText(container, 'No. KK ini sudah terdaftar sebagai KPM.', '.field-error');
    expect(document.activeElement).toBe(kk);
    getByText(container, 'Periksa isian yang ditandai (3).', '[role="alert"] p');

    // Andi removed: Sri moves up to be the second member, her message with her.
    await click(member(container, 1).querySelector('button[aria-label="Hapus anggota 2"]')!);
    await waitFor(() => expect(memberBoxes(container)).toHaveLength(2));
    expect((byLabel(member(container, 1), 'Nama lengkap *') as HTMLInputElement).value).toBe('Sri');
    getByText(member(container, 1), 'NIK ini sudah dikenal di wilayah lain.', '.field-error');
    expect(queryAllByText(container, 'masih tercatat sebagai anggota keluarga lain')).toHaveLength(0);
    getByText(container, 'Periksa isian yang ditandai (2).', '[role="alert"] p');
  });

  it('checks on the phone first: required fields, the NIK shape and one head, focusing the first', async () => {
    const data = new FakeData();
    const { container } = await render({ data });
    await findByText(container, 'Daftarkan keluarga KPM', 'h1');
    await submit(form(container));
    expect(data.calls.createFamily ?? []).toHaveLength(0);
    const kk = byLabel(container, 'No. KK *');
    expect(kk.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(kk);
    getByText(container, 'Pilih kelurahan/desa tempat keluarga tinggal.', '.field-error');
    getByText(member(container, 0), 'Pilih jenis kelamin.', '.field-error');
    expect(byLabel(member(container, 0), 'Tanggal lahir *').getAttribute('aria-invalid')).toBe('true');

    // A NIK of 15 digits, a wrong No. KK, no kepala keluarga: the domain's and the server's own words.
    await fillFamily(container, { kk: '32760201011000' });
    await fillMember(member(container, 0), { name: 'Budi', nik: '327602120380001', relation: 'suami', sex: 'L', birthDate: '1980-03-12' });
    await submit(form(container));
    expect(data.calls.createFamily ?? []).toHaveLength(0);
    getByText(container, 'Nomor KK harus 16 digit angka; yang diisi 14 karakter.', '.field-error');
    getByText(member(container, 0), 'NIK harus 16 digit angka; yang diisi 15 karakter.', '.field-error');
    getByText(container, 'Keluarga harus memiliki satu kepala keluarga.', '.field-error');
    expect(document.activeElement).toBe(byLabel(container, 'No. KK *'));
  });

  it('offline: says a connection is needed and keeps the form as typed', async () => {
    const data = new FakeData();
    data.createFamilyError = new ApiError(0, 'network', 'Tidak dapat terhubung ke server.');
    const { container, router } = await render({ data });
    await fillThree(container);
    await submit(form(container));
    const alert = await findByText(container, /Mendaftarkan keluarga memerlukan sambungan internet/, '[role="alert"] p');
    expect(document.activeElement).toBe(alert.closest('[role="alert"]'));
    expect(router.state.location.pathname).toBe('/keluarga/baru');
    expect(memberBoxes(container)).toHaveLength(3);
    expect((byLabel(member(container, 2), 'Nama lengkap *') as HTMLInputElement).value).toBe('Sri Wahyuni');
    expect((getByText(member(container, 2), 'Sedang hamil', 'label').querySelector('input') as HTMLInputElement).checked).toBe(true);
    expect((byLabel(container, 'Alamat *') as HTMLInputElement).value).toBe('Jl. Melati No. 5');
    expect(container.querySelector('[aria-invalid="true"]')).toBeNull();
    expect((getByText(container, 'Daftarkan keluarga', 'button[type="submit"]') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says so in English too', async () => {
    const data = new FakeData();
    data.createFamilyError = new ApiError(0, 'network', 'Could not reach the server.');
    const { container } = await render({ data, lang: 'en' });
    await findByText(container, 'Register a KPM family', 'h1');
    await type(byLabel(container, 'Family card no. (No. KK) *'), '3276020101100003');
    await type(
      await waitFor(() => {
        const s = byLabel(container, 'Kelurahan/desa *') as HTMLSelectElement;
        if (s.options.length < 4) throw new Error('not loaded');
        return s;
      }),
      '32.76.02.1007',
    );
    await type(byLabel(container, 'Address *'), 'Jl. Mawar 1');
    await type(byLabel(container, 'RT *'), '1');
    await type(byLabel(container, 'RW *'), '2');
    const box = member(container, 0);
    await type(byLabel(box, 'Full name *'), 'Siti');
    await type(byLabel(box, 'Sex *'), 'P');
    await type(byLabel(box, 'Date of birth *'), '1990-02-02');
    await submit(form(container));
    await findByText(container, /Registering a family needs a connection/, '[role="alert"] p');
  });

  it('a koordinator kota picks the kecamatan, then the kelurahan', async () => {
    const data = new FakeData({ user: kotaUser });
    const { container } = await render({ data });
    await findByText(container, 'Daftarkan keluarga KPM', 'h1');
    const kec = await waitFor(() => {
      const s = byLabel(container, 'Kecamatan') as HTMLSelectElement;
      if (s.options.length < 3) throw new Error('not loaded');
      return s;
    });
    expect(Array.from(kec.options).map((o) => o.textContent)).toEqual(['Pilih kecamatan', 'Pancoran Mas', 'Cimanggis']);
    expect(queryAllByText(container, 'Kelurahan/desa *', 'label')).toHaveLength(0);
    // A kelurahan not chosen yet: the message and the focus go to the kecamatan select.
    await type(byLabel(container, 'No. KK *'), '3276020101100003');
    await submit(form(container));
    expect(document.activeElement).toBe(kec);
    getByText(container, 'Pilih kelurahan/desa tempat keluarga tinggal.', '.field-error');

    await type(kec, '32.76.02');
    const kel = await kelurahanSelect(container);
    expect(Array.from(kel.options).map((o) => o.textContent)).toEqual(['Pilih kelurahan/desa', 'Harjamukti', 'Curug', 'Tugu']);
    await fillFamily(container, { kelurahan: '32.76.02.1008' });
    await fillMember(member(container, 0), { name: 'Budi', sex: 'L', birthDate: '1980-03-12' });
    await submit(form(container));
    await waitFor(() => expect(data.calls.createFamily).toHaveLength(1));
    expect(data.calls.createFamily![0]!.kelurahanCode).toBe('32.76.02.1008');
    expect(data.calls.createFamily![0]).not.toHaveProperty('pendamping');
  });

  it('a koordinator chooses the pendamping among those working where the family lives; one who no longer fits is dropped', async () => {
    const data = new FakeData({ user: kotaUser });
    data.users = [
      ...data.users,
      { id: 'u3', username: 'pendamping03', displayName: 'Rina Marlina', role: 'pendamping', regionCode: '32.76.01', active: true },
      { id: 'u4', username: 'pendamping04', displayName: 'Tidak Aktif', role: 'pendamping', regionCode: '32.76.02', active: false },
      { id: 'u5', username: 'pendamping05', displayName: 'Yanti Sukmawati', role: 'pendamping', regionCode: '32.76.02.1009', active: true },
    ];
    const { container } = await render({ data });
    await findByText(container, 'Daftarkan keluarga KPM', 'h1');
    const picker = await waitFor(() => {
      const s = byLabel(container, 'Pendamping') as HTMLSelectElement;
      if (s.disabled) throw new Error('not loaded');
      return s;
    });
    const names = () => Array.from(picker.options).map((o) => o.value);
    // Before a kecamatan is chosen: every active pendamping of the kota.
    expect(names()).toEqual(['', 'pendamping01', 'pendamping02', 'pendamping03', 'pendamping05']);
    await type(picker, 'pendamping03');
    // Cimanggis chosen: the Pancoran Mas pendamping no longer fits, and is dropped.
    await type(byLabel(container, 'Kecamatan'), '32.76.02');
    await waitFor(() => expect(picker.value).toBe(''));
    expect(names()).toEqual(['', 'pendamping01', 'pendamping02', 'pendamping05']);
    await fillFamily(container, { kelurahan: '32.76.02.1008' });
    // Curug chosen: the pendamping of Tugu only is not offered.
    await waitFor(() => expect(names()).toEqual(['', 'pendamping01', 'pendamping02']));
    await type(picker, 'pendamping02');
    await fillMember(member(container, 0), { name: 'Budi', sex: 'L', birthDate: '1980-03-12' });
    await submit(form(container));
    await waitFor(() => expect(data.calls.createFamily).toHaveLength(1));
    expect(data.calls.createFamily![0]).toMatchObject({ kelurahanCode: '32.76.02.1008', pendamping: 'pendamping02' });
  });

  it('a pendamping is not asked who accompanies the family (it is theirs)', async () => {
    const data = new FakeData();
    const { container } = await render({ data });
    await findByText(container, 'Daftarkan keluarga KPM', 'h1');
    await kelurahanSelect(container);
    expect(queryAllByText(container, 'Pendamping', 'label')).toHaveLength(0);
    expect(data.calls.listUsers).toHaveLength(0);
  });

  it('adds and removes members; the only one cannot be removed; the focus follows', async () => {
    const data = new FakeData();
    const { container } = await render({ data });
    await findByText(container, 'Daftarkan keluarga KPM', 'h1');
    expect(member(container, 0).querySelector('button')).toBeNull();
    getByText(container, 'Anggota keluarga (1)', 'legend');
    const second = await addMember(container);
    expect(document.activeElement).toBe(byLabel(second, 'Nama lengkap *'));
    getByText(container, 'Anggota keluarga (2)', 'legend');
    await type(byLabel(second, 'Nama lengkap *'), 'Andi');
    getByText(second, 'Anggota 2: Andi', 'legend');
    // Pregnancy and postpartum are offered for women only.
    await type(byLabel(second, 'Jenis kelamin *'), 'L');
    expect(queryAllByText(second, 'Sedang hamil', 'label')).toHaveLength(0);
    getByText(second, 'Disabilitas berat', 'label');
    await click(second.querySelector('button[aria-label="Hapus anggota 2"]')!);
    await waitFor(() => expect(memberBoxes(container)).toHaveLength(1));
    expect(document.activeElement).toBe(getByText(container, 'Tambah anggota', 'button'));
  });
});

describe('roles that only read', () => {
  for (const [name, user] of [
    ['auditor', auditorUser],
    ['peneliti', penelitiUser],
  ] as const) {
    it(`a ${name} gets a notice, not the form`, async () => {
      const data = new FakeData({ user });
      const { container } = await render({ data });
      await findByText(container, 'Peran Anda tidak dapat mendaftarkan keluarga');
      expect(container.querySelector('form')).toBeNull();
      expect(container.querySelector('input, select')).toBeNull();
      expect(getByText(container, 'Kembali ke daftar keluarga', 'a').getAttribute('href')).toBe('/keluarga');
    });
  }
});

describe('from the family list', () => {
  it('the link opens the form', async () => {
    const data = new FakeData();
    const { container, router } = await render({ data, path: '/keluarga' });
    await findByText(container, /dari 60/, '.result-count');
    await click(getByText(container, 'Daftarkan keluarga', 'a'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/keluarga/baru'));
    await findByText(container, 'Daftarkan keluarga KPM', 'h1');
    await kelurahanSelect(container);
  });
});
