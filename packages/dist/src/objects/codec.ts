import { DistError } from '../errors';

// Objects cross ranks as UTF-8 JSON. JSON alone would lose typed arrays and non-finite numbers, which results of
// metrics hold; both travel as tagged objects and come back as they were.
const TYPED = '$eng.typed';
const NUMBER = '$eng.number';

const TYPED_ARRAYS: Record<string, new (values: ArrayLike<number>) => ArrayLike<number>> = {
  Float32Array,
  Float64Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
};

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { [NUMBER]: String(value) };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name;
    if (name in TYPED_ARRAYS) {
      return {
        [TYPED]: name,
        values: Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : String(v))),
      };
    }
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = value as Record<string, unknown>;
    if (typeof tagged[NUMBER] === 'string') return Number(tagged[NUMBER]);
    const type = tagged[TYPED];
    if (typeof type === 'string' && Array.isArray(tagged.values) && type in TYPED_ARRAYS) {
      return new (TYPED_ARRAYS[type] as new (v: number[]) => unknown)(tagged.values.map(Number));
    }
  }
  return value;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `value` as UTF-8 JSON; `undefined` travels as `null` (as it does inside arrays). */
export function encodeObject(fn: string, value: unknown): Uint8Array {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, replacer);
  } catch (cause) {
    throw new DistError(
      'SERIALIZE_ERROR',
      `${fn}: objects cross ranks as JSON, and this one cannot be written as JSON (${(cause as Error).message})`,
      { cause },
    );
  }
  return encoder.encode(text ?? 'null');
}

export function decodeObject(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes), reviver);
}
