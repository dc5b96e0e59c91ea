// The entry of a data loader's worker thread (run by piscina): builds the dataset once from its config, then runs
// each batch's samples and sends them back with their typed arrays transferred.
import { workerData } from 'node:worker_threads';
import { DATASETS, withConfigPath } from '@eng/registry';
import Piscina from 'piscina';
import type { DatasetLike } from '../dataset/dataset-like';
import '../register';
import { runSampleTask, type SampleFailure, type SampleTask } from './sample-task';
import { encodeForTransfer } from './transfer-codec';
import type { WorkerSetup } from './worker-setup';

let ready: Promise<DatasetLike> | undefined;

async function buildDataset(setup: WorkerSetup): Promise<DatasetLike> {
  for (const spec of setup.imports) await import(spec);
  const cfg = setup.sharedState === undefined ? setup.dataset : { ...setup.dataset, lazy_init: true };
  const dataset = withConfigPath('dataset', () => DATASETS.build(cfg as never)) as DatasetLike & {
    importSharedState?(state: unknown): void;
  };
  if (setup.sharedState !== undefined && typeof dataset.importSharedState === 'function') {
    dataset.importSharedState(setup.sharedState);
  } else {
    await dataset.fullInit?.();
  }
  return dataset;
}

type Reply =
  | { items: unknown }
  | { failure: SampleFailure }
  | { setupFailure: Omit<SampleFailure, 'index' | 'transform'> };

export default async function runTask(task: SampleTask): Promise<unknown> {
  let dataset: DatasetLike;
  try {
    ready ??= buildDataset(workerData as WorkerSetup);
    dataset = await ready;
  } catch (error) {
    const e = error as Error;
    return {
      setupFailure: {
        name: e?.name ?? 'Error',
        message: e?.message ?? String(error),
        stack: e?.stack,
        code: (e as { code?: string })?.code,
      },
    } satisfies Reply;
  }
  const result = await runSampleTask(dataset, task);
  if ('failure' in result) return { failure: result.failure } satisfies Reply;
  const transfers = new Set<ArrayBuffer>();
  const items = encodeForTransfer(result.items, transfers);
  const reply: Reply = { items };
  return Piscina.move({
    [Piscina.transferableSymbol]: [...transfers],
    [Piscina.valueSymbol]: reply,
  } as never);
}
