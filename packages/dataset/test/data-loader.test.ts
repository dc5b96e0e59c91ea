import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataLoader, type DataLoaderOptions, type DefaultSampler } from '../src';
import './fixtures/loader-fixtures';

const fixtures = fileURLToPath(new URL('./fixtures/loader-fixtures.ts', import.meta.url));
const dataset = (count: number, pipeline: unknown[] = [{ type: 'loader_test.Jitter' }]) => ({
  type: 'loader_test.Numbers',
  count,
  pipeline,
});

async function collect(loader: DataLoader, limit = Number.POSITIVE_INFINITY): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const batch of loader) {
    out.push(batch);
    if (out.length >= limit) break;
  }
  return out;
}

const options = (extra: Partial<DataLoaderOptions> = {}): DataLoaderOptions => ({
  dataset: dataset(23),
  batch_size: 4,
  sampler: { type: 'DefaultSampler', shuffle: true, seed: 5 },
  seed: 17,
  worker_imports: [fixtures],
  ...extra,
});

describe('DataLoader on the main thread', () => {
  it('batches the sampler order, collates with pseudo_collate, and has a length', async () => {
    const loader = new DataLoader(options());
    expect(loader.length).toBe(6);
    const batches = (await collect(loader)) as { value: number[]; jitter: number[] }[];
    expect(batches.length).toBe(6);
    const order = [...(loader.sampler as DefaultSampler)];
    expect(batches.flatMap((b) => b.value)).toEqual(order);
    expect(batches.at(-1)?.value.length).toBe(3);
    expect(new DataLoader(options({ drop_last: true })).length).toBe(5);
    expect((await collect(new DataLoader(options({ drop_last: true })))).length).toBe(5);
  });

  it('replays the same augmentations for the same seed and epoch, and new ones for a new epoch', async () => {
    const a = (await collect(new DataLoader(options()))) as { jitter: number[] }[];
    const b = (await collect(new DataLoader(options()))) as { jitter: number[] }[];
    expect(b).toEqual(a);
    const next = new DataLoader(options());
    next.setEpoch(1);
    const c = (await collect(next)) as { jitter: number[] }[];
    expect(c.flatMap((x) => x.jitter)).not.toEqual(a.flatMap((x) => x.jitter));
  });

  it('builds collate_fn from FUNCTIONS and names a wrong one', async () => {
    const batches = (await collect(new DataLoader(options({ collate_fn: { type: 'default_collate' } })))) as {
      pixels: { shape: number[] };
    }[];
    expect(batches[0]?.pixels.shape).toEqual([4, 2]);
    expect(() => new DataLoader(options({ collate_fn: { type: 'pseudo_colate' } }))).toThrow(
      /Did you mean "pseudo_collate"/,
    );
  });

  it('resumes mid-epoch with exactly the remaining batches', async () => {
    const full = await collect(new DataLoader(options()));
    const first = new DataLoader(options());
    await collect(first, 2);
    const state = JSON.parse(JSON.stringify(first.stateDict()));
    expect(state).toMatchObject({ epoch: 0, seed: 5, position: 8, loader_seed: 17 });
    const resumed = new DataLoader(options({ seed: 99 }));
    resumed.loadStateDict(state);
    expect(await collect(resumed)).toEqual(full.slice(2));
  });

  it('names the sample and the transform that failed', async () => {
    const loader = new DataLoader(
      options({ dataset: dataset(8, [{ type: 'loader_test.FailOn', value: 3 }]), sampler: null }),
    );
    await expect(collect(loader)).rejects.toThrow(
      /failed on sample 3 in transform FailOn: TypeError: cannot process value 3/,
    );
  });

  it('refuses bad options', () => {
    expect(() => new DataLoader(options({ batch_size: 0 }))).toThrow(
      /batch_size should be an integer >= 1, got the number 0/,
    );
    expect(() => new DataLoader(options({ persistent_workers: true }))).toThrow(
      /persistent_workers needs num_workers > 0/,
    );
    expect(() => new DataLoader(options({ sampler: { type: 'DefaultSampler', shufle: true } }))).toThrow(
      /sampler.*Did you mean "shuffle"/s,
    );
  });
});

// Workers here run the TypeScript sources through jiti, which costs each a second or two of start-up: the tests
// share as few pools as they can (test-dist/loader.test.ts runs the built workers).
describe('DataLoader with worker threads', () => {
  it('two workers yield exactly the batches, in the same order, that none yields, epoch after epoch', async () => {
    const loader = new DataLoader(options({ num_workers: 2, persistent_workers: true }));
    const reference = new DataLoader(options());
    const e0 = await collect(loader);
    expect(e0).toEqual(await collect(reference));
    expect(((e0[0] as { pixels: unknown[] }).pixels[0] as unknown) instanceof Float32Array).toBe(true);
    loader.setEpoch(1);
    reference.setEpoch(1);
    const e1 = await collect(loader);
    expect(e1).not.toEqual(e0);
    expect(e1).toEqual(await collect(reference));
    // a persistent pool survives an early break, and close() stops it
    expect((await collect(loader, 1)).length).toBe(1);
    expect((loader as unknown as { _pool?: unknown })._pool).toBeDefined();
    await loader.close();
    expect((loader as unknown as { _pool?: unknown })._pool).toBeUndefined();
    await expect(collect(loader)).rejects.toThrow(/iterated after close\(\)/);
    // 4 epochs through 2 pools started from the sources: on a loaded 2-core CI machine this took over 60 s once
  }, 180_000);

  it('a failing worker names the sample and transform, and the loader shuts down', async () => {
    const loader = new DataLoader(
      options({ num_workers: 1, dataset: dataset(12, [{ type: 'loader_test.FailOn', value: 5 }]), sampler: null }),
    );
    const error = await collect(loader).catch((e: unknown) => e as Error);
    expect(String(error)).toMatch(
      /DatasetError: a data loader worker failed on sample 5 in transform FailOn: TypeError: cannot process value 5/,
    );
    expect((error as { code?: string }).code).toBe('WORKER_FAILED');
    expect((loader as unknown as { _pool?: unknown })._pool).toBeUndefined();
  }, 60_000);

  it('an early break stops a pool that is not persistent', async () => {
    const loader = new DataLoader(options({ num_workers: 1 }));
    expect((await collect(loader, 1)).length).toBe(1);
    expect((loader as unknown as { _pool?: unknown })._pool).toBeUndefined();
  }, 60_000);

  it('a dataset object the workers cannot rebuild is refused with the fix', async () => {
    const loader = new DataLoader({ dataset: { length: 3, getItem: (i: number) => i }, num_workers: 1 });
    await expect(collect(loader)).rejects.toThrow(/pass the dataset to the DataLoader as a config/);
  });
});
