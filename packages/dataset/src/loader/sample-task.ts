import { RandomStream } from '@eng/internal';
import type { DatasetLike } from '../dataset/dataset-like';
import { isPromise } from '../is-promise';

/** One batch's work: the dataset indices and each one's position in the epoch's order (its random stream). */
export interface SampleTask {
  readonly indices: readonly number[];
  readonly ordinals: readonly number[];
  readonly epoch: number;
  readonly seed: number;
}

/** Why a sample failed, in a form that crosses threads. */
export interface SampleFailure {
  readonly index: number;
  readonly transform: string | undefined;
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly code: string | undefined;
}

/** The stream a sample's transforms draw from: a function of the loader's seed, the epoch and the position only. */
export function sampleStream(seed: number, epoch: number, ordinal: number): RandomStream {
  return new RandomStream([seed, epoch, ordinal]);
}

/** The pipeline step an error came from, when the pipeline recorded it. */
export function failedTransform(error: unknown): string | undefined {
  const step = (error as { transform?: unknown } | null)?.transform;
  return typeof step === 'string' ? step : undefined;
}

export function describeFailure(index: number, error: unknown): SampleFailure {
  const e = error as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown } | null;
  return {
    index,
    transform: failedTransform(error),
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(error),
    stack: typeof e?.stack === 'string' ? e.stack : undefined,
    code: typeof e?.code === 'string' ? e.code : undefined,
  };
}

/**
 * Runs a task's samples, all started at once so that one sample's file read overlaps another's decoding (each has
 * its own random stream, so the results do not depend on the interleaving). The first failure, in sample order,
 * ends it.
 */
export async function runSampleTask(
  dataset: DatasetLike,
  task: SampleTask,
): Promise<{ items: unknown[] } | { failure: SampleFailure; cause: unknown }> {
  const started: unknown[] = new Array(task.indices.length);
  let pending = false;
  for (let i = 0; i < task.indices.length; i++) {
    const index = task.indices[i] as number;
    try {
      const item = dataset.getItem(index, { random: sampleStream(task.seed, task.epoch, task.ordinals[i] as number) });
      if (isPromise(item)) {
        pending = true;
        // settled below; never an unhandled rejection meanwhile
        item.catch(() => {});
      }
      started[i] = item;
    } catch (error) {
      return { failure: describeFailure(index, error), cause: error };
    }
  }
  if (!pending) return { items: started };
  const settled = await Promise.allSettled(started);
  const items: unknown[] = [];
  for (let i = 0; i < settled.length; i++) {
    const outcome = settled[i] as PromiseSettledResult<unknown>;
    if (outcome.status === 'rejected') {
      return { failure: describeFailure(task.indices[i] as number, outcome.reason), cause: outcome.reason };
    }
    items.push(outcome.value);
  }
  return { items };
}
