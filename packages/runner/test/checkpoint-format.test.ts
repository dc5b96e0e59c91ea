// The checkpoint format in detail: how a tree becomes tensors + skeleton and back, what it refuses, atomic writes on
// every backend, corrupt files, Python reading what we write, last_checkpoint on memory://, and MMEngine's
// load_state_dict behaviour (revise_keys, the state_dict prefix, num_batches_tracked, what is disposed).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get, put } from '@eng/fileio';
import { captureLog } from '@eng/logging/test';
import { BatchNorm1d, type BaseModule, Linear, Sequential } from '@eng/model';
import { MODELS } from '@eng/registry';
import { disposeAll, initBackend, tf, writeSafetensors } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FORMAT,
  findLatestCheckpoint,
  flattenCheckpoint,
  loadCheckpointFile,
  loadModelWeights,
  RunnerError,
  readCheckpointMeta,
  saveCheckpointFile,
  unflattenCheckpoint,
  writeLastCheckpoint,
} from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'eng-ckpt-format-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});

let unique = 0;
const memoryUri = (name: string) => `memory://ckpt-format-${++unique}/${name}`;

async function rejection(promise: Promise<unknown>): Promise<RunnerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RunnerError);
  return error as RunnerError;
}

/** A tree of every kind of leaf a checkpoint holds; built fresh each time (the caller disposes it). */
function tree() {
  return {
    meta: { epoch: 3, iter: 60, seed: 0, lr: Number.NaN, best: Number.POSITIVE_INFINITY, zero: -0 },
    state_dict: {
      'conv1.weight': tf.tensor([1.5, -2, 0.25, 8], [2, 2]),
      'bn.num_batches_tracked': tf.scalar(5, 'int32'),
      'head.mask': tf.tensor([true, false, true], [3], 'bool'),
      'empty.buffer': tf.zeros([0]),
    },
    optimizer: {
      state: { 0: { exp_avg: tf.tensor([0.5, 0.25]), step: 3, momentum_buffer: null } },
      param_groups: [{ lr: 0.01, betas: [0.9, 0.999], params: [0] }],
    },
    param_schedulers: [{ last_epoch: 3, base_lrs: [0.01] }],
    random: { seed: null, stream: [1, -2, 3, 4] },
  };
}

async function valuesOf(t: unknown): Promise<unknown> {
  return (t as tf.Tensor).array();
}

