// Our WebAssembly SIMD kernels (src/kernels/wasm/simd/kernels.wat) against the CPU backend, on random inputs and
// on the shapes where their loops change course: channel counts off the 16/4 blocks, image borders, strides,
// dilations, padding larger than the input, reductions longer than one accumulation chunk.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/init-backend';
import { conv2DBackpropFilterRoute } from '../../../src/kernels/wasm/conv2d-backprop';
import { fastWasmKernelsEnabled, useFastWasmKernels } from '../../../src/kernels/wasm/register';
import { simdFor } from '../../../src/kernels/wasm/simd/simd-module';
import { setRandomSeed } from '../../../src/random';
import { tf } from '../../../src/tf';
import { createCnn, createMlp, makeBatch } from '../../fixtures/models';
import { onBothBackends, relativeError } from './compare-backends';

const explicit = (top: number, bottom: number, left: number, right: number) => [
  [0, 0],
  [top, bottom],
  [left, right],
  [0, 0],
];

beforeAll(async () => {
  await initBackend({ prefer: ['wasm'], log: () => {} });
  setRandomSeed(4321);
});

afterEach(async () => {
  useFastWasmKernels(true);
  await tf.setBackend('wasm');
});

it('the SIMD module instantiates on the WASM backend heap', async () => {
  await tf.setBackend('wasm');
  expect(simdFor(tf.backend() as never)).toBeDefined();
});

it('the assembled kernels.wasm.ts is up to date with kernels.wat', () => {
  const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'assemble-wat.mjs');
  const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});

describe('Conv2D forward', () => {
  const cases: Array<[string, number[], number[], number | [number, number], unknown, (number | [number, number])?]> = [
    ['layer 1 of the CNN', [3, 28, 28, 1], [3, 3, 1, 16], 1, 'same'],
    ['layer 2 of the CNN', [3, 14, 14, 16], [3, 3, 16, 32], 1, 'same'],
    ['odd width: pixel pairs and a single at the end', [2, 5, 9, 8], [3, 3, 8, 16], 1, 'same'],
    ['layer 1 (3 input channels: the XNNPACK route)', [2, 5, 9, 3], [3, 3, 3, 16], 1, 'same'],
    ['4 output channels (narrow blocks only)', [2, 6, 7, 9], [3, 3, 9, 4], 1, 'valid'],
    ['20 output channels (one 16 block and one 4 block)', [2, 6, 6, 8], [3, 3, 8, 20], 1, 'same'],
    ['stride 2, same', [2, 11, 10, 8], [3, 3, 8, 16], 2, 'same'],
    ['strides [2, 3], valid, 5x3 filter', [2, 13, 12, 10], [5, 3, 10, 8], [2, 3], 'valid'],
    ['dilation 2', [2, 12, 12, 8], [3, 3, 8, 16], 1, 'same', 2],
    ['dilations [2, 1], explicit padding', [1, 10, 9, 8], [3, 2, 8, 12], 1, explicit(2, 1, 0, 2), [2, 1]],
    ['1x1 filter, stride 2', [2, 15, 15, 8], [1, 1, 8, 32], 2, 'valid'],
    ['padding larger than a 1x1 input', [4, 1, 1, 8], [3, 3, 8, 16], 1, 'same'],
    ['6 output channels (falls back to XNNPACK)', [2, 6, 6, 8], [3, 3, 8, 6], 1, 'same'],
  ];
  for (const [name, xShape, filterShape, strides, pad, dilations = 1] of cases) {
    it(name, async () => {
      const { cpu, wasm } = await onBothBackends('Conv2D', {
        inputs: { x: { shape: xShape }, filter: { shape: filterShape } },
        attrs: { strides, pad, dataFormat: 'NHWC', dilations, dimRoundingMode: undefined },
      });
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
    });
  }
});

describe('Conv2DBackpropFilter, outer-product route on more shapes', () => {
  const cases: Array<[string, number[], number[], number | [number, number], unknown]> = [
    ['odd input channels with 16-wide blocks (pairs and a single channel)', [2, 7, 8, 5], [3, 3, 5, 16], 1, 'same'],
    ['20 output channels (no channel pairs)', [2, 6, 6, 4], [3, 3, 4, 20], 1, 'same'],
    ['4 output channels', [3, 9, 9, 2], [3, 3, 2, 4], 2, 'valid'],
    ['padding larger than the input', [4, 1, 1, 8], [3, 3, 8, 16], 1, 'same'],
  ];
  for (const [name, xShape, filterShape, strides, pad] of cases) {
    it(name, async () => {
      conv2DBackpropFilterRoute.value = 'outer';
      try {
        const info = tf.backend_util.computeConv2DInfo(xShape as never, filterShape as never, strides, 1, pad as never);
        const { cpu, wasm } = await onBothBackends('Conv2DBackpropFilter', {
          inputs: { x: { shape: xShape }, dy: { shape: info.outShape } },
          attrs: { strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape },
        });
        expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
      } finally {
        conv2DBackpropFilterRoute.value = 'auto';
      }
    });
  }
});

