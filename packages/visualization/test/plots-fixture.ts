// A run folder as the runner leaves it (WORK_DIR/TIMESTAMP/vis_data/scalars.json written by LocalVisBackend, the
// config beside it), with the scalars of a detector-like run: three losses, a cosine lr over four decades, momentum,
// times, grad_norm, and validation metrics of two groups.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalVisBackend } from '../src/index';

export const EPOCHS = 4;
export const ITERS_PER_EPOCH = 25;
export const INTERVAL = 5;

/** The validation lines' values, epoch by epoch: top1 peaks at epoch 3, mAP rises to the end. */
export const VAL = [
  { 'accuracy/top1': 41.5, 'accuracy/top5': 80.25, mAP: 0.125 },
  { 'accuracy/top1': 77.75, 'accuracy/top5': 95.5, mAP: 0.3125 },
  { 'accuracy/top1': 91.375, 'accuracy/top5': 99, mAP: 0.40625 },
  { 'accuracy/top1': 88.0625, 'accuracy/top5': 99.5, mAP: 0.4375 },
];

/** Writes a run under `workDir/runName` and returns its vis_data folder. */
export async function writeRun(
  workDir: string,
  runName: string,
  config = "model = dict(type='MLP')\n",
): Promise<string> {
  const visData = join(workDir, runName, 'vis_data');
  mkdirSync(visData, { recursive: true });
  writeFileSync(join(workDir, runName, `${runName}.log`), 'log\n');
  const backend = new LocalVisBackend({ save_dir: visData });
  const maxIter = EPOCHS * ITERS_PER_EPOCH;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    for (let i = INTERVAL; i <= ITERS_PER_EPOCH; i += INTERVAL) {
      const iter = (epoch - 1) * ITERS_PER_EPOCH + i;
      const t = iter / maxIter;
      const wobble = 0.1 * Math.sin(iter);
      await backend.addScalars(
        {
          lr: 1e-5 + 0.5 * (0.1 - 1e-5) * (1 + Math.cos(Math.PI * t)),
          momentum: 0.9,
          data_time: 0.002 + 0.001 * Math.cos(iter),
          grad_norm: 3 - 2 * t,
          loss: 2.5 * (1 - t) + 0.2 + wobble,
          loss_cls: 1.5 * (1 - t) + 0.1 + wobble / 2,
          loss_bbox: 1.0 * (1 - t) + 0.1 + wobble / 2,
          time: 0.05 + 0.01 * Math.sin(iter / 3),
          epoch,
          iter,
        },
        iter,
      );
    }
    await backend.addScalars({ ...VAL[epoch - 1], data_time: 0.003, time: 0.02 }, epoch);
  }
  await backend.close();
  writeFileSync(join(visData, 'config.py'), config);
  return visData;
}
