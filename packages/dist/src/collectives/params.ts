import { tf } from '@eng/tensor-gpu';
import { type ReduceOp, allReduceSync } from './all-reduce';
import { broadcastSync } from './broadcast';
import { distState } from '../internal/state';

type Variable = tf.Variable;

/**
 * Runs `exchange` on the values of `variables` packed into one flat buffer per dtype (float32, int32; others are
 * left alone), then writes the buffer back into the variables. One collective per dtype, not one per variable.
 */
function coalesced(variables: readonly Variable[], exchange: (buffer: Float32Array | Int32Array) => void): void {
  for (const dtype of ['float32', 'int32'] as const) {
    const group = variables.filter((v) => v.dtype === dtype);
    if (group.length === 0) continue;
    const total = group.reduce((n, v) => n + v.size, 0);
    const buffer = dtype === 'float32' ? new Float32Array(total) : new Int32Array(total);
    let offset = 0;
    for (const v of group) {
      buffer.set(v.dataSync() as Float32Array & Int32Array, offset);
      offset += v.size;
    }
    exchange(buffer);
    offset = 0;
    for (const v of group) {
      const values = buffer.slice(offset, offset + v.size);
      tf.tidy(() => v.assign(tf.tensor(values, v.shape, dtype)));
      offset += v.size;
    }
  }
}

/**
 * MMEngine's `all_reduce_params(params, coalesce=True, op)`: reduces the values of `variables` (a model's
 * parameters or buffers) across the ranks, in place, with one allreduce per dtype. Blocking, like the other
 * `...Sync` forms; with one process it leaves them as they are.
 *
 * @example
 * ```ts
 * const running = tf.variable(tf.tensor1d([0.5, 1]));
 * allReduceParamsSync([running], 'mean'); // every rank now holds the mean of the ranks' values
 * console.log(running.dataSync()); // → Float32Array(2) [ 0.5, 1 ]
 * ```
 */
export function allReduceParamsSync(variables: readonly Variable[], op: ReduceOp = 'sum'): void {
  if (distState().worldSize === 1 || variables.length === 0) return;
  coalesced(variables, (buffer) => allReduceSync(buffer, op));
}

/**
 * Copies rank `src`'s values of `variables` to every rank, in place, with one broadcast per dtype (what
 * `MMDistributedDataParallel` does to the model's parameters and buffers). Blocking; a no-op in one process.
 *
 * @example
 * ```ts
 * const weight = tf.variable(tf.tensor1d([0.5, -1]));
 * broadcastParamsSync([weight], 0);
 * console.log(weight.dataSync()); // → Float32Array(2) [ 0.5, -1 ]
 * ```
 */
export function broadcastParamsSync(variables: readonly Variable[], src = 0): void {
  if (distState().worldSize === 1 || variables.length === 0) return;
  coalesced(variables, (buffer) => broadcastSync(buffer, src));
}