describe('BatchMatMul in the GEMM kernel', () => {
  const cases: Array<[string, number[], number[], boolean, boolean]> = [
    ['the MLP forward: [64, 784] · [784, 256]', [64, 784], [784, 256], false, false],
    ['the weight gradient: Aᵀ · B', [64, 784], [64, 256], true, false],
    ['odd rows and 20 columns (single rows, a 4-wide block)', [7, 9], [9, 20], false, false],
    ['K over several 256-long chunks, odd rows, 20 columns, transposed A', [700, 5], [700, 20], true, false],
    ['4 columns only, transposed A, odd K', [5, 3], [5, 4], true, false],
    ['transposed B (copied first)', [6, 10], [32, 10], false, true],
    ['Aᵀ · Bᵀ', [5, 3], [16, 5], true, true],
    ['batched, same batches', [3, 6, 4], [3, 4, 16], false, false],
    ['batched, B broadcast', [3, 6, 4], [1, 4, 8], false, false],
    ['batched, A broadcast and transposed', [1, 4, 6], [2, 4, 12], true, false],
    ['10 columns (the plain XNNPACK route)', [8, 12], [12, 10], false, false],
  ];
  for (const [name, aShape, bShape, transposeA, transposeB] of cases) {
    it(name, async () => {
      const { cpu, wasm } = await onBothBackends('BatchMatMul', {
        inputs: { a: { shape: aShape }, b: { shape: bShape } },
        attrs: { transposeA, transposeB },
      });
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
    });
  }
});

describe('Sum and Mean over a block of axes', () => {
  const cases: Array<[string, number[], number | number[], boolean?]> = [
    ['bias gradient: [N, H, W, C] to [C]', [8, 14, 14, 16], [0, 1, 2]],
    ['dense bias gradient: [N, C] to [C], C off the 16 blocks', [64, 37], 0],
    ['middle axes [1, 2] of [N, H, W, C]', [3, 5, 6, 8], [1, 2]],
    ['keepDims', [4, 6, 12], [0, 1], true],
    ['negative axis over a leading block', [7, 9, 3], [-3, -2]],
    ['more rows than one accumulation chunk, 3 columns', [2000, 3], 0],
    ['trailing axes (the stock kernel)', [6, 10], 1],
    ['all axes (the stock kernel)', [6, 10], [0, 1]],
  ];
  for (const kernel of ['Sum', 'Mean'] as const) {
    for (const [name, shape, axis, keepDims = false] of cases) {
      it(`${kernel}: ${name}`, async () => {
        const {
          cpu,
          wasm,
          shape: out,
        } = await onBothBackends(kernel, {
          inputs: { x: { shape } },
          attrs: { axis, keepDims },
        });
        expect(out.length).toBe(keepDims ? shape.length : shape.length - [axis].flat().length);
        expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
      });
    }
  }

  it('int32 sums stay exact (the stock kernel)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const s = tf.sum(x, 0);
    expect(s.dtype).toBe('int32');
    expect(Array.from(await s.data())).toEqual([9, 12]);
    tf.dispose([x, s]);
  });
});

describe('Add, Sub and Multiply with a vector along the last axes', () => {
  const cases: Array<[string, number[], number[]]> = [
    ['[N, H, W, C] and [C]', [4, 7, 7, 16], [16]],
    ['[C] and [N, H, W, C] (reversed operands)', [16], [4, 7, 7, 16]],
    ['[N, C] and [1, C]', [9, 12], [1, 12]],
    ['[N, H, W, C] and [W, C]', [2, 3, 5, 4], [5, 4]],
    ['C = 6 (the stock kernel)', [3, 6], [6]],
    ['same shapes (the stock kernel)', [5, 8], [5, 8]],
    ['a column vector (the stock kernel)', [5, 8], [5, 1]],
  ];
  for (const kernel of ['Add', 'Sub', 'Multiply'] as const) {
    for (const [name, aShape, bShape] of cases) {
      it(`${kernel}: ${name}`, async () => {
        const { cpu, wasm } = await onBothBackends(kernel, {
          inputs: { a: { shape: aShape }, b: { shape: bShape } },
          attrs: {},
        });
        expect(Array.from(wasm)).toEqual(Array.from(cpu));
      });
    }
  }
});

describe('the one-pass ReLU gradient', () => {
  const gradient = async (backend: string, values: number[], shape: number[]) => {
    await tf.setBackend(backend);
    const x = tf.tensor(values, shape);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), tf.range(0, values.length).reshape(shape))))(x);
    const out = Array.from(await g.data());
    tf.dispose([x, g]);
    return out;
  };

  it('matches the CPU on negatives, zero, positives, NaN and infinities (a length off the vector width)', async () => {
    const values = [-2, -0, 0, 1e-30, 3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5, -1, 7];
    const cpu = await gradient('cpu', values, [values.length]);
    const wasm = await gradient('wasm', values, [values.length]);
    expect(wasm).toEqual(cpu);
  });

  it('runs one kernel (EngReluGrad) where tfjs runs Step, Cast and Multiply', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([4, 8, 8, 16]);
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.relu(t)))(x));
    const names = profile.kernels.map((k) => k.name);
    expect(names).toContain('EngReluGrad');
    expect(names).not.toContain('Step');
    useFastWasmKernels(false);
    const stock = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.relu(t)))(x));
    expect(stock.kernels.map((k) => k.name)).toContain('Step');
    x.dispose();
  });
});

