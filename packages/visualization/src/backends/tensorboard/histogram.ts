import type { HistogramData } from './event-proto';

/**
 * How `addHistogram` buckets values: `'tensorflow'` (TensorFlow's default exponential buckets, ±1e-12 growing by 10%
 * up to ±1e20, then ±DBL_MAX, around 0; runs of empty buckets merged into one, as TensorFlow's own writer does), or a
 * number of equal-width buckets between the smallest and the largest value (numpy's `histogram(values, bins)`).
 */
export type HistogramBins = 'tensorflow' | number;

let defaultLimits: Float64Array | undefined;

/** TensorFlow's default bucket limits (`tensorflow/core/lib/histogram/histogram.cc`), ascending. */
function tensorflowLimits(): Float64Array {
  if (defaultLimits !== undefined) return defaultLimits;
  const positive: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) positive.push(v);
  positive.push(Number.MAX_VALUE);
  const limits = [...positive.map((v) => -v).reverse(), 0, ...positive];
  defaultLimits = Float64Array.from(limits);
  return defaultLimits;
}

/** The index of the first limit greater than `value` (C++'s `upper_bound`). */
function upperBound(limits: Float64Array, value: number): number {
  let lo = 0;
  let hi = limits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((limits[mid] as number) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The histogram of `values` (finite numbers, at least one; the caller checks). */
export function makeHistogram(values: ArrayLike<number>, bins: HistogramBins): HistogramData {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSquares += v * v;
  }
  const stats = { min, max, num: values.length, sum, sumSquares };
  if (bins === 'tensorflow') {
    const limits = tensorflowLimits();
    const counts = new Float64Array(limits.length);
    for (let i = 0; i < values.length; i++) {
      const b = Math.min(upperBound(limits, values[i] as number), limits.length - 1);
      counts[b] = (counts[b] as number) + 1;
    }
    const bucketLimit: number[] = [];
    const bucket: number[] = [];
    for (let i = 0; i < limits.length; ) {
      let end = limits[i] as number;
      const count = counts[i] as number;
      i++;
      if (count === 0) {
        while (i < limits.length && counts[i] === 0) {
          end = limits[i] as number;
          i++;
        }
      }
      bucketLimit.push(end);
      bucket.push(count);
    }
    return { ...stats, bucketLimit, bucket };
  }
  // numpy: an empty range is widened to [v - 0.5, v + 0.5]; the last bucket includes its right edge.
  const lo = min === max ? min - 0.5 : min;
  const hi = min === max ? max + 0.5 : max;
  const width = (hi - lo) / bins;
  const bucket = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const b = Math.min(Math.floor(((values[i] as number) - lo) / width), bins - 1);
    bucket[b] = (bucket[b] as number) + 1;
  }
  const bucketLimit = Array.from({ length: bins }, (_, i) => (i === bins - 1 ? hi : lo + width * (i + 1)));
  return { ...stats, bucketLimit, bucket };
}
