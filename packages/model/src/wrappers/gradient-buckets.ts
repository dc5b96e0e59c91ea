import { allReduceSync } from '@eng/dist';
import { tf } from '@eng/tensor-gpu';

/** What the reducer measured, summed over the steps it took part in (for logs and the benchmark). */
export interface GradientSyncStats {
  /** Steps whose gradients were averaged. */
  steps: number;
  /** Allreduce calls (one per bucket and step). */
  allreduces: number;
  /** Gradient elements sent per step (the flags of which variables have a gradient included). */
  elementsPerStep: number;
  /** Milliseconds inside `MPI_Allreduce` (waiting for the slowest rank included). */
  communicationMs: number;
  /** Milliseconds packing gradients into buckets and unpacking the averages. */
  packingMs: number;
}

/**
 * Averages gradients across the processes in buckets, as PyTorch's DDP does: the variables are taken in reverse
 * order (the last layers' gradients are the first ready in a backward pass) and packed into flat float32 buffers of
 * at most `bucketBytes` each (a larger variable gets a bucket of its own), and each buffer is averaged by one
 * `MPI_Allreduce`. The first bucket also carries one flag per variable saying whether this process has a gradient
 * for it, so a variable no process used keeps no gradient (as in PyTorch), one some processes used gets their
 * average, and every process sends buffers of the same length whatever its branch.
 */
export class GradientBuckets {
  readonly stats: GradientSyncStats = {
    steps: 0,
    allreduces: 0,
    elementsPerStep: 0,
    communicationMs: 0,
    packingMs: 0,
  };
  /** The variables no process had a gradient for at the last step. */
  unused: tf.Variable[] = [];

  constructor(readonly bucketBytes: number) {}

  reduce(params: readonly tf.Variable[], grads: ReadonlyMap<tf.Variable, tf.Tensor>): Map<tf.Variable, tf.Tensor> {
    const order = [...params].reverse();
    if (order.length === 0) return new Map();
    const buckets = this.bucketsOf(order);
    const out = new Map<tf.Variable, tf.Tensor>();
    const flags = Float32Array.from(order, (v) => (grads.has(v) ? 1 : 0));
    let elements = 0;
    let index = 0;
    buckets.forEach((bucket, b) => {
      const packStart = performance.now();
      const head = b === 0 ? flags.length : 0;
      const values = tf.tidy(() =>
        tf.concat(bucket.map((v) => (grads.get(v) ?? tf.zeros(v.shape, 'float32')).reshape([-1]))),
      );
      const buffer = new Float32Array(head + values.size);
      if (head > 0) buffer.set(flags);
      buffer.set(values.dataSync() as Float32Array, head);
      values.dispose();
      const commStart = performance.now();
      allReduceSync(buffer, 'mean');
      const commEnd = performance.now();
      if (head > 0) flags.set(buffer.subarray(0, head));
      let offset = head;
      for (const variable of bucket) {
        const size = variable.size;
        // A variable whose mean flag is 0 had no gradient on any process.
        if (flags[index] !== 0) {
          out.set(variable, tf.tensor(buffer.subarray(offset, offset + size), variable.shape, 'float32'));
        }
        offset += size;
        index += 1;
      }
      elements += buffer.length;
      this.stats.allreduces += 1;
      this.stats.communicationMs += commEnd - commStart;
      this.stats.packingMs += commStart - packStart + (performance.now() - commEnd);
    });
    this.unused = order.filter((_, i) => flags[i] === 0);
    this.stats.steps += 1;
    this.stats.elementsPerStep = elements;
    return out;
  }

  /** Consecutive runs of `order` of at most `bucketBytes` (float32) each. */
  private bucketsOf(order: readonly tf.Variable[]): tf.Variable[][] {
    const buckets: tf.Variable[][] = [];
    let current: tf.Variable[] = [];
    let bytes = 0;
    for (const variable of order) {
      const size = variable.size * 4;
      if (current.length > 0 && bytes + size > this.bucketBytes) {
        buckets.push(current);
        current = [];
        bytes = 0;
      }
      current.push(variable);
      bytes += size;
    }
    if (current.length > 0) buckets.push(current);
    return buckets;
  }
}
