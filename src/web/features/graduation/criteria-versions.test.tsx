/**
 * Which criteria-set version an assessment was judged against, said truthfully: each stored assessment
 * names its set and version in words (list and history), says when a newer version is in force, and the
 * trajectory draws each assessment's own threshold (a step where the version changed it), with a key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Assessment } from '../../data/graduation';
import { FakeData } from '../../test/fake-data';
import { fakeCriteriaSet } from '../../test/fake-graduation';
import { byLabel, cleanup, click, findByText, getByText, renderApp, type, waitFor } from '../../test/helpers';
import { assessment, cleanupElements, graduationData, renderElement } from './test-support';
import { TrajectoryChart } from './TrajectoryChart';

afterEach(() => {
  cleanupElements();
  cleanup();
});

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const NAME = 'Kesiapan Graduasi Sejahtera Mandiri (sementara)';

/** An assessment judged against version `version` (revision `revision`) with its threshold; version 0.2 (revision 2) in force. */
function judged(over: Partial<Assessment>, version: string, revision: number, threshold: number | null): Assessment {
  const inForce = revision === 2;
  return assessment({
    revision,
    ...over,
    criteriaSet: { code: 'pkh-default', version, name: NAME, mode: 'weighted_threshold', provisional: true, threshold, revision, inForce, supersededBy: inForce ? null : { version: '0.2', revision: 2 } },
  });
}

const lineOf = (e: Element) => ({ x1: Number(e.getAttribute('x1')), x2: Number(e.getAttribute('x2')), y1: Number(e.getAttribute('y1')), y2: Number(e.getAttribute('y2')) });

