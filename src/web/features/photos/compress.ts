/**
 * Photos are made small in the browser before they travel (a phone's 4–12 MB picture becomes a few hundred
 * KB): decoded, drawn on a canvas no longer than MAX_SIDE on its longest side, and encoded as JPEG. Drawing
 * also leaves the camera's metadata (EXIF, GPS) behind; the server strips it again anyway.
 */

/** Longest side of an uploaded photo, in pixels. */
export const MAX_SIDE = 1600;
/** JPEG quality of the re-encoded photo. */
export const JPEG_QUALITY = 0.8;
/** Types the server accepts as they are when the browser cannot re-encode them. */
export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/**
 * The size to draw a w×h picture at: the longest side at most `maxSide`, the aspect ratio kept, never
 * enlarged, at least 1×1. Invalid sizes (0, NaN, negative) give null.
 */
export function targetSize(width: number, height: number, maxSide = MAX_SIDE): { width: number; height: number } | null {
  if (!(Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0 && maxSide > 0)) return null;
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface PreparedPhoto {
  /** What will be uploaded. */
  blob: Blob;
  /** The file's size as chosen. */
  originalBytes: number;
  /** Whether it was re-encoded (false: sent as it is). */
  compressed: boolean;
}

/**
 * Why a chosen file is refused at once, in the picker (never kept on the phone nor sent):
 * - `type`: not an image at all (a PDF, a document);
 * - `content`: said to be an image (its name or type) but its bytes are not a JPEG, PNG or WebP and the
 *   browser cannot read it either (a text file named `.jpg`, a damaged or cut-off photo).
 */
export class UnsupportedPhotoError extends Error {
  constructor(readonly reason: 'type' | 'content') {
    super(reason);
    this.name = 'UnsupportedPhotoError';
  }
}

export type UploadType = (typeof UPLOAD_TYPES)[number];

/** The first bytes of a blob (`slice().arrayBuffer()`, or a FileReader in older browsers). */
async function headOf(blob: Blob, n: number): Promise<Uint8Array> {
  const part = blob.slice(0, n);
  if (typeof part.arrayBuffer === 'function') return new Uint8Array(await part.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(part);
  });
}

const ascii = (bytes: Uint8Array, from: number, text: string) => [...text].every((c, i) => bytes[from + i] === c.charCodeAt(0));

/**
 * What a file's bytes say it is, whatever its name and stated type say: JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A
 * 1A 0A) or WebP ("RIFF", 4 bytes of size, "WEBP"); null for anything else (a text file named `.jpg`, a PDF).
 */
export async function sniffImageType(file: Blob): Promise<UploadType | null> {
  const b = await headOf(file, 12);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x)) return 'image/png';
  if (b.length >= 12 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'image/webp';
  return null;
}

/** Said to be an image by its type or its name (a picture the phone may be able to read and convert). */
function claimsImage(file: Blob): boolean {
  if (file.type.startsWith('image/')) return true;
  const name = (file as Partial<File>).name ?? '';
  return /\.(jpe?g|png|webp|gif|bmp|heic|heif|avif)$/i.test(name);
}

interface Decoded {
  kind: 'decoded';
  width: number;
  height: number;
  source: CanvasImageSource;
  close(): void;
}

/**
 * Decoding's outcome: the picture; `undecodable` when the browser tried and could not read it (not an image, or
 * damaged); `unavailable` when this browser has no way to try here (no decoder for a Blob, or too slow).
 */
type DecodeResult = Decoded | { kind: 'undecodable' } | { kind: 'unavailable' };

/** How long an <img> may take to decode a photo (old browsers only) before it is sent as it is. */
const IMG_DECODE_TIMEOUT_MS = 15_000;

