import { FUNCTIONS } from '@eng/registry';
import { BaseDataElement, LabelData } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { defaultCollate, pseudoCollate } from '../src';

describe('pseudoCollate', () => {
  it('turns a list of samples into a sample of lists, stacking nothing', () => {
    const a = new Float32Array([1, 2]);
    const b = new Float32Array([3, 4]);
    const out = pseudoCollate([
      { inputs: a, meta: { id: 1, tags: ['x', 'y'] }, name: 'a' },
      { inputs: b, meta: { id: 2, tags: ['z', 'w'] }, name: 'b' },
    ]) as Record<string, unknown>;
    expect(out.inputs).toEqual([a, b]);
    expect((out.inputs as unknown[])[0]).toBe(a);
    expect(out.meta).toEqual({
      id: [1, 2],
      tags: [
        ['x', 'z'],
        ['y', 'w'],
      ],
    });
    expect(out.name).toEqual(['a', 'b']);
  });

  it('keeps an image whole: a list of images, not an object of lists', () => {
    const img = { data: new Uint8Array(3), height: 1, width: 1, channels: 3 };
    expect(pseudoCollate([{ inputs: img }, { inputs: img }])).toEqual({ inputs: [img, img] });
  });

  it('keeps data elements and tensors as they are, in a list', () => {
    const e = new LabelData({ label: 1 });
    const t = tf.ones([2]);
    expect(
      pseudoCollate([
        { s: e, t },
        { s: e, t },
      ]),
    ).toEqual({ s: [e, e], t: [t, t] });
  });

  it('refuses lists of different lengths and samples missing a key, naming the key path', () => {
    expect(() => pseudoCollate([{ a: [1, 2] }, { a: [1] }])).toThrow(
      /each sample's list at "a" should have the same length: sample 0 has 2, sample 1 has 1/,
    );
    expect(() => pseudoCollate([{ a: { b: 1 } }, { a: {} }])).toThrow(/sample 1 has no key "a.b"/);
    expect(() => pseudoCollate([])).toThrow(/non-empty list/);
  });

  it("is FUNCTIONS' pseudo_collate", () => {
    expect(FUNCTIONS.get('pseudo_collate')).toBe(pseudoCollate);
    expect(FUNCTIONS.get('default_collate')).toBe(defaultCollate);
  });
});

describe('defaultCollate', () => {
  it('stacks numbers, typed arrays, images and tensors with the batch first', async () => {
    const img = (v: number) => ({ data: new Uint8Array(2 * 3 * 1).fill(v), height: 2, width: 3, channels: 1 });
    const out = defaultCollate([
      { label: 1, score: 0.5, feat: new Float32Array([1, 2, 3]), img: img(1), t: tf.tensor1d([1, 2]) },
      { label: 2, score: 1.5, feat: new Float32Array([4, 5, 6]), img: img(2), t: tf.tensor1d([3, 4]) },
    ]) as Record<string, tf.Tensor>;
    expect(out.label?.dtype).toBe('int32');
    expect(await out.label?.array()).toEqual([1, 2]);
    expect(out.score?.dtype).toBe('float32');
    expect(out.feat?.shape).toEqual([2, 3]);
    expect(out.img?.shape).toEqual([2, 2, 3, 1]);
    expect(out.img?.dtype).toBe('int32');
    expect(await out.img?.data()).toEqual(new Int32Array([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]));
    expect(await out.t?.array()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('leaves data elements and strings as lists', () => {
    const e = new BaseDataElement({ metainfo: { id: 1 } });
    expect(
      defaultCollate([
        { e, s: 'a' },
        { e, s: 'b' },
      ]),
    ).toEqual({ e: [e, e], s: ['a', 'b'] });
  });

  it('names the key and the shapes that cannot be stacked', () => {
    const img = (h: number) => ({ data: new Uint8Array(h * 2 * 3), height: h, width: 2, channels: 3 });
    expect(() => defaultCollate([{ inputs: img(2) }, { inputs: img(3) }])).toThrow(
      /cannot stack the images at "inputs": sample 0 is \[2, 2, 3\], sample 1 is \[3, 2, 3\]/,
    );
    expect(() => defaultCollate([{ t: tf.ones([2]) }, { t: tf.ones([3]) }])).toThrow(
      /sample 0 is a tensor of shape \[2\], sample 1 is of shape \[3\]/,
    );
    expect(() => defaultCollate([{ x: 1 }, { x: 'a' }])).toThrow(/sample 0 is a number, sample 1 is the string "a"/);
  });
});
