// safetensors dtypes and their conversion to TensorFlow.js's three numeric dtypes (float32, int32, bool).
import type { tf } from '../tf';

export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/** Bytes per element of each dtype this package reads. */
export const DTYPE_SIZE: Readonly<Record<SafetensorsDtype, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** The TensorFlow.js dtype a safetensors dtype is read as (floats upcast or downcast to float32). */
export const TFJS_DTYPE: Readonly<Record<SafetensorsDtype, 'float32' | 'int32' | 'bool'>> = {
  F64: 'float32',
  F32: 'float32',
  F16: 'float32',
  BF16: 'float32',
  I64: 'int32',
  I32: 'int32',
  I16: 'int32',
  I8: 'int32',
  U8: 'int32',
  BOOL: 'bool',
};

/** The safetensors dtype each TensorFlow.js dtype is written as. */
export const WRITE_DTYPE: Readonly<Partial<Record<tf.DataType, SafetensorsDtype>>> = {
  float32: 'F32',
  int32: 'I32',
  bool: 'BOOL',
};

export function isSafetensorsDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(DTYPE_SIZE, value);
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decodes an IEEE-754 half (binary16) bit pattern. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Decodes little-endian bytes of `dtype` into the typed array of its TensorFlow.js dtype. */
export function decode(
  bytes: Uint8Array,
  dtype: SafetensorsDtype,
  name: string,
): Float32Array | Int32Array | Uint8Array {
  const n = bytes.byteLength / DTYPE_SIZE[dtype];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'F32': {
      // Fast path: the bytes already are a little-endian float32 array (the reader allocates aligned buffers).
      if (littleEndianHost && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, n);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
      return out;
    }
    case 'F64': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      return out;
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const out = new Float32Array(n);
      const outView = new DataView(out.buffer);
      for (let i = 0; i < n; i++) outView.setUint32(i * 4, view.getUint16(i * 2, true) << 16, littleEndianHost);
      return out;
    }
    case 'I32': {
      if (littleEndianHost && bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, n);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true);
      return out;
    }
    case 'I64': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = view.getBigInt64(i * 8, true);
        if (v > 2147483647n || v < -2147483648n) {
          throw new RangeError(`safetensors: tensor '${name}' (I64) holds ${v} at index ${i}, outside int32's range`);
        }
        out[i] = Number(v);
      }
      return out;
    }
    case 'I16': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
      return out;
    }
    case 'I8':
      return Int32Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, n));
    case 'U8':
      return Int32Array.from(bytes);
    case 'BOOL':
      return Uint8Array.from(bytes, (b) => (b ? 1 : 0));
  }
}

/** Encodes a TensorFlow.js tensor's values as little-endian bytes of `dtype` (F32, I32 or BOOL). */
export function encode(values: ArrayLike<number>, dtype: SafetensorsDtype): Uint8Array {
  if (
    littleEndianHost &&
    ((dtype === 'F32' && values instanceof Float32Array) || (dtype === 'I32' && values instanceof Int32Array))
  ) {
    return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  }
  const n = values.length;
  const out = new Uint8Array(n * DTYPE_SIZE[dtype]);
  const view = new DataView(out.buffer);
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < n; i++) view.setFloat32(i * 4, values[i] as number, true);
      return out;
    case 'I32':
      for (let i = 0; i < n; i++) view.setInt32(i * 4, values[i] as number, true);
      return out;
    case 'BOOL':
      for (let i = 0; i < n; i++) out[i] = values[i] ? 1 : 0;
      return out;
    default:
      throw new TypeError(`safetensors: writing ${dtype} is not supported (write F32, I32 or BOOL)`);
  }
}
