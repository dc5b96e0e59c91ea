import { BaseDataElement, InstanceData, LabelData, PixelData } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';
import { DatasetError } from '../errors';

// Tags of the plain objects that stand for what structured clone cannot carry.
const ELEMENT_TAG = '__eng_data_element__';
const TENSOR_TAG = '__eng_tensor__';

type ElementClass = new (init?: Record<string, unknown>) => BaseDataElement;
const elementClasses = new Map<string, ElementClass>([
  ['BaseDataElement', BaseDataElement as unknown as ElementClass],
  ['InstanceData', InstanceData as unknown as ElementClass],
  ['LabelData', LabelData as unknown as ElementClass],
  ['PixelData', PixelData as unknown as ElementClass],
]);

/**
 * Makes a `BaseDataElement` subclass travel from worker threads to the main thread as itself (the built-in ones
 * always do). Call it, on the main thread, in the module that defines the class.
 */
export function registerDataElementClass(cls: Function): void {
  elementClasses.set(cls.name, cls as ElementClass);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Turns a sample into what `postMessage` can carry: data elements (proxies, which structured clone refuses) and
 * tensors become tagged plain objects; every typed array's memory is listed in `transfers` so that it moves to the
 * main thread instead of being copied (an array that shares its buffer is copied once first).
 */
export function encodeForTransfer(value: unknown, transfers: Set<ArrayBuffer>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return value;
    const view = value as unknown as Uint8Array;
    const owned =
      view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
    const out = owned ? view : view.slice();
    transfers.add(out.buffer as ArrayBuffer);
    return out;
  }
  if (value instanceof BaseDataElement) {
    const data: Record<string, unknown> = {};
    for (const key of value.keys()) data[key] = encodeForTransfer(value.get(key), transfers);
    return { [ELEMENT_TAG]: value.constructor.name, metainfo: encodeForTransfer(value.metainfo, transfers), data };
  }
  if (value instanceof tf.Tensor) {
    return {
      [TENSOR_TAG]: true,
      shape: value.shape,
      dtype: value.dtype,
      data: encodeForTransfer(value.dataSync(), transfers),
    };
  }
  if (Array.isArray(value)) return value.map((v) => encodeForTransfer(v, transfers));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, encodeForTransfer(v, transfers)]));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeForTransfer(v, transfers);
    return out;
  }
  return value;
}

/** The inverse of {@link encodeForTransfer}, on the main thread: data elements and tensors come back as themselves. */
export function decodeFromTransfer(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(decodeFromTransfer);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, decodeFromTransfer(v)]));
  const record = value as Record<string, unknown>;
  if (typeof record[ELEMENT_TAG] === 'string') {
    const name = record[ELEMENT_TAG] as string;
    const cls = elementClasses.get(name);
    if (cls === undefined) {
      throw new DatasetError(
        'WORKER_FAILED',
        `a worker returned a data element of class ${name}, which the main thread does not know: call registerDataElementClass(${name}) from @eng/dataset where ${name} is defined`,
      );
    }
    const data = decodeFromTransfer(record.data) as Record<string, unknown>;
    return new cls({ metainfo: decodeFromTransfer(record.metainfo) as Record<string, unknown>, ...data });
  }
  if (record[TENSOR_TAG] === true) {
    return tf.tensor(record.data as Float32Array, record.shape as number[], record.dtype as tf.DataType);
  }
  if (!isPlainObject(record)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = decodeFromTransfer(v);
  return out;
}
