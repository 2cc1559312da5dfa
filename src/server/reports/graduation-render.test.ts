import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { BeritaAcaraData, GraduationLetterData, ProposalsData } from './graduation-documents.types';
import { addressLine, placeOf } from './graduation-documents.types';
import { BERITA_ACARA_TITLE, LETTER_TITLE, renderBeritaAcaraPdf, renderGraduationLetterPdf } from './graduation-pdf';
import { readPdf as readPdfText } from '../../../tests/support/pdf';
import { NOTES_SHEET, PROPOSAL_COLUMNS, PROPOSALS_SHEET, renderProposalsXlsx } from './graduation-xlsx';

const region = { kelurahan: 'Tugu', kecamatan: 'Cimanggis', kabKota: 'Kota Depok', province: 'Jawa Barat' };

function letter(over: Partial<GraduationLetterData> = {}): GraduationLetterData {
  return {
    declarant: { name: 'Siti Aminah', nik: '3276024506820001', relation: 'istri' },
    headName: 'Budi Santoso',
    kkNumber: '3276020101200003',
    address: 'Jl. Mawar No. 3',
    rt: '1',
    rw: '12',
    region,
    joinedYear: 2015,
    pendamping: { name: 'Dewi Lestari' },
    place: 'Depok',
    date: '2026-07-13',
    ...over,
  };
}

function beritaAcara(over: Partial<BeritaAcaraData> = {}): BeritaAcaraData {
  return {
    date: '2026-07-13',
    region,
    place: 'Depok',
    rows: [
      { headName: 'Budi Santoso', address: 'Jl. Mawar No. 3', rt: '1', rw: '12', kelurahan: 'Tugu', type: 'sejahtera_mandiri', state: 'exited', approvedAt: '2026-07-01', effectiveDate: '2026-07-10' },
      { headName: 'Ahmad Fauzi', address: 'Gg. Melati', rt: '3', rw: '4', kelurahan: 'Tugu', type: 'alamiah', state: 'approved', approvedAt: '2026-07-02', effectiveDate: null },
    ],
    pendamping: ['Dewi Lestari'],
    koordinatorKecamatan: 'Hendra Wijaya',
    ...over,
  };
}

describe('graduation letter PDF', () => {
  it('is an A4 page with the family’s data, the statement, the materai box and the signatures', async () => {
    const pdf = await renderGraduationLetterPdf(letter(), { compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.2\d* 841\.8\d*\]/);
    const { text, pages, missingGlyphs } = readPdfText(pdf);
    expect(pages).toBe(1);
    expect(missingGlyphs).toBe(0);
    for (const phrase of [
      LETTER_TITLE,
      'Siti Aminah',
      '3276024506820001',
      '3276020101200003',
      'Budi Santoso',
      'Tugu',
      'Cimanggis',
      'Kota Depok',
      'sejak tahun 2015',
      'mengundurkan diri dari kepesertaan PKH',
      'konsekuensi',
      'Materai 10.000',
      'Depok, 13 Juli 2026',
      'Mengetahui,',
      'Pendamping Sosial PKH',
      '( Dewi Lestari )',
      'Lurah Tugu',
    ]) {
      expect(text, phrase).toContain(phrase);
    }
    // pdfmake breaks words after a slash: the text reads "RT 001/ RW 012".
    expect(text).toMatch(/Jl\. Mawar No\. 3, RT 001\/ ?RW 012/);
  });

  it('leaves the date and missing names to fill in by hand', async () => {
    const { text } = readPdfText(await renderGraduationLetterPdf(letter({ date: null, pendamping: { name: null }, headName: 'Siti Aminah' }), { compress: false }));
    expect(text).toContain('Depok, ................................ 20......');
    expect(text).not.toContain('Nama Kepala Keluarga');
    expect(text).toContain('(......................................................)');
  });

  it('compressed by default (what the API sends) and still readable', async () => {
    const pdf = await renderGraduationLetterPdf(letter());
    expect(readPdfText(pdf).text).toContain('Materai 10.000');
  });
});

