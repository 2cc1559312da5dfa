import { afterEach, describe, expect, it } from 'vitest';
import { FakeData } from '../../test/fake-data';
import { getByText } from '../../test/helpers';
import { assessment, cleanupElements, renderElement } from './test-support';
import { TrajectoryChart } from './TrajectoryChart';

afterEach(cleanupElements);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('the trajectory chart', () => {
  it('draws the scores over time with the threshold line, and says the same in a table and a description', async () => {
    const items = [
      assessment({ id: 'b', date: '2026-04-10', score: 0.6 }),
      assessment({ id: 'a', date: '2026-01-10', score: 0.3 }),
      assessment({ id: 'c', date: '2026-07-10', score: 0.8, ready: true, result: 'ready', resultLabel: 'Keluarga siap graduasi.' }),
    ];
    const c = await renderElement(<TrajectoryChart assessments={items} threshold={0.75} />, { data: new FakeData() });
    const svg = c.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    // Labelled by its title and a description with the figures.
    const [titleId, descId] = svg.getAttribute('aria-labelledby')!.split(' ');
    expect(norm(c.querySelector(`[id="${titleId}"]`)?.textContent)).toBe('Perkembangan kesiapan');
    expect(norm(c.querySelector(`[id="${descId}"]`)?.textContent)).toBe('Skor 3 asesmen dari 10 Januari 2026 sampai 10 Juli 2026; ambang siap 75%. Terakhir: 80%, Keluarga siap graduasi.');

    // Points in date order: x grows with the date, y falls as the score rises (SVG y points down).
    const circles = Array.from(svg.querySelectorAll('circle'));
    expect(circles).toHaveLength(3);
    const xs = circles.map((e) => Number(e.getAttribute('cx')));
    const ys = circles.map((e) => Number(e.getAttribute('cy')));
    expect(xs[0]).toBeLessThan(xs[1]!);
    expect(xs[1]).toBeLessThan(xs[2]!);
    // Evenly spaced dates (90 and 91 days apart) land almost evenly.
    expect(Math.abs(xs[1]! - xs[0]! - (xs[2]! - xs[1]!))).toBeLessThan(3);
    expect(ys[0]).toBeGreaterThan(ys[1]!);
    expect(ys[1]).toBeGreaterThan(ys[2]!);
    // Ready points are filled.
    expect(circles.map((e) => e.getAttribute('class'))).toEqual(['chart-point-not-ready', 'chart-point-not-ready', 'chart-point-ready']);
    expect(svg.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(3);

    // The threshold line sits between the 60% and 80% points.
    const threshold = svg.querySelector('.chart-threshold')!;
    const ty = Number(threshold.getAttribute('y1'));
    expect(ty).toBeLessThan(ys[1]!);
    expect(ty).toBeGreaterThan(ys[2]!);
    getByText(svg as unknown as HTMLElement, 'Ambang siap 75%');

    // The table: newest first, each with the threshold it was judged against.
    const rows = Array.from(c.querySelectorAll('tbody tr')).map((r) => Array.from(r.querySelectorAll('td')).map((td) => norm(td.textContent)));
    expect(rows).toEqual([
      ['10 Juli 2026', '80%', 'Keluarga siap graduasi.', '75%, versi 0.1'],
      ['10 April 2026', '60%', 'Keluarga belum siap graduasi.', '75%, versi 0.1'],
      ['10 Januari 2026', '30%', 'Keluarga belum siap graduasi.', '75%, versi 0.1'],
    ]);
  });

  it('shows one assessment as a point without a line; no threshold line when the set has none; an empty state', async () => {
    const c = await renderElement(<TrajectoryChart assessments={[assessment()]} threshold={null} />, { data: new FakeData() });
    expect(c.querySelectorAll('circle')).toHaveLength(1);
    expect(c.querySelector('polyline')).toBeNull();
    expect(c.querySelector('.chart-threshold')).toBeNull();
    expect(norm(c.querySelector('desc')?.textContent)).toContain('Skor 1 asesmen');
    cleanupElements();
    const empty = await renderElement(<TrajectoryChart assessments={[]} threshold={0.75} />, { data: new FakeData(), lang: 'en' });
    expect(empty.querySelector('svg')).toBeNull();
    getByText(empty, 'No readiness assessment yet.');
  });
});
