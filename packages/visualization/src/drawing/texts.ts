import type { SKRSContext2D } from '@napi-rs/canvas';
import { describe } from '@eng/internal';
import { VisualizationError } from '../errors';
import { type Color, type ColorInput, type ColorsInput, cssOf, parseColor, perItem, perItemColors } from './colors';
import { fontFileFamily, fontOf } from './font';
import { toRows } from './geometry';
import { warnOutOfBounds } from './shapes';
import { type DrawingCanvas, defaultFontSize, PX_PER_PT } from './surface';

export type VerticalAlignment = 'top' | 'bottom' | 'center' | 'baseline' | 'center_baseline';
export type HorizontalAlignment = 'left' | 'center' | 'right';

/**
 * The box behind a text (matplotlib's `bbox` dict, as MMDetection passes `{ facecolor: 'black', alpha: 0.8, pad: 0.7,
 * edgecolor: 'none' }`). Without `boxstyle`, `pad` is in points (default 4); with one (`'square'`, `'round'`), a
 * fraction of the font size (default 0.3).
 */
export interface TextBbox {
  facecolor?: ColorInput;
  edgecolor?: ColorInput;
  /** Opacity of the box (default 1). */
  alpha?: number;
  pad?: number;
  boxstyle?: 'square' | 'round';
  /** Outline width in points (default 1). */
  linewidth?: number;
  /** Whether the box is filled (default true). */
  fill?: boolean;
}

/**
 * matplotlib's `FontProperties` as far as a bundled renderer can honour it: `fname` loads a font file (for CJK text),
 * `weight` and `style` select a face of it; `size` (points) applies when `font_sizes` is not given.
 */
export interface FontProperties {
  fname?: string;
  weight?: 'normal' | 'bold' | number;
  style?: 'normal' | 'italic' | 'oblique';
  size?: number;
}

/** `drawTexts` options (MMEngine's keyword arguments of `draw_texts`). */
export interface DrawTextsOptions {
  /** Font size(s) in points. Default MMEngine's `max(sqrt(h * w) // 90, 10)`. */
  font_sizes?: number | readonly number[] | null;
  /** Text colour(s). Default `'g'`. */
  colors?: ColorsInput;
  /** Where `y` is on the text's box: `'top'` (default), `'bottom'`, `'center'`, `'baseline'` (of the last line). */
  vertical_alignments?: VerticalAlignment | readonly VerticalAlignment[];
  /** Where `x` is on the text's box: `'left'` (default), `'center'`, `'right'`. */
  horizontal_alignments?: HorizontalAlignment | readonly HorizontalAlignment[];
  /**
   * Accepted for MMEngine's signature (`'sans-serif'` default, `'serif'`, `'monospace'`, ...); every text is drawn in
   * the bundled DejaVu Sans (or `font_properties.fname`), so output is the same on every machine.
   */
  font_families?: string | readonly string[];
  /** A box behind each text (one for all, or one per text; `null` for none). Default none. */
  bboxes?: TextBbox | null | ReadonlyArray<TextBbox | null>;
  /** Font files and faces (one for all, or one per text). */
  font_properties?: FontProperties | null | ReadonlyArray<FontProperties | null>;
}

const VERTICAL: readonly string[] = ['top', 'bottom', 'center', 'baseline', 'center_baseline'];
const HORIZONTAL: readonly string[] = ['left', 'center', 'right'];

function checkChoice(value: unknown, choices: readonly string[], where: string): void {
  if (typeof value !== 'string' || !choices.includes(value)) {
    throw new VisualizationError(
      'BAD_OPTIONS',
      `${where} should be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`,
    );
  }
}

interface Layout {
  lines: string[];
  widths: number[];
  /** Baselines of each line, from the top of the box. */
  baselines: number[];
  width: number;
  height: number;
}

/** matplotlib's text layout: each line at least as tall as "lp", lines 1.2 times that apart. */
function layout(ctx: SKRSContext2D, text: string): Layout {
  const lp = ctx.measureText('lp');
  const lpAscent = lp.actualBoundingBoxAscent;
  const lpDescent = lp.actualBoundingBoxDescent;
  const lines = text.split('\n');
  const widths: number[] = [];
  const baselines: number[] = [];
  let previousDescent = 0;
  let bottom = 0;
  lines.forEach((line, i) => {
    const m = ctx.measureText(line);
    const ascent = Math.max(m.actualBoundingBoxAscent, lpAscent);
    const descent = Math.max(m.actualBoundingBoxDescent, lpDescent);
    widths.push(m.width);
    const baseline =
      i === 0
        ? ascent
        : (baselines[i - 1] as number) + Math.max((lpAscent + lpDescent) * 1.2, ascent + previousDescent);
    baselines.push(baseline);
    previousDescent = descent;
    bottom = baseline + descent;
  });
  return { lines, widths, baselines, width: Math.max(0, ...widths), height: bottom };
}

