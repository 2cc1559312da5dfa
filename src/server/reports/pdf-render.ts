/**
 * pdfmake for every PDF Titian writes (the monthly report, the graduation letter and berita acara): its
 * Node build with the Roboto it ships (no download, no system fonts), loaded once per process on first use
 * (about 850 kB of base64, so not at server start), and rendering with every URL and local file refused,
 * so a document can only draw what it carries.
 */
import type { TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces';

/** The font family name documents use in `defaultStyle.font`. */
export const PDF_FONT = 'TitianRoboto';
const VFS_DIR = 'titian-report';
const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

/** The part of pdfmake's server instance used here (its typings omit `virtualfs`). */
interface PdfMakeServer {
  virtualfs: { existsSync(path: string): boolean; writeFileSync(path: string, content: Buffer): void };
  addFonts(fonts: TFontDictionary): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let loading: Promise<PdfMakeServer> | null = null;

function defaultExport<T>(mod: unknown): T {
  const m = mod as { default?: unknown };
  return (m && typeof m === 'object' && 'default' in m && m.default ? m.default : mod) as T;
}

function loadPdfMake(): Promise<PdfMakeServer> {
  loading ??= (async () => {
    const [pdfmakeModule, vfsModule] = await Promise.all([import('pdfmake'), import('pdfmake/build/vfs_fonts.js')]);
    const pdfmake = defaultExport<PdfMakeServer>(pdfmakeModule);
    const vfs = defaultExport<Record<string, string>>(vfsModule);
    for (const file of Object.values(FONT_FILES)) {
      const base64 = vfs[file];
      if (typeof base64 !== 'string') throw new Error(`pdfmake's vfs_fonts.js has no ${file}`);
      const path = `${VFS_DIR}/${file}`;
      if (!pdfmake.virtualfs.existsSync(path)) pdfmake.virtualfs.writeFileSync(path, Buffer.from(base64, 'base64'));
    }
    return pdfmake;
  })().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

const denyAll = () => false;

/** Renders a document definition (with `defaultStyle.font: PDF_FONT`) to the PDF's bytes. */
export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  const pdfmake = await loadPdfMake();
  // One shared instance: the policies and fonts are set again right before each document, synchronously.
  pdfmake.setUrlAccessPolicy(denyAll);
  pdfmake.setLocalAccessPolicy(denyAll);
  pdfmake.addFonts({
    [PDF_FONT]: Object.fromEntries(Object.entries(FONT_FILES).map(([style, file]) => [style, `${VFS_DIR}/${file}`])) as TFontDictionary[string],
  });
  return pdfmake.createPdf(doc).getBuffer();
}
