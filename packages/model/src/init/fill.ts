// In-place fills of a parameter, the counterparts of `torch.nn.init.*_`. Every random draw takes its seed from
// @eng/tensor-gpu's seeded stream, so `setRandomSeed(s)` makes initialisation reproducible.
import { nextSeed, tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { assignInto } from '../module/assign-into';
import { calculateFanInAndFanOut } from './calculate-fan-in-and-fan-out';

export type FanMode = 'fan_in' | 'fan_out';
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

/** `torch.nn.init.calculate_gain`. */
export function calculateGain(nonlinearity: Nonlinearity | string, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'conv_transpose1d':
    case 'conv_transpose2d':
    case 'conv_transpose3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ModelError('UNSUPPORTED_NONLINEARITY', `unsupported nonlinearity "${nonlinearity}"`);
  }
}

function fill(v: tf.Variable, make: () => tf.Tensor): void {
  tf.tidy(() => assignInto(v, make()));
}

export function fillConstant(v: tf.Variable, value: number): void {
  fill(v, () => tf.fill(v.shape, value, v.dtype));
}

export function fillNormal(v: tf.Variable, mean = 0, std = 1): void {
  fill(v, () => tf.randomNormal(v.shape, mean, std, 'float32', nextSeed()));
}

export function fillUniform(v: tf.Variable, a = 0, b = 1): void {
  fill(v, () => tf.randomUniform(v.shape, a, b, 'float32', nextSeed()));
}

/** Inverse error function (Giles' single-precision polynomial approximation). */
export function erfinv(x: number): number {
  if (x <= -1) return Number.NEGATIVE_INFINITY;
  if (x >= 1) return Number.POSITIVE_INFINITY;
  let w = -Math.log((1 - x) * (1 + x));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-8;
    p = 3.43273939e-7 + p * w;
    p = -3.5233877e-6 + p * w;
    p = -4.39150654e-6 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = Math.sqrt(w) - 3;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  return p * x;
}

function normCdf(x: number): number {
  // Abramowitz–Stegun 7.1.26 is too coarse near the tails; use the complementary error function series instead.
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfcc (Chebyshev fit, relative error < 1.2e-7).
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Normal(mean, std²) truncated to [a, b] (`trunc_normal_`): inverse-CDF sampling, exact for any interval, then
 * clamped against rounding.
 */
export function fillTruncNormal(v: tf.Variable, mean = 0, std = 1, a = -2, b = 2): void {
  const lower = normCdf((a - mean) / std);
  const upper = normCdf((b - mean) / std);
  fill(v, () => {
    const u = tf.randomUniform(v.shape, 2 * lower - 1, 2 * upper - 1, 'float32', nextSeed()).dataSync();
    const out = new Float32Array(u.length);
    const scale = std * Math.SQRT2;
    for (let i = 0; i < u.length; i++) {
      out[i] = Math.min(b, Math.max(a, mean + scale * erfinv(u[i] as number)));
    }
    return tf.tensor(out, v.shape, 'float32');
  });
}

/** `[fanIn, fanOut]` given explicitly, or computed from the shape in PyTorch layout. */
export type Fans = [fanIn: number, fanOut: number];

export function fillXavierUniform(v: tf.Variable, gain = 1, fans?: Fans): void {
  const [fanIn, fanOut] = fans ?? calculateFanInAndFanOut(v.shape);
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  const bound = Math.sqrt(3) * std;
  fillUniform(v, -bound, bound);
}

export function fillXavierNormal(v: tf.Variable, gain = 1, fans?: Fans): void {
  const [fanIn, fanOut] = fans ?? calculateFanInAndFanOut(v.shape);
  fillNormal(v, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

function kaimingStd(v: tf.Variable, a: number, mode: FanMode, nonlinearity: string, fans?: Fans): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') {
    throw new ModelError('INVALID_MODE', `mode must be "fan_in" or "fan_out", got "${String(mode)}"`);
  }
  const [fanIn, fanOut] = fans ?? calculateFanInAndFanOut(v.shape);
  const fan = mode === 'fan_in' ? fanIn : fanOut;
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

export function fillKaimingUniform(
  v: tf.Variable,
  a = 0,
  mode: FanMode = 'fan_in',
  nonlinearity: Nonlinearity | string = 'leaky_relu',
  fans?: Fans,
): void {
  const bound = Math.sqrt(3) * kaimingStd(v, a, mode, nonlinearity, fans);
  fillUniform(v, -bound, bound);
}

export function fillKaimingNormal(
  v: tf.Variable,
  a = 0,
  mode: FanMode = 'fan_in',
  nonlinearity: Nonlinearity | string = 'leaky_relu',
  fans?: Fans,
): void {
  fillNormal(v, 0, kaimingStd(v, a, mode, nonlinearity, fans));
}
