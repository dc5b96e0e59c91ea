import { tf } from '@eng/tensor-gpu';
import { StructuresError } from './errors';
import { describe } from '@eng/internal';
import { BaseDataElement } from './base-data-element';

/** One axis of a `PixelData.slice`: an index or a `[start, end)` range. */
export type PixelIndex = number | [start: number, end: number];

/**
 * Pixel-level annotations or predictions (segmentation maps, heat maps). As in MMEngine, every data field is a
 * `[C, H, W]` tensor (a 2-D `[H, W]` one gains a leading axis) and all fields share H and W.
 *
 * @example
 * const px = new PixelData({ metainfo: { img_id: 1 } });
 * px.gt_seg = tf.zeros([4, 6]);  // stored as [1, 4, 6]
 * px.shape;                      // [4, 6]
 */
export class PixelData extends BaseDataElement {
  /** Every data field must be a 2-D or 3-D tensor with the H and W of the fields already set; 2-D gains an axis. */
  protected override checkDataField(value: unknown, name: string): unknown {
    if (!(value instanceof tf.Tensor)) {
      throw new StructuresError(
        'NOT_A_TENSOR',
        `PixelData field "${name}" must be a tf.Tensor, got ${describe(value)}`,
      );
    }
    if (value.rank !== 2 && value.rank !== 3) {
      throw new StructuresError('BAD_RANK', `The dim of value must be 2 or 3, but got ${value.rank} (field "${name}")`);
    }
    const hw = value.shape.slice(-2);
    const current = this.shape;
    if (current && (hw[0] !== current[0] || hw[1] !== current[1])) {
      throw new StructuresError(
        'SHAPE_MISMATCH',
        `The height and width of values [${hw.join(', ')}] is not consistent with the shape of this PixelData [${current.join(', ')}]`,
      );
    }
    return value.rank === 2 ? tf.expandDims(value, 0) : value;
  }

  /** `[H, W]` of the fields, or `undefined` when there is none. */
  get shape(): [number, number] | undefined {
    const first = this.keys()[0];
    if (first === undefined) return undefined;
    const t = this[first] as tf.Tensor;
    return [t.shape[t.rank - 2] as number, t.shape[t.rank - 1] as number];
  }

  /** The region `h` × `w` of every field (MMEngine `pixel_data[h, w]`); an integer keeps a size-1 axis. */
  slice(h: PixelIndex, w: PixelIndex): this {
    const shape = this.shape;
    if (!shape) return this.new();
    const range = (r: PixelIndex, size: number, axis: string): [number, number] => {
      if (typeof r === 'number') {
        const i = r < 0 ? r + size : r;
        if (!Number.isInteger(i) || i < 0 || i >= size)
          throw new StructuresError('INDEX_OUT_OF_RANGE', `${axis} index ${r} out of range`);
        return [i, i + 1];
      }
      if (!Array.isArray(r) || r.length !== 2)
        throw new TypeError(`The type of element in input must be int or [start, end), got ${describe(r)}`);
      const s = Math.max(0, Math.min(size, r[0] < 0 ? r[0] + size : r[0]));
      const e = Math.max(s, Math.min(size, r[1] < 0 ? r[1] + size : r[1]));
      return [s, e];
    };
    const [h0, h1] = range(h, shape[0], 'height');
    const [w0, w1] = range(w, shape[1], 'width');
    const out = new (this.constructor as new (init?: object) => this)({ metainfo: this.metainfo });
    for (const [k, v] of this.items()) {
      out[k] = tf.slice(v as tf.Tensor, [0, h0, w0], [-1, h1 - h0, w1 - w0]);
    }
    return out;
  }
}
