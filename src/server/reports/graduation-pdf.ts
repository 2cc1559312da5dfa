/**
 * The graduation documents as PDF (A4, ready to print), with pdfmake 0.3 as the monthly report uses it:
 * Roboto from pdfmake's own vfs_fonts (nothing fetched, no file read), every URL and local file refused.
 *
 * - the self-declaration letter, "SURAT PERNYATAAN GRADUASI SEJAHTERA MANDIRI", with the materai box;
 * - the berita acara of a group graduation event in a kelurahan.
 */
import type { Content, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { PDF_FONT, renderPdf } from './pdf-render';
import {
  addressLine,
  type BeritaAcaraData,
  clean,
  GRADUATION_TYPE_LABELS,
  type GraduationLetterData,
} from './graduation-documents.types';
import { jumlahDenganKata, pembukaanBeritaAcara, tanggalIndonesia } from './graduation-words';

export interface RenderOptions {
  /** Deflate the page streams (default true). Tests turn it off to read the text. */
  compress?: boolean;
}

const MARGIN_X = 64; // about 2.25 cm
const BLANK_NAME = '(......................................................)';
const BLANK_DATE = '................................ 20......';

const NO_LINES: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 0,
  paddingRight: () => 4,
  paddingTop: () => 1,
  paddingBottom: () => 1,
};

const GRID: CustomTableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#555555',
  vLineColor: () => '#555555',
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

const DASHED_BOX: CustomTableLayout = {
  hLineWidth: () => 0.8,
  vLineWidth: () => 0.8,
  hLineColor: () => '#777777',
  vLineColor: () => '#777777',
  hLineStyle: () => ({ dash: { length: 3, space: 2 } }),
  vLineStyle: () => ({ dash: { length: 3, space: 2 } }),
  paddingTop: () => 16,
  paddingBottom: () => 16,
};

function baseDocument(title: string, content: Content[], options: RenderOptions, fontSize = 11, lineHeight = 1.25): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [MARGIN_X, 48, MARGIN_X, 48],
    compress: options.compress ?? true,
    info: { title, creator: 'Titian', producer: 'Titian' },
    defaultStyle: { font: PDF_FONT, fontSize, lineHeight },
    styles: {
      title: { fontSize: 13, bold: true, alignment: 'center' },
      subtitle: { fontSize: 11, bold: true, alignment: 'center' },
      body: { alignment: 'justify', margin: [0, 0, 0, 6] },
      th: { bold: true, fontSize: 9.5, alignment: 'center', fillColor: '#eeeeee' },
      td: { fontSize: 9.5 },
    },
    content,
  };
}

/** A "label : value" block. */
function fields(rows: Array<[string, string]>): Content {
  return {
    table: { widths: [120, 10, '*'], body: rows.map(([k, v]) => [{ text: k }, { text: ':' }, { text: clean(v) || '-' }] as TableCell[]) },
    layout: NO_LINES,
    margin: [18, 2, 0, 10],
  };
}

/** A signature block: the role lines, room to sign, the name in brackets (or a blank to fill in). */
function signature(lines: string[], name: string | null, extra?: Content): Content {
  return {
    stack: [
      ...lines.map((l) => ({ text: clean(l), alignment: 'center' as const })),
      extra ?? { text: ' ', margin: [0, 0, 0, 40] },
      { text: name ? `( ${clean(name)} )` : BLANK_NAME, alignment: 'center', bold: Boolean(name), margin: [0, extra ? 4 : 0, 0, 0] },
    ],
  };
}

/** The dashed box where the duty stamp (materai Rp10.000) is stuck and signed across. */
function materaiBox(): Content {
  return {
    columns: [
      { width: '*', text: '' },
      {
        width: 96,
        table: { widths: [88], body: [[{ text: 'Materai 10.000', alignment: 'center', fontSize: 8.5, color: '#666666' }]] },
        layout: DASHED_BOX,
      },
      { width: '*', text: '' },
    ],
    margin: [0, 6, 0, 6],
  };
}

// ---------------------------------------------------------------------------------------------------
// The self-declaration letter

export const LETTER_TITLE = 'SURAT PERNYATAAN GRADUASI SEJAHTERA MANDIRI';