describe('berita acara PDF', () => {
  it('opens with the day and date in words, lists the families and has the three signatures', async () => {
    const { text, missingGlyphs } = readPdfText(await renderBeritaAcaraPdf(beritaAcara(), { compress: false }));
    expect(missingGlyphs).toBe(0);
    for (const phrase of [
      BERITA_ACARA_TITLE,
      'KELURAHAN TUGU KECAMATAN CIMANGGIS',
      'Pada hari ini Senin tanggal tiga belas bulan Juli tahun dua ribu dua puluh enam',
      'sebanyak 2 (dua) keluarga',
      'Budi Santoso',
      'Ahmad Fauzi',
      'Graduasi Sejahtera Mandiri',
      'Graduasi Alamiah',
      '10 Juli 2026',
      'menunggu penetapan',
      'Depok, 13 Juli 2026',
      '( Dewi Lestari )',
      'Koordinator PKH Kecamatan Cimanggis',
      '( Hendra Wijaya )',
      'Lurah Tugu',
    ]) {
      expect(text, phrase).toContain(phrase);
    }
  });

  it('a long list runs over pages', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ ...beritaAcara().rows[0]!, headName: `Kepala Keluarga ${i + 1}` }));
    const { text, pages } = readPdfText(await renderBeritaAcaraPdf(beritaAcara({ rows, pendamping: ['A', 'B', 'C'] }), { compress: false }));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Kepala Keluarga 60');
    expect(text).toContain('sebanyak 60 (enam puluh) keluarga');
  });
});

describe('proposals XLSX', () => {
  const data: ProposalsData = {
    generatedAt: '2026-07-15T03:00:00.000Z',
    identities: true,
    rows: [
      {
        kkNumber: '3276020101200003',
        caretakerNik: '3276024506820001',
        caretakerName: 'Siti Aminah',
        headName: 'Budi Santoso',
        kelurahanCode: '32.76.02.1009',
        kelurahanName: 'Tugu',
        type: 'sejahtera_mandiri',
        state: 'proposed',
        reason: 'Usaha warung berjalan',
        assessmentResult: 'ready',
        assessmentScore: 8,
        proposedOn: '2026-07-14',
        pendamping: 'pendamping01',
      },
    ],
  };

  it('has a frozen header, set widths, identifiers as text, and the Keterangan sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderProposalsXlsx(data)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([PROPOSALS_SHEET, NOTES_SHEET]);
    const ws = wb.getWorksheet(PROPOSALS_SHEET)!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(PROPOSAL_COLUMNS.map((c) => c.header));
    expect(ws.getColumn(2).width).toBe(20);
    const row = ws.getRow(2);
    expect(row.getCell(2).value).toBe('3276020101200003');
    expect(row.getCell(3).value).toBe('3276024506820001');
    expect(row.getCell(4).value).toBe('Siti Aminah');
    expect(row.getCell(6).value).toBe('32.76.02.1009');
    expect(row.getCell(8).value).toBe('sejahtera_mandiri');
    expect(row.getCell(9).value).toBe('proposed');
    expect(row.getCell(12).value).toBe(8);
    expect(row.getCell(13).value).toEqual(new Date(Date.UTC(2026, 6, 14)));
    const notes = wb.getWorksheet(NOTES_SHEET)!;
    const described: unknown[] = [];
    notes.eachRow((r) => described.push(r.getCell(1).value));
    for (const c of PROPOSAL_COLUMNS) expect(described).toContain(c.header);
  });
});

describe('helpers', () => {
  it('writes RT/RW and the place of the date line', () => {
    expect(addressLine('Jl. Mawar', '1', '12')).toBe('Jl. Mawar, RT 001/RW 012');
    expect(addressLine('Jl. Mawar', '', '')).toBe('Jl. Mawar');
    expect(placeOf('Kota Depok')).toBe('Depok');
    expect(placeOf('Kabupaten Bogor')).toBe('Bogor');
  });
});
