import type { NativeArray, NativeMpi } from './native';

/** One call into the addon, by the name of its asynchronous form. */
export type NativeCall =
  | { name: 'allreduce'; args: [data: NativeArray, op: number] }
  | { name: 'bcast'; args: [data: NativeArray, root: number] }
  | { name: 'allgather'; args: [send: NativeArray, recv: NativeArray] }
  | { name: 'allgatherv'; args: [send: NativeArray, recv: NativeArray, counts: Int32Array] }
  | { name: 'barrier'; args: [] };

/**
 * A collective written once as a generator of addon calls, so that the same steps run awaited
 * ({@link driveAsync}) and blocking ({@link driveSync}).
 */
export type Steps<T> = Generator<NativeCall, T, void>;

type Invoke = (...args: unknown[]) => unknown;

export async function driveAsync<T>(native: NativeMpi, steps: Steps<T>): Promise<T> {
  for (let next = steps.next(); ; next = steps.next()) {
    if (next.done) return next.value;
    await ((native[next.value.name] as Invoke)(...next.value.args) as Promise<void>);
  }
}

export function driveSync<T>(native: NativeMpi, steps: Steps<T>): T {
  for (let next = steps.next(); ; next = steps.next()) {
    if (next.done) return next.value;
    (native[`${next.value.name}Sync`] as Invoke)(...next.value.args);
  }
}

/** Every rank's bytes, rank by rank (the lengths first, then one allgatherv). */
export function* gatherBytes(bytes: Uint8Array, worldSize: number): Steps<Uint8Array[]> {
  const counts = new Int32Array(worldSize);
  yield { name: 'allgather', args: [Int32Array.of(bytes.length), counts] };
  const total = counts.reduce((a, b) => a + b, 0);
  const recv = new Uint8Array(total);
  yield { name: 'allgatherv', args: [bytes, recv, counts] };
  const parts: Uint8Array[] = [];
  for (let i = 0, offset = 0; i < worldSize; offset += counts[i] as number, i++) {
    parts.push(recv.subarray(offset, offset + (counts[i] as number)));
  }
  return parts;
}

/** Rank `src`'s bytes on every rank (the length first). `bytes` is only read on `src`. */
export function* broadcastBytes(bytes: Uint8Array, src: number, rank: number): Steps<Uint8Array> {
  const length = Int32Array.of(bytes.length);
  yield { name: 'bcast', args: [length, src] };
  const buffer = rank === src ? bytes : new Uint8Array(length[0] as number);
  yield { name: 'bcast', args: [buffer, src] };
  return buffer;
}
