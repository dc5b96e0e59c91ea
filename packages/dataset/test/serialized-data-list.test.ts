import { describe, expect, it } from 'vitest';
import { SerializedDataList } from '../src';

const records = Array.from({ length: 1000 }, (_, i) => ({
  img_path: `data/train/images/${String(i).padStart(6, '0')}.jpg`,
  gt_label: i % 10,
  img_shape: [480, 640],
  bbox: new Float32Array([i, 2.5, 30, 40]),
  ...(i % 7 === 0 ? { extra: { nested: [i, 'x'] } } : {}),
}));

describe('SerializedDataList', () => {
  const list = SerializedDataList.pack(records);

  it('decodes every record as it was, typed arrays included, in any order', () => {
    expect(list.length).toBe(1000);
    for (const i of [999, 0, 7, 500, 1]) {
      const got = list.get(i);
      expect(got).toEqual(records[i]);
      expect(got.bbox).toBeInstanceOf(Float32Array);
    }
  });

  it('hands out copies: changing a decoded record never reaches the shared bytes', () => {
    const a = list.get(3);
    (a.bbox as Float32Array)[0] = -1;
    (a.img_shape as number[])[0] = -1;
    expect(list.get(3)).toEqual(records[3]);
    expect((a.bbox as Float32Array).buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });

  it('is far smaller than the same records as JSON text', () => {
    const json = records.reduce((n, r) => n + JSON.stringify({ ...r, bbox: [...r.bbox] }).length, 0);
    expect(list.byteLength).toBeLessThan(json * 0.75);
  });

  it('lives on shared memory that a worker reads through its state', () => {
    expect(list.state.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(list.state.ends.buffer).toBeInstanceOf(SharedArrayBuffer);
    const there = new SerializedDataList(structuredClone(list.state));
    expect(there.get(42)).toEqual(records[42]);
  });

  it('takes subsets in the given order', () => {
    const sub = list.subset([5, 2, 5]);
    expect([0, 1, 2].map((i) => sub.get(i).gt_label)).toEqual([5, 2, 5]);
    expect(list.subset([]).length).toBe(0);
  });
});
