// Per-image cost of the image pipeline steps on 64x64 PNGs (decode, resize, flip, normalize, pack) and the
// sync-vs-async decode of @napi-rs/image; steps run interleaved (A B C ... A B C ...), medians with ranges.
import { RandomStream } from '@eng/internal';
import { Transformer } from '@napi-rs/image';
import { report } from '../../../scripts/bench-utils';
import {
  CenterCrop,
  decodeImage,
  type ImageArray,
  Normalize,
  PackInputs,
  Pad,
  RandomCrop,
  RandomFlip,
  type Results,
  Resize,
} from '../src/index';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PER_ROUND_MS = Number(process.env.BENCH_MS ?? 300);

const N_IMAGES = 32;
function pattern(seed: number, w: number, h: number): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  let s = seed + 1;
  for (let i = 0; i < w * h; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    px.set([(i % w) * 4, ((i / w) | 0) * 4, s >>> 24, 255], i * 4);
  }
  return px;
}
const pngs = Array.from({ length: N_IMAGES }, (_, i) =>
  Transformer.fromRgbaPixels(pattern(i, 64, 64), 64, 64).pngSync(),
);
const decoded: ImageArray[] = await Promise.all(pngs.map((b) => decodeImage(b)));
const ctx = { random: new RandomStream(0) };

const resize = new Resize({ scale: [224, 224] });
const resizeDown = new Resize({ scale: [32, 32] });
const flip = new RandomFlip({ prob: 1 });
const normalize = new Normalize({ mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] });
const pack = new PackInputs();
const pad = new Pad({ size_divisor: 32, padding_mode: 'reflect' });
const crop = new RandomCrop({ crop_size: 56, padding: 4 });
const center = new CenterCrop({ crop_size: 48 });

let k = 0;
const next = () => decoded[k++ % N_IMAGES] as ImageArray;
const steps: Record<string, () => unknown> = {
  'decode 64x64 PNG (async, as LoadImageFromFile)': () => decodeImage(pngs[k++ % N_IMAGES] as Uint8Array),
  'decode 64x64 PNG (rawPixelsSync only)': () => new Transformer(pngs[k++ % N_IMAGES] as Uint8Array).rawPixelsSync(),
  'Resize 64→224 bilinear': () => resize.transform({ img: next() }),
  'Resize 64→32 bilinear (2x: area)': () => resizeDown.transform({ img: next() }),
  'RandomFlip horizontal': () => flip.transform({ img: next() }, ctx),
  'Pad size_divisor 32 reflect (64→64)': () => pad.transform({ img: next() }),
  'RandomCrop 56 padding 4': () => crop.transform({ img: next() }, ctx),
  'CenterCrop 48': () => center.transform({ img: next() }),
  'Normalize to_rgb (→ float32)': () => normalize.transform({ img: next() }),
  PackInputs: () => pack.transform({ img: next(), gt_label: 1, sample_idx: 0, img_shape: [64, 64] } as Results),
};

async function timeRound(fn: () => unknown): Promise<number> {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < PER_ROUND_MS) {
    for (let i = 0; i < 16; i++) await fn();
    n += 16;
    elapsed = performance.now() - start;
  }
  return (elapsed / n) * 1000; // µs per image
}

for (const fn of Object.values(steps)) await timeRound(fn); // warm-up
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, fn] of Object.entries(steps)) samples[name]?.push(await timeRound(fn));
}

const rows = Object.entries(samples).map(([name, s]) => {
  const sorted = [...s].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1] as number;
  return {
    name,
    opsPerSec: 1e6 / median,
    msPerOp: median / 1000,
    samples: sorted.length,
    medianUs: median,
    minUs: sorted[0] as number,
    maxUs: sorted.at(-1) as number,
  };
});
console.log(`image transforms, 64x64 RGB, ${ROUNDS} interleaved rounds (median [min-max] µs per image)`);
for (const r of rows) {
  console.log(
    `  ${r.name.padEnd(48)} ${r.medianUs.toFixed(1).padStart(8)} [${r.minUs.toFixed(1)}-${r.maxUs.toFixed(1)}]`,
  );
}
report('dataset-image-transforms', rows, {
  note: 'per image, 64x64 RGB PNGs; steps interleaved per round; medians of rounds with [min-max]',
});
