// The logging path of one training iteration: the hooks' MessageHub updates (lr, data_time, loss, time, iter),
// the LogProcessor's windowed statistics every iteration, and a formatted, printed line every 10 iterations,
// measured beside an empty loop body. Run with `pnpm bench` in packages/logging.
import { compare, measure, report } from '../../../scripts/bench-utils';
import { LogProcessor, MessageHub, MMLogger, type RunnerLike } from '../src/index';

/** One step of the demo model takes about this long (the budget: logging takes under 1% of it). */
const TRAINING_STEP_MS = 16;
const LOG_INTERVAL = 10;

const hub = MessageHub.getInstance('bench');
const logger = MMLogger.getInstance('bench', { stream: { write: () => true }, rank: 0 });
const runner: RunnerLike = {
  messageHub: hub,
  iter: 0,
  epoch: 0,
  maxIters: 1_000_000,
  maxEpochs: 12,
  trainLoop: { dataloader: { length: 1563 } },
};
const processor = new LogProcessor({
  window_size: 10,
  custom_cfg: [{ data_src: 'loss', log_name: 'loss_global', method_name: 'mean', window_size: 'global' }],
});
const windowed = processor.parseWindowSize(runner, 0, []);

let iteration = 0;
let emptyCount = 0;
let sink = 0;

function emptyIteration(): void {
  emptyCount++;
  sink += emptyCount & 1;
}

function loggingIteration(): void {
  const i = iteration++;
  runner.iter = i;
  const batchIdx = i % 1563;
  hub.updateScalar('train/lr', 1e-3 * (1 - i / 1e6));
  hub.updateScalar('train/data_time', 0.006 + (i % 7) * 1e-4);
  hub.updateScalars({ 'train/loss': 1 / (1 + i * 1e-3), 'train/loss_cls': 0.5 / (1 + i * 1e-3) });
  hub.updateScalar('train/time', 0.095 + (i % 5) * 1e-3);
  hub.updateInfo('iter', i);
  hub.updateInfo('eta', (1e6 - i) * 0.1);
  // What the hooks read every iteration: the windowed statistics of this mode.
  sink += processor.collectScalars(windowed, runner, 'train')['loss'] as number;
  if ((i + 1) % LOG_INTERVAL === 0) {
    const [, line] = processor.getLogAfterIter(runner, batchIdx, 'train');
    logger.info(line);
  }
}

const updatesHub = MessageHub.getInstance('bench-updates');
let j = 0;
function updatesOnly(): void {
  const i = j++;
  updatesHub.updateScalar('train/lr', 1e-3);
  updatesHub.updateScalar('train/data_time', 0.006 + (i % 7) * 1e-4);
  updatesHub.updateScalars({ 'train/loss': 1 / (1 + i * 1e-3), 'train/loss_cls': 0.5 / (1 + i * 1e-3) });
  updatesHub.updateScalar('train/time', 0.095);
  updatesHub.updateInfo('iter', i);
}

const budget = Number(process.env.BENCH_BUDGET_MS ?? 1500);
const baseline = await measure('empty loop body', emptyIteration, budget);
const updates = compare(await measure('MessageHub updates only', updatesOnly, budget), baseline);
const subject = await measure('logging path of one training iteration', loggingIteration, budget);
const row = compare(subject, baseline);
const perIterUs = (subject.msPerOp - baseline.msPerOp) * 1000;
const shareOfStep = (perIterUs / 1000 / TRAINING_STEP_MS) * 100;

report('logging', [baseline, updates, row], {
  loggedIterations: iteration,
  perIterationMicroseconds: perIterUs,
  trainingStepMs: TRAINING_STEP_MS,
  shareOfTrainingStepPercent: shareOfStep,
  logInterval: LOG_INTERVAL,
});
console.log(
  `  logging costs ${perIterUs.toFixed(2)} us per iteration = ${shareOfStep.toFixed(3)}% of a ${TRAINING_STEP_MS} ms step (target < 1%)`,
);
if (sink === Number.NEGATIVE_INFINITY) console.log(sink);
