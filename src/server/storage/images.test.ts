import { describe, expect, it } from 'vitest';
import { MalformedImageError, sniffUpload, stripJpeg, stripMetadata, stripPng, stripWebp } from './images';

const seg = (marker: number, body: number[]) => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];
const ascii = (s: string) => [...Buffer.from(s, 'latin1')];
const SCAN = [...seg(0xda, [1, 1, 0, 0, 63, 0]), 0x3f, 0xff, 0xd9];

function jpeg(...segments: number[][]): Buffer {
  return Buffer.from([0xff, 0xd8, ...segments.flat(), ...SCAN]);
}

function webpChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function webp(chunks: Buffer[]): Buffer {
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

describe('sniffUpload', () => {
  it('knows JPEG, PNG and WebP by their first bytes, and nothing else', () => {
    expect(sniffUpload(jpeg())).toBe('image/jpeg');
    expect(sniffUpload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image/png');
    expect(sniffUpload(webp([webpChunk('VP8L', Buffer.alloc(6))]))).toBe('image/webp');
    expect(sniffUpload(Buffer.from('GIF89a......'))).toBeNull();
    expect(sniffUpload(Buffer.alloc(0))).toBeNull();
  });
});

describe('stripJpeg', () => {
  it('drops APP1 (EXIF/GPS), APP2…APP13, APP15 and comments; keeps JFIF, Adobe APP14, tables and the scan', () => {
    const app0 = seg(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    const exif = seg(0xe1, [...ascii('Exif'), 0, 0, ...ascii('GPS -6.37 106.88')]);
    const xmp = seg(0xe1, ascii('http://ns.adobe.com/xap/1.0/ <gps/>'));
    const app13 = seg(0xed, ascii('Photoshop 3.0 IPTC city'));
    const adobe = seg(0xee, [...ascii('Adobe'), 0, 100, 0, 0, 0, 0, 1]);
    const other14 = seg(0xee, ascii('NotAdobe secret'));
    const com = seg(0xfe, ascii('Rumah Ibu Siti'));
    const dqt = seg(0xdb, [0, ...new Array(64).fill(1)]);
    const out = stripJpeg(jpeg(app0, exif, xmp, com, app13, adobe, other14, dqt));
    expect(out.equals(jpeg(app0, adobe, dqt))).toBe(true);
    const text = out.toString('latin1');
    for (const secret of ['GPS', 'Exif', 'xap', 'IPTC', 'Ibu Siti', 'secret']) expect(text).not.toContain(secret);
  });

  it('leaves a clean JPEG as it is, and follows padded markers', () => {
    const clean = jpeg(seg(0xdb, [0, ...new Array(64).fill(2)]));
    expect(stripJpeg(clean).equals(clean)).toBe(true);
    const padded = Buffer.from([0xff, 0xd8, 0xff, 0xff, ...seg(0xfe, ascii('x')).slice(1), ...SCAN]);
    expect(stripJpeg(padded).equals(jpeg())).toBe(true);
  });

  it('refuses what it cannot follow: truncated segments, no scan, not a JPEG', () => {
    const whole = jpeg(seg(0xe1, ascii('Exif....')));
    expect(() => stripJpeg(whole.subarray(0, 8))).toThrow(MalformedImageError);
    expect(() => stripJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toThrow(MalformedImageError);
    expect(() => stripJpeg(Buffer.from([0xff, 0xd8, 0x00, 0x00]))).toThrow(MalformedImageError);
    expect(() => stripJpeg(Buffer.from('hello'))).toThrow(MalformedImageError);
  });
});

describe('stripPng', () => {
  it('drops eXIf and text chunks, keeps the rest, and needs IEND', () => {
    const chunk = (type: string, data: string) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      return Buffer.concat([len, Buffer.from(type + data, 'latin1'), Buffer.alloc(4)]);
    };
    const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const ihdr = chunk('IHDR', 'x'.repeat(13));
    const idat = chunk('IDAT', 'pixels');
    const iend = chunk('IEND', '');
    const png = Buffer.concat([sig, ihdr, chunk('eXIf', 'MM GPS'), chunk('tEXt', 'Comment\0lokasi'), idat, chunk('iTXt', 'XML:com.adobe.xmp'), iend]);
    expect(stripPng(png).equals(Buffer.concat([sig, ihdr, idat, iend]))).toBe(true);
    expect(() => stripPng(Buffer.concat([sig, ihdr, idat]))).toThrow(MalformedImageError);
  });
});

describe('stripWebp', () => {
  it('drops EXIF and XMP chunks, clears their VP8X flags and rewrites the RIFF size', () => {
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0x08 | 0x04 | 0x10; // EXIF, XMP, alpha
    const image = webpChunk('VP8L', Buffer.from('pixels!'));
    const out = stripWebp(webp([webpChunk('VP8X', vp8x), image, webpChunk('EXIF', Buffer.from('MM GPS -6.37')), webpChunk('XMP ', Buffer.from('<x/>'))]));
    const cleared = Buffer.from(vp8x);
    cleared[0] = 0x10;
    expect(out.equals(webp([webpChunk('VP8X', cleared), image]))).toBe(true);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(out.toString('latin1')).not.toContain('GPS');
    expect(stripMetadata(out, 'image/webp').equals(out)).toBe(true);
  });
});