function drawBox(
  ctx: SKRSContext2D,
  bbox: TextBbox,
  x: number,
  y: number,
  w: number,
  h: number,
  sizePx: number,
  where: string,
): void {
  const pad = bbox.boxstyle === undefined ? (bbox.pad ?? 4) * PX_PER_PT : (bbox.pad ?? 0.3) * sizePx;
  const face: Color = bbox.fill === false ? null : parseColor(bbox.facecolor ?? 'C0', `${where}.facecolor`);
  const edge: Color = parseColor(bbox.edgecolor ?? 'black', `${where}.edgecolor`);
  const alpha = bbox.alpha ?? 1;
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw new VisualizationError('BAD_OPTIONS', `${where}.alpha should be a number in [0, 1], got ${describe(alpha)}`);
  }
  ctx.save();
  ctx.globalAlpha = alpha;
  ctx.beginPath();
  if (bbox.boxstyle === 'round') ctx.roundRect(x - pad, y - pad, w + 2 * pad, h + 2 * pad, pad);
  else ctx.rect(x - pad, y - pad, w + 2 * pad, h + 2 * pad);
  if (face !== null) {
    ctx.fillStyle = cssOf(face);
    ctx.fill();
  }
  const lineWidth = (bbox.linewidth ?? 1) * PX_PER_PT;
  if (edge !== null && lineWidth > 0) {
    ctx.strokeStyle = cssOf(edge);
    ctx.lineWidth = lineWidth;
    ctx.stroke();
  }
  ctx.restore();
}

/** MMEngine's `draw_texts` on `surface`: texts at `positions` `[N, 2]`, in the bundled DejaVu Sans. */
export function drawTextsOn(
  surface: DrawingCanvas,
  texts: string | readonly string[],
  positions: unknown,
  options: DrawTextsOptions,
): void {
  const where = 'Visualizer.drawTexts';
  const list = typeof texts === 'string' ? [texts] : texts;
  if (!Array.isArray(list) || !list.every((t) => typeof t === 'string')) {
    throw new VisualizationError(
      'BAD_OPTIONS',
      `${where}: \`texts\` should be a string or a list of strings, got ${describe(texts)}`,
    );
  }
  const count = list.length;
  const points = toRows(positions, 2, where, 'positions');
  if (points.length !== count) {
    throw new VisualizationError(
      'BAD_SHAPE',
      `${where}: \`positions\` should have shape [${count}, 2] (one per text), got [${points.length}, 2]`,
    );
  }
  warnOutOfBounds('text', points, surface.width, surface.height);
  const props = perItem(options.font_properties ?? null, count, `${where}: font_properties`);
  const defaultSize = defaultFontSize(surface.width, surface.height);
  const sizes = perItem(options.font_sizes ?? null, count, `${where}: font_sizes`).map((s, i) => {
    const size = s ?? props[i]?.size ?? defaultSize;
    if (typeof size !== 'number' || !(size > 0)) {
      throw new VisualizationError(
        'BAD_OPTIONS',
        `${where}: \`font_sizes\` are sizes > 0 in points, got ${describe(size)}`,
      );
    }
    return size;
  });
  const colors = perItemColors(options.colors ?? 'g', count, `${where}: colors`);
  const vertical = perItem(options.vertical_alignments ?? 'top', count, `${where}: vertical_alignments`);
  const horizontal = perItem(options.horizontal_alignments ?? 'left', count, `${where}: horizontal_alignments`);
  const families = perItem(options.font_families ?? 'sans-serif', count, `${where}: font_families`);
  const bboxes = perItem(options.bboxes ?? null, count, `${where}: bboxes`);
  for (const [i, v] of vertical.entries()) checkChoice(v, VERTICAL, `${where}: vertical_alignments[${i}]`);
  for (const [i, h] of horizontal.entries()) checkChoice(h, HORIZONTAL, `${where}: horizontal_alignments[${i}]`);
  families.forEach((f, i) => {
    if (typeof f !== 'string') {
      throw new VisualizationError(
        'BAD_OPTIONS',
        `${where}: font_families[${i}] should be a string, got ${describe(f)}`,
      );
    }
  });
  surface.draw((ctx) => {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    list.forEach((text, i) => {
      const prop = props[i] ?? null;
      const sizePx = (sizes[i] as number) * PX_PER_PT;
      const family = prop?.fname === undefined ? undefined : fontFileFamily(prop.fname, `${where}: font_properties`);
      ctx.font = fontOf(sizePx, family, String(prop?.weight ?? 'normal'), prop?.style ?? 'normal');
      const box = layout(ctx, text);
      const [x = 0, y = 0] = points[i] as number[];
      const h = horizontal[i];
      const left = h === 'left' ? x : h === 'center' ? x - box.width / 2 : x - box.width;
      const v = vertical[i];
      const firstBaseline = box.baselines[0] as number;
      const lastBaseline = box.baselines[box.baselines.length - 1] as number;
      const top =
        v === 'top'
          ? y
          : v === 'bottom'
            ? y - box.height
            : v === 'center'
              ? y - box.height / 2
              : v === 'baseline'
                ? y - lastBaseline
                : y - firstBaseline / 2;
      const bbox = bboxes[i] ?? null;
      if (bbox !== null) drawBox(ctx, bbox, left, top, box.width, box.height, sizePx, `${where}: bboxes[${i}]`);
      const color = colors[i] as Color;
      if (color === null) return;
      ctx.fillStyle = cssOf(color);
      box.lines.forEach((line, j) => {
        const lineWidth = box.widths[j] as number;
        const lx =
          h === 'left' ? left : h === 'center' ? left + (box.width - lineWidth) / 2 : left + box.width - lineWidth;
        ctx.fillText(line, lx, top + (box.baselines[j] as number));
      });
    });
  });
}
