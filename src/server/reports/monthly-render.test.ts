import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectWellFormed, pageOf, readPdf } from '../../../tests/support/pdf';
import { reportMessages } from '../../shared/i18n/catalog/report';
import { renderMonthlyPdf } from './monthly-pdf';
import {
  CASE_STATUSES,
  DATA_UPDATE_KINDS,
  defaultNarrative,
  formatMonth,
  GRADUATION_KINDS,
  GRADUATION_STAGES,
  type MonthlyReportData,
  ROLE_GROUPS,
  resolveNarrative,
  VERIFICATION_KINDS,
} from './monthly-report.types';
import { renderMonthlyXlsx, SHEETS } from './monthly-xlsx';

// ---------------------------------------------------------------------------------------------------
// Tiny images, generated here (no binary fixtures)

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A valid RGB PNG of w×h with a simple gradient. */
function makePng(w: number, h: number, seed = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < w; x++) {
      raw[row + 1 + x * 3] = (x * 16 + seed) & 0xff;
      raw[row + 2 + x * 3] = (y * 16) & 0xff;
      raw[row + 3 + x * 3] = 128;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A valid baseline JPEG: 8×8 grey, one quantisation table, one-symbol Huffman tables (DC category 0,
 * AC end-of-block), so the single block is "00" padded with ones.
 */
function makeJpeg(): Buffer {
  const seg = (marker: number, body: number[]) => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];
  const huff = (tableClass: number) => [tableClass << 4, 1, ...new Array(15).fill(0), 0x00];
  return Buffer.from([
    0xff, 0xd8, // SOI
    ...seg(0xdb, [0x00, ...new Array(64).fill(1)]), // DQT
    ...seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]), // SOF0: 8-bit, 8×8, one component
    ...seg(0xc4, huff(0)), // DHT DC
    ...seg(0xc4, huff(1)), // DHT AC
    ...seg(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
    0x3f, // entropy-coded data
    0xff, 0xd9, // EOI
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Reading a PDF written with { compress: false }

// ---------------------------------------------------------------------------------------------------
// Fixtures

function richReport(overrides: Partial<MonthlyReportData> = {}): MonthlyReportData {
  return {
    month: '2026-07',
    language: 'id',
    pendamping: { name: 'Siti Nurhaliza', username: 'pendamping01', nip: '199001012025212001' },
    region: { kecamatan: 'Cimanggis', kelurahan: ['Tugu', 'Mekarsari', 'Pasir Gunung Selatan'], kabKota: 'Kota Depok' },
    coordinator: { name: 'Budi Santoso', nip: '198505052010011002', title: 'Koordinator Kecamatan Cimanggis' },
    generatedAt: '2026-08-01T01:15:00.000Z',
    caseload: {
      families: 248,
      members: 1032,
      byStatus: [
        { status: 'aktif', count: 231 },
        { status: 'ditangguhkan', count: 9 },
        { status: 'graduasi', count: 8 },
      ],
    },
    rhk: {
      penyaluran: {
        tahap: 'Tahap 3 (Juli–September)',
        familiesTargeted: 240,
        familiesPaid: 236,
        amountPaid: 187_500_000,
        problems: [
          { description: 'Kartu KKS terblokir', families: 3, followUp: 'Diantar ke bank penyalur', resolved: true },
          { description: 'Nama di rekening tidak sesuai KTP', families: 1, followUp: 'Usulan perbaikan data', resolved: false },
        ],
      },
      p2k2: [
        {
          date: '2026-07-03',
          group: 'Melati 1',
          module: 'Pengelolaan Keuangan dan Perencanaan Usaha',
          session: 'Sesi 2: Cermat Meminjam dan Menabung',
          place: 'Balai RW 05 Tugu',
          present: 18,
          total: 20,
          narrative: 'Peserta berdiskusi tentang “arisan” dan pinjaman daring; dua KPM berbagi pengalaman menabung.',
        },
        {
          date: '2026-07-10',
          group: 'Mawar 2',
          module: 'Kesehatan dan Gizi',
          session: 'Sesi 1: Pentingnya Gizi dan Layanan Kesehatan Ibu Hamil',
          place: 'Posyandu Mawar',
          present: 15,
          total: 22,
        },
      ],
      verifikasi: [
        { kind: 'pendidikan', verified: 310, compliant: 298, nonCompliant: 12 },
        { kind: 'kesehatan', verified: 120, compliant: 117, nonCompliant: 3 },
        { kind: 'kesos', verified: 35, compliant: 35, nonCompliant: 0 },
      ],
      graduasi: {
        candidates: 14,
        proposed: 3,
        graduated: 1,
        families: [
          { name: 'Ibu Yuliani', kelurahan: 'Tugu', kind: 'sejahtera_mandiri', stage: 'graduasi' },
          { name: 'Ibu Ratna', kelurahan: 'Mekarsari', kind: 'alamiah', stage: 'diusulkan' },
        ],
      },
      pemutakhiran: [
        { kind: 'kelahiran', proposed: 4, confirmed: 3 },
        { kind: 'kematian', proposed: 1, confirmed: 1 },
        { kind: 'sekolah', proposed: 12, confirmed: 10 },
        { kind: 'alamat', proposed: 2, confirmed: 0 },
      ],
      responKasus: [
        { date: '2026-07-15', family: 'Ibu Sumarni', kind: 'Pengaduan penyaluran', summary: 'Bantuan tahap 2 belum masuk', action: 'Dirujuk ke bank', status: 'dirujuk' },
        { date: '2026-07-21', family: 'Bapak Darsono', kind: 'Kesehatan', summary: 'Anak balita gizi kurang', action: 'Rujukan ke puskesmas', status: 'selesai' },
      ],
    },
    activities: {
      total: 86,
      byType: [
        { code: 'kunjungan_rumah', label: 'Kunjungan rumah', count: 52 },
        { code: 'p2k2', label: 'Sesi P2K2', count: 2 },
        { code: 'verifikasi', label: 'Verifikasi komitmen', count: 20 },
        { code: 'respon_kasus', label: 'Respon kasus', count: 12 },
      ],
      byRoleGroup: [
        { group: 'fasilitatif', count: 40 },
        { group: 'edukasional', count: 30 },
        { group: 'representasional', count: 6 },
        { group: 'teknis', count: 10 },
      ],
      supportingFactors: [{ code: 'kedekatan_aparat', label: 'Kedekatan dengan aparat setempat', count: 11 }],
      obstacles: [
        { code: 'akses_pendamping', label: 'Jarak dan akses ke rumah KPM', count: 7 },
        { code: 'kpm_pasif', label: 'KPM kurang aktif', count: 3 },
      ],
      log: [
        { date: '2026-07-02', type: 'Kunjungan rumah', family: 'Ibu Sumarni', roles: ['Dukungan'], notes: 'Cek buku KIA' },
        { date: '2026-07-03', type: 'Sesi P2K2', family: 'Kelompok Melati 1', roles: ['Animasi sosial'] },
      ],
    },
    narrative: {
      kegiatan: 'Bulan ini saya fokus pada kunjungan rumah ke KPM yang anaknya sering absen — termasuk koordinasi dengan wali kelas.\n\nSelain itu, P2K2 berjalan sesuai jadwal.',
    },
    photos: [
      { caption: 'P2K2 kelompok Melati 1 di Balai RW 05', date: '2026-07-03', mime: 'image/png', data: makePng(64, 48, 10) },
      { caption: 'Kunjungan rumah Ibu Sumarni', date: '2026-07-02', mime: 'image/jpeg', data: makeJpeg() },
      { caption: 'Verifikasi di Posyandu Mawar', date: '2026-07-10', mime: 'image/png', data: makePng(30, 60, 99) },
    ],
    ...overrides,
  };
}

function emptyReport(overrides: Partial<MonthlyReportData> = {}): MonthlyReportData {
  return {
    month: '2026-07',
    language: 'id',
    pendamping: { name: 'Agus Salim', username: 'pendamping02' },
    region: { kecamatan: 'Cimanggis', kelurahan: [], kabKota: 'Kota Depok' },
    coordinator: { name: 'Budi Santoso' },
    generatedAt: '2026-07-31T10:00:00.000Z',
    caseload: { families: 0, members: 0, byStatus: [] },
    rhk: {
      penyaluran: { familiesPaid: 0, problems: [] },
      p2k2: [],
      verifikasi: [],
      graduasi: { candidates: 0, proposed: 0, graduated: 0 },
      pemutakhiran: [],
      responKasus: [],
    },
    activities: { total: 0, byType: [], byRoleGroup: [], supportingFactors: [], obstacles: [] },
    photos: [],
    ...overrides,
  };
}

function bigReport(): MonthlyReportData {
  const base = richReport();
  const modules = ['Kesehatan dan Gizi', 'Pengasuhan dan Pendidikan Anak', 'Perlindungan Anak', 'Kesejahteraan Sosial'];
  const p2k2 = Array.from({ length: 300 }, (_, i) => ({
    date: `2026-07-${String((i % 31) + 1).padStart(2, '0')}`,
    group: `Kelompok ${(i % 25) + 1}`,
    module: modules[i % modules.length],
    session: `Sesi ${(i % 4) + 1}`,
    place: `Balai RW ${String((i % 12) + 1).padStart(2, '0')}`,
    present: 12 + (i % 8),
    total: 20,
    narrative: i % 3 === 0 ? 'Diskusi berjalan baik; peserta aktif bertanya tentang materi sesi.' : undefined,
  }));
  const log = Array.from({ length: 1000 }, (_, i) => ({
    date: `2026-07-${String((i % 31) + 1).padStart(2, '0')}`,
    type: i % 2 ? 'Kunjungan rumah' : 'Verifikasi komitmen',
    family: `Ibu KPM ${i + 1}`,
    roles: ['Dukungan'],
    notes: i % 5 === 0 ? 'Tindak lanjut minggu depan' : undefined,
  }));
  return { ...base, rhk: { ...base.rhk, p2k2 }, activities: { ...base.activities, total: 1000, log } };
}

// ---------------------------------------------------------------------------------------------------

afterEach(() => {
  vi.restoreAllMocks();
});

describe('renderMonthlyPdf', () => {
  it('renders the full report in Indonesian, with every section, the signature block and the photos', async () => {
    const warn = vi.spyOn(console, 'warn');
    const pdf = await renderMonthlyPdf(richReport(), { compress: false });
    expectWellFormed(pdf);
    const facts = readPdf(pdf);
    expect(facts.pages).toBeGreaterThanOrEqual(2);
    expect(facts.images).toBe(3);
    for (const phrase of [
      'LAPORAN BULANAN PENDAMPING SOSIAL PKH',
      'BULAN JULI 2026',
      'A. PENDAHULUAN',
      '1. Umum',
      '2. Maksud dan Tujuan',
      '3. Ruang Lingkup',
      '4. Dasar Hukum',
      'Peraturan Menteri Sosial Nomor 1 Tahun 2018',
      'B. KEGIATAN',
      'C. HASIL',
      'D. SIMPULAN DAN SARAN',
      'E. PENUTUP',
      'RHK 1. Penyaluran bantuan sosial',
      'RHK 2. Pertemuan Peningkatan Kemampuan Keluarga (P2K2)',
      'RHK 6. Respon kasus',
      'Rp 187.500.000',
      'Cermat Meminjam dan Menabung',
      '“arisan”',
      'absen — termasuk',
      'Mengetahui,',
      'Koordinator Kecamatan Cimanggis',
      'Pendamping Sosial PKH',
      'Depok, 1 Agustus 2026',
      'NIP. 199001012025212001',
      'LAMPIRAN DOKUMENTASI',
      'Foto 1. P2K2 kelompok Melati 1',
      'Foto 3. Verifikasi di Posyandu Mawar',
      'Kelompok peran (Ife)',
      'Fasilitatif',
    ]) {
      expect(facts.text, phrase).toContain(phrase);
    }
    // Roboto from pdfmake's vfs covers every character drawn (Indonesian text, dashes, quotes, "Rp").
    expect(facts.missingGlyphs).toBe(0);
    expect(pdf.toString('latin1')).toContain('Roboto-Regular');
    // Policies are set: pdfmake does not warn about missing URL/local-file policies.
    expect(warn.mock.calls.flat().join(' ')).not.toMatch(/access policy/);
  });

  it('renders an empty month with "Tidak ada kegiatan pada bulan ini" and no photo', async () => {
    const pdf = await renderMonthlyPdf(emptyReport(), { compress: false });
    expectWellFormed(pdf);
    const facts = readPdf(pdf);
    expect(facts.images).toBe(0);
    expect(facts.pages).toBeGreaterThanOrEqual(2); // the appendix starts a page of its own
    expect(facts.text.split('Tidak ada kegiatan pada bulan ini.').length - 1).toBeGreaterThanOrEqual(7);
    expect(facts.text).toContain('Tidak ada foto dokumentasi pada bulan ini.');
    expect(facts.text).toContain('E. PENUTUP');
    expect(facts.missingGlyphs).toBe(0);
  });

  it('keeps headings with what follows them', async () => {
    const empty = readPdf(await renderMonthlyPdf(emptyReport(), { compress: false }));
    expect(empty.pages).toBe(empty.pageTexts.length);
    expect(pageOf(empty, 'Keadaan KPM dampingan')).toBe(pageOf(empty, 'Jumlah KPM (keluarga)'));
    const rich = readPdf(await renderMonthlyPdf(richReport(), { compress: false }));
    expect(pageOf(rich, 'RHK 6. Respon kasus')).toBe(pageOf(rich, 'Pengaduan penyaluran'));
    expect(pageOf(rich, 'Rekapitulasi kegiatan pendampingan')).toBe(pageOf(rich, 'Jumlah kegiatan: 86'));
  });

  it('never drops the end of a long text (no unbreakable block can hide it)', async () => {
    const base = richReport();
    const long = (n: number, end: string) => `${'Kalimat panjang tentang kegiatan pendampingan KPM. '.repeat(n)}${end}`;
    const data = richReport({
      narrative: { kegiatan: Array.from({ length: 30 }, (_, i) => long(8, `paragraf ${i + 1}`)).join('\n\n') + ' AKHIRKEGIATAN' },
      rhk: {
        ...base.rhk,
        p2k2: [{ ...base.rhk.p2k2[0], narrative: long(200, 'AKHIRNARASI') }],
        penyaluran: { ...base.rhk.penyaluran, problems: [{ description: long(60, 'AKHIRMASALAH'), families: 2 }] },
      },
      photos: [{ ...base.photos[0], caption: long(60, 'tidak tampil') }],
    });
    const facts = readPdf(await renderMonthlyPdf(data, { compress: false }));
    for (const marker of ['AKHIRKEGIATAN', 'AKHIRNARASI', 'AKHIRMASALAH']) expect(facts.text, marker).toContain(marker);
    expect(facts.text).toContain('…'); // the over-long caption is cut visibly, not silently
    expect(facts.images).toBe(1);
  });

  it('uses English headings and labels when language is en', async () => {
    const pdf = await renderMonthlyPdf(richReport({ language: 'en', narrative: {} }), { compress: false });
    const { text } = readPdf(pdf);
    for (const phrase of ['MONTHLY REPORT OF THE PKH PENDAMPING', 'MONTH: JULY 2026', 'A. INTRODUCTION', 'B. ACTIVITIES', 'C. RESULTS', 'D. CONCLUSIONS AND RECOMMENDATIONS', 'E. CLOSING', 'APPENDIX: PHOTO DOCUMENTATION', 'Acknowledged by,', 'PKH pendamping', 'Depok, 1 August 2026', 'Photo 2. Kunjungan rumah Ibu Sumarni']) {
      expect(text, phrase).toContain(phrase);
    }
    expect(text).not.toContain('PENDAHULUAN');
    // Rupiah as English writes them (the Indonesian report has Rp 187.500.000).
    expect(text).toContain('Rp 187,500,000');
    expect(text).not.toContain('Rp 187.500.000');
    // KPM counted under their own name (docs/glossary.md), not "Families (KPM)".
    expect(text).toContain('KPM 248 Family members');
    expect(text).not.toContain('(KPM)');
  });

  it('compresses by default', async () => {
    const data = richReport();
    const [packed, plain] = await Promise.all([renderMonthlyPdf(data), renderMonthlyPdf(data, { compress: false })]);
    expectWellFormed(packed);
    expect(packed.toString('latin1')).toContain('/FlateDecode');
    expect(packed.length).toBeLessThan(plain.length);
  });

  it('shows a note instead of failing on a photo whose bytes are not a JPEG or PNG', async () => {
    const data = richReport({ photos: [{ caption: 'Rusak', date: '2026-07-05', mime: 'image/png', data: Buffer.from('not an image at all') }] });
    const pdf = await renderMonthlyPdf(data, { compress: false });
    const facts = readPdf(pdf);
    expect(facts.images).toBe(0);
    expect(facts.text).toContain('Foto tidak dapat ditampilkan');
    expect(facts.text).toContain('Foto 1. Rusak');
  });

  it('names what each photo documents after its date, in the PDF and the XLSX', async () => {
    const base = richReport();
    const data = richReport({ photos: [{ ...base.photos[1]!, activity: 'Kunjungan rumah' }] });
    const facts = readPdf(await renderMonthlyPdf(data, { compress: false }));
    expect(facts.images).toBe(1);
    expect(facts.text).toContain('2 Juli 2026 · Kunjungan rumah');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderMonthlyXlsx(data)) as never);
    const values: unknown[] = [];
    wb.getWorksheet(SHEETS.photos)!.eachRow((row) => values.push(...(row.values as unknown[])));
    expect(values).toContain('Kunjungan rumah: Kunjungan rumah Ibu Sumarni');
    // The kind of picture, not its MIME type.
    expect(values).toContain('JPEG');
    expect(values).not.toContain('image/jpeg');
  });

  it('leaves pdfmake refusing every URL and local file', async () => {
    await renderMonthlyPdf(emptyReport());
    const pdfmake = (await import('pdfmake')).default as unknown as {
      createPdf(doc: object): { getBuffer(): Promise<Buffer> };
    };
    await expect(pdfmake.createPdf({ content: [{ image: '/etc/hostname' }] }).getBuffer()).rejects.toThrow(/denied by resource access policy/);
    await expect(pdfmake.createPdf({ content: [{ image: 'x' }], images: { x: 'https://example.invalid/x.png' } }).getBuffer()).rejects.toThrow(/denied by resource access policy/);
  });
});