describe('flattenCheckpoint: tensors named by their key path, everything else a JSON skeleton', () => {
  it('names tensors by dotted path and keeps keys that contain dots whole', () => {
    const t = tree();
    const { tensors, skeleton } = flattenCheckpoint(t);
    expect([...tensors.keys()]).toEqual([
      'state_dict.conv1.weight',
      'state_dict.bn.num_batches_tracked',
      'state_dict.head.mask',
      'state_dict.empty.buffer',
      'optimizer.state.0.exp_avg',
    ]);
    const parsed = JSON.parse(skeleton);
    expect(parsed.state_dict['conv1.weight']).toEqual({ __tensor__: 'state_dict.conv1.weight' });
    expect(parsed.meta.lr).toEqual({ __number__: 'NaN' });
    expect(parsed.meta.zero).toEqual({ __number__: '-0' });
    const back = unflattenCheckpoint(skeleton, tensors);
    expect((back.state_dict as Record<string, unknown>)['conv1.weight']).toBe(t.state_dict['conv1.weight']);
    disposeAll(t);
  });

  it('two paths that join to the same name get distinct tensors, and each comes back to its place', () => {
    const x = tf.scalar(1);
    const y = tf.scalar(2);
    const z = tf.scalar(3);
    const { tensors, skeleton } = flattenCheckpoint({ a: { 'b.c': x }, 'a.b': { c: y }, __metadata__: z });
    expect(new Set(tensors.keys()).size).toBe(3);
    expect([...tensors.keys()]).not.toContain('__metadata__'); // the safetensors header's own entry
    const back = unflattenCheckpoint(skeleton, tensors) as { a: Record<string, unknown>; 'a.b': { c: unknown } };
    expect(back.a['b.c']).toBe(x);
    expect(back['a.b'].c).toBe(y);
    expect((back as Record<string, unknown>).__metadata__).toBe(z);
    tf.dispose([x, y, z]);
  });

  it('data that looks like a tag, and a __proto__ key, read back as data', () => {
    const data = JSON.parse(
      '{"__proto__": {"polluted": 1}, "tagLike": {"__tensor__": "nope"}, "num": {"__number__": 1}}',
    );
    const back = unflattenCheckpoint(flattenCheckpoint({ data }).skeleton, {}) as { data: Record<string, unknown> };
    expect(back.data.tagLike).toEqual({ __tensor__: 'nope' });
    expect(back.data.num).toEqual({ __number__: 1 });
    expect(Object.hasOwn(back.data, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(back.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what JSON cannot hold, naming the key path', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ meta: { hook: () => 1 } }, /"meta\.hook" cannot be saved: function hook/],
      [{ meta: { big: 10n } }, /"meta\.big" cannot be saved: the bigint 10/],
      [{ hub: { buffers: new Map() } }, /"hub\.buffers" cannot be saved: an instance of Map/],
      [{ meta: { s: Symbol('x') } }, /"meta\.s" cannot be saved/],
      [{ meta: { pending: Promise.resolve(1) } }, /"meta\.pending" is a promise/],
    ];
    for (const [value, message] of cases) {
      expect(() => flattenCheckpoint(value as Record<string, unknown>)).toThrow(message);
    }
    const text = tf.tensor(['a']);
    expect(() => flattenCheckpoint({ state_dict: { names: text } })).toThrow(/"state_dict\.names" is a string tensor/);
    text.dispose();
    expect(() => flattenCheckpoint([] as never)).toThrow(RunnerError);
  });

  it('a skeleton naming a tensor the file lacks, or an unknown number, is BAD_CHECKPOINT naming the file', () => {
    expect(() => unflattenCheckpoint('{"w":{"__tensor__":"w"}}', {}, 'x.safetensors')).toThrow(
      /x\.safetensors: the metadata names tensor "w"/,
    );
    expect(() => unflattenCheckpoint('{"w":{"__tensor__":"constructor"}}', {}, 'x')).toThrow(/"constructor"/);
    expect(() => unflattenCheckpoint('{"n":{"__number__":"big"}}', {}, 'x')).toThrow(/unknown number "big"/);
  });
});

describe('saveCheckpointFile / loadCheckpointFile', () => {
  for (const where of ['local', 'memory'] as const) {
    it(`round-trips every dtype, scalars and empty tensors, and non-finite numbers (${where})`, async () => {
      const uri = where === 'local' ? join(dir, `round-${where}.safetensors`) : memoryUri('round.safetensors');
      const t = tree();
      const before = tf.memory().numTensors;
      await saveCheckpointFile(uri, t);
      expect(tf.memory().numTensors).toBe(before); // saving leaves no tensor behind
      const back = await loadCheckpointFile(uri);
      const sd = back.state_dict as Record<string, tf.Tensor>;
      for (const [key, original] of Object.entries(t.state_dict)) {
        expect(sd[key]?.dtype).toBe(original.dtype);
        expect(sd[key]?.shape).toEqual(original.shape);
        expect(await valuesOf(sd[key])).toEqual(await original.array());
      }
      const opt = back.optimizer as { state: Record<string, Record<string, unknown>>; param_groups: unknown };
      expect(await valuesOf(opt.state['0']?.exp_avg)).toEqual([0.5, 0.25]);
      expect(opt.state['0']).toMatchObject({ step: 3, momentum_buffer: null });
      expect(opt.param_groups).toEqual(t.optimizer.param_groups);
      expect(back.param_schedulers).toEqual(t.param_schedulers);
      expect(back.random).toEqual(t.random);
      const meta = back.meta as Record<string, number>;
      expect(meta.lr).toBeNaN();
      expect(meta.best).toBe(Number.POSITIVE_INFINITY);
      expect(Object.is(meta.zero, -0)).toBe(true);
      expect(tf.memory().numTensors).toBe(before + 5); // exactly the five tensors of the tree
      disposeAll(back);
      disposeAll(t);
    });
  }

  it('the header says what the file is: format, version, the skeleton and meta on its own', async () => {
    const uri = memoryUri('header.safetensors');
    const t = tree();
    await saveCheckpointFile(uri, t);
    disposeAll(t);
    const bytes = await get(uri);
    const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(Object.keys(header.__metadata__).sort()).toEqual(['checkpoint', 'format', 'format_version', 'meta']);
    expect(header.__metadata__.format).toBe(CHECKPOINT_FORMAT);
    expect(JSON.parse(header.__metadata__.meta)).toMatchObject({ epoch: 3, iter: 60, lr: { __number__: 'NaN' } });
    expect(header['state_dict.conv1.weight']).toMatchObject({ dtype: 'F32', shape: [2, 2] });
    expect(header['state_dict.head.mask']).toMatchObject({ dtype: 'BOOL', shape: [3] });
    expect(header['state_dict.bn.num_batches_tracked']).toMatchObject({ dtype: 'I32', shape: [] });
    const meta = await readCheckpointMeta(uri);
    expect(meta?.epoch).toBe(3);
    expect(meta?.lr).toBeNaN();
  });

  it('is atomic: a tensor that fails to read leaves the previous file intact and no temporary file (local)', async () => {
    const sub = mkdtempSync(join(dir, 'atomic-'));
    const file = join(sub, 'epoch_1.safetensors');
    const good = { meta: { epoch: 1 }, state_dict: { w: tf.ones([256]) } };
    await saveCheckpointFile(file, good);
    const before = readFileSync(file);
    const broken = tf.ones([256]);
    // the writer reads each tensor as it streams the file: fail part way through
    (broken as unknown as { data: () => Promise<never> }).data = () => Promise.reject(new Error('device lost'));
    const error = await rejection(
      saveCheckpointFile(file, { meta: { epoch: 2 }, state_dict: { a: good.state_dict.w, b: broken } }),
    );
    expect(error.code).toBe('BAD_CHECKPOINT');
    expect(error.message).toMatch(/device lost/);
    expect(error.message).toContain(file);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(sub)).toEqual(['epoch_1.safetensors']);
    tf.dispose([broken, good.state_dict.w]);
  });

  it('is atomic on other backends too (memory://): the old bytes stay', async () => {
    const uri = memoryUri('atomic.safetensors');
    const w = tf.ones([4]);
    await saveCheckpointFile(uri, { state_dict: { w } });
    const before = await get(uri);
    const broken = tf.ones([4]);
    (broken as unknown as { data: () => Promise<never> }).data = () => Promise.reject(new Error('device lost'));
    await rejection(saveCheckpointFile(uri, { state_dict: { w, broken } }));
    expect(Array.from(await get(uri))).toEqual(Array.from(before));
    tf.dispose([w, broken]);
  });

  it('a truncated or corrupt file is BAD_CHECKPOINT naming it; a missing one NO_CHECKPOINT', async () => {
    const file = join(dir, 'cut.safetensors');
    await saveCheckpointFile(file, { meta: { epoch: 1 }, state_dict: { w: tf.ones([64]) } });
    const whole = readFileSync(file);
    for (const size of [whole.length - 1, 60, 5, 0]) {
      writeFileSync(file, whole.subarray(0, size));
      const error = await rejection(loadCheckpointFile(file));
      expect(error.code).toBe('BAD_CHECKPOINT');
      expect(error.message).toContain(file);
    }
    const uri = memoryUri('cut.safetensors');
    await put(whole.subarray(0, whole.length - 8), uri);
    expect((await rejection(loadCheckpointFile(uri))).message).toContain(uri);
    writeFileSync(file, '{"state_dict": ');
    expect((await rejection(loadCheckpointFile(file))).code).toBe('BAD_CHECKPOINT');
    const missing = await rejection(loadCheckpointFile(join(dir, 'nope.safetensors')));
    expect(missing.code).toBe('NO_CHECKPOINT');
    expect(missing.message).toContain('nope.safetensors');
    expect((await rejection(loadCheckpointFile(memoryUri('nope.safetensors')))).code).toBe('NO_CHECKPOINT');
    truncateSync(file, 0);
  });

  it('a newer format version is refused, and tensors the skeleton does not name are disposed', async () => {
    const file = join(dir, 'crafted.safetensors');
    const w = tf.ones([2]);
    const stray = tf.zeros([3]);
    const checkpoint = '{"state_dict":{"w":{"__tensor__":"state_dict.w"}}}';
    await writeSafetensors(
      file,
      { 'state_dict.w': w, stray },
      { metadata: { format: CHECKPOINT_FORMAT, format_version: '1', checkpoint } },
    );
    const before = tf.memory().numTensors;
    const back = await loadCheckpointFile(file);
    expect(Object.keys(back)).toEqual(['state_dict']);
    expect(tf.memory().numTensors).toBe(before + 1);
    disposeAll(back);
    await writeSafetensors(file, { w }, { metadata: { format: CHECKPOINT_FORMAT, format_version: '2', checkpoint } });
    expect((await rejection(loadCheckpointFile(file))).message).toMatch(/format version 2/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, stray]);
  });

  it("reads weights files through @eng/model's reader: bare, behind state_dict., or JSON", async () => {
    const file = join(dir, 'weights.safetensors');
    const w = tf.ones([1, 2]);
    await writeSafetensors(file, { 'state_dict.fc.weight': w, 'optimizer.state.0.exp_avg': w });
    const before = tf.memory().numTensors;
    const back = await loadCheckpointFile(file);
    expect(Object.keys(back.state_dict as object)).toEqual(['fc.weight']);
    expect(tf.memory().numTensors).toBe(before + 1); // the optimizer tensor was not kept
    disposeAll(back);
    const json = memoryUri('w.json');
    await put(JSON.stringify({ 'fc.bias': [0.5] }), json);
    const fromJson = await loadCheckpointFile(json);
    expect(await valuesOf((fromJson.state_dict as Record<string, tf.Tensor>)['fc.bias'])).toEqual([0.5]);
    disposeAll(fromJson);
    w.dispose();
  });
});

