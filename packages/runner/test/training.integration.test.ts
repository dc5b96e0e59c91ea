// An end-to-end training run through configs and registries only, the way the runner will drive it:
// a TS config file -> Config (+ --cfg-options) -> MODELS / buildOptimWrapper / PARAM_SCHEDULERS -> trainStep loop,
// with losses and learning rates in a MessageHub, then a checkpoint-style state round trip that resumes exactly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config, parseCfgOptions } from '@eng/config';
import { MessageHub } from '@eng/logging';
import { BaseModel, type BaseModule, buildModelFromCfg, type ForwardMode, Linear } from '@eng/model';
import {
  buildOptimWrapper,
  DefaultOptimWrapperConstructor,
  type OptimWrapper,
  OptimWrapperDict,
  type ParamModule,
} from '@eng/optim';
import { MODELS, OPTIM_WRAPPER_CONSTRUCTORS, PARAM_SCHEDULERS } from '@eng/registry';
import { initBackend, setRandomSeed, tf } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Scheduler {
  step(): void;
  stateDict(): Record<string, unknown>;
  loadStateDict(state: Record<string, unknown>): void;
}
type Batch = { inputs: tf.Tensor2D; data_samples: number[] };
type TrainableModel = BaseModule & {
  trainStep(data: Batch, optimWrapper: OptimWrapper): Record<string, number>;
};

const CONFIG_TS = `
export default {
  model: { type: 'MLP', in_features: 2, hidden_channels: [16], num_classes: 2 },
  optim_wrapper: {
    type: 'OptimWrapper',
    optimizer: { type: 'SGD', lr: 0.05, momentum: 0.9 },
    clip_grad: { max_norm: 5 },
  },
  param_scheduler: [
    { type: 'LinearLR', start_factor: 0.1, by_epoch: false, begin: 0, end: 5 },
    { type: 'MultiStepLR', by_epoch: false, milestones: [15, 25], gamma: 0.1 },
  ],
  train_cfg: { max_iters: 30 },
};
`;
const BASE_LR = 0.1; // set by --cfg-options below
const ITERS = 30;
const RESUME_AT = 12; // before the first MultiStepLR milestone, while the loss is still moving

/** The learning rate of iteration i: LinearLR warm-up over 4 steps (end - begin - 1), then x0.1 at 15 and 25. */
function expectedLr(i: number): number {
  const warmup = 0.1 + (0.9 * Math.min(i, 4)) / 4;
  return BASE_LR * warmup * (i >= 15 ? 0.1 : 1) * (i >= 25 ? 0.1 : 1);
}

/** Two Gaussian blobs around (-1, -1) and (1, 1), split into 4 fixed batches of 16. */
function makeBatches(): Batch[] {
  return Array.from({ length: 4 }, (_, b) => {
    const labels = Array.from({ length: 16 }, (_, i) => (i + b) % 2);
    const inputs = tf.tidy(() => {
      const centers = tf.tensor2d(labels.map((l) => (l === 1 ? [1, 1] : [-1, -1])));
      return tf.add(centers, tf.randomNormal([16, 2], 0, 0.5, 'float32', 100 + b)) as tf.Tensor2D;
    });
    return { inputs, data_samples: labels };
  });
}

let dir: string;
let cfg: Record<string, unknown>;
let batches: Batch[];

beforeAll(async () => {
  // wasm is the fast portable backend; fall back to cpu where its binary cannot load
  await initBackend({ prefer: ['wasm', 'cpu'] });
  dir = mkdtempSync(join(tmpdir(), 'eng-integration-'));
  const file = join(dir, 'mlp_sgd.ts');
  writeFileSync(file, CONFIG_TS);
  const config = await Config.fromFile(file);
  config.mergeFromDict(parseCfgOptions([`optim_wrapper.optimizer.lr=${BASE_LR}`]));
  cfg = config.toDict();
  batches = makeBatches();
});

afterAll(() => {
  tf.dispose(batches.map((b) => b.inputs));
  rmSync(dir, { recursive: true, force: true });
});

function buildAll() {
  const model = MODELS.build(cfg.model as { type: string }) as TrainableModel;
  const optimWrapper = buildOptimWrapper(model, cfg.optim_wrapper as object);
  const schedulers = (cfg.param_scheduler as Array<{ type: string }>).map(
    (c) => PARAM_SCHEDULERS.build(c, { optimizer: optimWrapper }) as Scheduler,
  );
  return { model, optimWrapper, schedulers };
}

function iteration(run: ReturnType<typeof buildAll>, i: number, hub?: MessageHub): { loss: number; lr: number } {
  const lr = run.optimWrapper.getLr().lr[0] as number;
  const { loss } = run.model.trainStep(batches[i % batches.length] as Batch, run.optimWrapper);
  for (const s of run.schedulers) s.step();
  hub?.updateScalar('train/loss', loss as number);
  hub?.updateScalar('train/lr', lr);
  return { loss: loss as number, lr };
}

