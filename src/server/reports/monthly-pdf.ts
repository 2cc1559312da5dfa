/**
 * The pendamping's monthly report as a PDF (A4), with pdfmake 0.3 on the server.
 *
 * pdfmake, its fonts and its resource policies (no URL, no local file) are set up in ./pdf-render; photos
 * are passed as data URLs built from the caller's buffers, after checking their signature.
 */
import type { Content, ContentTable, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { PDF_FONT, renderPdf } from './pdf-render';
import {
  cleanText,
  codeLabel,
  formatCount,
  formatDate,
  formatMonth,
  formatRupiahFor,
  formatTimestamp,
  type MonthlyReportData,
  paragraphs,
  percentLabel,
  ROLE_GROUPS,
  reportTotals,
  resolveNarrative,
  rhkHasData,
  rt,
  signatureDate,
  signaturePlace,
  sniffImage,
} from './monthly-report.types';

export interface RenderPdfOptions {
  /** Deflate the page streams (default true). Tests turn it off to read the text. */
  compress?: boolean;
}

/** Renders the monthly report; resolves to the PDF bytes. */
export async function renderMonthlyPdf(data: MonthlyReportData, options: RenderPdfOptions = {}): Promise<Buffer> {
  return renderPdf(buildDocument(data, options));
}

// ---------------------------------------------------------------------------------------------------
// Document definition

const MARGIN = 56; // about 2 cm
const A4_WIDTH = 595.28;
const CONTENT_WIDTH = A4_WIDTH - 2 * MARGIN;
const PHOTO_MAX_HEIGHT = 300;
/**
 * A table of at most this many rows, none with a cell longer than SHORT_CELL_CHARS, is kept on one page.
 * pdfmake drops whatever does not fit on one page of an unbreakable block, so only tables known to be
 * short are kept together, and rows are never made unbreakable (a long narrative may span pages).
 */
const SHORT_TABLE_ROWS = 12;
const SHORT_CELL_CHARS = 120;
/** Longer captions are cut (a photo block is kept on one page). */
const MAX_CAPTION_CHARS = 300;
/** Content starting this far down a page (as a fraction of its height) cannot keep a heading company. */
const ORPHAN_RATIO = 0.96;

/** The number of characters of text in a table cell (for the "short table" test). */
function cellChars(cell: unknown): number {
  if (!cell || typeof cell !== 'object') return typeof cell === 'string' ? cell.length : 0;
  const c = cell as { text?: unknown; stack?: unknown[] };
  let n = typeof c.text === 'string' ? c.text.length : 0;
  if (Array.isArray(c.stack)) for (const part of c.stack) n += cellChars(part);
  return n;
}

const GRID: CustomTableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#8a94a0',
  vLineColor: () => '#8a94a0',
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

/** Builds the pdfmake document definition (exported for tests and previews). */
export function buildDocument(data: MonthlyReportData, options: RenderPdfOptions = {}): TDocumentDefinitions {
  const lang = data.language;
  const L = (key: string, params = {}) => rt(lang, key, params);
  const num = (n: number) => formatCount(lang, n);
  const month = formatMonth(lang, data.month);
  const narrative = resolveNarrative(data);
  const has = rhkHasData(data);
  const tot = reportTotals(data);
  const empty = (): Content => ({ text: L('report.empty'), italics: true, color: '#444444', margin: [0, 2, 0, 8] });

  const heading = (key: string, id: string): Content => ({ text: L(key), style: 'h1', outline: true, id, headlineLevel: 1 });
  const subheading = (key: string, parent?: string): Content => ({
    text: L(key),
    style: 'h2',
    headlineLevel: 2,
    ...(parent ? { outline: true, outlineParentId: parent } : {}),
  });
  const texts = (text: string): Content[] => {
    const ps = paragraphs(text);
    return ps.length ? ps.map((p) => ({ text: p, style: 'body' })) : [empty()];
  };
  const th = (text: string, alignment: 'left' | 'right' | 'center' = 'left'): TableCell => ({ text, style: 'th', alignment });
  const td = (text: string | number, alignment: 'left' | 'right' | 'center' = 'left'): TableCell => ({
    text: typeof text === 'number' ? num(text) : cleanText(text),
    style: 'td',
    alignment,
  });
  const tdn = (n: number) => td(n, 'right');
  /** A grid table; a short one is kept on one page, a long one repeats its header on every page. */
  const table = (widths: Array<number | string>, header: TableCell[], rows: TableCell[][], footer?: TableCell[]): Content => {
    const shortRow = (r: TableCell[]) => r.every((c) => cellChars(c) <= SHORT_CELL_CHARS);
    const t: ContentTable = {
      table: {
        headerRows: 1,
        // Keeps the header with the first row, but only when that row surely fits on a page: pdfmake keeps the
        // pair as an unbreakable block, and drops what does not fit.
        ...(rows.length && shortRow(rows[0]) ? { keepWithHeaderRows: 1 } : {}),
        widths,
        body: [header, ...rows, ...(footer ? [footer] : [])],
      },
      layout: GRID,
      margin: [0, 2, 0, 10],
    };
    return rows.length <= SHORT_TABLE_ROWS && rows.every(shortRow) ? { stack: [t], unbreakable: true } : t;
  };
  const kv = (rows: Array<[string, string | number]>): Content =>
    table(['*', 110], [th(L('report.col.item')), th(L('report.col.count'), 'right')], rows.map(([k, v]) => [td(k), typeof v === 'number' ? tdn(v) : td(v, 'right')]));

  // Title block
  const identity: Array<[string, string]> = [
    [L('report.identity.name'), data.pendamping.name],
    ...(data.pendamping.nip ? ([[L('report.identity.nip'), data.pendamping.nip]] as Array<[string, string]>) : []),
    ...(data.pendamping.id ? ([[L('report.identity.staff_id'), data.pendamping.id]] as Array<[string, string]>) : []),
    [L('report.identity.kelurahan'), data.region.kelurahan.join(', ') || '-'],
    [L('report.identity.kecamatan'), data.region.kecamatan],
    [L('report.identity.kab_kota'), data.region.kabKota],
    [L('report.identity.coordinator'), data.coordinator.name],
    [L('report.identity.generated_at'), formatTimestamp(lang, data.generatedAt)],
  ];
  const titleBlock: Content[] = [
    { text: L('report.title'), style: 'title' },
    { text: L('report.subtitle'), style: 'subtitle' },
    { text: L('report.month_line', { month }).toUpperCase(), style: 'subtitle', bold: true, margin: [0, 0, 0, 6] },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 1 }], margin: [0, 0, 0, 8] },
    {
      table: { widths: [150, 8, '*'], body: identity.map(([k, v]) => [td(k), td(':'), td(v)]) },
      layout: 'noBorders',
      margin: [0, 0, 0, 12],
    },
  ];

  // A. Pendahuluan
  const dasarHukum = cleanText(narrative.dasarHukum)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const sectionA: Content[] = [
    heading('report.section.a', 'sec-a'),
    subheading('report.section.a.umum'),
    ...texts(narrative.umum),
    subheading('report.section.a.maksud_tujuan'),
    ...texts(narrative.maksudTujuan),
    subheading('report.section.a.ruang_lingkup'),
    ...texts(narrative.ruangLingkup),
    subheading('report.section.a.dasar_hukum'),
    dasarHukum.length ? { ol: dasarHukum.map((l) => ({ text: l, style: 'body', margin: [0, 0, 0, 2] })), margin: [0, 0, 0, 8] } : empty(),
  ];

  // B. Kegiatan
  const act = data.activities;
  const countTable = (labelKey: string, items: Array<{ label: string; count: number }>): Content =>
    items.length
      ? table(
          [22, '*', 70],
          [th(L('report.col.no'), 'right'), th(L(labelKey)), th(L('report.col.count'), 'right')],
          items.map((it, i) => [tdn(i + 1), td(it.label), tdn(it.count)]),
          [{ text: '', style: 'td' }, { text: L('report.total'), style: 'th' }, { text: num(items.reduce((s, x) => s + x.count, 0)), style: 'th', alignment: 'right' }],
        )
      : empty();
  const roleRows = ROLE_GROUPS.map((g) => ({ label: codeLabel(lang, 'role_group', g), count: act.byRoleGroup.find((r) => r.group === g)?.count ?? 0 }));
  const sectionB: Content[] = [
    heading('report.section.b', 'sec-b'),
    ...texts(narrative.kegiatan),
    subheading('report.activities.title', 'sec-b'),
    has.activities
      ? [
          { text: L('report.activities.total', { count: num(act.total) }), style: 'body' },
          countTable('report.activities.type', act.byType),
          countTable('report.activities.role_group', roleRows),
          {
            columns: [
              { width: '*', stack: [{ text: L('report.activities.factor'), style: 'h3' }, countTable('report.activities.factor', act.supportingFactors)] },
              { width: '*', stack: [{ text: L('report.activities.obstacle'), style: 'h3' }, countTable('report.activities.obstacle', act.obstacles)] },
            ],
            columnGap: 12,
          },
        ]
      : empty(),
  ];

  // C. Hasil: caseload and RHK 1–6
  const caseload: Content[] = [
    subheading('report.caseload.title', 'sec-c'),
    kv([
      [L('report.caseload.families'), data.caseload.families],
      [L('report.caseload.members'), data.caseload.members],
      ...data.caseload.byStatus.map((s): [string, number] => [`${L('report.caseload.by_status')}: ${codeLabel(lang, 'family_status', s.status)}`, s.count]),
    ]),
  ];

  const p = data.rhk.penyaluran;
  const rhk1: Content[] = [
    subheading('report.rhk.1', 'sec-c'),
    has.penyaluran
      ? [
          kv([
            ...(p.tahap ? ([[L('report.rhk1.tahap'), p.tahap]] as Array<[string, string]>) : []),
            ...(p.familiesTargeted !== undefined ? ([[L('report.rhk1.families_targeted'), p.familiesTargeted]] as Array<[string, number]>) : []),
            [L('report.rhk1.families_paid'), p.familiesPaid],
            ...(p.familiesTargeted !== undefined
              ? ([[L('report.rhk1.families_unpaid'), Math.max(0, p.familiesTargeted - p.familiesPaid)]] as Array<[string, number]>)
              : []),
            ...(p.amountPaid !== undefined ? ([[L('report.rhk1.amount_paid'), formatRupiahFor(lang, p.amountPaid)]] as Array<[string, string]>) : []),
            [L('report.rhk1.problem_count'), p.problems.length],
          ]),
          ...(p.problems.length
            ? [
                table(
                  [22, '*', 50, '*', 60],
                  [th(L('report.col.no'), 'right'), th(L('report.rhk1.problem')), th(L('report.rhk1.problem_families'), 'right'), th(L('report.rhk1.follow_up')), th(L('report.col.status'))],
                  p.problems.map((x, i) => [
                    tdn(i + 1),
                    td(x.description),
                    tdn(x.families),
                    td(x.followUp ?? '-'),
                    td(L(x.resolved ? 'report.rhk1.resolved' : 'report.rhk1.open')),
                  ]),
                ),
              ]
            : []),
        ]
      : empty(),
  ];

  const sessions = data.rhk.p2k2;
  const sessionRows: TableCell[][] = [];
  sessions.forEach((s, i) => {
    sessionRows.push([
      tdn(i + 1),
      td(formatDate(lang, s.date)),
      td(s.group),
      { stack: [{ text: cleanText(s.module), style: 'td' }, { text: cleanText(s.session), style: 'td', color: '#333333' }] },
      td(s.place),
      td(`${num(s.present)}/${num(s.total)}`, 'right'),
    ]);
    if (s.narrative?.trim()) {
      sessionRows.push([{ text: '', style: 'td' }, { text: cleanText(s.narrative), style: 'td', italics: true, colSpan: 5 }, {}, {}, {}, {}]);
    }
  });
  const rhk2: Content[] = [
    subheading('report.rhk.2', 'sec-c'),
    has.p2k2
      ? [
          {
            text:
              L('report.rhk2.summary', {
                sessions: num(tot.meetings),
                groups: num(tot.groups),
                present: num(tot.present),
                total: num(tot.attendees),
                rate: percentLabel(lang, tot.present, tot.attendees),
              }) + (tot.makeups > 0 ? ` ${L('report.rhk2.summary_makeups', { makeups: num(tot.makeups), present: num(tot.makeupPresent) })}` : ''),
            style: 'body',
          },
          table(
            [22, 62, 70, '*', 70, 44],
            [
              th(L('report.col.no'), 'right'),
              th(L('report.col.date')),
              th(L('report.rhk2.group')),
              th(`${L('report.rhk2.module')} / ${L('report.rhk2.session')}`),
              th(L('report.rhk2.place')),
              th(`${L('report.rhk2.present')}/${L('report.rhk2.total')}`, 'right'),
            ],
            sessionRows,
          ),
        ]
      : empty(),
  ];

  const ver = data.rhk.verifikasi;
  const rhk3: Content[] = [
    subheading('report.rhk.3', 'sec-c'),
    has.verifikasi
      ? table(
          ['*', 62, 62, 62, 52],
          [
            th(L('report.rhk3.kind')),
            th(L('report.rhk3.verified'), 'right'),
            th(L('report.rhk3.compliant'), 'right'),
            th(L('report.rhk3.non_compliant'), 'right'),
            th(L('report.rhk3.rate'), 'right'),
          ],
          ver.map((v) => [
            td(codeLabel(lang, 'verification', v.kind)),
            tdn(v.verified),
            tdn(v.compliant),
            tdn(v.nonCompliant),
            td(percentLabel(lang, v.compliant, v.compliant + v.nonCompliant), 'right'),
          ]),
          [
            { text: L('report.total'), style: 'th' },
            { text: num(tot.verified), style: 'th', alignment: 'right' },
            { text: num(tot.compliant), style: 'th', alignment: 'right' },
            { text: num(tot.nonCompliant), style: 'th', alignment: 'right' },
            { text: percentLabel(lang, tot.compliant, tot.compliant + tot.nonCompliant), style: 'th', alignment: 'right' },
          ],
        )
      : empty(),
  ];

  const g = data.rhk.graduasi;
  const rhk4: Content[] = [
    subheading('report.rhk.4', 'sec-c'),
    has.graduasi
      ? [
          kv([
            [L('report.rhk4.candidates'), g.candidates],
            [L('report.rhk4.proposed'), g.proposed],
            [L('report.rhk4.graduated'), g.graduated],
          ]),
          ...(g.families?.length
            ? [
                table(
                  [22, '*', 90, 110, 60],
                  [th(L('report.col.no'), 'right'), th(L('report.rhk4.family')), th(L('report.rhk4.kelurahan')), th(L('report.rhk4.kind')), th(L('report.rhk4.stage'))],
                  g.families.map((f, i) => [
                    tdn(i + 1),
                    td(f.name),
                    td(f.kelurahan ?? '-'),
                    td(codeLabel(lang, 'graduation', f.kind)),
                    td(codeLabel(lang, 'graduation_stage', f.stage)),
                  ]),
                ),
              ]
            : []),
        ]
      : empty(),
  ];

  const upd = data.rhk.pemutakhiran;
  const rhk5: Content[] = [
    subheading('report.rhk.5', 'sec-c'),
    has.pemutakhiran
      ? table(
          ['*', 80, 80],
          [th(L('report.rhk5.kind')), th(L('report.rhk5.proposed'), 'right'), th(L('report.rhk5.confirmed'), 'right')],
          upd.map((u) => [td(codeLabel(lang, 'data_update', u.kind)), tdn(u.proposed), tdn(u.confirmed)]),
          [
            { text: L('report.total'), style: 'th' },
            { text: num(tot.updatesProposed), style: 'th', alignment: 'right' },
            { text: num(tot.updatesConfirmed), style: 'th', alignment: 'right' },
          ],
        )
      : empty(),
  ];

  const cases = data.rhk.responKasus;
  const statusCounts = new Map<string, number>();
  for (const c of cases) statusCounts.set(c.status, (statusCounts.get(c.status) ?? 0) + 1);
  const rhk6: Content[] = [
    subheading('report.rhk.6', 'sec-c'),
    has.responKasus
      ? [
          table(
            [22, 58, 70, 70, '*', 52],
            [
              th(L('report.col.no'), 'right'),
              th(L('report.col.date')),
              th(L('report.rhk6.family')),
              th(L('report.rhk6.kind')),
              th(`${L('report.rhk6.summary')} / ${L('report.rhk6.action')}`),
              th(L('report.col.status')),
            ],
            cases.map((c, i) => [
              tdn(i + 1),
              td(formatDate(lang, c.date)),
              td(c.family ?? '-'),
              td(c.kind),
              td([c.summary, c.action].filter((x) => x?.trim()).join(' — ') || '-'),
              td(codeLabel(lang, 'case_status', c.status)),
            ]),
          ),
          kv([...statusCounts].map(([s, n]): [string, number] => [`${L('report.rhk6.by_status')}: ${codeLabel(lang, 'case_status', s)}`, n])),
        ]
      : empty(),
  ];

  const sectionC: Content[] = [heading('report.section.c', 'sec-c'), ...texts(narrative.hasil), ...caseload, ...rhk1, ...rhk2, ...rhk3, ...rhk4, ...rhk5, ...rhk6];
  const sectionD: Content[] = [heading('report.section.d', 'sec-d'), ...texts(narrative.simpulanSaran)];
  const sectionE: Content[] = [heading('report.section.e', 'sec-e'), ...texts(narrative.penutup)];

  // Signature block: a borderless two-column table, so both names sit on the same line whatever wraps above.
  const sig = (text: string, extra: object = {}): TableCell => ({ text, fontSize: 10, alignment: 'center', ...extra });
  const nip = (value?: string): TableCell => sig(value ? L('report.signature.nip', { nip: value }) : '');
  const signature: Content = {
    unbreakable: true,
    margin: [0, 24, 0, 0],
    table: {
      widths: ['*', '*'],
      body: [
        [sig(''), sig(L('report.signature.place_date', { place: signaturePlace(data), date: formatDate(lang, signatureDate(data)) }))],
        [sig(L('report.signature.acknowledged')), sig('')],
        [sig(cleanText(data.coordinator.title) || L('report.signature.coordinator')), sig(L('report.signature.pendamping'))],
        [sig('', { margin: [0, 0, 0, 48] }), sig('')],
        [sig(cleanText(data.coordinator.name), { bold: true, decoration: 'underline' }), sig(cleanText(data.pendamping.name), { bold: true, decoration: 'underline' })],
        [nip(data.coordinator.nip), nip(data.pendamping.nip)],
      ],
    },
    layout: 'noBorders',
  };

  // Appendices: the daily log (when given) and the photos
  const log = act.log ?? [];
  const logAppendix: Content[] = log.length
    ? [
        { text: L('report.appendix.activity_log').toUpperCase(), style: 'h1', outline: true, pageBreak: 'before' },
        table(
          [26, 62, 80, 80, '*'],
          [th(L('report.col.no'), 'right'), th(L('report.col.date')), th(L('report.activities.type')), th(L('report.activities.family')), th(`${L('report.activities.roles')} / ${L('report.col.notes')}`)],
          log.map((e, i) => [
            tdn(i + 1),
            td(formatDate(lang, e.date)),
            td(e.type),
            td(e.family ?? '-'),
            td([e.roles?.join(', '), e.notes].filter((x) => x?.trim()).join(' — ') || '-'),
          ]),
        ),
      ]
    : [];

  const images: Record<string, string> = {};
  const photoBlocks: Content[] = data.photos.map((photo, i) => {
    const captionText = cleanText(photo.caption).trim();
    const caption = L('report.photo.caption', {
      n: i + 1,
      caption: captionText.length > MAX_CAPTION_CHARS ? `${captionText.slice(0, MAX_CAPTION_CHARS - 1)}…` : captionText,
    });
    const kind = sniffImage(photo.data);
    const captionLines: Content[] = [
      { text: caption, style: 'caption' },
      { text: [formatDate(lang, photo.date), cleanText(photo.activity).trim()].filter(Boolean).join(' · '), style: 'caption', color: '#555555' },
    ];
    if (!kind) {
      return { unbreakable: true, margin: [0, 0, 0, 14], stack: [{ text: L('report.photo.unreadable'), italics: true, style: 'body' }, ...captionLines] };
    }
    const name = `photo${i}`;
    images[name] = `data:${kind};base64,${photo.data.toString('base64')}`;
    return {
      unbreakable: true,
      margin: [0, 0, 0, 14],
      stack: [{ image: name, fit: [CONTENT_WIDTH, PHOTO_MAX_HEIGHT], alignment: 'center' }, ...captionLines],
    };
  });
  const photoAppendix: Content[] = [
    { text: L('report.appendix.photos'), style: 'h1', outline: true, pageBreak: 'before', alignment: 'center' },
    ...(photoBlocks.length ? photoBlocks : [{ text: L('report.empty.photos'), italics: true, style: 'body' } as Content]),
  ];

  const generated = new Date(data.generatedAt);
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN],
    compress: options.compress ?? true,
    language: lang === 'id' ? 'id-ID' : 'en-GB',
    info: {
      title: `${L('report.title')} — ${month}`,
      author: cleanText(data.pendamping.name),
      subject: `${data.region.kecamatan}, ${data.region.kabKota}`,
      creator: 'Titian',
      producer: 'Titian (pdfmake)',
      ...(Number.isNaN(generated.getTime()) ? {} : { creationDate: generated }),
    },
    images,
    defaultStyle: { font: PDF_FONT, fontSize: 10, lineHeight: 1.15 },
    styles: styles(),
    // A heading left alone at the foot of a page moves to the next one (pdfmake then lays the document out
    // again). Nodes of a block that moved to the next page keep their old position near the foot of this
    // page, so "nothing follows" means nothing starting above the last few percent of the page.
    pageBreakBefore: (node, nodes) => {
      if (!node.headlineLevel) return false;
      const at = node.startPosition?.verticalRatio ?? 0;
      // Only what lies below the heading counts (the page footer is also "on the page").
      return nodes
        .getFollowingNodesOnPage()
        .filter((n) => (n.startPosition?.verticalRatio ?? 0) > at)
        .every((n) => (n.startPosition?.verticalRatio ?? 1) >= ORPHAN_RATIO);
    },
    footer: (page: number, pages: number) => ({
      text: L('report.footer', { month, name: cleanText(data.pendamping.name), page, pages }),
      alignment: 'center',
      fontSize: 8,
      color: '#666666',
      margin: [MARGIN, 20, MARGIN, 0],
    }),
    content: [
      ...titleBlock,
      ...sectionA,
      ...sectionB,
      ...sectionC,
      ...sectionD,
      ...sectionE,
      signature,
      ...logAppendix,
      ...photoAppendix,
    ],
  };
}

function styles(): TDocumentDefinitions['styles'] {
  return {
    title: { fontSize: 15, bold: true, alignment: 'center', margin: [0, 0, 0, 2] },
    subtitle: { fontSize: 11, alignment: 'center', margin: [0, 0, 0, 2] },
    h1: { fontSize: 12, bold: true, margin: [0, 12, 0, 6] },
    h2: { fontSize: 10.5, bold: true, margin: [0, 6, 0, 4] },
    h3: { fontSize: 10, bold: true, margin: [0, 2, 0, 2] },
    body: { fontSize: 10, alignment: 'justify', margin: [0, 0, 0, 6] },
    th: { fontSize: 9, bold: true, fillColor: '#e6ebf0' },
    td: { fontSize: 9 },
    caption: { fontSize: 9, alignment: 'center' },
  };
}