describe('renderMonthlyXlsx', () => {
  it('writes a summary sheet and a sheet per RHK item, with typed numbers and real dates', async () => {
    const buf = await renderMonthlyXlsx(richReport());
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(SHEETS));

    const summary = wb.getWorksheet(SHEETS.summary)!;
    expect(summary.getCell('A1').value).toBe('LAPORAN BULANAN PENDAMPING SOSIAL PKH');
    expect(summary.getCell('A2').value).toBe('Bulan Juli 2026');
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const summaryValues = summary.getSheetValues().flat().filter((v) => typeof v === 'string') as string[];
    expect(summaryValues).toContain('E. PENUTUP');
    expect(summaryValues.some((v) => v.startsWith('Bulan ini saya fokus'))).toBe(true);
    const monthCell = findRow(summary, 'Bulan laporan').getCell(2);
    expect(monthCell.value).toEqual(new Date(Date.UTC(2026, 6, 1)));
    expect(monthCell.numFmt).toContain('mmmm yyyy');
    expect(findRow(summary, 'Jumlah KPM (keluarga)').getCell(2).value).toBe(248);

    const p2k2 = wb.getWorksheet(SHEETS.rhk2)!;
    expect(p2k2.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const header = p2k2.getRow(3);
    expect(header.getCell(2).value).toBe('Tanggal');
    expect(header.getCell(1).font?.bold).toBe(true);
    const first = p2k2.getRow(4);
    expect(first.getCell(1).value).toBe(1);
    expect(first.getCell(2).value).toEqual(new Date(Date.UTC(2026, 6, 3)));
    expect(first.getCell(3).value).toBe('Melati 1');
    expect(first.getCell(7).value).toBe(18);
    expect(first.getCell(8).value).toBe(20);
    expect(first.getCell(9).value).toBeCloseTo(0.9);
    expect(first.getCell(9).numFmt).toBe('0.0%');
    const totals = p2k2.getRow(6);
    expect(totals.getCell(3).value).toBe('Jumlah');
    expect(totals.getCell(7).value).toBe(33);
    expect(p2k2.getColumn(4).width).toBeGreaterThanOrEqual(20);

    const rhk1 = wb.getWorksheet(SHEETS.rhk1)!;
    const amount = findRow(rhk1, 'Nilai bantuan tahap ini (penetapan)').getCell(2);
    expect(amount.value).toBe(187_500_000);
    expect(amount.numFmt).toContain('Rp');

    const rhk3 = wb.getWorksheet(SHEETS.rhk3)!;
    expect(findRow(rhk3, 'Pendidikan (sekolah)').getCell(2).value).toBe(310);
    expect(findRow(rhk3, 'Jumlah').getCell(4).value).toBe(15);

    const rhk5 = wb.getWorksheet(SHEETS.rhk5)!;
    expect(findRow(rhk5, 'Kelahiran').getCell(3).value).toBe(3);

    const rhk6 = wb.getWorksheet(SHEETS.rhk6)!;
    expect(rhk6.getRow(4).getCell(2).value).toEqual(new Date(Date.UTC(2026, 6, 15)));
    expect(rhk6.getRow(4).getCell(7).value).toBe('Dirujuk');

    const act = wb.getWorksheet(SHEETS.activities)!;
    expect(findRow(act, 'Fasilitatif').getCell(2).value).toBe(40);
    expect(findRow(act, 'Kunjungan rumah').getCell(2).value).toBe(52);
  });

  it('writes an empty month with every sheet and the "no activity" line', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderMonthlyXlsx(emptyReport())) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(SHEETS));
    for (const name of [SHEETS.rhk2, SHEETS.rhk3, SHEETS.rhk6, SHEETS.activityLog, SHEETS.photos]) {
      expect(wb.getWorksheet(name)!.getRow(4).getCell(1).value, name).toBe('Tidak ada kegiatan pada bulan ini.');
    }
  });

  it('uses English labels (sheet names stay Indonesian) when language is en', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderMonthlyXlsx(richReport({ language: 'en' }))) as unknown as ArrayBuffer);
    expect(wb.worksheets[0].name).toBe('Ringkasan');
    expect(wb.getWorksheet(SHEETS.summary)!.getCell('A1').value).toBe('MONTHLY REPORT OF THE PKH PENDAMPING');
    expect(wb.getWorksheet(SHEETS.rhk2)!.getRow(3).getCell(2).value).toBe('Date');
  });
});

