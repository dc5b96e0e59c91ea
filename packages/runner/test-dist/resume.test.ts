// Exact resume through the CLI, as a user meets it: `eng train CONFIG` killed with SIGKILL at random moments (inside
// epochs, while checkpoints are written), then `eng train CONFIG --resume` again and again until it finishes. The
// final weights must be bit-identical to those of one uninterrupted run with the same seed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir, packageRoot } from '@eng/test-utils';
import { initBackend } from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointWeights } from './helpers/weights';

const root = packageRoot(import.meta.url);
// ENG_TEST_FROM=source runs src/cli.ts through jiti instead of the build (to try a change without building)
const fromSource = process.env.ENG_TEST_FROM === 'source';
const bin = join(root, fromSource ? 'src/cli.ts' : 'dist/cli.js');
const nodeArgs = fromSource ? ['--conditions=@eng/source', '--import', 'jiti/register'] : [];
const aliases = fromSource
  ? JSON.stringify(
      (await import(join(root, '..', '..', 'scripts', 'source-aliases.mjs'))).sourceAliases(join(root, '..')),
    )
  : undefined;
const dir = freshDir('resume');
const config = join(dir, 'tiny_mnist.json');

// 512 digits in batches of 32 (16 iterations an epoch), 3 epochs; a checkpoint every 5 iterations (so most land
// inside an epoch) and one line per iteration, which the test counts to choose when to kill.
writeFileSync(
  config,
  JSON.stringify({
    model: {
      type: 'SmallCNN',
      channels: [4, 8],
      hidden: 16,
      num_classes: 10,
      data_preprocessor: { type: 'ImgDataPreprocessor', mean: [33.3], std: [78.6] },
    },
    train_dataloader: {
      batch_size: 32,
      sampler: { type: 'DefaultSampler', shuffle: true },
      dataset: {
        type: 'MNIST',
        split: 'train',
        indices: 512,
        pipeline: [{ type: 'RandomFlip', prob: 0.5 }, { type: 'PackInputs' }],
      },
    },
    train_cfg: { by_epoch: true, max_epochs: 3 },
    optim_wrapper: { optimizer: { type: 'Adam', lr: 0.003 } },
    param_scheduler: [{ type: 'MultiStepLR', milestones: [2], gamma: 0.5, by_epoch: true }],
    default_hooks: {
      logger: { type: 'LoggerHook', interval: 1 },
      checkpoint: { type: 'CheckpointHook', interval: 5, by_epoch: false, max_keep_ckpts: 3 },
    },
    env_cfg: { backend: ['wasm', 'cpu'] },
    randomness: { seed: 7, deterministic: true },
  }),
);

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

/**
 * Runs `eng train`; with `killAfterLines`, sends `signal` (SIGKILL by default) that many iteration lines (plus
 * `delayMs`) in.
 */
function train(
  workDir: string,
  extra: string[],
  killAfterLines?: number,
  delayMs = 0,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, bin, 'train', config, '--work-dir', workDir, '--no-progress', ...extra],
      {
        env: { ...process.env, NO_COLOR: '1', ...(aliases ? { JITI_ALIAS: aliases } : {}) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let lines = 0;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      out += text;
      lines += (text.match(/Epoch\(train\)/g) ?? []).length;
      if (killAfterLines !== undefined && lines >= killAfterLines && child.exitCode === null) {
        setTimeout(() => child.kill(signal), delayMs);
        killAfterLines = undefined;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

function lastCheckpoint(workDir: string): string {
  return readFileSync(join(workDir, 'last_checkpoint'), 'utf8').trim();
}

beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});

describe('eng train killed with SIGKILL and resumed', () => {
  it('ends with weights bit-identical to an uninterrupted run', async () => {
    const reference = join(dir, 'reference');
    const straight = await train(reference, []);
    expect(straight.code, straight.out).toBe(0);
    const referenceFile = lastCheckpoint(reference);
    expect(referenceFile).toMatch(/iter_48\.safetensors$/);

    const resumed = join(dir, 'resumed');
    // a seeded choice of kill points, so a failure can be replayed
    let seed = 12345;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let kills = 0;
    let finished: RunResult | undefined;
    for (let attempt = 0; attempt < 12 && finished === undefined; attempt++) {
      const killAt = attempt < 6 ? 2 + next(10) : undefined;
      const result = await train(resumed, attempt === 0 ? [] : ['--resume'], killAt, next(40));
      if (result.signal === 'SIGKILL') {
        kills += 1;
        // whatever last_checkpoint names is always a whole, readable checkpoint
        if (existsSync(join(resumed, 'last_checkpoint'))) await checkpointWeights(lastCheckpoint(resumed));
        continue;
      }
      expect(result.code, result.out).toBe(0);
      finished = result;
    }
    expect(finished, 'the resumed runs never finished').toBeDefined();
    expect(kills).toBeGreaterThanOrEqual(3);
    expect((finished as RunResult).out).toMatch(/resumed epoch: \d+, iter: \d+/);

    const a = await checkpointWeights(referenceFile);
    const b = await checkpointWeights(lastCheckpoint(resumed));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, values] of a) {
      const other = b.get(name) as Float32Array;
      expect(
        Buffer.from(other.buffer, other.byteOffset, other.byteLength).equals(
          Buffer.from(values.buffer, values.byteOffset, values.byteLength),
        ),
        name,
      ).toBe(true);
    }
  }, 300_000);
});

describe('eng train stopped with Ctrl-C (SIGINT)', () => {
  it('stops after the current iteration, saves a checkpoint, exits 130, and --resume finishes the run', async () => {
    const work = join(dir, 'interrupted');
    const stopped = await train(work, [], 6, 0, 'SIGINT');
    expect(stopped.code, stopped.out).toBe(130);
    const saved = stopped.out.match(/saved (\S+iter_(\d+)\.safetensors)/);
    expect(saved, stopped.out).not.toBeNull();
    expect(lastCheckpoint(work)).toBe(saved?.[1]);
    const resumed = await train(work, ['--resume']);
    expect(resumed.code, resumed.out).toBe(0);
    expect(resumed.out).toMatch(new RegExp(`resumed epoch: \\d+, iter: ${saved?.[2]}`));
    expect(lastCheckpoint(work)).toMatch(/iter_48\.safetensors$/);
  }, 120_000);
});
