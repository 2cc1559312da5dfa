import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { GraduationCandidate } from '../../data/graduation';
import { demoUser, kotaUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';
import { graduationData, korcamUser, typeText } from './test-support';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function candidates(n: number, over: Partial<GraduationCandidate> = {}): GraduationCandidate[] {
  return Array.from({ length: n }, (_, i) => ({
    familyId: `fam-${String(i + 1).padStart(4, '0')}`,
    type: 'alamiah' as const,
    reasonCode: 'graduation.trigger.no_component',
    reason: `Tidak ada lagi komponen yang memenuhi syarat (${i + 1}).`,
    timing: 'now',
    dueDate: null,
    headName: `Kepala ${i + 1}`,
    kelurahanCode: '32.76.02.1009',
    pendamping: 'pendamping01',
    caseState: null,
    ...over,
  }));
}

async function items(container: HTMLElement, selector: string, n: number) {
  return waitFor(() => {
    const li = container.querySelectorAll<HTMLElement>(selector);
    if (li.length !== n) throw new Error(`${li.length} listed, not ${n}`);
    return Array.from(li);
  });
}

describe('the graduation list (/graduasi)', () => {
  it('says how many families the candidacies concern when a family has more than one trigger', async () => {
    const one = candidates(3);
    const { data } = graduationData({ state: { candidates: [...one, { ...one[0]!, type: 'sejahtera_mandiri', reasonCode: 'graduation.trigger.decile', reason: 'Desil keluarga 6.' }] } });
    const { container } = await renderApp({ data, path: '/graduasi' });
    await items(container, 'li.grad-candidate', 4);
    expect(norm(container.querySelector('.grad-candidate-count')?.textContent)).toBe('4 pemicu pada 3 keluarga: keluarga dengan lebih dari satu pemicu tampil sekali per pemicu.');
  });

  it('lists the candidates with their reason, due date and case state, filtered by type and paged', async () => {
    const { data, state } = graduationData({
      state: {
        candidates: [
          ...candidates(22),
          { ...candidates(1)[0]!, familyId: 'fam-0100', type: 'sejahtera_mandiri', reasonCode: 'graduation.trigger.decile', reason: 'Desil keluarga 6: di atas batas PKH.', headName: 'Siti Aminah', caseState: 'proposed' },
          { ...candidates(1)[0]!, familyId: 'fam-0101', type: 'alamiah', reasonCode: 'graduation.trigger.component_ends', reason: 'Komponen terakhir berakhir.', timing: 'upcoming', dueDate: '2027-03-31', headName: 'Joko Susilo', caseState: 'approved', caseType: 'sejahtera_mandiri' },
        ],
      },
    });
    const { container } = await renderApp({ data, path: '/graduasi' });
    await findByText(container, 'Graduasi', 'h1');
    // A pendamping has no approval tab.
    expect(queryByText(container, 'Persetujuan', 'a')).toBeNull();
    expect(getByText(container, 'Kandidat', 'a').getAttribute('aria-current')).toBe('page');
    let list = await items(container, 'li.grad-candidate', 20);
    expect(state.calls.find((c) => c.method === 'listGraduationCandidates')?.args).toEqual([{ type: undefined, limit: 20, offset: 0 }]);
    expect(norm(list[0]!.textContent)).toContain('Kepala 1');
    expect(norm(list[0]!.textContent)).toContain('Tidak ada lagi komponen yang memenuhi syarat (1).');
    expect(norm(list[0]!.textContent)).toContain('Belum ada kasus graduasi');
    expect(getByText(list[0]!, 'Buka graduasi keluarga', 'a').getAttribute('href')).toBe('/keluarga/fam-0001/graduasi');
    expect(getByText(list[0]!, 'Buka graduasi keluarga', 'a').getAttribute('aria-label')).toBe('Buka graduasi keluarga Kepala 1');
    getByText(container, '1–20 dari 24');
    // Every family here has one trigger: no count of families is needed.
    expect(container.querySelector('.grad-candidate-count')).toBeNull();

    await click(getByText(container, 'Berikutnya', 'button'));
    list = await items(container, 'li.grad-candidate', 4);
    getByText(container, '21–24 dari 24');
    const upcoming = list.find((li) => li.dataset.familyId === 'fam-0101')!;
    expect(norm(upcoming.textContent)).toContain('Mulai berlaku 31 Maret 2027');
    // A natural trigger for a family whose case is on the sejahtera-mandiri path: the case's own type is named.
    expect(norm(upcoming.querySelector('.grad-badges')?.textContent)).toBe('Alamiah Kasus Sejahtera mandiri: Disetujui');

    // By type: the request names it and the page starts again.
    await type(byLabel(container, 'Jenis graduasi'), 'sejahtera_mandiri');
    list = await items(container, 'li.grad-candidate', 1);
    expect(state.calls.filter((c) => c.method === 'listGraduationCandidates').at(-1)?.args).toEqual([{ type: 'sejahtera_mandiri', limit: 20, offset: 0 }]);
    expect(norm(list[0]!.textContent)).toContain('Siti Aminah');
    expect(norm(list[0]!.querySelector('.grad-badges')?.textContent)).toBe('Sejahtera mandiri Diusulkan');
  });

  it('shows an error with a retry, and an empty list plainly', async () => {
    const { data, state } = graduationData();
    state.errors.listGraduationCandidates = new ApiError(0, 'network', 'Tidak dapat terhubung ke server.');
    const { container } = await renderApp({ data, path: '/graduasi' });
    await findByText(container, 'Tidak dapat terhubung ke server.');
    delete state.errors.listGraduationCandidates;
    await click(getByText(container, 'Coba lagi', 'button'));
    await findByText(container, 'Tidak ada kandidat untuk pilihan ini.');
  });

  it('gives a koordinator the approval queue of proposed cases, linking to each family', async () => {
    const { data, state } = graduationData({
      user: korcamUser,
      state: {
        names: { 'fam-0003': 'Rina Marlina', 'fam-0004': 'Agus Salim' },
        cases: {
          'fam-0003': { case: { state: 'proposed', type: 'sejahtera_mandiri', version: 4 }, history: [], followups: [] },
          'fam-0004': { case: { state: 'candidate', type: 'alamiah', version: 1 }, history: [], followups: [] },
        },
      },
    });
    const { container } = await renderApp({ data, path: '/graduasi' });
    await click(await findByText(container, 'Persetujuan', 'a'));
    const list = await items(container, 'li.grad-queue-item', 1);
    expect(state.calls.find((c) => c.method === 'listGraduationCases')?.args).toEqual([{ state: 'proposed', limit: 20, offset: 0 }]);
    expect(norm(list[0]!.textContent)).toContain('Rina Marlina');
    // The pendamping by name, once the region's users are read.
    await waitFor(() => expect(norm(list[0]!.textContent)).toContain('Pendamping: Siti Rahmawati'));
    const link = getByText(list[0]!, 'Tinjau dan putuskan', 'a');
    expect(link.getAttribute('href')).toBe('/keluarga/fam-0003/graduasi');
    expect(link.getAttribute('aria-label')).toBe('Tinjau dan putuskan usulan Rina Marlina');
  });

  it('shows the pipeline per pendamping with the target; a koordinator changes a target, a 422 shows on the field', async () => {
    const { data, state } = graduationData({
      user: korcamUser,
      state: {
        pipeline: {
          year: 2026,
          by: 'pendamping',
          items: [
            { key: 'pendamping01', states: { candidate: 3, proposed: 1, closed: 2 }, total: 6, target: 10, graduatedSejahteraMandiri: 2 },
            { key: 'pendamping02', states: { assessed: 1 }, total: 1, target: 10, graduatedSejahteraMandiri: 0 },
          ],
        },
      },
    });
    const { container } = await renderApp({ data, path: '/graduasi?bagian=capaian' });
    const rows = await items(container, 'li.grad-pipeline-row', 2);
    expect(norm(rows[0]!.querySelector('.grad-states')?.textContent)).toBe('Kandidat: 3Diusulkan: 1Selesai: 2');
    expect(norm(rows[0]!.textContent)).toContain(`Graduasi sejahtera mandiri ${new Date().getFullYear()}: 2 dari target 10`);
    // The name in the label comes with the staff names, a query of its own that may answer after the pipeline.
    const input = (await waitFor(() => byLabel(rows[0]!, `Target Siti Rahmawati tahun ${new Date().getFullYear()}`))) as HTMLInputElement;
    expect(input.value).toBe('10');
    await typeText(input, '12');
    await click(getByText(rows[0]!, 'Simpan target', 'button'));
    await findByText(rows[0]!, 'Target tersimpan.');
    expect(state.targets).toEqual([{ pendamping: 'pendamping01', year: new Date().getFullYear(), target: 12 }]);
    await waitFor(() => expect(norm(rows[0]!.textContent)).toContain('2 dari target 12'));

    state.errors.setGraduationTarget = new ApiError(422, 'validation', 'Data tidak valid.', { target: 'Target paling banyak 500.' });
    const other = byLabel(rows[1]!, `Target Dedi Kurniawan tahun ${new Date().getFullYear()}`);
    // A number the form itself takes (0–500): the refusal is the server's.
    await typeText(other, '20');
    await click(getByText(rows[1]!, 'Simpan target', 'button'));
    await findByText(rows[1]!, 'Target paling banyak 500.');
    expect(other.getAttribute('aria-invalid')).toBe('true');
  });

  it('heads the pipeline by pendamping with their names (username as tooltip); kelurahan stay as they are', async () => {
    const { data } = graduationData({
      user: korcamUser,
      state: {
        pipeline: {
          year: 2026,
          by: 'pendamping',
          items: [
            { key: 'pendamping03', states: { candidate: 1 }, total: 1, target: 5, graduatedSejahteraMandiri: 0 },
            { key: 'pendamping.lain', states: { candidate: 1 }, total: 1, target: null },
          ],
        },
      },
    });
    data.users = [...data.users, { id: 'u3', username: 'pendamping03', displayName: 'Rina Marlina', role: 'pendamping', regionCode: '32.76.02', active: true }];
    const { container } = await renderApp({ data, path: '/graduasi?bagian=capaian' });
    const rows = await items(container, 'li.grad-pipeline-row', 2);
    await waitFor(() => expect(norm(rows[0]!.querySelector('h2')?.textContent)).toBe('Rina Marlina'));
    expect(rows[0]!.querySelector('h2 span')?.getAttribute('title')).toBe('pendamping03');
    byLabel(rows[0]!, `Target Rina Marlina tahun ${new Date().getFullYear()}`);
    // Someone the list does not name stays as the username.
    expect(norm(rows[1]!.querySelector('h2')?.textContent)).toBe('pendamping.lain');
  });

  it('shows a pendamping the pipeline without target forms', async () => {
    const { data } = graduationData({ state: { pipeline: { year: 2026, by: 'pendamping', items: [{ key: 'pendamping01', states: { candidate: 1 }, total: 1, target: 10, graduatedSejahteraMandiri: 0 }] } } });
    const { container } = await renderApp({ data, path: '/graduasi?bagian=capaian' });
    const rows = await items(container, 'li.grad-pipeline-row', 1);
    expect(norm(rows[0]!.textContent)).toContain('0 dari target 10');
    expect(rows[0]!.querySelector('form')).toBeNull();
  });
  it('offers a pendamping the documents: the e-PKH proposals list and the berita acara of a kelurahan in their kecamatan', async () => {
    const { data } = graduationData();
    const { container } = await renderApp({ data, path: '/graduasi' });
    const docs = (await findByText(container, 'Dokumen', 'h2')).closest('section')!;
    const proposals = getByText(docs, 'Unduh daftar usulan (XLSX)', 'a');
    expect(proposals.getAttribute('href')).toBe('/api/v1/graduation/proposals.xlsx');
    expect(proposals.hasAttribute('download')).toBe(true);

    // The date defaults to today; no kelurahan yet: nothing to download.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    const date = byLabel(docs, 'Tanggal acara') as HTMLInputElement;
    expect(date.value).toBe(today);
    const pending = getByText(docs, 'Unduh berita acara (PDF)', 'button') as HTMLButtonElement;
    expect(pending.disabled).toBe(true);
    getByText(docs, 'Pilih kelurahan untuk mengunduh berita acara.');

    // The kelurahan of the pendamping's kecamatan (GET /regions?parent=32.76.02), one select.
    const select = byLabel(docs, 'Kelurahan/desa') as HTMLSelectElement;
    await waitFor(() => expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['Semua kelurahan', 'Harjamukti', 'Curug', 'Tugu']));
    expect(data.calls.listRegions).toContain('32.76.02');
    expect(docs.querySelectorAll('select')).toHaveLength(1);
    await type(select, '32.76.02.1009');
    const link = getByText(docs, 'Unduh berita acara (PDF)', 'a');
    expect(link.getAttribute('href')).toBe(`/api/v1/graduation/berita-acara.pdf?date=${today}&kelurahan=32.76.02.1009`);
    expect(link.hasAttribute('download')).toBe(true);
    expect(queryByText(docs, 'Pilih kelurahan untuk mengunduh berita acara.')).toBeNull();
    await type(date, '2026-11-20');
    expect(getByText(docs, 'Unduh berita acara (PDF)', 'a').getAttribute('href')).toBe('/api/v1/graduation/berita-acara.pdf?date=2026-11-20&kelurahan=32.76.02.1009');

    // Without a date: said next to the field, no link.
    await type(date, '');
    getByText(docs, 'Isi tanggal acara.');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect((getByText(docs, 'Unduh berita acara (PDF)', 'button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('lets a kota coordinator choose the kecamatan, then the kelurahan, for the berita acara', async () => {
    const { data } = graduationData({ user: kotaUser });
    const { container } = await renderApp({ data, path: '/graduasi' });
    const docs = (await findByText(container, 'Dokumen', 'h2')).closest('section')!;
    const kecamatan = byLabel(docs, 'Kecamatan') as HTMLSelectElement;
    await waitFor(() => expect(kecamatan.options.length).toBe(3));
    await type(kecamatan, '32.76.02');
    const kelurahan = await waitFor(() => byLabel(docs, 'Kelurahan/desa') as HTMLSelectElement);
    await waitFor(() => expect(kelurahan.options.length).toBe(4));
    await type(kelurahan, '32.76.02.1007');
    expect(getByText(docs, 'Unduh berita acara (PDF)', 'a').getAttribute('href')).toMatch(/^\/api\/v1\/graduation\/berita-acara\.pdf\?date=\d{4}-\d{2}-\d{2}&kelurahan=32\.76\.02\.1007$/);
  });

  it('shows a researcher no documents (every one prints identities)', async () => {
    const { data } = graduationData({ user: { ...demoUser, username: 'peneliti', role: 'peneliti' } });
    const { container } = await renderApp({ data, path: '/graduasi' });
    await findByText(container, 'Graduasi', 'h1');
    await waitFor(() => expect(container.querySelector('.grad-candidate, .muted')).not.toBeNull());
    expect(queryByText(container, 'Dokumen', 'h2')).toBeNull();
    expect(container.querySelector('a[href*="proposals.xlsx"], a[href*="berita-acara"]')).toBeNull();
  });
});
