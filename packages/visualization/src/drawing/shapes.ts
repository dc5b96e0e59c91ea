import type { SKRSContext2D } from '@napi-rs/canvas';
import { describe } from '@eng/internal';
import { printLog } from '@eng/logging';
import { VisualizationError } from '../errors';
import { type Color, type ColorsInput, cssOf, cycled, cycledColors } from './colors';
import { badShape, toList, toPolygons, toRows } from './geometry';
import {
  type Dash,
  type DrawingCanvas,
  dashOf,
  defaultFontSize,
  isSingleLineStyle,
  type LineStyle,
  PX_PER_PT,
} from './surface';

/** A number for every item, or one per item. */
export type NumbersInput = number | readonly number[];

/** A line style for every item, or one per item. */
export type LineStylesInput = LineStyle | readonly LineStyle[];

/** What `drawPolygons`, `drawBboxes` and `drawCircles` take besides the geometry (MMEngine's keyword arguments). */
export interface DrawShapesOptions {
  /** The outline colour(s). Default `'g'` (matplotlib's green, `#008000`). */
  edge_colors?: ColorsInput;
  /** The outline style(s): `'-'` (default), `'--'`, `'-.'`, `':'`. */
  line_styles?: LineStylesInput;
  /** The outline width(s) in points, clamped to `[1, defaultFontSize / 4]` as MMEngine does. Default 2. */
  line_widths?: NumbersInput;
  /** The fill colour(s). Default `'none'` (no fill). */
  face_colors?: ColorsInput;
  /** The opacity of outline and fill (matplotlib's collection alpha). Default 0.8. */
  alpha?: number;
}

/** `drawBboxes` options. */
export type DrawBboxesOptions = DrawShapesOptions;
/** `drawPolygons` options. */
export type DrawPolygonsOptions = DrawShapesOptions;
/** `drawCircles` options. */
export type DrawCirclesOptions = DrawShapesOptions;

/** `drawLines` options. */
export interface DrawLinesOptions {
  /** The line colour(s). Default `'g'`. */
  colors?: ColorsInput;
  /** The line style(s). Default `'-'`. */
  line_styles?: LineStylesInput;
  /** The line width(s) in points (not clamped, as in MMEngine). Default 2. */
  line_widths?: NumbersInput;
}

/** The markers `drawPoints` draws (matplotlib's marker codes). */
export type PointMarker = 'o' | '.' | ',' | 's' | '^' | 'v' | '<' | '>' | 'D' | 'd' | 'x' | '+' | '*' | 'p' | 'h';

/** `drawPoints` options. */
export interface DrawPointsOptions {
  /** The point colour(s). Default `'g'`. */
  colors?: ColorsInput;
  /** The marker. Default `'o'` (matplotlib's scatter default). */
  marker?: PointMarker | null;
  /** The marker area(s) in points² (matplotlib's `s`), one or one per point. Default 36 (6 pt across). */
  sizes?: NumbersInput | ArrayLike<number> | null;
}

const MARKERS: readonly string[] = ['o', '.', ',', 's', '^', 'v', '<', '>', 'D', 'd', 'x', '+', '*', 'p', 'h'];

/** Warns as MMEngine does (`UserWarning`) when a shape reaches outside the image. */
export function warnOutOfBounds(
  what: string,
  points: ReadonlyArray<readonly number[]>,
  width: number,
  height: number,
): void {
  const inside = points.every(([x = 0, y = 0]) => x >= 0 && x < width && y >= 0 && y < height);
  if (!inside) {
    printLog(`Warning: The ${what} is out of bounds, the drawn ${what} may not be in the image`, {
      logger: 'current',
      level: 'warning',
    });
  }
}

function checkAlpha(alpha: unknown, where: string, name = 'alpha'): number {
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw new VisualizationError(
      'BAD_OPTIONS',
      `${where}: \`${name}\` should be a number in [0, 1], got ${describe(alpha)}`,
    );
  }
  return alpha;
}

