// The checkpoint format: one safetensors file holding every tensor of a checkpoint tree (named by its path) and the
// rest of the tree as JSON metadata; atomic writes, any fileio backend, truncated files, `last_checkpoint`, and
// loading weights strictly or not.
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { put } from '@eng/fileio';
import { Linear, Sequential } from '@eng/model';
import { initBackend, readSafetensorsHeader, tf } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findLatestCheckpoint,
  flattenCheckpoint,
  loadCheckpointFile,
  loadModelWeights,
  RunnerError,
  saveCheckpointFile,
  writeLastCheckpoint,
} from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'eng-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});

function sample(): Record<string, unknown> {
  return {
    meta: { epoch: 2, iter: 40, note: 'x', nan: Number.NaN, inf: -Infinity, negZero: -0 },
    state_dict: { 'conv1.weight': tf.tensor([[1.5, -2]]), 'bn.num_batches_tracked': tf.scalar(7, 'int32') },
    optimizer: {
      state: { 0: { exp_avg: tf.tensor([0.25, 0.5]), step: 3 } },
      param_groups: [{ lr: 0.1, betas: [0.9, 0.999], params: [0] }],
    },
    flags: tf.tensor([true, false], [2], 'bool'),
    empty: tf.zeros([0, 3]),
    message_hub: { runtime_info: { best_score: 97.5 }, nested: [[1, 2], { a: null }] },
  };
}

describe('saveCheckpointFile / loadCheckpointFile', () => {
  it('round-trips a tree of tensors of every dtype and shape, with keys that contain dots', async () => {
    const file = join(dir, 'a.safetensors');
    const tree = sample();
    await saveCheckpointFile(file, tree);
    const back = await loadCheckpointFile(file);
    const sd = back.state_dict as Record<string, tf.Tensor>;
    expect(Object.keys(sd)).toEqual(['conv1.weight', 'bn.num_batches_tracked']);
    expect(await sd['conv1.weight']?.array()).toEqual([[1.5, -2]]);
    expect(sd['bn.num_batches_tracked']?.dtype).toBe('int32');
    expect(await sd['bn.num_batches_tracked']?.array()).toBe(7);
    const opt = back.optimizer as {
      state: Record<string, { exp_avg: tf.Tensor; step: number }>;
      param_groups: unknown;
    };
    expect(await opt.state['0']?.exp_avg.array()).toEqual([0.25, 0.5]);
    expect(opt.state['0']?.step).toBe(3);
    expect(opt.param_groups).toEqual([{ lr: 0.1, betas: [0.9, 0.999], params: [0] }]);
    expect((back.flags as tf.Tensor).dtype).toBe('bool');
    expect((back.empty as tf.Tensor).shape).toEqual([0, 3]);
    const meta = back.meta as Record<string, number>;
    expect(meta.nan).toBeNaN();
    expect(meta.inf).toBe(-Infinity);
    expect(Object.is(meta.negZero, -0)).toBe(true);
    expect(back.message_hub).toEqual({ runtime_info: { best_score: 97.5 }, nested: [[1, 2], { a: null }] });
    // the tensors are named by their paths, as Python's safetensors lists them
    const header = await readSafetensorsHeader(file);
    expect(header.entries.map((e) => e.name).sort()).toEqual(
      [
        'empty',
        'flags',
        'optimizer.state.0.exp_avg',
        'state_dict.bn.num_batches_tracked',
        'state_dict.conv1.weight',
      ].sort(),
    );
    expect(header.metadata.format).toBe('eng.checkpoint');
    expect(JSON.parse(header.metadata.meta as string).epoch).toBe(2);
  });

  it('writes to any fileio backend (memory://)', async () => {
    await saveCheckpointFile('memory://ckpt/b.safetensors', { meta: { epoch: 1 }, state_dict: { w: tf.ones([2]) } });
    const back = await loadCheckpointFile('memory://ckpt/b.safetensors');
    expect(await (back.state_dict as Record<string, tf.Tensor>).w?.array()).toEqual([1, 1]);
  });

  it('names the key path of a value a checkpoint cannot hold, and leaves the old file intact', async () => {
    const file = join(dir, 'c.safetensors');
    await saveCheckpointFile(file, { meta: { epoch: 1 }, state_dict: { w: tf.ones([1]) } });
    const before = readFileSync(file);
    await expect(saveCheckpointFile(file, { meta: { fn: () => 1 } })).rejects.toThrow(/"meta\.fn" cannot be saved/);
    const disposed = tf.ones([1]);
    disposed.dispose();
    await expect(saveCheckpointFile(file, { state_dict: { w: disposed } })).rejects.toThrow(/disposed/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('a truncated file is a BAD_CHECKPOINT error naming it', async () => {
    const file = join(dir, 'd.safetensors');
    await saveCheckpointFile(file, { meta: { epoch: 1 }, state_dict: { w: tf.ones([64]) } });
    truncateSync(file, 100);
    const error = await loadCheckpointFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).code).toBe('BAD_CHECKPOINT');
    expect((error as Error).message).toContain(file);
  });

  it('reads a bare weights file and JSON weights as { state_dict }', async () => {
    const { writeSafetensors } = await import('@eng/tensor-gpu');
    const bare = join(dir, 'bare.safetensors');
    await writeSafetensors(bare, { 'fc.weight': tf.ones([1, 2]) });
    expect(Object.keys((await loadCheckpointFile(bare)).state_dict as object)).toEqual(['fc.weight']);
    const json = join(dir, 'w.json');
    writeFileSync(json, JSON.stringify({ state_dict: { 'fc.bias': { shape: [1], data: [0.5] } } }));
    expect(
      await ((await loadCheckpointFile(json)).state_dict as Record<string, tf.Tensor>)['fc.bias']?.array(),
    ).toEqual([0.5]);
  });
});

describe('flattenCheckpoint', () => {
  it('serialises class instances that have toJSON (a HistoryBuffer) and refuses cycles', () => {
    const withJson = { toJSON: () => ({ data: [1, 2] }) };
    Object.setPrototypeOf(withJson, { constructor: class Buffer {} });
    expect(JSON.parse(flattenCheckpoint({ hub: withJson }).skeleton)).toEqual({ hub: { data: [1, 2] } });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => flattenCheckpoint({ cycle })).toThrow(/"cycle.self" refers to itself/);
  });
});

