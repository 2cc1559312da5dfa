import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../data/types';
import { type AdminState, adminState, fakeAdminData } from '../../test/fake-admin';
import { FakeData } from '../../test/fake-data';
import { act } from 'react';
import { byLabel, cleanup, findByText, getByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { parseValue } from './ConfigSection';

afterEach(cleanup);

/** Types into a textarea the way React notices (the shared helper covers inputs and selects). */
async function typeArea(el: HTMLTextAreaElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const adminUser: User = { id: '0190a000-0000-7000-8000-000000000009', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };
const korkot: User = { id: '0190a000-0000-7000-8000-000000000011', username: 'korkot.depok', displayName: 'Korkot', role: 'koordinator_kota', regionCode: '32.76', regionName: 'Kota Depok' };

async function setup(user = adminUser, lang: 'id' | 'en' = 'id', seed: (state: AdminState) => void = () => {}) {
  const data = new FakeData({ user });
  const state = adminState();
  seed(state);
  Object.assign(data, fakeAdminData(state));
  const rendered = await renderApp({ data, path: '/admin?bagian=konfigurasi', lang });
  await waitFor(() => expect(rendered.container.querySelectorAll('section.config-rule')).toHaveLength(5));
  const rule = (name: string) => rendered.container.querySelector<HTMLElement>(`section[data-rule="${name}"]`)!;
  return { ...rendered, state, rule };
}

describe('admin: configuration (?bagian=konfigurasi)', () => {
  it('shows the values in force with their origin', async () => {
    const { container, rule } = await setup();
    const index = rule('benefit-index');
    expect(index.querySelector('tbody tr')!.textContent).toContain('Anak SD');
    expect(index.querySelector('tbody tr')!.textContent).toMatch(/Rp\s?900\.000/);
    expect(index.querySelector('tbody tr')!.textContent).toContain('Bawaan');
    const compliance = rule('compliance-rules');
    expect(compliance.querySelector('tr[data-key="attendanceThresholdPct"]')!.textContent).toContain('Ambang kehadiran sekolah (%)');
    expect(compliance.querySelector('tr[data-key="attendanceThresholdPct"]')!.textContent).toContain('85');
    expect(rule('graduation-triggers').querySelector('[data-key="monitoring.monthsAfterExit"]')!.textContent).toContain('3, 6, 12');
    expect(rule('sanction-ladder').querySelector('li[data-step="penangguhan"]')!.textContent).toContain('berturut-turut 2, total 3');
    await findByText(container, 'Belum ada perubahan; semua nilai masih bawaan.');
  });

  it('changes the education threshold with a reason; the value, its origin and the history follow', async () => {
    const { container, rule, state } = await setup();
    const compliance = rule('compliance-rules');
    const form = compliance.querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Berlaku mulai tahun'), '2026');
    await type(byLabel(form, 'Pengaturan'), 'attendanceThresholdPct');
    await type(byLabel(form, 'Nilai baru'), '90');
    await typeArea(form.querySelector('textarea')!, 'Surat edaran Dinsos 2026');
    await submit(form);
    await findByText(form, 'Tersimpan. Ambang kehadiran sekolah (%), mulai 2026: 85 → 90.');
    expect(state.calls.find((c) => c.method === 'changeConfig')?.args).toEqual([
      { rule: 'compliance-rules', fromYear: 2026, key: 'attendanceThresholdPct', value: 90, reason: 'Surat edaran Dinsos 2026' },
    ]);
    await waitFor(() => {
      const rows = [...compliance.querySelectorAll('tr[data-key="attendanceThresholdPct"]')].map((r) => r.textContent);
      expect(rows.some((r) => r?.includes('2026') && r.includes('90') && r.includes('Diubah daerah'))).toBe(true);
    });
    const entry = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('.config-history li.history-entry');
      if (!li) throw new Error('no history yet');
      return li;
    });
    expect(entry.textContent).toContain('Ambang verifikasi komitmen');
    expect(entry.textContent).toContain('85 → 90');
    expect(entry.textContent).toContain('oleh Admin Dinsos');
    expect(entry.textContent).toContain('Surat edaran Dinsos 2026');
  });

  it('shows the server’s 422 next to the value and keeps what was typed', async () => {
    const { rule } = await setup();
    const form = rule('compliance-rules').querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Nilai baru'), '120');
    await typeArea(form.querySelector('textarea')!, 'Salah ketik');
    await submit(form);
    await findByText(form, 'Aturan verifikasi komitmen tidak masuk akal: attendanceThresholdPct = 120.');
    getByText(form, 'Periksa isian yang ditandai.');
    expect(byLabel(form, 'Nilai baru').getAttribute('aria-invalid')).toBe('true');
    expect((byLabel(form, 'Nilai baru') as HTMLInputElement).value).toBe('120');
    expect(form.querySelector('textarea')!.value).toBe('Salah ketik');
  });

  it('asks for a reason before sending, and changes a benefit amount in rupiah', async () => {
    const { rule, state } = await setup();
    const index = rule('benefit-index');
    const form = index.querySelector<HTMLFormElement>('form.config-change')!;
    await type(byLabel(form, 'Komponen'), 'sd');
    await type(byLabel(form, 'Nilai baru'), '1000000');
    await submit(form);
    await findByText(form, 'Tuliskan alasan perubahan (paling sedikit 5 karakter).');
    expect(state.calls.some((c) => c.method === 'changeConfig')).toBe(false);
    await typeArea(form.querySelector('textarea')!, 'Indeks bantuan 2026');
    await submit(form);
    await findByText(form, /^Tersimpan\. Anak SD, tahun 2026: Rp\s?900\.000 → Rp\s?1\.000\.000\.$/);
    await waitFor(() => expect(index.querySelector('tbody tr')!.textContent).toMatch(/Rp\s?1\.000\.000/));
    expect(index.querySelector('tbody tr')!.textContent).toContain('Diubah daerah');
  });

  it('is read-only for coordinators', async () => {
    const { container } = await setup(korkot);
    getByText(container, 'Hanya admin yang dapat mengubah konfigurasi.');
    expect(container.querySelector('form.config-change')).toBeNull();
  });

  it('reads typed values: numbers with a comma, yes/no, lists', () => {
    expect(parseValue('85,5')).toBe(85.5);
    expect(parseValue(' 90 ')).toBe(90);
    expect(parseValue('true')).toBe(true);
    expect(parseValue('tidak')).toBe(false);
    expect(parseValue('[3, 6, 12]')).toEqual([3, 6, 12]);
    expect(parseValue('member_order')).toBe('member_order');
  });

  describe('values in words, never codes or JSON', () => {
    /** The shipped values that are codes or structures (data/reference), and a history of changes to them. */
    function seedCodes(state: AdminState) {
      const c = state.config;
      c.programSettings.rows.push({ fromYear: 2019, key: 'capSelection', value: 'highest_value', note: null, origin: 'shipped' });
      c.complianceRules.rows.push(
        { fromYear: 2019, key: 'absencesCounted', value: ['alpa', 'izin', 'sakit'], confidence: 'U', note: null, origin: 'shipped' },
        {
          fromYear: 2019,
          key: 'ancSchedule',
          value: [
            { fromGestationWeek: 13, minVisits: 1 },
            { fromGestationWeek: 28, minVisits: 2 },
          ],
          confidence: 'U',
          note: null,
          origin: 'shipped',
        },
        { fromYear: 2019, key: 'futureRule', value: 'some_code', confidence: null, note: null, origin: 'shipped' },
      );
      (c.graduationTriggers.values as Record<string, unknown>).schooling = { endAge: 18, schoolYearEnd: '06-30', earlyChildhoodContinuesInSchool: true };
      c.sanctionLadder!.steps.splice(1, 0, { code: 'pengurangan', action: 'pengurangan', enabled: false, skippable: true, thresholds: { consecutive: 2 }, suspendTahap: null, reductionPct: 10 });
      state.history.push(
        {
          seq: 2,
          at: '2026-07-15T03:00:00.000Z',
          actor: 'admin',
          actorRole: 'admin',
          rule: 'compliance-rules',
          item: '2026:ancSchedule',
          before: [{ fromGestationWeek: 13, minVisits: 1 }],
          after: [{ fromGestationWeek: 13, minVisits: 2 }],
          reason: 'Standar Kemenkes',
        },
        { seq: 1, at: '2026-07-14T03:00:00.000Z', actor: 'admin', actorRole: 'admin', rule: 'graduation-triggers', item: 'pena.indicator', before: 'umk', after: 'garis_kemiskinan', reason: 'Uji coba' },
      );
    }

    const RAW = /highest_value|member_order|fromGestationWeek|minVisits|garis_kemiskinan|\bumk\b|[{}"]|\d{4}:[a-zA-Z]|06-30/;

    /** Visible text, without the option lists of the change forms and the small code beside each setting's name. */
    function visibleText(el: HTMLElement): string {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('select, span.mono').forEach((n) => n.remove());
      return copy.textContent ?? '';
    }

    async function historyEntries(container: HTMLElement) {
      return waitFor(() => {
        const items = [...container.querySelectorAll<HTMLElement>('.config-history li.history-entry')];
        if (items.length < 2) throw new Error('no history yet');
        return items;
      });
    }

    it('in Indonesian (admin)', async () => {
      const { container, rule } = await setup(adminUser, 'id', seedCodes);
      const value = (section: string, key: string) => rule(section).querySelector(`[data-key="${key}"] td:nth-of-type(2)`)!.textContent;
      expect(value('program-settings', 'capSelection')).toBe('nilai tertinggi: anggota dengan komponen bernilai terbesar dihitung lebih dulu (bila sama, menurut urutan anggota)');
      expect(value('compliance-rules', 'ancSchedule')).toBe('mulai minggu ke-13 kehamilan: minimal 1 kunjungan; mulai minggu ke-28: minimal 2');
      expect(value('compliance-rules', 'absencesCounted')).toBe('alpa (tanpa keterangan), izin, sakit');
      // A setting or value the screen does not know yet reads as its code.
      expect(value('compliance-rules', 'futureRule')).toBe('some_code');
      const triggers = rule('graduation-triggers');
      expect(triggers.querySelector('[data-key="pena.indicator"] dd')!.textContent).toContain('UMK (upah minimum kab/kota)');
      expect(triggers.querySelector('[data-key="schooling.schoolYearEnd"] dd')!.textContent).toContain('30 Juni');
      expect(rule('sanction-ladder').querySelector('li[data-step="pengurangan"]')!.textContent).toContain('mengurangi bantuan 10%');
      const [anc, pena] = await historyEntries(container);
      expect(anc!.querySelector('p')!.textContent).toBe(
        'Ambang verifikasi komitmen · Jadwal pemeriksaan kehamilan, mulai 2026: mulai minggu ke-13 kehamilan: minimal 1 kunjungan → mulai minggu ke-13 kehamilan: minimal 2 kunjungan',
      );
      expect(pena!.querySelector('p')!.textContent).toBe('Pemicu graduasi · Indikator PENA: UMK (upah minimum kab/kota) → garis kemiskinan kab/kota');
      expect(visibleText(container).replace('futureRule', '').replace('some_code', '')).not.toMatch(RAW);
      // The sanction ladder's settings are named in its change form.
      const ladderForm = rule('sanction-ladder').querySelector('form')!;
      expect([...ladderForm.querySelectorAll('option')].map((o) => o.textContent)).toContain('penangguhan bantuan: ambang total (steps.penangguhan.thresholds.total)');
    });

    it('in English (koordinator, read-only)', async () => {
      const { container, rule } = await setup(korkot, 'en', seedCodes);
      const value = (section: string, key: string) => rule(section).querySelector(`[data-key="${key}"] td:nth-of-type(2)`)!.textContent;
      expect(value('program-settings', 'capSelection')).toBe('highest value: the members with the largest components count first (on a tie, in member order)');
      expect(value('compliance-rules', 'ancSchedule')).toBe('from week 13 of pregnancy: at least 1 visit; from week 28: at least 2');
      expect(value('compliance-rules', 'absencesCounted')).toBe('alpa (unexcused), izin (excused), sakit (sick)');
      expect(rule('graduation-triggers').querySelector('[data-key="pena.indicator"] dd')!.textContent).toContain('UMK (regency/city minimum wage)');
      expect(rule('graduation-triggers').querySelector('[data-key="schooling.schoolYearEnd"] dd')!.textContent).toContain('30 June');
      const [anc] = await historyEntries(container);
      expect(anc!.querySelector('p')!.textContent).toBe('Compliance thresholds · Antenatal schedule, from 2026: from week 13 of pregnancy: at least 1 visit → from week 13 of pregnancy: at least 2 visits');
      expect(visibleText(container).replace('futureRule', '').replace('some_code', '')).not.toMatch(RAW);
    });
  });
});
