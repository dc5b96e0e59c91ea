import type { BaseDatasetSharedState } from '../dataset/base-dataset';

/** What every worker of a loader gets once (piscina's `workerData`). */
export interface WorkerSetup {
  /** The dataset's config, built in the worker from DATASETS. */
  readonly dataset: Record<string, unknown>;
  /** The main thread's `exportSharedState()`, so that the worker skips reading the annotations. */
  readonly sharedState: unknown;
  /** Module URLs and package names imported before the dataset is built. */
  readonly imports: readonly string[];
}

export type { BaseDatasetSharedState };
