import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/tf';
import { halfToFloat } from '../../src/safetensors/dtypes';
import { SafetensorsError } from '../../src/safetensors/safetensors-error';
import {
  parseSafetensors,
  readSafetensors,
  readSafetensorsHeader,
  SafetensorsFile,
} from '../../src/safetensors/reader';
import { serializeSafetensors, writeSafetensors } from '../../src/safetensors/writer';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'eng-safetensors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lays out a file by hand from the format's description: u64 LE header size, JSON header, data. */
function handMade(header: string, data: number[], padTo8 = true): Uint8Array {
  let json = header;
  if (padTo8) while ((8 + json.length) % 8 !== 0) json += ' ';
  const bytes = new Uint8Array(8 + json.length + data.length);
  const n = json.length;
  for (let i = 0; i < 8; i++) bytes[i] = Math.floor(n / 256 ** i) % 256; // little-endian
  for (let i = 0; i < json.length; i++) bytes[8 + i] = json.charCodeAt(i);
  bytes.set(data, 8 + json.length);
  return bytes;
}

const f32le = (...v: number[]) => [...new Uint8Array(new Float32Array(v).buffer)];
const i32le = (...v: number[]) => [...new Uint8Array(new Int32Array(v).buffer)];

describe('reading bytes laid out from the spec', () => {
  const header =
    '{"__metadata__":{"format":"pt","epoch":"3"},' +
    '"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},' +
    '"idx":{"dtype":"I32","shape":[3],"data_offsets":[16,28]},' +
    '"mask":{"dtype":"BOOL","shape":[2],"data_offsets":[28,30]},' +
    '"scalar":{"dtype":"F32","shape":[],"data_offsets":[30,34]}}';
  const data = [...f32le(1, -2.5, 3, 0.125), ...i32le(7, -1, 2147483647), 1, 0, ...f32le(42)];

  it('F32, I32, BOOL, a scalar and __metadata__', async () => {
    const path = join(dir, 'hand.safetensors');
    writeFileSync(path, handMade(header, data));
    const { tensors, metadata } = await readSafetensors(path);
    expect(metadata).toEqual({ format: 'pt', epoch: '3' });
    expect(Object.keys(tensors)).toEqual(['w', 'idx', 'mask', 'scalar']);
    expect(tensors.w?.dtype).toBe('float32');
    expect(await tensors.w?.array()).toEqual([
      [1, -2.5],
      [3, 0.125],
    ]);
    expect(tensors.idx?.dtype).toBe('int32');
    expect(Array.from(await (tensors.idx as tf.Tensor).data())).toEqual([7, -1, 2147483647]);
    expect(tensors.mask?.dtype).toBe('bool');
    expect(await tensors.mask?.array()).toEqual([1, 0]);
    expect(tensors.scalar?.shape).toEqual([]);
    expect(await tensors.scalar?.array()).toBe(42);
    tf.dispose(Object.values(tensors));
  });

  it('an unpadded header, and the same bytes parsed in memory', async () => {
    const bytes = handMade(header, data, false);
    const { tensors } = parseSafetensors(bytes, { names: ['idx'] });
    expect(Object.keys(tensors)).toEqual(['idx']);
    expect(Array.from(await (tensors.idx as tf.Tensor).data())).toEqual([7, -1, 2147483647]);
    tf.dispose(Object.values(tensors));
  });

  it('F16 and BF16 upcast to float32', async () => {
    // F16: 1.0 = 0x3C00, -2.0 = 0xC000, 65504 = 0x7BFF, smallest subnormal = 0x0001, +inf = 0x7C00
    // BF16: 1.0 = 0x3F80, -0.5 = 0xBF00, 3.140625 = 0x4049
    const f16 = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00].flatMap((h) => [h & 0xff, h >> 8]);
    const bf16 = [0x3f80, 0xbf00, 0x4049].flatMap((h) => [h & 0xff, h >> 8]);
    const bytes = handMade(
      '{"h":{"dtype":"F16","shape":[5],"data_offsets":[0,10]},"b":{"dtype":"BF16","shape":[3],"data_offsets":[10,16]}}',
      [...f16, ...bf16],
    );
    const { tensors } = parseSafetensors(bytes);
    expect(tensors.h?.dtype).toBe('float32');
    expect(Array.from(await (tensors.h as tf.Tensor).data())).toEqual([
      1,
      -2,
      65504,
      2 ** -24,
      Number.POSITIVE_INFINITY,
    ]);
    expect(Array.from(await (tensors.b as tf.Tensor).data())).toEqual([1, -0.5, 3.140625]);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
    tf.dispose(Object.values(tensors));
  });

  it('I64 within int32 range, and an error outside it', () => {
    const i64 = (v: bigint) => [...new Uint8Array(new BigInt64Array([v]).buffer)];
    const ok = handMade('{"a":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}', [...i64(-5n), ...i64(123n)]);
    const { tensors } = parseSafetensors(ok);
    expect(Array.from(tensors.a?.dataSync() ?? [])).toEqual([-5, 123]);
    tf.dispose(Object.values(tensors));
    const big = handMade('{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}', i64(1n << 40n));
    expect(() => parseSafetensors(big)).toThrow(/outside int32's range/);
  });

  it.each([
    [
      'an unknown dtype',
      '{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}',
      8,
      /dtype "C64"; supported: F64, F32/,
    ],
    [
      'a size that does not match the shape',
      '{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}',
      8,
      /needs 12 bytes/,
    ],
    [
      'a gap between tensors',
      '{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
      8,
      /starts at byte 4 of the data, expected 0/,
    ],
    [
      'trailing bytes',
      '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}',
      8,
      /cover 4 bytes but the data section holds 8/,
    ],
    ['non-string metadata', '{"__metadata__":{"n":1}}', 0, /__metadata__.n must be a string/],
    ['a header that is not JSON', '{"a":', 0, /not valid UTF-8 JSON/],
  ])('rejects %s', (_name, header, dataBytes, message) => {
    const bytes = handMade(header, new Array(dataBytes).fill(0));
    expect(() => parseSafetensors(bytes, { source: 'bad.safetensors' })).toThrow(message);
    expect(() => parseSafetensors(bytes)).toThrow(SafetensorsError);
  });

  it('says why in a SafetensorsError code, keeping the cause', () => {
    const bytes = handMade('{"a":', []);
    let caught: unknown;
    try {
      parseSafetensors(bytes);
    } catch (error) {
      caught = error;
    }
    expect(SafetensorsError.isInstance(caught)).toBe(true);
    const error = caught as SafetensorsError;
    expect(error.name).toBe('SafetensorsError');
    expect(error.code).toBe('BAD_HEADER');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects a header size larger than the file', () => {
    const bytes = new Uint8Array(16);
    bytes[0] = 200;
    expect(() => parseSafetensors(bytes)).toThrow(/header size 200 is larger than the file/);
  });
});

