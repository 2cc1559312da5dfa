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

export class UnsupportedPhotoError extends Error {}

interface Decoded {
  width: number;
  height: number;
  source: CanvasImageSource;
  close(): void;
}

/** How long an <img> may take to decode a photo (old browsers only) before it is sent as it is. */
const IMG_DECODE_TIMEOUT_MS = 15_000;

async function decode(file: Blob): Promise<Decoded | null> {
  if (typeof createImageBitmap === 'function') {
    try {
      // Honour the camera's orientation, so portrait photos stay upright once the EXIF is gone.
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { width: bitmap.width, height: bitmap.height, source: bitmap, close: () => bitmap.close?.() };
    } catch {
      // A browser with createImageBitmap that cannot decode this file will not do better with <img>.
      return null;
    }
  }
  if (typeof Image === 'undefined' || typeof URL.createObjectURL !== 'function') return null;
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    const loaded = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), IMG_DECODE_TIMEOUT_MS);
      img.onload = () => {
        clearTimeout(timer);
        resolve(true);
      };
      img.onerror = () => {
        clearTimeout(timer);
        resolve(false);
      };
      img.src = url;
    });
    if (!loaded || !img.naturalWidth || !img.naturalHeight) return null;
    return { width: img.naturalWidth, height: img.naturalHeight, source: img, close: () => undefined };
  } catch {
    return null;
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
 * Makes a chosen photo ready to upload: re-encoded small when the browser can decode and draw it,
 * otherwise the file itself when it is a type the server accepts; anything else is refused.
 */
export async function preparePhoto(file: Blob, opts: { maxSide?: number; quality?: number } = {}): Promise<PreparedPhoto> {
  const acceptedAsIs = (UPLOAD_TYPES as readonly string[]).includes(file.type);
  const asIs = (): PreparedPhoto => {
    if (!acceptedAsIs) throw new UnsupportedPhotoError(file.type || 'unknown');
    return { blob: file, originalBytes: file.size, compressed: false };
  };
  const decoded = await decode(file).catch(() => null);
  if (!decoded) return asIs();
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
    if (!blob || blob.size === 0) return asIs();
    // A small JPEG that re-encoding made bigger is sent as it is (the server removes its metadata).
    if (acceptedAsIs && file.type === 'image/jpeg' && blob.size >= file.size && size.width === decoded.width && size.height === decoded.height) return asIs();
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
