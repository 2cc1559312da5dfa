/**
 * The pendamping's monthly report as a workbook (exceljs 4.4): a summary sheet ("Ringkasan") with the
 * identity, the caseload, the RHK results and the texts of sections A–E, then one sheet per RHK item and
 * the activity recap. Sheet names are Indonesian whatever the report's language (they are stable for
 * whoever reads the file programmatically); headings and labels follow the report's language.
 * Numbers are numbers, dates are real dates (whole days at UTC midnight), percentages are fractions with a
 * percent format; every sheet has a styled, frozen header.
 */
import type { Cell, Workbook, Worksheet } from 'exceljs';
import {
  calendarDateToUtc,
  cleanText,
  codeLabel,
  formatMonth,
  type MonthlyReportData,
  type ReportLang,
  ROLE_GROUPS,
  reportTotals,
  resolveNarrative,
  rhkHasData,
  rt,
  signatureDate,
} from './monthly-report.types';
import { loadExcel } from '../excel';

/** Sheet names (Indonesian, at most 31 characters, in workbook order). */
export const SHEETS = {
  summary: 'Ringkasan',
  rhk1: 'RHK1 Penyaluran Bansos',
  rhk2: 'RHK2 P2K2',
  rhk3: 'RHK3 Verifikasi Komitmen',
  rhk4: 'RHK4 Graduasi',
  rhk5: 'RHK5 Pemutakhiran Data',
  rhk6: 'RHK6 Respon Kasus',
  activities: 'Kegiatan',
  activityLog: 'Rincian Kegiatan',
  photos: 'Dokumentasi',
} as const;

