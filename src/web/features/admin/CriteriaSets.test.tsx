import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { StoredCriteriaSet } from '../../data/admin';
import type { User } from '../../data/types';
import { type AdminState, adminState, fakeAdminData } from '../../test/fake-admin';
import { FakeData } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { definitionOf } from './criteria-draft';

afterEach(cleanup);

const adminUser: User = { id: '0190a000-0000-7000-8000-000000000009', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };

/** Sets a textarea's value the way React notices (the helpers' `type` covers inputs and selects). */
async function typeText(el: Element, value: string): Promise<void> {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function setItem(container: HTMLElement, code: string): HTMLElement {
  const el = container.querySelector<HTMLElement>(`li.set[data-set="${code}"]`);
  if (!el) throw new Error(`no set ${code}`);
  return el;
}

async function setup(state: AdminState = adminState(), lang: 'id' | 'en' = 'id') {
  const data = new FakeData({ user: adminUser });
  Object.assign(data, fakeAdminData(state));
  const rendered = await renderApp({ data, path: '/admin?bagian=kriteria', lang });
  await findByText(rendered.container, lang === 'id' ? 'Kriteria graduasi' : 'Graduation criteria', 'h2');
  await waitFor(() => expect(rendered.container.querySelectorAll('li.set')).toHaveLength(2));
  return { ...rendered, state };
}

function latestPkh(state: AdminState): StoredCriteriaSet {
  return state.criteriaSets.filter((s) => s.code === 'pkh-default').reduce((a, b) => (b.revision > a.revision ? b : a));
}

async function openEditor(container: HTMLElement, code = 'pkh-default'): Promise<HTMLFormElement> {
  const item = setItem(container, code);
  await click(getByText(item, 'Buat versi baru', 'button'));
  return waitFor(() => {
    const form = item.querySelector<HTMLFormElement>('form.set-editor');
    if (!form) throw new Error('no editor');
    return form;
  });
}

const criterionBox = (form: HTMLElement, index: number) => form.querySelector<HTMLElement>(`fieldset[data-index="${index}"]`)!;
const posts = (state: AdminState) => state.calls.filter((c) => c.method === 'addCriteriaSetVersion');

describe('graduation criteria sets on the admin page (/admin?bagian=kriteria)', () => {
  it('lists the sets in use with version, revision, source, mode and number of criteria; the term lists are a tab away', async () => {
    const { container, router } = await setup();
    const current = container.querySelector('nav.admin-tabs a[aria-current="page"]');
    expect(current?.textContent).toBe('Kriteria graduasi');
    expect(container.querySelector('section.taxonomy')).toBeNull();

    const pkh = setItem(container, 'pkh-default');
    getByText(pkh, 'Kriteria graduasi PKH (sementara)', 'h3');
    expect(pkh.querySelector('.set-version')?.textContent).toBe('0.2');
    expect(pkh.textContent).toContain('Revisi2');
    expect(pkh.textContent).toContain('Dibuat admin');
    expect(pkh.querySelector('.set-mode')?.textContent).toBe('Skor berbobot minimal 75%');
    expect(pkh.querySelector('.set-count')?.textContent).toBe('4');
    getByText(pkh, 'Sementara', '.badge');

    const brac = setItem(container, 'brac-upg');
    expect(brac.querySelector('.set-mode')?.textContent).toBe('Minimal 2 dari 3 kriteria');
    expect(brac.textContent).toContain('Bawaan');
    // Only the latest versions at first.
    expect(container.querySelectorAll('li.set[data-set="pkh-default"]')).toHaveLength(1);

    await click(getByText(container, 'Daftar istilah', 'nav a'));
    await waitFor(() => expect(container.querySelectorAll('section.taxonomy')).toHaveLength(3));
    expect(container.querySelector('section.criteria-sets')).toBeNull();
    expect(router.state.location.search).toBe('');
    await click(getByText(container, 'Kriteria graduasi', 'nav a'));
    await waitFor(() => expect(container.querySelectorAll('li.set')).toHaveLength(2));
    expect(router.state.location.search).toBe('?bagian=kriteria');
  });

  it('opens a set to its criteria (answer type, rule, weight, mandatory, filled from records) and its other versions', async () => {
    const { container, state } = await setup();
    const pkh = setItem(container, 'pkh-default');
    const toggle = getByText(pkh, 'Lihat rincian', 'button');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-label')).toBe('Lihat rincian pkh-default');
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const details = pkh.querySelector<HTMLElement>('.set-details')!;
    expect(details.hidden).toBe(false);

    const rows = details.querySelectorAll<HTMLElement>(':scope > .criteria-list > li.criterion');
    expect(rows).toHaveLength(4);
    const income = details.querySelector<HTMLElement>('li.criterion[data-criterion="pendapatan_di_atas_garis"]')!;
    expect(income.textContent).toContain('Pendapatan per kapita di atas garis kemiskinan');
    expect(income.textContent).toContain('Per-capita income above the poverty line');
    expect(income.textContent).toContain('Rupiah');
    expect(income.querySelector('.criterion-rule')?.textContent).toBe('minimal 1 × garis kemiskinan kab/kota');
    expect(income.querySelector('.criterion-weight')?.textContent).toBe('2');
    expect(income.textContent).toContain('Tidak wajib');
    const school = details.querySelector<HTMLElement>('li.criterion[data-criterion="anak_bersekolah"]')!;
    expect(school.textContent).toContain('Diisi dari data Titian');
    expect(school.textContent).toContain('kehadiran sekolah');
    const house = details.querySelector<HTMLElement>('li.criterion[data-criterion="rumah_layak"]')!;
    expect(house.textContent).toContain('Skala 1–3');
    expect(house.querySelector('.criterion-rule')?.textContent).toBe('minimal 3');

    const older = await waitFor(() => {
      const li = details.querySelector<HTMLElement>('li.version');
      if (!li) throw new Error('older versions not loaded');
      return li;
    });
    expect(details.querySelectorAll('li.version')).toHaveLength(1);
    expect(older.querySelector('summary')?.textContent).toContain('Versi 0.1 · revisi 1 · Bawaan');
    expect(older.querySelectorAll('li.criterion')).toHaveLength(3);
    expect(state.calls.some((c) => c.method === 'listCriteriaSetVersions' && (c.args[0] as { all?: boolean }).all === true)).toBe(true);

    await click(getByText(pkh, 'Tutup rincian', 'button'));
    expect(details.hidden).toBe(true);
  });

  it('saves a new version with a changed weight: the POST body is the whole definition; the list shows it and says old assessments keep theirs', async () => {
    const state = adminState();
    const { container } = await setup(state);
    const before = definitionOf(latestPkh(state));
    const form = await openEditor(container);
    expect((byLabel(form, 'Label versi') as HTMLInputElement).value).toBe('0.3');
    expect((byLabel(form, 'Nama (Bahasa Indonesia)') as HTMLInputElement).value).toBe('Kriteria graduasi PKH (sementara)');
    expect((byLabel(form, 'Cara penilaian') as HTMLSelectElement).value).toBe('weighted_threshold');
    expect((byLabel(form, 'Ambang skor (0–1)') as HTMLInputElement).value).toBe('0.75');

    const first = criterionBox(form, 0);
    expect(first.querySelector('legend')?.textContent).toBe('Kriteria 1: pendapatan_stabil');
    expect((byLabel(first, 'Bobot') as HTMLInputElement).value).toBe('3');
    await type(byLabel(first, 'Bobot'), '4');
    await type(byLabel(form, 'Ambang skor (0–1)'), '0,8');
    await submit(form);

    await findByText(container, /Versi 0.3 dari "pkh-default" disimpan \(revisi 3\)/, '[role="status"]');
    getByText(container, /Penilaian lama tetap memakai versi yang dipakai saat itu/);
    expect(posts(state)).toHaveLength(1);
    const expected = structuredClone(before);
    expected.version = '0.3';
    expected.criteria[0]!.weight = 4;
    expected.scoring = { mode: 'weighted_threshold', threshold: 0.8 };
    expect(posts(state)[0]!.args[0]).toEqual(expected);

    const pkh = setItem(container, 'pkh-default');
    await waitFor(() => expect(pkh.querySelector('.set-version')?.textContent).toBe('0.3'));
    expect(pkh.textContent).toContain('Revisi3');
    expect(pkh.querySelector('form.set-editor')).toBeNull();
    // The older versions are all still there.
    await click(getByText(pkh, 'Lihat rincian', 'button'));
    await waitFor(() => expect(pkh.querySelectorAll('li.version')).toHaveLength(2));
    expect(pkh.querySelector('li.criterion[data-criterion="pendapatan_stabil"] .criterion-weight')?.textContent).toBe('4');
  });

  it('adds a criterion with its rule and removes another', async () => {
    const state = adminState();
    const { container } = await setup(state);
    const form = await openEditor(container);
    await click(getByText(criterionBox(form, 3), 'Hapus kriteria', 'button'));
    expect(form.querySelector('fieldset[data-criterion="rumah_layak"]')).toBeNull();
    await click(getByText(form, 'Tambah kriteria', 'button'));
    const added = criterionBox(form, 3);
    expect(added.classList.contains('criterion-new')).toBe(true);
    await type(byLabel(added, 'Kode kriteria'), 'tabungan');
    await type(byLabel(added, 'Label (Bahasa Indonesia)'), 'Punya tabungan');
    await type(byLabel(added, 'Label (Bahasa Inggris)'), 'Has savings');
    await type(byLabel(added, 'Jenis jawaban'), 'rupiah');
    await type(byLabel(added, 'Aturan terpenuhi'), 'at_least');
    // A rupiah minimum is read the Indonesian way (the dot separates thousands) and shown as read.
    await type(byLabel(added, 'Nilai minimal'), '500.000');
    expect(added.querySelector('[data-field="criteria.3.met.value"] .value-read')?.textContent).toMatch(/^= Rp\s?500\.000$/);
    await type(byLabel(added, 'Bobot'), '2');
    await click(byLabel(added, 'Wajib'));
    await submit(form);
    await findByText(container, /Versi 0.3 dari "pkh-default" disimpan/, '[role="status"]');
    const body = posts(state)[0]!.args[0] as StoredCriteriaSet;
    expect(body.criteria.map((c) => c.code)).toEqual(['pendapatan_stabil', 'pendapatan_di_atas_garis', 'anak_bersekolah', 'tabungan']);
    expect(body.criteria[3]).toEqual({ code: 'tabungan', label: { id: 'Punya tabungan', en: 'Has savings' }, answer: { type: 'rupiah' }, met: { type: 'at_least', value: 500000 }, weight: 2, mandatory: true });
  });

  it('refuses in the browser what the domain schema refuses, at its field, and shows the server’s 422 at the field it names', async () => {
    const state = adminState();
    const { container } = await setup(state);
    const form = await openEditor(container);
    await type(byLabel(form, 'Cara penilaian'), 'n_of_m');
    await type(byLabel(form, 'Jumlah kriteria minimal (n)'), '9');
    await type(byLabel(criterionBox(form, 1), 'Label (Bahasa Inggris)'), '');
    await submit(form);
    await findByText(form, 'Periksa isian yang ditandai.', '[role="alert"]');
    expect(posts(state)).toHaveLength(0);
    expect(byLabel(form, 'Jumlah kriteria minimal (n)').getAttribute('aria-invalid')).toBe('true');
    getByText(form.querySelector('[data-field="scoring.n"]')!, 'n lebih besar dari jumlah kriteria.', 'p.field-error');
    const en = byLabel(criterionBox(form, 1), 'Label (Bahasa Inggris)');
    expect(en.getAttribute('aria-invalid')).toBe('true');
    expect(en.getAttribute('aria-describedby')).toBeTruthy();

    // Fixed in the browser; the server still refuses something it checks (e.g. an unknown indicator).
    await type(byLabel(form, 'Jumlah kriteria minimal (n)'), '3');
    await type(byLabel(criterionBox(form, 1), 'Label (Bahasa Inggris)'), 'Income above the line');
    state.errors.addCriteriaSetVersion = new ApiError(422, 'error.validation', 'Data tidak valid.', { 'definition.criteria.1.met': 'Indikator "garis_kemiskinan" tidak ada di tabel ekonomi.' });
    await submit(form);
    const box = criterionBox(form, 1);
    const message = await findByText(box, /tidak ada di tabel ekonomi/, 'p.field-error');
    expect(message.getAttribute('data-path')).toBe('criteria.1.met');
    expect(posts(state)).toHaveLength(1);
    expect((posts(state)[0]!.args[0] as StoredCriteriaSet).scoring).toEqual({ mode: 'n_of_m', n: 3 });
    expect(byLabel(form, 'Jumlah kriteria minimal (n)').getAttribute('aria-invalid')).toBeNull();
  });

  it('refuses a version that is not newer in the browser, and shows the server\u2019s 409 (a newer one saved meanwhile) at the version field', async () => {
    const state = adminState();
    const { container } = await setup(state);
    const form = await openEditor(container);
    await type(byLabel(form, 'Label versi'), '0.2');
    await submit(form);
    const message = await findByText(form.querySelector('[data-field="version"]')!, /Versi 0.2 tidak lebih baru dari versi tertinggi yang tersimpan \(0.2\)/, 'p.field-error');
    expect(message.textContent).toContain('mis. 0.3');
    expect(byLabel(form, 'Label versi').getAttribute('aria-invalid')).toBe('true');
    expect(posts(state)).toHaveLength(0);

    // Someone else saves 0.3 while this editor is open: the server answers 409, shown at the field.
    state.criteriaSets.push({ ...latestPkh(state), version: '0.3', revision: 3 });
    await type(byLabel(form, 'Label versi'), '0.3');
    await submit(form);
    await findByText(form.querySelector('[data-field="version"]')!, /Versi 0.3 tidak lebih baru dari versi terakhir set "pkh-default" \(0.3\)/, 'p.field-error');
    expect(byLabel(form, 'Label versi').getAttribute('aria-invalid')).toBe('true');
    expect(posts(state)).toHaveLength(1);
    expect(state.criteriaSets).toHaveLength(4);
    expect(queryByText(container, /disimpan \(revisi/)).toBeNull();
  });

  it('takes only numbers with dots as a version label, and a free-text label stored earlier blocks nothing', async () => {
    const state = adminState();
    // A label stored before labels had to be numeric, as the latest revision.
    state.criteriaSets.push({ ...latestPkh(state), version: 'versi tiga', revision: 3 });
    const { container } = await setup(state);
    const form = await openEditor(container);
    // Suggested: after the highest numeric label (a free-text one is older than any numeric one).
    await waitFor(() => expect((byLabel(form, 'Label versi') as HTMLInputElement).value).toBe('0.3'));
    getByText(form.querySelector('[data-field="version"]')!, 'Angka yang dipisahkan titik, lebih baru dari 0.2, mis. 0.3.', 'p.hint');
    await type(byLabel(form, 'Label versi'), 'versi empat');
    await submit(form);
    await findByText(form.querySelector('[data-field="version"]')!, 'Label versi harus berupa angka yang dipisahkan titik, mis. 0.2 atau 1.0 (paling panjang 40 karakter).', 'p.field-error');
    expect(posts(state)).toHaveLength(0);
    await type(byLabel(form, 'Label versi'), '1.0');
    await submit(form);
    await findByText(container, /Versi 1.0 dari "pkh-default" disimpan \(revisi 4\)/, '[role="status"]');
    expect((posts(state)[0]!.args[0] as StoredCriteriaSet).version).toBe('1.0');
  });

  it('says each field\u2019s rule: a weight above 0, a required label, a threshold from 0 to 1 (not 75% or 1.5)', async () => {
    const state = adminState();
    const { container } = await setup(state);
    const form = await openEditor(container);
    const first = criterionBox(form, 0);
    await type(byLabel(first, 'Bobot'), '-1');
    await type(byLabel(first, 'Label (Bahasa Indonesia)'), '');
    await type(byLabel(form, 'Ambang skor (0–1)'), '75%');
    await submit(form);
    await findByText(form, 'Periksa isian yang ditandai.', '[role="alert"]');
    const errorAt = (path: string) => form.querySelector(`p.field-error[data-path="${path}"]`)?.textContent;
    expect(errorAt('criteria.0.weight')).toBe('Bobot harus angka lebih dari 0, mis. 1 atau 2,5.');
    expect(errorAt('criteria.0.label.id')).toBe('Wajib diisi.');
    expect(errorAt('scoring.threshold')).toBe('Ambang skor harus angka lebih dari 0 dan paling besar 1, mis. 0,75 untuk 75%.');
    expect(form.textContent).not.toContain('Isian tidak valid.');
    await type(byLabel(form, 'Ambang skor (0–1)'), '1.5');
    await submit(form);
    await waitFor(() => expect(errorAt('scoring.threshold')).toBe('Ambang skor harus angka lebih dari 0 dan paling besar 1, mis. 0,75 untuk 75%.'));
    expect(posts(state)).toHaveLength(0);
  });

  it('says each field\u2019s rule in English too', async () => {
    const { container } = await setup(adminState(), 'en');
    const item = setItem(container, 'pkh-default');
    await click(getByText(item, 'Make a new version', 'button'));
    const form = await waitFor(() => item.querySelector<HTMLFormElement>('form.set-editor')!);
    const first = criterionBox(form, 0);
    await type(byLabel(first, 'Weight'), '-1');
    await type(byLabel(first, 'Label (English)'), ' ');
    await type(byLabel(form, 'Score threshold (0–1)'), '1.5');
    await type(byLabel(form, 'Version label'), 'third');
    await submit(form);
    await findByText(form, 'Check the marked fields.', '[role="alert"]');
    const errorAt = (path: string) => waitFor(() => form.querySelector(`p.field-error[data-path="${path}"]`)!.textContent);
    expect(await errorAt('criteria.0.weight')).toBe('The weight must be a number above 0, e.g. 1 or 2.5.');
    expect(await errorAt('criteria.0.label.en')).toBe('Required.');
    expect(await errorAt('scoring.threshold')).toBe('The score threshold must be a number above 0 and at most 1, e.g. 0.75 for 75%.');
    expect(await errorAt('version')).toBe('A version label must be numbers separated by dots, e.g. 0.2 or 1.0 (at most 40 characters).');
  });

  it('chooses the regional indicator from the economics data; one not in the data is refused before sending', async () => {
    const state = adminState();
    Object.assign(state.config, { indicators: ['garis_kemiskinan', 'umk'] });
    const legacy = latestPkh(state);
    state.criteriaSets.push({
      ...legacy,
      version: '0.3',
      revision: 3,
      criteria: legacy.criteria.map((c) => (c.code === 'pendapatan_di_atas_garis' ? { ...c, met: { type: 'at_least_indicator' as const, indicator: 'xyz' } } : c)),
    });
    const { container } = await setup(state);
    const form = await openEditor(container);
    const income = criterionBox(form, 1);
    const select = await waitFor(() => {
      const el = byLabel(income, 'Indikator daerah');
      if (el.tagName !== 'SELECT') throw new Error('not a list yet');
      return el as HTMLSelectElement;
    });
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['xyz', 'xyz (tidak ada di data ekonomi daerah)'],
      ['garis_kemiskinan', 'garis kemiskinan kab/kota'],
      ['umk', 'UMK (upah minimum kab/kota)'],
    ]);
    await submit(form);
    await findByText(income, 'Indikator "xyz" tidak ada di data ekonomi daerah. Pilih salah satu: garis_kemiskinan, umk.', 'p.field-error');
    expect(posts(state)).toHaveLength(0);
    await type(select, 'umk');
    await submit(form);
    await findByText(container, /Versi 0.4 dari "pkh-default" disimpan/, '[role="status"]');
    const sent = posts(state)[0]!.args[0] as StoredCriteriaSet;
    expect(sent.criteria[1]!.met).toEqual({ type: 'at_least_indicator', indicator: 'umk' });
  });

  it('edits the raw JSON: an invalid document is refused before sending, a valid one is sent as written', async () => {
    const state = adminState();
    const { container } = await setup(state);
    const form = await openEditor(container, 'brac-upg');
    await click(getByText(form, 'JSON', 'button'));
    const area = form.querySelector<HTMLTextAreaElement>('textarea.set-json')!;
    expect(byLabel(form, 'Definisi lengkap (JSON)')).toBe(area);
    const doc = JSON.parse(area.value);
    expect(doc).toMatchObject({ code: 'brac-upg', version: '2', scoring: { mode: 'n_of_m', n: 2 } });
    expect(doc.revision).toBeUndefined();

    await typeText(area, '{ "code": "brac-upg", ');
    await submit(form);
    await findByText(form, /Bukan JSON yang valid/, '[role="alert"]');

    const broken = { ...doc, scoring: { mode: 'levels', levels: [{ name: 'a', min: 0.2 }, { name: 'b', min: 0.1 }], graduateAt: 'c' }, criteria: [{ ...doc.criteria[0], met: { type: 'at_least', value: 1 } }] };
    await typeText(area, JSON.stringify(broken, null, 2));
    await submit(form);
    const alert = await findByText(form, 'Perbaiki dulu sebelum menyimpan:', '[role="alert"] p');
    const paths = Array.from(alert.parentElement!.querySelectorAll('li[data-path]')).map((li) => li.getAttribute('data-path'));
    expect(paths).toEqual(expect.arrayContaining(['scoring.levels.0.min', 'scoring.levels.1.min', 'scoring.graduateAt', 'criteria.0.met']));
    getByText(form, /Aturan "terpenuhi" tidak cocok dengan jenis jawaban/);
    // The form cannot show a broken document either.
    await click(getByText(form, 'Formulir', 'button'));
    expect(form.querySelector('textarea.set-json')).not.toBeNull();
    expect(posts(state)).toHaveLength(0);

    const fixed = { ...doc, dimensions: ['pangan', 'aset'], criteria: doc.criteria.map((c: { code: string }) => ({ ...c, dimension: c.code === 'cash_savings' ? 'aset' : 'pangan' })) };
    await typeText(area, JSON.stringify(fixed));
    await submit(form);
    await findByText(container, /Versi 2 dari "brac-upg" disimpan \(revisi 2\)/, '[role="status"]');
    expect(posts(state)[0]!.args[0]).toEqual(fixed);
  });

  it('says what is wrong with the JSON in the UI’s language, with the line and column, never the browser’s own message', async () => {
    const state = adminState();
    const { container } = await setup(state);
    const form = await openEditor(container, 'brac-upg');
    await click(getByText(form, 'JSON', 'button'));
    const area = form.querySelector<HTMLTextAreaElement>('textarea.set-json')!;
    const alertText = () => form.querySelector('[role="alert"]')?.textContent ?? '';
    // Cut short (the engine says "Unexpected end of JSON input").
    await typeText(area, '{ "code": "brac-upg", ');
    await submit(form);
    await findByText(form, 'Bukan JSON yang valid: teks berhenti sebelum selesai (baris 1); periksa tanda kurung dan koma.', '[role="alert"] p');
    // A comma too many before a closing brace, on line 3.
    await typeText(area, '{\n  "code": "brac-upg",\n}');
    await submit(form);
    await findByText(form, 'Bukan JSON yang valid: ada yang salah di baris 3, kolom 1; periksa tanda kurung, koma dan tanda kutip.', '[role="alert"] p');
    expect(alertText()).not.toMatch(/Unexpected|JSON\.parse|position|token/i);
    // Going back to the form says the same.
    await click(getByText(form, 'Formulir', 'button'));
    expect(form.querySelector('textarea.set-json')).not.toBeNull();
    getByText(form, /^Bukan JSON yang valid: ada yang salah di baris 3, kolom 1/, '[role="alert"] p');
    expect(posts(state)).toHaveLength(0);
    cleanup();

    const en = await setup(adminState(), 'en');
    const item = setItem(en.container, 'brac-upg');
    await click(getByText(item, 'Make a new version', 'button'));
    const formEn = item.querySelector<HTMLFormElement>('form.set-editor')!;
    await click(getByText(formEn, 'JSON', 'button'));
    await typeText(formEn.querySelector('textarea.set-json')!, '[1, 2');
    await submit(formEn);
    await findByText(formEn, 'Not valid JSON: the text stops before it is complete (line 1); check the brackets and commas.', '[role="alert"] p');
  });

  it('names the parts of a refused JSON definition as the form does: "Kriteria 3 · bobot", not "criteria.2.weight"', async () => {
    const state = adminState();
    const { container } = await setup(state);
    const form = await openEditor(container, 'brac-upg');
    await click(getByText(form, 'JSON', 'button'));
    const area = form.querySelector<HTMLTextAreaElement>('textarea.set-json')!;
    const doc = JSON.parse(area.value);
    doc.criteria[2].weight = -1;
    doc.criteria[0].label.id = '';
    await typeText(area, JSON.stringify(doc, null, 2));
    await submit(form);
    await findByText(form, 'Perbaiki dulu sebelum menyimpan:', '[role="alert"] p');
    const item = (path: string) => form.querySelector(`li[data-path="${path}"]`)?.textContent;
    expect(item('criteria.2.weight')).toBe('Kriteria 3 · bobot: Bobot harus angka lebih dari 0, mis. 1 atau 2,5.');
    expect(item('criteria.0.label.id')).toBe('Kriteria 1 · label (Bahasa Indonesia): Wajib diisi.');
    expect(posts(state)).toHaveLength(0);
  });

  it('goes from JSON back to the form with what was written there, in English on request', async () => {
    const { container } = await setup(adminState(), 'en');
    const item = setItem(container, 'brac-upg');
    await click(getByText(item, 'Make a new version', 'button'));
    const form = item.querySelector<HTMLFormElement>('form.set-editor')!;
    await click(getByText(form, 'JSON', 'button'));
    const area = form.querySelector<HTMLTextAreaElement>('textarea.set-json')!;
    const doc = JSON.parse(area.value);
    doc.name.en = 'BRAC graduation, Depok edition';
    doc.version = '1.1';
    await typeText(area, JSON.stringify(doc));
    await click(getByText(form, 'Form', 'button'));
    expect((byLabel(form, 'Name (English)') as HTMLInputElement).value).toBe('BRAC graduation, Depok edition');
    expect((byLabel(form, 'Version label') as HTMLInputElement).value).toBe('1.1');
    expect(form.querySelectorAll('fieldset.criterion-edit')).toHaveLength(3);
  });

  it('says when the sets cannot be loaded', async () => {
    const state = adminState({ errors: { listCriteriaSetVersions: new ApiError(500, 'internal', 'Terjadi kesalahan pada server.') } });
    const data = new FakeData({ user: adminUser });
    Object.assign(data, fakeAdminData(state));
    const { container } = await renderApp({ data, path: '/admin?bagian=kriteria' });
    await findByText(container, 'Terjadi kesalahan pada server.', '[role="alert"] p');
    getByText(container, 'Coba lagi', 'button');
  });
});

