// Helpers shared by the image transforms: reading `results.img`, option checks.
import { describe, didYouMean } from '@eng/internal';
import { DatasetError } from '../../errors';
import type { Results } from '../base-transform';
import { type ImageArray, isImageArray } from './image-array';

/** `results[key]` as an {@link ImageArray}, or an error naming the transform, the key and what was there. */
export function imageAt(owner: string, results: Results, key = 'img'): ImageArray {
  const value = results[key];
  if (!isImageArray(value)) {
    const idx = results.sample_idx !== undefined ? ` (sample_idx ${String(results.sample_idx)})` : '';
    throw new DatasetError(
      'BAD_RECORD',
      `${owner}: results.${key}${idx} should be an image ({ data: Uint8Array | Float32Array, height, width, channels } with data.length = height * width * channels), got ${describe(value)}; load it first with LoadImageFromFile`,
    );
  }
  return value;
}

export function badOption(owner: string, message: string): DatasetError {
  return new DatasetError('BAD_OPTIONS', `${owner}: ${message}`);
}

/** Checks that `value` is one of `names`, with a suggestion when it is not. */
export function checkChoice<T extends string>(owner: string, key: string, value: unknown, names: readonly T[]): T {
  if (typeof value !== 'string' || !(names as readonly string[]).includes(value)) {
    const hint = typeof value === 'string' ? didYouMean(value, names) : '';
    throw badOption(
      owner,
      `${key} should be one of ${names.map((n) => `'${n}'`).join(', ')}, got ${describe(value)}${hint ? `. ${hint}` : ''}`,
    );
  }
  return value as T;
}

/** A positive size pair from a number (both) or a pair. */
export function sizePair(owner: string, key: string, value: unknown, allowZero = false): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  const ok =
    Array.isArray(pair) &&
    pair.length === 2 &&
    pair.every((v) => typeof v === 'number' && Number.isFinite(v) && (allowZero ? v >= 0 : v > 0));
  if (!ok) throw badOption(owner, `${key} should be a positive number or a pair of them, got ${describe(value)}`);
  return [pair[0] as number, pair[1] as number];
}

/** Pixel values of a padding: one per channel (a single number repeats). */
export function padValues(owner: string, value: number | readonly number[], channels: number): number[] {
  if (typeof value === 'number') return new Array<number>(channels).fill(value);
  if (value.length !== channels) {
    throw new DatasetError(
      'BAD_OPTIONS',
      `${owner}: pad_val has ${value.length} values but the image has ${channels} channels`,
    );
  }
  return [...value];
}

/** Python's `round` (half to even), which mmcv's crop offsets use. */
export function pyRound(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
