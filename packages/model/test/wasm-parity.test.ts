import { MODELS } from '@eng/registry';
import { initBackend, setRandomSeed, tf } from '@eng/tensor-gpu';
import { afterAll, describe, expect, it } from 'vitest';
import { BaseDataElement } from '@eng/structures';
// The package entry registers the bundled models in MODELS.
import '../src';
import type { BaseModel } from '../src';
import { inlineSgd } from '../src/test';

// The bundled models train on the WASM backend (with @eng/tensor-gpu's gradient kernels) as on the CPU backend.
// (ResNet on 8x8 images ends in 1x1 maps whose batch norm over 4 values amplifies float32 rounding to ~2e-4 after
// one step, on kernels that each match CPU to 1e-5; 16x16 images keep the comparison about the kernels.)
async function losses(
  backend: string,
  cfg: Record<string, unknown>,
  size: number,
  channels: number,
): Promise<number[]> {
  await tf.setBackend(backend);
  setRandomSeed(11);
  const model = MODELS.build<BaseModel>(cfg);
  const optim = inlineSgd(model, 0.05);
  const inputs = tf.randomUniform([4, size, size, channels], 0, 1, 'float32', 5);
  const batch = { inputs, data_samples: [0, 1, 1, 0].map((l) => new BaseDataElement({ gt_label: l })) };
  const out: number[] = [];
  for (let i = 0; i < 4; i++) out.push(model.trainStep(batch, optim).loss as number);
  inputs.dispose();
  model.dispose();
  return out;
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('bundled models on WASM match CPU', () => {
  it.each([
    ['SmallCNN', { type: 'SmallCNN', num_classes: 2, channels: [4, 8], hidden: 16 }, 28, 1],
    ['ResNet-18 (narrow)', { type: 'ResNet', depth: 18, base_channels: 4, num_classes: 2 }, 16, 3],
    ['MLP with dropout 0', { type: 'MLP', in_features: 64, hidden_channels: [32], num_classes: 2 }, 8, 1],
  ] as const)('%s: 4 trainSteps give the same losses to 1e-4', async (_name, cfg, size, channels) => {
    await initBackend({ prefer: ['wasm'], log: () => {} });
    const cpu = await losses('cpu', cfg, size, channels);
    const wasm = await losses('wasm', cfg, size, channels);
    expect(cpu.every(Number.isFinite)).toBe(true);
    expect(cpu[3]).not.toBe(cpu[0]); // the weights moved
    for (let i = 0; i < cpu.length; i++)
      expect(Math.abs((wasm[i] as number) - (cpu[i] as number)), `step ${i}`).toBeLessThan(1e-4);
  });
});
