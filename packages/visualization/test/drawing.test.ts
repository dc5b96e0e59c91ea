// Each drawing call of the Visualizer, rendered and written as a PNG, then decoded again and checked pixel by pixel
// where the drawing must (and must not) be: edges, insides, blends at the given alpha, text inside its box only,
// heat maps in OpenCV's JET, the top-k grid, and the errors that name the argument, the expected shape or colour.
import { Transformer } from '@napi-rs/image';
import { captureLog } from '@eng/logging/test';
import { initBackend, tf } from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { VisualizationError, Visualizer } from '../src/index';
import { parseColor } from '../src/drawing/colors';
import { jetColormap } from '../src/drawing/featmap';
import { encodePng } from '../src/image/encode-png';

beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});

const W = 100;
const H = 80;
const GRAY = 100;

interface Decoded {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A `W x H` image of one gray level. */
function grayImage(level = GRAY, width = W, height = H) {
  return { data: new Uint8Array(width * height * 3).fill(level), width, height, channels: 3 as const };
}

let n = 0;
function visualizer(image = grayImage()): Visualizer {
  return new Visualizer({ name: `drawing-test-${n++}`, image });
}

/** The drawn image, through a PNG file and back (RGBA). */
async function rendered(vis: Visualizer): Promise<Decoded> {
  const png = await encodePng(vis.getImage());
  expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  const t = new Transformer(png);
  const { width, height } = await t.metadata();
  return { data: new Uint8Array(await t.rawPixels()), width, height };
}

function pixel(image: Decoded, x: number, y: number): [number, number, number] {
  const o = (y * image.width + x) * 4;
  return [image.data[o] as number, image.data[o + 1] as number, image.data[o + 2] as number];
}

/** Every pixel that differs from the background `level`, as [x, y]. */
function changed(image: Decoded, level = GRAY): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const [r, g, b] = pixel(image, x, y);
      if (r !== level || g !== level || b !== level) out.push([x, y]);
    }
  }
  return out;
}

