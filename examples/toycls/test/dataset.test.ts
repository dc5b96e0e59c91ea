import { DATASETS, DefaultScope } from '@eng/registry';
import { describe, expect, it } from 'vitest';
import { RandomColorShift, SHAPE_CLASSES, ShapesDataset, TOYCLS_DATASETS, TOYCLS_TRANSFORMS } from '../src/index';

type Img = { data: Uint8Array; height: number; width: number; channels: number };

describe('ShapesDataset', () => {
  it('is deterministic: the same seed gives the same images and labels, another seed others', () => {
    const a = new ShapesDataset({ num_samples: 16, seed: 7 });
    const b = new ShapesDataset({ num_samples: 16, seed: 7 });
    const c = new ShapesDataset({ num_samples: 16, seed: 8 });
    for (let i = 0; i < 16; i++) {
      expect(b.getDataInfo(i).gt_label).toBe(a.getDataInfo(i).gt_label);
      expect((b.getDataInfo(i).img as Img).data).toEqual((a.getDataInfo(i).img as Img).data);
    }
    expect((c.getDataInfo(0).img as Img).data).not.toEqual((a.getDataInfo(0).img as Img).data);
  });

  it('generates img_size x img_size RGB images of every class', () => {
    const ds = new ShapesDataset({ num_samples: 64, img_size: 24, seed: 1 });
    expect(ds.length).toBe(64);
    const img = ds.getDataInfo(0).img as Img;
    expect([img.height, img.width, img.channels]).toEqual([24, 24, 3]);
    const labels = new Set(Array.from({ length: 64 }, (_, i) => ds.getDataInfo(i).gt_label));
    expect([...labels].sort()).toEqual([0, 1, 2, 3]);
    expect(ds.metainfo.classes).toEqual([...SHAPE_CLASSES]);
  });

  it('is built from a config through the toycls and root registries and packs with the core PackInputs', async () => {
    // transforms are built from the root TRANSFORMS under the default scope, as MMEngine's Compose does
    const ds = DefaultScope.overwriteDefaultScope('toycls', () =>
      TOYCLS_DATASETS.build({
        type: 'ShapesDataset',
        num_samples: 4,
        pipeline: [{ type: 'RandomColorShift' }, { type: 'PackInputs' }],
      }),
    ) as ShapesDataset;
    expect(DATASETS.get('toycls.ShapesDataset')).toBe(ShapesDataset);
    expect(TOYCLS_TRANSFORMS.get('RandomColorShift')).toBe(RandomColorShift);
    const packed = (await ds.getItem(0)) as { inputs: Img; data_samples: { gt_label: { label: number[] } } };
    expect(packed.inputs.channels).toBe(3);
    expect(packed.data_samples.gt_label.label).toEqual([ds.getDataInfo(0).gt_label]);
  });
});

describe('RandomColorShift', () => {
  it('shifts each channel by one offset within max_shift, clamped to 8 bits', () => {
    const data = new Uint8Array([10, 100, 250, 20, 110, 240]);
    const out = new RandomColorShift({ max_shift: 5 }).transform({ img: { data, height: 1, width: 2, channels: 3 } });
    const shifted = (out.img as Img).data;
    for (let c = 0; c < 3; c++) {
      const d0 = (shifted[c] as number) - (data[c] as number);
      expect(Math.abs(d0)).toBeLessThanOrEqual(5);
      expect((shifted[c + 3] as number) - (data[c + 3] as number)).toBe(d0);
    }
  });
});