describe('other stored versions say which version replaced them', () => {
  /** pkh-default with three versions: 0.1 replaced, 0.2 switched off, 0.3 in force (as `?all=true` says it). */
  function threeVersions(supersededLabel = '0.3'): AdminState {
    const state = adminState();
    const pkh = latestPkh(state);
    state.criteriaSets = state.criteriaSets.map((s) =>
      s.code !== 'pkh-default'
        ? { ...s, status: 'in_force' as const, supersededBy: null }
        : s.revision === 1
          ? { ...s, active: false, status: 'superseded' as const, supersededBy: { version: supersededLabel, revision: 3 } }
          : { ...s, active: false, status: 'switched_off' as const, supersededBy: null },
    );
    state.criteriaSets.push({ ...pkh, version: supersededLabel, revision: 3, active: true, status: 'in_force', supersededBy: null, createdAt: '2026-07-20T03:00:00.000Z' });
    return state;
  }

  async function versionLines(container: HTMLElement, openLabel: string): Promise<Record<string, string>> {
    const pkh = setItem(container, 'pkh-default');
    await click(getByText(pkh, openLabel, 'button'));
    await waitFor(() => expect(pkh.querySelectorAll('li.version')).toHaveLength(2));
    return Object.fromEntries(Array.from(pkh.querySelectorAll<HTMLElement>('li.version')).map((li) => [li.dataset.revision!, (li.querySelector('summary')?.textContent ?? '').replace(/\s+/g, ' ').trim()]));
  }

  it('names the version in force beside a replaced one, and says a switched-off one is switched off', async () => {
    const { container } = await setup(threeVersions());
    expect(setItem(container, 'pkh-default').querySelector('.set-version')?.textContent).toBe('0.3');
    const lines = await versionLines(container, 'Lihat rincian');
    expect(lines['1']).toMatch(/^Versi 0\.1 · revisi 1 · Bawaan · .+ · diganti versi 0\.3$/);
    expect(lines['2']).toMatch(/^Versi 0\.2 · revisi 2 · Dibuat admin · .+ · dimatikan, tidak dipakai untuk penilaian baru$/);
  });

  it('says it in English, and does not repeat “versi” for a label stored as words', async () => {
    const en = await setup(threeVersions(), 'en');
    const lines = await versionLines(en.container, 'Show details');
    expect(lines['1']).toMatch(/ · replaced by version 0\.3$/);
    expect(lines['2']).toMatch(/ · switched off, not used for new assessments$/);
    cleanup();

    const { container } = await setup(threeVersions('versi tiga'));
    expect((await versionLines(container, 'Lihat rincian'))['1']).toMatch(/ · diganti versi tiga$/);
  });

  it('adds nothing for a server that does not say where a version stands', async () => {
    // The fake's stored versions carry no status: the line ends at its date, as before.
    const { container } = await setup();
    const pkh = setItem(container, 'pkh-default');
    await click(getByText(pkh, 'Lihat rincian', 'button'));
    const li = await waitFor(() => {
      const found = pkh.querySelector<HTMLElement>('li.version');
      if (!found) throw new Error('older versions not loaded');
      return found;
    });
    expect(li.querySelector('.version-status')).toBeNull();
    expect(li.querySelector('summary')?.textContent).toMatch(/^Versi 0\.1 · revisi 1 · Bawaan · [^·]+$/);
  });
});
