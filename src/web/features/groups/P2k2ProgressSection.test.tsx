import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { click, findByText, getByText, waitFor } from '../../test/helpers';
import { P2k2ProgressSection } from './P2k2ProgressSection';
import { cleanupElements, groupsData, norm, renderElement } from './test-support';

afterEach(cleanupElements);

describe('P2k2ProgressSection', () => {
  it("shows a family's sessions attended per module, its attendance rate and counts", async () => {
    const { data, store } = groupsData();
    // A second held session: fam-0005 (excused at the first) attends; its make-up completes session 1 for fam-0006.
    store.sessions.push(
      { ...store.sessions[0]!, id: 'ses-2', session: 2, date: '2026-06-24', attendance: [{ familyId: 'fam-0005', status: 'hadir', reason: null }, { familyId: 'fam-0006', status: 'tidak_hadir', reason: 'Bekerja' }] },
      { ...store.sessions[0]!, id: 'ses-3', date: '2026-06-26', makeupOf: 'ses-1', attendance: [{ familyId: 'fam-0006', status: 'hadir', reason: null }] },
    );
    const container = await renderElement(<P2k2ProgressSection familyId="fam-0006" />, { data });
    await findByText(container, '1 dari 9 sesi diikuti');
    getByText(container, 'P2K2 (pertemuan peningkatan kemampuan keluarga)', 'h2');
    expect(norm(container.textContent)).toMatch(/Tingkat kehadiran: 33\s?%/);
    getByText(container, '1 hadir · 0 izin · 2 tidak hadir');
    const modules = Array.from(container.querySelectorAll('.module-progress > li'));
    expect(modules.map((m) => m.getAttribute('data-module'))).toEqual(['pengasuhan_pendidikan', 'keuangan_usaha', 'perlindungan_anak']);
    expect(norm(modules[0]!.querySelector('.module-head')?.textContent)).toBe('Pengasuhan dan Pendidikan Anak1/4 sesi');
    const bar = modules[0]!.querySelector('progress')!;
    expect([bar.getAttribute('value'), bar.getAttribute('max')]).toEqual(['1', '4']);
    const dots = Array.from(modules[0]!.querySelectorAll('.dot'));
    expect(dots.map((d) => d.classList.contains('dot-done'))).toEqual([true, false, false, false]);
    expect(norm(dots[0]!.textContent)).toContain('Sesi 1: sudah diikuti');
    expect(store.calls.familyP2k2).toEqual(['fam-0006']);
  });

  it('marks a completed module and says so for a family never on a roster', async () => {
    const { data, store } = groupsData();
    store.curriculum = { modules: [{ code: 'pengasuhan_pendidikan', name: 'Pengasuhan dan Pendidikan Anak', sessions: ['Menjadi Orangtua yang Lebih Baik'] }] };
    const container = await renderElement(<P2k2ProgressSection familyId="fam-0002" />, { data });
    await findByText(container, '1 dari 1 sesi diikuti');
    const m = container.querySelector('.module-progress > li')!;
    expect(m.classList.contains('done')).toBe(true);
    expect(norm(m.querySelector('.module-count')?.textContent)).toBe('Selesai');
    cleanupElements();
    const none = await renderElement(<P2k2ProgressSection familyId="fam-0040" />, { data });
    await findByText(none, 'Keluarga ini belum tercatat dalam pertemuan P2K2.');
    getByText(none, '0 dari 1 sesi diikuti');
  });

  it('shows the error with a retry, and English on request', async () => {
    const { data, store } = groupsData();
    store.errors.familyP2k2 = new ApiError(0, 'network', 'Tidak dapat terhubung ke server.');
    const container = await renderElement(<P2k2ProgressSection familyId="fam-0002" />, { data, lang: 'en' });
    await findByText(container, 'Tidak dapat terhubung ke server.');
    delete store.errors.familyP2k2;
    await click(getByText(container, 'Try again', 'button'));
    await findByText(container, '1 of 9 sessions attended');
    await waitFor(() => getByText(container, 'Attendance rate: 100%'));
  });
});
