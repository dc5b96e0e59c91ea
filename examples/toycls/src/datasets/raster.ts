// Small drawing helpers for generated datasets: RGB images as `ImageArray`s (channels-last, row-major, 8-bit).
import type { RandomStream } from '@eng/dataset';
import type { ImageArray } from '@eng/structures';

export type Rgb = readonly [number, number, number];

/** A `height`×`width` RGB image of `base` with uniform noise of ±`noise`·255 on every channel of every pixel. */
export function noisyImage(height: number, width: number, base: Rgb, noise: number, random: RandomStream): ImageArray {
  const data = new Uint8Array(height * width * 3);
  for (let i = 0; i < height * width; i++) {
    for (let c = 0; c < 3; c++) {
      const value = (base[c] as number) + (random.random() * 2 - 1) * noise * 255;
      data[i * 3 + c] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return { data, height, width, channels: 3 };
}

/**
 * Paints `color` on every pixel whose centre `inside(x + 0.5, y + 0.5)` holds, within the bounding box
 * `[x1, y1, x2, y2]` (clipped to the image).
 */
export function paint(
  image: ImageArray,
  box: readonly [number, number, number, number],
  color: Rgb,
  inside: (x: number, y: number) => boolean,
): void {
  const [x1, y1, x2, y2] = box;
  const { width, height, data } = image;
  for (let y = Math.max(0, Math.floor(y1)); y < Math.min(height, Math.ceil(y2)); y++) {
    for (let x = Math.max(0, Math.floor(x1)); x < Math.min(width, Math.ceil(x2)); x++) {
      if (!inside(x + 0.5, y + 0.5)) continue;
      const at = (y * width + x) * 3;
      data[at] = color[0];
      data[at + 1] = color[1];
      data[at + 2] = color[2];
    }
  }
}

/** A bright random colour (each channel in [100, 255], one of them at least 200), seen well on a dark background. */
export function brightColor(random: RandomStream): Rgb {
  const rgb: [number, number, number] = [random.randint(100, 256), random.randint(100, 256), random.randint(100, 256)];
  rgb[random.randint(0, 3)] = random.randint(200, 256);
  return rgb;
}

/** A dark random colour (each channel in [0, 70)). */
export function darkColor(random: RandomStream): Rgb {
  return [random.randint(0, 70), random.randint(0, 70), random.randint(0, 70)];
}
