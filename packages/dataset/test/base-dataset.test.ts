import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryBackend, putText, registerBackend } from '@eng/fileio';
import { RandomStream } from '@eng/internal';
import { captureLog } from '@eng/logging/test';
import { DATASETS, Registry } from '@eng/registry';
import { freshDir } from '@eng/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BaseDataset, type DataInfo, DatasetError, type Results } from '../src';

const root = freshDir('base-dataset');
const annotations = {
  metainfo: { dataset_type: 'test_dataset', task_name: 'test_task', empty_list: [] },
  data_list: [
    { img_path: 'test_img.jpg', height: 604, width: 640, instances: [{ bbox: [0, 0, 10, 20], bbox_label: 1 }] },
    { img_path: 'gray.jpg', height: 288, width: 512, instances: [{ bbox: [5, 50, 120, 80], bbox_label: 0 }] },
    { img_path: 'gray.jpg', height: 288, width: 512, instances: [] },
  ],
};
const write = (name: string, value: unknown): string => {
  const path = join(root, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

beforeAll(() => {
  write('annotations/dummy_annotation.json', annotations);
  write('annotations/wrong_keys.json', { meta: {}, data: [] });
  write('annotations/wrong_format.json', [1, 2]);
  write('annotations/bad_record.json', { metainfo: {}, data_list: [{ img_path: 'a.jpg' }, 'b.jpg'] });
  write(
    'annotations/annotations.yaml',
    'metainfo:\n  classes: [cat, dog]\ndata_list:\n  - img_path: a.jpg\n    gt_label: 1\n',
  );
  write('meta/classes.txt', 'dog\n');
});

const options = (extra: Record<string, unknown> = {}) => ({
  data_root: root,
  data_prefix: { img_path: 'imgs' },
  ann_file: 'annotations/dummy_annotation.json',
  ...extra,
});

async function loaded<T extends BaseDataset>(dataset: T): Promise<T> {
  await dataset.fullInit();
  return dataset;
}

afterEach(() => {
  BaseDataset.METAINFO = {};
});

describe('BaseDataset: loading', () => {
  it('reads the OpenMMLab 2.0 format, joins data_root and data_prefix, and numbers the samples', async () => {
    for (const serialize_data of [true, false]) {
      const ds = await loaded(new BaseDataset(options({ serialize_data })));
      expect(ds.fullyInitialized).toBe(true);
      expect(ds.length).toBe(3);
      expect(ds.annFile).toBe(join(root, 'annotations/dummy_annotation.json'));
      expect(ds.getDataInfo(1)).toEqual({
        ...annotations.data_list[1],
        img_path: join(root, 'imgs', 'gray.jpg'),
        sample_idx: 1,
      });
      expect(ds.serializedByteLength > 0).toBe(serialize_data);
      expect(ds.dataList.length).toBe(serialize_data ? 0 : 3);
    }
  });

  it('starts loading by itself unless lazy_init, and fullInit is idempotent', async () => {
    const eager = new BaseDataset(options());
    const first = eager.fullInit();
    expect(eager.fullInit()).toBe(first); // the load in progress, not a second one
    await first;
    expect(eager.fullInit()).toBeUndefined();

    const lazy = new BaseDataset(options({ lazy_init: true }));
    await new Promise((r) => setTimeout(r, 20));
    expect(lazy.fullyInitialized).toBe(false);
    expect(lazy.dataList).toEqual([]);
    expect(() => lazy.length).toThrow(/still loading: await dataset\.fullInit\(\)/);
    await lazy.fullInit();
    expect(lazy.length).toBe(3);
  });

  it('reads YAML annotation files and files on other backends', async () => {
    const yaml = await loaded(new BaseDataset({ ann_file: join(root, 'annotations/annotations.yaml') }));
    expect(yaml.metainfo).toEqual({ classes: ['cat', 'dog'] });
    expect(yaml.getDataInfo(0)).toEqual({ img_path: 'a.jpg', gt_label: 1, sample_idx: 0 });

    registerBackend('memory', MemoryBackend, { prefixes: 'memory', force: true });
    await putText(JSON.stringify(annotations), 'memory://bucket/data/ann.json');
    const mem = await loaded(
      new BaseDataset({ data_root: 'memory://bucket/data', ann_file: 'ann.json', data_prefix: { img_path: 'imgs' } }),
    );
    expect(mem.annFile).toBe('memory://bucket/data/ann.json');
    expect(mem.getDataInfo(0).img_path).toBe('memory://bucket/data/imgs/test_img.jpg');
  });

  it('keeps absolute prefixes and an absolute ann_file as they are', async () => {
    const ds = await loaded(
      new BaseDataset({
        data_root: '/elsewhere',
        ann_file: join(root, 'annotations/dummy_annotation.json'),
        data_prefix: { img_path: '/abs/imgs' },
      }),
    );
    expect(ds.getDataInfo(0).img_path).toBe('/abs/imgs/test_img.jpg');
  });

  it('accepts parseDataInfo returning a list of records (one annotation, several samples)', async () => {
    class Frames extends BaseDataset {
      override parseDataInfo(raw: DataInfo): DataInfo[] {
        return [
          { ...raw, frame: 0 },
          { ...raw, frame: 1 },
        ];
      }
    }
    const ds = await loaded(new Frames(options()));
    expect(ds.length).toBe(6);
    expect(ds.getDataInfo(3)).toMatchObject({ img_path: 'gray.jpg', frame: 1, sample_idx: 3 });
  });

  it("is ready at once when a subclass returns its records directly (the manual's ToyDataset)", () => {
    class ToyDataset extends BaseDataset {
      private readonly _count: number;
      constructor(options: { count: number }) {
        super({ data_prefix: {} });
        this._count = options.count; // set after super(): loadDataList still sees it
      }
      override loadDataList(): DataInfo[] {
        return Array.from({ length: this._count }, (_, i) => ({ value: i }));
      }
    }
    const ds = new ToyDataset({ count: 4 });
    expect(ds.length).toBe(4);
    expect(ds.getItem(2)).toEqual({ value: 2, sample_idx: 2 });
  });
});

describe('BaseDataset: bad input names the file, the record and the key', () => {
  it('a missing annotation file', async () => {
    const ds = new BaseDataset(options({ ann_file: 'annotations/not_existed.json', lazy_init: true }));
    await expect(ds.fullInit()).rejects.toThrow(
      `annotation file "${join(root, 'annotations/not_existed.json')}" does not exist (ann_file joined onto data_root "${root}")`,
    );
  });

  it('no ann_file and no loadDataList of its own', async () => {
    const ds = new BaseDataset({ data_root: root, lazy_init: true });
    await expect(ds.fullInit()).rejects.toMatchObject({ code: 'NO_ANN_FILE' });
  });

  it('a file without data_list / metainfo, or not an object', async () => {
    await expect(
      new BaseDataset(options({ ann_file: 'annotations/wrong_keys.json', lazy_init: true })).fullInit(),
    ).rejects.toThrow(/has no "data_list" or "metainfo" key \(it has "meta", "data"\)/);
    await expect(
      new BaseDataset(options({ ann_file: 'annotations/wrong_format.json', lazy_init: true })).fullInit(),
    ).rejects.toThrow(/should hold an object with "metainfo" and "data_list", but holds an array of length 2/);
  });

  it('a record that is not an object, with its 0-based index', async () => {
    const ds = new BaseDataset({ ann_file: join(root, 'annotations/bad_record.json'), lazy_init: true });
    await expect(ds.fullInit()).rejects.toThrow(
      /bad_record\.json": data_list\[1\] should be an object, but is the string "b\.jpg"/,
    );
  });

  it('a record without the key a data_prefix names', async () => {
    const ds = new BaseDataset(options({ data_prefix: { seg_map_path: 'seg' }, lazy_init: true }));
    await expect(ds.fullInit()).rejects.toThrow(
      /dummy_annotation\.json", data_list\[0\]: the record has no key "seg_map_path" for data_prefix\.seg_map_path/,
    );
  });

  it('a failed background load is thrown at the first access, not lost', async () => {
    const ds = new BaseDataset(options({ ann_file: 'annotations/wrong_keys.json' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(() => ds.length).toThrow(DatasetError);
    expect(() => ds.length).toThrow(/has no "data_list"/);
  });

  it('metainfo that is not an object, and a prefix that is not a string', () => {
    expect(() => new BaseDataset(options({ metainfo: 'dog' as never, lazy_init: true }))).toThrow(
      /metainfo should be an object/,
    );
    expect(() => new BaseDataset(options({ data_prefix: { img_path: ['img'] as never }, lazy_init: true }))).toThrow(
      /data_prefix\.img_path should be a string, but got an array/,
    );
  });

  it('a registry build refuses an unknown option with the nearest one', () => {
    expect(() => DATASETS.build({ type: 'BaseDataset', ann_fle: 'x.json', lazy_init: true })).toThrow(
      /Did you mean "ann_file"\?/,
    );
  });

  it('out-of-range indices are RangeErrors', async () => {
    const ds = await loaded(new BaseDataset(options()));
    expect(() => ds.getDataInfo(3)).toThrow(RangeError);
    expect(() => ds.getDataInfo(-1)).toThrow(RangeError);
    expect(() => ds.getItem(7)).toThrow(/index 7 is out of range \[0, 3\)/);
  });
});

describe('BaseDataset: metainfo', () => {
  it("the config's wins over the class's METAINFO, which wins over the file's", async () => {
    expect((await loaded(new BaseDataset(options()))).metainfo).toEqual(annotations.metainfo);
    BaseDataset.METAINFO = { dataset_type: 'new_dataset', classes: ['dog', 'cat'] };
    expect((await loaded(new BaseDataset(options()))).metainfo).toEqual({
      dataset_type: 'new_dataset',
      task_name: 'test_task',
      classes: ['dog', 'cat'],
      empty_list: [],
    });
    const ds = await loaded(new BaseDataset(options({ metainfo: { classes: ['dog'], task_name: 'new_task' } })));
    expect(ds.metainfo).toEqual({
      dataset_type: 'new_dataset',
      task_name: 'new_task',
      classes: ['dog'],
      empty_list: [],
    });
    (BaseDataset.METAINFO.classes as string[]).push('fish');
    expect(ds.metainfo.classes).toEqual(['dog']); // copied, not shared
    const copy = ds.metainfo;
    (copy.classes as string[]).push('x');
    expect(ds.metainfo.classes).toEqual(['dog']);
  });

  it('reads a metainfo value naming a file as its lines', async () => {
    const ds = await loaded(new BaseDataset(options({ metainfo: { classes: join(root, 'meta/classes.txt') } })));
    expect(ds.metainfo).toEqual({ ...annotations.metainfo, classes: ['dog'] });
  });

  it('before a lazy init it has only the class and config metainfo', () => {
    BaseDataset.METAINFO = { dataset_type: 'new_dataset' };
    const ds = new BaseDataset(options({ metainfo: { classes: ['dog'] }, lazy_init: true }));
    expect(ds.metainfo).toEqual({ dataset_type: 'new_dataset', classes: ['dog'] });
  });

  it("a subclass's METAINFO leaves the base class's alone", () => {
    class ToyDataset extends BaseDataset {
      static override METAINFO = { xxx: 'xxx' };
    }
    expect(ToyDataset.METAINFO).toEqual({ xxx: 'xxx' });
    expect(BaseDataset.METAINFO).toEqual({});
  });
});

describe('BaseDataset: getItem and the pipeline', () => {
  it('runs the pipeline on a copy of the record', async () => {
    const ds = await loaded(
      new BaseDataset(
        options({
          pipeline: [(r: Results) => ({ ...r, seen: true }), (r: Results) => ({ path: r.img_path, seen: r.seen })],
        }),
      ),
    );
    expect(ds.getItem(0)).toEqual({ path: join(root, 'imgs', 'test_img.jpg'), seen: true });
    const mutate = await loaded(
      new BaseDataset(options({ serialize_data: false, pipeline: [(r: Results) => Object.assign(r, { height: -1 })] })),
    );
    mutate.getItem(0);
    expect(mutate.getDataInfo(0).height).toBe(604);
  });

  it('refetches another sample, drawn from the sample stream, when the pipeline returns null', async () => {
    const dropFirst = (r: Results) => (r.sample_idx === 0 ? null : r);
    const ds = await loaded(new BaseDataset(options({ pipeline: [dropFirst] })));
    const item = (seed: number) => ds.getItem(0, { random: new RandomStream(seed) }) as Results;
    expect([1, 2]).toContain(item(1).sample_idx);
    expect(item(5).sample_idx).toBe(item(5).sample_idx); // the same stream gives the same replacement
  });

  it('gives up after max_refetch tries, and in test mode at once', async () => {
    const never = () => null;
    const train = await loaded(new BaseDataset(options({ pipeline: [never], max_refetch: 3 })));
    expect(() => train.getItem(0)).toThrow(/cannot find a valid sample after 3 refetches/);
    const test = await loaded(new BaseDataset(options({ pipeline: [never], test_mode: true })));
    expect(() => test.getItem(1)).toThrow(/test-time pipeline returned null for sample 1/);
  });

  it('returns a promise when a step is asynchronous, and initialises on the first getItem with a warning', async () => {
    const lines = captureLog();
    const ds = new BaseDataset(options({ lazy_init: true, pipeline: [async (r: Results) => ({ h: r.height })] }));
    await expect(ds.getItem(1)).resolves.toEqual({ h: 288 });
    expect(lines.join('\n')).toMatch(/Please call `fullInit\(\)` manually/);
  });

  it('builds pipeline steps from TRANSFORMS, naming the step of a bad config', () => {
    expect(() => new BaseDataset(options({ lazy_init: true, pipeline: [{ type: 'NoSuchTransform' }] }))).toThrow(
      /pipeline\[0\]/,
    );
  });
});

describe('BaseDataset: subsets and indices', () => {
  for (const serialize_data of [true, false]) {
    it(`getSubset and getSubset_ take a count, a negative count and a list (serialize_data: ${serialize_data})`, async () => {
      const ds = await loaded(new BaseDataset(options({ serialize_data })));
      const heights = (d: BaseDataset) => Array.from({ length: d.length }, (_, i) => d.getDataInfo(i).height);
      expect(heights(ds.getSubset(1))).toEqual([604]);
      expect(heights(ds.getSubset(-2))).toEqual([288, 288]);
      expect(heights(ds.getSubset([2, 0]))).toEqual([288, 604]);
      expect(ds.getSubset([]).length).toBe(0);
      const sub = ds.getSubset([1]);
      expect(sub).toBeInstanceOf(BaseDataset);
      expect(sub.metainfo).toEqual(ds.metainfo);
      expect(sub.getDataInfo(0).sample_idx).toBe(0);
      expect(ds.length).toBe(3);
      ds.getSubset_(-1);
      expect(heights(ds)).toEqual([288]);
      expect(() => ds.getSubset(5)).toThrow(RangeError);
    });
  }

  it('indices cut the list after loading', async () => {
    expect((await loaded(new BaseDataset(options({ indices: 2 })))).length).toBe(2);
    const listed = await loaded(new BaseDataset(options({ indices: [2] })));
    expect(listed.getDataInfo(0)).toMatchObject({ instances: [], sample_idx: 0 });
  });

  it('filterData runs before indices', async () => {
    class WithBoxes extends BaseDataset {
      override filterData(): DataInfo[] {
        return this.dataList.filter((r) => (r.instances as unknown[]).length > 0);
      }
    }
    const ds = await loaded(new WithBoxes(options({ indices: -1 })));
    expect(ds.length).toBe(1);
    expect(ds.getDataInfo(0).height).toBe(288);
  });
});

describe('BaseDataset: shared state for worker threads', () => {
  it('a lazy copy completed from exportSharedState reads the same records without the file', async () => {
    for (const serialize_data of [true, false]) {
      const main = await loaded(new BaseDataset(options({ serialize_data })));
      const state = structuredClone(main.exportSharedState());
      const worker = new BaseDataset({ ann_file: '/does/not/exist.json', lazy_init: true, serialize_data });
      worker.importSharedState(state);
      expect(worker.length).toBe(3);
      expect(worker.metainfo).toEqual(main.metainfo);
      expect(worker.getDataInfo(2)).toEqual(main.getDataInfo(2));
      if (serialize_data) expect(state.serialized?.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it('the registry builds a registered subclass in a child registry', async () => {
    const local = new Registry('dataset', { parent: DATASETS, scope: 'mine' });
    local.registerModule({ name: 'Custom', module: class Custom extends BaseDataset {} });
    const ds = local.build({ type: 'Custom', ...options() }) as BaseDataset;
    await ds.fullInit();
    expect(ds.length).toBe(3);
  });
});