/** The statement's numbered points (the standard text; the family's data fills the blanks). */
export function letterStatements(d: Pick<GraduationLetterData, 'joinedYear'>): string[] {
  return [
    `Saya beserta keluarga adalah Keluarga Penerima Manfaat (KPM) Program Keluarga Harapan (PKH)${d.joinedYear ? ` sejak tahun ${d.joinedYear}` : ''}.`,
    'Saat ini kondisi sosial ekonomi keluarga kami telah membaik dan kami telah mampu memenuhi kebutuhan dasar keluarga secara mandiri, meliputi pangan, pendidikan anak, dan kesehatan anggota keluarga.',
    'Atas kesadaran dan kemauan sendiri, tanpa paksaan atau tekanan dari pihak mana pun, kami menyatakan mengundurkan diri dari kepesertaan PKH (graduasi sejahtera mandiri).',
    'Kami memahami konsekuensi pernyataan ini, yaitu keluarga kami tidak lagi menerima bantuan sosial PKH sejak graduasi ditetapkan, data kepesertaan kami diperbarui, dan kami tidak akan menuntut bantuan PKH tersebut di kemudian hari.',
    'Kami bersedia tetap didampingi dan dikunjungi untuk pemantauan setelah graduasi.',
  ];
}

export function buildLetterDocument(d: GraduationLetterData, options: RenderOptions = {}): TDocumentDefinitions {
  const identity: Array<[string, string]> = [
    ['Nama', d.declarant.name],
    ['NIK', d.declarant.nik ?? ''],
    ['Nomor Kartu Keluarga', d.kkNumber],
    ...(d.headName && d.headName !== d.declarant.name ? ([['Nama Kepala Keluarga', d.headName]] as Array<[string, string]>) : []),
    ['Alamat', addressLine(d.address, d.rt, d.rw)],
    ['Kelurahan/Desa', d.region.kelurahan],
    ['Kecamatan', d.region.kecamatan],
    ['Kabupaten/Kota', d.region.kabKota],
  ];
  const dateLine = `${clean(d.place) || '....................'}, ${d.date ? tanggalIndonesia(d.date) : BLANK_DATE}`;
  const content: Content[] = [
    { text: LETTER_TITLE, style: 'title' },
    { text: 'PROGRAM KELUARGA HARAPAN (PKH)', style: 'subtitle', margin: [0, 2, 0, 18] },
    { text: 'Yang bertanda tangan di bawah ini:', style: 'body' },
    fields(identity),
    { text: 'dengan ini menyatakan dengan sesungguhnya bahwa:', style: 'body' },
    { ol: letterStatements(d).map((s) => ({ text: s, style: 'body' })), margin: [18, 0, 0, 6] },
    {
      text: 'Demikian surat pernyataan ini kami buat dengan sebenar-benarnya, dalam keadaan sadar dan tanpa paksaan, untuk dipergunakan sebagaimana mestinya.',
      style: 'body',
    },
    {
      columns: [
        { width: '*', text: '' },
        { width: 230, stack: [{ text: dateLine, alignment: 'center' }, signature(['Yang membuat pernyataan,'], d.declarant.name, materaiBox())] },
      ],
      margin: [0, 12, 0, 14],
      unbreakable: true,
    },
    {
      stack: [
        { text: 'Mengetahui,', alignment: 'center', margin: [0, 0, 0, 4] },
        {
          columns: [
            signature(['Pendamping Sosial PKH'], d.pendamping.name),
            signature([`Lurah ${d.region.kelurahan}`.trim()], null),
          ],
          columnGap: 24,
        },
      ],
      unbreakable: true,
    },
  ];
  // One page: the family signs one sheet.
  return baseDocument(LETTER_TITLE, content, options, 10.5, 1.15);
}

export async function renderGraduationLetterPdf(d: GraduationLetterData, options: RenderOptions = {}): Promise<Buffer> {
  return renderPdf(buildLetterDocument(d, options));
}

// ---------------------------------------------------------------------------------------------------
// The berita acara of a group graduation event

export const BERITA_ACARA_TITLE = 'BERITA ACARA GRADUASI KELUARGA PENERIMA MANFAAT PKH';