describe('training through configs and registries', () => {
  it('trains, follows the schedule, keeps memory flat and resumes from state dicts to the same losses', () => {
    expect(cfg.optim_wrapper).toMatchObject({ optimizer: { type: 'SGD', lr: BASE_LR, momentum: 0.9 } });
    setRandomSeed(0);
    const hub = MessageHub.getInstance('eng-integration-train');
    const run = buildAll();
    expect(run.model.constructor.name).toBe('MLP');
    expect(run.optimWrapper.paramGroups[0]).toMatchObject({ momentum: 0.9, weight_decay: 0 });

    const losses: number[] = [];
    const lrs: number[] = [];
    let tensorsAfterWarmup = 0;
    let checkpoint: string | undefined;
    for (let i = 0; i < ITERS; i++) {
      if (i === RESUME_AT) {
        // what a checkpoint holds, made JSON-safe as a file would be
        const modelState = Object.fromEntries(
          Object.entries(run.model.stateDict()).map(([k, v]) => [
            k,
            { shape: v.shape, values: Array.from(v.dataSync()) },
          ]),
        );
        checkpoint = JSON.stringify({
          model: modelState,
          optimizer: run.optimWrapper.stateDict({ asArrays: true }),
          param_schedulers: run.schedulers.map((s) => s.stateDict()),
          message_hub: hub.stateDict(),
        });
      }
      const { loss, lr } = iteration(run, i, hub);
      losses.push(loss);
      lrs.push(lr);
      if (i === 2) tensorsAfterWarmup = tf.memory().numTensors;
    }

    // the loss falls a lot on separable blobs
    expect(losses.every(Number.isFinite)).toBe(true);
    const head = (losses[0] as number) + (losses[1] as number);
    const tail = (losses[ITERS - 2] as number) + (losses[ITERS - 1] as number);
    expect(tail).toBeLessThan(head * 0.25);
    // the schedulers' chain gives the expected per-iteration learning rate
    lrs.forEach((lr, i) => {
      expect(lr, `lr at iteration ${i}`).toBeCloseTo(expectedLr(i), 12);
    });
    // no tensor leaks per iteration
    expect(tf.memory().numTensors).toBe(tensorsAfterWarmup);
    // the message hub saw every iteration, and clip_grad logged the gradient norm there
    expect(hub.getScalar('train/loss').data[0]).toEqual(losses);
    expect(hub.getScalar('train/lr').current()).toBe(lrs[ITERS - 1]);
    expect(hub.getScalar('train/grad_norm').data[0]).toHaveLength(ITERS);

    // resume: new objects built from the same config with another seed, then the saved states loaded in the
    // runner's order (model, optimizer, schedulers), must continue with the very same losses and learning rates
    setRandomSeed(123);
    const saved = JSON.parse(checkpoint as string);
    const resumedHub = MessageHub.getInstance('eng-integration-resumed');
    resumedHub.loadStateDict(saved.message_hub);
    expect(resumedHub.getScalar('train/loss').data[0]).toEqual(losses.slice(0, RESUME_AT));
    const resumed = buildAll();
    const tensors = Object.fromEntries(
      Object.entries(saved.model as Record<string, { shape: number[]; values: number[] }>).map(([k, v]) => [
        k,
        tf.tensor(v.values, v.shape),
      ]),
    );
    resumed.model.loadStateDict(tensors);
    tf.dispose(Object.values(tensors));
    resumed.optimWrapper.loadStateDict(saved.optimizer);
    resumed.schedulers.forEach((s, i) => {
      s.loadStateDict(saved.param_schedulers[i]);
    });
    for (let i = RESUME_AT; i < ITERS; i++) {
      const { loss, lr } = iteration(resumed, i, resumedHub);
      expect(lr, `resumed lr at ${i}`).toBe(lrs[i]);
      // same state, same kernels: the resumed run is bit-for-bit the original one
      expect(loss, `resumed loss at ${i}`).toBe(losses[i]);
    }
    expect(resumedHub.getScalar('train/loss').data[0]).toHaveLength(ITERS);
  });
});

// --- a GAN-style run: two optimizers in an OptimWrapperDict, chosen by config ---

class ToyGAN extends BaseModel {
  generator = new Linear({ in_features: 2, out_features: 2 });
  discriminator = new Linear({ in_features: 2, out_features: 1 });

  override forward(inputs: tf.Tensor, _dataSamples?: unknown, _mode: ForwardMode = 'tensor'): unknown {
    return this.generator.forward(inputs);
  }