function widthsOf(value: unknown, count: number, where: string): number[] {
  const list = cycled(value as NumbersInput, count, `${where}: line_widths`);
  for (const w of list) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new VisualizationError(
        'BAD_OPTIONS',
        `${where}: \`line_widths\` should be a number of points (or one per item), got ${describe(w)}`,
      );
    }
  }
  return list;
}

function stylesOf(value: unknown, count: number, where: string): unknown[] {
  return cycled(value as LineStylesInput, count, `${where}: line_styles`, isSingleLineStyle);
}

function stroke(ctx: SKRSContext2D, color: Color, widthPx: number, dash: Dash): void {
  if (color === null || dash.none || widthPx <= 0) return;
  ctx.strokeStyle = cssOf(color);
  ctx.lineWidth = widthPx;
  ctx.setLineDash(dash.pattern);
  ctx.lineDashOffset = dash.offset;
  ctx.stroke();
}

function fill(ctx: SKRSContext2D, color: Color): void {
  if (color === null) return;
  ctx.fillStyle = cssOf(color);
  ctx.fill();
}

/**
 * Fills and outlines closed paths with MMEngine's `PolyCollection` / `PatchCollection` semantics: per-item colours,
 * styles and widths cycled, widths in points clamped to `[1, defaultFontSize / 4]`, one alpha for edge and face.
 */
function drawPatches(
  surface: DrawingCanvas,
  count: number,
  path: (ctx: SKRSContext2D, i: number) => void,
  options: DrawShapesOptions,
  where: string,
): void {
  const alpha = checkAlpha(options.alpha ?? 0.8, where);
  const edges = cycledColors(options.edge_colors ?? 'g', count, `${where}: edge_colors`);
  const faces = cycledColors(options.face_colors ?? 'none', count, `${where}: face_colors`);
  const maxWidth = defaultFontSize(surface.width, surface.height) / 4;
  const widths = widthsOf(options.line_widths ?? 2, count, where).map((w) => Math.min(Math.max(w, 1), maxWidth));
  const styles = stylesOf(options.line_styles ?? '-', count, where);
  surface.draw((ctx) => {
    ctx.globalAlpha = alpha;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'butt';
    for (let i = 0; i < count; i++) {
      const widthPx = (widths[i] as number) * PX_PER_PT;
      const dash = dashOf(styles[i], widthPx, `${where}: line_styles`);
      ctx.beginPath();
      path(ctx, i);
      fill(ctx, faces[i] as Color);
      stroke(ctx, edges[i] as Color, widthPx, dash);
    }
  });
}

