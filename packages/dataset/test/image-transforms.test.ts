import { RandomStream } from '@eng/internal';
import { TRANSFORMS } from '@eng/registry';
import { describe, expect, it } from 'vitest';
import {
  CenterCrop,
  type ImageArray,
  Normalize,
  Pad,
  padImage,
  RandomCrop,
  RandomFlip,
  RandomResize,
  type Results,
  Resize,
  resizeBilinear,
  resizeNearest,
} from '../src';
import { imageOf, rowsOf } from './image-fixtures';

const ctx = (seed: number) => ({ random: new RandomStream(seed) });
/** A deterministic image of h x w x c (values 0..255). */
function pattern(h: number, w: number, c: number, float = false): ImageArray {
  const n = h * w * c;
  const data = float ? new Float32Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = (i * 31 + ((i / 7) | 0)) % 256;
  return { data, height: h, width: w, channels: c };
}
const shapeOf = (img: unknown) => {
  const i = img as ImageArray;
  return [i.height, i.width];
};

describe('resize kernels (cv2 arithmetic)', () => {
  it('bilinear upscaling of uint8 follows cv2 INTER_LINEAR fixed point', () => {
    expect(rowsOf(resizeBilinear(imageOf([[0, 255]]), 4, 1))).toEqual([[0, 64, 191, 255]]);
    // 2x2 → 4x4, worked through cv2's 11-bit weights and its (sum + 2^21) >> 22 rounding.
    expect(
      rowsOf(
        resizeBilinear(
          imageOf([
            [0, 100],
            [200, 255],
          ]),
          4,
          4,
        ),
      ),
    ).toEqual([
      [0, 25, 75, 100],
      [50, 72, 117, 139],
      [150, 167, 200, 216],
      [200, 214, 241, 255],
    ]);
  });

  it('bilinear on float images is exact interpolation with half-pixel centres and replicated borders', () => {
    const out = resizeBilinear(imageOf([[0, 1]], true), 4, 1);
    expect(Array.from(out.data)).toEqual([0, 0.25, 0.75, 1]);
    const down = resizeBilinear(imageOf([[0, 10, 20, 30, 40, 50]], true), 3, 1);
    expect(Array.from(down.data)).toEqual([5, 25, 45]);
  });

  it('an exact 2x downscale of uint8 is the rounded 2x2 mean (cv2 switches to INTER_AREA)', () => {
    const img = imageOf([
      [1, 2, 10, 11],
      [3, 5, 12, 12],
    ]);
    expect(rowsOf(resizeBilinear(img, 2, 1))).toEqual([[(1 + 2 + 3 + 5 + 2) >> 2, (10 + 11 + 12 + 12 + 2) >> 2]]);
  });

  it('nearest takes floor(d * src / dst), per channel', () => {
    expect(rowsOf(resizeNearest(imageOf([[1, 2]]), 5, 1))).toEqual([[1, 1, 1, 2, 2]]);
    expect(
      rowsOf(
        resizeNearest(
          imageOf([
            [
              [1, 9],
              [2, 8],
              [3, 7],
            ],
          ]),
          2,
          1,
        ),
      ),
    ).toEqual([
      [
        [1, 9],
        [2, 8],
      ],
    ]);
  });

  it('keeps channels interleaved; uint8 stays within one grey level of the exact float result', () => {
    const img = pattern(3, 5, 3);
    const out = resizeBilinear(img, 10, 6);
    const exact = resizeBilinear({ ...img, data: Float32Array.from(img.data) }, 10, 6);
    // cv2's vector path (whole 16-byte chunks) truncates differently from its scalar tail: both within 1.
    for (let i = 0; i < out.data.length; i++) {
      expect(Math.abs((out.data[i] as number) - (exact.data[i] as number))).toBeLessThanOrEqual(1);
    }
    for (let c = 0; c < 3; c++) {
      const plane: ImageArray = { data: exact.data.filter((_, i) => i % 3 === c), height: 6, width: 10, channels: 1 };
      const ref = resizeBilinear(
        { ...img, data: Float32Array.from(img.data).filter((_, i) => i % 3 === c), channels: 1 },
        10,
        6,
      );
      expect(Array.from(plane.data)).toEqual(Array.from(ref.data));
    }
  });
});

