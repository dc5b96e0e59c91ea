// `eng train`, `eng test` and `eng registry` run in-process through `main(argv, io)`: arguments, help, errors a
// user can act on, the work dir MMEngine's tools/train.py picks, resume, and a whole run of a tiny config.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config } from '@eng/config';
import { initBackend } from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index';
import { chooseWorkDir } from '../src/cli/train-options';

function capture() {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), 'eng-cli-train-'));

/** A config that trains the bundled MLP on 256 MNIST digits for one epoch and tests on 200. */
function tinyConfig(name = 'tiny.json', extra: Record<string, unknown> = {}): string {
  const data = (split: string, indices: number) => ({
    batch_size: 64,
    sampler: { type: 'DefaultSampler', shuffle: split === 'train' },
    dataset: { type: 'MNIST', split, indices, pipeline: [{ type: 'PackInputs' }] },
  });
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      model: {
        type: 'MLP',
        in_features: 784,
        hidden_channels: [32],
        num_classes: 10,
        data_preprocessor: { type: 'ImgDataPreprocessor', mean: [33.3], std: [78.6] },
      },
      train_dataloader: data('train', 256),
      train_cfg: { by_epoch: true, max_epochs: 1 },
      optim_wrapper: { optimizer: { type: 'Adam', lr: 0.003 } },
      val_dataloader: data('test', 200),
      val_cfg: {},
      val_evaluator: { type: 'Accuracy' },
      test_dataloader: data('test', 200),
      test_cfg: {},
      test_evaluator: { type: 'Accuracy' },
      env_cfg: { backend: ['cpu'] },
      randomness: { seed: 0 },
      log_level: 'WARNING',
      ...extra,
    }),
  );
  return file;
}

beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});

