import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { attachmentsStateOf } from '../../test/fake-attachments';
import { demoUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, jpegFile, pickFiles, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { assessment, graduationData, korcamUser, typeText } from './test-support';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const movesOf = (c: HTMLElement) => Array.from(c.querySelectorAll('.grad-moves button')).map((b) => norm(b.textContent));
const stateOf = (c: HTMLElement) => norm(c.querySelector('.grad-state')?.textContent);
const formOf = (c: HTMLElement) => c.querySelector<HTMLFormElement>('form.grad-form')!;

describe("a family's graduation page (/keluarga/:id/graduasi)", () => {
  it('takes a pendamping from no case to proposed, offering exactly the moves the server allows, with 422 and 409 shown', async () => {
    const { data, state } = graduationData({
      state: {
        triggers: { 'fam-0001': [{ type: 'sejahtera_mandiri', reasonCode: 'graduation.trigger.decile', reason: 'Desil keluarga 6: di atas batas PKH.', dueDate: null }] },
        assessments: {
          'fam-0001': [assessment({ id: 'asm-old', date: '2026-01-10', score: 0.4 }), assessment({ id: 'asm-new', date: '2026-07-01', score: 0.8, ready: true, resultLabel: 'Keluarga siap graduasi.' })],
        },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await findByText(container, 'Graduasi Budi Santoso', 'h1');
    expect(getByText(container, 'Kembali ke keluarga', 'a').getAttribute('href')).toBe('/keluarga/fam-0001');
    expect(stateOf(container)).toBe('Belum ada kasus graduasi');
    getByText(container, 'Desil keluarga 6: di atas batas PKH.');
    getByText(container, 'Belum ada langkah graduasi.');
    // No case yet: no letter to print.
    expect(container.querySelector('a.grad-letter')).toBeNull();
    expect(movesOf(container)).toEqual(['Jadikan kandidat']);

    // Candidate: the type defaults to what Titian found.
    await click(getByText(container, 'Jadikan kandidat', 'button'));
    expect((byLabel(formOf(container), 'Jenis graduasi') as HTMLSelectElement).value).toBe('sejahtera_mandiri');
    await typeText(byLabel(formOf(container), 'Catatan (opsional)'), 'Usaha warung berjalan');
    await submit(formOf(container));
    await waitFor(() => expect(stateOf(container)).toBe('Kandidat'));
    expect(state.calls.find((c) => c.method === 'moveGraduation')?.args).toEqual(['fam-0001', { to: 'candidate', type: 'sejahtera_mandiri', note: 'Usaha warung berjalan' }]);
    getByText(container, 'Tersimpan: Kandidat.');
    expect(movesOf(container)).toEqual(['Tandai sudah diases']);
    expect(container.querySelector('a.grad-letter')?.getAttribute('href')).toBe('/api/v1/families/fam-0001/graduation/letter.pdf');

    // Assessed: the newest assessment is proposed; the case version goes with the move.
    await click(getByText(container, 'Tandai sudah diases', 'button'));
    const select = byLabel(formOf(container), 'Asesmen yang dilampirkan') as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('asm-new'));
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['1 Juli 2026 · versi 0.1 · skor 80% · Keluarga siap graduasi.', '10 Januari 2026 · versi 0.1 · skor 40% · Keluarga belum siap graduasi.']);
    await submit(formOf(container));
    await waitFor(() => expect(stateOf(container)).toBe('Sudah diases'));
    expect(state.calls.filter((c) => c.method === 'moveGraduation').at(-1)?.args).toEqual(['fam-0001', { to: 'assessed', expectedVersion: 1, caseId: 'case-fam-0001', evidence: { assessmentId: 'asm-new' } }]);
    // Re-assessing is offered as what it is (a newer assessment), after the way forward and as a secondary button.
    expect(movesOf(container)).toEqual(['Catat surat pernyataan', 'Ganti dengan asesmen yang lebih baru']);
    expect(getByText(container, 'Ganti dengan asesmen yang lebih baru', 'button').className).toContain('button-secondary');

    // Statement signed: the date is needed (checked here), a future date is refused by the server (422 on the field).
    await click(getByText(container, 'Catat surat pernyataan', 'button'));
    const moveCalls = state.calls.filter((c) => c.method === 'moveGraduation').length;
    await submit(formOf(container));
    await findByText(formOf(container), 'Isi tanggal penandatanganan.');
    expect(state.calls.filter((c) => c.method === 'moveGraduation')).toHaveLength(moveCalls);
    const signed = byLabel(formOf(container), 'Tanggal surat pernyataan ditandatangani');
    await type(signed, '2026-08-01');
    await submit(formOf(container));
    await findByText(formOf(container), 'Ditolak: graduation.evidence.date_in_future');
    expect(signed.getAttribute('aria-invalid')).toBe('true');
    await type(signed, '2026-07-14');
    await submit(formOf(container));
    await waitFor(() => expect(stateOf(container)).toBe('Surat pernyataan ditandatangani'));
    getByText(container, 'Surat pernyataan ditandatangani 14 Juli 2026');

    // Proposed: someone else moved the case first (409), said plainly; then it goes through.
    state.errors.moveGraduation = new ApiError(409, 'graduation.transition.stale', 'Kasus ini baru saja diubah orang lain.');
    await click(getByText(container, 'Usulkan graduasi', 'button'));
    await submit(formOf(container));
    await findByText(container, 'Kasus ini baru saja diubah orang lain. Data terbaru sudah dimuat; periksa lalu ulangi.');
    delete state.errors.moveGraduation;
    await submit(formOf(container));
    await waitFor(() => expect(stateOf(container)).toBe('Diusulkan'));
    // Said saved, with what happens next; a pendamping cannot decide: nothing to do now.
    expect(norm(container.querySelector('.grad-moves-done, [role="status"].alert-info')?.textContent)).toBe('Tersimpan: Diusulkan. Kasus ini sekarang menunggu keputusan koordinator.');
    getByText(container, 'Tidak ada langkah yang dapat Anda ambil sekarang.');

    // The history, newest first, with who and the evidence.
    const history = Array.from(container.querySelectorAll('li.grad-history-entry'));
    expect(history.map((h) => h.getAttribute('data-to'))).toEqual(['proposed', 'statement_signed', 'assessed', 'candidate']);
    expect(norm(history[0]!.textContent)).toContain('Surat pernyataan ditandatangani → Diusulkan');
    expect(norm(history[1]!.textContent)).toContain('Ditandatangani 14 Juli 2026');
    expect(norm(history[2]!.textContent)).toContain('Asesmen terlampir');
    expect(norm(history[3]!.textContent)).toContain('Kasus dibuka: Kandidat');
    expect(norm(history[3]!.textContent)).toContain('oleh Siti Rahmawati (pendamping)');
    expect(norm(history[3]!.textContent)).toContain('“Usaha warung berjalan”');

    // The trajectory of the two assessments.
    expect(container.querySelectorAll('.grad-chart circle')).toHaveLength(2);
    expect(getByText(container, 'Asesmen kesiapan baru', 'a').getAttribute('href')).toBe('/keluarga/fam-0001/graduasi/asesmen');
  });

  it('lets a koordinator approve or reject (a reason is required) and exit, explaining the default date; follow-ups follow', async () => {
    const { data, state } = graduationData({
      user: korcamUser,
      state: {
        cases: {
          'fam-0002': {
            case: { state: 'proposed', type: 'sejahtera_mandiri', version: 4 },
            history: [
              { from: 'assessed', to: 'statement_signed', type: 'sejahtera_mandiri', by: 'pendamping01', role: 'pendamping', at: '2026-07-09T02:00:00.000Z', note: null, evidence: { statementSignedAt: '2026-07-08', documentId: 'doc-signed' } },
              { from: 'statement_signed', to: 'proposed', type: 'sejahtera_mandiri', by: 'pendamping01', role: 'pendamping', at: '2026-07-10T02:00:00.000Z', note: null, evidence: null },
            ],
            followups: [],
          },
        },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi' });
    await waitFor(() => expect(stateOf(container)).toBe('Diusulkan'));
    expect(movesOf(container)).toEqual(['Setujui', 'Tolak']);
    // The scan of the signed statement opens from the history, for the coordinator deciding.
    expect(getByText(container, 'Lihat foto surat pernyataan', 'a').getAttribute('href')).toBe('/api/v1/attachments/doc-signed');

    // Rejecting needs a reason.
    await click(getByText(container, 'Tolak', 'button'));
    const form = formOf(container);
    expect(form.getAttribute('aria-label')).toBe('Tolak');
    // The button says what pressing it does.
    expect(form.querySelector('button[type=submit]')?.textContent).toBe('Tolak usulan');
    await submit(form);
    await findByText(form, 'Tuliskan alasan penolakan.');
    expect(byLabel(form, 'Alasan penolakan (wajib)').getAttribute('aria-invalid')).toBe('true');
    expect(state.calls.some((c) => c.method === 'moveGraduation')).toBe(false);
    await click(getByText(form, 'Batal', 'button'));
    expect(container.querySelector('form.grad-form')).toBeNull();

    await click(getByText(container, 'Setujui', 'button'));
    await submit(formOf(container));
    await waitFor(() => expect(stateOf(container)).toBe('Disetujui'));
    expect(state.calls.find((c) => c.method === 'moveGraduation')?.args).toEqual(['fam-0002', { to: 'approved', expectedVersion: 4, caseId: 'case-fam-0002' }]);
    expect(movesOf(container)).toEqual(['Keluarkan dari PKH']);

    await click(getByText(container, 'Keluarkan dari PKH', 'button'));
    expect(norm(formOf(container).querySelector('.hint')?.textContent)).toMatch(/^Kosongkan untuk akhir tahap berjalan \(\d{1,2} \w+ \d{4}\)\. Status keluarga menjadi graduasi pada tanggal itu\.$/);
    await type(byLabel(formOf(container), 'Tanggal keluar berlaku'), '2026-07-15');
    await submit(formOf(container));
    await waitFor(() => expect(stateOf(container)).toBe('Keluar dari PKH'));
    expect(state.calls.filter((c) => c.method === 'moveGraduation').at(-1)?.args).toEqual(['fam-0002', { to: 'exited', expectedVersion: 5, caseId: 'case-fam-0002', evidence: { effectiveDate: '2026-07-15' } }]);
    getByText(container, 'Keluar dari PKH berlaku 15 Juli 2026');
    await waitFor(() => expect(container.querySelectorAll('li.grad-followup')).toHaveLength(3));
    expect(norm(container.querySelector('li.grad-followup h3')?.textContent)).toBe('3 bulan setelah keluar · jatuh tempo 15 Oktober 2026');
    // A 403 from the server (e.g. a role change meanwhile) is shown as the server says it.
    state.errors.moveGraduation = new ApiError(403, 'graduation.transition.role', 'Peran Anda tidak dapat melakukan langkah ini.');
    await click(getByText(container, 'Masukkan kembali ke PKH', 'button'));
    await submit(formOf(container));
    await findByText(container, 'Peran Anda tidak dapat melakukan langkah ini.');
  });

  it('lets a pendamping record a follow-up visit after exit', async () => {
    const { data, state } = graduationData({
      state: {
        cases: {
          'fam-0003': {
            case: { state: 'monitoring', type: 'sejahtera_mandiri', version: 8, exitEffectiveDate: '2026-03-31' },
            history: [],
            followups: [
              { id: 'fu-1', monthsAfter: 3, dueDate: '2026-06-30', doneOn: null, outcome: null, notes: null },
              { id: 'fu-2', monthsAfter: 6, dueDate: '2026-09-30', doneOn: null, outcome: null, notes: null },
              { id: 'fu-3', monthsAfter: 12, dueDate: '2999-03-31', doneOn: null, outcome: null, notes: null },
            ],
          },
        },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0003/graduasi' });
    await waitFor(() => expect(stateOf(container)).toBe('Pemantauan'));
    expect(movesOf(container)).toEqual(['Tutup kasus']);
    const [first, , later] = Array.from(container.querySelectorAll<HTMLElement>('li.grad-followup'));
    // Past due and not visited: said overdue, by how many days; one still to come is only "not visited yet".
    const days = Math.round((Date.parse(`${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date())}T00:00:00Z`) - Date.parse('2026-06-30T00:00:00Z')) / 86_400_000);
    expect(norm(first!.querySelector('.grad-followup-overdue')?.textContent)).toBe(`Belum dikunjungi, terlambat ${days} hari`);
    expect(later!.querySelector('.grad-followup-overdue')).toBeNull();
    expect(norm(later!.textContent)).toContain('Belum dikunjungi');
    await click(getByText(first!, 'Catat hasil kunjungan', 'button'));
    await type(byLabel(first!, 'Tanggal kunjungan'), '2026-07-01');
    await type(byLabel(first!, 'Keadaan keluarga'), 'at_risk');
    await typeText(byLabel(first!, 'Catatan kunjungan (opsional)'), 'Warung sepi');
    await submit(first!.querySelector('form')!);
    await waitFor(() => expect(norm(container.querySelector('li.grad-followup')?.textContent)).toContain('Dikunjungi 1 Juli 2026: Berisiko'));
    expect(state.calls.find((c) => c.method === 'recordGraduationFollowup')?.args).toEqual(['fam-0003', 'fu-1', { doneOn: '2026-07-01', outcome: 'at_risk', notes: 'Warung sepi' }]);
    expect(queryByText(container, 'Catat hasil kunjungan', 'button')).not.toBeNull(); // the second visit is still open
  });

  it('says the visits were called off for a family back in PKH', async () => {
    const { data } = graduationData({
      state: { cases: { 'fam-0003': { case: { state: 'reentered', type: 'sejahtera_mandiri', version: 9, exitEffectiveDate: '2026-03-31' }, history: [], followups: [] } } },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0003/graduasi' });
    await findByText(container, 'Kunjungan pemantauan yang belum dilakukan dibatalkan: keluarga masuk kembali ke PKH.');
    expect(queryByText(container, 'Kunjungan pemantauan dijadwalkan setelah keluarga keluar dari PKH.')).toBeNull();
  });

  it('says a family out of scope is not found', async () => {
    const { data, state } = graduationData();
    state.errors.familyGraduation = new ApiError(404, 'not_found', 'Tidak ditemukan');
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await findByText(container, 'Keluarga tidak ditemukan', 'h1');
    // As the family page says it, not the server's bare "Tidak ditemukan".
    getByText(container, 'Keluarga ini tidak ada atau tidak termasuk wilayah dampingan Anda.');
    expect(queryByText(container, 'Tidak ditemukan')).toBeNull();
  });

  it('uploads the scan of the signed statement as a family document and sends its id with the move', async () => {
    const { data, state } = graduationData({
      state: { cases: { 'fam-0001': { case: { state: 'assessed', type: 'sejahtera_mandiri', approvedAt: null, version: 2 }, history: [], followups: [] } } },
    });
    const uploads = attachmentsStateOf(data);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await click(await findByText(container, 'Catat surat pernyataan', 'button'));
    await type(byLabel(formOf(container), 'Tanggal surat pernyataan ditandatangani'), '2026-07-14');
    await pickFiles(formOf(container).querySelector<HTMLInputElement>('input[data-testid="photo-gallery"]')!, [jpegFile('surat.jpg', 4000)]);
    await waitFor(() => expect(formOf(container).querySelectorAll('.photo-card')).toHaveLength(1));
    await submit(formOf(container));
    await waitFor(() => expect(stateOf(container)).toBe('Surat pernyataan ditandatangani'));
    expect(uploads.uploads).toEqual([{ ownerKind: 'family_document', ownerId: 'fam-0001', type: 'image/jpeg', size: 4000, caption: 'Surat pernyataan graduasi bertanda tangan' }]);
    const sent = state.calls.filter((c) => c.method === 'moveGraduation').at(-1)!.args[1] as { evidence: { statementSignedAt: string; documentId: string } };
    expect(sent.evidence.statementSignedAt).toBe('2026-07-14');
    expect(sent.evidence.documentId).toBeTruthy();
  });

  it('a forced (paksa) proposal needs the kelurahan letter: refused here without it, sent with its id', async () => {
    const { data, state } = graduationData({
      state: { cases: { 'fam-0001': { case: { state: 'assessed', type: 'paksa', approvedAt: null, version: 3 }, history: [], followups: [] } } },
    });
    const uploads = attachmentsStateOf(data);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await click(await findByText(container, 'Usulkan graduasi', 'button'));
    await submit(formOf(container));
    await findByText(formOf(container), 'Lampirkan surat dari kelurahan.');
    expect(state.calls.filter((c) => c.method === 'moveGraduation')).toHaveLength(0);
    await pickFiles(formOf(container).querySelector<HTMLInputElement>('input[data-testid="photo-camera"]')!, [jpegFile('surat-kelurahan.jpg')]);
    await waitFor(() => expect(formOf(container).querySelectorAll('.photo-card')).toHaveLength(1));
    await submit(formOf(container));
    await waitFor(() => expect(stateOf(container)).toBe('Diusulkan'));
    expect(uploads.uploads[0]).toMatchObject({ ownerKind: 'family_document', ownerId: 'fam-0001' });
    const sent = state.calls.filter((c) => c.method === 'moveGraduation').at(-1)!.args[1] as { evidence: { kelurahanLetterDocumentId: string } };
    expect(sent.evidence.kelurahanLetterDocumentId).toBeTruthy();
  });
  it('tells a koordinator approving why the newest assessment says "not ready", mandatory criteria first', async () => {
    const notReady = assessment({
      id: 'asm-82',
      date: '2026-07-01',
      score: 0.82,
      mandatoryNotMet: ['anak_bersekolah'],
      failing: ['anak_bersekolah', 'tabungan'],
      missing: ['rumah_layak'],
      criteria: [
        { code: 'anak_bersekolah', label: 'Semua anak usia sekolah bersekolah', status: 'not_met', mandatory: true, weight: 2 },
        { code: 'tabungan', label: 'Memiliki tabungan', status: 'not_met', mandatory: false, weight: 1 },
        { code: 'rumah_layak', label: 'Rumah layak huni', status: 'missing', mandatory: false, weight: 1 },
      ],
    });
    const { data } = graduationData({
      user: korcamUser,
      state: {
        assessments: { 'fam-0002': [notReady] },
        cases: { 'fam-0002': { case: { state: 'proposed', type: 'sejahtera_mandiri', version: 4 }, history: [], followups: [] } },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi' });
    await waitFor(() => expect(stateOf(container)).toBe('Diusulkan'));
    // In the list of assessments.
    const item = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('li.grad-assessment');
      if (!li) throw new Error('no assessment listed yet');
      return li;
    });
    expect(Array.from(item.querySelectorAll('.grad-reasons li')).map((li) => norm(li.textContent))).toEqual([
      'Kriteria wajib belum terpenuhi: Semua anak usia sekolah bersekolah.',
      'Belum terpenuhi: Memiliki tabungan.',
      'Belum dijawab: Rumah layak huni.',
    ]);
    // And on the approval itself, before deciding.
    await click(getByText(container, 'Setujui', 'button'));
    const form = formOf(container);
    const warning = await waitFor(() => {
      const w = form.querySelector<HTMLElement>('.grad-not-ready');
      if (!w) throw new Error('no warning yet');
      return w;
    });
    expect(norm(warning.querySelector('p')?.textContent)).toBe('Asesmen terakhir (1 Juli 2026): skor 82%, Keluarga belum siap graduasi. Periksa alasannya sebelum memutuskan.');
    getByText(warning, 'Kriteria wajib belum terpenuhi: Semua anak usia sekolah bersekolah.');
    // A ready newest assessment raises nothing.
    cleanup();
    const ready = graduationData({
      user: korcamUser,
      state: {
        assessments: { 'fam-0002': [notReady, assessment({ id: 'asm-ok', date: '2026-07-05', score: 0.9, ready: true, result: 'ready', resultLabel: 'Keluarga siap graduasi.' })] },
        cases: { 'fam-0002': { case: { state: 'proposed', type: 'sejahtera_mandiri', version: 4 }, history: [], followups: [] } },
      },
    });
    const again = await renderApp({ data: ready.data, path: '/keluarga/fam-0002/graduasi' });
    await waitFor(() => expect(stateOf(again.container)).toBe('Diusulkan'));
    await waitFor(() => expect(again.container.querySelectorAll('li.grad-assessment')).toHaveLength(2));
    await click(getByText(again.container, 'Setujui', 'button'));
    expect(formOf(again.container).querySelector('.grad-not-ready')).toBeNull();
  });

  it('lists the stored assessments, newest first, with the assessor and the photos taken with each', async () => {
    const { data } = graduationData({
      state: {
        assessments: {
          'fam-0001': [assessment({ id: 'asm-old', date: '2026-01-10', score: 0.4 }), assessment({ id: 'asm-new', date: '2026-07-01', score: 0.8, ready: true, resultLabel: 'Keluarga siap graduasi.', assessor: 'korcam.cimanggis' })],
        },
      },
    });
    const photos = attachmentsStateOf(data);
    const photo = (id: string, ownerId: string, caption: string | null) => ({
      id,
      ownerKind: 'assessment' as const,
      ownerId,
      mime: 'image/jpeg',
      bytes: 2048,
      sha256: '0'.repeat(64),
      caption,
      createdAt: '2026-07-01T03:00:00.000Z',
      createdBy: 'korcam.cimanggis',
      url: `/api/v1/attachments/${id}`,
    });
    photos.items.push(photo('att-1', 'asm-new', 'Warung keluarga'), photo('att-2', 'asm-new', null));
    // A photo of an activity with the same id is not an assessment's.
    photos.items.push({ ...photo('att-3', 'asm-old', 'Kunjungan'), ownerKind: 'activity' });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await findByText(container, 'Asesmen tersimpan', 'h3');
    const items = Array.from(container.querySelectorAll<HTMLElement>('li.grad-assessment'));
    expect(items.map((li) => li.getAttribute('data-assessment-id'))).toEqual(['asm-new', 'asm-old']);
    expect(norm(items[0]!.querySelector('p')?.textContent)).toBe('1 Juli 2026 · Kriteria, versi 0.1 · skor 80% · Keluarga siap graduasi.');
    getByText(items[0]!, 'Diases oleh korcam.cimanggis');
    await waitFor(() => expect(items[0]!.querySelectorAll('img.photo-thumb')).toHaveLength(2));
    const imgs = Array.from(items[0]!.querySelectorAll('img.photo-thumb'));
    expect(imgs.map((i) => [i.getAttribute('src'), i.getAttribute('alt')])).toEqual([
      ['/api/v1/attachments/att-1', 'Warung keluarga'],
      ['/api/v1/attachments/att-2', 'Foto 2'],
    ]);
    expect(items[0]!.querySelector('a')?.getAttribute('href')).toBe('/api/v1/attachments/att-1');
    expect(items[1]!.querySelectorAll('img.photo-thumb')).toHaveLength(0);
  });

  it('shows a researcher the assessments without their photos', async () => {
    const { data } = graduationData({ user: { ...demoUser, username: 'peneliti', role: 'peneliti' }, state: { assessments: { 'fam-0001': [assessment({ id: 'asm-1' })] } } });
    const photos = attachmentsStateOf(data);
    photos.items.push({ id: 'att-1', ownerKind: 'assessment', ownerId: 'asm-1', mime: 'image/jpeg', bytes: 1, sha256: '0'.repeat(64), caption: 'Rumah', createdAt: '2026-07-01T03:00:00.000Z', createdBy: 'pendamping01', url: '/api/v1/attachments/att-1' });
    let listed = 0;
    const list = data.listAttachments.bind(data);
    data.listAttachments = (kind, id) => {
      listed++;
      return list(kind, id);
    };
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await findByText(container, 'Asesmen tersimpan', 'h3');
    expect(container.querySelectorAll('li.grad-assessment')).toHaveLength(1);
    // Nothing asked, nothing shown; and no PENA form (read-only).
    await new Promise((r) => setTimeout(r, 50));
    expect(listed).toBe(0);
    expect(container.querySelector('.photo-thumbs')).toBeNull();
    expect(container.querySelector('form.grad-pena-form')).toBeNull();
  });

  it('offers a researcher neither the printed letter nor the scanned documents (the server refuses them); an auditor gets both', async () => {
    const history = [
      { from: 'assessed' as const, to: 'statement_signed' as const, type: 'sejahtera_mandiri' as const, by: 'pendamping01', role: 'pendamping', at: '2026-07-01T03:00:00.000Z', note: null, evidence: { statementSignedAt: '2026-07-01', documentId: 'att-9' } },
    ];
    const cases = () => ({ 'fam-0001': { case: { state: 'statement_signed' as const, type: 'sejahtera_mandiri' as const, approvedAt: null, version: 3 }, history: structuredClone(history), followups: [] } });
    const researcher = graduationData({ user: { ...demoUser, username: 'peneliti', role: 'peneliti' }, state: { cases: cases() } });
    const r = await renderApp({ data: researcher.data, path: '/keluarga/fam-0001/graduasi' });
    await waitFor(() => expect(r.container.querySelector('li.grad-history-entry')).not.toBeNull());
    expect(r.container.querySelector('a.grad-letter')).toBeNull();
    expect(queryByText(r.container, 'Cetak surat pernyataan (PDF)')).toBeNull();
    expect(r.container.querySelector('a.grad-document')).toBeNull();
    expect(r.container.querySelector('a[href*="letter.pdf"]')).toBeNull();
    r.unmount();

    const auditor = graduationData({ user: { ...demoUser, username: 'auditor', role: 'auditor' }, state: { cases: cases() } });
    const a = await renderApp({ data: auditor.data, path: '/keluarga/fam-0001/graduasi' });
    await waitFor(() => expect(a.container.querySelector('a.grad-letter')?.getAttribute('href')).toBe('/api/v1/families/fam-0001/graduation/letter.pdf'));
    expect(a.container.querySelector('a.grad-document')?.getAttribute('href')).toBe('/api/v1/attachments/att-9');
  });

  it('records a month of PENA income with thousands separators; the triggers are fetched again', async () => {
    const thisMonth = new Date().toISOString().slice(0, 7);
    const { data, state } = graduationData({ state: { today: new Date().toISOString().slice(0, 10), umk: 4_800_000 } });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await findByText(container, 'Pendapatan usaha PENA', 'h2');
    const form = container.querySelector<HTMLFormElement>('form.grad-pena-form')!;
    const month = byLabel(form, 'Bulan') as HTMLInputElement;
    const rupiah = byLabel(form, 'Pendapatan bulan itu (rupiah)') as HTMLInputElement;
    // Last month by default; this month at most.
    expect(month.value < thisMonth).toBe(true);
    expect(month.getAttribute('max')).toBe(thisMonth);

    // Checked here: nothing typed, a month in the future.
    await submit(form);
    await findByText(form, 'Isi pendapatan dalam rupiah (boleh 0).');
    expect(rupiah.getAttribute('aria-invalid')).toBe('true');
    // A minus is kept in sight and refused, not dropped.
    await type(rupiah, '-5000');
    expect(rupiah.value).toBe('-5.000');
    await submit(form);
    await findByText(form, 'Jumlah rupiah tidak boleh negatif.');
    expect(state.calls.some((c) => c.method === 'recordPenaIncome')).toBe(false);
    await type(month, '');
    await type(rupiah, '5000000');
    expect(rupiah.value).toBe('5.000.000');
    await submit(form);
    await findByText(form, 'Pilih bulan.');
    expect(month.getAttribute('aria-invalid')).toBe('true');
    expect(rupiah.getAttribute('aria-invalid')).toBeNull();
    expect(state.calls.some((c) => c.method === 'recordPenaIncome')).toBe(false);
    // The server's own "not in the future" (its clock ahead of this one's, say) is shown next to the month.
    const realToday = state.today;
    state.today = '2026-04-15';
    await type(month, '2026-05');
    await submit(form);
    await findByText(form, 'Tanggal tidak boleh di masa depan.');
    expect(month.getAttribute('aria-invalid')).toBe('true');
    state.today = realToday;

    // Three months at or above the UMK: saved one by one, then Titian finds PENA.
    getByText(container, 'Titian tidak menemukan alasan graduasi dari data keluarga ini.');
    const reads = () => state.calls.filter((c) => c.method === 'familyGraduation').length;
    for (const [m, amount, shown] of [['2026-03', '5.100.000', 'Maret 2026, Rp 5.100.000'], ['2026-04', '4800000', 'April 2026, Rp 4.800.000'], ['2026-05', 'Rp 6.000.000', 'Mei 2026, Rp 6.000.000']] as const) {
      const before = reads();
      await type(month, m);
      await type(rupiah, amount);
      await submit(form);
      await findByText(form, new RegExp(`^Tersimpan: ${shown.replace(/\./g, '\\.')}`));
      await waitFor(() => expect(reads()).toBeGreaterThan(before));
      expect(rupiah.value).toBe('');
    }
    expect(state.calls.filter((c) => c.method === 'recordPenaIncome').map((c) => c.args)).toEqual([
      ['fam-0001', { month: '2026-05', rupiah: 5_000_000 }], // refused above
      ['fam-0001', { month: '2026-03', rupiah: 5_100_000 }],
      ['fam-0001', { month: '2026-04', rupiah: 4_800_000 }],
      ['fam-0001', { month: '2026-05', rupiah: 6_000_000 }],
    ]);
    await findByText(container, 'Pendapatan usaha 3 bulan terakhir di atas UMK.');

    // The server's 422 is shown next to its field.
    state.errors.recordPenaIncome = new ApiError(422, 'validation', 'Data yang dikirim tidak valid.', { rupiah: 'Nilai terlalu besar.' });
    await type(rupiah, '1');
    await submit(form);
    await findByText(form, 'Nilai terlalu besar.');
    expect(rupiah.getAttribute('aria-invalid')).toBe('true');
    // Other failures are said as they are.
    state.errors.recordPenaIncome = new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.');
    await submit(form);
    await findByText(form, 'Anda tidak berwenang melakukan tindakan ini.');
  });

  it('offers no PENA form to an auditor', async () => {
    const { data } = graduationData({ user: { ...demoUser, username: 'auditor', role: 'auditor' } });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await findByText(container, 'Temuan Titian', 'h2');
    expect(container.querySelector('form.grad-pena-form')).toBeNull();
    expect(queryByText(container, 'Pendapatan usaha PENA')).toBeNull();
  });
});

describe("a family's graduation page, as tested on a phone", () => {
  /** The family's own data (invalidated by every move) answers slowly, as on a phone network. */
  function slowFamily(data: { getFamily: (id: string) => Promise<unknown> }) {
    const getFamily = data.getFamily.bind(data);
    let calls = 0;
    data.getFamily = async (id: string) => {
      if (calls++ > 0) await new Promise((r) => setTimeout(r, 400));
      return getFamily(id);
    };
  }

  it('confirms each move, even when the refreshed data comes back slowly, and closes the form', async () => {
    const { data } = graduationData({
      state: {
        triggers: { 'fam-0001': [{ type: 'sejahtera_mandiri', reasonCode: 'graduation.trigger.decile', reason: 'Desil keluarga 6.', dueDate: null }] },
        cases: { 'fam-0002': { case: { state: 'statement_signed', type: 'sejahtera_mandiri', version: 3, statementSignedAt: '2026-07-08' }, history: [], followups: [] } },
      },
    });
    slowFamily(data as never);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await click(await findByText(container, 'Jadikan kandidat', 'button'));
    await submit(formOf(container));
    await findByText(container, 'Tersimpan: Kandidat.');
    expect(container.querySelector('form.grad-form')).toBeNull();
    cleanup();

    const again = await renderApp({ data, path: '/keluarga/fam-0002/graduasi' });
    await click(await findByText(again.container, 'Usulkan graduasi', 'button'));
    expect(formOf(again.container).querySelector('button[type=submit]')?.textContent).toBe('Kirim usulan graduasi');
    await submit(formOf(again.container));
    const done = await findByText(again.container, 'Tersimpan: Diusulkan.');
    expect(norm(done.textContent)).toBe('Tersimpan: Diusulkan. Kasus ini sekarang menunggu keputusan koordinator.');
    expect(again.container.querySelector('form.grad-form')).toBeNull();
  });

  it('confirms a koordinator’s approval even when the refreshed data comes back slowly', async () => {
    const { data } = graduationData({
      user: korcamUser,
      state: { cases: { 'fam-0002': { case: { state: 'proposed', type: 'sejahtera_mandiri', version: 4 }, history: [], followups: [] } } },
    });
    slowFamily(data as never);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi' });
    await click(await findByText(container, 'Setujui', 'button'));
    expect(formOf(container).querySelector('button[type=submit]')?.textContent).toBe('Setujui usulan');
    await submit(formOf(container));
    await findByText(container, 'Tersimpan: Disetujui.');
    expect(container.querySelector('form.grad-form')).toBeNull();
    await waitFor(() => expect(movesOf(container)).toEqual(['Keluarkan dari PKH']));
  });

  it('sends one request for a double tap on “Setujui usulan”, the button disabled while it is sent', async () => {
    const { data, state } = graduationData({
      user: korcamUser,
      state: { cases: { 'fam-0002': { case: { state: 'proposed', type: 'sejahtera_mandiri', version: 4 }, history: [], followups: [] } } },
    });
    // The answer waits (a slow network) until released.
    let release!: () => void;
    const answered = new Promise<void>((r) => {
      release = r;
    });
    let sent = 0;
    const move = data.moveGraduation.bind(data);
    data.moveGraduation = async (...args: Parameters<typeof move>) => {
      sent++;
      await answered;
      return move(...args);
    };
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi' });
    await click(await findByText(container, 'Setujui', 'button'));
    const button = formOf(container).querySelector<HTMLButtonElement>('button[type=submit]')!;
    expect(button.textContent).toBe('Setujui usulan');
    // Two taps before React has re-rendered anything.
    await act(async () => {
      button.click();
      button.click();
    });
    await waitFor(() => expect(sent).toBe(1));
    // The request goes at once; the button follows when TanStack Query reports the move pending (its own setTimeout).
    await waitFor(() => expect(button.disabled).toBe(true));
    release();
    await findByText(container, 'Tersimpan: Disetujui.');
    expect(sent).toBe(1);
    expect(state.calls.filter((c) => c.method === 'moveGraduation')).toHaveLength(1);
  });

  it('limits the notes to what the server takes and shows its field errors (400 too) beside them', async () => {
    const { data, state } = graduationData({
      state: { cases: { 'fam-0002': { case: { state: 'statement_signed', type: 'sejahtera_mandiri', version: 3 }, history: [], followups: [] } } },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi' });
    await click(await findByText(container, 'Usulkan graduasi', 'button'));
    const note = byLabel(formOf(container), 'Catatan (opsional)');
    expect(note.getAttribute('maxlength')).toBe('2000');
    // The schema's refusal (400) goes beside the note, not as a general "nothing marked" message.
    state.errors.moveGraduation = new ApiError(400, 'validation', 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.', { note: 'Terlalu panjang.' });
    await typeText(note, 'x'.repeat(50));
    await submit(formOf(container));
    const error = await findByText(formOf(container), 'Terlalu panjang.');
    expect(error.className).toContain('field-error');
    expect(note.getAttribute('aria-invalid')).toBe('true');
    expect(note.getAttribute('aria-describedby')).toBe(error.id);
    expect(queryByText(container, 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.')).toBeNull();
  });

  it('limits the follow-up notes and shows a 400 on them beside the field', async () => {
    const { data, state } = graduationData({
      state: {
        cases: {
          'fam-0003': {
            case: { state: 'monitoring', type: 'sejahtera_mandiri', version: 8, exitEffectiveDate: '2026-03-31' },
            history: [],
            followups: [{ id: 'fu-1', monthsAfter: 3, dueDate: '2026-06-30', doneOn: null, outcome: null, notes: null }],
          },
        },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0003/graduasi' });
    const item = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('li.grad-followup');
      if (!li) throw new Error('no follow-up yet');
      return li;
    });
    await click(getByText(item, 'Catat hasil kunjungan', 'button'));
    const notes = byLabel(item, 'Catatan kunjungan (opsional)');
    expect(notes.getAttribute('maxlength')).toBe('2000');
    state.errors.recordGraduationFollowup = new ApiError(400, 'validation', 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.', { notes: 'Terlalu panjang.' });
    await typeText(notes, 'Warung sepi');
    await submit(item.querySelector('form')!);
    await findByText(item, 'Terlalu panjang.');
    expect(notes.getAttribute('aria-invalid')).toBe('true');
    expect(queryByText(container, 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.')).toBeNull();
  });

  it('checks the PENA amount against the server’s limit, written in rupiah, and shows the server’s 400 beside the field', async () => {
    const { data, state } = graduationData({ state: { today: new Date().toISOString().slice(0, 10) } });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await findByText(container, 'Pendapatan usaha PENA', 'h2');
    const form = container.querySelector<HTMLFormElement>('form.grad-pena-form')!;
    const rupiah = byLabel(form, 'Pendapatan bulan itu (rupiah)') as HTMLInputElement;
    await type(rupiah, '25000000000');
    await submit(form);
    const local = await findByText(form, /^Paling besar Rp/);
    expect(norm(local.textContent).replace(/\u00a0/g, ' ')).toBe('Paling besar Rp 10.000.000.000.');
    expect(rupiah.getAttribute('aria-invalid')).toBe('true');
    expect(state.calls.some((c) => c.method === 'recordPenaIncome')).toBe(false);

    // Should the server still refuse it (400 from its schema), its message goes beside the field.
    state.errors.recordPenaIncome = new ApiError(400, 'validation', 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.', { rupiah: 'Paling besar 10000000000.' });
    await type(rupiah, '10000000000');
    await submit(form);
    await findByText(form, 'Paling besar 10000000000.');
    expect(rupiah.getAttribute('aria-invalid')).toBe('true');
    expect(queryByText(form, 'Data yang dikirim tidak valid. Periksa kolom yang ditandai.')).toBeNull();
  });

  it('names people in the history by their display name, the username as its tooltip', async () => {
    const { data } = graduationData({
      user: korcamUser,
      state: {
        cases: {
          'fam-0002': {
            case: { state: 'approved', type: 'sejahtera_mandiri', version: 5, approvedAt: '2026-07-11' },
            history: [
              { from: 'statement_signed', to: 'proposed', type: 'sejahtera_mandiri', by: 'pendamping01', role: 'pendamping', at: '2026-07-10T02:00:00.000Z', note: null, evidence: null },
              { from: 'proposed', to: 'approved', type: 'sejahtera_mandiri', by: 'korcam.cimanggis', role: 'koordinator_kecamatan', at: '2026-07-11T02:00:00.000Z', note: null, evidence: null },
            ],
            followups: [],
          },
        },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi' });
    await waitFor(() => expect(stateOf(container)).toBe('Disetujui'));
    await waitFor(() => expect(norm(container.querySelector('li.grad-history-entry[data-to="proposed"]')?.textContent)).toContain('oleh Siti Rahmawati (pendamping)'));
    const entries = Array.from(container.querySelectorAll<HTMLElement>('li.grad-history-entry'));
    expect(norm(entries[0]!.textContent)).toContain('oleh Korcam Cimanggis (koordinator kecamatan)');
    expect(getByText(entries[0]!, 'Korcam Cimanggis', 'span').getAttribute('title')).toBe('korcam.cimanggis');
    expect(getByText(entries[1]!, 'Siti Rahmawati', 'span').getAttribute('title')).toBe('pendamping01');
  });

  it('says the statement is a photo, and offers to attach the photo of a statement saved without one', async () => {
    const { data } = graduationData({
      state: {
        cases: {
          'fam-0002': {
            case: { state: 'statement_signed', type: 'sejahtera_mandiri', version: 3, statementSignedAt: '2026-07-08' },
            history: [{ from: 'assessed', to: 'statement_signed', type: 'sejahtera_mandiri', by: 'pendamping01', role: 'pendamping', at: '2026-07-09T02:00:00.000Z', note: null, evidence: { statementSignedAt: '2026-07-08' } }],
            followups: [],
          },
        },
      },
    });
    const uploads = attachmentsStateOf(data);
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi' });
    const section = (await findByText(container, 'Foto surat pernyataan', 'h2')).closest('section')!;
    // The section reads the family's documents first ("Memuat…").
    await findByText(section, 'Surat pernyataan disimpan tanpa fotonya.');
    await pickFiles(section.querySelector<HTMLInputElement>('input[data-testid="photo-camera"]')!, [jpegFile('surat.jpg', 3000)]);
    await waitFor(() => expect(section.querySelectorAll('.photo-card')).toHaveLength(1));
    await click(getByText(section, 'Kirim foto surat pernyataan', 'button'));
    await findByText(section, 'Foto surat pernyataan tersimpan.');
    expect(uploads.uploads).toEqual([{ ownerKind: 'family_document', ownerId: 'fam-0002', type: 'image/jpeg', size: 3000, caption: 'Surat pernyataan graduasi bertanda tangan' }]);
    // Shown with the family's documents; not offered again.
    await waitFor(() => expect(section.querySelectorAll('img.photo-thumb')).toHaveLength(1));
    expect(queryByText(section, 'Kirim foto surat pernyataan', 'button')).toBeNull();
  });

  it('says in the statement step that a photo of the signed letter is taken', async () => {
    const { data } = graduationData({
      state: { cases: { 'fam-0001': { case: { state: 'assessed', type: 'sejahtera_mandiri', version: 2 }, history: [], followups: [] } } },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await click(await findByText(container, 'Catat surat pernyataan', 'button'));
    const scan = formOf(container).querySelector<HTMLElement>('.grad-scan')!;
    expect(norm(scan.textContent)).not.toMatch(/pindaian/i);
    getByText(scan, 'Foto surat pernyataan yang sudah ditandatangani (boleh menyusul: dapat dilampirkan nanti di halaman ini).');
  });
});
