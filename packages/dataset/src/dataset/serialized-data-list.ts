import { Packr, Unpackr } from 'msgpackr';

/** What a worker needs to read a {@link SerializedDataList} without a copy (structured-cloneable). */
export interface SerializedDataListState {
  /** Every record's bytes, one after another (on a `SharedArrayBuffer`). */
  readonly bytes: Uint8Array<ArrayBufferLike>;
  /** `ends[i]` is where record `i` ends in `bytes` (it starts where record `i - 1` ends). */
  readonly ends: Float64Array;
  /** msgpackr's shared record structures: the key lists, stored once instead of in every record. */
  readonly structures: unknown[];
}

// `moreTypes` keeps typed arrays (boxes, masks) as typed arrays; shared structures store each key set once.
const CODEC_OPTIONS = { moreTypes: true } as const;

function sharedBytes(source: Uint8Array): Uint8Array {
  const target = new Uint8Array(new SharedArrayBuffer(source.byteLength));
  target.set(source);
  return target;
}

/**
 * MMEngine's `serialize_data`: a data list packed into one buffer (MessagePack with shared record structures, in
 * place of pickle) and an array of end offsets, each record decoded on access. The buffers live on
 * `SharedArrayBuffer`s, so posting {@link SerializedDataList.state} to a worker thread shares them instead of copying.
 */
export class SerializedDataList {
  private readonly _bytes: Uint8Array<ArrayBufferLike>;
  private readonly _ends: Float64Array;
  private readonly _structures: unknown[];
  private _unpackr: Unpackr | undefined;

  constructor(state: SerializedDataListState) {
    this._bytes = state.bytes;
    this._ends = state.ends;
    this._structures = state.structures;
  }

  /** Packs `records` (plain objects; typed arrays inside them survive). */
  static pack(records: readonly object[]): SerializedDataList {
    const packr = new Packr({ ...CODEC_OPTIONS, structures: [] });
    const ends = new Float64Array(new SharedArrayBuffer(records.length * 8));
    let bytes = new Uint8Array(Math.max(1024, records.length * 64));
    let used = 0;
    for (let i = 0; i < records.length; i++) {
      const packed = packr.pack(records[i]);
      if (used + packed.length > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, used + packed.length));
        grown.set(bytes.subarray(0, used));
        bytes = grown;
      }
      bytes.set(packed, used);
      used += packed.length;
      ends[i] = used;
    }
    return new SerializedDataList({
      bytes: sharedBytes(bytes.subarray(0, used)),
      ends,
      // `structures` is filled by pack() but not declared in msgpackr's types.
      structures: (packr as unknown as { structures: unknown[] }).structures.map((s) =>
        Array.isArray(s) ? [...s] : s,
      ),
    });
  }

  get length(): number {
    return this._ends.length;
  }

  /** Bytes held by the buffers (the records and their offsets). */
  get byteLength(): number {
    return this._bytes.byteLength + this._ends.byteLength;
  }

  /** The state to post to a worker (`new SerializedDataList(state)` there reads the same memory). */
  get state(): SerializedDataListState {
    return { bytes: this._bytes, ends: this._ends, structures: this._structures };
  }

  private _start(idx: number): number {
    return idx === 0 ? 0 : (this._ends[idx - 1] as number);
  }

  /** A fresh copy of record `idx` (decoding copies: a caller's change never reaches the shared bytes). */
  get(idx: number): Record<string, unknown> {
    // The decoder attaches compiled readers to the structures it is given: hand it copies, so the state stays plain
    // data that can be posted to a worker.
    this._unpackr ??= new Unpackr({
      ...CODEC_OPTIONS,
      structures: this._structures.map((s) => (Array.isArray(s) ? [...s] : s)) as {}[],
    });
    const end = this._ends[idx] as number;
    // slice(), not subarray(): typed arrays the decoder returns must not alias shared memory.
    return this._unpackr.unpack(this._bytes.slice(this._start(idx), end)) as Record<string, unknown>;
  }

  /** The records at `indices` (in that order), packed into new buffers. */
  subset(indices: readonly number[]): SerializedDataList {
    let total = 0;
    for (const idx of indices) total += (this._ends[idx] as number) - this._start(idx);
    const bytes = new Uint8Array(new SharedArrayBuffer(total));
    const ends = new Float64Array(new SharedArrayBuffer(indices.length * 8));
    let used = 0;
    indices.forEach((idx, i) => {
      const start = this._start(idx);
      const end = this._ends[idx] as number;
      bytes.set(this._bytes.subarray(start, end), used);
      used += end - start;
      ends[i] = used;
    });
    return new SerializedDataList({ bytes, ends, structures: this._structures });
  }
}
