// One round of bench/data-parallel.bench.ts: trains the digits demo's SmallCNN on MNIST with a Runner, as one
// process (argv[2] 'none') or as one rank of `mpirun -np N` ('mpi'), and prints `RESULT <rank> <json>` with the
// steady-state samples per second of the whole job and what the gradient exchange cost per step.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url, { alias: JSON.parse(process.env.JITI_ALIAS ?? '{}') });
const { Hook, Runner } = await jiti.import('@eng/runner');
// the digits demo's model, from its config
const { model } = (await jiti.import('../../../examples/train-digits/configs/_base_/models/small_cnn.ts')).default;

const launcher = process.argv[2] ?? 'none';
const samples = Number(process.argv[3] ?? 12800);
const WARMUP = 20;
const BATCH = 64;

class Clock extends Hook {
  priority = 'LOWEST';
  start = 0;
  end = 0;
  timed = 0;
  comm = 0;
  pack = 0;
  afterTrainIter(runner) {
    const stats = runner.model.gradientSyncStats;
    if (runner.iter + 1 === WARMUP) {
      this.start = performance.now();
      this.comm = stats?.communicationMs ?? 0;
      this.pack = stats?.packingMs ?? 0;
    } else if (runner.iter + 1 > WARMUP) {
      this.end = performance.now();
      this.timed += 1;
    }
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'eng-bench-ddp-'));
const clock = new Clock();
const runner = new Runner({
  launcher,
  model,
  work_dir: workDir,
  train_dataloader: {
    batch_size: BATCH,
    sampler: { type: 'DefaultSampler', shuffle: true },
    dataset: { type: 'MNIST', split: 'train', indices: samples, pipeline: [{ type: 'PackInputs' }] },
  },
  train_cfg: { by_epoch: true, max_epochs: 1 },
  optim_wrapper: { optimizer: { type: 'Adam', lr: 2e-3 } },
  default_hooks: { checkpoint: null, logger: { type: 'LoggerHook', interval: 1000 } },
  custom_hooks: [clock],
  env_cfg: { backend: ['wasm', 'cpu'], plot_curves: false },
  visualizer: { type: 'Visualizer', vis_backends: [] },
  randomness: { seed: 0 },
  log_level: 'WARNING',
});
await runner.train();
const stats = runner.model.gradientSyncStats;
const seconds = (clock.end - clock.start) / 1000;
const result = {
  worldSize: runner.worldSize,
  steps: clock.timed,
  samplesPerSecond: (clock.timed * BATCH * runner.worldSize) / seconds,
  msPerStep: (seconds * 1000) / clock.timed,
  allreduceMsPerStep: stats ? (stats.communicationMs - clock.comm) / clock.timed : 0,
  packingMsPerStep: stats ? (stats.packingMs - clock.pack) / clock.timed : 0,
  allreducesPerStep: stats ? stats.allreduces / stats.steps : 0,
  elementsPerStep: stats?.elementsPerStep ?? 0,
};
console.log(`RESULT ${runner.rank} ${JSON.stringify(result)}`);
await runner.close();
rmSync(workDir, { recursive: true, force: true });