describe('the trajectory chart across criteria versions', () => {
  it('draws each assessment’s own threshold: one step per version, not today’s line across older ones', async () => {
    const items = [
      judged({ id: 'a', date: '2026-01-10', score: 0.6 }, '0.1', 1, 0.5),
      judged({ id: 'b', date: '2026-04-10', score: 0.7, ready: true, result: 'ready', resultLabel: 'Keluarga siap graduasi.' }, '0.1', 1, 0.5),
      judged({ id: 'c', date: '2026-07-10', score: 0.7 }, '0.2', 2, 0.8),
    ];
    // A fallback threshold for answers without their own is not used when each carries one.
    const c = await renderElement(<TrajectoryChart assessments={items} threshold={0.9} />, { data: new FakeData() });
    const svg = c.querySelector('svg')!;
    const circles = Array.from(svg.querySelectorAll('circle'));
    const xs = circles.map((e) => Number(e.getAttribute('cx')));
    const ys = circles.map((e) => Number(e.getAttribute('cy')));

    // Two threshold lines: 50% under versi 0.1's two assessments, 80% under versi 0.2's.
    const lines = Array.from(svg.querySelectorAll('line.chart-threshold'));
    expect(lines.map((l) => [l.getAttribute('data-version'), l.getAttribute('data-threshold')])).toEqual([
      ['0.1', '0.5'],
      ['0.2', '0.8'],
    ]);
    const [old, now] = lines.map(lineOf) as [ReturnType<typeof lineOf>, ReturnType<typeof lineOf>];
    // Each spans its own assessments and ends halfway to the next version's first one.
    expect(old.x1).toBeLessThanOrEqual(xs[0]!);
    expect(old.x2).toBeGreaterThan(xs[1]!);
    expect(old.x2).toBeLessThan(xs[2]!);
    expect(now.x1).toBe(old.x2);
    expect(now.x2).toBeGreaterThanOrEqual(xs[2]!);
    // 70% sits above versi 0.1's line (ready then) and below versi 0.2's (not ready now): both truthful.
    expect(old.y1).toBe(old.y2);
    expect(old.y1).toBeGreaterThan(ys[1]!);
    expect(now.y1).toBeLessThan(ys[2]!);
    expect(ys[1]).toBe(ys[2]);
    // The step joins the two where the version changed; the label names the latest version's value.
    const step = lineOf(svg.querySelector('line.chart-threshold-step')!);
    expect(step).toEqual({ x1: old.x2, x2: old.x2, y1: old.y1, y2: now.y1 });
    getByText(svg as unknown as HTMLElement, 'Ambang siap 80%');
    expect(svg.textContent).not.toContain('90%');

    // The key explains the line and gives each version's threshold with its dates.
    const legend = c.querySelector('.grad-chart-legend')!;
    expect(legend.getAttribute('aria-label')).toBe('Keterangan grafik');
    expect(norm(legend.textContent)).toContain('Garis putus-putus: ambang siap menurut versi kriteria yang dipakai tiap asesmen');
    expect(Array.from(legend.querySelectorAll('li')).map((li) => norm(li.textContent))).toEqual([
      'Siap mulai 50%: versi 0.1, 10 Januari 2026 sampai 10 April 2026',
      'Siap mulai 80%: versi 0.2, 10 Juli 2026',
    ]);
    getByText(legend as HTMLElement, 'Titik penuh: siap; titik kosong: belum siap.');
    // The description and the table say the same.
    expect(norm(svg.querySelector('desc')?.textContent)).toBe(
      'Skor 3 asesmen dari 10 Januari 2026 sampai 10 Juli 2026; ambang siap mengikuti versi kriteria tiap asesmen: versi 0.1 50%, versi 0.2 80%. Terakhir: 70%, Keluarga belum siap graduasi.',
    );
    const rows = Array.from(c.querySelectorAll('tbody tr')).map((r) => Array.from(r.querySelectorAll('td')).map((td) => norm(td.textContent)));
    expect(rows).toEqual([
      ['10 Juli 2026', '70%', 'Keluarga belum siap graduasi.', '80%, versi 0.2'],
      ['10 April 2026', '70%', 'Keluarga siap graduasi.', '50%, versi 0.1'],
      ['10 Januari 2026', '60%', 'Keluarga belum siap graduasi.', '50%, versi 0.1'],
    ]);
  });

  it('keeps one straight line for one version, and says a version without a threshold has none (in English too)', async () => {
    const one = await renderElement(
      <TrajectoryChart assessments={[judged({ id: 'a', date: '2026-01-10' }, '0.2', 2, 0.8), judged({ id: 'b', date: '2026-03-10' }, '0.2', 2, 0.8)]} />,
      { data: new FakeData() },
    );
    expect(one.querySelectorAll('line.chart-threshold')).toHaveLength(1);
    expect(one.querySelector('line.chart-threshold-step')).toBeNull();
    expect(norm(one.querySelector('desc')?.textContent)).toContain('ambang siap 80%');
    cleanupElements();

    const en = await renderElement(
      <TrajectoryChart assessments={[judged({ id: 'a', date: '2026-01-10' }, '0.1', 1, null), judged({ id: 'b', date: '2026-03-10' }, '0.2', 2, 0.8)]} />,
      { data: new FakeData(), lang: 'en' },
    );
    // Only the version with a threshold gets a line (no step from nothing).
    expect(Array.from(en.querySelectorAll('line.chart-threshold')).map((l) => l.getAttribute('data-version'))).toEqual(['0.2']);
    expect(en.querySelector('line.chart-threshold-step')).toBeNull();
    expect(Array.from(en.querySelectorAll('.grad-chart-legend li')).map((li) => norm(li.textContent))).toEqual([
      'No score threshold: version 0.1, 10 January 2026',
      'Ready from 80%: version 0.2, 10 March 2026',
    ]);
    expect(norm(en.querySelector('.grad-chart-legend')?.textContent)).toContain('Dashed line: the ready threshold of the criteria version each assessment used');
  });
});

