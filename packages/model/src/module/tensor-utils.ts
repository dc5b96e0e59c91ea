// Small tensor helpers shared by modules, initializers and averaged models (kept free of module imports so that
// nothing here takes part in an import cycle).
import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Writes `value` into `variable` (cast to its dtype); a no-op when both already share their data. */
export function assignInto(variable: tf.Variable, value: tf.Tensor, key = variable.name): void {
  if (!sameShape(variable.shape, value.shape)) {
    throw new ModelError(
      'SHAPE_MISMATCH',
      `cannot assign a tensor of shape ${shapeString(value.shape)} to "${key}" of shape ${shapeString(variable.shape)}`,
    );
  }
  if (value.dataId === variable.dataId) return;
  if (value.dtype !== variable.dtype) {
    const cast = tf.cast(value, variable.dtype);
    variable.assign(cast);
    cast.dispose();
  } else {
    variable.assign(value);
  }
}

/** The mean of a tensor as a number (0 for an empty one). */
export function meanOf(t: tf.Tensor): number {
  if (t.size === 0) return 0;
  return tf.tidy(() => tf.mean(t.dtype === 'float32' ? t : tf.cast(t, 'float32')).dataSync()[0] as number);
}

/** PyTorch's fan computation on a weight in PyTorch layout ([out, in, ...receptive field]). */
export function calculateFanInAndFanOut(shape: readonly number[]): [fanIn: number, fanOut: number] {
  if (shape.length < 2) {
    throw new ModelError(
      'FAN_UNDEFINED',
      `fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape ${shapeString(shape)})`,
    );
  }
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [(shape[1] as number) * receptive, (shape[0] as number) * receptive];
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v !== 'object') return `${typeof v} ${String(v)}`;
  return (v as object).constructor?.name ?? 'object';
}

/** A deep copy of plain config data (objects and arrays); classes, functions and other objects are kept as they are. */
export function cloneCfg<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneCfg(v)) as T;
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneCfg(v);
    return out as T;
  }
  return value;
}
