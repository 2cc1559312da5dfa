/**
 * The research report as a PDF (A4, pdfmake through ../reports/pdf-render): the codebook, categories with their
 * codes, relations, the core category with its storyline, code frequencies and up to three example passages
 * per code, each with its document's title (pseudonymised when a researcher asks). Every word, date and title is
 * in the reader's language (`lang`).
 */
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Lang } from '../../shared/i18n/index';
import { formatTimestamp } from '../reports/monthly-report.types';
import { t } from '../../shared/i18n/index';
import { PDF_FONT, renderPdf } from '../reports/pdf-render';

export interface ResearchReportData {
  lang: Lang;
  generatedAt: string;
  user: string;
  pseudonymised: boolean;
  codes: Array<{ code: string; label: string; kind: string; group: string | null; source: string | null }>;
  categories: Array<{ name: string; description: string | null; codes: string[]; isCore: boolean }>;
  relations: Array<{ from: string; to: string; label: string }>;
  core: { category: string; storyline: string } | null;
  /** Up to three passages per code, each with the title of its document in the reader's language. */
  frequencies: Array<{ code: string; label: string; segments: number; documents: number; examples: Array<{ text: string; document: string }> }>;
}

const clip = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function buildResearchReport(d: ResearchReportData): TDocumentDefinitions {
  const L = (key: string, params?: Record<string, string>) => t(d.lang, key, params);
  const h = (text: string): Content => ({ text, style: 'h2', margin: [0, 14, 0, 6] });
  const none: Content = { text: L('research.report.none'), italics: true };
  const table = (head: string[], rows: TableCell[][], widths: Array<string | number>): Content => ({
    table: { headerRows: 1, widths, body: [head.map((x) => ({ text: x, bold: true })), ...rows] },
    layout: 'lightHorizontalLines',
    fontSize: 9,
  });
  const content: Content[] = [
    { text: L('research.report.title'), style: 'h1' },
    { text: L('research.report.generated', { at: formatTimestamp(d.lang, d.generatedAt), user: d.user }), fontSize: 9, color: '#555' },
  ];
  if (d.pseudonymised) content.push({ text: L('research.report.pseudonymised'), fontSize: 9, italics: true, margin: [0, 4, 0, 0] });
  content.push(h(L('research.report.codebook')));
  content.push(
    table(
      [L('research.report.col.code'), L('research.report.col.label'), L('research.report.col.kind')],
      d.codes.map((c) => [c.code, c.label, [c.kind, c.group ?? c.source].filter(Boolean).join(' · ')]),
      ['auto', '*', 'auto'],
    ),
  );
  content.push(h(L('research.report.categories')));
  content.push(
    d.categories.length
      ? { ul: d.categories.map((c) => ({ text: [{ text: `${c.name}${c.isCore ? ' ★' : ''}`, bold: true }, c.description ? ` — ${c.description}` : '', `: ${c.codes.join(', ') || '—'}`] })) }
      : none,
  );
  content.push(h(L('research.report.relations')));
  content.push(d.relations.length ? { ul: d.relations.map((r) => `${r.from} → ${r.to}: ${r.label}`) } : none);
  content.push(h(L('research.report.core')));
  content.push(d.core ? [{ text: d.core.category, bold: true }, { text: d.core.storyline || '—', margin: [0, 4, 0, 0] }] : { text: L('research.report.no_core'), italics: true });
  content.push(h(L('research.report.frequencies')));
  content.push(
    d.frequencies.length
      ? table(
          [L('research.report.col.code'), L('research.report.col.label'), L('research.report.col.segments'), L('research.report.col.documents')],
          d.frequencies.map((f) => [f.code, f.label, String(f.segments), String(f.documents)]),
          ['auto', '*', 'auto', 'auto'],
        )
      : none,
  );
  content.push(h(L('research.report.examples')));
  const withExamples = d.frequencies.filter((f) => f.examples.length);
  content.push(
    withExamples.length
      ? withExamples.map((f): Content => [{ text: `${f.label} (${f.code})`, bold: true, margin: [0, 6, 0, 2] }, { ul: f.examples.map((e) => ({ text: [{ text: `“${clip(e.text)}”`, italics: true }, { text: ` (${e.document})`, color: '#555' }], fontSize: 9 })) }])
      : none,
  );
  return {
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 56],
    info: { title: L('research.report.title') },
    defaultStyle: { font: PDF_FONT, fontSize: 10 },
    styles: { h1: { fontSize: 16, bold: true }, h2: { fontSize: 12, bold: true } },
    content,
  };
}

export async function renderResearchReport(d: ResearchReportData): Promise<Buffer> {
  return renderPdf(buildResearchReport(d));
}
