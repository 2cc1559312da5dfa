import { act } from 'react';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupElements, norm, renderElement } from '../test-support';
import { BarChart } from './BarChart';
import { ChartTable } from './ChartTable';
import { niceMax, ticks } from './common';
import { FunnelChart } from './FunnelChart';
import { LineChart } from './LineChart';
import { StackedBarChart } from './StackedBarChart';

afterEach(cleanupElements);
// The stylesheet as the browser gets it (vitest empties CSS imports).
/** happy-dom's own controls (the test window's size); not in the DOM's types. */
const happyDom = (window as unknown as { happyDOM: { setViewport(v: { width: number; height: number }): void } }).happyDOM;
const dashboardCss = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'dashboard.css'), 'utf8');
const fmt = (n: number) => new Intl.NumberFormat('id-ID').format(n);

describe('the dashboard charts', () => {
  it('niceMax rounds the scale up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 12, 24, 180, 1234].map(niceMax)).toEqual([1, 1, 5, 10, 20, 25, 200, 2000]);
  });

  it('ticks of a count are whole numbers, from 0 to the scale', () => {
    expect(ticks(1, 4, true)).toEqual([0, 1]);
    expect(ticks(2, 4, true)).toEqual([0, 1, 2]);
    expect(ticks(5, 4, true)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ticks(10, 4, true)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(ticks(25, 4, true)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(ticks(2000, 4, true)).toEqual([0, 500, 1000, 1500, 2000]);
    for (const max of [0, 1, 3, 7, 12, 24, 180, 1234].map(niceMax)) {
      const t = ticks(max, 4, true);
      expect(t.every(Number.isInteger), String(max)).toBe(true);
      expect(t.at(-1), String(max)).toBe(max);
      expect(t.length, String(max)).toBeLessThanOrEqual(6);
    }
    expect(ticks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('bar chart: one row per item, bars proportional to the values, a target marker, rows as buttons that drill down', async () => {
    const picked: string[] = [];
    const c = await renderElement(
      <BarChart
        title="Kesiapan"
        items={[
          { key: 'ready', label: 'Siap', value: 40, target: 50 },
          { key: 'none', label: 'Belum diases', value: 1200 },
        ]}
        max={2000}
        format={fmt}
        targetLabel="target"
        onSelect={(k) => picked.push(k)}
        selectLabel={(i) => `Lihat ${i.value} keluarga: ${i.label}`}
      />,
    );
    expect(norm(c.querySelector('figcaption')?.textContent)).toBe('Kesiapan');
    const buttons = Array.from(c.querySelectorAll('button'));
    expect(buttons.map((b) => norm(b.querySelector('.visually-hidden')?.textContent))).toEqual(['(Lihat 40 keluarga: Siap)', '(Lihat 1200 keluarga: Belum diases)']);
    expect(norm(buttons[1]!.textContent)).toContain('1.200');
    const widths = Array.from(c.querySelectorAll('.bar-fill')).map((r) => Number(r.getAttribute('width')));
    expect(widths).toEqual([2, 60]);
    expect(Number(c.querySelector('.bar-target')!.getAttribute('x'))).toBe(2.5);
    expect(norm(buttons[0]!.textContent)).toContain('target 50');
    await act(async () => buttons[1]!.click());
    expect(picked).toEqual(['none']);
  });

  it('bar chart: every row draws its bar on a track of the same length, whatever its value text says (wide and phone)', async () => {
    const style = document.createElement('style');
    style.textContent = dashboardCss;
    document.head.appendChild(style);
    try {
      const c = await renderElement(
        <BarChart
          title="Kepatuhan"
          max={100}
          items={[
            { key: 'a', label: 'Pemeriksaan kehamilan', value: 70.2, valueText: '70,2% (120 dari 171 keluarga)' },
            { key: 'b', label: 'Sekolah', value: 62, valueText: '62% (31 dari 50 keluarga)' },
            { key: 'c', label: 'Posyandu', value: 9, valueText: '9%' },
          ]}
          format={fmt}
        />,
      );
      // One value-column width for the whole list, from its longest value (29 characters).
      const list = c.querySelector<HTMLElement>('.bar-rows')!;
      expect(list.style.getPropertyValue('--chart-value-ch')).toBe('29');
      const rows = Array.from(c.querySelectorAll<HTMLElement>('.bar-row'));
      expect(rows).toHaveLength(3);
      const wide = rows.map((r) => getComputedStyle(r).gridTemplateColumns);
      // No column sized by its own content ("auto"): the value column is the list's, the same in every row.
      expect(wide).toEqual(Array(3).fill('minmax(6rem, 38%) minmax(0, 1fr) min(calc(29 * 0.6em + 0.25rem), 40%)'));
      const area = (el: Element | null) => getComputedStyle(el!).gridArea.split('/')[0]!.trim();
      expect(rows.map((r) => [area(r.querySelector('.bar-label')), area(r.querySelector('.bar-svg')), area(r.querySelector('.bar-value'))])).toEqual(Array(3).fill(['label', 'bar', 'value']));

      // On a 412 px phone the bar has a line of its own across the whole row; the value sits beside the label.
      const viewport = { width: window.innerWidth, height: window.innerHeight };
      happyDom.setViewport({ width: 412, height: 900 });
      try {
        style.textContent = `${dashboardCss}\n`; // happy-dom reads the media queries again when the sheet changes
        expect(window.matchMedia('(max-width: 480px)').matches).toBe(true);
        for (const r of rows) {
          expect(getComputedStyle(r).gridTemplateAreas.replace(/\s+/g, ' ')).toBe("'label value' 'bar bar'");
          expect(area(r.querySelector('.bar-svg'))).toBe('bar');
        }
      } finally {
        happyDom.setViewport(viewport);
      }
    } finally {
      style.remove();
    }
  });

  it('funnel: the value column is shared by the stages, so the bars are centred on the same track', async () => {
    const c = await renderElement(
      <FunnelChart
        title="Alur"
        stages={[
          { key: 'candidate', label: 'Kandidat', value: 1200 },
          { key: 'proposed', label: 'Diusulkan', value: 5 },
        ]}
        format={fmt}
      />,
    );
    expect(c.querySelector<HTMLElement>('.funnel-rows')!.style.getPropertyValue('--chart-value-ch')).toBe('5');
  });

  it('stacked bars: segments stacked per category with their own accessible names; keyboard drills down; zero segments are not drawn', async () => {
    const picked: string[] = [];
    const c = await renderElement(
      <StackedBarChart
        title="Graduasi per bulan"
        categories={[
          { key: '2026-05', label: 'Mei 2026', values: { a: 2, b: 3 } },
          { key: '2026-06', label: 'Jun 2026', values: { a: 0, b: 5 } },
        ]}
        series={[
          { key: 'a', label: 'Alamiah' },
          { key: 'b', label: 'Sejahtera mandiri' },
        ]}
        format={fmt}
        onSelect={(cat, s) => picked.push(`${cat}:${s}`)}
      />,
    );
    const segments = Array.from(c.querySelectorAll('rect.chart-segment'));
    expect(segments.map((s) => s.getAttribute('aria-label'))).toEqual(['Mei 2026, Alamiah: 2', 'Mei 2026, Sejahtera mandiri: 3', 'Jun 2026, Sejahtera mandiri: 5']);
    // Stacked: the second segment sits on top of the first (smaller y), both columns reach the same total height.
    const [a, b, only] = segments.map((s) => ({ y: Number(s.getAttribute('y')), h: Number(s.getAttribute('height')) }));
    expect(b!.y + b!.h).toBeCloseTo(a!.y, 5);
    expect(b!.y).toBeCloseTo(only!.y, 5);
    expect(Array.from(c.querySelectorAll('.chart-legend li')).map((l) => norm(l.textContent))).toEqual(['Alamiah', 'Sejahtera mandiri']);
    // Month labels in two lines (month over year), so neighbours do not overlap on a phone.
    expect(Array.from(c.querySelectorAll('.chart-axis-label')).map((l) => Array.from(l.querySelectorAll('tspan')).map((t) => t.textContent))).toEqual([
      ['Mei', '2026'],
      ['Jun', '2026'],
    ]);
    await act(async () => {
      segments[2]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(picked).toEqual(['2026-06:b']);
    expect(segments[0]!.getAttribute('tabindex')).toBe('0');
  });

  it('funnel: stages in order, the widest the largest, centred; a stage with nothing has no bar', async () => {
    const c = await renderElement(
      <FunnelChart
        title="Alur"
        stages={[
          { key: 'candidate', label: 'Kandidat', value: 20 },
          { key: 'proposed', label: 'Diusulkan', value: 5 },
          { key: 'approved', label: 'Disetujui', value: 0 },
        ]}
        format={fmt}
        onSelect={() => {}}
      />,
    );
    expect(Array.from(c.querySelectorAll('.funnel-label')).map((l) => l.textContent)).toEqual(['Kandidat', 'Diusulkan', 'Disetujui']);
    const bars = Array.from(c.querySelectorAll('.funnel-bar')).map((r) => ({ x: Number(r.getAttribute('x')), w: Number(r.getAttribute('width')) }));
    expect(bars.map((b) => b.w)).toEqual([100, 25, 0]);
    expect(bars[1]!.x).toBe(37.5);
    expect(c.querySelectorAll('button')).toHaveLength(3);
  });

  it('line chart of counts: whole-number gridlines only', async () => {
    const c = await renderElement(
      <LineChart
        title="Graduasi kumulatif"
        description="5 keluarga graduasi."
        points={[
          { key: '1', label: 'Mei', value: 1 },
          { key: '2', label: 'Jun', value: 5 },
        ]}
        format={fmt}
      />,
    );
    const labels = Array.from(c.querySelectorAll('.chart-grid text')).map((t) => t.textContent ?? '');
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.every((l) => /^\d+$/.test(l.replace(/\./g, '')))).toBe(true);
  });

  it('line chart: an image with a title and a description, points in order rising with the values', async () => {
    const c = await renderElement(
      <LineChart
        title="Graduasi kumulatif"
        description="6 keluarga graduasi."
        points={[
          { key: '1', label: 'Mei', value: 1 },
          { key: '2', label: 'Jun', value: 3 },
          { key: '3', label: 'Jul', value: 6 },
        ]}
        format={fmt}
      />,
    );
    const svg = c.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    const [t, d] = svg.getAttribute('aria-labelledby')!.split(' ');
    expect(c.querySelector(`[id="${t}"]`)?.textContent).toBe('Graduasi kumulatif');
    expect(c.querySelector(`[id="${d}"]`)?.textContent).toBe('6 keluarga graduasi.');
    const ys = Array.from(svg.querySelectorAll('circle')).map((e) => Number(e.getAttribute('cy')));
    expect(ys[0]).toBeGreaterThan(ys[1]!);
    expect(ys[1]).toBeGreaterThan(ys[2]!);
    expect(svg.querySelector('polyline')!.getAttribute('points')!.split(' ')).toHaveLength(3);
  });

  it('table alternative: a caption, headers, formatted numbers and percents, buttons only on non-zero family counts', async () => {
    const picked: string[] = [];
    const c = await renderElement(
      <ChartTable
        caption="Kepatuhan"
        rowHeader="Uraian"
        columns={[
          { key: 'families', label: 'Keluarga', unit: 'families' },
          { key: 'compliant', label: 'Patuh', unit: 'families' },
          { key: 'rate', label: 'Tingkat (%)', unit: 'percent' },
        ]}
        rows={[
          { key: 'p', label: 'Pendidikan', values: { families: 1500, compliant: 0, rate: 72.5 } },
          { key: 'k', label: 'Kesehatan', values: { families: 10, compliant: 10, rate: null } },
        ]}
        format={fmt}
        formatPercent={(n) => `${fmt(n)}%`}
        onSelect={(r, col) => picked.push(`${r}:${col}`)}
      />,
    );
    expect(c.querySelector('caption')?.textContent).toBe('Kepatuhan');
    expect(Array.from(c.querySelectorAll('thead th')).map((th) => th.textContent)).toEqual(['Uraian', 'Keluarga', 'Patuh', 'Tingkat (%)']);
    const cells = Array.from(c.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.children).map((td) => norm(td.textContent)));
    expect(cells).toEqual([
      ['Pendidikan', '1.500', '0', '72,5%'],
      ['Kesehatan', '10', '10', '–'],
    ]);
    const buttons = Array.from(c.querySelectorAll('tbody button'));
    expect(buttons).toHaveLength(3);
    await act(async () => (buttons[0] as HTMLButtonElement).click());
    expect(picked).toEqual(['p:families']);
  });
});
