// Constructor helpers shared by the optimizers (internal: not re-exported from ./index).
import { checkRange } from './base';

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
