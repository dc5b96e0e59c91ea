// Helpers shared by the layers: option checks, PyTorch-style int-or-pair arguments, registration in MODELS.
import { MODELS, type Registry } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { describe } from '../module/tensor-utils';

export type Pair = number | [number, number];

export function pair(name: string, v: Pair | undefined, fallback?: number): [number, number] {
  const value = v ?? fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return [value, value];
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)
  ) {
    return [value[0], value[1]];
  }
  throw new TypeError(`${name} must be a non-negative integer or a pair of them, got ${JSON.stringify(value)}`);
}

export function positiveInt(layer: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new TypeError(`${layer}: ${name} must be a positive integer, got ${describe(v)}`);
  }
  return v;
}

/** A zero-filled trainable variable (or buffer-like when `trainable` is false), without leaking the initial tensor. */
export function newVariable(shape: number[], trainable = true, dtype: tf.DataType = 'float32'): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros(shape, dtype), trainable));
}

export function checkRank(layer: string, x: tf.Tensor, ranks: number[], layout: string): void {
  if (!ranks.includes(x.rank)) {
    throw new ModelError(
      'BAD_INPUT_RANK',
      `${layer} expects a ${layout} input of rank ${ranks.join(' or ')}, got shape [${x.shape.join(', ')}]`,
    );
  }
}

/** Registers a layer class in MODELS under its PyTorch name unless that name is already taken. */
export function registerModel(cls: Function, name: string = cls.name): void {
  if (!MODELS.has(name)) MODELS.registerModule({ name, module: cls });
}

/** `registry.build` for configs whose `type` is only known at run time. */
export function buildFrom<T>(registry: Registry, cfg: object, defaultArgs?: object): T {
  return (registry as unknown as { build(c: object, d?: object): unknown }).build(cfg, defaultArgs) as T;
}