describe('Resize', () => {
  const info = (): Results => ({
    img: pattern(1333, 80, 1),
    gt_seg_map: pattern(1333, 80, 1),
    gt_bboxes: [[0, 0, 11, 11]],
    gt_keypoints: [[[20, 50, 1]]],
  });

  it('needs scale or scale_factor', () => {
    expect(() => new Resize({})).toThrow(/cannot both be null/);
    expect(() => new Resize({ scale_factor: [] as never })).toThrow(/scale_factor/);
    expect(() => new Resize({ scale: 2, interpolation: 'bilinar' as never })).toThrow(/Did you mean "bilinear"/);
  });

  it('resizes to an int or [w, h] scale and records scale_factor [w, h]', () => {
    for (const scale of [200, [200, 200] as [number, number]]) {
      const out = new Resize({ scale }).transform(info());
      expect(shapeOf(out.img)).toEqual([200, 200]);
      expect(out.img_shape).toEqual([200, 200]);
      expect(out.scale).toEqual([200, 200]);
      expect(out.scale_factor).toEqual([200 / 80, 200 / 1333]);
      expect(out.keep_ratio).toBe(false);
    }
  });

  it('scale_factor scales the size (rounded half up)', () => {
    let out = new Resize({ scale_factor: 2 }).transform(info());
    expect(shapeOf(out.img)).toEqual([2666, 160]);
    expect(out.scale_factor).toEqual([2, 2]);
    out = new Resize({ scale_factor: [1.5, 2] }).transform(info());
    expect(shapeOf(out.img)).toEqual([2666, 120]);
    expect(out.scale_factor).toEqual([1.5, 2]);
    expect(out.gt_bboxes).toEqual([[0, 0, 16.5, 22]]);
    expect(out.gt_keypoints).toEqual([[[30, 100, 1]]]);
    expect(shapeOf(out.gt_seg_map)).toEqual([2666, 120]);
  });

  it('keep_ratio fits the long and short edges', () => {
    const out = new Resize({ scale: [2000, 200], keep_ratio: true }).transform(info());
    // factor = min(2000 / 1333, 200 / 80) → 80 * 1.5004 = 120 wide
    expect(shapeOf(out.img)).toEqual([2000, 120]);
    expect(out.scale_factor).toEqual([120 / 80, 2000 / 1333]);
    expect(out.keep_ratio).toBe(true);
  });

  it('clips boxes unless clip_object_border is false; typed boxes stay typed', () => {
    const img = pattern(30, 40, 3);
    const boxes = Float32Array.from([20, 15, 60, 45]);
    const clipped = new Resize({ scale: [20, 15] }).transform({ img, gt_bboxes: boxes });
    expect(clipped.gt_bboxes).toBeInstanceOf(Float32Array);
    expect(Array.from(clipped.gt_bboxes as Float32Array)).toEqual([10, 7.5, 20, 15]);
    const free = new Resize({ scale: [20, 15], clip_object_border: false }).transform({ img, gt_bboxes: boxes });
    expect(Array.from(free.gt_bboxes as Float32Array)).toEqual([10, 7.5, 30, 22.5]);
    expect(Array.from(boxes)).toEqual([20, 15, 60, 45]); // the input is not changed
  });

  it('resizes the seg map with nearest (labels stay labels)', () => {
    const seg = imageOf([
      [0, 7],
      [3, 9],
    ]);
    const out = new Resize({ scale: [3, 3] }).transform({ img: pattern(2, 2, 3), gt_seg_map: seg });
    expect(new Set((out.gt_seg_map as ImageArray).data)).toEqual(new Set([0, 7, 3, 9]));
  });

  it('names the key when the image is missing or malformed', () => {
    expect(() => new Resize({ scale_factor: 2 }).transform({ img: [1, 2], sample_idx: 4 })).toThrow(
      /results\.img \(sample_idx 4\) should be an image/,
    );
  });
});