const python = spawnSync('python3', ['--version']).status === 0;
const pythonSafetensors = python && spawnSync('python3', ['-c', 'import safetensors.numpy']).status === 0;

describe.skipIf(!python)('Python reads a checkpoint', () => {
  it("with the standard library alone: the safetensors layout, the metadata's JSON, the tensor bytes", async () => {
    const file = join(dir, 'py.safetensors');
    const t = tree();
    await saveCheckpointFile(file, t);
    disposeAll(t);
    const script = `
import json, struct, sys
raw = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n])
meta = header.pop("__metadata__")
data = raw[8 + n:]
sizes = {"F32": ("f", 4), "I32": ("i", 4), "BOOL": ("?", 1)}
out = {}
for name, e in header.items():
    code, size = sizes[e["dtype"]]
    begin, end = e["data_offsets"]
    out[name] = [e["shape"], list(struct.unpack("<%d%s" % ((end - begin) // size, code), data[begin:end]))]
skeleton = json.loads(meta["checkpoint"])
print(json.dumps({"format": meta["format"], "epoch": json.loads(meta["meta"])["epoch"],
                  "ref": skeleton["state_dict"]["conv1.weight"], "tensors": out}))
`;
    const out = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
    expect(out.format).toBe('eng.checkpoint');
    expect(out.epoch).toBe(3);
    expect(out.ref).toEqual({ __tensor__: 'state_dict.conv1.weight' });
    expect(out.tensors['state_dict.conv1.weight']).toEqual([
      [2, 2],
      [1.5, -2, 0.25, 8],
    ]);
    expect(out.tensors['state_dict.bn.num_batches_tracked']).toEqual([[], [5]]);
    expect(out.tensors['state_dict.head.mask']).toEqual([[3], [true, false, true]]);
    expect(out.tensors['state_dict.empty.buffer']).toEqual([[0], []]);
  });

  it.skipIf(!pythonSafetensors)("with Python's safetensors package", async () => {
    const file = join(dir, 'py-lib.safetensors');
    const t = tree();
    await saveCheckpointFile(file, t);
    disposeAll(t);
    const script = `
import json, sys
from safetensors import safe_open
with safe_open(sys.argv[1], framework="np") as f:
    meta = f.metadata()
    out = {k: [list(f.get_tensor(k).shape), f.get_tensor(k).tolist()] for k in f.keys()}
print(json.dumps({"format": meta["format"], "meta": json.loads(meta["meta"])["iter"], "tensors": out}))
`;
    const out = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
    expect(out.format).toBe('eng.checkpoint');
    expect(out.meta).toBe(60);
    expect(out.tensors['state_dict.conv1.weight']).toEqual([
      [2, 2],
      [
        [1.5, -2],
        [0.25, 8],
      ],
    ]);
    expect(out.tensors['optimizer.state.0.exp_avg']).toEqual([[2], [0.5, 0.25]]);
  });
});

