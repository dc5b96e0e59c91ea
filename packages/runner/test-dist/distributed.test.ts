// Data-parallel training through the built `eng` CLI under `mpirun -np 2` (skipped, naming the packages, where
// Open MPI is missing): equivalence with one process of twice the batch, resume with 2 ranks and with 1, --nproc,
// a failing rank, and SyncBuffersHook.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir, mpirunTestFlags, mpiUnavailable, packageRoot } from '@eng/test-utils';
import { initBackend } from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointWeights } from './helpers/weights';

const why = mpiUnavailable();
if (why) console.warn(`[@eng/runner] skipping the distributed training tests: ${why}`);
const mpi = why ? describe.skip : describe;

const root = packageRoot(import.meta.url);
const bin = join(root, 'bin', 'eng.js');
const parts = join(root, 'test-dist', 'fixtures', 'dist-parts.mjs');
const dir = freshDir('distributed');

/** 512 MNIST digits, 2 epochs; `batch` per rank. SGD with momentum, gradient clipping and accumulation over 2. */
function writeConfig(name: string, extra: Record<string, unknown> = {}): string {
  const data = (split: string, indices: number, batch: number, shuffle: boolean) => ({
    batch_size: batch,
    sampler: { type: 'DefaultSampler', shuffle },
    dataset: { type: 'MNIST', split, indices, pipeline: [{ type: 'PackInputs' }] },
  });
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      custom_imports: { imports: [parts] },
      model: {
        type: 'MLP',
        in_features: 784,
        hidden_channels: [32],
        num_classes: 10,
        data_preprocessor: { type: 'ImgDataPreprocessor', mean: [33.3], std: [78.6] },
      },
      train_dataloader: data('train', 512, 32, true),
      train_cfg: { by_epoch: true, max_epochs: 2 },
      optim_wrapper: {
        optimizer: { type: 'SGD', lr: 0.05, momentum: 0.9, weight_decay: 1e-4 },
        clip_grad: { max_norm: 1.0 },
        accumulative_counts: 2,
      },
      val_dataloader: data('test', 200, 50, false),
      val_cfg: {},
      val_evaluator: { type: 'Accuracy' },
      default_hooks: {
        checkpoint: { type: 'CheckpointHook', interval: 1 },
        logger: { type: 'LoggerHook', interval: 4 },
      },
      env_cfg: { backend: ['wasm', 'cpu'] },
      randomness: { seed: 3 },
      ...extra,
    }),
  );
  return file;
}

interface Run {
  code: number | null;
  out: string;
  ms: number;
}

/** `eng train CONFIG ...args`, under `mpirun -np <np>` with `--launcher mpi` when np is given. */
function engTrain(config: string, args: string[], np?: number, timeoutMs = 120_000): Promise<Run> {
  const command = np === undefined ? process.execPath : 'mpirun';
  const argv = [bin, 'train', config, '--no-progress', ...args, ...(np === undefined ? [] : ['--launcher', 'mpi'])];
  const full = np === undefined ? argv : [...mpirunTestFlags(np), process.execPath, ...argv];
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, full, {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      out += c;
    });
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: performance.now() - start });
    });
  });
}

/** The largest absolute difference between two checkpoints' weights (which must have the same names). */
async function maxDifference(a: string, b: string): Promise<number> {
  const [x, y] = [await checkpointWeights(a), await checkpointWeights(b)];
  expect([...x.keys()].sort()).toEqual([...y.keys()].sort());
  expect(x.size).toBeGreaterThan(0);
  let max = 0;
  for (const [name, values] of x) {
    const other = y.get(name) as Float32Array;
    for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs((values[i] as number) - (other[i] as number)));
  }
  return max;
}

const finalAccuracy = (out: string): string | undefined => /Final validation: accuracy\/top1: ([\d.]+)/.exec(out)?.[1];

beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});

