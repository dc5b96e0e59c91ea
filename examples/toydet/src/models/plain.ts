import { tf } from '@eng/tensor-gpu';

/** Nested numbers from a tensor (read once) or an array as it is. */
export function plainNumbers(value: unknown): unknown {
  if (value instanceof tf.Tensor) return value.arraySync();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/** `[x1, y1, x2, y2]` rows from `[N, 4]` boxes (a tensor, nested arrays, or a flat typed array of 4N numbers). */
export function boxRows(value: unknown): number[][] {
  if (value === undefined || value === null) return [];
  if (ArrayBuffer.isView(value)) {
    const flat = Array.from(value as unknown as ArrayLike<number>);
    return Array.from({ length: flat.length / 4 }, (_, i) => flat.slice(i * 4, i * 4 + 4));
  }
  const rows = plainNumbers(value);
  return Array.isArray(rows) ? rows.map((r) => Array.from(r as ArrayLike<number>, Number)) : [];
}

/** A flat list of numbers from a tensor, a typed array or an array. */
export function numberList(value: unknown): number[] {
  if (value === undefined || value === null) return [];
  const plain = plainNumbers(value);
  return Array.isArray(plain) ? plain.map(Number) : typeof plain === 'number' ? [plain] : [];
}
