/**
 * For tests: the text a pdfmake/pdfkit PDF draws, read back through each font's ToUnicode map. Works on
 * compressed files too (every FlateDecode stream is inflated first). Not used by the server.
 */
import { inflateSync } from 'node:zlib';

export interface PdfText {
  pages: number;
  /** All drawn text, whitespace collapsed (words are drawn one by one). */
  text: string;
  /** Glyphs drawn as .notdef (a character the font lacks). */
  missingGlyphs: number;
}

/** The file with its Flate streams inflated (binary streams that do not inflate are kept). */
function inflated(pdf: Buffer): string {
  const s = pdf.toString('latin1');
  return s.replace(/(\/Filter \/FlateDecode[\s\S]*?>>\s*stream\r?\n)([\s\S]*?)(\r?\nendstream)/g, (_m, head: string, body: string, tail: string) => {
    try {
      return head.replace('/Filter /FlateDecode', '') + inflateSync(Buffer.from(body, 'latin1')).toString('latin1') + tail;
    } catch {
      return head + body + tail;
    }
  });
}

export function readPdfText(pdf: Buffer): PdfText {
  const s = inflated(pdf);
  const objects = new Map<number, string>();
  for (const m of s.matchAll(/(\d+) 0 obj\b([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2]!);
  const hex = (h: string) => String.fromCharCode(...(h.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((x) => Number.parseInt(x, 16)));
  const cmaps = new Map<string, Map<number, string>>();
  for (const m of s.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    if (cmaps.has(m[1]!)) continue;
    const font = objects.get(Number(m[2])) ?? '';
    const ref = /\/ToUnicode (\d+) 0 R/.exec(font);
    const cmap = ref ? (objects.get(Number(ref[1])) ?? '') : '';
    const map = new Map<number, string>();
    for (const r of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const start = Number.parseInt(r[1]!, 16);
      [...r[3]!.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((u, i) => map.set(start + i, hex(u[1]!)));
    }
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const c of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f\s]+)>/gi)) map.set(Number.parseInt(c[1]!, 16), hex(c[2]!));
    }
    cmaps.set(m[1]!, map);
  }
  let missingGlyphs = 0;
  let text = '';
  for (const body of objects.values()) {
    if (!/\] TJ/.test(body)) continue;
    let font = '';
    for (const m of body.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (m[1]) {
        font = m[1];
        continue;
      }
      const map = cmaps.get(font);
      for (const h of m[2]!.matchAll(/<([0-9a-f]*)>/gi)) {
        for (const code of h[1]!.match(/.{4}/g) ?? []) {
          const n = Number.parseInt(code, 16);
          if (n === 0) missingGlyphs++;
          text += map?.get(n) ?? '\uFFFD';
        }
      }
      text += ' ';
    }
  }
  // Page objects are never inside streams (pdfkit writes no object streams): count them in the raw file.
  return { pages: (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length, text: text.replace(/[\s\u00a0]+/g, ' '), missingGlyphs };
}
