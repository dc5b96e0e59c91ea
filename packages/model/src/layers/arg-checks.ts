// Checks of layer options and inputs, with PyTorch's int-or-pair arguments.
import { describe } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import type { BaseModule } from '../module/base-module';
import { moduleLabel } from '../module/module-name';
import { shapeString } from '../module/shape';

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

// Input checks read only the shape (no kernel, no data read) and name the layer by its dotted name in the model
// (`Linear "classifier.1"`), which is worked out only when the check fails.

/** A `TypeError` unless `x` is a tensor. */
export function checkTensor(layer: BaseModule, x: unknown): asserts x is tf.Tensor {
  if (!(x instanceof tf.Tensor)) {
    throw new TypeError(`${moduleLabel(layer)} expects a tf.Tensor input, got ${describe(x)}`);
  }
}

/** Throws unless `x` is a tensor of one of `ranks` (`layout` names the expected layout in the message, e.g. `NHWC`). */
export function checkRank(layer: BaseModule, x: unknown, ranks: number[], layout: string): asserts x is tf.Tensor {
  checkTensor(layer, x);
  if (!ranks.includes(x.rank)) {
    throw new ModelError(
      'BAD_INPUT_RANK',
      `${moduleLabel(layer)} expects a ${layout} input of rank ${ranks.join(' or ')}, got shape ${shapeString(x.shape)}`,
    );
  }
}

/**
 * Throws unless the last axis of `x` has `size` entries: `Linear "fc" expects 784 input features, got 144 (input
 * shape [64, 144])`. `what` names the entries, singular and plural (`['input feature', 'input features']`); `hint`
 * is appended.
 */
export function checkLastAxis(
  layer: BaseModule,
  x: tf.Tensor,
  size: number,
  what: readonly [one: string, many: string],
  hint = '',
): void {
  const got = x.rank === 0 ? undefined : x.shape[x.rank - 1];
  if (got === size) return;
  throw new ModelError(
    'BAD_INPUT_SHAPE',
    `${moduleLabel(layer)} expects ${size} ${size === 1 ? what[0] : what[1]}, got ${got === undefined ? 'a scalar' : got} ` +
      `(input shape ${shapeString(x.shape)})${hint}`,
  );
}

/**
 * Throws when a window of `kernel` (height, width, dilated) does not fit the padded input of an NHWC `x`, as
 * PyTorch refuses a kernel larger than the padded input.
 */
export function checkWindowFits(
  layer: BaseModule,
  x: tf.Tensor,
  kernel: readonly [number, number],
  padding: readonly [number, number],
): void {
  const h = (x.shape[1] as number) + 2 * padding[0];
  const w = (x.shape[2] as number) + 2 * padding[1];
  if (h >= kernel[0] && w >= kernel[1]) return;
  throw new ModelError(
    'BAD_INPUT_SHAPE',
    `${moduleLabel(layer)}: the kernel ${kernel[0]}×${kernel[1]} is larger than the padded input ${h}×${w} ` +
      `(input shape ${shapeString(x.shape)}, NHWC)`,
  );
}