function findRow(ws: ExcelJS.Worksheet, label: string, column = 1): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (!found && row.getCell(column).value === label) found = row;
  });
  if (!found) throw new Error(`no row "${label}" in ${ws.name}`);
  return found;
}

describe('the report model', () => {
  it('names months in the report language', () => {
    expect(formatMonth('id', '2026-07')).toBe('Juli 2026');
    expect(formatMonth('en', '2026-07')).toBe('July 2026');
  });

  it('keeps the caller’s texts and generates the others', () => {
    const data = richReport();
    const texts = resolveNarrative(data);
    expect(texts.kegiatan.startsWith('Bulan ini saya fokus')).toBe(true);
    expect(texts.umum).toBe(defaultNarrative(data).umum);
    expect(texts.umum).toContain('Juli 2026');
    expect(texts.simpulanSaran).toContain('Jarak dan akses ke rumah KPM');
    expect(resolveNarrative({ ...data, narrative: { penutup: '   ' } }).penutup).toBe(defaultNarrative(data).penutup);
  });

  it('has every label in both languages with the same placeholders, for every key the renderers use', () => {
    const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, m] of Object.entries(reportMessages)) {
      expect(m.id.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      expect(placeholders(m.id), key).toEqual(placeholders(m.en));
    }
    const used = new Set<string>();
    for (const file of ['monthly-pdf.ts', 'monthly-xlsx.ts', 'monthly-report.types.ts']) {
      const src = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
      for (const m of src.matchAll(/'(report\.[a-z0-9_.]+[a-z0-9_])'/g)) used.add(m[1]);
    }
    const coded: Array<[string, readonly string[]]> = [
      ['verification', VERIFICATION_KINDS],
      ['data_update', DATA_UPDATE_KINDS],
      ['case_status', CASE_STATUSES],
      ['graduation', GRADUATION_KINDS],
      ['graduation_stage', GRADUATION_STAGES],
      ['role_group', ROLE_GROUPS],
      ['family_status', ['aktif', 'ditangguhkan', 'graduasi', 'keluar']],
    ];
    for (const [prefix, codes] of coded) for (const c of codes) used.add(`report.${prefix}.${c}`);
    for (const key of used) expect(reportMessages[key], key).toBeDefined();
  });
});