async function decode(file: Blob): Promise<DecodeResult> {
  if (typeof createImageBitmap === 'function') {
    try {
      // Honour the camera's orientation, so portrait photos stay upright once the EXIF is gone.
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      if (!bitmap.width || !bitmap.height) {
        bitmap.close?.();
        return { kind: 'undecodable' };
      }
      return { kind: 'decoded', width: bitmap.width, height: bitmap.height, source: bitmap, close: () => bitmap.close?.() };
    } catch (err) {
      // A browser that cannot read the bytes rejects with a DOMException (InvalidStateError: "The source image
      // could not be decoded"); a TypeError says it takes no Blob here (a test DOM): it could not try.
      return (err as { name?: string } | null)?.name === 'TypeError' ? { kind: 'unavailable' } : { kind: 'undecodable' };
    }
  }
  if (typeof Image === 'undefined' || typeof URL.createObjectURL !== 'function') return { kind: 'unavailable' };
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    const loaded = await new Promise<'load' | 'error' | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), IMG_DECODE_TIMEOUT_MS);
      img.onload = () => {
        clearTimeout(timer);
        resolve('load');
      };
      img.onerror = () => {
        clearTimeout(timer);
        resolve('error');
      };
      img.src = url;
    });
    if (loaded === 'timeout') return { kind: 'unavailable' };
    if (loaded === 'error' || !img.naturalWidth || !img.naturalHeight) return { kind: 'undecodable' };
    return { kind: 'decoded', width: img.naturalWidth, height: img.naturalHeight, source: img, close: () => undefined };
  } catch {
    return { kind: 'unavailable' };
  } finally {
    URL.revokeObjectURL(url);
  }
}

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => {
    try {
      canvas.toBlob((b) => resolve(b), 'image/jpeg', quality);
    } catch {
      resolve(null);
    }
  });
}

/**
 * Makes a chosen photo ready to upload: re-encoded small when the browser can decode and draw it, otherwise the
 * file itself when its bytes are a JPEG, PNG or WebP (the server accepts those). Refused at once
 * (UnsupportedPhotoError), before anything is kept or sent: a file that is not an image, a file the browser
 * tried and could not read, and a file that would go as it is while its bytes are not a JPEG, PNG or WebP.
 */
export async function preparePhoto(file: Blob, opts: { maxSide?: number; quality?: number } = {}): Promise<PreparedPhoto> {
  const sniffed = await sniffImageType(file).catch(() => null);
  const refuse = (): never => {
    throw new UnsupportedPhotoError(sniffed || claimsImage(file) ? 'content' : 'type');
  };
  // Neither its bytes nor its type or name say image (a PDF, a document): not even tried.
  if (!sniffed && !claimsImage(file)) refuse();
  const asIs = (): PreparedPhoto => {
    if (!sniffed) return refuse();
    // Sent with the type its bytes say (a PNG named .jpg goes as a PNG).
    const blob = file.type === sniffed ? file : new Blob([file], { type: sniffed });
    return { blob, originalBytes: file.size, compressed: false };
  };
  const decoded = await decode(file).catch((): DecodeResult => ({ kind: 'unavailable' }));
  if (decoded.kind === 'undecodable') return refuse();
  if (decoded.kind === 'unavailable') return asIs();
  try {
    const size = targetSize(decoded.width, decoded.height, opts.maxSide ?? MAX_SIDE);
    if (!size || typeof document === 'undefined') return asIs();
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const g = canvas.getContext('2d');
    if (!g) return asIs();
    // JPEG has no transparency: a white ground under transparent PNG areas.
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, size.width, size.height);
    g.drawImage(decoded.source, 0, 0, size.width, size.height);
    const blob = await toJpeg(canvas, opts.quality ?? JPEG_QUALITY);
    // What the canvas gave must itself be an image the server takes (else the file goes as it is, if it can).
    if (!blob || blob.size === 0 || !(await sniffImageType(blob).catch(() => null))) return asIs();
    // A small JPEG that re-encoding made bigger is sent as it is (the server removes its metadata).
    if (sniffed === 'image/jpeg' && blob.size >= file.size && size.width === decoded.width && size.height === decoded.height) return asIs();
    return { blob, originalBytes: file.size, compressed: true };
  } finally {
    decoded.close();
  }
}

/** A size for people: "850 KB", "2,4 MB". */
export function formatBytes(n: number, locale: string): string {
  const fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (n >= 1024 * 1024) return `${fmt.format(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${fmt.format(Math.round(n / 1024))} KB`;
  return `${fmt.format(n)} B`;
}
