// Box and keypoint arithmetic of the geometric transforms. Boxes are `[x1, y1, x2, y2]` rows (a flat typed array of
// 4 numbers per box, or nested arrays); keypoints are `[x, y, ...meta]` rows (a flat typed array of `[x, y,
// visibility]` triples, or nested arrays `[instance][point][x, y, visibility]` as mmcv's `(N, K, 3)`).
import { DatasetError } from '../../errors';

export type NestedNumbers = number[] | NestedNumbers[];
/** Boxes or keypoints: a flat `Float32Array`/`Float64Array` or nested number arrays. */
export type Coords = Float32Array | Float64Array | NestedNumbers;

interface Flat {
  values: Float64Array;
  stride: number;
}

function flattenNested(v: NestedNumbers, out: number[], where: string): number {
  if (v.length === 0) return 0;
  if (typeof v[0] === 'number') {
    for (const x of v as number[]) out.push(x);
    return v.length;
  }
  let stride = -1;
  for (const child of v as NestedNumbers[]) {
    if (!Array.isArray(child)) throw new DatasetError('BAD_RECORD', `${where}: expected nested number arrays`);
    const s = flattenNested(child, out, where);
    if (s !== 0) stride = stride < 0 ? s : stride;
  }
  return stride < 0 ? 0 : stride;
}

/** The values of `coords` as one flat array, with the length of a row (4 for boxes, 3 for typed keypoints). */
export function flattenCoords(coords: Coords, typedStride: number, where: string): Flat {
  if (coords instanceof Float32Array || coords instanceof Float64Array) {
    if (coords.length % typedStride !== 0) {
      throw new DatasetError(
        'BAD_RECORD',
        `${where}: a flat array should hold ${typedStride} numbers per row, got length ${coords.length}`,
      );
    }
    return { values: Float64Array.from(coords), stride: typedStride };
  }
  if (!Array.isArray(coords)) {
    throw new DatasetError('BAD_RECORD', `${where}: expected a Float32Array or nested number arrays`);
  }
  const out: number[] = [];
  const stride = flattenNested(coords, out, where);
  return { values: Float64Array.from(out), stride: stride || typedStride };
}

function rebuildNested(template: NestedNumbers, flat: Float64Array, pos: { i: number }): NestedNumbers {
  if (template.length > 0 && typeof template[0] !== 'number') {
    return (template as NestedNumbers[]).map((child) => rebuildNested(child, flat, pos));
  }
  const row: number[] = new Array(template.length);
  for (let k = 0; k < template.length; k++) row[k] = flat[pos.i++] as number;
  return row;
}

/** `values` back in the form of `template` (same typed array class, or the same nesting). */
export function rebuildCoords<T extends Coords>(template: T, values: Float64Array): T {
  if (template instanceof Float32Array) return Float32Array.from(values) as T;
  if (template instanceof Float64Array) return values as T;
  return rebuildNested(template as NestedNumbers, values, { i: 0 }) as T;
}

export function isCoords(value: unknown): value is Coords {
  return value instanceof Float32Array || value instanceof Float64Array || Array.isArray(value);
}

/** Clips x (even offsets within a row) to [0, w] and y (odd offsets) to [0, h] for the first `dims` of each row. */
function clipRows(values: Float64Array, stride: number, dims: number, w: number, h: number): void {
  for (let i = 0; i < values.length; i += stride) {
    for (let k = 0; k < dims; k++) {
      const v = values[i + k] as number;
      const hi = k % 2 === 0 ? w : h;
      values[i + k] = v < 0 ? 0 : v > hi ? hi : v;
    }
  }
}

/** Boxes scaled by `[sx, sy]`, clipped to `[0, w] x [0, h]` when `clip`. */
export function scaleBoxes(boxes: Coords, sx: number, sy: number, clip: boolean, w: number, h: number): Coords {
  const { values, stride } = flattenCoords(boxes, 4, 'gt_bboxes');
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * ((i % stride) % 2 === 0 ? sx : sy);
  if (clip) clipRows(values, stride, stride, w, h);
  return rebuildCoords(boxes, values);
}

/** Keypoints' x and y scaled by `[sx, sy]` (meta values kept), clipped when `clip`. */
export function scaleKeypoints(kps: Coords, sx: number, sy: number, clip: boolean, w: number, h: number): Coords {
  const { values, stride } = flattenCoords(kps, 3, 'gt_keypoints');
  for (let i = 0; i < values.length; i += stride) {
    values[i] = (values[i] as number) * sx;
    values[i + 1] = (values[i + 1] as number) * sy;
  }
  if (clip) clipRows(values, stride, 2, w, h);
  return rebuildCoords(kps, values);
}

/** mmcv `RandomFlip._flip_bbox`: rows of 4k numbers mirrored in an image of `w` x `h`. */
export function flipBoxes(boxes: Coords, direction: string, w: number, h: number): Coords {
  const { values, stride } = flattenCoords(boxes, 4, 'gt_bboxes');
  if (stride % 4 !== 0) {
    throw new DatasetError('BAD_RECORD', `gt_bboxes: rows should hold a multiple of 4 numbers, got ${stride}`);
  }
  const out = Float64Array.from(values);
  const fx = direction !== 'vertical';
  const fy = direction !== 'horizontal';
  for (let i = 0; i < values.length; i += 4) {
    if (fx) {
      out[i] = w - (values[i + 2] as number);
      out[i + 2] = w - (values[i] as number);
    }
    if (fy) {
      out[i + 1] = h - (values[i + 3] as number);
      out[i + 3] = h - (values[i + 1] as number);
    }
  }
  return rebuildCoords(boxes, out);
}

/** mmcv `RandomFlip._flip_keypoints`: `x → w - x` and/or `y → h - y`; meta values kept. */
export function flipKeypoints(kps: Coords, direction: string, w: number, h: number): Coords {
  const { values, stride } = flattenCoords(kps, 3, 'gt_keypoints');
  for (let i = 0; i < values.length; i += stride) {
    if (direction !== 'vertical') values[i] = w - (values[i] as number);
    if (direction !== 'horizontal') values[i + 1] = h - (values[i + 1] as number);
  }
  return rebuildCoords(kps, values);
}

/** Boxes shifted by `-(ox, oy)`, clipped to `[0, w] x [0, h]` when `clip` (mmcv `CenterCrop._crop_bboxes`). */
export function shiftBoxes(boxes: Coords, ox: number, oy: number, clip: boolean, w: number, h: number): Coords {
  const { values, stride } = flattenCoords(boxes, 4, 'gt_bboxes');
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) - ((i % stride) % 2 === 0 ? ox : oy);
  if (clip) clipRows(values, stride, stride, w, h);
  return rebuildCoords(boxes, values);
}

/**
 * Keypoints shifted by `-(ox, oy)`; those outside `[0, w) x [0, h)` get visibility 0, then x and y are clipped to
 * `[0, w] x [0, h]` (mmcv `CenterCrop._crop_keypoints`).
 */
export function shiftKeypoints(kps: Coords, ox: number, oy: number, w: number, h: number): Coords {
  const { values, stride } = flattenCoords(kps, 3, 'gt_keypoints');
  for (let i = 0; i < values.length; i += stride) {
    const x = (values[i] as number) - ox;
    const y = (values[i + 1] as number) - oy;
    if (stride > 2 && !(x >= 0 && x < w && y >= 0 && y < h)) values[i + 2] = 0;
    values[i] = x < 0 ? 0 : x > w ? w : x;
    values[i + 1] = y < 0 ? 0 : y > h ? h : y;
  }
  return rebuildCoords(kps, values);
}