describe('the generated conclusion', () => {
  it('does not say the work went as planned in a month with no facilitation activity recorded', () => {
    const data = richReport();
    expect(defaultNarrative(data).simpulanSaran).toContain('telah dilaksanakan sesuai rencana');
    const idle = { ...data, activities: { ...data.activities, total: 0, byType: [], log: [] } };
    expect(defaultNarrative(idle).simpulanSaran).toBe('Belum ada kegiatan yang tercatat pada bulan Juli 2026, sehingga belum dapat ditarik simpulan. Disarankan agar kegiatan pendampingan dicatat di Titian setiap hari.');
  });
});

describe('make-up sessions (susulan) in the report', () => {
  const withMakeup = () => {
    const data = richReport();
    data.rhk.p2k2.push({ date: '2026-07-17', group: 'Melati 1', module: 'Pengelolaan Keuangan dan Perencanaan Usaha', session: 'Sesi 2: Cermat Meminjam dan Menabung (susulan)', place: 'Rumah ketua', present: 2, total: 2, makeup: true });
    return data;
  };

  it('are not counted as meetings held: the summary, the narrative and the workbook say them apart', async () => {
    const data = withMakeup();
    const facts = readPdf(await renderMonthlyPdf(data, { compress: false }));
    const text = facts.text.replace(/\s+/g, ' ');
    expect(text).toContain('2 pertemuan P2K2 pada 2 kelompok; kehadiran 33 dari 42 peserta');
    expect(text).toContain('Selain itu 1 pertemuan susulan untuk keluarga yang berhalangan, dihadiri 2 keluarga.');
    expect(defaultNarrative(data).kegiatan).toContain('termasuk 2 pertemuan P2K2');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderMonthlyXlsx(data)) as unknown as ArrayBuffer);
    const summary = wb.getWorksheet(SHEETS.summary)!;
    expect(findRow(summary, 'RHK 2. Pertemuan Peningkatan Kemampuan Keluarga (P2K2): Pertemuan P2K2').getCell(2).value).toBe(2);
    expect(findRow(summary, 'RHK 2. Pertemuan Peningkatan Kemampuan Keluarga (P2K2): Pertemuan susulan').getCell(2).value).toBe(1);
    expect(findRow(summary, 'RHK 2. Pertemuan Peningkatan Kemampuan Keluarga (P2K2): Keluarga hadir di pertemuan susulan').getCell(2).value).toBe(2);
    const totals = findRow(wb.getWorksheet(SHEETS.rhk2)!, 'Jumlah (tanpa susulan)', 3);
    expect(totals.getCell(7).value).toBe(33);
    expect(totals.getCell(8).value).toBe(42);
  });

  it('a month without make-ups says nothing of them', async () => {
    const text = readPdf(await renderMonthlyPdf(richReport(), { compress: false })).text;
    expect(text).not.toContain('susulan');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderMonthlyXlsx(richReport())) as unknown as ArrayBuffer);
    expect(findRow(wb.getWorksheet(SHEETS.rhk2)!, 'Jumlah', 3).getCell(7).value).toBe(33);
  });

  it('in English, with plurals', async () => {
    const data = { ...withMakeup(), language: 'en' as const };
    // The PDF's text breaks after a hyphen ("make- up").
    const text = readPdf(await renderMonthlyPdf(data, { compress: false })).text.replace(/\s+/g, ' ').replace(/- /g, '-');
    expect(text).toContain('Besides, 1 make-up session for families who had missed a session, attended by 2 families.');
  });
});

describe('rendering a busy month', () => {
  it('renders 300 P2K2 sessions and 1,000 activities in about 3 seconds or less', { timeout: 30_000 }, async () => {
    const data = bigReport();
    await renderMonthlyPdf(richReport()); // fonts loaded once per process, outside the timing
    await renderMonthlyXlsx(emptyReport());

    let t = performance.now();
    const pdf = await renderMonthlyPdf(data);
    const pdfMs = performance.now() - t;
    t = performance.now();
    const xlsx = await renderMonthlyXlsx(data);
    const xlsxMs = performance.now() - t;

    expectWellFormed(pdf);
    expect(xlsx.length).toBeGreaterThan(10_000);
    console.info(`busy month: PDF ${Math.round(pdfMs)} ms, ${Math.round(pdf.length / 1024)} KiB; XLSX ${Math.round(xlsxMs)} ms, ${Math.round(xlsx.length / 1024)} KiB`);
    expect(pdfMs).toBeLessThan(10_000);
    expect(xlsxMs).toBeLessThan(10_000);
  });
});