describe('the family’s assessments name their criteria version', () => {
  it('says the set and version of each assessment, that a newer one is in force, and which one the history attached', async () => {
    const { data } = graduationData({
      state: {
        assessments: {
          'fam-0001': [
            judged({ id: 'asm-old', date: '2026-01-10', score: 0.6, ready: true, result: 'ready', resultLabel: 'Keluarga siap graduasi.' }, '0.1', 1, 0.5),
            judged({ id: 'asm-new', date: '2026-07-01', score: 0.7 }, '0.2', 2, 0.8),
          ],
        },
        cases: {
          'fam-0001': {
            case: { state: 'assessed', type: 'sejahtera_mandiri', version: 2, assessmentId: 'asm-old' },
            history: [
              { from: null, to: 'candidate', type: 'sejahtera_mandiri', by: 'pendamping01', role: 'pendamping', at: '2026-01-09T02:00:00.000Z', note: null, evidence: null },
              { from: 'candidate', to: 'assessed', type: 'sejahtera_mandiri', by: 'pendamping01', role: 'pendamping', at: '2026-01-11T02:00:00.000Z', note: null, evidence: { assessmentId: 'asm-old' } },
            ],
            followups: [],
          },
        },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await findByText(container, 'Asesmen tersimpan', 'h3');
    const items = Array.from(container.querySelectorAll<HTMLElement>('li.grad-assessment'));
    expect(items.map((li) => li.getAttribute('data-assessment-id'))).toEqual(['asm-new', 'asm-old']);
    expect(norm(items[0]!.querySelector('p')?.textContent)).toBe(`1 Juli 2026 · ${NAME}, versi 0.2 · skor 70% · Keluarga belum siap graduasi.`);
    expect(items[0]!.querySelector('.grad-version-old')).toBeNull();
    expect(norm(items[1]!.querySelector('p')?.textContent)).toBe(`10 Januari 2026 · ${NAME}, versi 0.1 · skor 60% · Keluarga siap graduasi.`);
    expect(norm(items[1]!.querySelector('.grad-version-old')?.textContent)).toBe('Versi lama: kini berlaku versi 0.2.');

    // The history's "assessed" step names the assessment it attached, with its version.
    const entry = container.querySelector<HTMLElement>('li.grad-history-entry[data-to="assessed"]')!;
    await waitFor(() => expect(norm(entry.querySelector('.grad-attached-assessment')?.textContent)).toBe(`Asesmen terlampir: 10 Januari 2026, ${NAME}, versi 0.1`));
    expect(norm(entry.querySelector('.grad-version-old')?.textContent)).toBe('Versi lama: kini berlaku versi 0.2.');

    // The chart on the page steps with the versions too.
    expect(Array.from(container.querySelectorAll('.grad-chart line.chart-threshold')).map((l) => l.getAttribute('data-threshold'))).toEqual(['0.5', '0.8']);
  });

  it('reads in English, and shows a label stored before labels had to be numbers as it is', async () => {
    const legacy = judged({ id: 'asm-legacy', date: '2026-02-01' }, 'versi tiga', 1, 0.75);
    const { data } = graduationData({ state: { assessments: { 'fam-0001': [legacy, judged({ id: 'asm-new', date: '2026-07-01' }, '0.2', 2, 0.8)] } } });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi', lang: 'en' });
    await findByText(container, 'Stored assessments', 'h3');
    const items = Array.from(container.querySelectorAll<HTMLElement>('li.grad-assessment'));
    expect(norm(items[0]!.querySelector('.grad-assessment-set')?.textContent)).toBe(`${NAME}, version 0.2`);
    expect(norm(items[1]!.querySelector('.grad-assessment-set')?.textContent)).toBe(`${NAME}, versi tiga`);
    expect(norm(items[1]!.querySelector('.grad-version-old')?.textContent)).toBe('An older version: version 0.2 is in force now.');
  });
});

describe('the version where an assessment is chosen or made', () => {
  it('names each assessment’s version in the “attach an assessment” choice, and says when the one chosen is an older version', async () => {
    const { data } = graduationData({
      state: {
        cases: { 'fam-0001': { case: { state: 'candidate', type: 'sejahtera_mandiri', version: 1 }, history: [], followups: [] } },
        assessments: {
          'fam-0001': [
            judged({ id: 'asm-old', date: '2026-01-10', score: 0.6 }, '0.1', 1, 0.5),
            judged({ id: 'asm-new', date: '2026-07-01', score: 0.7, resultLabel: 'Keluarga belum siap graduasi.' }, '0.2', 2, 0.8),
          ],
        },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi' });
    await click(await findByText(container, 'Tandai sudah diases', 'button'));
    const form = container.querySelector<HTMLFormElement>('form.grad-form')!;
    const select = byLabel(form, 'Asesmen yang dilampirkan') as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('asm-new'));
    // One set: the version alone (the set's name is the same for all); the replaced one marked.
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual([
      '1 Juli 2026 · versi 0.2 · skor 70% · Keluarga belum siap graduasi.',
      '10 Januari 2026 · versi 0.1 (versi lama) · skor 60% · Keluarga belum siap graduasi.',
    ]);
    expect(form.querySelector('.grad-version-old')).toBeNull();
    await type(select, 'asm-old');
    expect(norm(form.querySelector('.grad-version-old')?.textContent)).toBe('Versi lama: kini berlaku versi 0.2.');
    await type(select, 'asm-new');
    expect(form.querySelector('.grad-version-old')).toBeNull();
  });

  it('names the set too when the family’s assessments use more than one, in English on request', async () => {
    const other = assessment({
      id: 'asm-brac',
      date: '2026-03-01',
      score: 0.5,
      criteriaSet: { code: 'brac-upg', version: '1.0', name: 'BRAC graduation', mode: 'n_of_m', provisional: false, threshold: 0.6, revision: 1, inForce: true, supersededBy: null },
    });
    const { data } = graduationData({
      state: {
        cases: { 'fam-0001': { case: { state: 'candidate', type: 'sejahtera_mandiri', version: 1 }, history: [], followups: [] } },
        assessments: { 'fam-0001': [judged({ id: 'asm-old', date: '2026-01-10', score: 0.6 }, '0.1', 1, 0.5), other] },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi', lang: 'en' });
    await click(await findByText(container, 'Mark as assessed', 'button'));
    const select = container.querySelector<HTMLSelectElement>('form.grad-form select')!;
    await waitFor(() => expect(select.options).toHaveLength(2));
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual([
      '1 March 2026 · BRAC graduation, version 1.0 · score 50% · Keluarga belum siap graduasi.',
      `10 January 2026 · ${NAME}, version 0.1 (an older version) · score 60% · Keluarga belum siap graduasi.`,
    ]);
  });

  it('names the version in force in the wizard’s set choice, and says the family’s last assessment used an older one', async () => {
    const { data } = graduationData({
      state: {
        sets: [{ ...fakeCriteriaSet, version: '0.2', revision: 2 }],
        assessments: { 'fam-0001': [judged({ id: 'asm-old', date: '2026-01-10', score: 0.6 }, '0.1', 1, 0.5)] },
      },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
    await findByText(container, 'Asesmen kesiapan graduasi', 'h1');
    const select = byLabel(container, 'Kumpulan kriteria') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['Kriteria graduasi PKH (sementara), versi 0.2']);
    await waitFor(() =>
      expect(norm(container.querySelector('.grad-filter .grad-version-old')?.textContent)).toBe(
        'Asesmen terakhir keluarga ini (10 Januari 2026) dinilai dengan versi 0.1, versi lama. Asesmen baru memakai versi 0.2 yang berlaku sekarang, jadi skornya bisa berbeda karena kriterianya berubah.',
      ),
    );
  });

  it('says nothing more in the wizard when the family’s last assessment used the version in force', async () => {
    const { data, state } = graduationData({
      state: { sets: [{ ...fakeCriteriaSet, version: '0.2', revision: 2 }], assessments: { 'fam-0001': [judged({ id: 'asm-new', date: '2026-07-01' }, '0.2', 2, 0.8)] } },
    });
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001/graduasi/asesmen' });
    await findByText(container, 'Asesmen kesiapan graduasi', 'h1');
    // The family's assessments have been read, and nothing is said.
    await waitFor(() => expect(state.calls.some((c) => c.method === 'listAssessments')).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(getByText(container, 'Kriteria graduasi PKH (sementara), versi 0.2', 'option')).toBeTruthy();
    expect(container.querySelector('.grad-filter .grad-version-old')).toBeNull();
  });
});
