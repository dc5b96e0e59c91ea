import { DATASETS } from '@eng/registry';
import { describe, expect, it } from 'vitest';
import { BaseDataset, ClassBalancedDataset, ConcatDataset, type DataInfo, RepeatDataset, repeatFactors } from '../src';

class Labelled extends BaseDataset {
  static override METAINFO = { classes: ['dog', 'cat'], task_name: 'toy' };
  private readonly _labels: number[][];
  constructor(labels: number[][], extra: Record<string, unknown> = {}) {
    super({ data_prefix: {}, ...extra });
    this._labels = labels;
  }
  override loadDataList(): DataInfo[] {
    return this._labels.map((cats, i) => ({ id: i, cats }));
  }
  override getCatIds(idx: number): number[] {
    return this.getDataInfo(idx).cats as number[];
  }
}
const toy = (n: number, extra: Record<string, unknown> = {}) =>
  new Labelled(
    Array.from({ length: n }, (_, i) => [i % 2]),
    extra,
  );

describe('ConcatDataset', () => {
  it("puts the datasets one after another, with the first one's metainfo", () => {
    const a = toy(3);
    const b = toy(2);
    const both = new ConcatDataset({ datasets: [a, b] });
    expect(both.length).toBe(5);
    expect(both.metainfo).toEqual(Labelled.METAINFO);
    expect(both.getDataInfo(3)).toEqual(b.getDataInfo(0));
    expect(both.getItem(2)).toEqual(a.getItem(2));
    expect(both.getCatIds(4)).toEqual([1]);
  });

  it('refuses metainfo that differ, unless the key is in ignore_keys', () => {
    const a = toy(2);
    const b = toy(2, { metainfo: { task_name: 'other' } });
    expect(() => new ConcatDataset({ datasets: [a, b] })).toThrow(
      /metainfo of datasets\[1\] does not match datasets\[0\] at "task_name"/,
    );
    expect(new ConcatDataset({ datasets: [a, b], ignore_keys: 'task_name' }).metainfo.task_name).toBe('toy');
    const c = toy(2, { metainfo: { extra: 1 } });
    expect(() => new ConcatDataset({ datasets: [a, c] })).toThrow(/"extra" is not in the metainfo of datasets\[0\]/);
    const d = toy(2, { metainfo: { task_name: 3 } });
    expect(() => new ConcatDataset({ datasets: [a, d] })).toThrow(/another type/);
  });

  it('builds the datasets from configs, lazily when asked, and names a bad one', async () => {
    DATASETS.registerModule({
      name: 'WrapperToy',
      module: class WrapperToy extends BaseDataset {
        override loadDataList(): DataInfo[] {
          return [{ v: 1 }, { v: 2 }];
        }
      },
      force: true,
    });
    const lazy = new ConcatDataset({
      datasets: [
        { type: 'WrapperToy', data_prefix: {} },
        { type: 'WrapperToy', data_prefix: {} },
      ],
      lazy_init: true,
    });
    expect(lazy.fullyInitialized).toBe(false);
    expect((lazy.datasets[0] as BaseDataset).fullyInitialized).toBe(false);
    await lazy.fullInit();
    expect(lazy.length).toBe(4);
    expect(() => new ConcatDataset({ datasets: [{ type: 'BaseDataset', data_prefx: {} }] })).toThrow(
      /datasets\[0\].*Did you mean "data_prefix"/s,
    );
    expect(() => new ConcatDataset({ datasets: [42 as never] })).toThrow(
      /datasets\[0\] should be a dataset or a dataset config/,
    );
  });

  it('has no subsets and refuses indices out of range', () => {
    const both = new ConcatDataset({ datasets: [toy(2), toy(2)] });
    expect(() => both.getSubset(1)).toThrow(/does not support getSubset/);
    expect(() => both.getItem(4)).toThrow(RangeError);
    expect(() => both.getDataInfo(-1)).toThrow(RangeError);
  });
});

describe('RepeatDataset', () => {
  it('repeats the dataset times times', () => {
    const base = toy(3);
    const rep = new RepeatDataset({ dataset: base, times: 3 });
    expect(rep.length).toBe(9);
    expect(rep.metainfo).toEqual(base.metainfo);
    expect(rep.getDataInfo(7)).toEqual(base.getDataInfo(1));
    expect(rep.getItem(5)).toEqual(base.getItem(2));
    expect(rep.getCatIds(4)).toEqual(base.getCatIds(1));
  });

  it('is a RangeError past the end (MMEngine wraps around silently)', () => {
    const rep = new RepeatDataset({ dataset: toy(3), times: 2 });
    expect(() => rep.getItem(6)).toThrow(/RepeatDataset: index 6 is out of range \[0, 6\)/);
  });

  it('waits for an asynchronously loading dataset', async () => {
    class Slow extends BaseDataset {
      override async loadDataList(): Promise<DataInfo[]> {
        await new Promise((r) => setTimeout(r, 5));
        return [{ v: 0 }];
      }
    }
    const rep = new RepeatDataset({
      dataset: new Slow({ data_prefix: {}, lazy_init: true }),
      times: 4,
      lazy_init: true,
    });
    expect(() => rep.length).toThrow(/still loading/);
    await rep.fullInit();
    expect(rep.length).toBe(4);
  });
});

describe('ClassBalancedDataset', () => {
  it("computes MMEngine's repeat factors", () => {
    // 10 samples: category 0 in all, category 1 in 2 (f = 0.2), category 2 in 1 (f = 0.1); t = 0.5
    const cats = Array.from({ length: 10 }, (_, i) => [0, ...(i < 2 ? [1] : []), ...(i === 0 ? [2] : [])]);
    const ds = new Labelled(cats);
    const factors = repeatFactors(ds, 0.5);
    expect(factors[0]).toBeCloseTo(Math.sqrt(0.5 / 0.1), 12); // max over its categories
    expect(factors[1]).toBeCloseTo(Math.sqrt(0.5 / 0.2), 12);
    expect(factors.slice(2)).toEqual(Array(8).fill(1));
    const balanced = new ClassBalancedDataset({ dataset: ds, oversample_thr: 0.5 });
    // ceil(2.236) = 3 copies of sample 0, ceil(1.58) = 2 of sample 1, 1 of each other
    expect(balanced.repeatIndices).toEqual([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(balanced.length).toBe(13);
    expect(balanced.getDataInfo(4)).toEqual(ds.getDataInfo(1));
    expect(balanced.getCatIds(2)).toEqual([0, 1, 2]);
    expect(balanced.metainfo).toEqual(ds.metainfo);
  });

  it('counts a sample without categories once and needs getCatIds', () => {
    const ds = new Labelled([[], [1], [1], [1]]);
    const r = Math.sqrt(1 / 0.75);
    expect(repeatFactors(ds, 1)).toEqual([1, r, r, r]);
    const plain = { length: 2, getItem: (i: number) => i };
    expect(() => new ClassBalancedDataset({ dataset: plain, oversample_thr: 0.1 }).length).toThrow(
      /must implement getCatIds/,
    );
  });
});

describe('wrappers and workers', () => {
  it('pass the shared state of their datasets through', () => {
    const main = new ConcatDataset({ datasets: [toy(2), toy(3)] });
    const state = structuredClone(main.exportSharedState());
    const copy = new ConcatDataset({
      datasets: [toy(0, { lazy_init: true }), toy(0, { lazy_init: true })],
      lazy_init: true,
    });
    copy.importSharedState(state);
    expect(copy.length).toBe(5);
    expect(copy.getDataInfo(4)).toEqual(main.getDataInfo(4));
  });
});
