// MMDistributedDataParallel and its gradient buckets in one process (world size 1); the averaging across ranks is
// tested under mpirun by @eng/runner's test-dist/distributed.test.ts (2 ranks against 1 process of twice the batch).
import { MODEL_WRAPPERS, RegistryError } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { isModelWrapper, Linear, MLP, MMDistributedDataParallel, unwrapModel } from '../src';
import { GradientBuckets } from '../src/wrappers/gradient-buckets';
import { inlineSgd } from '../src/test/inline-sgd';

const mlp = () => new MLP({ in_features: 4, hidden_channels: [3], num_classes: 2 });

describe('MMDistributedDataParallel', () => {
  it('is built by MODEL_WRAPPERS around a model or its config, which it holds as `module`', () => {
    const model = mlp();
    const ddp = MODEL_WRAPPERS.build({ type: 'MMDistributedDataParallel', module: model }) as MMDistributedDataParallel;
    expect(ddp.module).toBe(model);
    expect(isModelWrapper(ddp)).toBe(true);
    expect(isModelWrapper(model)).toBe(false);
    expect(unwrapModel(ddp)).toBe(model);
    expect(unwrapModel(model)).toBe(model);
    // PyTorch's layout: the wrapper's state dict is the model's under `module.`
    expect(Object.keys(ddp.stateDict()).sort()).toEqual(
      Object.keys(model.stateDict())
        .map((k) => `module.${k}`)
        .sort(),
    );
    const fromCfg = new MMDistributedDataParallel({ module: { type: 'MLP', in_features: 4, num_classes: 2 } });
    expect(fromCfg.module).toBeInstanceOf(MLP);
    expect(fromCfg.broadcastBuffers).toBe(true);
  });

  it('refuses a module without steps and misspelt options, naming the nearest', () => {
    expect(() => new MMDistributedDataParallel({ module: new Linear({ in_features: 1, out_features: 1 }) })).toThrow(
      /needs a "module" with trainStep/,
    );
    let error: unknown;
    try {
      MODEL_WRAPPERS.build({ type: 'MMDistributedDataParallel', module: mlp(), bucket_cap_md: 5 });
    } catch (e) {
      error = e;
    }
    expect(RegistryError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/bucket_cap_md.*bucket_cap_mb/s);
  });

  it('trains through the model own trainStep and predicts through its valStep', () => {
    const ddp = new MMDistributedDataParallel({ module: mlp() });
    const sgd = inlineSgd(ddp.module, 0.1);
    const batch = {
      inputs: tf.randomNormal([6, 4]),
      data_samples: [0, 1, 0, 1, 1, 0].map((gt_label) => ({ gt_label })),
    };
    const vars = ddp.trainStep(batch, sgd) as Record<string, number>;
    expect(sgd.steps).toBe(1);
    expect(vars.loss).toBeGreaterThan(0);
    expect((ddp.valStep(batch) as unknown[]).length).toBe(6);
    tf.dispose(batch.inputs);
  });
});

describe('GradientBuckets', () => {
  const vars = [tf.variable(tf.ones([3])), tf.variable(tf.ones([2, 2])), tf.variable(tf.ones([5]))];

  it('packs the gradients into buckets of at most bucketBytes and gives back the (one-process) average', () => {
    const buckets = new GradientBuckets(6 * 4); // 6 floats a bucket
    const grads = new Map(vars.map((v, i) => [v, tf.fill(v.shape, i + 1)] as [tf.Variable, tf.Tensor]));
    const out = buckets.reduce(vars, grads);
    // reverse order: [5] alone (5 floats), then [2,2] (4) and [3] (3) do not fit together: 3 buckets
    expect(buckets.stats.allreduces).toBe(3);
    // 12 gradient elements and one flag per variable
    expect(buckets.stats.elementsPerStep).toBe(12 + 3);
    expect(buckets.stats.steps).toBe(1);
    vars.forEach((v, i) => {
      expect(out.get(v)?.shape).toEqual(v.shape);
      expect([...(out.get(v)?.dataSync() ?? [])]).toEqual(new Array(v.size).fill(i + 1));
    });
    tf.dispose([...grads.values(), ...out.values()]);
  });

  it('leaves a variable no process had a gradient for without one, and names it as unused', () => {
    const buckets = new GradientBuckets(25 * 1024 * 1024);
    const grads = new Map<tf.Variable, tf.Tensor>([[vars[0] as tf.Variable, tf.ones([3])]]);
    const out = buckets.reduce(vars, grads);
    expect([...out.keys()]).toEqual([vars[0]]);
    expect(buckets.unused).toEqual([vars[2], vars[1]]);
    expect(buckets.stats.allreduces).toBe(1);
    tf.dispose([...grads.values(), ...out.values()]);
  });
});
