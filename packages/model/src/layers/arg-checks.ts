// Checks of layer options and inputs, with PyTorch's int-or-pair arguments.
import { describe } from '@eng/internal';
import type { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';

/** A PyTorch size argument: one integer for both axes, or `[height, width]`. */
export type Pair = number | [number, number];

/** `v` (or `fallback`) as `[height, width]`; a non-negative integer or a pair of them, else a `TypeError`. */
export function pair(name: string, v: Pair | undefined, fallback?: number): [number, number] {
  const value = v ?? fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((x) => Number.isInteger(x) && x >= 0)) {
    return [value[0], value[1]];
  }
  throw new TypeError(`${name} must be a non-negative integer or a pair of them, got ${JSON.stringify(value)}`);
}

/** `v` when it is a positive integer, else a `TypeError` naming the layer and the option. */
export function positiveInt(layer: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new TypeError(`${layer}: ${name} must be a positive integer, got ${describe(v)}`);
  }
  return v;
}

/** Throws unless `x` has one of `ranks` (`layout` names the expected layout in the message, e.g. `NHWC`). */
export function checkRank(layer: string, x: tf.Tensor, ranks: number[], layout: string): void {
  if (!ranks.includes(x.rank)) {
    throw new ModelError(
      'BAD_INPUT_RANK',
      `${layer} expects a ${layout} input of rank ${ranks.join(' or ')}, got shape [${x.shape.join(', ')}]`,
    );
  }
}
