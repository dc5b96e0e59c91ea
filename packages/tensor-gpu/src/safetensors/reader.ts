// Reading safetensors: the header first, then each tensor's bytes on demand with a file handle at its offset, so
// a file larger than memory is fine as long as each tensor fits.
import { type FileHandle, open } from 'node:fs/promises';
import { tf } from '../tf';
import { DTYPE_SIZE, decode, TFJS_DTYPE } from './dtypes';
import { headerLength, parseHeader, type SafetensorsEntry, type SafetensorsHeader } from './header';
import { SafetensorsError } from './safetensors-error';

export interface LoadedSafetensors {
  tensors: Record<string, tf.Tensor>;
  metadata: Record<string, string>;
}

export type NameFilter = readonly string[] | ((name: string) => boolean);

function accepts(filter: NameFilter | undefined, name: string): boolean {
  if (filter === undefined) return true;
  return typeof filter === 'function' ? filter(name) : filter.includes(name);
}

function toTensor(entry: SafetensorsEntry, bytes: Uint8Array): tf.Tensor {
  return tf.tensor(decode(bytes, entry.dtype, entry.name), entry.shape, TFJS_DTYPE[entry.dtype]);
}

async function readExactly(handle: FileHandle, length: number, position: number, source: string): Promise<Uint8Array> {
  // A fresh buffer per read: aligned at offset 0, so float32/int32 data is used without a copy.
  const buffer = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) {
      throw new SafetensorsError('TRUNCATED', `${source}: unexpected end of file at byte ${position + done}`);
    }
    done += bytesRead;
  }
  return buffer;
}

/** An open safetensors file: its header, and each tensor read on request. Close it when done. */
export class SafetensorsFile {
  private constructor(
    readonly path: string,
    readonly header: SafetensorsHeader,
    private readonly _handle: FileHandle,
  ) {}

  /** Opens `path` and reads only its header. */
  static async open(path: string): Promise<SafetensorsFile> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const prefix = await readExactly(handle, Math.min(8, size), 0, path);
      const n = headerLength(prefix, size, path);
      const json = await readExactly(handle, n, 8, path);
      return new SafetensorsFile(path, parseHeader(json, 8 + n, size, path), handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get metadata(): Record<string, string> {
    return this.header.metadata;
  }

  /** Tensor names in file order. */
  keys(): string[] {
    return this.header.entries.map((e) => e.name);
  }

  entry(name: string): SafetensorsEntry {
    const found = this.header.entries.find((e) => e.name === name);
    if (found === undefined) {
      const names = this.keys();
      throw new SafetensorsError(
        'NO_SUCH_TENSOR',
        `${this.path}: no tensor named '${name}' (has ${names.length}: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''})`,
      );
    }
    return found;
  }

  /** The raw little-endian bytes of one tensor. */
  async readBytes(name: string): Promise<Uint8Array> {
    const e = this.entry(name);
    return readExactly(
      this._handle,
      e.dataOffsets[1] - e.dataOffsets[0],
      this.header.dataStart + e.dataOffsets[0],
      this.path,
    );
  }

  /** One tensor as a TensorFlow.js tensor (F16/BF16/F64 as float32; I64/I16/I8/U8 as int32; BOOL as bool). */
  async read(name: string): Promise<tf.Tensor> {
    return toTensor(this.entry(name), await this.readBytes(name));
  }

  async close(): Promise<void> {
    await this._handle.close();
  }
}

/** Reads only the header of a safetensors file. */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  const file = await SafetensorsFile.open(path);
  await file.close();
  return file.header;
}

/**
 * Reads a safetensors file (all tensors, or those `names` selects), one tensor at a time.
 *
 * @example
 * const { tensors, metadata } = await readSafetensors('epoch_1.safetensors');
 */
export async function readSafetensors(path: string, options: { names?: NameFilter } = {}): Promise<LoadedSafetensors> {
  const file = await SafetensorsFile.open(path);
  const tensors: Record<string, tf.Tensor> = {};
  try {
    for (const name of file.keys()) if (accepts(options.names, name)) tensors[name] = await file.read(name);
  } catch (error) {
    tf.dispose(Object.values(tensors));
    throw error;
  } finally {
    await file.close();
  }
  return { tensors, metadata: { ...file.metadata } };
}

/** Parses safetensors bytes already in memory (a fetched file, a browser upload). */
export function parseSafetensors(
  bytes: Uint8Array,
  options: { names?: NameFilter; source?: string } = {},
): LoadedSafetensors {
  const source = options.source ?? '<bytes>';
  const n = headerLength(bytes.subarray(0, 8), bytes.byteLength, source);
  const header = parseHeader(bytes.subarray(8, 8 + n), 8 + n, bytes.byteLength, source);
  const tensors: Record<string, tf.Tensor> = {};
  for (const e of header.entries) {
    if (!accepts(options.names, e.name)) continue;
    const begin = header.dataStart + e.dataOffsets[0];
    // Copy unless aligned for the element type, since typed views need aligned offsets.
    const raw = bytes.subarray(begin, header.dataStart + e.dataOffsets[1]);
    const aligned = (bytes.byteOffset + begin) % DTYPE_SIZE[e.dtype] === 0 ? raw : raw.slice();
    tensors[e.name] = toTensor(e, aligned);
  }
  return { tensors, metadata: { ...header.metadata } };
}
