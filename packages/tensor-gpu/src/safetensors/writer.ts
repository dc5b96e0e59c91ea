// Writing safetensors: the header is computed from shapes and dtypes alone, then tensors are streamed one at a
// time through @eng/fileio's atomic write (a temporary file beside the target, renamed over it at the end).
import { writeFileAtomic } from '@eng/fileio';
import { tf } from '../tf';
import { DTYPE_SIZE, encode, type SafetensorsDtype, WRITE_DTYPE } from './dtypes';
import { buildHeader } from './header';

/** A tensor, or raw values with their dtype and shape (e.g. data already read back). */
export type TensorSource =
  | tf.Tensor
  | { dtype: 'float32' | 'int32' | 'bool'; shape: readonly number[]; data: ArrayLike<number> };

export interface WriteSafetensorsOptions {
  /** `__metadata__`: a string-to-string map stored in the header. */
  metadata?: Record<string, string>;
}

interface Planned {
  name: string;
  dtype: SafetensorsDtype;
  shape: readonly number[];
  source: TensorSource;
}

function plan(tensors: Record<string, TensorSource> | Map<string, TensorSource>): Planned[] {
  const list = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  const planned = list.map(([name, source]): Planned => {
    if (source instanceof tf.Tensor && source.isDisposed) {
      throw new TypeError(`safetensors: tensor '${name}' is disposed`);
    }
    const dtype = WRITE_DTYPE[source.dtype];
    if (dtype === undefined) {
      throw new TypeError(`safetensors: tensor '${name}' has dtype ${source.dtype}; writable: float32, int32, bool`);
    }
    return { name, dtype, shape: source.shape, source };
  });
  // The reference writer's order: larger elements first (keeps every tensor naturally aligned), then by name.
  return planned.sort(
    (a, b) => DTYPE_SIZE[b.dtype] - DTYPE_SIZE[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

async function bytesOf(p: Planned): Promise<Uint8Array> {
  const values = p.source instanceof tf.Tensor ? await p.source.data() : p.source.data;
  const expected = p.shape.reduce((a, b) => a * b, 1);
  if (values.length !== expected) {
    throw new TypeError(
      `safetensors: tensor '${p.name}' has ${values.length} values for shape [${p.shape.join(', ')}]`,
    );
  }
  return encode(values as ArrayLike<number>, p.dtype);
}

/**
 * Writes tensors to a safetensors file atomically, streaming one tensor at a time.
 *
 * @example
 * await writeSafetensors('weights.safetensors', { 'fc.weight': w, 'fc.bias': b }, { metadata: { format: 'pt' } });
 */
export async function writeSafetensors(
  path: string,
  tensors: Record<string, TensorSource> | Map<string, TensorSource>,
  options: WriteSafetensorsOptions = {},
): Promise<void> {
  const planned = plan(tensors);
  const { bytes: header } = buildHeader(planned, options.metadata);
  await writeFileAtomic(path, chunks(header, planned));
}

/** The header, then each tensor's bytes, read back one tensor at a time as the file is written. */
async function* chunks(header: Uint8Array, planned: readonly Planned[]): AsyncGenerator<Uint8Array> {
  yield header;
  for (const p of planned) yield await bytesOf(p);
}

/** Serializes tensors to safetensors bytes in memory (for uploads, a browser, or another storage backend). */
export async function serializeSafetensors(
  tensors: Record<string, TensorSource> | Map<string, TensorSource>,
  options: WriteSafetensorsOptions = {},
): Promise<Uint8Array> {
  const planned = plan(tensors);
  const { bytes: header, entries } = buildHeader(planned, options.metadata);
  const total = header.byteLength + (entries.at(-1)?.dataOffsets[1] ?? 0);
  const out = new Uint8Array(total);
  out.set(header, 0);
  for (let i = 0; i < planned.length; i++) {
    out.set(
      await bytesOf(planned[i] as Planned),
      header.byteLength + (entries[i] as { dataOffsets: [number, number] }).dataOffsets[0],
    );
  }
  return out;
}
