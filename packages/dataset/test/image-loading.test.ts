import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSFORMS } from '@eng/registry';
import { freshDir } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';
import { DatasetError, decodeImage, type ImageArray, isImageArray, LoadImageFromFile } from '../src';
import { encodePng, jpegFromRgba, pngFromRgba, rgbaPattern } from './image-fixtures';

const dir = freshDir('image-loading');
const W = 5;
const H = 3;
const rgba = rgbaPattern(W, H, false);
const write = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const rgbaPath = write('rgba.png', pngFromRgba(rgba, W, H));
const pixel = (img: ImageArray, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * img.channels, (y * img.width + x + 1) * img.channels));
const gray601 = (r: number, g: number, b: number) => (r * 4899 + g * 9617 + b * 1868 + 8192) >> 14;

describe('LoadImageFromFile', () => {
  it('loads a colour image as BGR uint8 and records img_shape and ori_shape [h, w]', async () => {
    const out = (await new LoadImageFromFile().transform({ img_path: rgbaPath, sample_idx: 0 })) as Record<
      string,
      unknown
    >;
    const img = out.img as ImageArray;
    expect(isImageArray(img)).toBe(true);
    expect(img.data).toBeInstanceOf(Uint8Array);
    expect([img.height, img.width, img.channels]).toEqual([H, W, 3]);
    expect(out.img_shape).toEqual([H, W]);
    expect(out.ori_shape).toEqual([H, W]);
    expect(out.sample_idx).toBe(0);
    for (const [x, y] of [
      [0, 0],
      [4, 2],
      [2, 1],
    ] as const) {
      const i = (y * W + x) * 4;
      // cv2 drops the alpha of IMREAD_COLOR and orders channels B, G, R.
      expect(pixel(img, x, y)).toEqual([rgba[i + 2], rgba[i + 1], rgba[i]]);
    }
  });

  it('to_float32 gives the same values as a Float32Array', async () => {
    const a = (await new LoadImageFromFile().transform({ img_path: rgbaPath })) as { img: ImageArray };
    const b = (await new LoadImageFromFile({ to_float32: true }).transform({ img_path: rgbaPath })) as {
      img: ImageArray;
    };
    expect(b.img.data).toBeInstanceOf(Float32Array);
    expect(Array.from(b.img.data)).toEqual(Array.from(a.img.data));
  });

  it("'grayscale' gives one channel (cv2's BT.601 weights), 'unchanged' keeps the alpha as BGRA", async () => {
    const g = (await new LoadImageFromFile({ color_type: 'grayscale' }).transform({ img_path: rgbaPath })) as {
      img: ImageArray;
      img_shape: number[];
    };
    expect(g.img.channels).toBe(1);
    expect(g.img_shape).toEqual([H, W]);
    expect(pixel(g.img, 3, 1)[0]).toBe(
      gray601(
        rgba[(1 * W + 3) * 4] as number,
        rgba[(1 * W + 3) * 4 + 1] as number,
        rgba[(1 * W + 3) * 4 + 2] as number,
      ),
    );
    const u = (await new LoadImageFromFile({ color_type: 'unchanged' }).transform({ img_path: rgbaPath })) as {
      img: ImageArray;
    };
    expect(u.img.channels).toBe(4);
    const i = (2 * W + 1) * 4;
    expect(pixel(u.img, 1, 2)).toEqual([rgba[i + 2], rgba[i + 1], rgba[i], rgba[i + 3]]);
  });

  it('decodes JPEG with BGR order', async () => {
    const red = new Uint8Array(8 * 8 * 4);
    for (let i = 0; i < 64; i++) red.set([250, 10, 10, 255], i * 4);
    const path = write('red.jpg', jpegFromRgba(red, 8, 8));
    const { img } = (await new LoadImageFromFile().transform({ img_path: path })) as { img: ImageArray };
    const [b, g, r] = pixel(img, 4, 4) as [number, number, number];
    expect(r).toBeGreaterThan(230);
    expect(b).toBeLessThan(30);
    expect(g).toBeLessThan(30);
  });

  it('handles grayscale, gray+alpha, palette and 16-bit PNGs as cv2 does', async () => {
    const gray = encodePng({ width: 2, height: 1, colorType: 0, bitDepth: 8, samples: [7, 200] });
    let img = await decodeImage(gray);
    expect([img.channels, ...pixel(img, 1, 0)]).toEqual([3, 200, 200, 200]);
    img = await decodeImage(gray, { flag: 'unchanged' });
    expect([img.channels, ...pixel(img, 0, 0)]).toEqual([1, 7]);

    const ga = encodePng({ width: 1, height: 1, colorType: 4, bitDepth: 8, samples: [90, 30] });
    expect(pixel(await decodeImage(ga), 0, 0)).toEqual([90, 90, 90]);
    expect(pixel(await decodeImage(ga, { flag: 'unchanged' }), 0, 0)).toEqual([90, 90, 90, 30]);

    const pal = encodePng({
      width: 2,
      height: 1,
      colorType: 3,
      bitDepth: 8,
      samples: [1, 0],
      palette: [
        [10, 20, 30],
        [200, 100, 50],
      ],
    });
    img = await decodeImage(pal);
    expect(pixel(img, 0, 0)).toEqual([50, 100, 200]);
    expect(pixel(img, 1, 0)).toEqual([30, 20, 10]);

    const deep = encodePng({
      width: 2,
      height: 1,
      colorType: 2,
      bitDepth: 16,
      samples: [65535, 256, 4660, 0, 511, 1000],
    });
    img = await decodeImage(deep);
    expect(img.data).toBeInstanceOf(Uint8Array);
    expect(pixel(img, 0, 0)).toEqual([4660 >> 8, 1, 255]); // cv2 keeps the high byte
    img = await decodeImage(deep, { flag: 'unchanged' });
    expect(img.data).toBeInstanceOf(Float32Array);
    expect(pixel(img, 0, 0)).toEqual([4660, 256, 65535]);
    expect(pixel(img, 1, 0)).toEqual([1000, 511, 0]);
  });

  it('an undecodable file is BAD_IMAGE naming the file and sample_idx; ignore_empty returns null', async () => {
    const bad = write('bad.png', new Uint8Array([1, 2, 3, 4]));
    const err = await new LoadImageFromFile().transform({ img_path: bad, sample_idx: 7 }).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.code).toBe('BAD_IMAGE');
    expect(err.message).toContain(bad);
    expect(err.message).toContain('sample_idx 7');
    await expect(new LoadImageFromFile({ ignore_empty: true }).transform({ img_path: bad })).resolves.toBeNull();
    const missing = join(dir, 'nope.png');
    await expect(new LoadImageFromFile().transform({ img_path: missing })).rejects.toThrow(/nope\.png/);
    await expect(new LoadImageFromFile({ ignore_empty: true }).transform({ img_path: missing })).resolves.toBeNull();
  });

  it('checks its options and builds from the registry', async () => {
    expect(() => new LoadImageFromFile({ imdecode_backend: 'cv2' })).toThrow(/not available.*napi-rs/);
    expect(() => new LoadImageFromFile({ color_type: 'colour' as never })).toThrow(/Did you mean "color"/);
    expect(() => TRANSFORMS.build({ type: 'LoadImageFromFile', to_float: true })).toThrow(/to_float32/);
    const t = TRANSFORMS.build({ type: 'LoadImageFromFile', color_type: 'grayscale' });
    expect(t).toBeInstanceOf(LoadImageFromFile);
    await expect(new LoadImageFromFile().transform({ img_path: 3 })).rejects.toThrow(/img_path should be a string/);
  });
});
