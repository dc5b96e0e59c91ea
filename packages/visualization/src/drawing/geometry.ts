import { describe } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { VisualizationError } from '../errors';

/**
 * Coordinates as the drawing calls take them: nested arrays (`[[x1, y1, x2, y2], ...]`), one row (`[x1, y1, x2,
 * y2]`), a typed array (rows of K packed one after another), a list of typed-array rows, or a tensor (`[N, K]` or
 * `[K]`).
 */
export type NumericInput = number | ArrayLike<number> | ReadonlyArray<ArrayLike<number>> | tf.Tensor;

function isRow(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** The shape of `value` for a message: `[3, 5]`, `[7]`, or what it is when it has none. */
export function shapeOf(value: unknown): string {
  if (value instanceof tf.Tensor) return `[${value.shape.join(', ')}]`;
  if (isRow(value)) {
    const inner = (value as ArrayLike<unknown>)[0];
    if (isRow(inner)) {
      const rows = Array.from(value as unknown as ArrayLike<unknown>);
      const lengths = new Set(rows.map((r) => (isRow(r) ? r.length : -1)));
      return lengths.size === 1
        ? `[${value.length}, ${inner.length}]`
        : `[${value.length}, (rows of different lengths)]`;
    }
    return `[${value.length}]`;
  }
  return describe(value);
}

export function badShape(where: string, name: string, expected: string, input: unknown): VisualizationError {
  return new VisualizationError(
    'BAD_SHAPE',
    `${where}: \`${name}\` should have shape ${expected}, got ${shapeOf(input)}`,
  );
}

function checkNumbers(values: ArrayLike<unknown>, where: string, name: string): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const n = typeof v === 'boolean' ? Number(v) : v;
    if (typeof n !== 'number' || Number.isNaN(n)) {
      throw new VisualizationError('BAD_SHAPE', `${where}: \`${name}\` should hold numbers, got ${describe(v)}`);
    }
    out[i] = n;
  }
  return out;
}

/**
 * Rows of `cols` numbers from `[N, cols]`, or one `[cols]` row (MMEngine adds the batch axis to a single box or
 * point). A flat typed or plain array of a multiple of `cols` numbers is read as rows one after another. Anything else
 * is a `BAD_SHAPE` naming the argument, the expected shape and the received one.
 */
export function toRows(input: unknown, cols: number, where: string, name: string): number[][] {
  const expected = `[N, ${cols}]`;
  let flat: number[];
  if (input instanceof tf.Tensor) {
    const ok = (input.rank === 2 && input.shape[1] === cols) || (input.rank === 1 && input.shape[0] === cols);
    if (!ok || input.dtype === 'string' || input.dtype === 'complex64') throw badShape(where, name, expected, input);
    flat = checkNumbers(input.dataSync() as ArrayLike<number>, where, name);
  } else if (isRow(input) && input.length > 0 && isRow((input as ArrayLike<unknown>)[0])) {
    const rows = Array.from(input as ArrayLike<unknown>);
    if (!rows.every((r) => isRow(r) && r.length === cols)) throw badShape(where, name, expected, input);
    return rows.map((r) => checkNumbers(r as ArrayLike<unknown>, where, name));
  } else if (isRow(input)) {
    if (input.length % cols !== 0) throw badShape(where, name, expected, input);
    flat = checkNumbers(input, where, name);
  } else {
    throw badShape(where, name, expected, input);
  }
  const out: number[][] = [];
  for (let r = 0; r < flat.length / cols; r++) out.push(flat.slice(r * cols, (r + 1) * cols));
  return out;
}

/** A list of numbers from `[N]` (a number is one item). */
export function toList(input: unknown, where: string, name: string): number[] {
  if (typeof input === 'number') return checkNumbers([input], where, name);
  if (input instanceof tf.Tensor) {
    if (input.rank > 1) throw badShape(where, name, '[N]', input);
    return checkNumbers(input.dataSync() as ArrayLike<number>, where, name);
  }
  if (isRow(input)) {
    if (input.length > 0 && isRow((input as ArrayLike<unknown>)[0])) throw badShape(where, name, '[N]', input);
    return checkNumbers(input, where, name);
  }
  throw badShape(where, name, '[N]', input);
}

/**
 * The polygons of `drawPolygons`: one polygon (a `[M, 2]` tensor, `[[x, y], ...]`, or a typed array `x1, y1, x2,
 * y2, ...`) or a list of them (in a list, a typed array is one whole polygon).
 */
export function toPolygons(input: unknown, where: string): number[][][] {
  if (input instanceof tf.Tensor || !Array.isArray(input)) return [toPolygon(input, where, 'polygons')];
  const first: unknown = input[0];
  const single = typeof first === 'number' || (Array.isArray(first) && typeof first[0] === 'number');
  if (single) return [toPolygon(input, where, 'polygons')];
  return input.map((p, i) => toPolygon(p, where, `polygons[${i}]`));
}

function toPolygon(input: unknown, where: string, name: string): number[][] {
  if (input instanceof tf.Tensor && input.rank !== 2) throw badShape(where, name, '[M, 2]', input);
  return toRows(input, 2, where, name);
}
