// Constructor helpers shared by the optimizers (internal: not re-exported from ./index).
import { tf } from '@eng/tensor-gpu';
import { OptimizerError } from '../errors';
import type { ParamsInput } from './base';

/**
 * Optimizers take `(params, options)` like PyTorch, or one object `{ params, ...options }` as the registry
 * builds them (`OPTIMIZERS.build({ type: 'SGD', lr: 0.1, params })` calls `new SGD({ params, lr: 0.1 })`).
 */
export function splitArgs<O extends object>(
  cls: string,
  first: ParamsInput | (O & { params: ParamsInput }),
  second: O | undefined,
): [ParamsInput, O] {
  const isOptions =
    first != null &&
    typeof first === 'object' &&
    !(first instanceof tf.Variable) &&
    typeof (first as Iterable<unknown>)[Symbol.iterator] !== 'function' &&
    'params' in first;
  if (isOptions) {
    if (second !== undefined)
      throw new TypeError(`${cls}: give either (params, options) or one { params, ...options } object`);
    const { params, ...rest } = first as O & { params: ParamsInput };
    return [params, rest as unknown as O];
  }
  if (first == null || typeof (first as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(
      `${cls}: params should be a list of tf.Variable or of param groups, got ${first === null ? 'null' : typeof first}`,
    );
  }
  return [first as ParamsInput, (second ?? {}) as O];
}

/** Validates a number in [lo, hi) like PyTorch's constructor checks. */
export function checkRange(cls: string, key: string, value: number, lo: number, hi = Number.POSITIVE_INFINITY): void {
  if (!(value >= lo && value < hi)) {
    throw new OptimizerError(
      'BAD_HYPERPARAM',
      `${cls}: invalid ${key} value ${value} (expected ${lo} <= ${key} < ${hi})`,
    );
  }
}

/**
 * The constructor defaults of an optimizer: for each key of `fallbacks`, in its order, the option when it is given
 * (not `undefined` or `null`), else the fallback (PyTorch's keyword defaults).
 */
export function resolveOptions<F extends object>(
  options: { readonly [K in keyof F]?: NoInfer<F[K]> | null },
  fallbacks: F,
): F {
  const out = {} as F;
  for (const key of Object.keys(fallbacks) as (keyof F)[]) out[key] = options[key] ?? fallbacks[key];
  return out;
}

/** A check of one option: a bare number is the lower bound, a pair is `[lo, hi)`. */
type Bound = number | readonly [number, number];

/** Validates `values[key]` for every key of `bounds`, in the order given, like PyTorch's constructor checks. */
export function checkOptions<D extends object>(
  cls: string,
  values: D,
  bounds: { readonly [K in keyof D & string]?: Bound },
): void {
  for (const [key, bound] of Object.entries(bounds) as [keyof D & string, Bound][]) {
    const [lo, hi] = typeof bound === 'number' ? [bound, Number.POSITIVE_INFINITY] : bound;
    checkRange(cls, key, values[key] as number, lo, hi);
  }
}

/** The options every Adam-style optimizer (Adam, AdamW, Adamax, NAdam, RAdam) takes. */
export interface AdamStyleOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
}

/**
 * `lr`, `betas`, `eps` and `weight_decay` of an Adam-style optimizer with PyTorch's defaults (betas (0.9, 0.999),
 * eps 1e-8; lr and weight_decay per class), checked as PyTorch does. `betas` is copied so groups never share it.
 */
export function adamStyleDefaults(
  cls: string,
  options: AdamStyleOptions,
  fallback: { lr: number; weight_decay?: number },
): { lr: number; betas: [number, number]; eps: number; weight_decay: number } {
  const { lr, betas, eps, weight_decay } = resolveOptions(options, {
    lr: fallback.lr,
    betas: [0.9, 0.999] as [number, number],
    eps: 1e-8,
    weight_decay: fallback.weight_decay ?? 0,
  });
  const defaults = { lr, betas: [...betas] as [number, number], eps, weight_decay };
  checkRange(cls, 'lr', defaults.lr, 0);
  checkRange(cls, 'eps', defaults.eps, 0);
  checkRange(cls, 'betas[0]', defaults.betas[0], 0, 1);
  checkRange(cls, 'betas[1]', defaults.betas[1], 0, 1);
  checkRange(cls, 'weight_decay', defaults.weight_decay, 0);
  return defaults;
}
