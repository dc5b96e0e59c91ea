import { describe, didYouMean } from '@eng/internal';
import { VisualizationError } from '../errors';

/** An RGB colour as MMEngine passes it, each channel 0-255 (a Python tuple `(r, g, b)`). */
export type RgbTuple = readonly [number, number, number];

/**
 * A colour as MMEngine's drawing calls take it: a matplotlib colour string (`'red'`, `'g'`, `'tab:blue'`, `'C1'`,
 * `'#ff8800'`, `'#f80'`, a gray level `'0.5'`, `'none'`) or an RGB tuple `[r, g, b]` of 0-255.
 */
export type ColorInput = string | RgbTuple;

/** One colour, or one per item (a list with at least as many colours as items). */
export type ColorsInput = ColorInput | readonly ColorInput[];

/** A parsed colour: channels 0-1 as matplotlib keeps them, or `null` for `'none'` (nothing drawn). */
export type Color = readonly [number, number, number] | null;

// matplotlib's base colours: the one-letter names differ from CSS ('g' is half green, 'c' is not 'cyan')
const BASE: Record<string, readonly [number, number, number]> = {
  b: [0, 0, 1],
  g: [0, 0.5, 0],
  r: [1, 0, 0],
  c: [0, 0.75, 0.75],
  m: [0.75, 0, 0.75],
  y: [0.75, 0.75, 0],
  k: [0, 0, 0],
  w: [1, 1, 1],
};

// matplotlib's Tableau palette ('tab:blue' ..., also its default cycle 'C0' ... 'C9')
const TABLEAU: ReadonlyArray<readonly [string, string]> = [
  ['blue', '1f77b4'],
  ['orange', 'ff7f0e'],
  ['green', '2ca02c'],
  ['red', 'd62728'],
  ['purple', '9467bd'],
  ['brown', '8c564b'],
  ['pink', 'e377c2'],
  ['gray', '7f7f7f'],
  ['olive', 'bcbd22'],
  ['cyan', '17becf'],
];

// The CSS colour names (matplotlib's CSS4_COLORS), packed `name:rrggbb` for brevity.
const CSS4 = `aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff beige:f5f5dc bisque:ffe4c4
black:000000 blanchedalmond:ffebcd blue:0000ff blueviolet:8a2be2 brown:a52a2a burlywood:deb887 cadetblue:5f9ea0
chartreuse:7fff00 chocolate:d2691e coral:ff7f50 cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c cyan:00ffff
darkblue:00008b darkcyan:008b8b darkgoldenrod:b8860b darkgray:a9a9a9 darkgreen:006400 darkgrey:a9a9a9
darkkhaki:bdb76b darkmagenta:8b008b darkolivegreen:556b2f darkorange:ff8c00 darkorchid:9932cc darkred:8b0000
darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b darkslategray:2f4f4f darkslategrey:2f4f4f
darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493 deepskyblue:00bfff dimgray:696969 dimgrey:696969
dodgerblue:1e90ff firebrick:b22222 floralwhite:fffaf0 forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc
ghostwhite:f8f8ff gold:ffd700 goldenrod:daa520 gray:808080 green:008000 greenyellow:adff2f grey:808080
honeydew:f0fff0 hotpink:ff69b4 indianred:cd5c5c indigo:4b0082 ivory:fffff0 khaki:f0e68c lavender:e6e6fa
lavenderblush:fff0f5 lawngreen:7cfc00 lemonchiffon:fffacd lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff
lightgoldenrodyellow:fafad2 lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 lightpink:ffb6c1
lightsalmon:ffa07a lightseagreen:20b2aa lightskyblue:87cefa lightslategray:778899 lightslategrey:778899
lightsteelblue:b0c4de lightyellow:ffffe0 lime:00ff00 limegreen:32cd32 linen:faf0e6 magenta:ff00ff maroon:800000
mediumaquamarine:66cdaa mediumblue:0000cd mediumorchid:ba55d3 mediumpurple:9370db mediumseagreen:3cb371
mediumslateblue:7b68ee mediumspringgreen:00fa9a mediumturquoise:48d1cc mediumvioletred:c71585
midnightblue:191970 mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5 navajowhite:ffdead navy:000080
oldlace:fdf5e6 olive:808000 olivedrab:6b8e23 orange:ffa500 orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa
palegreen:98fb98 paleturquoise:afeeee palevioletred:db7093 papayawhip:ffefd5 peachpuff:ffdab9 peru:cd853f
pink:ffc0cb plum:dda0dd powderblue:b0e0e6 purple:800080 rebeccapurple:663399 red:ff0000 rosybrown:bc8f8f
royalblue:4169e1 saddlebrown:8b4513 salmon:fa8072 sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee
sienna:a0522d silver:c0c0c0 skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090 snow:fffafa
springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8 tomato:ff6347 turquoise:40e0d0
violet:ee82ee wheat:f5deb3 white:ffffff whitesmoke:f5f5f5 yellow:ffff00 yellowgreen:9acd32`;

function hexColor(hex: string): readonly [number, number, number] {
  const v = Number.parseInt(hex, 16);
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];
}

let named: Map<string, readonly [number, number, number]> | undefined;

