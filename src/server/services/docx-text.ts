/**
 * The text of a DOCX (an uploaded interview transcript): word/document.xml read with jszip, each paragraph
 * (<w:p>) a line, the runs' text (<w:t>) joined, <w:tab/> a tab and <w:br/> (and <w:cr/>) a line break.
 * Nothing else of the file is read (no macros, no embedded objects, no external links).
 */
import JSZip from 'jszip';

export class DocxError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? '';
  });
}

/** The document's paragraphs as lines (throws DocxError when the file is not a readable DOCX). */
export async function docxText(bytes: Buffer | Uint8Array): Promise<string> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new DocxError('not a zip file');
  }
  const entry = zip.file('word/document.xml');
  if (!entry) throw new DocxError('no word/document.xml');
  const xml = await entry.async('string');
  const body = xml.match(/<w:body[\s>][\s\S]*<\/w:body>/)?.[0] ?? xml;
  const lines: string[] = [];
  for (const p of body.matchAll(/<w:p(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/w:p>)/g)) {
    const inner = p[1] ?? '';
    let line = '';
    for (const m of inner.matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>|<w:tab\/>|<w:(?:br|cr)(?:\s[^>]*)?\/>/g)) {
      if (m[1] !== undefined) line += decode(m[1]);
      else if (m[0].startsWith('<w:tab')) line += '\t';
      else line += '\n';
    }
    lines.push(line);
  }
  return lines.join('\n');
}