describe('writing', () => {
  it('lays out the bytes the spec describes (sorted, 8-byte aligned header, padded with spaces)', async () => {
    const bytes = await serializeSafetensors(
      {
        b: tf.tensor([true, false, true], [3], 'bool'),
        a: tf.tensor([[1, 2]], [1, 2]),
        c: tf.tensor([5], [1], 'int32'),
      },
      { metadata: { framework: 'eng' } },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text.trimEnd()).toBe(
      '{"__metadata__":{"framework":"eng"},' +
        '"a":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},' +
        '"c":{"dtype":"I32","shape":[1],"data_offsets":[8,12]},' +
        '"b":{"dtype":"BOOL","shape":[3],"data_offsets":[12,15]}}',
    );
    expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
    expect([...bytes.subarray(8 + n)]).toEqual([...f32le(1, 2), ...i32le(5), 1, 0, 1]);
  });

  it('round-trips F32, I32 and BOOL through a file, atomically', async () => {
    const path = join(dir, 'round.safetensors');
    const w = tf.randomNormal([3, 4, 5]);
    const tensors = {
      'layer.weight': w,
      'layer.steps': tf.tensor([1, -2, 3], [3], 'int32'),
      flag: tf.scalar(true, 'bool'),
    };
    await writeSafetensors(path, tensors, { metadata: { note: 'über' } });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const back = await readSafetensors(path);
    expect(back.metadata).toEqual({ note: 'über' });
    expect(Array.from(await (back.tensors['layer.weight'] as tf.Tensor).data())).toEqual(Array.from(await w.data()));
    expect(back.tensors['layer.steps']?.dtype).toBe('int32');
    expect(await back.tensors.flag?.array()).toBe(1);
    tf.dispose([...Object.values(tensors), ...Object.values(back.tensors)]);
  });

  it('leaves the previous file in place when a write fails', async () => {
    const path = join(dir, 'keep.safetensors');
    await writeSafetensors(path, { a: tf.tensor([1]) });
    const before = readFileSync(path);
    const values = { dtype: 'float32' as const, shape: [4], data: [1, 2] }; // 2 values for 4 elements
    await expect(writeSafetensors(path, { a: tf.tensor([1]), z: values })).rejects.toThrow(
      /has 2 values for shape \[4\]/,
    );
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.includes('keep') && f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses dtypes it cannot write and a tensor named __metadata__', async () => {
    await expect(serializeSafetensors({ s: tf.tensor(['x']) })).rejects.toThrow(
      /dtype string; writable: float32, int32, bool/,
    );
    await expect(serializeSafetensors({ __metadata__: tf.tensor([1]) })).rejects.toThrow(/cannot name a tensor/);
  });
});

