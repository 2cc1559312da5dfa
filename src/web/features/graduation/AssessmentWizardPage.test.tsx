import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { attachmentsStateOf } from '../../test/fake-attachments';
import { demoUser, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, jpegFile, pickFiles, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { parseRupiah } from './AssessmentWizardPage';
import { graduationData } from './test-support';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const criterion = (c: HTMLElement, code: string) => c.querySelector<HTMLElement>(`fieldset[data-code="${code}"]`)!;
const choose = async (c: HTMLElement, code: string, label: string) => click(getByText(criterion(c, code), label, 'label').querySelector('input')!);
const stepTitle = (c: HTMLElement) => norm(c.querySelector('.wizard-step-title')?.textContent);
const next = (c: HTMLElement) => click(getByText(c, 'Berikutnya', 'button'));


/** Saves with no criterion answered by hand: the wizard asks once more, then saves. */
async function saveWithNothingAnswered(container: HTMLElement) {
  await click(getByText(container, 'Simpan asesmen', 'button'));
  getByText(container, /Belum ada kriteria yang Anda jawab/);
  await click(getByText(container, 'Tetap simpan asesmen', 'button'));
}

describe('the assessment wizard for roles that only read', () => {
  for (const [name, user] of [
    ['auditor', { ...demoUser, username: 'auditor', role: 'auditor' as const }],
    ['peneliti', penelitiUser],
  ] as const) {
    it(`tells a ${name} the role cannot record assessments, with the way back, and shows no form`, async () => {
      const { data } = graduationData({ user, state: { cases: { 'fam-0001': { case: { state: 'candidate', type: 'sejahtera_mandiri', version: 1 }, history: [], followups: [] } } } });
      const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
      await findByText(container, 'Peran Anda tidak dapat mencatat asesmen');
      expect(container.querySelector('form')).toBeNull();
      expect(container.querySelector('.page fieldset, .page input, .page select')).toBeNull();
      expect(queryByText(container, 'Berikutnya', 'button')).toBeNull();
      expect(getByText(container, '‹ Kembali ke graduasi', 'a').getAttribute('href')).toBe('/keluarga/fam-0001/graduasi');
    });
  }
});

describe('the assessment wizard (/keluarga/:id/graduasi/asesmen)', () => {
  it('asks one dimension a step with a control per answer type, previews the score and what would make the family ready, stores it and offers the assessed move', async () => {
    const { data, state } = graduationData({ state: { cases: { 'fam-0001': { case: { state: 'candidate', type: 'sejahtera_mandiri', version: 1 }, history: [], followups: [] } } } });
    const { container, router } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
    await findByText(container, 'Asesmen kesiapan graduasi', 'h1');
    expect((byLabel(container, 'Kumpulan kriteria') as HTMLSelectElement).value).toBe('pkh-default');
    getByText(container, 'Kriteria sementara: dapat berubah sesuai pedoman terbaru.');
    expect(stepTitle(container)).toBe('Langkah 1 dari 4: Ekonomi');
    expect(Array.from(container.querySelectorAll('fieldset legend')).map((l) => norm(l.textContent))).toEqual([
      'Pendapatan tetap 6 bulan terakhir',
      'Pendapatan per kapita per bulan',
      'Anggota yang bekerja',
      'Jenis pekerjaan kepala keluarga',
    ]);
    expect(norm(criterion(container, 'pendapatan_stabil').querySelector('.grad-badges')?.textContent)).toBe('Wajib');

    // Nothing answered yet: the preview scores the empty answers, with what Titian knows of the family (school attendance).
    await waitFor(() => expect(norm(container.querySelector('.wizard-score')?.textContent)).toBe('Skor 20% · Keluarga belum siap graduasi.'));
    getByText(container, 'Diisi Titian dari catatannya (bila tidak dijawab): Semua anak usia sekolah bersekolah.');

    // Yes/no; the evidence and a note appear once answered.
    await choose(container, 'pendapatan_stabil', 'Ya');
    const stable = criterion(container, 'pendapatan_stabil');
    expect((byLabel(stable, 'Diketahui dari') as HTMLSelectElement).value).toBe('observation');
    await type(byLabel(stable, 'Diketahui dari'), 'document');
    await type(byLabel(stable, 'Catatan (opsional)'), 'Slip gaji pabrik');
    // Rupiah with thousands separators.
    const rupiah = criterion(container, 'pendapatan_per_kapita').querySelector('input')!;
    await type(rupiah, '1500000');
    expect(rupiah.value).toBe('1.500.000');
    expect((byLabel(criterion(container, 'pendapatan_per_kapita'), 'Diketahui dari') as HTMLSelectElement).value).toBe('self_report');
    // A number: letters are refused here.
    const workers = criterion(container, 'jumlah_bekerja').querySelector('input')!;
    await type(workers, 'dua');
    getByText(criterion(container, 'jumlah_bekerja'), 'Isi angka.');
    expect(workers.getAttribute('aria-invalid')).toBe('true');
    await type(workers, '2');
    expect(criterion(container, 'jumlah_bekerja').querySelector('.field-error')).toBeNull();
    getByText(criterion(container, 'jumlah_bekerja'), 'orang');
    // A choice.
    await choose(container, 'jenis_pekerjaan', 'Tetap');

    // The live preview: 9 of 10 weight (school attendance from Titian's records): ready, as saving would say.
    await waitFor(() => expect(norm(container.querySelector('.wizard-score')?.textContent)).toBe('Skor 90% · Keluarga siap graduasi.'));
    expect(container.querySelector('.wizard-nearest')).toBeNull();
    getByText(container, '4 dari 6 kriteria dijawab');
    const lastPreview = state.calls.filter((c) => c.method === 'scoreReadiness').at(-1)?.args[0];
    expect(lastPreview).toEqual({
      criteriaSet: 'pkh-default',
      familyId: 'fam-0001',
      kabKotaCode: '32.76',
      answers: { pendapatan_stabil: true, pendapatan_per_kapita: 1500000, jumlah_bekerja: 2, jenis_pekerjaan: 'tetap' },
    });

    // A scale.
    await next(container);
    expect(stepTitle(container)).toBe('Langkah 2 dari 4: Tempat tinggal');
    expect(Array.from(criterion(container, 'rumah_layak').querySelectorAll('label')).map((l) => norm(l.textContent))).toEqual(['1', '2', '3']);
    getByText(container, '1 = paling rendah, 3 = paling baik');
    await choose(container, 'rumah_layak', '3');

    // A criterion Titian fills: marked, left to Titian unless answered.
    await next(container);
    expect(stepTitle(container)).toBe('Langkah 3 dari 4: Pendidikan');
    const school = criterion(container, 'anak_bersekolah');
    expect(norm(school.querySelector('.grad-badges')?.textContent)).toBe('Wajib Diisi Titian');
    expect(getByText(school, 'Biarkan Titian mengisi', 'label').querySelector('input')!.checked).toBe(true);

    await next(container);
    expect(stepTitle(container)).toBe('Langkah 4 dari 4: Periksa dan simpan');
    getByText(container.querySelector('.wizard-review')!, '5 dari 6 kriteria dijawab');
    expect(norm(container.querySelector('.wizard-review ul')?.textContent)).toBe('Semua anak usia sekolah bersekolah (Diisi Titian)');
    // What the saving will say: the preview already counts the criterion Titian fills.
    await waitFor(() => expect(norm(container.querySelector('.wizard-score')?.textContent)).toBe('Skor 100% · Keluarga siap graduasi.'));

    await click(getByText(container, 'Simpan asesmen', 'button'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/keluarga/fam-0001/graduasi'));
    const stored = state.calls.find((c) => c.method === 'createAssessment')?.args;
    expect(stored?.[0]).toBe('fam-0001');
    // Stored with how each answer is known, and the note.
    expect(stored?.[1]).toEqual({
      criteriaSet: 'pkh-default',
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      answers: {
        pendapatan_stabil: { value: true, evidence: 'document', note: 'Slip gaji pabrik' },
        pendapatan_per_kapita: { value: 1500000, evidence: 'self_report' },
        jumlah_bekerja: { value: 2, evidence: 'observation' },
        jenis_pekerjaan: { value: 'tetap', evidence: 'observation' },
        rumah_layak: { value: 3, evidence: 'observation' },
      },
    });
    expect(Object.keys((stored?.[1] as { answers: object }).answers)).not.toContain('anak_bersekolah');
    // Back on the graduation page: saved (Titian filled school attendance: ready), and the assessed move is open with it.
    await findByText(container, 'Asesmen tersimpan: Keluarga siap graduasi.');
    getByText(container, 'Lampirkan asesmen ini dengan langkah “Tandai sudah diases”.');
    const select = await waitFor(() => byLabel(container.querySelector('form.grad-form')!, 'Asesmen yang dilampirkan') as HTMLSelectElement);
    expect(select.value).toBe('asm-fam-0001-1');
    // Attached: the note says so, no longer asking to attach it.
    await submit(container.querySelector<HTMLFormElement>('form.grad-form')!);
    await findByText(container, 'Asesmen ini sudah dilampirkan pada kasus graduasi.');
    expect(queryByText(container, 'Lampirkan asesmen ini dengan langkah')).toBeNull();
  });

  it('takes the user to the step of an answer the server refused, with its message', async () => {
    const { data, state } = graduationData();
    state.errors.createAssessment = new ApiError(422, 'validation', 'Data tidak valid.', { 'answers.jumlah_bekerja': 'Jawaban harus berupa angka.' });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
    await findByText(container, 'Asesmen kesiapan graduasi', 'h1');
    await next(container);
    await next(container);
    await next(container);
    // Nothing answered by hand: asked once more, nothing sent until the second press.
    await click(getByText(container, 'Simpan asesmen', 'button'));
    getByText(container, /Belum ada kriteria yang Anda jawab/);
    expect(state.calls.filter((c) => c.method === 'createAssessment')).toHaveLength(0);
    await click(getByText(container, 'Tetap simpan asesmen', 'button'));
    await waitFor(() => expect(stepTitle(container)).toBe('Langkah 1 dari 4: Ekonomi'));
    getByText(criterion(container, 'jumlah_bekerja'), 'Jawaban harus berupa angka.');
    getByText(container, 'Ada jawaban yang perlu diperiksa.');
  });

  it('takes the user back to the date when the server refuses it (a date in the future), with its message beside the field', async () => {
    const { data, state } = graduationData();
    state.errors.createAssessment = new ApiError(422, 'validation', 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.', { date: 'Tanggal tidak boleh di masa depan.' });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
    await findByText(container, 'Asesmen kesiapan graduasi', 'h1');
    await choose(container, 'pendapatan_stabil', 'Ya');
    await next(container);
    await next(container);
    await next(container);
    expect(stepTitle(container)).toBe('Langkah 4 dari 4: Periksa dan simpan');
    await click(getByText(container, 'Simpan asesmen', 'button'));
    await waitFor(() => expect(stepTitle(container)).toBe('Langkah 1 dari 4: Ekonomi'));
    const date = byLabel(container, 'Tanggal asesmen');
    const error = getByText(container, 'Tanggal tidak boleh di masa depan.');
    expect(error.className).toContain('field-error');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(date.getAttribute('aria-describedby')).toBe(error.id);
    getByText(container, 'Ada jawaban yang perlu diperiksa.');
    expect(queryByText(container, 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.')).toBeNull();
    // A 400 (the schema's refusal) is read the same way.
    state.errors.createAssessment = new ApiError(400, 'validation', 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.', { date: 'Tanggal tidak valid.' });
    await next(container);
    await next(container);
    await next(container);
    await click(getByText(container, 'Simpan asesmen', 'button'));
    await waitFor(() => expect(stepTitle(container)).toBe('Langkah 1 dari 4: Ekonomi'));
    getByText(container, 'Tanggal tidak valid.');
    expect(queryByText(container, 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.')).toBeNull();
  });

  it('checks the date here: not after today, said beside the field, nothing sent', async () => {
    const { data, state } = graduationData();
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
    await findByText(container, 'Asesmen kesiapan graduasi', 'h1');
    await choose(container, 'pendapatan_stabil', 'Ya');
    const date = byLabel(container, 'Tanggal asesmen');
    await type(date, '2999-01-01');
    // Leaving the first step: said at once.
    await next(container);
    expect(stepTitle(container)).toBe('Langkah 1 dari 4: Ekonomi');
    getByText(container, 'Tanggal asesmen tidak boleh setelah hari ini.');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    // Fixed: on it goes; and saving checks it again.
    await type(date, '2026-01-10');
    expect(queryByText(container, 'Tanggal asesmen tidak boleh setelah hari ini.')).toBeNull();
    await next(container);
    await next(container);
    await next(container);
    await click(getByText(container, 'Simpan asesmen', 'button'));
    await waitFor(() => expect(state.calls.filter((c) => c.method === 'createAssessment')).toHaveLength(1));
    expect((state.calls.find((c) => c.method === 'createAssessment')!.args[1] as { date: string }).date).toBe('2026-01-10');
  });

  it('offers photos on the last step and uploads them to the stored assessment before going back to the graduation page', async () => {
    const { data, state } = graduationData();
    const uploads = attachmentsStateOf(data);
    const { container, router } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
    await findByText(container, 'Asesmen kesiapan graduasi', 'h1');
    // Not on the answer steps.
    expect(container.querySelector('.wizard-photos')).toBeNull();
    await choose(container, 'pendapatan_stabil', 'Ya');
    await next(container);
    await next(container);
    await next(container);
    expect(stepTitle(container)).toBe('Langkah 4 dari 4: Periksa dan simpan');
    const photos = container.querySelector<HTMLElement>('.wizard-photos')!;
    getByText(photos, 'Foto dokumentasi', 'legend');
    await pickFiles(photos.querySelector<HTMLInputElement>('input[data-testid="photo-gallery"]')!, [jpegFile('warung.jpg', 3000), jpegFile('rumah.jpg', 2500)]);
    await waitFor(() => expect(photos.querySelectorAll('.photo-card')).toHaveLength(2));
    await type(byLabel(photos, 'Keterangan foto 1'), 'Warung keluarga');
    // Going back a step and forward again keeps the chosen photos.
    await click(getByText(container, 'Sebelumnya', 'button'));
    expect(photos.hidden).toBe(true);
    await next(container);
    expect(photos.hidden).toBe(false);
    expect(photos.querySelectorAll('.photo-card')).toHaveLength(2);

    await click(getByText(container, 'Simpan asesmen', 'button'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/keluarga/fam-0001/graduasi'));
    const stored = state.assessments['fam-0001']![0]!;
    expect(uploads.uploads).toEqual([
      { ownerKind: 'assessment', ownerId: stored.id, type: 'image/jpeg', size: 3000, caption: 'Warung keluarga' },
      { ownerKind: 'assessment', ownerId: stored.id, type: 'image/jpeg', size: 2500, caption: '' },
    ]);
    // The assessment was stored before the first upload.
    expect(state.calls.filter((c) => c.method === 'createAssessment')).toHaveLength(1);
    await findByText(container, 'Asesmen tersimpan: Keluarga belum siap graduasi.');
  });

  it('says on the graduation page that photos taken offline wait on the phone with the assessment', async () => {
    const { data } = graduationData();
    const upload = data.uploadAttachment.bind(data);
    // As the offline data layer answers when the photo waits in the phone's store.
    data.uploadAttachment = async (u) => ({ ...(await upload(u)), pending: true }) as never;
    const { container, router } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
    await findByText(container, 'Asesmen kesiapan graduasi', 'h1');
    await next(container);
    await next(container);
    await next(container);
    const photos = container.querySelector<HTMLElement>('.wizard-photos')!;
    await pickFiles(photos.querySelector<HTMLInputElement>('input[data-testid="photo-camera"]')!, [jpegFile('bukti.jpg')]);
    await waitFor(() => expect(photos.querySelectorAll('.photo-card')).toHaveLength(1));
    await saveWithNothingAnswered(container);
    await waitFor(() => expect(router.state.location.pathname).toBe('/keluarga/fam-0001/graduasi'));
    await findByText(container, '1 foto disimpan di HP dan dikirim otomatis setelah data ini sampai di server.');
  });

  it('keeps the user on the wizard when a photo fails: sent again, then on to the graduation page (the assessment stored once)', async () => {
    const { data, state } = graduationData();
    const uploads = attachmentsStateOf(data);
    uploads.uploadErrors.push(new ApiError(413, 'attachment_too_large', 'Foto terlalu besar (maksimal 3 MB). Perkecil foto lalu kirim lagi.'));
    const { container, router } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
    await findByText(container, 'Asesmen kesiapan graduasi', 'h1');
    await next(container);
    await next(container);
    await next(container);
    const photos = container.querySelector<HTMLElement>('.wizard-photos')!;
    await pickFiles(photos.querySelector<HTMLInputElement>('input[data-testid="photo-camera"]')!, [jpegFile('bukti.jpg')]);
    await waitFor(() => expect(photos.querySelectorAll('.photo-card')).toHaveLength(1));
    await saveWithNothingAnswered(container);
    await findByText(photos, 'Gagal: Foto terlalu besar (maksimal 3 MB). Perkecil foto lalu kirim lagi.');
    expect(router.state.location.pathname).toBe('/keluarga/fam-0001/graduasi/asesmen');
    expect((getByText(container, 'Simpan asesmen', 'button') as HTMLButtonElement).disabled).toBe(true);
    expect((getByText(container, 'Sebelumnya', 'button') as HTMLButtonElement).disabled).toBe(true);
    await click(getByText(photos, 'Unggah ulang foto', 'button'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/keluarga/fam-0001/graduasi'));
    const stored = state.assessments['fam-0001']!;
    expect(stored).toHaveLength(1);
    expect(uploads.items.map((a) => [a.ownerKind, a.ownerId])).toEqual([['assessment', stored[0]!.id]]);
    expect(state.calls.filter((c) => c.method === 'createAssessment')).toHaveLength(1);
  });

  it('may discard a failed photo and go on without it', async () => {
    const { data } = graduationData();
    const uploads = attachmentsStateOf(data);
    uploads.uploadErrors.push(new ApiError(0, 'network', 'Tidak dapat terhubung ke server.'));
    const { container, router } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
    await findByText(container, 'Asesmen kesiapan graduasi', 'h1');
    await next(container);
    await next(container);
    await next(container);
    const photos = container.querySelector<HTMLElement>('.wizard-photos')!;
    await pickFiles(photos.querySelector<HTMLInputElement>('input[data-testid="photo-gallery"]')!, [jpegFile('bukti.jpg')]);
    await waitFor(() => expect(photos.querySelectorAll('.photo-card')).toHaveLength(1));
    await saveWithNothingAnswered(container);
    await click(await findByText(photos, 'Buang foto yang gagal', 'button'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/keluarga/fam-0001/graduasi'));
    expect(uploads.items).toEqual([]);
  });

  it('formats rupiah as it is typed, grouped as the language writes numbers', () => {
    expect(parseRupiah('', 'id')).toEqual({ value: undefined, display: '' });
    expect(parseRupiah('Rp 2.750.000', 'id')).toEqual({ value: 2750000, display: '2.750.000' });
    expect(parseRupiah('000950', 'id')).toEqual({ value: 950, display: '950' });
    expect(parseRupiah('abc', 'id')).toEqual({ value: undefined, display: '' });
    expect(parseRupiah('-5000', 'id')).toEqual({ value: undefined, display: '-5.000', negative: true });
    expect(parseRupiah('Rp -2.000', 'id')).toEqual({ value: undefined, display: '-2.000', negative: true });
    expect(parseRupiah('-', 'id')).toEqual({ value: undefined, display: '-' });
    // English groups with commas, and reads an amount typed either way.
    expect(parseRupiah('Rp 2,750,000', 'en')).toEqual({ value: 2750000, display: '2,750,000' });
    expect(parseRupiah('2.750.000', 'en')).toEqual({ value: 2750000, display: '2,750,000' });
    expect(parseRupiah('-5000', 'en')).toEqual({ value: undefined, display: '-5,000', negative: true });
  });
});
