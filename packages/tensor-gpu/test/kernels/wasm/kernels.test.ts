import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/init-backend';
import { setRandomSeed } from '../../../src/random';
import { tf } from '../../../src/tf';
import { conv2DBackpropFilterRoute } from '../../../src/kernels/wasm/conv2d-backprop';
import { WASM_TRAINING_KERNELS } from '../../../src/kernels/wasm/register';
import { onBothBackends, relativeError } from './compare-backends';

const silent = () => {};

beforeAll(async () => {
  await initBackend({ prefer: ['wasm'], log: silent });
  setRandomSeed(1234);
});

describe('WASM training kernels match the CPU backend within 1e-5 relative', () => {
  it('registers every kernel this package lists', () => {
    for (const k of WASM_TRAINING_KERNELS) expect(tf.getKernel(k.name, 'wasm'), k.name).toBeDefined();
  });

  it('leaves WASM short of the CPU backend only in complex numbers, FFT, einsum, ragged and string kernels', () => {
    const wasm = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
    const missing = tf
      .getKernelsForBackend('cpu')
      .map((k) => k.kernelName)
      .filter((name) => !wasm.has(name));
    expect(missing.sort()).toEqual(
      [
        'Complex',
        'ComplexAbs',
        'Draw',
        'Einsum',
        'FFT',
        'IFFT',
        'Imag',
        'RaggedGather',
        'RaggedRange',
        'RaggedTensorToTensor',
        'Real',
        'StaticRegexReplace',
      ].sort(),
    );
  });

  const conv = (n: number, h: number, w: number, cin: number, kh: number, kw: number, cout: number) => {
    const info = (strides: number | [number, number], pad: unknown) =>
      tf.backend_util.computeConv2DInfo([n, h, w, cin], [kh, kw, cin, cout], strides as never, 1, pad as never);
    return info;
  };

  const filterCases: Array<[string, number[], number[], number | [number, number], unknown]> = [
    ['layer 1 of the CNN (same, stride 1)', [4, 28, 28, 1], [3, 3, 1, 16], 1, 'same'],
    ['layer 2 of the CNN (same, stride 1)', [4, 14, 14, 16], [3, 3, 16, 32], 1, 'same'],
    ['valid padding', [2, 9, 7, 3], [3, 2, 3, 5], 1, 'valid'],
    ['stride 2, same', [2, 11, 10, 4], [3, 3, 4, 6], 2, 'same'],
    ['strides [2, 3], valid', [3, 13, 12, 2], [5, 3, 2, 4], [2, 3], 'valid'],
    [
      'explicit padding',
      [2, 8, 8, 3],
      [3, 3, 3, 2],
      1,
      [
        [0, 0],
        [2, 1],
        [0, 2],
        [0, 0],
      ],
    ],
    ['1x1 filter', [2, 5, 5, 8], [1, 1, 8, 4], 1, 'valid'],
    [
      'ResNet downsampling: 3x3 stride 2 pad 1',
      [2, 16, 16, 8],
      [3, 3, 8, 16],
      2,
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
    ],
    ['ResNet shortcut: 1x1 stride 2', [2, 15, 15, 4], [1, 1, 4, 8], 2, 'valid'],
    [
      'a 2x2 map to 1x1: 3x3 stride 2 pad 1 (the last stage of a ResNet on small images)',
      [4, 2, 2, 16],
      [3, 3, 16, 8],
      2,
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
    ],
    [
      'a 1x1 map through a 3x3 same convolution (padding on every side larger than the input)',
      [4, 1, 1, 8],
      [3, 3, 8, 4],
      1,
      'same',
    ],
  ];

  for (const route of ['im2col', 'conv', 'outer'] as const) {
    describe(`Conv2DBackpropFilter (${route} route)`, () => {
      for (const [name, xShape, filterShape, strides, pad] of filterCases) {
        it(name, async () => {
          conv2DBackpropFilterRoute.value = route;
          try {
            const [n, h, w, cin] = xShape as [number, number, number, number];
            const [kh, kw, , cout] = filterShape as [number, number, number, number];
            const info = conv(n, h, w, cin, kh, kw, cout)(strides, pad);
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
  }

  it('Conv2DBackpropFilter with NCHW tensors', async () => {
    const { cpu, wasm } = await onBothBackends('Conv2DBackpropFilter', {
      inputs: { x: { shape: [2, 3, 8, 7] }, dy: { shape: [2, 5, 8, 7] } },
      attrs: { strides: 1, pad: 'same', dataFormat: 'NCHW', dimRoundingMode: undefined, filterShape: [3, 3, 3, 5] },
    });
    expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
  });

  describe('Conv2DBackpropInput', () => {
    for (const [name, xShape, filterShape, strides, pad] of filterCases) {
      it(name, async () => {
        const [n, h, w, cin] = xShape as [number, number, number, number];
        const [kh, kw, , cout] = filterShape as [number, number, number, number];
        const info = conv(n, h, w, cin, kh, kw, cout)(strides, pad);
        const { cpu, wasm } = await onBothBackends('Conv2DBackpropInput', {
          inputs: { dy: { shape: info.outShape }, filter: { shape: filterShape } },
          attrs: { strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined, inputShape: xShape },
        });
        expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
      });
    }
  });

  describe('MaxPoolGrad', () => {
    const poolCases: Array<
      [string, number[], number | [number, number], number | [number, number], unknown, boolean?]
    > = [
      ['2x2 stride 2 of the CNN', [4, 28, 28, 16], 2, 2, 'valid'],
      ['3x3 stride 2 same (overlapping windows)', [2, 9, 10, 3], 3, 2, 'same'],
      ['3x2 stride 1 valid', [2, 6, 7, 5], [3, 2], 1, 'valid'],
      ['ties resolved to the first maximum, like CPU', [2, 8, 8, 4], 2, 2, 'valid', true],
      ['2x2 stride 2 on odd sizes (a row and a column left over)', [2, 7, 9, 3], 2, 2, 'valid'],
      ['2x2 stride 2 same (padding at the end)', [2, 7, 7, 3], 2, 2, 'same', true],
      ['ties in the generic path too', [2, 9, 10, 3], 3, 2, 'same', true],
    ];
    for (const [name, shape, filterSize, strides, pad, ints] of poolCases) {
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
        expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
      });
    }
  });

  describe('BatchMatMul with transposed operands (the matMul gradients)', () => {
    const mmCases: Array<[string, number[], number[], boolean, boolean]> = [
      ['Aᵀ·B (weight gradient of a dense layer)', [64, 784], [64, 256], true, false],
      ['A·Bᵀ (input gradient of a dense layer)', [64, 10], [256, 10], false, true],
      ['Aᵀ·Bᵀ', [5, 3], [4, 5], true, true],
      ['batched, broadcast', [3, 6, 4], [1, 5, 6], true, true],
    ];
    for (const [name, aShape, bShape, transposeA, transposeB] of mmCases) {
      it(name, async () => {
        const { cpu, wasm } = await onBothBackends('BatchMatMul', {
          inputs: { a: { shape: aShape }, b: { shape: bShape } },
          attrs: { transposeA, transposeB },
        });
        expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
      });
    }
  });

  describe('DepthwiseConv2dNative gradients (grouped Conv2d with groups = in_channels)', () => {
    const dwCases: Array<[string, number[], number[], number | [number, number], unknown, number | [number, number]]> =
      [
        ['3x3 same, multiplier 1', [2, 9, 9, 4], [3, 3, 4, 1], 1, 'same', 1],
        ['3x3 stride 2 valid, multiplier 2', [2, 11, 10, 3], [3, 3, 3, 2], 2, 'valid', 1],
        [
          '5x3 explicit padding',
          [1, 8, 7, 2],
          [5, 3, 2, 1],
          1,
          [
            [0, 0],
            [2, 2],
            [1, 1],
            [0, 0],
          ],
          1,
        ],
        // (TensorFlow.js refuses gradients of dilated depthwise convolutions, so no dilation case)
      ];
    for (const [name, xShape, filterShape, strides, pad, dilations] of dwCases) {
      const info = () =>
        tf.backend_util.computeConv2DInfo(
          xShape as never,
          filterShape as never,
          strides,
          dilations,
          pad as never,
          undefined,
          true,
        );
      it(`filter: ${name}`, async () => {
        const { cpu, wasm } = await onBothBackends('DepthwiseConv2dNativeBackpropFilter', {
          inputs: { x: { shape: xShape }, dy: { shape: info().outShape } },
          attrs: { strides, dilations, pad, dimRoundingMode: undefined, filterShape },
        });
        expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
      });
      it(`input: ${name}`, async () => {
        const { cpu, wasm } = await onBothBackends('DepthwiseConv2dNativeBackpropInput', {
          inputs: { dy: { shape: info().outShape }, filter: { shape: filterShape } },
          attrs: { strides, dilations, pad, dimRoundingMode: undefined, inputShape: xShape },
        });
        expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
      });
    }
  });

  describe('UnsortedSegmentSum (the gradient of tf.gather / an embedding)', () => {
    it('sums rows by segment id and drops ids out of range', async () => {
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        const x = tf.tensor2d([
          [1, 2],
          [3, 4],
          [5, 6],
          [7, 8],
          [9, 10],
        ]);
        const ids = tf.tensor1d([2, 0, 2, 5, -1], 'int32');
        const y = tf.unsortedSegmentSum(x, ids, 4);
        const out = await y.array();
        tf.dispose([x, ids, y]);
        return out;
      };
      expect(await run('wasm')).toEqual(await run('cpu'));
      expect(await run('wasm')).toEqual([
        [3, 4],
        [0, 0],
        [6, 8],
        [0, 0],
      ]);
    });

    it('an embedding lookup trains on WASM as on CPU', async () => {
      const grads = async (backend: string) => {
        await tf.setBackend(backend);
        const table = tf.tensor2d(
          Array.from({ length: 40 }, (_, i) => Math.sin(i)),
          [10, 4],
        );
        const ids = tf.tensor1d([3, 1, 3, 9, 0, 3], 'int32');
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, ids))))(table);
        const out = Array.from(await g.data());
        tf.dispose([table, ids, g]);
        return out;
      };
      expect(relativeError(await grads('wasm'), await grads('cpu'))).toBeLessThan(1e-6);
    });
  });

  describe('Tile', () => {
    const tileCases: Array<[number[], number[]]> = [
      [
        [1, 1, 1, 32],
        [64, 7, 7, 1],
      ],
      [
        [2, 3],
        [3, 2],
      ],
      [
        [3, 1, 2],
        [1, 4, 1],
      ],
      [[5], [1]],
    ];
    for (const [shape, reps] of tileCases) {
      it(`[${shape}] by [${reps}]`, async () => {
        const { cpu, wasm } = await onBothBackends('Tile', { inputs: { x: { shape } }, attrs: { reps } });
        expect(Array.from(wasm)).toEqual(Array.from(cpu));
      });
    }
    it('int32 and bool tensors', async () => {
      await tf.setBackend('wasm');
      const i = tf.tile(tf.tensor([[1, 2]], [1, 2], 'int32'), [2, 2]);
      const b = tf.tile(tf.tensor([true, false], [2], 'bool'), [3]);
      expect(i.dtype).toBe('int32');
      expect(await i.array()).toEqual([
        [1, 2, 1, 2],
        [1, 2, 1, 2],
      ]);
      expect(await b.data()).toEqual(new Uint8Array([1, 0, 1, 0, 1, 0]));
      tf.dispose([i, b]);
    });
  });
});