/** Renders the monthly report; resolves to the XLSX bytes. */
export async function renderMonthlyXlsx(data: MonthlyReportData): Promise<Buffer> {
  const { Workbook: WorkbookClass } = await loadExcel();
  const wb = new WorkbookClass();
  fillWorkbook(wb, data);
  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------------

type Kind = 'text' | 'wrap' | 'int' | 'date' | 'pct' | 'rp' | 'month' | 'timestamp';
interface Col {
  header: string;
  kind: Kind;
}

const MAX_CELL_TEXT = 32_767;
const HEADER_FILL = 'FFE6EBF0';
const THIN = { style: 'thin' as const, color: { argb: 'FF8A94A0' } };
const JAKARTA_OFFSET_MS = 7 * 3600 * 1000;

/** Writes tables onto one worksheet, remembering column widths and the first header row. */
class SheetWriter {
  row = 1;
  private widths = new Map<number, number>();
  private wrapCols = new Set<number>();
  firstHeaderRow = 0;

  constructor(
    readonly ws: Worksheet,
    readonly lang: ReportLang,
  ) {}

  title(text: string, span: number, subtitle?: string) {
    const r = this.ws.getRow(this.row);
    r.getCell(1).value = cleanText(text);
    r.getCell(1).font = { bold: true, size: 13 };
    if (span > 1) this.ws.mergeCells(this.row, 1, this.row, span);
    this.row++;
    if (subtitle) {
      const s = this.ws.getRow(this.row);
      s.getCell(1).value = cleanText(subtitle);
      s.getCell(1).font = { italic: true, color: { argb: 'FF444444' } };
      if (span > 1) this.ws.mergeCells(this.row, 1, this.row, span);
      this.row++;
    }
  }

  blank() {
    this.row++;
  }

  header(cols: Col[]) {
    const r = this.ws.getRow(this.row);
    cols.forEach((c, i) => {
      const cell = r.getCell(i + 1);
      cell.value = c.header;
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
      cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
      cell.alignment = { vertical: 'middle', wrapText: true, horizontal: isNumeric(c.kind) ? 'right' : 'left' };
      this.measure(i + 1, c.header.length + 2);
    });
    if (!this.firstHeaderRow) this.firstHeaderRow = this.row;
    this.row++;
  }

  /** One data row; values follow the columns' kinds. `bold` for totals. */
  data(cols: Col[], values: unknown[], bold = false) {
    const r = this.ws.getRow(this.row);
    cols.forEach((c, i) => this.put(r.getCell(i + 1), c.kind, values[i], i + 1, bold));
    this.row++;
  }

  /** A table: header, rows (or the "no activity" line), optional totals. */
  table(cols: Col[], rows: unknown[][], totals?: unknown[]) {
    this.header(cols);
    if (!rows.length) {
      const cell = this.ws.getRow(this.row).getCell(1);
      cell.value = rt(this.lang, 'report.empty');
      cell.font = { italic: true };
      this.row++;
    }
    for (const values of rows) this.data(cols, values);
    if (totals && rows.length) this.data(cols, totals, true);
  }

  /** Label/value pairs with the label in bold (identity blocks). */
  pairs(rows: Array<[string, unknown, Kind]>) {
    for (const [label, value, kind] of rows) {
      const r = this.ws.getRow(this.row);
      r.getCell(1).value = cleanText(label);
      r.getCell(1).font = { bold: true };
      r.getCell(1).alignment = { vertical: 'top' };
      r.getCell(1).border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
      this.measure(1, label.length + 2);
      this.put(r.getCell(2), kind, value, 2, false);
      this.row++;
    }
  }

  private put(cell: Cell, kind: Kind, value: unknown, col: number, bold: boolean) {
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    if (bold) cell.font = { bold: true };
    const lang = this.lang;
    switch (kind) {
      case 'int':
      case 'rp': {
        const n = typeof value === 'number' && Number.isFinite(value) ? value : null;
        cell.value = n;
        if (kind === 'rp') cell.numFmt = '"Rp"#,##0';
        else cell.numFmt = '#,##0';
        this.measure(col, n === null ? 2 : String(Math.trunc(n)).length * 1.35 + (kind === 'rp' ? 5 : 2));
        break;
      }
      case 'pct': {
        const n = typeof value === 'number' && Number.isFinite(value) ? value : null;
        cell.value = n;
        cell.numFmt = '0.0%';
        this.measure(col, 8);
        break;
      }
      case 'date':
      case 'month': {
        const d = typeof value === 'string' ? calendarDateToUtc(kind === 'month' ? `${value}-01` : value) : null;
        cell.value = d ?? (typeof value === 'string' ? cleanText(value) : null);
        if (d) cell.numFmt = kind === 'month' ? (lang === 'id' ? '[$-421]mmmm yyyy' : 'mmmm yyyy') : lang === 'id' ? 'dd/mm/yyyy' : 'dd mmm yyyy';
        cell.alignment = { horizontal: 'left', vertical: 'top' };
        this.measure(col, kind === 'month' ? 16 : 13);
        break;
      }
      case 'timestamp': {
        // Stored as Jakarta wall-clock time (spreadsheet dates carry no zone); the label says WIB.
        const t = typeof value === 'string' ? new Date(value) : null;
        cell.value = t && !Number.isNaN(t.getTime()) ? new Date(t.getTime() + JAKARTA_OFFSET_MS) : null;
        cell.numFmt = lang === 'id' ? 'dd/mm/yyyy hh:mm "WIB"' : 'dd mmm yyyy hh:mm "WIB"';
        cell.alignment = { horizontal: 'left', vertical: 'top' };
        this.measure(col, 22);
        break;
      }
      default: {
        if (value === undefined || value === null) {
          cell.value = null;
          break;
        }
        const text = cleanText(String(value)).slice(0, MAX_CELL_TEXT);
        cell.value = text;
        cell.alignment = { vertical: 'top', wrapText: kind === 'wrap' || text.includes('\n') };
        if (kind === 'wrap') this.wrapCols.add(col);
        const longestLine = text.split('\n').reduce((m, l) => Math.max(m, l.length), 0);
        this.measure(col, longestLine + 2);
      }
    }
  }

  private measure(col: number, width: number) {
    this.widths.set(col, Math.max(this.widths.get(col) ?? 0, width));
  }

  /** Column widths from the content (wrapped text columns capped wider), frozen rows down to the first header. */
  finish(opts: { freezeRow?: number; autoFilterCols?: number } = {}) {
    for (const [col, w] of this.widths) {
      const max = this.wrapCols.has(col) ? 90 : 50;
      this.ws.getColumn(col).width = Math.min(max, Math.max(6, Math.ceil(w)));
    }
    const freeze = opts.freezeRow ?? this.firstHeaderRow;
    if (freeze) this.ws.views = [{ state: 'frozen', xSplit: 0, ySplit: freeze, topLeftCell: `A${freeze + 1}`, activeCell: `A${freeze + 1}` }];
    if (opts.autoFilterCols && this.firstHeaderRow) {
      this.ws.autoFilter = { from: { row: this.firstHeaderRow, column: 1 }, to: { row: this.firstHeaderRow, column: opts.autoFilterCols } };
    }
  }
}

function isNumeric(kind: Kind): boolean {
  return kind === 'int' || kind === 'pct' || kind === 'rp';
}

const ratio = (part: number, whole: number) => (whole ? part / whole : null);

/** Fills a workbook with the report (exported for tests that want the sheets without bytes). */
export function fillWorkbook(wb: Workbook, data: MonthlyReportData): void {
  const lang = data.language;
  const L = (key: string, params = {}) => rt(lang, key, params);
  const month = formatMonth(lang, data.month);
  const narrative = resolveNarrative(data);
  const tot = reportTotals(data);
  const has = rhkHasData(data);
  const generated = new Date(data.generatedAt);

  wb.creator = 'Titian';
  wb.lastModifiedBy = 'Titian';
  wb.title = `${L('report.title')} — ${month}`;
  wb.subject = `${data.region.kecamatan}, ${data.region.kabKota}`;
  if (!Number.isNaN(generated.getTime())) {
    wb.created = generated;
    wb.modified = generated;
  }
  const sheet = (name: string) => new SheetWriter(wb.addWorksheet(name), lang);
  const sub = `${cleanText(data.pendamping.name)} · ${data.region.kecamatan}, ${data.region.kabKota} · ${month}`;

  // Ringkasan
  {
    const s = sheet(SHEETS.summary);
    s.title(L('report.title'), 2, L('report.month_line', { month }));
    const freezeRow = s.row - 1;
    s.blank();
    s.pairs([
      [L('report.identity.name'), data.pendamping.name, 'text'],
      [L('report.identity.username'), data.pendamping.username, 'text'],
      ...(data.pendamping.nip ? ([[L('report.identity.nip'), data.pendamping.nip, 'text']] as Array<[string, unknown, Kind]>) : []),
      ...(data.pendamping.id ? ([[L('report.identity.staff_id'), data.pendamping.id, 'text']] as Array<[string, unknown, Kind]>) : []),
      [L('report.identity.kelurahan'), data.region.kelurahan.join(', '), 'wrap'],
      [L('report.identity.kecamatan'), data.region.kecamatan, 'text'],
      [L('report.identity.kab_kota'), data.region.kabKota, 'text'],
      [L('report.identity.coordinator'), data.coordinator.name, 'text'],
      [L('report.identity.month'), data.month, 'month'],
      [L('report.identity.signed_on'), signatureDate(data), 'date'],
      [L('report.identity.generated_at'), data.generatedAt, 'timestamp'],
    ]);
    s.blank();
    const kvCols: Col[] = [
      { header: L('report.caseload.title'), kind: 'text' },
      { header: L('report.col.count'), kind: 'int' },
    ];
    s.table(kvCols, [
      [L('report.caseload.families'), data.caseload.families],
      [L('report.caseload.members'), data.caseload.members],
      ...data.caseload.byStatus.map((x) => [`${L('report.caseload.by_status')}: ${codeLabel(lang, 'family_status', x.status)}`, x.count]),
    ]);
    s.blank();
    s.table(
      [
        { header: L('report.rhk.title'), kind: 'text' },
        { header: L('report.col.value'), kind: 'int' },
      ],
      [
        [`${L('report.rhk.1')}: ${L('report.rhk1.families_paid')}`, data.rhk.penyaluran.familiesPaid],
        [`${L('report.rhk.1')}: ${L('report.rhk1.problem_count')}`, data.rhk.penyaluran.problems.length],
        [`${L('report.rhk.2')}: ${L('report.rhk2.sessions')}`, tot.meetings],
        [`${L('report.rhk.2')}: ${L('report.rhk2.present')}`, tot.present],
        [`${L('report.rhk.2')}: ${L('report.rhk2.makeups')}`, tot.makeups],
        [`${L('report.rhk.2')}: ${L('report.rhk2.makeup_present')}`, tot.makeupPresent],
        [`${L('report.rhk.3')}: ${L('report.rhk3.verified')}`, tot.verified],
        [`${L('report.rhk.3')}: ${L('report.rhk3.compliant')}`, tot.compliant],
        [`${L('report.rhk.4')}: ${L('report.rhk4.proposed')}`, data.rhk.graduasi.proposed],
        [`${L('report.rhk.4')}: ${L('report.rhk4.graduated')}`, data.rhk.graduasi.graduated],
        [`${L('report.rhk.5')}: ${L('report.rhk5.proposed')}`, tot.updatesProposed],
        [`${L('report.rhk.5')}: ${L('report.rhk5.confirmed')}`, tot.updatesConfirmed],
        [`${L('report.rhk.6')}: ${L('report.col.count')}`, data.rhk.responKasus.length],
        [L('report.activities.title'), data.activities.total],
      ],
    );
    s.blank();
    s.table(
      [
        { header: L('report.col.section'), kind: 'text' },
        { header: L('report.sheet.texts'), kind: 'wrap' },
      ],
      [
        [`${L('report.section.a')} — ${L('report.section.a.umum')}`, narrative.umum],
        [`${L('report.section.a')} — ${L('report.section.a.maksud_tujuan')}`, narrative.maksudTujuan],
        [`${L('report.section.a')} — ${L('report.section.a.ruang_lingkup')}`, narrative.ruangLingkup],
        [`${L('report.section.a')} — ${L('report.section.a.dasar_hukum')}`, narrative.dasarHukum],
        [L('report.section.b'), narrative.kegiatan],
        [L('report.section.c'), narrative.hasil],
        [L('report.section.d'), narrative.simpulanSaran],
        [L('report.section.e'), narrative.penutup],
      ],
    );
    s.finish({ freezeRow });
  }

  // RHK 1
  {
    const s = sheet(SHEETS.rhk1);
    const p = data.rhk.penyaluran;
    s.title(`${L('report.rhk.1')} — ${month}`, 5, sub);
    const cols: Col[] = [
      { header: L('report.col.item'), kind: 'text' },
      { header: L('report.col.count'), kind: 'int' },
    ];
    if (!has.penyaluran) s.table(cols, []);
    else {
      s.table(cols, [
        ...(p.familiesTargeted !== undefined ? [[L('report.rhk1.families_targeted'), p.familiesTargeted]] : []),
        [L('report.rhk1.families_paid'), p.familiesPaid],
        ...(p.familiesTargeted !== undefined ? [[L('report.rhk1.families_unpaid'), Math.max(0, p.familiesTargeted - p.familiesPaid)]] : []),
        [L('report.rhk1.problem_count'), p.problems.length],
      ]);
      if (p.amountPaid !== undefined) s.data([cols[0], { header: '', kind: 'rp' }], [L('report.rhk1.amount_paid'), p.amountPaid]);
      if (p.tahap) s.data([cols[0], { header: '', kind: 'text' }], [L('report.rhk1.tahap'), p.tahap]);
      if (p.problems.length) {
        s.blank();
        s.table(
          [
            { header: L('report.col.no'), kind: 'int' },
            { header: L('report.rhk1.problem'), kind: 'wrap' },
            { header: L('report.rhk1.problem_families'), kind: 'int' },
            { header: L('report.rhk1.follow_up'), kind: 'wrap' },
            { header: L('report.col.status'), kind: 'text' },
          ],
          p.problems.map((x, i) => [i + 1, x.description, x.families, x.followUp ?? '', L(x.resolved ? 'report.rhk1.resolved' : 'report.rhk1.open')]),
        );
      }
    }
    s.finish();
  }

  // RHK 2
  {
    const s = sheet(SHEETS.rhk2);
    s.title(`${L('report.rhk.2')} — ${month}`, 10, sub);
    const cols: Col[] = [
      { header: L('report.col.no'), kind: 'int' },
      { header: L('report.col.date'), kind: 'date' },
      { header: L('report.rhk2.group'), kind: 'text' },
      { header: L('report.rhk2.module'), kind: 'text' },
      { header: L('report.rhk2.session'), kind: 'text' },
      { header: L('report.rhk2.place'), kind: 'text' },
      { header: L('report.rhk2.present'), kind: 'int' },
      { header: L('report.rhk2.total'), kind: 'int' },
      { header: L('report.rhk2.attendance'), kind: 'pct' },
      { header: L('report.rhk2.narrative'), kind: 'wrap' },
    ];
    s.table(
      cols,
      data.rhk.p2k2.map((x, i) => [i + 1, x.date, x.group, x.module, x.session, x.place, x.present, x.total, ratio(x.present, x.total), x.narrative ?? '']),
      // Make-ups are rows of their own; the totals are of the meetings held (a make-up's families are already
      // counted absent there), and say so when there are make-ups.
      [null, null, L(tot.makeups > 0 ? 'report.rhk2.total_regular' : 'report.total'), null, null, null, tot.present, tot.attendees, ratio(tot.present, tot.attendees), null],
    );
    s.finish({ autoFilterCols: has.p2k2 ? cols.length : 0 });
  }

  // RHK 3
  {
    const s = sheet(SHEETS.rhk3);
    s.title(`${L('report.rhk.3')} — ${month}`, 5, sub);
    s.table(
      [
        { header: L('report.rhk3.kind'), kind: 'text' },
        { header: L('report.rhk3.verified'), kind: 'int' },
        { header: L('report.rhk3.compliant'), kind: 'int' },
        { header: L('report.rhk3.non_compliant'), kind: 'int' },
        { header: L('report.rhk3.rate'), kind: 'pct' },
      ],
      has.verifikasi
        ? data.rhk.verifikasi.map((v) => [codeLabel(lang, 'verification', v.kind), v.verified, v.compliant, v.nonCompliant, ratio(v.compliant, v.compliant + v.nonCompliant)])
        : [],
      [L('report.total'), tot.verified, tot.compliant, tot.nonCompliant, ratio(tot.compliant, tot.compliant + tot.nonCompliant)],
    );
    s.finish();
  }

  // RHK 4
  {
    const s = sheet(SHEETS.rhk4);
    const g = data.rhk.graduasi;
    s.title(`${L('report.rhk.4')} — ${month}`, 5, sub);
    s.table(
      [
        { header: L('report.col.item'), kind: 'text' },
        { header: L('report.col.count'), kind: 'int' },
      ],
      has.graduasi
        ? [
            [L('report.rhk4.candidates'), g.candidates],
            [L('report.rhk4.proposed'), g.proposed],
            [L('report.rhk4.graduated'), g.graduated],
          ]
        : [],
    );
    if (g.families?.length) {
      s.blank();
      s.table(
        [
          { header: L('report.col.no'), kind: 'int' },
          { header: L('report.rhk4.family'), kind: 'text' },
          { header: L('report.rhk4.kelurahan'), kind: 'text' },
          { header: L('report.rhk4.kind'), kind: 'text' },
          { header: L('report.rhk4.stage'), kind: 'text' },
        ],
        g.families.map((f, i) => [i + 1, f.name, f.kelurahan ?? '', codeLabel(lang, 'graduation', f.kind), codeLabel(lang, 'graduation_stage', f.stage)]),
      );
    }
    s.finish();
  }

  // RHK 5
  {
    const s = sheet(SHEETS.rhk5);
    s.title(`${L('report.rhk.5')} — ${month}`, 3, sub);
    s.table(
      [
        { header: L('report.rhk5.kind'), kind: 'text' },
        { header: L('report.rhk5.proposed'), kind: 'int' },
        { header: L('report.rhk5.confirmed'), kind: 'int' },
      ],
      has.pemutakhiran ? data.rhk.pemutakhiran.map((u) => [codeLabel(lang, 'data_update', u.kind), u.proposed, u.confirmed]) : [],
      [L('report.total'), tot.updatesProposed, tot.updatesConfirmed],
    );
    s.finish();
  }

  // RHK 6
  {
    const s = sheet(SHEETS.rhk6);
    s.title(`${L('report.rhk.6')} — ${month}`, 7, sub);
    const cols: Col[] = [
      { header: L('report.col.no'), kind: 'int' },
      { header: L('report.col.date'), kind: 'date' },
      { header: L('report.rhk6.family'), kind: 'text' },
      { header: L('report.rhk6.kind'), kind: 'text' },
      { header: L('report.rhk6.summary'), kind: 'wrap' },
      { header: L('report.rhk6.action'), kind: 'wrap' },
      { header: L('report.col.status'), kind: 'text' },
    ];
    const cases = data.rhk.responKasus;
    s.table(cols, cases.map((c, i) => [i + 1, c.date, c.family ?? '', c.kind, c.summary ?? '', c.action ?? '', codeLabel(lang, 'case_status', c.status)]));
    if (cases.length) {
      const counts = new Map<string, number>();
      for (const c of cases) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
      s.blank();
      s.table(
        [
          { header: L('report.rhk6.by_status'), kind: 'text' },
          { header: L('report.col.count'), kind: 'int' },
        ],
        [...counts].map(([status, n]) => [codeLabel(lang, 'case_status', status), n]),
        [L('report.total'), cases.length],
      );
    }
    s.finish({ autoFilterCols: cases.length ? cols.length : 0 });
  }

  // Kegiatan (recap)
  {
    const s = sheet(SHEETS.activities);
    const act = data.activities;
    s.title(`${L('report.activities.title')} — ${month}`, 2, sub);
    const countTable = (key: string, items: Array<{ label: string; count: number }>) => {
      s.table(
        [
          { header: L(key), kind: 'text' },
          { header: L('report.col.count'), kind: 'int' },
        ],
        items.map((x) => [x.label, x.count]),
        [L('report.total'), items.reduce((sum, x) => sum + x.count, 0)],
      );
      s.blank();
    };
    countTable('report.activities.type', has.activities ? act.byType : []);
    countTable(
      'report.activities.role_group',
      has.activities ? ROLE_GROUPS.map((g) => ({ label: codeLabel(lang, 'role_group', g), count: act.byRoleGroup.find((r) => r.group === g)?.count ?? 0 })) : [],
    );
    countTable('report.activities.factor', act.supportingFactors);
    countTable('report.activities.obstacle', act.obstacles);
    s.finish();
  }

  // Rincian kegiatan (the daily log)
  {
    const s = sheet(SHEETS.activityLog);
    const log = data.activities.log ?? [];
    s.title(`${L('report.appendix.activity_log')} — ${month}`, 6, sub);
    s.table(
      [
        { header: L('report.col.no'), kind: 'int' },
        { header: L('report.col.date'), kind: 'date' },
        { header: L('report.activities.type'), kind: 'text' },
        { header: L('report.activities.family'), kind: 'text' },
        { header: L('report.activities.roles'), kind: 'text' },
        { header: L('report.col.notes'), kind: 'wrap' },
      ],
      log.map((e, i) => [i + 1, e.date, e.type, e.family ?? '', (e.roles ?? []).join(', '), e.notes ?? '']),
    );
    s.finish({ autoFilterCols: log.length ? 6 : 0 });
  }

  // Dokumentasi (photo list; the photos themselves are in the PDF)
  {
    const s = sheet(SHEETS.photos);
    s.title(`${L('report.appendix.photos')} — ${month}`, 4, sub);
    s.table(
      [
        { header: L('report.col.no'), kind: 'int' },
        { header: L('report.col.date'), kind: 'date' },
        { header: L('report.col.caption'), kind: 'wrap' },
        { header: L('report.col.file_type'), kind: 'text' },
      ],
      // The kind of picture as a reader names it (JPEG, PNG), not the MIME type.
      data.photos.map((p, i) => [i + 1, p.date, [p.activity?.trim(), p.caption.trim()].filter(Boolean).join(': '), imageKind(p.mime)]),
    );
    s.finish();
  }
}

/** `image/jpeg` → `JPEG`, `image/png` → `PNG`; anything else as given. */
function imageKind(mime: string): string {
  const m = /^image\/([a-z0-9.+-]+)$/i.exec(mime.trim());
  return m ? m[1]!.toUpperCase().replace(/^JPG$/, 'JPEG') : mime;
}
