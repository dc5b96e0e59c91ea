import { BaseDataElement } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';

/**
 * What a metric keeps of a prediction (MMEngine's `_to_cpu`): data elements become plain objects, tensors become
 * nested arrays (read once, on the host), so results hold no tensor memory and can be dumped.
 */
export function toPlain(value: unknown): unknown {
  if (value instanceof tf.Tensor) return value.arraySync();
  if (value instanceof BaseDataElement) return toPlain(value.toDict());
  if (Array.isArray(value)) return value.map(toPlain);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}