describe('last_checkpoint and findLatestCheckpoint (any backend)', () => {
  it('writes the path of the newest checkpoint and finds it again (memory://)', async () => {
    const work = memoryUri('work');
    expect(await findLatestCheckpoint(work)).toBeUndefined();
    const ckpt = `${work}/epoch_1.safetensors`;
    await saveCheckpointFile(ckpt, { meta: { epoch: 1, iter: 10 } });
    await writeLastCheckpoint(work, ckpt);
    expect(new TextDecoder().decode(await get(`${work}/last_checkpoint`))).toBe(ckpt);
    expect(await findLatestCheckpoint(work)).toBe(ckpt);
  });

  it('a local path is recorded absolute, as MMEngine writes it', async () => {
    const work = mkdtempSync(join(dir, 'work-'));
    const cwd = process.cwd();
    process.chdir(work);
    try {
      await writeLastCheckpoint(work, 'iter_5.safetensors');
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(work, 'last_checkpoint'), 'utf8')).toBe(join(work, 'iter_5.safetensors'));
  });

  it('when the named file is gone: a warning, then the newest epoch_N / iter_N of the dir', async () => {
    const work = memoryUri('work');
    for (const [name, iter] of [
      ['epoch_2.safetensors', 20],
      ['epoch_10.safetensors', 100],
      ['best_acc_epoch_11.safetensors', 110],
    ] as const) {
      await saveCheckpointFile(`${work}/${name}`, { meta: { iter } });
    }
    await writeLastCheckpoint(work, `${work}/epoch_12.safetensors`);
    const lines = captureLog({ logLevel: 'WARNING' });
    expect(await findLatestCheckpoint(work)).toBe(`${work}/epoch_10.safetensors`);
    expect(lines.join('\n')).toMatch(/epoch_12\.safetensors, which does not exist/);
    // an iter_ file beside them: the one that got further (meta.iter) wins
    await saveCheckpointFile(`${work}/iter_150.safetensors`, { meta: { iter: 150 } });
    expect(await findLatestCheckpoint(work)).toBe(`${work}/iter_150.safetensors`);
    await saveCheckpointFile(`${work}/iter_90.safetensors`, { meta: { iter: 90 } });
    await saveCheckpointFile(`${work}/iter_150.safetensors`, { meta: { iter: 50 } });
    expect(await findLatestCheckpoint(work)).toBe(`${work}/epoch_10.safetensors`);
  });
});