mpi('data-parallel training under mpirun -np 2', () => {
  const config = writeConfig('mlp');
  const twoRanks = join(dir, 'two-ranks');
  const oneProcess = join(dir, 'one-process');

  it('2 ranks of batch 16 end with the weights of 1 process of batch 32 (to 1e-5), and the same accuracy', async () => {
    // SGD with momentum and weight decay, clip_grad (of the averaged gradient) and accumulation over 2 iterations
    const [two, one] = [
      // diff_rank_seed changes each rank's other random streams, never the samplers' shared order
      await engTrain(
        config,
        ['--work-dir', twoRanks, '--cfg-options', 'train_dataloader.batch_size=16', 'randomness.diff_rank_seed=true'],
        2,
      ),
      await engTrain(config, ['--work-dir', oneProcess]),
    ];
    expect(two.code, two.out).toBe(0);
    expect(one.code, one.out).toBe(0);
    // each rank runs half the samples: 256 / 16 iterations an epoch, as the single process does with 512 / 32
    expect(two.out).toContain('Training 2 epochs of 16 iterations');
    expect(one.out).toContain('Training 2 epochs of 16 iterations');
    for (const epoch of [1, 2]) {
      const diff = await maxDifference(
        join(twoRanks, `epoch_${epoch}.safetensors`),
        join(oneProcess, `epoch_${epoch}.safetensors`),
      );
      expect(diff, `epoch ${epoch}`).toBeLessThanOrEqual(1e-5);
    }
    // validation gathers the ranks' predictions (collectResults) and rank 0 scores all 200
    expect(finalAccuracy(two.out)).toBeDefined();
    expect(finalAccuracy(two.out)).toBe(finalAccuracy(one.out));
    // rank 0 alone writes checkpoints, scalars and the console; rank 1 logs to a file of its own
    const [run] = readdirSync(twoRanks).filter((f) => /^\d{8}_\d{6}$/.test(f));
    expect(run).toBeDefined();
    const files = readdirSync(join(twoRanks, run as string));
    expect(files).toContain(`${run}.log`);
    expect(files).toContain(`${run}_rank1.log`);
    expect(readFileSync(join(twoRanks, run as string, `${run}_rank1.log`), 'utf8')).toContain('Epoch(train) [2]');
    expect(two.out.match(/Epoch\(train\) \[1\]\[ 4\/16\]/g)?.length).toBe(1);
  }, 240_000);

  it('resumes a 2-rank checkpoint with 2 ranks (bit-identical) and with 1 process of twice the batch', async () => {
    const resumedTwo = join(dir, 'resumed-two');
    const resumedOne = join(dir, 'resumed-one');
    const from = join(twoRanks, 'epoch_1.safetensors');
    expect(existsSync(from)).toBe(true);
    const two = await engTrain(
      config,
      [
        '--work-dir',
        resumedTwo,
        '--resume',
        from,
        '--cfg-options',
        'train_dataloader.batch_size=16',
        'randomness.diff_rank_seed=true',
      ],
      2,
    );
    expect(two.code, two.out).toBe(0);
    expect(two.out).toContain('resumed epoch: 1, iter: 16');
    expect(await maxDifference(join(resumedTwo, 'epoch_2.safetensors'), join(twoRanks, 'epoch_2.safetensors'))).toBe(0);

    const one = await engTrain(config, ['--work-dir', resumedOne, '--resume', from]);
    expect(one.code, one.out).toBe(0);
    expect(one.out).toContain('resumed epoch: 1, iter: 16');
    const diff = await maxDifference(join(resumedOne, 'epoch_2.safetensors'), join(oneProcess, 'epoch_2.safetensors'));
    expect(diff).toBeLessThanOrEqual(1e-5);
  }, 240_000);

  it('resumes a checkpoint taken inside an epoch by 2 ranks in 1 process, or says why it cannot', async () => {
    const midEpoch = join(dir, 'mid-epoch');
    const two = await engTrain(
      config,
      [
        '--work-dir',
        midEpoch,
        '--cfg-options',
        'train_dataloader.batch_size=16',
        'default_hooks.checkpoint.by_epoch=false',
        'default_hooks.checkpoint.interval=8',
        'train_cfg.max_epochs=1',
      ],
      2,
    );
    expect(two.code, two.out).toBe(0);
    // iteration 8 of 16: 128 samples on each rank, 256 in all, which 1 process of batch 32 continues at batch 8
    const from = join(midEpoch, 'iter_8.safetensors');
    const resumed = join(dir, 'mid-epoch-one');
    const one = await engTrain(config, ['--work-dir', resumed, '--resume', from]);
    expect(one.code, one.out).toBe(0);
    expect(one.out).toContain('resumed epoch: 0, iter: 8');
    const diff = await maxDifference(join(resumed, 'epoch_2.safetensors'), join(oneProcess, 'epoch_2.safetensors'));
    expect(diff).toBeLessThanOrEqual(1e-5);
    const uneven = await engTrain(config, [
      '--work-dir',
      join(dir, 'mid-epoch-uneven'),
      '--resume',
      from,
      '--cfg-options',
      'train_dataloader.batch_size=48',
    ]);
    expect(uneven.code).toBe(1);
    expect(uneven.out).toMatch(
      /taken by 2 processes after 256 samples of epoch 1, which 1 process\(es\) of batch 48 cannot continue exactly; resume from a checkpoint taken at the end of an epoch/,
    );
  }, 240_000);

  it('eng train --nproc 2 starts mpirun itself', async () => {
    const workDir = join(dir, 'nproc');
    const run = await engTrain(config, [
      '--work-dir',
      workDir,
      '--nproc',
      '2',
      '--cfg-options',
      'train_cfg.max_epochs=1',
      'train_dataloader.batch_size=16',
    ]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/starting 2 ranks: mpirun .*-np 2 .* --launcher mpi/);
    expect(run.out).toContain('Training 1 epochs of 16 iterations');
    expect(existsSync(join(workDir, 'epoch_1.safetensors'))).toBe(true);
  }, 120_000);

  it('a rank that throws ends the whole job non-zero, with its error printed, within 60 s', async () => {
    const failing = writeConfig('failing', { custom_hooks: [{ type: 'FailOnRankHook', rank: 1, iter: 2 }] });
    const run = await engTrain(failing, ['--work-dir', join(dir, 'failing')], 2, 90_000);
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.ms).toBeLessThan(60_000);
    expect(run.out).toContain('planned failure on rank 1');
    expect(run.out).toContain('[rank 1] eng train');
  }, 120_000);

  it('SyncBuffersHook makes the batch-norm statistics of the ranks equal after each epoch', async () => {
    const buffers = (out: string, rank: number) =>
      out
        .split('\n')
        .filter((l) => l.startsWith(`BUFFERS ${rank} `))
        .map((l) => l.split(' ').slice(2).join(' '));
    const model = { type: 'BnMLP', data_preprocessor: { type: 'ImgDataPreprocessor', mean: [33.3], std: [78.6] } };
    const hooks = (sync: boolean) => [...(sync ? [{ type: 'SyncBuffersHook' }] : []), { type: 'PrintBuffersHook' }];
    const args = ['--cfg-options', 'train_cfg.max_epochs=1', 'train_dataloader.batch_size=16'];
    const synced = writeConfig('bn-synced', { model, custom_hooks: hooks(true) });
    const unsynced = writeConfig('bn-unsynced', { model, custom_hooks: hooks(false) });
    const a = await engTrain(synced, ['--work-dir', join(dir, 'bn-synced'), ...args], 2);
    const b = await engTrain(unsynced, ['--work-dir', join(dir, 'bn-unsynced'), ...args], 2);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    expect(buffers(a.out, 0)).toHaveLength(1);
    expect(buffers(a.out, 1)).toEqual(buffers(a.out, 0));
    expect(buffers(b.out, 1)).toHaveLength(1);
    expect(buffers(b.out, 1)).not.toEqual(buffers(b.out, 0));
  }, 240_000);
});
