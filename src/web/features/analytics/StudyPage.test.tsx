import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { type AnalyticsFakeState, analyticsState, FAKE_CAUTION, fakeAnalyticsData, studyFindings } from '../../test/fake-analytics';
import { demoUser, FakeData, kotaUser, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, findByText, getByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

const auditor: User = { id: 'u-aud', username: 'auditor', displayName: 'Auditor', role: 'auditor', regionCode: null, regionName: null };

function studyData(user: User, over: Partial<AnalyticsFakeState> = {}) {
  const data = new FakeData({ user });
  const state = analyticsState(over);
  Object.assign(data, fakeAnalyticsData(state));
  return { data, state };
}

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function findings(container: HTMLElement) {
  return waitFor(() => {
    const f = container.querySelector('.study-findings');
    expect(f).not.toBeNull();
    return f as HTMLElement;
  });
}

describe('the study view (/studi)', () => {
  it('reproduces the findings’ structure: roles per group found or not, counts, quotes; factors; obstacles by their three sources; totals and caution', async () => {
    const { data, state } = studyData(kotaUser);
    const { container } = await renderApp({ data, path: '/studi' });
    await findByText(container, 'Studi temuan', 'h1');
    const f = await findings(container);
    expect(state.calls.study.at(-1)).toEqual({ region: null, from: null, to: null });
    expect(Array.from(f.querySelectorAll('.an-caution p')).map((p) => norm(p.textContent))).toEqual(['Perhatian: keterkaitan, bukan sebab-akibat', FAKE_CAUTION]);
    expect(Array.from(f.querySelectorAll('.study-numbers > div')).map((d) => norm(d.textContent))).toEqual(['Keluarga150', 'Kegiatan248', 'Dokumen3']);

    // Roles not found, highlighted, by name.
    expect(Array.from(f.querySelectorAll('.study-not-found .an-chip-never')).map((c) => norm(c.textContent))).toEqual(['Mediasi dan negosiasi tidak ditemukan', 'Konfrontasi tidak ditemukan']);

    // Each role group with its roles.
    const groups = Array.from(f.querySelectorAll('.study-group'));
    expect(groups.map((g) => norm(g.querySelector('h3')?.textContent))).toEqual(['Fasilitatif', 'Edukasional']);
    const konfrontasi = f.querySelector('.study-role[data-role="konfrontasi"]')!;
    expect(konfrontasi.classList.contains('study-role-missing')).toBe(true);
    expect(norm(konfrontasi.querySelector('.badge')?.textContent)).toBe('tidak ditemukan');
    const dukungan = f.querySelector('.study-role[data-role="dukungan"]')!;
    expect(dukungan.classList.contains('study-role-missing')).toBe(false);
    expect(norm(dukungan.querySelector('.badge')?.textContent)).toBe('ditemukan');
    getByText(dukungan as HTMLElement, '140 kegiatan · 12 segmen berkode');
    const quotes = Array.from(dukungan.querySelectorAll('.study-quote'));
    expect(quotes).toHaveLength(3);
    expect(norm(quotes[1]!.querySelector('blockquote')?.textContent)).toBe('Pendamping memberi semangat kepada KPM.');
    expect(norm(quotes[1]!.querySelector('figcaption')?.textContent)).toBe('— Wawancara KPM Harjamukti (transkrip)');
    expect(norm(quotes[0]!.querySelector('figcaption')?.textContent)).toBe('— catatan kegiatan');
    expect(norm(quotes[2]!.querySelector('figcaption')?.textContent)).toBe('— Kegiatan 2026-04-10');

    // Supporting factors with counts and examples.
    const factor = f.querySelector('.study-factors .study-item[data-code="kesadaran_kpm"]')!;
    expect(norm(factor.querySelector('.badge')?.textContent)).toBe('33 kali tercatat');
    getByText(factor as HTMLElement, 'KPM sadar pentingnya sekolah anak.');

    // Obstacles under their three sources, in order.
    const sources = Array.from(f.querySelectorAll('.study-source'));
    expect(sources.map((s) => [s.getAttribute('data-source'), norm(s.querySelector('h3')?.textContent)])).toEqual([
      ['pendamping', 'Dari pendamping'],
      ['internal_kelompok', 'Internal kelompok KPM'],
      ['eksternal_kelompok', 'Eksternal kelompok KPM'],
    ]);
    expect(norm(sources[2]!.querySelector('.study-item')?.textContent)).toContain('Tekanan politik dari luar kelompok1 kali tercatat');
  });

  it('filters by region and period (asked again); repeated passages shown once, at most three', async () => {
    const many = studyFindings();
    const first = many.roleGroups[0]!.roles[0]!.examples[0]!;
    many.roleGroups[0]!.roles[0]!.examples.splice(1, 0, { ...first });
    many.roleGroups[0]!.roles[0]!.examples.push({ text: 'Keempat.', source: 'x', documentTitle: null });
    const { data, state } = studyData(kotaUser, { study: many });
    const { container, router } = await renderApp({ data, path: '/studi' });
    const f = await findings(container);
    // A passage sent twice is shown once; then at most three.
    expect(Array.from(f.querySelectorAll('.study-role[data-role="dukungan"] .study-quote blockquote')).map((b) => norm(b.textContent))).toEqual([
      'Ibu S. didampingi ke puskesmas.',
      'Pendamping memberi semangat kepada KPM.',
      'Kunjungan rumah rutin.',
    ]);
    expect(queryByText(f, 'Keempat.')).toBeNull();
    const kecamatan = await waitFor(() => {
      const s = byLabel(container, 'Kecamatan') as HTMLSelectElement;
      if (s.options.length < 3) throw new Error('loading');
      return s;
    });
    await type(kecamatan, '32.76.02');
    await type(byLabel(container, 'Dari tanggal'), '2026-01-01');
    await waitFor(() => expect(state.calls.study.at(-1)).toEqual({ region: '32.76.02', from: '2026-01-01', to: null }));
    expect(router.state.location.search).toContain('wilayah=32.76.02');
  });

  it('a researcher sees the pseudonymisation note; a pendamping or an auditor gets a clear message and no request', async () => {
    const r = await renderApp({ data: studyData(penelitiUser).data, path: '/studi' });
    await findings(r.container);
    getByText(r.container, 'Untuk peneliti: kutipan berasal dari teks yang sudah disamarkan.');
    cleanup();
    for (const user of [demoUser, auditor]) {
      const { data, state } = studyData(user);
      const { container } = await renderApp({ data, path: '/studi' });
      await findByText(container, 'Tampilan studi hanya untuk koordinator, admin dan peneliti.');
      expect(container.querySelector('.study-findings')).toBeNull();
      expect(container.querySelector('.an-filters')).toBeNull();
      expect(state.calls.study).toEqual([]);
      cleanup();
    }
  });

  it('empty state when nothing is recorded; the server’s error message', async () => {
    const { data } = studyData(kotaUser, { study: { ...studyFindings(), roleGroups: [], rolesNotFound: [], factors: [], obstacles: [], families: 12, activities: 0, documents: 0 } });
    const { container } = await renderApp({ data, path: '/studi' });
    await findByText(container, 'Belum ada kegiatan atau dokumen yang tercatat untuk wilayah dan periode ini.');
    expect(container.querySelector('.study-group')).toBeNull();
    cleanup();
    const failing = studyData(kotaUser, { error: new ApiError(403, 'forbidden', 'Anda tidak berhak melihat studi ini.') });
    const f = await renderApp({ data: failing.data, path: '/studi' });
    await findByText(f.container, 'Anda tidak berhak melihat studi ini.');
    expect(f.container.querySelector('[role="alert"]')).not.toBeNull();
  });

  it('checks the dates here (years 1800-2999) and shows the server’s reason beside the date field, once', async () => {
    const local = studyData(kotaUser);
    const r = await renderApp({ data: local.data, path: '/studi?sampai=9999-12-31' });
    const error = await findByText(r.container, 'Tanggal harus antara tahun 1800 dan 2999.');
    expect(byLabel(r.container, 'Sampai tanggal').closest('.field')!.contains(error)).toBe(true);
    await new Promise((res) => setTimeout(res, 30));
    expect(local.state.calls.study).toEqual([]);
    expect(r.container.querySelectorAll('[role="alert"]')).toHaveLength(1);
    cleanup();

    const refusal = new ApiError(400, 'validation', 'The data sent is not valid. Check the marked fields.', { from: 'Tanggal tidak boleh sebelum program dimulai.' });
    const server = studyData(kotaUser, { error: refusal });
    const s = await renderApp({ data: server.data, path: '/studi?dari=1900-01-01' });
    const reason = await findByText(s.container, 'Tanggal tidak boleh sebelum program dimulai.');
    expect(byLabel(s.container, 'Dari tanggal').closest('.field')!.contains(reason)).toBe(true);
    expect(queryByText(s.container, 'The data sent is not valid. Check the marked fields.')).toBeNull();
    expect(s.container.querySelectorAll('[role="alert"]')).toHaveLength(1);
  });

  it('English on request', async () => {
    const { container } = await renderApp({ data: studyData(kotaUser).data, path: '/studi', lang: 'en' });
    await findByText(container, 'Study findings', 'h1');
    const f = await findings(container);
    expect(Array.from(f.querySelectorAll('.study-source h3')).map((h) => norm(h.textContent))).toEqual(['From the pendamping', 'Inside the KPM group', 'Outside the KPM group']);
    expect(norm(f.querySelector('.study-role[data-role="konfrontasi"] .badge')?.textContent)).toBe('not found');
    getByText(f, 'Konfrontasi not found');
    getByText(f, '140 activities · 12 coded segments');
    getByText(container, 'Roles not found');
  });
});
