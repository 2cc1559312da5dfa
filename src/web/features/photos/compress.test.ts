import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, MAX_SIDE, preparePhoto, sniffImageType, targetSize, UnsupportedPhotoError } from './compress';

describe('targetSize', () => {
  it('shrinks the longest side to 1600 px and keeps the aspect ratio', () => {
    expect(targetSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(targetSize(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(targetSize(4032, 1816)).toEqual({ width: 1600, height: 721 });
  });

  it('never enlarges a small photo', () => {
    expect(targetSize(800, 600)).toEqual({ width: 800, height: 600 });
    expect(targetSize(1600, 1600)).toEqual({ width: 1600, height: 1600 });
  });

  it('keeps at least one pixel of a very long, thin picture', () => {
    expect(targetSize(100_000, 10)).toEqual({ width: 1600, height: 1 });
  });

  it('gives null for sizes that are not sizes', () => {
    expect(targetSize(0, 100)).toBeNull();
    expect(targetSize(Number.NaN, 100)).toBeNull();
    expect(targetSize(-5, 100)).toBeNull();
    expect(targetSize(100, 100, 0)).toBeNull();
  });

  it('for any size: within the limit, not larger than the original, ratio within a pixel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 20_000 }), (w, h) => {
        const t = targetSize(w, h)!;
        expect(Math.max(t.width, t.height)).toBeLessThanOrEqual(MAX_SIDE);
        expect(t.width).toBeLessThanOrEqual(w);
        expect(t.height).toBeLessThanOrEqual(h);
        expect(t.width).toBeGreaterThanOrEqual(1);
        expect(t.height).toBeGreaterThanOrEqual(1);
        if (Math.max(w, h) > MAX_SIDE) expect(Math.max(t.width, t.height)).toBe(MAX_SIDE);
        // Rounding moves each side by at most half a pixel.
        const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
        expect(Math.abs(t.width - w * scale)).toBeLessThanOrEqual(0.5 + (t.width === 1 ? 1 : 0));
        expect(Math.abs(t.height - h * scale)).toBeLessThanOrEqual(0.5 + (t.height === 1 ? 1 : 0));
      }),
    );
  });
});

describe('formatBytes', () => {
  it('reads as KB or MB in the language', () => {
    expect(formatBytes(500, 'id-ID')).toBe('500 B');
    expect(formatBytes(300 * 1024, 'id-ID')).toBe('300 KB');
    expect(formatBytes(2.5 * 1024 * 1024, 'id-ID')).toBe('2,5 MB');
    expect(formatBytes(2.5 * 1024 * 1024, 'en-GB')).toBe('2.5 MB');
  });
});

const bytes = (...parts: Array<number[] | string>) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffImageType', () => {
  it('reads JPEG, PNG and WebP from their first bytes, whatever the stated type', async () => {
    expect(await sniffImageType(new Blob([bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif')]))).toBe('image/jpeg');
    expect(await sniffImageType(new Blob([bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])], { type: 'image/jpeg' }))).toBe('image/png');
    expect(await sniffImageType(new Blob([bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')]))).toBe('image/webp');
  });

  it('gives null for text named as a photo, a PDF, a short or empty file, and a RIFF that is not WebP', async () => {
    expect(await sniffImageType(new Blob(['bukan sebuah '], { type: 'image/jpeg' }))).toBeNull();
    expect(await sniffImageType(new Blob(['%PDF-1.7'], { type: 'application/pdf' }))).toBeNull();
    expect(await sniffImageType(new Blob([bytes([0xff, 0xd8])]))).toBeNull();
    expect(await sniffImageType(new Blob([]))).toBeNull();
    expect(await sniffImageType(new Blob([bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')]))).toBeNull();
    expect(await sniffImageType(new Blob([bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b])]))).toBeNull();
  });
});

describe('preparePhoto where the browser cannot decode (sent as it is)', () => {
  it('refuses a 13-byte text file named fake.jpg as unreadable, and a PDF as not a photo', async () => {
    await expect(preparePhoto(new File(['bukan sebuah '], 'fake.jpg', { type: 'image/jpeg' }))).rejects.toEqual(new UnsupportedPhotoError('content'));
    await expect(preparePhoto(new File(['bukan sebuah '], 'fake.jpg', { type: 'image/jpeg' }))).rejects.toMatchObject({ reason: 'content' });
    await expect(preparePhoto(new File(['%PDF-1.7'], 'surat.pdf', { type: 'application/pdf' }))).rejects.toMatchObject({ reason: 'type' });
  });

  it('keeps a real JPEG as it is, and sends a PNG named .jpg with the type its bytes say', async () => {
    const jpeg = new File([bytes([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], 'a.jpg', { type: 'image/jpeg' });
    const done = await preparePhoto(jpeg);
    expect(done).toEqual({ blob: jpeg, originalBytes: 7, compressed: false });
    const png = await preparePhoto(new File([bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9])], 'b.jpg', { type: 'image/jpeg' }));
    expect(png.blob.type).toBe('image/png');
    expect(png.blob.size).toBe(9);
  });
});