function expectNear(actual: readonly number[], expected: readonly number[], tolerance = 2): void {
  for (const [i, v] of actual.entries()) {
    expect(Math.abs(v - (expected[i] as number)), `channel ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(
      tolerance,
    );
  }
}

const blend = (base: number, color: number, alpha: number) => (1 - alpha) * base + alpha * color;

describe('drawBboxes', () => {
  it("draws a box's edges in its colour and leaves its inside and the outside untouched", async () => {
    const image = await rendered(visualizer().drawBboxes([[20, 20, 60, 50]], { edge_colors: 'red', alpha: 1 }));
    for (const [x, y] of [
      [20, 35],
      [60, 35],
      [40, 20],
      [40, 50],
    ] as const) {
      expect(pixel(image, x, y), `edge pixel ${x},${y}`).toEqual([255, 0, 0]);
    }
    for (const [x, y] of [
      [25, 25],
      [40, 35],
      [55, 45],
      [10, 10],
      [80, 70],
    ] as const) {
      expect(pixel(image, x, y), `pixel ${x},${y}`).toEqual([GRAY, GRAY, GRAY]);
    }
    // nothing is drawn farther from the outline than half the (clamped) line width
    for (const [x, y] of changed(image)) {
      const nearVertical = (Math.abs(x - 20) <= 2 || Math.abs(x - 60) <= 2) && y >= 18 && y <= 52;
      const nearHorizontal = (Math.abs(y - 20) <= 2 || Math.abs(y - 50) <= 2) && x >= 18 && x <= 62;
      expect(nearVertical || nearHorizontal, `changed pixel ${x},${y} is off the outline`).toBe(true);
    }
  });

  it('fills with face_colors at alpha, over the image, and takes a tensor and per-box colours', async () => {
    const boxes = tf.tensor2d([
      [10, 10, 40, 40],
      [50, 10, 90, 40],
    ]);
    const vis = visualizer().drawBboxes(boxes, {
      edge_colors: ['red', [0, 0, 255]],
      face_colors: ['red', [0, 0, 255]],
      alpha: 0.5,
    });
    boxes.dispose();
    const image = await rendered(vis);
    expectNear(pixel(image, 25, 25), [blend(GRAY, 255, 0.5), blend(GRAY, 0, 0.5), blend(GRAY, 0, 0.5)]);
    expectNear(pixel(image, 70, 25), [blend(GRAY, 0, 0.5), blend(GRAY, 0, 0.5), blend(GRAY, 255, 0.5)]);
    expect(pixel(image, 45, 60)).toEqual([GRAY, GRAY, GRAY]);
  });

  it("defaults to matplotlib's green 'g' at alpha 0.8", async () => {
    const image = await rendered(visualizer().drawBboxes([20, 20, 60, 50]));
    expectNear(pixel(image, 20, 35), [blend(GRAY, 0, 0.8), blend(GRAY, 128, 0.8), blend(GRAY, 0, 0.8)]);
  });

  it('names the argument and the shapes when the boxes are wrong', () => {
    const vis = visualizer();
    expect(() => vis.drawBboxes([[1, 2, 3]])).toThrow(/drawBboxes: `bboxes` should have shape \[N, 4\], got \[1, 3\]/);
    expect(() => vis.drawBboxes([[30, 30, 10, 10]])).toThrow(/x1 <= x2 and y1 <= y2, but box 0 is \[30, 30, 10, 10\]/);
    expect(() => vis.drawBboxes([[1, 1, 5, 5]], { edge_colors: 'redd' })).toThrow(/unknown colour "redd".*red/);
    expect(() => vis.drawBboxes([[1, 1, 5, 5]], { edge_colors: ['red'], alpha: 2 })).toThrow(
      /`alpha` should be a number in \[0, 1\], got the number 2/,
    );
    try {
      vis.drawBboxes([[1, 2, 3]]);
    } catch (error) {
      expect(error).toBeInstanceOf(VisualizationError);
      expect((error as VisualizationError).code).toBe('BAD_SHAPE');
    }
  });

  it('warns as MMEngine does when a box reaches outside the image, and still draws it', async () => {
    const lines = captureLog();
    const vis = visualizer().drawBboxes([[-10, 20, 60, 50]], { alpha: 1 });
    expect(lines.join('\n')).toMatch(
      /WARNING - Warning: The bbox is out of bounds, the drawn bbox may not be in the image/,
    );
    expect(changed(await rendered(vis)).length).toBeGreaterThan(50);
  });
});

describe('drawBinaryMasks', () => {
  it('blends the inside at the given alpha and leaves the outside as it is', async () => {
    const mask = new Uint8Array(W * H);
    for (let y = 30; y < 50; y++) for (let x = 40; x < 70; x++) mask[y * W + x] = 1;
    const image = await rendered(
      visualizer().drawBinaryMasks({ data: mask, width: W, height: H }, { colors: [255, 0, 0], alphas: 0.6 }),
    );
    const inside = [
      Math.round(blend(GRAY, 255, 0.6)),
      Math.round(blend(GRAY, 0, 0.6)),
      Math.round(blend(GRAY, 0, 0.6)),
    ];
    let insideCount = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        if (mask[y * W + x]) {
          expect(pixel(image, x, y)).toEqual(inside);
          insideCount++;
        } else expect(pixel(image, x, y)).toEqual([GRAY, GRAY, GRAY]);
      }
    }
    expect(insideCount).toBe(600);
  });

  it('applies [N, H, W] tensor masks in order with one colour and alpha each', async () => {
    const masks = tf.tidy(() => {
      const a = tf.zeros([H, W]).bufferSync();
      const b = tf.zeros([H, W]).bufferSync();
      for (let x = 0; x < 20; x++) {
        a.set(1, 5, x);
        b.set(1, 5, x + 10);
      }
      return tf.stack([a.toTensor(), b.toTensor()]);
    });
    const image = await rendered(visualizer().drawBinaryMasks(masks, { colors: ['red', 'b'], alphas: [1, 0.5] }));
    masks.dispose();
    expect(pixel(image, 2, 5)).toEqual([255, 0, 0]);
    expect(pixel(image, 15, 5)).toEqual([128, 0, 128]); // blue at 0.5 over the red
    expect(pixel(image, 25, 5)).toEqual([50, 50, 178]);
    expect(pixel(image, 2, 6)).toEqual([GRAY, GRAY, GRAY]);
  });

  it('says the size a mask must have', () => {
    expect(() => visualizer().drawBinaryMasks(tf.zeros([10, 10]))).toThrow(
      /binary_masks` should have shape \[N, 80, 100\] or \[80, 100\].*got \[10, 10\]/,
    );
  });
});

