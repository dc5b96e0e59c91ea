// @ts-check
// The demo's own "library": a dataset and a metric registered in child registries with scope `demo`, the way a
// downstream package (mmdet, mmcls) extends eng's root registries.
import { DATASETS, METRICS, Registry } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';

export const DEMO_DATASETS = new Registry('dataset', { parent: DATASETS, scope: 'demo' });
export const DEMO_METRICS = new Registry('metric', { parent: METRICS, scope: 'demo' });

// 5x7 bitmaps of the digits 0-9, one string per row.
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
 * Handwriting-like digits rendered from a bitmap font: random scale, position, slant, stroke intensity and
 * background noise, so the classes overlap enough that a model has to learn. No download needed.
 */
export class SyntheticDigits {
  // A strict schema makes a typo in the config (`num_sample`) an error at build, as in eng's own classes.
  static optionsSchema = z.strictObject({
    num_samples: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    image_size: z.number().int().min(7).optional(),
    noise: z.number().nonnegative().optional(),
  });

  /** @param {{ num_samples?: number, seed?: number, image_size?: number, noise?: number }} [options] */
  constructor({ num_samples = 1024, seed = 0, image_size = 28, noise = 0.15 } = {}) {
    const rand = generator(seed);
    const size = image_size;
    this.imageSize = size;
    this.labels = new Int32Array(num_samples);
    this.images = new Float32Array(num_samples * size * size);
    for (let n = 0; n < num_samples; n++) {
      const label = Math.floor(rand() * 10);
      this.labels[n] = label;
      const cell = 2 + Math.floor(rand() * 2); // 2 or 3 pixels per font cell
      const slant = (rand() - 0.5) * 0.6; // columns shifted per row
      const top = Math.floor(rand() * (size - 7 * cell + 1));
      const left = Math.floor(rand() * Math.max(1, size - 5 * cell - 2)) + 1;
      const ink = 0.6 + 0.4 * rand();
      const base = n * size * size;
      for (let i = 0; i < size * size; i++) this.images[base + i] = noise * rand();
      (GLYPHS[label] ?? []).forEach((row, r) => {
        for (let c = 0; c < 5; c++) {
          if (row[c] !== '1') continue;
          for (let dy = 0; dy < cell; dy++) {
            const y = top + r * cell + dy;
            const x0 = left + c * cell + Math.round(slant * (3 - r) * cell);
            for (let dx = 0; dx < cell; dx++) {
              const x = x0 + dx;
              if (x >= 0 && x < size && y >= 0 && y < size) this.images[base + y * size + x] = ink;
            }
          }
        }
      });
    }
  }

  get length() {
    return this.labels.length;
  }

  /**
   * A batch as BaseModel.trainStep expects it: NHWC inputs and the labels as data samples.
   * @param {number[]} indices
   */
  getBatch(indices) {
    const s = this.imageSize;
    const data = new Float32Array(indices.length * s * s);
    for (const [i, idx] of indices.entries()) data.set(this.images.subarray(idx * s * s, (idx + 1) * s * s), i * s * s);
    return {
      inputs: tf.tensor4d(data, [indices.length, s, s, 1]),
      data_samples: indices.map((idx) => this.labels[idx]),
    };
  }
}

/** Top-1 accuracy over the predictions of `valStep` (data elements with `pred_label` and `gt_label`). */
export class Accuracy {
  static optionsSchema = z.strictObject({ prefix: z.string().optional() });

  /** @param {{ prefix?: string }} [options] */
  constructor({ prefix = 'accuracy' } = {}) {
    this.prefix = prefix;
    /** @type {number[]} */
    this.results = [];
  }

  /** @param {Iterable<{ pred_label: unknown, gt_label: unknown }>} predictions */
  process(predictions) {
    for (const p of predictions) this.results.push(p.pred_label === p.gt_label ? 1 : 0);
  }

  /** @returns {Record<string, number>} */
  compute() {
    const correct = this.results.reduce((a, b) => a + b, 0);
    const value = (100 * correct) / Math.max(1, this.results.length);
    this.results = [];
    return { [`${this.prefix}/top1`]: value };
  }
}

DEMO_DATASETS.registerModule({ module: SyntheticDigits });
DEMO_METRICS.registerModule({ module: Accuracy });
