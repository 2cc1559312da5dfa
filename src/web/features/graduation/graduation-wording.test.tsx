/**
 * How the graduation screens word a case: an exit still ahead ("Keluar dari PKH per …"), the reason of the
 * latest move under the current state, the state badges' colours, the roles and people in English and Indonesian.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type MessageParams, t } from '../../../shared/i18n';
import type { GraduationHistoryEntry, GraduationState } from '../../data/graduation';
import { cleanup, renderApp, waitFor } from '../../test/helpers';
import { GraduationSummary } from './index';
import { stateLabel, stateTone } from './labels';
import './messages';
import { cleanupElements, graduationData, korcamUser, renderElement } from './test-support';

afterEach(() => {
  cleanup();
  cleanupElements();
});

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const tr = (lang: 'id' | 'en') => (key: string, params?: MessageParams) => t(lang, key, params);
const kotaKoordinator = { id: 'u-korkot', username: 'korkot.depok', displayName: 'Hendra Gunawan', role: 'koordinator_kota' as const, regionCode: '32.76', active: true };

function move(from: GraduationState | null, to: GraduationState, over: Partial<GraduationHistoryEntry> = {}): GraduationHistoryEntry {
  return { from, to, type: 'sejahtera_mandiri', by: 'pendamping01', role: 'pendamping', at: '2026-07-10T02:00:00.000Z', note: null, evidence: null, ...over };
}

describe('the state of a case in words', () => {
  it('says an exit whose date is still ahead as the day the family leaves PKH; a past or same-day exit as exited', () => {
    for (const lang of ['id', 'en'] as const) {
      expect(stateLabel(tr(lang), 'exited', '2026-12-31', '2026-12-07')).toBe(lang === 'id' ? 'Keluar dari PKH per 31 Desember 2026' : 'Leaves PKH on 31 December 2026');
      expect(stateLabel(tr(lang), 'exited', '2026-12-07', '2026-12-07')).toBe(lang === 'id' ? 'Keluar dari PKH' : 'Exited');
      expect(stateLabel(tr(lang), 'exited', null, '2026-12-07')).toBe(lang === 'id' ? 'Keluar dari PKH' : 'Exited');
      // Other states never carry the date.
      expect(stateLabel(tr(lang), 'monitoring', '2026-12-31', '2026-12-07')).toBe(lang === 'id' ? 'Pemantauan' : 'Monitoring');
    }
  });

  it('gives every state a badge class of the app-wide stylesheet (a rejected case has its pill too)', () => {
    const global = ['badge-ok', 'badge-pending', 'badge-info', 'badge-muted'];
    for (const s of ['candidate', 'assessed', 'statement_signed', 'proposed', 'approved', 'rejected', 'exited', 'monitoring', 'closed', 'reentered', null] as const) {
      expect(global, String(s)).toContain(stateTone(s));
    }
    expect(stateTone('rejected')).toBe('badge-pending');
  });

  it('shows the exit still ahead on the family page’s summary', async () => {
    const ahead = `${Number(new Date().getFullYear()) + 1}-12-31`;
    const { data } = graduationData({ state: { cases: { 'fam-0007': { case: { state: 'exited', type: 'sejahtera_mandiri', version: 6, exitEffectiveDate: ahead }, history: [], followups: [] } } } });
    const c = await renderElement(<GraduationSummary familyId="fam-0007" />, { data });
    await waitFor(() => expect(norm(c.querySelector('.grad-badges')?.textContent)).toBe(`Keluar dari PKH per 31 Desember ${ahead.slice(0, 4)} Sejahtera mandiri`));
  });
});

describe("the graduation page's current state", () => {
  it('shows the reason of a rejection under the state, with who rejected it and when, and the exit still ahead', async () => {
    const { data } = graduationData({
      state: {
        cases: {
          'fam-0002': {
            case: { state: 'rejected', type: 'sejahtera_mandiri', version: 5 },
            history: [
              move('statement_signed', 'proposed'),
              move('proposed', 'rejected', { by: 'korkot.depok', role: 'koordinator_kota', at: '2026-07-12T02:00:00.000Z', note: 'Usaha belum berjalan tiga bulan.' }),
            ],
            followups: [],
          },
        },
      },
    });
    data.users = [...data.users, kotaKoordinator];
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi' });
    const current = await waitFor(() => {
      const s = container.querySelector<HTMLElement>('section.grad-current');
      if (!s?.querySelector('.grad-current-note')) throw new Error('no reason yet');
      return s;
    });
    expect(current.querySelector('.grad-state')!.className).toContain('badge-pending');
    expect(norm(current.querySelector('.grad-state')?.textContent)).toBe('Ditolak');
    expect(norm(current.querySelector('.grad-current-note p')?.textContent)).toBe('Alasan penolakan: “Usaha belum berjalan tiga bulan.”');
    await waitFor(() => expect(norm(current.querySelector('.grad-current-note .muted')?.textContent)).toMatch(/^oleh Hendra Gunawan, 12 Jul/));
  });

  it('says nothing more when the latest move has no note, and shows an exit still ahead with its date', async () => {
    const ahead = `${Number(new Date().getFullYear()) + 1}-06-30`;
    const { data } = graduationData({
      user: korcamUser,
      state: {
        cases: {
          'fam-0002': {
            case: { state: 'exited', type: 'sejahtera_mandiri', version: 6, exitEffectiveDate: ahead },
            history: [move('proposed', 'approved', { by: 'korcam.cimanggis', role: 'koordinator_kecamatan', note: 'Lengkap.' }), move('approved', 'exited', { by: 'korcam.cimanggis', role: 'koordinator_kecamatan', evidence: { effectiveDate: ahead } })],
            followups: [],
          },
        },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi', lang: 'en' });
    await waitFor(() => expect(norm(container.querySelector('.grad-state')?.textContent)).toBe(`Leaves PKH on 30 June ${ahead.slice(0, 4)}`));
    // The approval's note belongs to an earlier move: not shown as the current state's.
    expect(container.querySelector('.grad-current-note')).toBeNull();
  });

  it('names the roles in English as the rest of the English screens do, and people by their names', async () => {
    const { data } = graduationData({
      user: korcamUser,
      state: {
        cases: {
          'fam-0002': {
            case: { state: 'reentered', type: 'sejahtera_mandiri', version: 8 },
            history: [
              move('statement_signed', 'proposed'),
              move('proposed', 'approved', { by: 'korkot.depok', role: 'koordinator_kota' }),
              move('approved', 'exited', { by: 'korkot.depok', role: 'koordinator_kota' }),
              move('exited', 'reentered', { by: 'korkot.depok', role: 'koordinator_kota', note: 'Usaha tutup.' }),
            ],
            followups: [],
          },
        },
      },
    });
    data.users = [...data.users, kotaKoordinator];
    const { container } = await renderApp({ data, path: '/keluarga/fam-0002/graduasi', lang: 'en' });
    await waitFor(() => expect(norm(container.querySelector('li.grad-history-entry[data-to="proposed"]')?.textContent)).toContain('by Siti Rahmawati (pendamping)'));
    // A korcam reads the name of the korkot above them (the staff names, not their kecamatan's user list).
    await waitFor(() => expect(norm(container.querySelector('li.grad-history-entry[data-to="approved"]')?.textContent)).toContain('by Hendra Gunawan (koordinator kota)'));
    expect(norm(container.querySelector('.grad-current-note p')?.textContent)).toBe('Why the family re-entered: “Usaha tutup.”');
    // The roles' own names (docs/glossary.md), never a translation.
    const history = Array.from(container.querySelectorAll('li.grad-history-entry')).map((li) => li.textContent ?? '');
    expect(history.join(' ')).not.toMatch(/facilitator|coordinator/i);
  });
});

describe('the pipeline in English', () => {
  it('groups by "Pendamping" and says what its total counts', async () => {
    const { data } = graduationData({
      user: korcamUser,
      state: { pipeline: { year: 2026, by: 'pendamping', items: [{ key: 'pendamping01', states: { candidate: 1, rejected: 1, reentered: 1 }, total: 3, target: 10, graduatedSejahteraMandiri: 0 }] } },
    });
    const { container } = await renderApp({ data, path: '/graduasi?bagian=capaian&tahun=2026', lang: 'en' });
    const row = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('li.grad-pipeline-row');
      if (!li) throw new Error('no pipeline yet');
      return li;
    });
    expect(Array.from(container.querySelectorAll('.grad-pipeline-filters option')).map((o) => o.textContent)).toContain('Pendamping');
    expect(container.querySelector('.grad-pipeline-filters option')?.textContent).toBe('Pendamping');
    expect(norm(row.querySelector('.muted')?.textContent)).toBe('3 families: open cases (rejected and re-entered included) and those closed in 2026');
  });
});
