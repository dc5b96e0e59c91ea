// What logging and drawing cost, each against a baseline run in the same rounds (A B A B, medians with ranges):
// - scalars: TensorboardVisBackend (protobuf + CRC32C + TFRecord) against LocalVisBackend (one JSON line), per
//   addScalars call of the six scalars a LoggerHook line holds, written to a temporary folder and closed;
// - drawing: 10 boxes, 10 labels with boxes behind them and a mask on a 224x224 image, then getImage, against
//   encoding that image as a PNG (what storing any drawing costs anyway).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@eng/tensor-gpu';
import { formatRange, interleave, ratioOf, report, summarize } from '../../../scripts/bench-utils';
import { LocalVisBackend, TensorboardVisBackend, Visualizer } from '../src/index';
import { encodePng } from '../src/image/encode-png';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const STEPS = 500;
const DRAWS = 20;

await initBackend({ prefer: ['cpu'] });
const root = mkdtempSync(join(tmpdir(), 'eng-vis-bench-'));
let runs = 0;

async function scalars(make: (dir: string) => LocalVisBackend | TensorboardVisBackend): Promise<number> {
  const backend = make(join(root, `run${runs++}`));
  const start = performance.now();
  for (let step = 1; step <= STEPS; step++) {
    await backend.addScalars({ lr: 0.001, data_time: 0.001, time: 0.01, loss: 1 / step, epoch: 1, iter: step }, step);
  }
  await backend.close();
  return ((performance.now() - start) / STEPS) * 1000; // µs per call
}

const image = { data: new Uint8Array(224 * 224 * 3).fill(90), width: 224, height: 224, channels: 3 as const };
const mask = { data: new Uint8Array(224 * 224).fill(1, 100 * 224, 160 * 224), width: 224, height: 224 };
const boxes = Array.from({ length: 10 }, (_, i) => [5 + i * 20, 10 + i * 5, 25 + i * 20, 60 + i * 10]);
const vis = new Visualizer({ name: 'bench' });

function drawing(): number {
  const start = performance.now();
  for (let i = 0; i < DRAWS; i++) {
    vis.setImage(image);
    vis
      .drawBboxes(boxes, { edge_colors: 'red' })
      .drawTexts(
        boxes.map((_, k) => `class ${k}`),
        boxes.map(([x1 = 0, y1 = 0]) => [x1, y1]),
        { font_sizes: 7, colors: 'white', bboxes: { facecolor: 'black', alpha: 0.6, pad: 0.7 } },
      )
      .drawBinaryMasks(mask, { colors: 'b', alphas: 0.5 });
    vis.getImage();
  }
  return (performance.now() - start) / DRAWS;
}

async function encoding(): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < DRAWS; i++) await encodePng(image);
  return (performance.now() - start) / DRAWS;
}

const figures = await interleave(ROUNDS, {
  local: () => scalars((dir) => new LocalVisBackend({ save_dir: dir })),
  tensorboard: () => scalars((dir) => new TensorboardVisBackend({ save_dir: dir })),
  encode: encoding,
  draw: drawing,
});
rmSync(root, { recursive: true, force: true });

const f = figures as Record<'local' | 'tensorboard' | 'encode' | 'draw', number[]>;
const scalarRatio = ratioOf(f.tensorboard, f.local);
const drawRatio = ratioOf(f.draw, f.encode);
console.log(`\nscalars, µs per addScalars of 6 values (${STEPS} calls a round, ${ROUNDS} rounds A B A B)`);
console.log(`  LocalVisBackend        ${formatRange(summarize(f.local), ' µs')}`);
console.log(
  `  TensorboardVisBackend  ${formatRange(summarize(f.tensorboard), ' µs')}  ratio ${formatRange(scalarRatio, 'x')}`,
);
console.log(`drawing on 224x224, ms per image (${DRAWS} a round)`);
console.log(`  encode PNG (baseline)  ${formatRange(summarize(f.encode), ' ms')}`);
console.log(
  `  10 boxes + 10 labels + mask + getImage  ${formatRange(summarize(f.draw), ' ms')}  ratio ${formatRange(drawRatio, 'x')}`,
);
report('visualization', [], {
  method: `${ROUNDS} alternated rounds; medians [min-max]`,
  scalars: {
    unit: 'µs per call',
    local: summarize(f.local),
    tensorboard: summarize(f.tensorboard),
    ratio: scalarRatio,
  },
  drawing: { unit: 'ms per image', encodePng: summarize(f.encode), draw: summarize(f.draw), ratio: drawRatio },
});