describe('loadModelWeights (MMEngine load_checkpoint / load_state_dict)', () => {
  const linear = () => MODELS.build({ type: 'Linear', in_features: 2, out_features: 3 }) as unknown as BaseModule;
  const weights = (over: Record<string, tf.Tensor> = {}) => ({
    weight: tf.fill([3, 2], 2),
    bias: tf.fill([3], 0.5),
    ...over,
  });
  const quiet = { warning: (_: string) => {} };

  it('loads a whole checkpoint dict (its state_dict) and disposes what it was given', async () => {
    const model = linear();
    const given = weights();
    const before = tf.memory().numTensors;
    const report = loadModelWeights(model, { meta: { epoch: 1 }, state_dict: given }, { strict: true });
    expect(report).toEqual({ missingKeys: [], unexpectedKeys: [], mismatchedKeys: [] });
    expect(await model.stateDict().weight?.array()).toEqual([
      [2, 2],
      [2, 2],
      [2, 2],
    ]);
    expect(given.weight.isDisposed && given.bias.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before - 2);
    model.dispose();
  });

  it('strips a state_dict. prefix common to every key, and revise_keys (default: a leading module.)', async () => {
    const model = linear();
    loadModelWeights(
      model,
      { 'state_dict.module.weight': tf.fill([3, 2], 4), 'state_dict.module.bias': tf.zeros([3]) },
      {
        strict: true,
      },
    );
    expect(model.stateDict().weight?.dataSync()[0]).toBe(4);
    // custom revise_keys replace every match, in order, as re.sub does
    loadModelWeights(
      model,
      { 'backbone.fc.weight': tf.fill([3, 2], 5), 'backbone.fc.bias': tf.zeros([3]) },
      {
        strict: true,
        reviseKeys: [
          ['^backbone\\.', ''],
          [/fc\.(\w+)/, '$1'],
        ],
      },
    );
    expect(model.stateDict().weight?.dataSync()[0]).toBe(5);
    const net = new Sequential(
      new Linear({ in_features: 2, out_features: 3 }),
      new Linear({ in_features: 3, out_features: 1 }),
    );
    loadModelWeights(
      net,
      { '~0.weight~': tf.ones([3, 2]), '~0.bias': tf.ones([3]), '1.weight': tf.ones([1, 3]), '1~.bias~': tf.ones([1]) },
      { strict: true, reviseKeys: [['~', '']] },
    );
    expect(net.stateDict()['1.bias']?.dataSync()[0]).toBe(1);
    model.dispose();
    net.dispose();
  });

  it('non-strict: skips what does not fit and warns once, MMEngine-style, with the nearest names', () => {
    const model = linear();
    const original = Array.from(model.stateDict().bias?.dataSync() ?? []);
    const lines = captureLog({ logLevel: 'WARNING' });
    const report = loadModelWeights(model, { wieght: tf.ones([3, 2]), bias: tf.ones([4]) });
    expect(report.unexpectedKeys).toEqual(['wieght']);
    expect(report.missingKeys).toEqual(['weight']);
    expect(report.mismatchedKeys).toEqual([{ key: 'bias', expected: [3], got: [4] }]);
    expect(Array.from(model.stateDict().bias?.dataSync() ?? [])).toEqual(original);
    const text = lines.join('\n');
    expect(text).toMatch(/The model and loaded state dict do not match exactly/);
    expect(text).toMatch(
      /size mismatch for bias: copying a param with shape \[4\] from checkpoint, the shape in current model is \[3\]/,
    );
    expect(text).toMatch(/unexpected key in source state_dict: wieght \(Did you mean "weight"\?\)/);
    expect(text).toMatch(/missing keys in source state_dict: weight/);
    model.dispose();
  });

  it('strict: a mismatch is an error and nothing is written', () => {
    const model = linear();
    const original = Array.from(model.stateDict().weight?.dataSync() ?? []);
    expect(() => loadModelWeights(model, weights({ extra: tf.ones([1]) }), { strict: true })).toThrow(/extra/);
    expect(() => loadModelWeights(model, weights({ bias: tf.ones([4]) }), { strict: true, logger: quiet })).toThrow(
      /bias/,
    );
    expect(Array.from(model.stateDict().weight?.dataSync() ?? [])).toEqual(original);
    model.dispose();
  });

  it('a missing BatchNorm num_batches_tracked is neither an error nor a warning, as in MMEngine', async () => {
    const bn = new BatchNorm1d({ num_features: 2 });
    const state = Object.fromEntries(
      Object.entries(bn.stateDict())
        .filter(([k]) => k !== 'num_batches_tracked')
        .map(([k, v]) => [k, tf.fill(v.shape, 3, v.dtype)]),
    );
    const warnings: string[] = [];
    const report = loadModelWeights(bn, state, { strict: true });
    expect(report.missingKeys).toEqual(['num_batches_tracked']);
    expect(await bn.stateDict().running_mean?.array()).toEqual([3, 3]);
    const again = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, tf.fill(v.shape, 3, v.dtype)]));
    loadModelWeights(bn, again, { logger: { warning: (w) => warnings.push(w) } });
    expect(warnings).toEqual([]);
    bn.dispose();
  });

  it("never disposes a tf.Variable it is given (another model's live state dict)", () => {
    const source = linear();
    const target = linear();
    loadModelWeights(target, source.stateDict(), { strict: true });
    expect(source.stateDict().weight?.isDisposed).toBe(false);
    expect(Array.from(target.stateDict().weight?.dataSync() ?? [])).toEqual(
      Array.from(source.stateDict().weight?.dataSync() ?? []),
    );
    source.dispose();
    target.dispose();
  });
});

describe("@eng/model's Pretrained init reads a file saveCheckpointFile wrote", () => {
  for (const where of ['local', 'memory'] as const) {
    it(`init_cfg: { type: 'Pretrained', checkpoint } (${where})`, async () => {
      const uri = where === 'local' ? join(dir, 'pretrained.safetensors') : memoryUri('pretrained.safetensors');
      const saved = { weight: tf.fill([3, 2], 7), bias: tf.fill([3], -1) };
      await saveCheckpointFile(uri, {
        meta: { epoch: 4 },
        state_dict: saved,
        optimizer: { state: { 0: { exp_avg: tf.zeros([3, 2]) } }, param_groups: [] },
      });
      disposeAll(saved);
      captureLog();
      const model = MODELS.build({
        type: 'Linear',
        in_features: 2,
        out_features: 3,
        init_cfg: { type: 'Pretrained', checkpoint: uri },
      }) as unknown as BaseModule;
      await model.initWeights();
      expect(Array.from(model.stateDict().weight?.dataSync() ?? [])).toEqual([7, 7, 7, 7, 7, 7]);
      expect(Array.from(model.stateDict().bias?.dataSync() ?? [])).toEqual([-1, -1, -1]);
      model.dispose();
    });
  }
});
