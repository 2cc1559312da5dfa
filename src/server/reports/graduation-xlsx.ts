/**
 * The list of proposed (and approved, not yet exited) graduations as XLSX, one row per family, in the
 * order and shape a pendamping types into e-PKH; a second sheet "Keterangan" explains each column.
 * Identifiers are text cells (Excel must not turn a 16-digit NIK into 3.27602E+15).
 */
import type { Workbook } from 'exceljs';
import { clean, GRADUATION_STATE_LABELS, GRADUATION_TYPE_LABELS, type ProposalsData } from './graduation-documents.types';
import { loadExcel } from '../excel';

export const PROPOSALS_SHEET = 'Usulan Graduasi';
export const NOTES_SHEET = 'Keterangan';

/** The columns: header, width, and what the column holds (the "Keterangan" sheet). */
export const PROPOSAL_COLUMNS = [
  { key: 'no', header: 'No', width: 6, note: 'Nomor urut.' },
  { key: 'kkNumber', header: 'No. KK', width: 20, note: 'Nomor Kartu Keluarga (16 digit), sebagai teks. Disamarkan bagi peran yang tidak berhak melihat identitas.' },
  { key: 'caretakerNik', header: 'NIK Pengurus', width: 20, note: 'NIK pengurus keluarga (penerima bantuan); bila tidak ada pengurus, NIK kepala keluarga.' },
  { key: 'caretakerName', header: 'Nama Pengurus', width: 28, note: 'Nama pengurus keluarga (atau kepala keluarga bila tidak ada pengurus).' },
  { key: 'headName', header: 'Nama Kepala Keluarga', width: 28, note: 'Nama kepala keluarga sebagaimana tercatat di Titian.' },
  { key: 'kelurahanCode', header: 'Kode Kelurahan', width: 16, note: 'Kode wilayah Kemendagri kelurahan/desa (mis. 32.76.02.1009).' },
  { key: 'kelurahanName', header: 'Kelurahan', width: 20, note: 'Nama kelurahan/desa.' },
  { key: 'type', header: 'Jenis Graduasi', width: 20, note: 'Kode jenis graduasi: alamiah, sejahtera_mandiri, paksa atau pena.' },
  { key: 'state', header: 'Status', width: 12, note: 'Tahap alur graduasi: proposed (diusulkan) atau approved (disetujui, belum keluar).' },
  { key: 'reason', header: 'Alasan', width: 48, note: 'Catatan usulan dari pendamping; bila kosong, alasan pemicu yang ditemukan sistem.' },
  { key: 'assessmentResult', header: 'Hasil Asesmen', width: 16, note: 'Hasil asesmen kesiapan yang dipakai kasus ini (ready = siap, not_ready = belum siap), atau kosong.' },
  { key: 'assessmentScore', header: 'Skor Asesmen', width: 13, note: 'Skor asesmen kesiapan tersebut.' },
  { key: 'proposedOn', header: 'Tanggal Usulan', width: 15, note: 'Tanggal usulan graduasi dicatat (WIB).' },
  { key: 'pendamping', header: 'Pendamping', width: 24, note: 'Nama pengguna pendamping keluarga.' },
] as const;

function utcDate(date: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

export function fillProposalsWorkbook(wb: Workbook, data: ProposalsData): void {
  wb.creator = 'Titian';
  wb.lastModifiedBy = 'Titian';
  wb.title = 'Daftar Usulan Graduasi KPM PKH';
  const generated = new Date(data.generatedAt);
  if (!Number.isNaN(generated.getTime())) {
    wb.created = generated;
    wb.modified = generated;
  }

  const ws = wb.addWorksheet(PROPOSALS_SHEET, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  ws.columns = PROPOSAL_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const key of ['kkNumber', 'caretakerNik', 'kelurahanCode'] as const) ws.getColumn(key).numFmt = '@';
  data.rows.forEach((r, i) => {
    const row = ws.addRow({
      no: i + 1,
      kkNumber: clean(r.kkNumber),
      caretakerNik: clean(r.caretakerNik),
      caretakerName: clean(r.caretakerName),
      headName: clean(r.headName),
      kelurahanCode: r.kelurahanCode,
      kelurahanName: clean(r.kelurahanName),
      type: r.type,
      state: r.state,
      reason: clean(r.reason),
      assessmentResult: r.assessmentResult,
      assessmentScore: r.assessmentScore,
      proposedOn: r.proposedOn ? utcDate(r.proposedOn) : null,
      pendamping: clean(r.pendamping),
    });
    row.getCell('proposedOn').numFmt = 'yyyy-mm-dd';
    row.getCell('reason').alignment = { wrapText: true, vertical: 'top' };
    row.getCell('assessmentScore').numFmt = '0.##';
  });
  if (data.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: PROPOSAL_COLUMNS.length } };

  const notes = wb.addWorksheet(NOTES_SHEET, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  notes.columns = [
    { key: 'column', header: 'Kolom', width: 24 },
    { key: 'note', header: 'Keterangan', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of PROPOSAL_COLUMNS) notes.addRow({ column: c.header, note: c.note }).getCell('note').alignment = { wrapText: true, vertical: 'top' };
  notes.addRow({});
  notes.addRow({ column: 'Jenis graduasi', note: Object.entries(GRADUATION_TYPE_LABELS).map(([k, v]) => `${k} = ${v}`).join('; ') });
  notes.addRow({ column: 'Status', note: ['proposed', 'approved'].map((k) => `${k} = ${GRADUATION_STATE_LABELS[k]}`).join('; ') });
  notes.addRow({
    column: 'Identitas',
    note: data.identities
      ? 'NIK dan No. KK adalah data pribadi (UU 27/2022): simpan berkas ini hanya selama diperlukan untuk entri e-PKH, jangan dibagikan.'
      : 'NIK dan No. KK disamarkan untuk peran Anda.',
  });
  notes.addRow({ column: 'Dibuat', note: `Titian, ${data.generatedAt}` });
}

export async function renderProposalsXlsx(data: ProposalsData): Promise<Buffer> {
  const { Workbook: WorkbookClass } = await loadExcel();
  const wb = new WorkbookClass();
  fillProposalsWorkbook(wb, data);
  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}
