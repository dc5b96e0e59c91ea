// @ts-check
// The demo's own dataset, registered in a child registry with scope `demo`, as a downstream library (mmdet, mmcls)
// makes its own: configs name it `demo.SyntheticDigits`. `custom_imports` in the config imports this file.
import { BaseDataset } from '@eng/dataset';
import { DATASETS, Registry } from '@eng/registry';
import { z } from 'zod';

export const DEMO_DATASETS = new Registry('dataset', { parent: DATASETS, scope: 'demo' });

const GLYPHS = [
  ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
];

/**
 * A small seeded generator (mulberry32) so each dataset is the same for the same `seed`.
 * @param {number} seed
 */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One digit rendered from a 5x7 bitmap font with a random scale, position, slant, ink and background noise.
 * @param {() => number} rand
 * @param {number} label
 * @param {number} size
 * @param {number} noise
 */
function renderDigit(rand, label, size, noise) {
  const pixels = new Uint8Array(size * size);
  const cell = 2 + Math.floor(rand() * 2); // 2 or 3 pixels per font cell
  const slant = (rand() - 0.5) * 0.6; // columns shifted per row
  const top = Math.floor(rand() * (size - 7 * cell + 1));
  const left = Math.floor(rand() * Math.max(1, size - 5 * cell - 2)) + 1;
  const ink = 0.6 + 0.4 * rand();
  for (let i = 0; i < size * size; i++) pixels[i] = Math.round(255 * noise * rand());
  (GLYPHS[label] ?? []).forEach((row, r) => {
    for (let c = 0; c < 5; c++) {
      if (row[c] !== '1') continue;
      for (let dy = 0; dy < cell; dy++) {
        const y = top + r * cell + dy;
        const x0 = left + c * cell + Math.round(slant * (3 - r) * cell);
        for (let dx = 0; dx < cell; dx++) {
          const x = x0 + dx;
          if (x >= 0 && x < size && y >= 0 && y < size) pixels[y * size + x] = Math.round(255 * ink);
        }
      }
    }
  });
  return pixels;
}

/**
 * Handwriting-like digits rendered from a bitmap font, so the classes overlap enough that a model has to learn, and
 * nothing is downloaded. Each record is `{ img, gt_label }` like MNIST's, so the same pipeline (`PackInputs`) and
 * model fit both.
 */
export class SyntheticDigits extends BaseDataset {
  /** @override */
  static METAINFO = { classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] };
  /** @override */
  static optionsSchema = BaseDataset.extendOptions({
    num_samples: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    image_size: z.number().int().min(7).optional(),
    noise: z.number().nonnegative().optional(),
  });

  /** @param {{ num_samples?: number, seed?: number, image_size?: number, noise?: number } & Record<string, unknown>} [options] */
  constructor({ num_samples = 1024, seed = 0, image_size = 28, noise = 0.15, ...rest } = {}) {
    super(/** @type {never} */ (rest));
    this.numSamples = num_samples;
    this.seed = seed;
    this.imageSize = image_size;
    this.noise = noise;
  }

  /** @override */
  loadDataList() {
    const rand = generator(this.seed);
    const size = this.imageSize;
    return Array.from({ length: this.numSamples }, () => {
      const label = Math.floor(rand() * 10);
      const data = renderDigit(rand, label, size, this.noise);
      return { gt_label: label, img: { data, height: size, width: size, channels: 1 } };
    });
  }
}

DEMO_DATASETS.registerModule({ module: SyntheticDigits });
