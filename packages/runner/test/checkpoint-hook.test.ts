// CheckpointHook and LoggerHook through real runs of the toy task: the files they leave in the work dir.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exists, getText } from '@eng/fileio';
import { readSafetensorsHeader } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { CheckpointHook, LoggerHook, RunnerError } from '../src/index';
import { newDir, toyLoader, toyRunner } from './helpers/toy';

const ckptFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.safetensors'))
    .sort();

describe('CheckpointHook', () => {
  it('saves every interval epochs and the last, keeps max_keep_ckpts, and names the newest in last_checkpoint', async () => {
    const dir = newDir();
    const runner = toyRunner({
      work_dir: dir,
      train_cfg: { by_epoch: true, max_epochs: 5 },
      default_hooks: { checkpoint: { type: 'CheckpointHook', interval: 2, max_keep_ckpts: 2 } },
    });
    await runner.train();
    // epochs 2 and 4 by the interval, 5 as the last; only the newest two stay
    expect(ckptFiles(dir)).toEqual(['epoch_4.safetensors', 'epoch_5.safetensors']);
    expect(readFileSync(join(dir, 'last_checkpoint'), 'utf8')).toBe(join(dir, 'epoch_5.safetensors'));
    const header = await readSafetensorsHeader(join(dir, 'epoch_5.safetensors'));
    expect(JSON.parse(header.metadata.meta as string)).toMatchObject({ epoch: 5, iter: 25 });
    expect(header.entries.map((e) => e.name)).toContain('state_dict.fc.weight');
    await runner.close();
  }, 60_000);

  it('by iteration: iter_N files, the saved position is the iteration after', async () => {
    const dir = newDir();
    const runner = toyRunner({
      work_dir: dir,
      train_cfg: { by_epoch: true, max_epochs: 2 },
      default_hooks: { checkpoint: { type: 'CheckpointHook', interval: 3, by_epoch: false } },
    });
    await runner.train();
    expect(ckptFiles(dir)).toEqual([
      'iter_10.safetensors',
      'iter_3.safetensors',
      'iter_6.safetensors',
      'iter_9.safetensors',
    ]);
    const meta = JSON.parse((await readSafetensorsHeader(join(dir, 'iter_6.safetensors'))).metadata.meta as string);
    // iteration 6 ends batch 0 of epoch 2 (5 batches an epoch): a resume continues at batch 1 of that epoch
    expect(meta.loop).toEqual({ epoch: 1, iter: 6, batch_in_epoch: 1 });
    await runner.close();
  }, 60_000);

  it("save_best: keeps the best by a metric (rule from the key's name), removes the previous best", async () => {
    const dir = newDir();
    const runner = toyRunner({
      work_dir: dir,
      train_cfg: { by_epoch: true, max_epochs: 4 },
      default_hooks: {
        checkpoint: { type: 'CheckpointHook', interval: 1, max_keep_ckpts: 1, save_best: 'mae', rule: 'less' },
      },
    });
    await runner.train();
    const best = ckptFiles(dir).filter((f) => f.startsWith('best_'));
    expect(best).toHaveLength(1);
    expect(best[0]).toMatch(/^best_mae_epoch_\d\.safetensors$/);
    expect(runner.messageHub.getInfo('best_ckpt')).toBe(join(dir, best[0] as string));
    expect(typeof runner.messageHub.getInfo('best_score')).toBe('number');
    await runner.close();
  }, 60_000);

  it('writes to another backend with out_dir (memory://), last_checkpoint still in the work dir', async () => {
    const dir = newDir();
    const runner = toyRunner({
      work_dir: dir,
      train_cfg: { by_epoch: true, max_epochs: 1 },
      default_hooks: { checkpoint: { type: 'CheckpointHook', interval: 1, out_dir: 'memory://ckpts' } },
    });
    await runner.train();
    const name = dir.split('/').at(-1) as string;
    expect(await exists(`memory://ckpts/${name}/epoch_1.safetensors`)).toBe(true);
    expect(await getText(join(dir, 'last_checkpoint'))).toBe(`memory://ckpts/${name}/epoch_1.safetensors`);
    await runner.close();
  }, 60_000);

  it('published_keys writes a trimmed copy named with its hash', async () => {
    const dir = newDir();
    const runner = toyRunner({
      work_dir: dir,
      train_cfg: { by_epoch: true, max_epochs: 1 },
      default_hooks: { checkpoint: { type: 'CheckpointHook', interval: 1, published_keys: ['meta', 'state_dict'] } },
    });
    await runner.train();
    const published = ckptFiles(dir).filter((f) => /^epoch_1-[0-9a-f]{8}\.safetensors$/.test(f));
    expect(published).toHaveLength(1);
    const header = await readSafetensorsHeader(join(dir, published[0] as string));
    expect(header.entries.every((e) => e.name.startsWith('state_dict.'))).toBe(true);
    await runner.close();
  }, 60_000);

  it('refuses options that cannot work', () => {
    expect(() => new CheckpointHook({ interval: 0 })).toThrow(RunnerError);
    expect(() => new CheckpointHook({ save_best: ['a', 'b'], rule: ['less', 'less', 'greater'] })).toThrow(
      /one rule or one per save_best key/,
    );
    expect(() => new CheckpointHook({ save_best: 'f1_weird' })).toThrow(
      /cannot infer the rule for the metric "f1_weird"/,
    );
    expect(new CheckpointHook({ save_best: 'accuracy/top1' }).rules).toEqual(['greater']);
    expect(new CheckpointHook({ save_best: 'val_loss' }).rules).toEqual(['less']);
  });
});

describe('LoggerHook', () => {
  it('logs every interval, writes scalars.json lines with step and the JSON log, metrics by epoch', async () => {
    const dir = newDir();
    const runner = toyRunner({
      work_dir: dir,
      train_dataloader: toyLoader(5),
      train_cfg: { by_epoch: true, max_epochs: 2 },
      default_hooks: { checkpoint: null, logger: { type: 'LoggerHook', interval: 2 } },
    });
    await runner.train();
    await runner.close();
    const visData = join(runner.logDir, 'vis_data');
    const lines = readFileSync(join(visData, 'scalars.json'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // iterations 2 and 4 of each epoch, plus the epoch's last (5 is not a multiple of 2 but ends the epoch only when
    // ignore_last is false), then the validation metrics at step = epoch
    const train = lines.filter((l) => 'loss' in l);
    expect(train.map((l) => l.step)).toEqual([2, 4, 7, 9]);
    const val = lines.filter((l) => 'mae' in l);
    expect(val.map((l) => l.step)).toEqual([1, 2]);
    expect(existsSync(join(visData, `${runner.timestamp}.json`))).toBe(true);
    const log = readFileSync(join(runner.logDir, `${runner.timestamp}.log`), 'utf8');
    expect(log).toMatch(/Epoch\(train\) \[1\]\[2\/5\]/);
    expect(log).not.toMatch(/Epoch\(train\) \[1\]\[5\/5\]/);
    expect(log).toMatch(/Exp name: /);
  }, 60_000);

  it('keep_local: false without out_dir would lose the logs', () => {
    expect(() => new LoggerHook({ keep_local: false })).toThrow(/needs an out_dir/);
  });
});