  /** The manual's pattern: each sub-wrapper of the OptimWrapperDict updates its own part of the model. */
  ganStep(real: tf.Tensor, noise: tf.Tensor, optims: OptimWrapperDict): { d: number; g: number } {
    const score = (x: tf.Tensor) => tf.sigmoid(this.discriminator.forward(x) as tf.Tensor);
    const eps = 1e-6;
    return tf.tidy(() => {
      const fake = tf.keep(this.generator.forward(noise) as tf.Tensor);
      const d = optims
        .get('discriminator')
        .updateParams(
          () =>
            tf.neg(
              tf.add(tf.mean(tf.log(tf.add(score(real), eps))), tf.mean(tf.log(tf.add(tf.sub(1, score(fake)), eps)))),
            ) as tf.Scalar,
          { variables: [...this.discriminator.parameters()] },
        );
      fake.dispose();
      const g = optims
        .get('generator')
        .updateParams(
          () => tf.neg(tf.mean(tf.log(tf.add(score(this.generator.forward(noise) as tf.Tensor), eps)))) as tf.Scalar,
          { variables: [...this.generator.parameters()] },
        );
      return { d: d.dataSync()[0] as number, g: g.dataSync()[0] as number };
    });
  }
}

/** Builds one optimizer wrapper per sub-module named in the config (what MMagic's multi-optimizer constructor does). */
class GanOptimWrapperConstructor {
  readonly cfg: Record<string, object>;
  constructor(options: { optim_wrapper_cfg: Record<string, object> }) {
    this.cfg = options.optim_wrapper_cfg;
  }
  build(model: ParamModule): OptimWrapperDict {
    const parts = Object.fromEntries(
      Object.entries(this.cfg).map(([name, c]) => [
        name,
        buildOptimWrapper((model as unknown as Record<string, ParamModule>)[name] as ParamModule, c),
      ]),
    );
    return new OptimWrapperDict(parts);
  }
}

describe('GAN-style training through configs', () => {
  it('builds an OptimWrapperDict from config, trains both parts and round-trips its state', async () => {
    MODELS.registerModule({ name: 'IntegrationToyGAN', module: ToyGAN, force: true });
    OPTIM_WRAPPER_CONSTRUCTORS.registerModule({
      name: 'IntegrationGanOptimWrapperConstructor',
      module: GanOptimWrapperConstructor,
      force: true,
    });
    expect(OPTIM_WRAPPER_CONSTRUCTORS.get('DefaultOptimWrapperConstructor')).toBe(DefaultOptimWrapperConstructor);
    const config = await Config.fromString(
      JSON.stringify({
        model: { type: 'IntegrationToyGAN' },
        optim_wrapper: {
          constructor: 'IntegrationGanOptimWrapperConstructor',
          generator: { optimizer: { type: 'Adam', lr: 0.01, betas: [0.5, 0.999] } },
          discriminator: { optimizer: { type: 'SGD', lr: 0.05, momentum: 0.5 } },
        },
      }),
      '.json',
    );
    setRandomSeed(0);
    const model = buildModelFromCfg<ToyGAN>(config.get('model') as Record<string, unknown>);
    const optims = buildOptimWrapper(model, config.toDict().optim_wrapper as object) as unknown as OptimWrapperDict;
    expect(optims).toBeInstanceOf(OptimWrapperDict);
    expect(optims.getLr()).toEqual({ 'generator.lr': [0.01], 'discriminator.lr': [0.05] });
    expect(optims.getMomentum()).toEqual({ 'generator.momentum': [0.5], 'discriminator.momentum': [0.5] });

    const gBefore = Array.from(model.generator.weight.dataSync());
    const dBefore = Array.from(model.discriminator.weight.dataSync());
    const real = tf.randomNormal([16, 2], 2, 0.1, 'float32', 7);
    const noise = tf.randomNormal([16, 2], 0, 1, 'float32', 8);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const { d, g } = model.ganStep(real, noise, optims);
      expect(Number.isFinite(d) && Number.isFinite(g)).toBe(true);
    }
    // Adam and momentum state are created on the first step; nothing else may stay behind
    const stateTensors = optims
      .values()
      .flatMap((w) => [...w.optimizer.state.values()].flatMap((s) => Object.values(s)))
      .filter((v) => v instanceof tf.Tensor).length;
    expect(tf.memory().numTensors).toBe(before + stateTensors);
    expect(Array.from(model.generator.weight.dataSync())).not.toEqual(gBefore);
    expect(Array.from(model.discriminator.weight.dataSync())).not.toEqual(dBefore);

    const state = JSON.parse(JSON.stringify(optims.stateDict({ asArrays: true })));
    expect(Object.keys(state)).toEqual(['generator', 'discriminator']);
    expect(Object.keys(state.generator.state[0])).toEqual(['step', 'exp_avg', 'exp_avg_sq']);
    const fresh = buildOptimWrapper(model, config.toDict().optim_wrapper as object) as unknown as OptimWrapperDict;
    fresh.loadStateDict(state);
    expect(fresh.get('generator').optimizer.state.size).toBe(2);
    tf.dispose([real, noise]);
  });
});
