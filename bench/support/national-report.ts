/**
 * The national benchmarks' results: one shape for every case (engine, size, value, unit, targets, ratio to
 * a baseline measured in the same run, memory), and the Markdown tables that say plainly which targets are
 * missed.
 */
import type { Engine } from '../../src/server/db/database';

export interface Target {
  /** e.g. `>= 50,000 members/s`, `<= 5x bare scan`. */
  text: string;
  met: boolean;
}

export interface NationalCase {
  engine: Engine;
  group: 'national';
  /** A stable id: `import`, `import.rest`, `import.memory`, `nightly`, `dashboard`, `api.families`, ... */
  id: string;
  name: string;
  /** What the case ran on, e.g. `1,000,000 families / 3,912,345 members`. */
  size: string;
  families?: number;
  members?: number;
  value: number;
  unit: string;
  /** All targets joined (`>= 50,000 members/s; >= 0.25 x baseline`), null for a case measured for information. */
  target: string | null;
  targets: Target[];
  /** true when every target is met; null without targets. */
  met: boolean | null;
  /** value / baseline value (for rates: the case's rate over the baseline's; for times: the case's over the baseline's). */
  ratio?: number | null;
  baseline?: { name: string; value: number; unit: string } | null;
  /** Memory of the process doing the work (MiB): at start, peak, at the end. */
  rssMb?: { start?: number; peak: number; end?: number; process: string } | null;
  details?: Record<string, unknown>;
  note?: string;
}

export function nationalCase(c: Omit<NationalCase, 'group' | 'target' | 'met' | 'targets'> & { targets?: Target[] }): NationalCase {
  const targets = c.targets ?? [];
  return {
    group: 'national',
    ...c,
    targets,
    target: targets.length ? targets.map((t) => t.text).join('; ') : null,
    met: targets.length ? targets.every((t) => t.met) : null,
  };
}

const fmtNumber = (v: number) => {
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
};

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'failed';
  return `${fmtNumber(value)} ${unit}`;
}

function metCell(c: NationalCase): string {
  if (c.met === null) return '—';
  if (c.met) return '✓ met';
  const missed = c.targets.filter((t) => !t.met).map((t) => t.text);
  return `✗ **MISSED** (${missed.join('; ')})`;
}

function ratioCell(c: NationalCase): string {
  if (c.ratio === undefined || c.ratio === null || !c.baseline) return '';
  return `${c.ratio.toFixed(c.ratio >= 10 ? 1 : 2)} of ${c.baseline.name} (${formatValue(c.baseline.value, c.baseline.unit)})`;
}

function rssCell(c: NationalCase): string {
  if (!c.rssMb) return '';
  const r = c.rssMb;
  const parts = [r.start !== undefined ? `start ${r.start.toFixed(0)}` : '', `peak ${r.peak.toFixed(0)}`, r.end !== undefined ? `end ${r.end.toFixed(0)}` : ''].filter(Boolean);
  return `${parts.join(' / ')} MiB (${r.process})`;
}

const esc = (s: string) => s.replace(/\|/g, '\\|');

/** One table per engine: case, size, value, target, met, ratio to the baseline, RSS. */
export function nationalMarkdown(cases: NationalCase[], heading = '## National scale'): string[] {
  if (cases.length === 0) return [];
  const out: string[] = [heading, ''];
  const missed = cases.filter((c) => c.met === false);
  out.push(
    missed.length === 0
      ? `Every target with a figure was met (${cases.filter((c) => c.met).length} cases with targets).`
      : `**${missed.length} target${missed.length === 1 ? '' : 's'} MISSED**: ${missed.map((c) => `${c.engine} ${c.id}`).join(', ')}.`,
    '',
  );
  for (const engine of [...new Set(cases.map((c) => c.engine))]) {
    out.push(`### ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, '');
    out.push('| case | size | value | target | met | ratio to baseline | RSS |', '| --- | --- | ---: | --- | --- | --- | --- |');
    for (const c of cases.filter((x) => x.engine === engine)) {
      out.push(`| ${esc(c.name)} | ${esc(c.size)} | ${formatValue(c.value, c.unit)} | ${esc(c.target ?? '—')} | ${esc(metCell(c))} | ${esc(ratioCell(c))} | ${esc(rssCell(c))} |`);
    }
    const notes = cases.filter((x) => x.engine === engine && x.note);
    if (notes.length) {
      out.push('');
      for (const c of notes) out.push(`- ${c.name}: ${c.note}`);
    }
    out.push('');
  }
  return out;
}