describe('streaming', () => {
  it('reads one tensor of a large file without reading the rest', async () => {
    // A 1 GiB tensor declared in the header; the file is sparse, so nothing of it is ever allocated or read.
    const big = 1024 * 1024 * 1024;
    const path = join(dir, 'big.safetensors');
    const { bytes } = await import('../../src/safetensors/header').then((h) =>
      h.buildHeader(
        [
          { name: 'huge', dtype: 'F32', shape: [big / 4] },
          { name: 'small', dtype: 'F32', shape: [2] },
        ],
        { size: '1GiB' },
      ),
    );
    const handle = await open(path, 'w');
    await handle.write(bytes);
    await handle.write(new Uint8Array(new Float32Array([6, 7]).buffer), 0, 8, bytes.byteLength + big);
    await handle.close();
    const header = await readSafetensorsHeader(path);
    expect(header.entries.map((e) => e.name)).toEqual(['huge', 'small']);
    const rssBefore = process.memoryUsage().rss;
    const file = await SafetensorsFile.open(path);
    const small = await file.read('small');
    await file.close();
    expect(Array.from(await small.data())).toEqual([6, 7]);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    small.dispose();
    await expect(SafetensorsFile.open(path).then((f) => f.entry('nope'))).rejects.toThrow(
      /no tensor named 'nope' \(has 2: huge, small\)/,
    );
  });
});

const python = spawnSync('python3', ['-c', 'import safetensors.numpy'], { encoding: 'utf8' }).status === 0;
describe.skipIf(!python)("Python's safetensors reads what we write and we read what it writes", () => {
  it('both directions', async () => {
    const ours = join(dir, 'ours.safetensors');
    await writeSafetensors(
      ours,
      {
        w: tf.tensor([[1.5, -2]], [1, 2]),
        i: tf.tensor([3, 4], [2], 'int32'),
        m: tf.tensor([true, false], [2], 'bool'),
      },
      { metadata: { by: 'eng' } },
    );
    const theirs = join(dir, 'theirs.safetensors');
    const script = `
import json, sys, numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file
out = {}
with safe_open(sys.argv[1], framework="np") as f:
    out["metadata"] = f.metadata()
    for k in f.keys():
        t = f.get_tensor(k)
        out[k] = [str(t.dtype), list(t.shape), t.tolist()]
save_file({"h": np.array([1.0, -0.5], dtype=np.float16), "x": np.arange(6, dtype=np.float32).reshape(2, 3)}, sys.argv[2], metadata={"by": "python"})
print(json.dumps(out))
`;
    const out = JSON.parse(execFileSync('python3', ['-c', script, ours, theirs], { encoding: 'utf8' }));
    expect(out).toEqual({
      metadata: { by: 'eng' },
      w: ['float32', [1, 2], [[1.5, -2]]],
      i: ['int32', [2], [3, 4]],
      m: ['bool', [2], [true, false]],
    });
    const back = await readSafetensors(theirs);
    expect(back.metadata).toEqual({ by: 'python' });
    expect(Array.from(await (back.tensors.h as tf.Tensor).data())).toEqual([1, -0.5]);
    expect(await back.tensors.x?.array()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    tf.dispose(Object.values(back.tensors));
  });
});
