// Importing the package tells @eng/registry's root registries what they build (RootRegistryBuilds).
import { DATA_SAMPLERS, DATASETS, TRANSFORMS } from '@eng/registry';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  BaseTransform,
  DataLoaderOptions,
  DatasetLike,
  DefaultSampler,
  MNIST,
  Results,
  SamplerLike,
  TransformContext,
} from '../src';
import { DataLoader, DefaultSampler as Sampler, MNIST as Mnist } from '../src';

describe('the registries @eng/dataset fills build typed objects without a cast', () => {
  it('DATASETS builds a DatasetLike; naming the class gives the class', () => {
    expectTypeOf(DATASETS.build({ type: 'BaseDataset', ann_file: 'a.json' })).toEqualTypeOf<DatasetLike>();
    expectTypeOf(DATASETS.build<MNIST>({ type: 'MNIST', split: 'test' })).toEqualTypeOf<MNIST>();
  });

  it('DATA_SAMPLERS builds a SamplerLike, TRANSFORMS a BaseTransform', () => {
    expectTypeOf(
      DATA_SAMPLERS.build({ type: 'DefaultSampler' }, { dataset: { length: 1 } }),
    ).toEqualTypeOf<SamplerLike>();
    expectTypeOf(TRANSFORMS.build({ type: 'Resize', scale: [32, 32] })).toEqualTypeOf<BaseTransform>();
  });
});

describe('options are checked by the compiler', () => {
  it('a sampler and a dataset take their MMEngine options', () => {
    new Sampler({ dataset: { length: 3 }, shuffle: false, round_up: true });
    // @ts-expect-error: a misspelt option
    new Sampler({ dataset: { length: 3 }, shufle: false });
    new Mnist({ split: 'test' });
    // @ts-expect-error: MNIST has no ann_file
    new Mnist({ ann_file: 'x' });
    expectTypeOf<DefaultSampler['stateDict']>().returns.toEqualTypeOf<{
      epoch: number;
      seed: number;
      position: number;
      world_size?: number;
    }>();
  });

  it('a DataLoader takes a dataset object or config, and a pipeline step is typed', () => {
    const options: DataLoaderOptions = { dataset: { type: 'MNIST' }, batch_size: 8, num_workers: 2 };
    new DataLoader(options);
    // @ts-expect-error: batch_size is a number
    new DataLoader({ dataset: { type: 'MNIST' }, batch_size: '8' });
    const step = (results: Results, context: TransformContext) => ({ ...results, u: context.random.random() });
    expectTypeOf(step).toMatchTypeOf<(r: Results, c: TransformContext) => Results>();
  });
});
