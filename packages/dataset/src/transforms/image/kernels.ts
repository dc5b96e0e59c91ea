// Pixel kernels on channels-last typed arrays. They follow OpenCV's arithmetic (what mmcv calls) so a pipeline's
// pixels match MMCV's: fixed-point INTER_LINEAR for 8-bit images, float math for float images.
import type { ImageArray } from './image-array';

export type FlipDirection = 'horizontal' | 'vertical' | 'diagonal';
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

type PixelArray = Uint8Array | Float32Array;

function emptyLike(img: ImageArray, length: number): PixelArray {
  return img.data instanceof Uint8Array ? new Uint8Array(length) : new Float32Array(length);
}

/** Round half to even, as OpenCV's `cvRound` (lrint) does. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const COEF_BITS = 11;
const COEF_SCALE = 1 << COEF_BITS;
// OpenCV's SSE/NEON vertical pass covers whole 16-byte chunks of a row; the rest of the row takes the scalar formula.
const SIMD_LANES = 16;

/** Per-destination source index and fraction of cv2's INTER_LINEAR along one axis. */
function linearTaps(dst: number, src: number, clampFraction: boolean): { index: Int32Array; frac: Float32Array } {
  const scale = src / dst;
  const index = new Int32Array(dst);
  const frac = new Float32Array(dst);
  for (let d = 0; d < dst; d++) {
    const f = Math.fround((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    let t = Math.fround(f - s);
    if (clampFraction) {
      if (s < 0) {
        s = 0;
        t = 0;
      }
      if (s >= src - 1) {
        s = src - 1;
        t = 0;
      }
    }
    index[d] = s;
    frac[d] = t;
  }
  return { index, frac };
}

/**
 * Resizes to `width` x `height` as `cv2.resize(..., interpolation=cv2.INTER_LINEAR)` does: half-pixel centres,
 * borders replicated, 11-bit fixed-point weights on 8-bit images (an exact 2x downscale is a 2x2 mean, as cv2
 * switches to INTER_AREA there).
 */
export function resizeBilinear(img: ImageArray, width: number, height: number): ImageArray {
  const { width: sw, height: sh, channels: cn, data } = img;
  const out = emptyLike(img, width * height * cn);
  if (width === sw && height === sh) {
    out.set(data);
    return { data: out, width, height, channels: cn };
  }
  const xs = linearTaps(width, sw, true);
  const ys = linearTaps(height, sh, false);
  const rowLen = width * cn;
  const clampRow = (r: number) => (r < 0 ? 0 : r >= sh ? sh - 1 : r);
  if (data instanceof Uint8Array) {
    const area2x = sw === width * 2 && sh === height * 2;
    if (area2x) return area2xDown(img, width, height);
    // Horizontal pass weights (the first tap's; the second is COEF_SCALE minus it when the fraction is nonzero).
    const ax0 = new Int32Array(width);
    const ax1 = new Int32Array(width);
    for (let x = 0; x < width; x++) {
      const t = xs.frac[x] as number;
      ax0[x] = roundHalfEven((1 - t) * COEF_SCALE);
      ax1[x] = roundHalfEven(t * COEF_SCALE);
    }
    // Horizontal pass per source row, computed once when first needed.
    const rows = new Int32Array(sh * rowLen);
    const done = new Uint8Array(sh);
    const xIndex = new Int32Array(width);
    const xIndex1 = new Int32Array(width);
    for (let x = 0; x < width; x++) {
      const sx = xs.index[x] as number;
      xIndex[x] = sx * cn;
      xIndex1[x] = Math.min(sx + 1, sw - 1) * cn;
    }
    const hresize = (srcRow: number): number => {
      const o = srcRow * rowLen;
      if (done[srcRow]) return o;
      done[srcRow] = 1;
      const base = srcRow * sw * cn;
      for (let x = 0, d = o; x < width; x++) {
        const s0 = (xIndex[x] as number) + base;
        const s1 = (xIndex1[x] as number) + base;
        const a0 = ax0[x] as number;
        const a1 = ax1[x] as number;
        for (let c = 0; c < cn; c++, d++) rows[d] = (data[s0 + c] as number) * a0 + (data[s1 + c] as number) * a1;
      }
      return o;
    };
    const simdEnd = rowLen - (rowLen % SIMD_LANES);
    for (let y = 0; y < height; y++) {
      const sy = ys.index[y] as number;
      const t = ys.frac[y] as number;
      const o0 = hresize(clampRow(sy));
      const o1 = hresize(clampRow(sy + 1));
      vresizeU8(
        rows,
        o0,
        o1,
        roundHalfEven((1 - t) * COEF_SCALE),
        roundHalfEven(t * COEF_SCALE),
        out as Uint8Array,
        y * rowLen,
        rowLen,
        simdEnd,
      );
    }
    return { data: out, width, height, channels: cn };
  }
  // Float images: cv2's float path (float weights, no rounding).
  const row0 = new Float32Array(rowLen);
  const row1 = new Float32Array(rowLen);
  const hresizeF = (srcRow: number, buf: Float32Array) => {
    const base = srcRow * sw * cn;
    for (let x = 0; x < width; x++) {
      const s = (xs.index[x] as number) * cn + base;
      const t = xs.frac[x] as number;
      const o = x * cn;
      if (t === 0) {
        for (let c = 0; c < cn; c++) buf[o + c] = data[s + c] as number;
      } else {
        const a0 = Math.fround(1 - t);
        for (let c = 0; c < cn; c++) buf[o + c] = (data[s + c] as number) * a0 + (data[s + cn + c] as number) * t;
      }
    }
  };
  for (let y = 0; y < height; y++) {
    const sy = ys.index[y] as number;
    const t = ys.frac[y] as number;
    hresizeF(clampRow(sy), row0);
    hresizeF(clampRow(sy + 1), row1);
    const b0 = Math.fround(1 - t);
    const o = y * rowLen;
    for (let x = 0; x < rowLen; x++) out[o + x] = (row0[x] as number) * b0 + (row1[x] as number) * t;
  }
  return { data: out, width, height, channels: cn };
}

// One output row of cv2's 8-bit vertical pass (monomorphic on purpose: it is the hot loop).
function vresizeU8(
  rows: Int32Array,
  o0: number,
  o1: number,
  b0: number,
  b1: number,
  out: Uint8Array,
  o: number,
  rowLen: number,
  simdEnd: number,
): void {
  let x = 0;
  for (; x < simdEnd; x++) {
    // cv2's vector path: 16-bit multiply-high of the weights with the row sums shifted right by 4.
    out[o + x] =
      (((b0 * ((rows[o0 + x] as number) >> 4)) >> 16) + ((b1 * ((rows[o1 + x] as number) >> 4)) >> 16) + 2) >> 2;
  }
  for (; x < rowLen; x++) {
    out[o + x] = Math.floor(((rows[o0 + x] as number) * b0 + (rows[o1 + x] as number) * b1 + (1 << 21)) / (1 << 22));
  }
}

function area2xDown(img: ImageArray, width: number, height: number): ImageArray {
  const { width: sw, channels: cn, data } = img;
  const out = new Uint8Array(width * height * cn);
  const stride = sw * cn;
  for (let y = 0; y < height; y++) {
    const r0 = 2 * y * stride;
    const r1 = r0 + stride;
    const o = y * width * cn;
    for (let x = 0; x < width; x++) {
      const s = 2 * x * cn;
      for (let c = 0; c < cn; c++) {
        const i = s + c;
        out[o + x * cn + c] =
          ((data[r0 + i] as number) +
            (data[r0 + i + cn] as number) +
            (data[r1 + i] as number) +
            (data[r1 + i + cn] as number) +
            2) >>
          2;
      }
    }
  }
  return { data: out, width, height, channels: cn };
}

/** Resizes as `cv2.INTER_NEAREST`: source index `floor(d * src / dst)`. */
export function resizeNearest(img: ImageArray, width: number, height: number): ImageArray {
  const { width: sw, height: sh, channels: cn, data } = img;
  const out = emptyLike(img, width * height * cn);
  const sx = new Int32Array(width);
  const fx = sw / width;
  for (let x = 0; x < width; x++) sx[x] = Math.min(Math.floor(x * fx), sw - 1) * cn;
  const fy = sh / height;
  for (let y = 0; y < height; y++) {
    const row = Math.min(Math.floor(y * fy), sh - 1) * sw * cn;
    const o = y * width * cn;
    if (cn === 1) {
      for (let x = 0; x < width; x++) out[o + x] = data[row + (sx[x] as number)] as number;
    } else {
      for (let x = 0; x < width; x++) {
        const s = row + (sx[x] as number);
        const d = o + x * cn;
        for (let c = 0; c < cn; c++) out[d + c] = data[s + c] as number;
      }
    }
  }
  return { data: out, width, height, channels: cn };
}

/** `np.flip` along width (`horizontal`), height (`vertical`) or both (`diagonal`). */
export function flipImage(img: ImageArray, direction: FlipDirection): ImageArray {
  const { width, height, channels: cn, data } = img;
  const out = emptyLike(img, data.length);
  const stride = width * cn;
  const flipX = direction !== 'vertical';
  const flipY = direction !== 'horizontal';
  for (let y = 0; y < height; y++) {
    const src = y * stride;
    const dst = (flipY ? height - 1 - y : y) * stride;
    if (!flipX) {
      out.set(data.subarray(src, src + stride), dst);
      continue;
    }
    if (cn === 1) {
      for (let x = 0; x < width; x++) out[dst + width - 1 - x] = data[src + x] as number;
    } else {
      for (let x = 0; x < width; x++) {
        const s = src + x * cn;
        const d = dst + (width - 1 - x) * cn;
        for (let c = 0; c < cn; c++) out[d + c] = data[s + c] as number;
      }
    }
  }
  return { data: out, width, height, channels: cn };
}

/** OpenCV's `borderInterpolate`: where a coordinate outside `[0, len)` reads from, or -1 for a constant border. */
function borderIndex(p: number, len: number, mode: PaddingMode): number {
  if (p >= 0 && p < len) return p;
  if (mode === 'constant') return -1;
  if (mode === 'edge') return p < 0 ? 0 : len - 1;
  if (len === 1) return 0;
  const delta = mode === 'reflect' ? 1 : 0; // reflect = BORDER_REFLECT_101, symmetric = BORDER_REFLECT
  let q = p;
  while (q < 0 || q >= len) q = q < 0 ? -q - 1 + delta : len - 1 - (q - len) - delta;
  return q;
}

export interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** `cv2.copyMakeBorder` with mmcv's mode names; `padVal` holds one value per channel (constant mode). */
export function padImage(img: ImageArray, padding: Padding, mode: PaddingMode, padVal: readonly number[]): ImageArray {
  const { width: sw, height: sh, channels: cn, data } = img;
  const width = sw + padding.left + padding.right;
  const height = sh + padding.top + padding.bottom;
  const out = emptyLike(img, width * height * cn);
  if (sw === 0 || sh === 0) mode = 'constant';
  const colMap = new Int32Array(width);
  for (let x = 0; x < width; x++) colMap[x] = borderIndex(x - padding.left, sw, mode);
  const stride = width * cn;
  // One constant row to copy from (constant mode).
  const constRow = emptyLike(img, stride);
  for (let x = 0; x < width; x++) for (let c = 0; c < cn; c++) constRow[x * cn + c] = padVal[c] ?? 0;
  for (let y = 0; y < height; y++) {
    const sy = borderIndex(y - padding.top, sh, mode);
    const o = y * stride;
    if (sy < 0) {
      out.set(constRow, o);
      continue;
    }
    const src = sy * sw * cn;
    for (let x = 0; x < padding.left; x++) {
      const sx = colMap[x] as number;
      for (let c = 0; c < cn; c++)
        out[o + x * cn + c] = sx < 0 ? (padVal[c] ?? 0) : (data[src + sx * cn + c] as number);
    }
    out.set(data.subarray(src, src + sw * cn), o + padding.left * cn);
    for (let x = padding.left + sw; x < width; x++) {
      const sx = colMap[x] as number;
      for (let c = 0; c < cn; c++)
        out[o + x * cn + c] = sx < 0 ? (padVal[c] ?? 0) : (data[src + sx * cn + c] as number);
    }
  }
  return { data: out, width, height, channels: cn };
}

/** The pixels of the inclusive box `[x1, y1, x2, y2]`, clipped to the image (mmcv `imcrop` without `pad_fill`). */
export function cropImage(img: ImageArray, x1: number, y1: number, x2: number, y2: number): ImageArray {
  const { width: sw, height: sh, channels: cn, data } = img;
  const cx1 = Math.min(Math.max(x1, 0), sw - 1);
  const cy1 = Math.min(Math.max(y1, 0), sh - 1);
  const cx2 = Math.min(Math.max(x2, 0), sw - 1);
  const cy2 = Math.min(Math.max(y2, 0), sh - 1);
  const width = Math.max(0, cx2 - cx1 + 1);
  const height = Math.max(0, cy2 - cy1 + 1);
  const out = emptyLike(img, width * height * cn);
  const rowLen = width * cn;
  for (let y = 0; y < height; y++) {
    const src = ((cy1 + y) * sw + cx1) * cn;
    out.set(data.subarray(src, src + rowLen), y * rowLen);
  }
  return { data: out, width, height, channels: cn };
}

/**
 * `(x - mean) / std` per channel into a new Float32Array, after a BGR→RGB swap when `toRgb` (`mmcv.imnormalize`:
 * float32 subtraction, then a multiply by the float32 inverse of std).
 */
export function normalizeImage(
  img: ImageArray,
  mean: readonly number[],
  std: readonly number[],
  toRgb: boolean,
): ImageArray {
  const { width, height, data } = img;
  const cnIn = img.channels;
  const cn = toRgb ? 3 : cnIn;
  const n = width * height;
  const out = new Float32Array(n * cn);
  const m = new Float32Array(cn);
  const s = new Float32Array(cn);
  for (let c = 0; c < cn; c++) {
    m[c] = mean.length === 1 ? (mean[0] as number) : (mean[c] as number);
    s[c] = 1 / (std.length === 1 ? (std[0] as number) : (std[c] as number));
  }
  if (toRgb) {
    const m0 = m[0] as number;
    const m1 = m[1] as number;
    const m2 = m[2] as number;
    const s0 = s[0] as number;
    const s1 = s[1] as number;
    const s2 = s[2] as number;
    for (let i = 0; i < n; i++) {
      const si = i * cnIn;
      const o = i * 3;
      out[o] = Math.fround((data[si + 2] as number) - m0) * s0;
      out[o + 1] = Math.fround((data[si + 1] as number) - m1) * s1;
      out[o + 2] = Math.fround((data[si] as number) - m2) * s2;
    }
  } else {
    for (let i = 0; i < n * cn; i++) {
      const c = i % cn;
      out[i] = Math.fround((data[i] as number) - (m[c] as number)) * (s[c] as number);
    }
  }
  return { data: out, width, height, channels: cn };
}
