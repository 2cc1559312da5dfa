/**
 * Photo bytes, checked and cleaned before they are stored (pure, no I/O):
 * - `sniffUpload`: what the bytes really are (JPEG, PNG, WebP), by signature; the declared type is not trusted;
 * - `stripMetadata`: drops the metadata a camera writes (EXIF with its GPS fix, XMP, comments), so that a
 *   photo never carries where it was taken (an activity has its own, consented, GPS field).
 */

export const UPLOAD_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type UploadMime = (typeof UPLOAD_MIMES)[number];

export function isUploadMime(value: string): value is UploadMime {
  return (UPLOAD_MIMES as readonly string[]).includes(value);
}

/** The image type the bytes are, by their signature, or null. */
export function sniffUpload(data: Buffer): UploadMime | null {
  if (data.length >= 8 && data.readUInt32BE(0) === 0x89504e47 && data.readUInt32BE(4) === 0x0d0a1a0a) return 'image/png';
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 16 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** The bytes are not a well-formed image of the type they claim (truncated, or a bad segment length). */
export class MalformedImageError extends Error {}

/** The image without its metadata; throws MalformedImageError when its structure cannot be followed. */
export function stripMetadata(data: Buffer, mime: UploadMime): Buffer {
  if (mime === 'image/jpeg') return stripJpeg(data);
  if (mime === 'image/png') return stripPng(data);
  return stripWebp(data);
}

const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const COM = 0xfe;
const APP14 = 0xee;

/**
 * JPEG: drops APP1–APP15 (EXIF, XMP, ICC, maker notes…) and COM segments found before the first scan.
 * APP0 (JFIF) is kept, and so is an "Adobe" APP14, which tells decoders the colour transform (no
 * personal data). Everything from the first SOS on (the image data) is copied as it is.
 */
export function stripJpeg(data: Buffer): Buffer {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== SOI) throw new MalformedImageError('not a JPEG');
  const kept: Buffer[] = [data.subarray(0, 2)];
  let i = 2;
  for (;;) {
    if (i >= data.length) throw new MalformedImageError('JPEG ends before its image data');
    if (data[i] !== 0xff) throw new MalformedImageError('JPEG marker expected');
    // Markers may be padded with extra 0xFF bytes.
    let m = i + 1;
    while (m < data.length && data[m] === 0xff) m++;
    if (m >= data.length) throw new MalformedImageError('JPEG ends in a marker');
    const marker = data[m]!;
    const segStart = m + 1;
    if (marker === EOI) throw new MalformedImageError('JPEG without image data');
    // Stand-alone markers (no length): TEM and RSTn.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(data.subarray(i, segStart));
      i = segStart;
      continue;
    }
    if (segStart + 2 > data.length) throw new MalformedImageError('JPEG segment length missing');
    const length = data.readUInt16BE(segStart);
    if (length < 2 || segStart + length > data.length) throw new MalformedImageError('JPEG segment overruns the file');
    const end = segStart + length;
    if (marker === SOS) {
      kept.push(data.subarray(i));
      return Buffer.concat(kept);
    }
    const isApp = marker >= 0xe1 && marker <= 0xef;
    const adobe = marker === APP14 && data.toString('latin1', segStart + 2, Math.min(end, segStart + 7)) === 'Adobe';
    if (!((isApp && !adobe) || marker === COM)) kept.push(data.subarray(i, end));
    i = end;
  }
}

/** PNG ancillary chunks that carry metadata: EXIF, text (may hold XMP or a location), time. */
const PNG_METADATA_CHUNKS = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

export function stripPng(data: Buffer): Buffer {
  if (sniffUpload(data) !== 'image/png') throw new MalformedImageError('not a PNG');
  const kept: Buffer[] = [data.subarray(0, 8)];
  let i = 8;
  for (;;) {
    if (i + 12 > data.length) throw new MalformedImageError('PNG ends before IEND');
    const length = data.readUInt32BE(i);
    const end = i + 12 + length;
    if (end > data.length) throw new MalformedImageError('PNG chunk overruns the file');
    const type = data.toString('latin1', i + 4, i + 8);
    if (!PNG_METADATA_CHUNKS.has(type)) kept.push(data.subarray(i, end));
    i = end;
    if (type === 'IEND') return Buffer.concat(kept);
  }
}

/** WebP (RIFF): drops the EXIF and XMP chunks and clears their flags in VP8X; the RIFF size is rewritten. */
export function stripWebp(data: Buffer): Buffer {
  if (sniffUpload(data) !== 'image/webp') throw new MalformedImageError('not a WebP');
  const riffEnd = Math.min(data.length, 8 + data.readUInt32LE(4));
  const kept: Buffer[] = [];
  let i = 12;
  while (i + 8 <= riffEnd) {
    const type = data.toString('latin1', i, i + 4);
    const size = data.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > riffEnd) throw new MalformedImageError('WebP chunk overruns the file');
    if (type === 'VP8X' && size >= 10) {
      const chunk = Buffer.from(data.subarray(i, Math.min(end, riffEnd)));
      chunk[8] = chunk[8]! & ~0x0c; // EXIF (0x08) and XMP (0x04) flags
      kept.push(chunk);
    } else if (type !== 'EXIF' && type !== 'XMP ') {
      kept.push(data.subarray(i, Math.min(end, riffEnd)));
    }
    i = end;
  }
  const body = Buffer.concat(kept);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}
