// The safetensors header: an 8-byte little-endian length, then that many bytes of JSON describing each tensor
// ({ dtype, shape, data_offsets: [begin, end] } relative to the data section) and an optional string map
// `__metadata__`. Trailing spaces pad the JSON so the data section starts 8-byte aligned.
import { DTYPE_SIZE, isSafetensorsDtype, type SafetensorsDtype } from './dtypes';
import { SafetensorsError } from './safetensors-error';

export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** [begin, end) in bytes, relative to the start of the data section. */
  dataOffsets: [number, number];
}

export interface SafetensorsHeader {
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
  /** Absolute byte offset of the data section (8 + header length). */
  dataStart: number;
  /** Length of the data section in bytes. */
  dataLength: number;
}

/** Refuses headers above this size (the reference implementation's limit), to fail fast on a wrong file. */
export const MAX_HEADER_BYTES = 100_000_000;

/** Validates the 8-byte prefix and returns the header's JSON length. */
export function headerLength(prefix: Uint8Array, fileSize: number, source: string): number {
  if (prefix.byteLength < 8 || fileSize < 8) {
    throw new SafetensorsError('TRUNCATED', `${source}: not a safetensors file (shorter than its 8-byte header size)`);
  }
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES) || n > BigInt(fileSize - 8)) {
    throw new SafetensorsError(
      'HEADER_TOO_LARGE',
      `${source}: header size ${n} is larger than the file (${fileSize} bytes) or the ${MAX_HEADER_BYTES}-byte limit`,
    );
  }
  return Number(n);
}

function isIntArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((d) => Number.isSafeInteger(d) && d >= 0);
}

/** Parses and checks the JSON header: known dtypes, sizes that match shapes, contiguous offsets covering the data. */
export function parseHeader(json: Uint8Array, dataStart: number, fileSize: number, source: string): SafetensorsHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (cause) {
    throw new SafetensorsError('BAD_HEADER', `${source}: the header is not valid UTF-8 JSON`, { cause });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SafetensorsError('BAD_HEADER', `${source}: the header must be a JSON object`);
  }
  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new SafetensorsError('BAD_METADATA', `${source}: __metadata__ must be an object of strings`);
      }
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') {
          throw new SafetensorsError('BAD_METADATA', `${source}: __metadata__.${k} must be a string, got ${typeof v}`);
        }
        metadata[k] = v;
      }
      continue;
    }
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (info === null || typeof info !== 'object') {
      throw new SafetensorsError('BAD_ENTRY', `${source}: entry '${name}' must be an object`);
    }
    if (!isSafetensorsDtype(info.dtype)) {
      throw new SafetensorsError(
        'UNSUPPORTED_DTYPE',
        `${source}: tensor '${name}' has dtype ${JSON.stringify(info.dtype)}; supported: ${Object.keys(DTYPE_SIZE).join(', ')}`,
      );
    }
    if (!isIntArray(info.shape)) {
      throw new SafetensorsError(
        'BAD_ENTRY',
        `${source}: tensor '${name}' has an invalid shape ${JSON.stringify(info.shape)}`,
      );
    }
    const offsets = info.data_offsets;
    if (!isIntArray(offsets) || offsets.length !== 2 || (offsets[0] as number) > (offsets[1] as number)) {
      throw new SafetensorsError(
        'BAD_ENTRY',
        `${source}: tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`,
      );
    }
    const [begin, end] = offsets as [number, number];
    const expected = info.shape.reduce((a, b) => a * b, 1) * DTYPE_SIZE[info.dtype];
    if (end - begin !== expected) {
      throw new SafetensorsError(
        'SIZE_MISMATCH',
        `${source}: tensor '${name}' (${info.dtype} ${JSON.stringify(info.shape)}) needs ${expected} bytes but data_offsets span ${end - begin}`,
      );
    }
    entries.push({ name, dtype: info.dtype, shape: info.shape, dataOffsets: [begin, end] });
  }
  // The data section must be exactly the tensors, back to back (what the reference implementation enforces).
  const sorted = [...entries].sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0]);
  let cursor = 0;
  for (const e of sorted) {
    if (e.dataOffsets[0] !== cursor) {
      throw new SafetensorsError(
        'BAD_OFFSETS',
        `${source}: tensor '${e.name}' starts at byte ${e.dataOffsets[0]} of the data, expected ${cursor} (gap or overlap)`,
      );
    }
    cursor = e.dataOffsets[1];
  }
  const dataLength = fileSize - dataStart;
  if (cursor !== dataLength) {
    throw new SafetensorsError(
      'BAD_OFFSETS',
      `${source}: the tensors cover ${cursor} bytes but the data section holds ${dataLength}`,
    );
  }
  return { entries, metadata, dataStart, dataLength };
}

/** Builds the header bytes (length prefix + space-padded JSON) for tensors laid out in the given order. */
export function buildHeader(
  tensors: ReadonlyArray<{ name: string; dtype: SafetensorsDtype; shape: readonly number[] }>,
  metadata: Record<string, string> | undefined,
): { bytes: Uint8Array; entries: SafetensorsEntry[] } {
  const json: Record<string, unknown> = {};
  if (metadata !== undefined && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new TypeError(`safetensors: metadata '${k}' must be a string, got ${typeof v}`);
    }
    json.__metadata__ = metadata;
  }
  const entries: SafetensorsEntry[] = [];
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__') throw new TypeError("safetensors: '__metadata__' cannot name a tensor");
    if (Object.hasOwn(json, t.name)) throw new TypeError(`safetensors: duplicate tensor name '${t.name}'`);
    const size = t.shape.reduce((a, b) => a * b, 1) * DTYPE_SIZE[t.dtype];
    const entry: SafetensorsEntry = {
      name: t.name,
      dtype: t.dtype,
      shape: [...t.shape],
      dataOffsets: [offset, offset + size],
    };
    entries.push(entry);
    json[t.name] = { dtype: t.dtype, shape: entry.shape, data_offsets: entry.dataOffsets };
    offset += size;
  }
  const text = new TextEncoder().encode(JSON.stringify(json));
  const padded = Math.ceil(text.byteLength / 8) * 8;
  const bytes = new Uint8Array(8 + padded).fill(0x20, 8 + text.byteLength);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(padded), true);
  bytes.set(text, 8);
  return { bytes, entries };
}