describe('RandomResize', () => {
  it('draws a ratio in ratio_range for a single scale', () => {
    const rr = new RandomResize({ scale: [224, 224], ratio_range: [1, 2] });
    for (let s = 0; s < 20; s++) {
      const out = rr.transform({}, ctx(s)) as Results;
      const [w, h] = out.scale as number[];
      expect(w).toBeGreaterThanOrEqual(224);
      expect(w).toBeLessThanOrEqual(448);
      expect(h).toBe(w);
    }
  });

  it('keep_ratio resizes within the drawn scale; the draw is from the context', () => {
    const rr = new RandomResize({ scale: [22, 22], ratio_range: [1, 2], keep_ratio: true });
    const results = { img: pattern(22, 22, 3), gt_bboxes: [[0, 0, 11, 11]] };
    const a = rr.transform(results, ctx(3)) as Results;
    const b = rr.transform(results, ctx(3)) as Results;
    expect(a.img_shape).toEqual(b.img_shape);
    const [h, w] = a.img_shape as number[];
    expect(h).toBeGreaterThanOrEqual(22);
    expect(h).toBeLessThanOrEqual(44);
    expect(w).toBe(h);
    expect(a.keep_ratio).toBe(true);
    expect((a.gt_bboxes as number[][])[0]?.[2]).toBeCloseTo((11 * (w as number)) / 22);
    const sizes = new Set(
      Array.from({ length: 30 }, (_, s) => String((rr.transform(results, ctx(s)) as Results).img_shape)),
    );
    expect(sizes.size).toBeGreaterThan(3);
  });

  it('draws each edge in its range for a pair of scales', () => {
    const rr = new RandomResize({
      scale: [
        [224, 448],
        [112, 224],
      ],
      keep_ratio: false,
    });
    const seen = new Set<number>();
    for (let s = 0; s < 50; s++) {
      const [w, h] = (rr.transform({}, ctx(s)) as Results).scale as number[];
      expect(w).toBeGreaterThanOrEqual(112);
      expect(w).toBeLessThanOrEqual(224);
      expect(h).toBeGreaterThanOrEqual(224);
      expect(h).toBeLessThanOrEqual(448);
      seen.add(w as number);
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(() => new RandomResize({ scale: [224, 224] })).toThrow(/ratio_range/);
  });

  it('builds from the registry with Resize options', () => {
    const rr = TRANSFORMS.build({
      type: 'RandomResize',
      scale: [8, 8],
      ratio_range: [0.5, 0.5],
      interpolation: 'nearest',
    });
    const out = rr.transform({ img: pattern(8, 8, 1) }, ctx(0)) as Results;
    expect(out.img_shape).toEqual([4, 4]);
    expect(() => TRANSFORMS.build({ type: 'RandomResize', scale: [8, 8], ratio_rang: [1, 2] })).toThrow(/ratio_range/);
  });
});

describe('RandomFlip', () => {
  const base = (): Results => ({
    img: imageOf([
      [1, 2, 3],
      [4, 5, 6],
    ]),
    gt_bboxes: [[0, 0, 1, 2]],
    gt_keypoints: [[[1, 0.5, 1]]],
    gt_seg_map: imageOf([
      [0, 0, 1],
      [2, 2, 2],
    ]),
  });

  it('checks prob and direction', () => {
    expect(() => new RandomFlip({ prob: 1.5 })).toThrow(/prob/);
    expect(() => new RandomFlip({ prob: [0.5, 0.6], direction: ['horizontal', 'vertical'] })).toThrow(/prob/);
    expect(() => new RandomFlip({ prob: [0.5], direction: ['horizontal', 'vertical'] })).toThrow(/same length/);
    expect(() => new RandomFlip({ prob: 0.5, direction: 'sideways' as never })).toThrow(/direction/);
  });

  it('flips the image, boxes, keypoints and seg map in each direction', () => {
    const h = new RandomFlip({ prob: 1, direction: 'horizontal' }).transform(base(), ctx(0));
    expect(h.flip).toBe(true);
    expect(h.flip_direction).toBe('horizontal');
    expect(rowsOf(h.img as ImageArray)).toEqual([
      [3, 2, 1],
      [6, 5, 4],
    ]);
    expect(h.gt_bboxes).toEqual([[2, 0, 3, 2]]);
    expect(h.gt_keypoints).toEqual([[[2, 0.5, 1]]]);
    expect(rowsOf(h.gt_seg_map as ImageArray)).toEqual([
      [1, 0, 0],
      [2, 2, 2],
    ]);
    const v = new RandomFlip({ prob: 1, direction: 'vertical' }).transform(base(), ctx(0));
    expect(rowsOf(v.img as ImageArray)).toEqual([
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(v.gt_bboxes).toEqual([[0, 0, 1, 2]]);
    expect(v.gt_keypoints).toEqual([[[1, 1.5, 1]]]);
    const d = new RandomFlip({ prob: 1, direction: 'diagonal' }).transform(base(), ctx(0));
    expect(rowsOf(d.img as ImageArray)).toEqual([
      [6, 5, 4],
      [3, 2, 1],
    ]);
    expect(d.gt_bboxes).toEqual([[2, 0, 3, 2]]);
  });

  it('flips mmcv test case boxes in a 224 x 224 image', () => {
    const out = new RandomFlip({ prob: 1 }).transform(
      { img: pattern(224, 224, 3), gt_bboxes: Float32Array.from([0, 0, 10, 10]), gt_keypoints: [[[10, 10, 1]]] },
      ctx(1),
    );
    expect(Array.from(out.gt_bboxes as Float32Array)).toEqual([214, 0, 224, 10]);
    expect(out.gt_keypoints).toEqual([[[214, 10, 1]]]);
  });

  it('swaps seg labels after a flip', () => {
    const out = new RandomFlip({ prob: 1, swap_seg_labels: [[0, 2]] }).transform(base(), ctx(0));
    expect(rowsOf(out.gt_seg_map as ImageArray)).toEqual([
      [1, 2, 2],
      [0, 0, 0],
    ]);
    expect(out.swap_seg_labels).toEqual([[0, 2]]);
  });

  it('prob 0 never flips; the frequencies follow prob per direction', () => {
    const none = new RandomFlip({ prob: 0 }).transform(base(), ctx(0));
    expect(none.flip).toBe(false);
    expect(none.flip_direction).toBeNull();
    const flip = new RandomFlip({ prob: [0.3, 0.5], direction: ['horizontal', 'vertical'] });
    const counts: Record<string, number> = {};
    const n = 4000;
    for (let s = 0; s < n; s++) {
      const d = String(flip.chooseDirection(ctx(s)));
      counts[d] = (counts[d] ?? 0) + 1;
    }
    expect((counts.horizontal ?? 0) / n).toBeCloseTo(0.3, 1);
    expect((counts.vertical ?? 0) / n).toBeCloseTo(0.5, 1);
    expect((counts.null ?? 0) / n).toBeCloseTo(0.2, 1);
    const even = new RandomFlip({ prob: 0.5, direction: ['horizontal', 'vertical'] });
    let h = 0;
    for (let s = 0; s < n; s++) if (even.chooseDirection(ctx(s)) === 'horizontal') h++;
    expect(h / n).toBeCloseTo(0.25, 1);
  });

  it('draws from the context: the same seed gives the same flips', () => {
    const flip = new RandomFlip({ prob: 0.5 });
    const seq = (seed: number) => {
      const r = ctx(seed);
      return Array.from({ length: 20 }, () => flip.chooseDirection(r));
    };
    expect(seq(5)).toEqual(seq(5));
    expect(seq(5)).not.toEqual(seq(6));
  });
});

describe('Pad', () => {
  const info = (): Results => ({ img: pattern(133, 80, 3), gt_seg_map: pattern(133, 80, 1) });

  it('checks its options (mmcv asserts)', () => {
    expect(() => new Pad({ size: [10, 10], size_divisor: 2 })).toThrow(/exactly one/);
    expect(() => new Pad({})).toThrow(/exactly one/);
    expect(() => new Pad({ size: [10, 10], pad_to_square: true })).toThrow(/pad_to_square/);
    expect(() => new Pad({ size: [10, 10], pad_val: [] as never })).toThrow(/pad_val/);
    expect(() => new Pad({ size: [10, 10], padding_mode: 'edg' as never })).toThrow(/Did you mean "edge"/);
  });

  it('pads to size [w, h], size_divisor and squares; records pad_shape and sizes', () => {
    let out = new Pad({ size: [120, 200] }).transform(info());
    expect(shapeOf(out.img)).toEqual([200, 120]);
    expect(shapeOf(out.gt_seg_map)).toEqual([200, 120]);
    expect(out.pad_shape).toEqual([200, 120, 3]);
    expect(out.img_shape).toEqual([200, 120]);
    expect(out.pad_fixed_size).toEqual([120, 200]);
    expect(out.pad_size_divisor).toBeNull();
    out = new Pad({ size_divisor: 11 }).transform(info());
    expect(shapeOf(out.img)).toEqual([143, 88]);
    expect(out.pad_size_divisor).toBe(11);
    out = new Pad({ pad_to_square: true }).transform(info());
    expect(shapeOf(out.img)).toEqual([133, 133]);
    out = new Pad({ pad_to_square: true, size_divisor: 11 }).transform(info());
    expect(shapeOf(out.img)).toEqual([143, 143]);
    expect(shapeOf(out.gt_seg_map)).toEqual([143, 143]);
  });

  it('fills img and seg with pad_val (seg 255 unless given) and keeps the original at the top left', () => {
    const src = info();
    const check = (out: Results, imgVal: number, segVal: number) => {
      const img = out.img as ImageArray;
      const seg = out.gt_seg_map as ImageArray;
      const at = (im: ImageArray, y: number, x: number) => im.data[(y * im.width + x) * im.channels] as number;
      expect(at(img, 150, 100)).toBe(imgVal);
      expect(at(img, 10, 90)).toBe(imgVal);
      expect(at(seg, 150, 10)).toBe(segVal);
      expect(at(img, 5, 7)).toBe((src.img as ImageArray).data[(5 * 80 + 7) * 3]);
    };
    check(new Pad({ size: [200, 200], pad_val: { img: [12, 12, 12], seg: 10 } }).transform(src), 12, 10);
    check(new Pad({ size: [200, 200], pad_val: { img: [12, 12, 12] } }).transform(src), 12, 255);
    check(new Pad({ size: [200, 200], pad_val: 12 }).transform(src), 12, 255);
  });

  it("'edge' mode on a constant image stays constant", () => {
    const ones: ImageArray = { data: new Uint8Array(13 * 8 * 3).fill(1), height: 13, width: 8, channels: 3 };
    const out = new Pad({ pad_to_square: true, padding_mode: 'edge' }).transform({ img: ones });
    expect((out.img as ImageArray).data.every((v) => v === 1)).toBe(true);
  });

  it('pads as cv2.copyMakeBorder for each mode', () => {
    const row = imageOf([[1, 2, 3, 4]]);
    const pad = { top: 0, bottom: 0, left: 2, right: 2 };
    expect(rowsOf(padImage(row, pad, 'reflect', [0]))).toEqual([[3, 2, 1, 2, 3, 4, 3, 2]]);
    expect(rowsOf(padImage(row, pad, 'symmetric', [0]))).toEqual([[2, 1, 1, 2, 3, 4, 4, 3]]);
    expect(rowsOf(padImage(row, pad, 'edge', [0]))).toEqual([[1, 1, 1, 2, 3, 4, 4, 4]]);
    expect(rowsOf(padImage(row, pad, 'constant', [9]))).toEqual([[9, 9, 1, 2, 3, 4, 9, 9]]);
    // wider than the image: reflection repeats
    expect(rowsOf(padImage(imageOf([[1, 2]]), { top: 0, bottom: 0, left: 3, right: 0 }, 'reflect', [0]))).toEqual([
      [2, 1, 2, 1, 2],
    ]);
    const col = padImage(imageOf([[1], [2], [3]]), { top: 1, bottom: 2, left: 0, right: 0 }, 'symmetric', [0]);
    expect(rowsOf(col)).toEqual([[1], [1], [2], [3], [3], [2]]);
  });
});

describe('CenterCrop', () => {
  const make = (): Results => ({
    img: pattern(300, 400, 3),
    gt_seg_map: pattern(300, 400, 1),
    gt_bboxes: [
      [0, 0, 210, 160],
      [200, 150, 400, 300],
    ],
    gt_keypoints: [[[20, 50, 1]], [[200, 150, 1]], [[300, 225, 1]]],
  });

  it('rejects bad crop sizes', () => {
    expect(() => TRANSFORMS.build({ type: 'CenterCrop', crop_size: -1 })).toThrow(/crop_size/);
    expect(() => TRANSFORMS.build({ type: 'CenterCrop', crop_size: [224, -1] })).toThrow(/crop_size/);
    expect(() => TRANSFORMS.build({ type: 'CenterCrop', crop_size: [224] })).toThrow(/crop_size/);
    expect(() => TRANSFORMS.build({ type: 'CenterCrop', crop_size: [224, 224, 3] })).toThrow(/crop_size/);
  });

  it('crops the centre and shifts boxes and keypoints (mmcv test values)', () => {
    const src = make();
    const out = new CenterCrop({ crop_size: 224 }).transform(src);
    expect(out.img_shape).toEqual([224, 224]);
    expect(out.pad_shape).toEqual([224, 224]);
    const img = out.img as ImageArray;
    const orig = src.img as ImageArray;
    // img == original[38:262, 88:312]
    for (const [y, x] of [
      [0, 0],
      [223, 223],
      [100, 37],
    ] as const) {
      expect(img.data[(y * 224 + x) * 3 + 1]).toBe(orig.data[((y + 38) * 400 + x + 88) * 3 + 1]);
    }
    const seg = out.gt_seg_map as ImageArray;
    expect(seg.data[5 * 224 + 6]).toBe((src.gt_seg_map as ImageArray).data[43 * 400 + 94]);
    expect(out.gt_bboxes).toEqual([
      [0, 0, 122, 122],
      [112, 112, 224, 224],
    ]);
    expect(out.gt_keypoints).toEqual([[[0, 12, 0]], [[112, 112, 1]], [[212, 187, 1]]]);
  });

  it('[w, h] crop sizes, clip_object_border false, and a crop larger than the image', () => {
    let out = new CenterCrop({ crop_size: [224, 100], clip_object_border: false }).transform(make());
    expect(out.img_shape).toEqual([100, 224]);
    expect(out.gt_bboxes).toEqual([
      [-88, -100, 122, 60],
      [112, 50, 312, 200],
    ]);
    out = new CenterCrop({ crop_size: [512, 100] }).transform(make());
    expect(out.img_shape).toEqual([100, 400]);
  });

  it('auto_pad pads with pad_cfg before cropping', () => {
    const out = new CenterCrop({
      crop_size: [512, 512],
      auto_pad: true,
      pad_cfg: { type: 'Pad', pad_val: 7 },
    }).transform(make());
    expect(out.img_shape).toEqual([512, 512]);
    const img = out.img as ImageArray;
    expect(img.data[(511 * 512 + 511) * 3]).toBe(7);
    expect(shapeOf(out.gt_seg_map)).toEqual([512, 512]);
  });
});

describe('RandomCrop (mmpretrain)', () => {
  it('crops [h, w] at a position drawn from the context, every position reachable', () => {
    const img = pattern(6, 5, 1);
    const crop = new RandomCrop({ crop_size: [4, 2] });
    const seen = new Set<string>();
    for (let s = 0; s < 200; s++) {
      const out = crop.transform({ img }, ctx(s));
      expect(out.img_shape).toEqual([4, 2]);
      const first = (out.img as ImageArray).data[0] as number;
      const pos = Array.from(img.data).indexOf(first);
      seen.add(String([Math.floor(pos / 5), pos % 5]));
    }
    expect(seen.size).toBe(3 * 4);
    expect(rowsOf(crop.transform({ img }, ctx(9)).img as ImageArray)).toEqual(
      rowsOf(crop.transform({ img }, ctx(9)).img as ImageArray),
    );
  });

  it('padding is a constant border; pad_if_needed pads evenly with padding_mode', () => {
    const img = imageOf([
      [1, 2],
      [3, 4],
    ]);
    const out = new RandomCrop({ crop_size: 4, padding: 1, pad_val: 9 }).transform({ img }, ctx(0));
    expect(rowsOf(out.img as ImageArray)).toEqual([
      [9, 9, 9, 9],
      [9, 1, 2, 9],
      [9, 3, 4, 9],
      [9, 9, 9, 9],
    ]);
    const need = new RandomCrop({ crop_size: [4, 6], pad_if_needed: true, padding_mode: 'edge' }).transform(
      { img },
      ctx(0),
    );
    expect(rowsOf(need.img as ImageArray)).toEqual([
      [1, 1, 1, 2, 2, 2],
      [1, 1, 1, 2, 2, 2],
      [3, 3, 3, 4, 4, 4],
      [3, 3, 3, 4, 4, 4],
    ]);
    // smaller than the crop without padding: crops what there is
    expect(new RandomCrop({ crop_size: 5 }).transform({ img }, ctx(0)).img_shape).toEqual([2, 2]);
    expect(() => new RandomCrop({ crop_size: 0 })).toThrow(/crop_size/);
  });
});

describe('Normalize', () => {
  it('subtracts the mean and divides by std after BGR→RGB, into float32', () => {
    const mean = [123.675, 116.28, 103.53];
    const std = [58.395, 57.12, 57.375];
    const img = pattern(4, 5, 3);
    const out = new Normalize({ mean, std }).transform({ img });
    const res = out.img as ImageArray;
    expect(res.data).toBeInstanceOf(Float32Array);
    for (let i = 0; i < 20; i++) {
      for (let c = 0; c < 3; c++) {
        const src = img.data[i * 3 + (2 - c)] as number;
        expect(res.data[i * 3 + c]).toBeCloseTo((src - (mean[c] as number)) / (std[c] as number), 5);
      }
    }
    expect(out.img_norm_cfg).toEqual({
      mean: Array.from(Float32Array.from(mean)),
      std: Array.from(Float32Array.from(std)),
      to_rgb: true,
    });
    const keep = new Normalize({ mean: [10], std: [2], to_rgb: false }).transform({ img: imageOf([[0, 20]]) });
    expect(Array.from((keep.img as ImageArray).data)).toEqual([-5, 5]);
    expect(() => new Normalize({ mean, std }).transform({ img: imageOf([[1]]) })).toThrow(/to_rgb: false/);
  });
});

describe('registration', () => {
  it('registers every image transform with strict options', () => {
    for (const name of [
      'LoadImageFromFile',
      'Resize',
      'RandomResize',
      'RandomFlip',
      'RandomCrop',
      'CenterCrop',
      'Pad',
      'Normalize',
      'PackInputs',
    ]) {
      expect(TRANSFORMS.get(name), name).toBeDefined();
    }
    expect(() => TRANSFORMS.build({ type: 'Resize', scale: 2, keepratio: true })).toThrow(/keep_ratio/);
  });
});
