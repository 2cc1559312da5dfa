/**
 * Reading the PDFs Titian writes (pdfmake/pdfkit output) in tests: page count, images, and the text drawn
 * on each page through the fonts' ToUnicode maps, so a test can check what a reader would see.
 */
import { inflateSync } from 'node:zlib';
import { expect } from 'vitest';

/** The file with its Flate streams inflated (what the server sends is compressed; binary streams that do not inflate are kept). */
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

export interface PdfFacts {
  pages: number;
  images: number;
  text: string;
  pageTexts: string[];
  /** Glyphs drawn as .notdef (a character the font lacks). */
  missingGlyphs: number;
}

export function readPdf(pdf: Buffer): PdfFacts {
  const s = inflated(pdf);
  const objects = new Map<number, string>();
  for (const m of s.matchAll(/(\d+) 0 obj\b([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2]);
  // Font resource name → ToUnicode map (code → text)
  const cmaps = new Map<string, Map<number, string>>();
  for (const m of s.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    if (cmaps.has(m[1])) continue;
    const font = objects.get(Number(m[2])) ?? '';
    const ref = /\/ToUnicode (\d+) 0 R/.exec(font);
    const map = new Map<number, string>();
    const cmap = ref ? (objects.get(Number(ref[1])) ?? '') : '';
    // UTF-16BE; a ligature maps to several units, written "<0066 0069>".
    const hex = (h: string) => String.fromCharCode(...(h.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((x) => Number.parseInt(x, 16)));
    for (const r of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const start = Number.parseInt(r[1], 16);
      [...r[3].matchAll(/<([0-9a-f\s]+)>/gi)].forEach((u, i) => map.set(start + i, hex(u[1])));
    }
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const c of block[1].matchAll(/<([0-9a-f]+)>\s*<([0-9a-f\s]+)>/gi)) map.set(Number.parseInt(c[1], 16), hex(c[2]));
    }
    cmaps.set(m[1], map);
  }
  // Each page's content stream is one object; pdfkit writes them in page order.
  let missingGlyphs = 0;
  const pageTexts: string[] = [];
  for (const body of objects.values()) {
    if (!/\] TJ/.test(body)) continue;
    let font = '';
    let text = '';
    for (const m of body.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (m[1]) {
        font = m[1];
        continue;
      }
      const map = cmaps.get(font);
      for (const h of m[2].matchAll(/<([0-9a-f]*)>/gi)) {
        for (const code of h[1].match(/.{4}/g) ?? []) {
          const n = Number.parseInt(code, 16);
          if (n === 0) missingGlyphs++;
          text += map?.get(n) ?? '\uFFFD';
        }
      }
      text += ' ';
    }
    // Words are drawn one by one: collapse the spacing so phrases can be searched.
    pageTexts.push(text.replace(/[\s\u00a0]+/g, ' '));
  }
  return {
    pages: (s.match(/\/Type \/Page\b(?!s)/g) ?? []).length,
    images: (s.match(/\/Subtype \/Image\b/g) ?? []).length,
    text: pageTexts.join(' '),
    pageTexts,
    missingGlyphs,
  };
}

/** The page (0-based) on which a phrase is drawn, -1 when it is not. */
export function pageOf(facts: PdfFacts, phrase: string): number {
  return facts.pageTexts.findIndex((t) => t.includes(phrase));
}

export function expectWellFormed(pdf: Buffer) {
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.subarray(-8).toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
}