describe('drawTexts', () => {
  it('changes pixels inside the text box only, in the given colour', async () => {
    const image = await rendered(visualizer().drawTexts('Hello', [10, 20], { colors: 'white', font_sizes: 12 }));
    const pixels = changed(image);
    expect(pixels.length).toBeGreaterThan(40);
    const xs = pixels.map(([x]) => x);
    const ys = pixels.map(([, y]) => y);
    // top-left alignment: the glyphs start at (10, 20); 12 pt is 16.7 px, "Hello" is about 2.6 em wide
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(10);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...xs)).toBeLessThan(10 + 50);
    expect(Math.max(...ys)).toBeLessThan(20 + 18);
    // the fully covered pixels are white
    expect(pixels.some(([x, y]) => pixel(image, x, y).every((c) => c === 255))).toBe(true);
  });

  it('draws a box behind the text (matplotlib bbox) and centres on the position when asked', async () => {
    const image = await rendered(
      visualizer().drawTexts(['A'], [[50, 40]], {
        colors: 'white',
        horizontal_alignments: 'center',
        vertical_alignments: 'center',
        bboxes: { facecolor: 'black', edgecolor: 'none', alpha: 1, pad: 2 },
      }),
    );
    const pixels = changed(image);
    const xs = pixels.map(([x]) => x);
    const ys = pixels.map(([, y]) => y);
    expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeCloseTo(50, -0.5);
    expect((Math.min(...ys) + Math.max(...ys)) / 2).toBeCloseTo(40, -0.5);
    expect(pixels.some(([x, y]) => pixel(image, x, y).every((c) => c === 0))).toBe(true);
  });

  it('needs one position per text', () => {
    expect(() => visualizer().drawTexts(['a', 'b'], [[1, 1]])).toThrow(/positions` should have shape \[2, 2\]/);
  });
});

describe('drawPoints, drawLines, drawCircles, drawPolygons', () => {
  it('draws a point as a filled marker around its position', async () => {
    const image = await rendered(visualizer().drawPoints([[30, 30]], { colors: 'red', sizes: 100 }));
    expect(pixel(image, 30, 30)).toEqual([255, 0, 0]);
    expect(pixel(image, 60, 60)).toEqual([GRAY, GRAY, GRAY]);
    for (const [x, y] of changed(image)) expect(Math.hypot(x - 30, y - 30)).toBeLessThan(10);
  });

  it('draws a line segment from (x1, y1) to (x2, y2)', async () => {
    const image = await rendered(
      visualizer().drawLines([[10, 90]], [[40, 40]], { colors: [255, 255, 0], line_widths: 3 }),
    );
    expect(pixel(image, 50, 40)).toEqual([255, 255, 0]);
    expect(pixel(image, 50, 45)).toEqual([GRAY, GRAY, GRAY]);
    expect(pixel(image, 5, 40)).toEqual([GRAY, GRAY, GRAY]);
    for (const [x, y] of changed(image)) {
      expect(Math.abs(y - 40)).toBeLessThanOrEqual(3);
      expect(x >= 9 && x <= 90).toBe(true);
    }
  });

  it('draws a circle outline at its radius with its centre untouched', async () => {
    const image = await rendered(visualizer().drawCircles([[50, 40]], [20], { edge_colors: 'red', alpha: 1 }));
    expect(pixel(image, 70, 40)).toEqual([255, 0, 0]);
    expect(pixel(image, 50, 20)).toEqual([255, 0, 0]);
    expect(pixel(image, 50, 40)).toEqual([GRAY, GRAY, GRAY]);
    for (const [x, y] of changed(image)) expect(Math.abs(Math.hypot(x + 0.5 - 50, y + 0.5 - 40) - 20)).toBeLessThan(3);
  });

  it('fills polygons, one or a list, with their face colour', async () => {
    const image = await rendered(
      visualizer().drawPolygons(
        [
          [
            [10, 10],
            [40, 10],
            [10, 40],
          ],
          tf.tensor2d([
            [60, 60],
            [90, 60],
            [90, 75],
          ]),
        ],
        { edge_colors: 'b', face_colors: 'b', alpha: 1 },
      ),
    );
    expect(pixel(image, 15, 15)).toEqual([0, 0, 255]);
    expect(pixel(image, 85, 65)).toEqual([0, 0, 255]);
    expect(pixel(image, 35, 35)).toEqual([GRAY, GRAY, GRAY]);
  });

  it('draws nothing before an image is set, and says so', () => {
    expect(() => new Visualizer({ name: `drawing-test-${n++}` }).drawPoints([[1, 1]])).toThrow(
      /drawPoints: set an image with setImage first/,
    );
  });
});

describe('colours as MMEngine takes them', () => {
  it('reads matplotlib names, single letters, Tableau, hex and RGB tuples of 0-255', () => {
    expect(parseColor('g', 'c')).toEqual([0, 0.5, 0]);
    expect(parseColor('green', 'c')).toEqual([0, 128 / 255, 0]);
    expect(parseColor('tab:blue', 'c')).toEqual([0x1f / 255, 0x77 / 255, 0xb4 / 255]);
    expect(parseColor('#f80', 'c')).toEqual([1, 0x88 / 255, 0]);
    expect(parseColor([255, 0, 51], 'c')).toEqual([1, 0, 0.2]);
    expect(parseColor('none', 'c')).toBeNull();
    expect(() => parseColor([300, 0, 0], 'Visualizer.drawBboxes: edge_colors')).toThrow(
      /edge_colors: an RGB tuple holds three values 0-255, got \[300, 0, 0\]/,
    );
  });
});

describe('drawFeatmap', () => {
  it("maps the channel mean through OpenCV's JET, min to dark blue and max to dark red", () => {
    const ramp = tf.tidy(() => tf.linspace(0, 1, 16).reshape([1, 4, 4]).tile([3, 1, 1]));
    const heat = Visualizer.drawFeatmap(ramp);
    ramp.dispose();
    expect([heat.width, heat.height]).toEqual([4, 4]);
    expect([...heat.data.subarray(0, 3)]).toEqual([0, 0, 128]);
    expect([...heat.data.subarray(45, 48)]).toEqual([128, 0, 0]);
    const jet = jetColormap();
    expect([...jet.subarray(0, 3)]).toEqual([0, 0, 128]);
    expect([...jet.subarray(255 * 3, 256 * 3)]).toEqual([128, 0, 0]);
  });

  it('blends the heat map over the image at alpha, resizing the map to the image', async () => {
    const map = tf.ones([2, 5, 5]);
    const lines = captureLog();
    const heat = Visualizer.drawFeatmap(map, grayImage(200, 10, 10), { alpha: 0.25 });
    map.dispose();
    expect(lines.join('\n')).toMatch(/featmap: \(5, 5\) are not same, the feature map will be interpolated/);
    expect([heat.width, heat.height]).toEqual([10, 10]);
    // a constant map normalises to 0: JET's dark blue (0, 0, 128) over gray 200
    expect([...heat.data.subarray(0, 3)]).toEqual([150, 150, 182]);
  });

  it('select_max shows the channel of largest sum', () => {
    const map = tf.tidy(() => tf.stack([tf.zeros([3, 3]), tf.linspace(0, 1, 9).reshape([3, 3]), tf.fill([3, 3], 0.1)]));
    const heat = Visualizer.drawFeatmap(map, null, { channel_reduction: 'select_max' });
    map.dispose();
    expect([...heat.data.subarray(0, 3)]).toEqual([0, 0, 128]);
    expect([...heat.data.subarray(24, 27)]).toEqual([128, 0, 0]);
  });

  it('lays the topk channels out in a grid, largest first, each labelled', () => {
    const map = tf.tidy(() =>
      tf.stack([0, 3, 1, 2, 0.5].map((level) => tf.linspace(0, level + 1, 32 * 32).reshape([32, 32]))),
    );
    const grid = Visualizer.drawFeatmap(map, null, { channel_reduction: null, topk: 4, arrangement: [2, 2] });
    map.dispose();
    expect([grid.width, grid.height]).toEqual([64, 64]);
    // every tile ends in dark red at its bottom-right corner (each tile is normalised on its own)
    for (const [x, y] of [
      [31, 31],
      [63, 31],
      [31, 63],
      [63, 63],
    ] as const) {
      const o = (y * 64 + x) * 3;
      expect([...grid.data.subarray(o, o + 3)]).toEqual([128, 0, 0]);
    }
    // the label "channel: k" is black text in the top-left of each tile
    let dark = 0;
    for (let y = 2; y < 16; y++) for (let x = 2; x < 30; x++) if ((grid.data[(y * 64 + x) * 3] as number) < 40) dark++;
    expect(dark).toBeGreaterThan(10);
    expect(() => Visualizer.drawFeatmap(tf.ones([8, 2, 2]), null, { channel_reduction: null, topk: 21 })).toThrow(
      /\[4, 5\] holds 20 maps, fewer than topk \(21\)/,
    );
    expect(() => Visualizer.drawFeatmap(tf.ones([2, 2]) as never)).toThrow(
      /should be a tensor of shape \[C, H, W\], got shape \[2, 2\]/,
    );
  });
});