export function beritaAcaraOpening(d: BeritaAcaraData): string {
  const where = [`Kelurahan ${d.region.kelurahan}`, `Kecamatan ${d.region.kecamatan}`, d.region.kabKota].filter((x) => x.trim()).join(', ');
  return (
    `${pembukaanBeritaAcara(d.date)}, bertempat di ${where}, telah dilaksanakan graduasi Keluarga Penerima Manfaat (KPM) ` +
    `Program Keluarga Harapan (PKH) sebanyak ${jumlahDenganKata(d.rows.length)} keluarga, dengan rincian sebagai berikut:`
  );
}

export function buildBeritaAcaraDocument(d: BeritaAcaraData, options: RenderOptions = {}): TDocumentDefinitions {
  const th = (text: string): TableCell => ({ text, style: 'th' });
  const td = (text: string, alignment: 'left' | 'center' = 'left'): TableCell => ({ text: clean(text) || '-', style: 'td', alignment });
  const rows: TableCell[][] = d.rows.map((r, i) => [
    td(String(i + 1), 'center'),
    td(r.headName),
    td(`${addressLine(r.address, r.rt, r.rw)}${r.kelurahan ? `\nKel. ${r.kelurahan}` : ''}`),
    td(GRADUATION_TYPE_LABELS[r.type] ?? r.type),
    td(r.effectiveDate ? tanggalIndonesia(r.effectiveDate) : 'menunggu penetapan', 'center'),
  ]);
  const signers: Content[] = [
    ...(d.pendamping.length ? d.pendamping : [null]).map((name) => signature(['Pendamping Sosial PKH'], name)),
    signature([`Koordinator PKH Kecamatan ${d.region.kecamatan}`.trim()], d.koordinatorKecamatan),
  ];
  const signerRows: Content[] = [];
  for (let i = 0; i < signers.length; i += 2) {
    const pair = signers.slice(i, i + 2);
    signerRows.push({ columns: pair.length === 2 ? pair : [{ width: '*', text: '' }, { width: '*', stack: [pair[0]!] }, { width: '*', text: '' }], columnGap: 24, margin: [0, 0, 0, 10], unbreakable: true });
  }
  const content: Content[] = [
    { text: BERITA_ACARA_TITLE, style: 'title' },
    { text: `KELURAHAN ${d.region.kelurahan.toUpperCase()} KECAMATAN ${d.region.kecamatan.toUpperCase()}`, style: 'subtitle' },
    { text: d.region.kabKota.toUpperCase(), style: 'subtitle' },
    { text: 'Nomor: ........................................', alignment: 'center', margin: [0, 4, 0, 16] },
    { text: beritaAcaraOpening(d), style: 'body' },
    {
      table: { headerRows: 1, widths: [22, '*', '*', 90, 78], body: [[th('No'), th('Nama Kepala Keluarga'), th('Alamat'), th('Jenis Graduasi'), th('Tanggal Berlaku')], ...rows], dontBreakRows: true },
      layout: GRID,
      margin: [0, 4, 0, 10],
    },
    {
      text:
        'Keluarga tersebut di atas dinyatakan graduasi dari kepesertaan Program Keluarga Harapan dan tidak lagi menerima bantuan sosial PKH ' +
        'sejak tanggal berlaku graduasi masing-masing. Pendampingan dan pemantauan pascagraduasi tetap dilakukan oleh Pendamping Sosial PKH.',
      style: 'body',
    },
    { text: 'Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.', style: 'body' },
    { text: `${clean(d.place) || '....................'}, ${tanggalIndonesia(d.date)}`, alignment: 'right', margin: [0, 10, 0, 14] },
    ...signerRows,
    { stack: [{ text: 'Mengetahui,', alignment: 'center' }, signature([`Lurah ${d.region.kelurahan}`.trim()], null)], margin: [0, 4, 0, 0], unbreakable: true },
  ];
  return baseDocument(BERITA_ACARA_TITLE, content, options);
}

export async function renderBeritaAcaraPdf(d: BeritaAcaraData, options: RenderOptions = {}): Promise<Buffer> {
  return renderPdf(buildBeritaAcaraDocument(d, options));
}