describe('eng train: arguments', () => {
  it('--help lists every option', async () => {
    const io = capture();
    expect(await main(['train', '--help'], io)).toBe(0);
    for (const flag of ['--work-dir', '--resume', '--cfg-options', '--launcher', '--no-progress'])
      expect(io.stdout).toContain(flag);
  });

  it('a mistyped option gets the nearest one, exit code 2', async () => {
    const io = capture();
    expect(await main(['train', 'x.ts', '--work-dri', 'd'], io)).toBe(2);
    expect(io.stderr).toMatch(/unknown option --work-dri\. Did you mean "--work-dir"\?/);
  });

  it('a missing config file names it, exit code 1', async () => {
    const io = capture();
    expect(await main(['train', join(dir, 'nope.ts')], io)).toBe(1);
    expect(io.stderr).toContain('nope.ts');
  });

  it('a misspelt top-level key stops the run before training, naming the nearest key', async () => {
    const io = capture();
    const file = tinyConfig('typo.json', { trian_cfg: { max_epochs: 1 } });
    expect(await main(['train', file, '--no-progress'], io)).toBe(1);
    expect(io.stderr).toMatch(/unknown top-level key "trian_cfg"; did you mean "train_cfg"\?/);
  });

  it('the work dir: --work-dir, else the config, else ./work_dirs/<config name>', () => {
    expect(chooseWorkDir(new Config({}), '/a/b/faster_rcnn.ts', 'out')).toBe('out');
    expect(chooseWorkDir(new Config({ work_dir: 'mine' }), '/a/b/faster_rcnn.ts', undefined)).toBe('mine');
    expect(chooseWorkDir(new Config({}), '/a/b/faster_rcnn.ts', undefined)).toBe(join('.', 'work_dirs', 'faster_rcnn'));
  });

  it('--launcher names the valid launchers; --nproc wants a whole number and no other launcher', async () => {
    const io = capture();
    expect(await main(['train', tinyConfig(), '--launcher', 'mpl', '--work-dir', join(dir, 'mpi')], io)).toBe(1);
    expect(io.stderr).toMatch(/launcher should be one of "none", "mpi", "slurm".*Did you mean "mpi"/);
    const bad = capture();
    expect(await main(['train', tinyConfig(), '--nproc', 'two'], bad)).toBe(2);
    expect(bad.stderr).toMatch(/--nproc expects a whole number of processes >= 1, got "two"/);
    const both = capture();
    expect(await main(['train', tinyConfig(), '--nproc', '2', '--launcher', 'slurm'], both)).toBe(2);
    expect(both.stderr).toMatch(/--nproc starts the ranks with mpirun.*leave out --launcher slurm/);
  });

  it('--nproc without Open MPI says what to install', async () => {
    const io = capture();
    const saved = process.env.ENG_MPIRUN;
    process.env.ENG_MPIRUN = join(dir, 'no-such-mpirun');
    try {
      expect(await main(['train', tinyConfig(), '--nproc', '2'], io)).toBe(127);
    } finally {
      if (saved === undefined) delete process.env.ENG_MPIRUN;
      else process.env.ENG_MPIRUN = saved;
    }
    expect(io.stderr).toMatch(/--nproc needs Open MPI's mpirun.*apt-get install openmpi-bin libopenmpi-dev/);
  });
});

describe('eng train and eng test: a whole run', () => {
  it('trains, prints the final metrics and where things are, resumes, and tests a checkpoint', async () => {
    const work = join(dir, 'run');
    const io = capture();
    expect(await main(['train', tinyConfig(), '--work-dir', work, '--no-progress'], io), io.stderr).toBe(0);
    expect(io.stdout).toMatch(/Final validation: accuracy\/top1: \d+\.\d{4}/);
    expect(io.stdout).toMatch(/Log: +.*\.log/);
    expect(io.stdout).toContain(`Checkpoints: ${work}`);
    const last = readFileSync(join(work, 'last_checkpoint'), 'utf8');
    expect(last).toBe(join(work, 'epoch_1.safetensors'));

    // --resume with more epochs continues from epoch 1
    const again = capture();
    expect(
      await main(
        [
          'train',
          tinyConfig(),
          '--work-dir',
          work,
          '--resume',
          '--no-progress',
          '--cfg-options',
          'train_cfg.max_epochs=2',
          'log_level=INFO',
        ],
        again,
      ),
      again.stderr,
    ).toBe(0);
    expect(existsSync(join(work, 'epoch_2.safetensors'))).toBe(true);
    const log = readFileSync(again.stdout.match(/Log: +(.*\.log)/)?.[1] as string, 'utf8');
    expect(log).toMatch(/resumed epoch: 1, iter: 4/);

    const tested = capture();
    expect(
      await main(
        [
          'test',
          tinyConfig(),
          '--checkpoint',
          join(work, 'epoch_2.safetensors'),
          '--work-dir',
          work,
          '--out',
          join(work, 'preds.json'),
        ],
        tested,
      ),
      tested.stderr,
    ).toBe(0);
    expect(tested.stdout).toMatch(/accuracy\/top1: \d+/);
    expect(JSON.parse(readFileSync(join(work, 'preds.json'), 'utf8'))).toHaveLength(200);
  }, 120_000);

  it('eng test without --checkpoint explains what it needs', async () => {
    const io = capture();
    expect(await main(['test', tinyConfig()], io)).toBe(2);
    expect(io.stderr).toMatch(/expected CONFIG and --checkpoint CKPT/);
  });
});

describe('eng registry', () => {
  it('prints the tree with scopes and names, filtered by registry or scope', async () => {
    const io = capture();
    expect(await main(['registry', '--registry', 'HOOKS'], io)).toBe(0);
    expect(io.stdout).toMatch(/^HOOKS:\nhook \(scope eng, \d+ modules\)\n {2}.*CheckpointHook/);
    const none = capture();
    expect(await main(['registry', '--scope', 'nosuch'], none)).toBe(2);
    expect(none.stderr).toContain('no registry has scope "nosuch"');
    const bad = capture();
    expect(await main(['registry', '--registry', 'MODLES'], bad)).toBe(2);
    expect(bad.stderr).toMatch(/Did you mean "MODELS"/);
  });

  it('--import resolves a module from the working directory before printing', async () => {
    const io = capture();
    const status = await main(['registry', '--import', './test/fixtures/custom-hook.mjs', '--registry', 'HOOKS'], io);
    expect(io.stderr).toBe('');
    expect(status).toBe(0);
    expect(io.stdout).toContain('FixtureCountingHook');
  });
});