/** Adds the closed outline through `points` to the current path. */
function tracePolygon(ctx: SKRSContext2D, points: ReadonlyArray<readonly number[]>): void {
  points.forEach(([x = 0, y = 0], j) => {
    if (j === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.closePath();
}

/** MMEngine's `draw_polygons` on `surface`. */
export function drawPolygonsOn(
  surface: DrawingCanvas,
  polygons: unknown,
  options: DrawPolygonsOptions,
  where = 'Visualizer.drawPolygons',
): void {
  const list = toPolygons(polygons, where);
  for (const polygon of list) warnOutOfBounds('polygon', polygon, surface.width, surface.height);
  drawPatches(
    surface,
    list.length,
    (ctx, i) => {
      const polygon = list[i] as number[][];
      tracePolygon(ctx, polygon);
    },
    options,
    where,
  );
}

/** MMEngine's `draw_bboxes` (`[N, 4]` boxes `x1, y1, x2, y2`, drawn as polygons) on `surface`. */
export function drawBboxesOn(surface: DrawingCanvas, bboxes: unknown, options: DrawBboxesOptions): void {
  const where = 'Visualizer.drawBboxes';
  const boxes = toRows(bboxes, 4, where, 'bboxes');
  boxes.forEach(([x1 = 0, y1 = 0, x2 = 0, y2 = 0], i) => {
    if (!(x1 <= x2 && y1 <= y2)) {
      throw new VisualizationError(
        'BAD_SHAPE',
        `${where}: \`bboxes\` are x1, y1, x2, y2 with x1 <= x2 and y1 <= y2, but box ${i} is [${x1}, ${y1}, ${x2}, ${y2}]`,
      );
    }
  });
  warnOutOfBounds(
    'bbox',
    boxes.flatMap(([x1 = 0, y1 = 0, x2 = 0, y2 = 0]) => [
      [x1, y1],
      [x2, y2],
    ]),
    surface.width,
    surface.height,
  );
  const polygons = boxes.map(([x1 = 0, y1 = 0, x2 = 0, y2 = 0]) => [
    [x1, y1],
    [x2, y1],
    [x2, y2],
    [x1, y2],
  ]);
  drawPatches(
    surface,
    polygons.length,
    (ctx, i) => {
      tracePolygon(ctx, polygons[i] as number[][]);
    },
    options,
    where,
  );
}

/** MMEngine's `draw_circles` (`center` `[N, 2]`, `radius` `[N]`, in pixels) on `surface`. */
export function drawCirclesOn(
  surface: DrawingCanvas,
  center: unknown,
  radius: unknown,
  options: DrawCirclesOptions,
): void {
  const where = 'Visualizer.drawCircles';
  const radii = toList(radius, where, 'radius');
  const centers = toRows(center, 2, where, 'center');
  if (centers.length !== radii.length) throw badShape(where, 'center', `[${radii.length}, 2] (one per radius)`, center);
  radii.forEach((r, i) => {
    if (r < 0) throw new VisualizationError('BAD_SHAPE', `${where}: \`radius\`[${i}] should be >= 0, got ${r}`);
  });
  warnOutOfBounds(
    'circle',
    centers.flatMap(([x = 0, y = 0], i) => {
      const r = radii[i] as number;
      return [
        [x - r, y - r],
        [x + r, y + r],
      ];
    }),
    surface.width,
    surface.height,
  );
  drawPatches(
    surface,
    centers.length,
    (ctx, i) => {
      const [x = 0, y = 0] = centers[i] as number[];
      ctx.arc(x, y, radii[i] as number, 0, 2 * Math.PI);
      ctx.closePath();
    },
    options,
    where,
  );
}

/** MMEngine's `draw_lines`: segment i from `(x_datas[i][0], y_datas[i][0])` to `(x_datas[i][1], y_datas[i][1])`. */
export function drawLinesOn(surface: DrawingCanvas, xDatas: unknown, yDatas: unknown, options: DrawLinesOptions): void {
  const where = 'Visualizer.drawLines';
  const xs = toRows(xDatas, 2, where, 'x_datas');
  const ys = toRows(yDatas, 2, where, 'y_datas');
  if (xs.length !== ys.length) throw badShape(where, 'y_datas', `[${xs.length}, 2] (the shape of x_datas)`, yDatas);
  const lines = xs.map((x, i) => [
    [x[0] as number, (ys[i] as number[])[0] as number],
    [x[1] as number, (ys[i] as number[])[1] as number],
  ]);
  warnOutOfBounds('line', lines.flat(), surface.width, surface.height);
  const count = lines.length;
  const colors = cycledColors(options.colors ?? 'g', count, `${where}: colors`);
  const widths = widthsOf(options.line_widths ?? 2, count, where);
  const styles = stylesOf(options.line_styles ?? '-', count, where);
  surface.draw((ctx) => {
    ctx.lineCap = 'butt';
    lines.forEach((line, i) => {
      const [[x1 = 0, y1 = 0] = [], [x2 = 0, y2 = 0] = []] = line as number[][];
      const widthPx = (widths[i] as number) * PX_PER_PT;
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      stroke(ctx, colors[i] as Color, widthPx, dashOf(styles[i], widthPx, `${where}: line_styles`));
    });
  });
}

/** A marker's outline, centred on 0, of `d` pixels across (matplotlib's marker paths, scaled by `sqrt(s)`). */
function markerPath(ctx: SKRSContext2D, marker: string, x: number, y: number, d: number): void {
  const r = d / 2;
  const poly = (points: ReadonlyArray<readonly [number, number]>) => {
    tracePolygon(
      ctx,
      points.map(([px, py]) => [x + px * r, y + py * r]),
    );
  };
  const star = (n: number, inner: number) =>
    poly(
      Array.from({ length: n * 2 }, (_, k) => {
        const a = (Math.PI * k) / n - Math.PI / 2;
        const radius = k % 2 === 0 ? 1 : inner;
        return [radius * Math.cos(a), radius * Math.sin(a)] as const;
      }),
    );
  switch (marker) {
    case 'o':
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      break;
    case '.':
      ctx.arc(x, y, r / 2, 0, 2 * Math.PI);
      break;
    case 's':
      poly([
        [-1, -1],
        [1, -1],
        [1, 1],
        [-1, 1],
      ]);
      break;
    case '^':
      poly([
        [0, -1],
        [1, 1],
        [-1, 1],
      ]);
      break;
    case 'v':
      poly([
        [0, 1],
        [1, -1],
        [-1, -1],
      ]);
      break;
    case '<':
      poly([
        [-1, 0],
        [1, -1],
        [1, 1],
      ]);
      break;
    case '>':
      poly([
        [1, 0],
        [-1, -1],
        [-1, 1],
      ]);
      break;
    case 'D':
      poly([
        [0, -1],
        [1, 0],
        [0, 1],
        [-1, 0],
      ]);
      break;
    case 'd':
      poly([
        [0, -1],
        [0.6, 0],
        [0, 1],
        [-0.6, 0],
      ]);
      break;
    case '*':
      star(5, 0.382);
      break;
    case 'p':
      star(5, Math.cos(Math.PI / 5));
      break;
    case 'h':
      star(3, 1);
      break;
    case 'x':
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r);
      ctx.lineTo(x - r, y + r);
      break;
    case '+':
      ctx.moveTo(x - r, y);
      ctx.lineTo(x + r, y);
      ctx.moveTo(x, y - r);
      ctx.lineTo(x, y + r);
      break;
    default:
      break;
  }
}

/**
 * MMEngine's `draw_points` (matplotlib's `scatter`): markers of area `sizes` points² (default 36), filled and
 * outlined 1.5 pt in the point's colour (`x` and `+` are outlines only, `,` is one pixel).
 */
export function drawPointsOn(surface: DrawingCanvas, positions: unknown, options: DrawPointsOptions): void {
  const where = 'Visualizer.drawPoints';
  const points = toRows(positions, 2, where, 'positions');
  const count = points.length;
  const marker = options.marker ?? 'o';
  if (!MARKERS.includes(marker)) {
    throw new VisualizationError(
      'BAD_OPTIONS',
      `${where}: \`marker\` should be one of ${MARKERS.map((m) => `'${m}'`).join(', ')}, got ${describe(marker)}`,
    );
  }
  const colors = cycledColors(options.colors ?? 'g', count, `${where}: colors`);
  const rawSizes = options.sizes ?? 36;
  const sizes = cycled(
    typeof rawSizes === 'number' ? rawSizes : toList(rawSizes, where, 'sizes'),
    count,
    `${where}: sizes`,
  );
  for (const s of sizes) {
    if (!(s >= 0))
      throw new VisualizationError('BAD_OPTIONS', `${where}: \`sizes\` are areas >= 0 in points², got ${s}`);
  }
  surface.draw((ctx) => {
    const edge = 1.5 * PX_PER_PT;
    points.forEach(([x = 0, y = 0], i) => {
      const color = colors[i] as Color;
      if (color === null) return;
      if (marker === ',') {
        ctx.fillStyle = cssOf(color);
        ctx.fillRect(Math.floor(x), Math.floor(y), 1, 1);
        return;
      }
      const d = Math.sqrt(sizes[i] as number) * PX_PER_PT;
      ctx.beginPath();
      markerPath(ctx, marker, x, y, d);
      if (marker !== 'x' && marker !== '+') fill(ctx, color);
      stroke(ctx, color, edge, { none: false, pattern: [], offset: 0 });
    });
  });
}
