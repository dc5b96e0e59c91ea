// Builds test images: a minimal PNG writer (grayscale, 16-bit, palette files) and @napi-rs/image's encoders.
import { deflateSync } from 'node:zlib';
import { Transformer } from '@napi-rs/image';
import type { ImageArray } from '../src';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export interface PngSpec {
  width: number;
  height: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 8 | 16;
  /** Samples, row-major, interleaved (palette: indices). */
  samples: ArrayLike<number>;
  palette?: Array<[number, number, number]>;
  /** Alpha per palette entry. */
  transparency?: number[];
}

/** Encodes a PNG with no filtering. */
export function encodePng(spec: PngSpec): Uint8Array {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[spec.colorType];
  const bytesPerSample = spec.bitDepth / 8;
  const rowBytes = spec.width * channels * bytesPerSample;
  const raw = new Uint8Array((rowBytes + 1) * spec.height);
  for (let y = 0; y < spec.height; y++) {
    const o = y * (rowBytes + 1) + 1;
    for (let i = 0; i < spec.width * channels; i++) {
      const v = spec.samples[y * spec.width * channels + i] as number;
      if (bytesPerSample === 2) {
        raw[o + 2 * i] = v >> 8;
        raw[o + 2 * i + 1] = v & 255;
      } else raw[o + i] = v;
    }
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, spec.width);
  v.setUint32(4, spec.height);
  ihdr[8] = spec.bitDepth;
  ihdr[9] = spec.colorType;
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr)];
  if (spec.palette) parts.push(chunk('PLTE', Uint8Array.from(spec.palette.flat())));
  if (spec.transparency) parts.push(chunk('tRNS', Uint8Array.from(spec.transparency)));
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

/** An RGBA test pattern of `w` x `h`. */
export function rgbaPattern(w: number, h: number, opaque = true): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      px[i] = (x * 37 + y * 11) & 255;
      px[i + 1] = (x * 5 + y * 53) & 255;
      px[i + 2] = (x * 91 + y * 7 + 13) & 255;
      px[i + 3] = opaque ? 255 : (x * 17 + y * 29) & 255;
    }
  }
  return px;
}

export const pngFromRgba = (px: Uint8Array, w: number, h: number): Uint8Array =>
  Transformer.fromRgbaPixels(px, w, h).pngSync();
export const jpegFromRgba = (px: Uint8Array, w: number, h: number, quality = 95): Uint8Array =>
  Transformer.fromRgbaPixels(px, w, h).jpegSync(quality);

/** An ImageArray from nested rows of pixels (`[h][w][c]`) or of values (`[h][w]`, one channel). */
export function imageOf(rows: number[][][] | number[][], float = false): ImageArray {
  const height = rows.length;
  const width = (rows[0] as unknown[]).length;
  const first = (rows[0] as unknown[])[0];
  const channels = Array.isArray(first) ? first.length : 1;
  const flat = (rows as unknown[][]).flat(2) as number[];
  return { data: float ? Float32Array.from(flat) : Uint8Array.from(flat), height, width, channels };
}

/** The image as nested rows `[h][w][c]` (or `[h][w]` for one channel), for readable comparisons. */
export function rowsOf(img: ImageArray): number[][] | number[][][] {
  const out: unknown[] = [];
  for (let y = 0; y < img.height; y++) {
    const row: unknown[] = [];
    for (let x = 0; x < img.width; x++) {
      const o = (y * img.width + x) * img.channels;
      const px = Array.from(img.data.subarray(o, o + img.channels));
      row.push(img.channels === 1 ? px[0] : px);
    }
    out.push(row);
  }
  return out as number[][];
}