function namedColors(): Map<string, readonly [number, number, number]> {
  if (named !== undefined) return named;
  named = new Map(Object.entries(BASE));
  for (const entry of CSS4.split(/\s+/)) {
    const [name, hex] = entry.split(':') as [string, string];
    named.set(name, hexColor(hex));
  }
  TABLEAU.forEach(([name, hex], i) => {
    named?.set(`tab:${name}`, hexColor(hex));
    named?.set(`C${i}`, hexColor(hex));
  });
  return named;
}

/** Whether `value` is one RGB tuple (three numbers), rather than a list of colours. */
export function isRgbTuple(value: unknown): value is RgbTuple {
  return Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number');
}

function isSingleColor(value: unknown): boolean {
  return typeof value === 'string' || isRgbTuple(value);
}

function badColor(where: string, message: string): VisualizationError {
  return new VisualizationError('BAD_COLOR', `${where}: ${message}`);
}

/**
 * Parses one colour as matplotlib does (`matplotlib.colors.to_rgb`; MMEngine's `color_val_matplotlib` scales an RGB
 * tuple by 1/255 first). `where` names the argument in errors (`'Visualizer.drawBboxes: edge_colors[2]'`).
 */
export function parseColor(color: unknown, where: string): Color {
  if (isRgbTuple(color)) {
    if (!color.every((v) => v >= 0 && v <= 255)) {
      throw badColor(where, `an RGB tuple holds three values 0-255, got [${color.join(', ')}]`);
    }
    return [color[0] / 255, color[1] / 255, color[2] / 255];
  }
  if (typeof color !== 'string') {
    throw badColor(
      where,
      `a colour is a name ('red', 'g', 'tab:blue'), '#rrggbb' or an RGB tuple [r, g, b] of 0-255, got ${describe(color)}`,
    );
  }
  const text = color.trim();
  const lower = text.toLowerCase();
  if (lower === 'none') return null;
  const known = namedColors().get(text.length === 1 || /^C\d$/.test(text) ? text : lower);
  if (known !== undefined) return known;
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(text)?.[1];
  if (hex !== undefined) {
    const full = hex.length <= 4 ? [...hex.slice(0, 3)].map((h) => h + h).join('') : hex.slice(0, 6);
    return hexColor(full);
  }
  if (/^\d*\.?\d+$/.test(text)) {
    const gray = Number(text);
    if (gray >= 0 && gray <= 1) return [gray, gray, gray];
  }
  const hint = didYouMean(
    lower,
    [...namedColors().keys()].filter((name) => name.length > 2),
  );
  throw badColor(
    where,
    `unknown colour ${JSON.stringify(color)}; use a matplotlib/CSS name ('red', 'g', 'tab:blue'), '#rrggbb', a gray level '0.5' or an RGB tuple [r, g, b]${hint === '' ? '' : `. ${hint}`}`,
  );
}

/** A colour's bytes as matplotlib's renderer writes them (rounded). */
export function toBytes(color: readonly [number, number, number]): [number, number, number] {
  return [Math.round(color[0] * 255), Math.round(color[1] * 255), Math.round(color[2] * 255)];
}

/** A canvas style for a parsed colour. */
export function cssOf(color: readonly [number, number, number]): string {
  const [r, g, b] = toBytes(color);
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * MMEngine's per-item arguments (`value2list` + `check_length`): one value for every item, or a list with at least
 * `count` values. `isSingle` tells a single value from a list.
 */
export function perItem<T>(
  value: T | readonly T[],
  count: number,
  where: string,
  isSingle: (v: unknown) => boolean = (v) => !Array.isArray(v),
): T[] {
  if (isSingle(value)) return Array.from({ length: count }, () => value as T);
  const list = value as readonly T[];
  if (list.length < count) {
    throw new VisualizationError(
      'BAD_OPTIONS',
      `${where}: a list needs a value for each of the ${count} items, got ${list.length} values`,
    );
  }
  return list.slice(0, count);
}

/**
 * matplotlib's collections cycle a shorter list of properties over the items; a single value is for every item.
 * An empty list is refused.
 */
export function cycled<T>(
  value: T | readonly T[],
  count: number,
  where: string,
  isSingle: (v: unknown) => boolean = (v) => !Array.isArray(v),
): T[] {
  if (isSingle(value)) return Array.from({ length: count }, () => value as T);
  const list = value as readonly T[];
  if (list.length === 0 && count > 0) {
    throw new VisualizationError('BAD_OPTIONS', `${where}: an empty list; give one value, or one per item`);
  }
  return Array.from({ length: count }, (_, i) => list[i % list.length] as T);
}

/** Per-item colours, cycled like matplotlib's collections (`'none'` gives `null`). */
export function cycledColors(value: unknown, count: number, where: string): Color[] {
  if (isSingleColor(value)) {
    const one = parseColor(value, where);
    return Array.from({ length: count }, () => one);
  }
  if (!Array.isArray(value)) throw badColor(where, `expected a colour or a list of colours, got ${describe(value)}`);
  const parsed = value.map((c, i) => parseColor(c, `${where}[${i}]`));
  return cycled(parsed, count, where, () => false);
}

/** Per-item colours with at least `count` in a list (MMEngine's `check_type_and_length`). */
export function perItemColors(value: unknown, count: number, where: string): Color[] {
  if (!isSingleColor(value) && !Array.isArray(value)) {
    throw badColor(where, `expected a colour or a list of colours, got ${describe(value)}`);
  }
  return perItem(value as ColorsInput, count, where, isSingleColor).map((c, i) =>
    parseColor(c, isSingleColor(value) ? where : `${where}[${i}]`),
  );
}