describe('last_checkpoint', () => {
  it('names the newest checkpoint; without it the highest epoch_N is found', async () => {
    const work = join(dir, 'work');
    expect(await findLatestCheckpoint(work)).toBeUndefined();
    await put(new Uint8Array([1]), join(work, 'epoch_2.safetensors'));
    await put(new Uint8Array([1]), join(work, 'epoch_10.safetensors'));
    expect(await findLatestCheckpoint(work)).toBe(join(work, 'epoch_10.safetensors'));
    await writeLastCheckpoint(work, join(work, 'epoch_2.safetensors'));
    expect(readFileSync(join(work, 'last_checkpoint'), 'utf8')).toBe(join(work, 'epoch_2.safetensors'));
    expect(await findLatestCheckpoint(work)).toBe(join(work, 'epoch_2.safetensors'));
    rmSync(join(work, 'epoch_2.safetensors'));
    expect(await findLatestCheckpoint(work)).toBe(join(work, 'epoch_10.safetensors'));
  });
});

describe('loadModelWeights', () => {
  const model = () => new Sequential(new Linear({ in_features: 2, out_features: 3 }));

  it('strips a leading module. (revise_keys) and loads', () => {
    const m = model();
    const report = loadModelWeights(
      m,
      { 'module.0.weight': tf.ones([3, 2]), 'module.0.bias': tf.zeros([3]) },
      { strict: true },
    );
    expect(report.missingKeys).toEqual([]);
    expect(m.stateDict()['0.weight']?.dataSync()[0]).toBe(1);
  });

  it('non-strict: reports missing and unexpected keys (with the nearest model key) instead of raising', () => {
    const warnings: string[] = [];
    const m = model();
    const report = loadModelWeights(
      m,
      { '0.wieght': tf.ones([3, 2]) },
      { logger: { warning: (w) => warnings.push(w) } },
    );
    expect(report.missingKeys).toEqual(['0.weight', '0.bias']);
    expect(report.unexpectedKeys).toEqual(['0.wieght']);
    expect(warnings[0]).toMatch(/unexpected key in source state_dict: 0\.wieght \(Did you mean "0\.weight"\?\)/);
    expect(warnings[0]).toMatch(/missing keys in source state_dict: 0\.weight, 0\.bias/);
    expect(() => loadModelWeights(m, { '0.wieght': tf.ones([3, 2]) }, { strict: true })).toThrow(/unexpected|missing/);
  });
});
