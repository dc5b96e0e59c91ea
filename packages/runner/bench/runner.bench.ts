// What the Runner costs per training iteration: the same model, batches and optimizer trained (A) by a hand-written
// loop that calls `model.trainStep` and (B) by a Runner with its default hooks (runtime info, timer, sampler seed,
// logging every 10 iterations, parameter schedulers; checkpoints are per epoch, so outside the timed iterations).
// A B A B rounds in one process; medians with their ranges. The clock of a Runner round starts at the first timed
// iteration's first hook and stops after the last timed iteration's last hook.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BaseModel, MLP } from '@eng/model';
import { buildOptimWrapper } from '@eng/optim';
import { initBackend, setRandomSeed, tf } from '@eng/tensor-gpu';
import { report } from '../../../scripts/bench-utils';
import { Hook, Runner } from '../src/index';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = 20;
const TIMED = Number(process.env.BENCH_ITERS ?? 200);
const BATCH = 64;

const backend = await initBackend();
setRandomSeed(0);
const batches = Array.from({ length: 16 }, (_, i) => ({
  inputs: tf.keep(tf.randomUniform([BATCH, 784], 0, 1, 'float32', i)),
  data_samples: tf.keep(tf.randomUniform([BATCH], 0, 10, 'int32', 100 + i)),
}));
// one pass covers every timed iteration, so no restart (and its warning) falls inside the timing
const loader = {
  length: WARMUP + TIMED + 1,
  async *[Symbol.asyncIterator]() {
    for (let i = 0; i < WARMUP + TIMED + 1; i++) yield batches[i % batches.length];
  },
};

function newModel(): BaseModel {
  setRandomSeed(0);
  return new MLP({ in_features: 784, hidden_channels: [256], num_classes: 10 }) as unknown as BaseModel;
}
const optimCfg = { type: 'OptimWrapper', optimizer: { type: 'SGD', lr: 0.01, momentum: 0.9 } };

async function handLoop(): Promise<number> {
  const model = newModel();
  const wrapper = buildOptimWrapper(model, optimCfg);
  model.train();
  let start = 0;
  for (let i = 0; i < WARMUP + TIMED; i++) {
    if (i === WARMUP) start = performance.now();
    model.trainStep(batches[i % batches.length] as never, wrapper);
  }
  const ms = (performance.now() - start) / TIMED;
  model.dispose();
  wrapper.optimizer.dispose();
  return ms;
}

class Clock extends Hook {
  start = 0;
  end = 0;
  override beforeTrainIter(runner: Runner): void {
    if (runner.iter === WARMUP) this.start = performance.now();
  }
  override afterTrainIter(runner: Runner): void {
    if (runner.iter === WARMUP + TIMED - 1) this.end = performance.now();
  }
}

const workRoot = mkdtempSync(join(tmpdir(), 'eng-runner-bench-'));
process.on('exit', () => rmSync(workRoot, { recursive: true, force: true }));
let round = 0;

async function runnerLoop(): Promise<number> {
  const start = new Clock();
  const end = new Clock();
  start.priority = 'HIGHEST';
  end.priority = 'LOWEST';
  const runner = new Runner({
    model: newModel(),
    work_dir: join(workRoot, `r${round++}`),
    train_dataloader: loader,
    // one iteration after the timed ones: the checkpoint CheckpointHook saves at the last iteration is not timed
    train_cfg: { by_epoch: false, max_iters: WARMUP + TIMED + 1 },
    optim_wrapper: optimCfg,
    default_hooks: { logger: { type: 'LoggerHook', interval: 10 } },
    custom_hooks: [start, end],
    env_cfg: { backend: [backend] },
    randomness: { seed: 0 },
    log_level: 'WARNING',
  });
  await runner.train();
  await runner.close();
  runner.model.dispose();
  return (end.end - start.start) / TIMED;
}

const hand: number[] = [];
const run: number[] = [];
const ratios: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const a = await handLoop();
  const b = await runnerLoop();
  hand.push(a);
  run.push(b);
  ratios.push(b / a);
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  return { median: s[s.length >> 1] as number, min: s[0] as number, max: s.at(-1) as number };
};
const fmt = (s: { median: number; min: number; max: number }, d = 3) =>
  `${s.median.toFixed(d)} [${s.min.toFixed(d)}-${s.max.toFixed(d)}]`;
const h = stats(hand);
const b = stats(run);
const q = stats(ratios);
console.log(
  `MLP 784-256-10, batch ${BATCH}, SGD momentum, ${TIMED} timed iterations after ${WARMUP}, ${ROUNDS} rounds A B A B`,
);
console.log(`  hand-written loop   ${fmt(h)} ms/iter`);
console.log(`  Runner + hooks      ${fmt(b)} ms/iter`);
console.log(`  Runner / hand loop  ${fmt(q)} (per round; goal < 1.03)`);
report('runner', [], {
  backend,
  method: `${ROUNDS} alternated rounds (hand loop, Runner); ${TIMED} timed iterations each after ${WARMUP} warm-up; medians [min-max]`,
  hand_loop_ms_per_iter: h,
  runner_ms_per_iter: b,
  runner_over_hand_loop: q,
});
