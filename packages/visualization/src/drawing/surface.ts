import { type Canvas, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { describe } from '@eng/internal';
import { VisualizationError } from '../errors';
import { type VisImage, withChannels } from '../image/vis-image';

/**
 * Pixels per point. MMEngine draws with matplotlib on a figure of 100 dpi whose axes span the image pixel for pixel,
 * so line widths, marker sizes and font sizes (all in points) are `100 / 72` pixels per point; coordinates are pixels.
 */
export const PX_PER_PT = 100 / 72;

/** MMEngine's `_default_font_size` for an image: `max(sqrt(h * w) // 90, 10)` points. */
export function defaultFontSize(width: number, height: number): number {
  return Math.max(Math.floor(Math.sqrt(height * width) / 90), 10);
}

/** An RGB image on a Skia canvas: what the Visualizer draws on (MMEngine's figure behind `ax_save`). */
export class DrawingCanvas {
  readonly canvas: Canvas;
  readonly ctx: SKRSContext2D;

  constructor(image: VisImage) {
    this.canvas = createCanvas(image.width, image.height);
    this.ctx = this.canvas.getContext('2d');
    this.putRgb(withChannels(image, 3).data);
  }

  get width(): number {
    return this.canvas.width;
  }

  get height(): number {
    return this.canvas.height;
  }

  /** The drawn pixels, RGB. */
  toImage(): VisImage & { channels: 3 } {
    const { width, height } = this;
    const rgba = this.ctx.getImageData(0, 0, width, height).data;
    const out = new Uint8Array(width * height * 3);
    for (let p = 0, q = 0; p < out.length; p += 3, q += 4) {
      out[p] = rgba[q] as number;
      out[p + 1] = rgba[q + 1] as number;
      out[p + 2] = rgba[q + 2] as number;
    }
    return { data: out, width, height, channels: 3 };
  }

  /** Replaces every pixel with `rgb` (`width * height * 3` bytes). */
  putRgb(rgb: Uint8Array): void {
    const { width, height } = this;
    const pixels = this.ctx.createImageData(width, height);
    const out = pixels.data;
    for (let p = 0, q = 0; q < out.length; p += 3, q += 4) {
      out[q] = rgb[p] as number;
      out[q + 1] = rgb[p + 1] as number;
      out[q + 2] = rgb[p + 2] as number;
      out[q + 3] = 255;
    }
    this.ctx.putImageData(pixels, 0, 0);
  }

  /** Runs `draw` with the context's state saved and restored around it. */
  draw(draw: (ctx: SKRSContext2D) => void): void {
    this.ctx.save();
    try {
      draw(this.ctx);
    } finally {
      this.ctx.restore();
    }
  }
}

/** Draws on a copy of `image` and returns the RGB result. */
export function drawOn(image: VisImage, draw: (ctx: SKRSContext2D) => void): VisImage & { channels: 3 } {
  const surface = new DrawingCanvas(image);
  surface.draw(draw);
  return surface.toImage();
}

/** A line style: matplotlib's names, or `[offset, [on, off, ...]]` in points (unscaled). */
export type LineStyle =
  | '-'
  | '--'
  | '-.'
  | ':'
  | 'solid'
  | 'dashed'
  | 'dashdot'
  | 'dotted'
  | 'None'
  | ' '
  | ''
  | LineDash;

/** matplotlib's dash tuple `(offset, (on, off, ...))`, in points. */
export type LineDash = readonly [number, readonly number[]];

/** How a style is stroked: no line at all, or a dash pattern (empty = solid) and its offset, in pixels. */
export interface Dash {
  readonly none: boolean;
  readonly pattern: number[];
  readonly offset: number;
}

/**
 * A line style as a canvas dash. matplotlib scales its named patterns by the line width (`lines.scale_dashes`):
 * dashed 3.7/1.6, dash-dot 6.4/1.6/1/1.6, dotted 1/1.65, times the width; `widthPx` is the width in pixels.
 */
export function dashOf(style: unknown, widthPx: number, where: string): Dash {
  const scale = Math.max(widthPx, 1);
  const named = (on: number[]): Dash => ({ none: false, pattern: on.map((v) => v * scale), offset: 0 });
  switch (style) {
    case '-':
    case 'solid':
      return { none: false, pattern: [], offset: 0 };
    case '--':
    case 'dashed':
      return named([3.7, 1.6]);
    case '-.':
    case 'dashdot':
      return named([6.4, 1.6, 1, 1.6]);
    case ':':
    case 'dotted':
      return named([1, 1.65]);
    case 'None':
    case 'none':
    case ' ':
    case '':
      return { none: true, pattern: [], offset: 0 };
    default:
      break;
  }
  if (
    Array.isArray(style) &&
    style.length === 2 &&
    typeof style[0] === 'number' &&
    Array.isArray(style[1]) &&
    style[1].every((v: unknown) => typeof v === 'number' && v >= 0)
  ) {
    const on = style[1] as number[];
    return { none: false, pattern: on.map((v) => v * PX_PER_PT * scale), offset: style[0] * PX_PER_PT * scale };
  }
  throw new VisualizationError(
    'BAD_OPTIONS',
    `${where}: a line style is '-', '--', '-.', ':' (or 'solid', 'dashed', 'dashdot', 'dotted', 'None') or [offset, [on, off, ...]], got ${describe(style)}`,
  );
}

/** Whether `value` is one line style rather than a list of them (a dash tuple is one style). */
export function isSingleLineStyle(value: unknown): boolean {
  return typeof value === 'string' || (Array.isArray(value) && typeof value[0] === 'number');
}

/** `image` resized to `width` x `height` with Skia's bilinear filter (MMEngine uses cv2.resize, bilinear). */
export function resizeImage(image: VisImage, width: number, height: number): VisImage & { channels: 3 } {
  if (image.width === width && image.height === height) return withChannels(image, 3) as VisImage & { channels: 3 };
  const source = new DrawingCanvas(image);
  return drawOn({ data: new Uint8Array(width * height * 3), width, height, channels: 3 }, (ctx) => {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'low';
    ctx.drawImage(source.canvas, 0, 0, width, height);
  });
}