describe('MaxPoolGrad, SIMD routes', () => {
  const cases: Array<[string, number[], number | [number, number], number | [number, number], unknown, boolean?]> = [
    ['2x2 stride 2 (the non-overlapping route)', [3, 14, 14, 32], 2, 2, 'valid'],
    ['2x2 stride 2 with ties', [2, 8, 8, 8], 2, 2, 'valid', true],
    ['3x3 stride 2 same, overlapping windows', [2, 9, 10, 8], 3, 2, 'same'],
    ['3x3 stride 1 same with ties, overlapping', [2, 7, 6, 4], 3, 1, 'same', true],
    ['2x2 stride 2 on odd sizes (general route)', [2, 7, 9, 4], 2, 2, 'valid'],
    ['3x2 stride [1, 2] valid', [1, 6, 9, 12], [3, 2], [1, 2], 'valid'],
  ];
  for (const [name, shape, filterSize, strides, pad, ints] of cases) {
    it(name, async () => {
      const info = tf.backend_util.computePool2DInfo(shape as never, filterSize, strides, 1, pad as never);
      const { cpu, wasm } = await onBothBackends('MaxPoolGrad', {
        inputs: {
          dy: { shape: info.outShape },
          input: { shape, ...(ints ? { ints } : {}) },
          output: { shape: info.outShape },
        },
        attrs: { filterSize, strides, pad, dimRoundingMode: undefined },
      });
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-6);
    });
  }

  it('a window of NaN or −Infinity passes no gradient, as on the CPU', async () => {
    const x = [Number.NaN, Number.NaN, Number.NaN, Number.NaN, 1, 2, 3, 4].flatMap((v) => [v, v, v, v]);
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const input = tf.tensor4d(x, [1, 2, 4, 4]);
      const output = tf.maxPool(input, 2, 2, 'valid');
      const dy = tf.onesLike(output);
      const dx = tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, {
        filterSize: 2,
        strides: 2,
        pad: 'valid',
      } as never) as tf.Tensor;
      const values = Array.from(await dx.data());
      tf.dispose([input, output, dy, dx]);
      return values;
    };
    expect(await run('wasm')).toEqual(await run('cpu'));
  });
});

describe('Identity and same-dtype Cast share the buffer', () => {
  it('values are right, each tensor can be disposed on its own, and no memory leaks', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numBytes;
    const x = tf.randomNormal([64, 32]);
    const values = Array.from(await x.data());
    const y = tf.clone(x);
    const z = tf.cast(x, 'float32');
    x.dispose();
    expect(Array.from(await y.data())).toEqual(values);
    y.dispose();
    expect(Array.from(await z.data())).toEqual(values);
    z.dispose();
    expect(tf.memory().numBytes).toBe(before);
  });

  it('a cast to another dtype still converts', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1.7, -2.2, 3]);
    const i = tf.cast(x, 'int32');
    expect(i.dtype).toBe('int32');
    expect(Array.from(await i.data())).toEqual([1, -2, 3]);
    tf.dispose([x, i]);
  });
});

describe('useFastWasmKernels', () => {
  it('switches to the stock kernels and back, keeping the kernels WASM lacks', () => {
    const isOurs = (name: string) =>
      (tf.getKernel(name, 'wasm') as unknown as Record<symbol, unknown> | undefined)?.[
        Symbol.for('eng.tensor-gpu.kernel')
      ] === true;
    expect(isOurs('Sum')).toBe(true);
    useFastWasmKernels(false);
    expect(fastWasmKernelsEnabled()).toBe(false);
    expect(isOurs('Sum')).toBe(false);
    expect(tf.getKernel('EngReluGrad', 'wasm')).toBeUndefined();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    useFastWasmKernels(true);
    expect(isOurs('Sum')).toBe(true);
  });

  for (const kind of ['mlp', 'cnn'] as const) {
    it(`the ${kind} trains to the same losses with fast and stock kernels`, async () => {
      await tf.setBackend('wasm');
      const losses = (fast: boolean) => {
        useFastWasmKernels(fast);
        setRandomSeed(7);
        const model = kind === 'mlp' ? createMlp() : createCnn();
        const { x, y } = makeBatch(kind, 16, 3);
        const out = Array.from({ length: 4 }, () => model.step(x, y));
        tf.dispose([x, y]);
        model.dispose();
        return out;
      };
      const stock = losses(false);
      const fast = losses(true);
      for (let i = 0; i < stock.length; i++) expect(fast[i]).toBeCloseTo(stock[i] as number, 4);
    });
  }
});
