import { describe } from '@eng/internal';
import { MODELS } from '@eng/registry';
import type { DataBatch } from './base-model/data-preprocessor';
import { ModelError } from './errors';
import { BaseModule } from './module/base-module';

export interface StepModule extends BaseModule {
  testStep(data: DataBatch): unknown;
}

export interface BaseTTAModelOptions {
  /** The model to run on each augmented view, or its config (built from MODELS). */
  module: BaseModule | Record<string, unknown>;
  /** Accepted for config compatibility; the wrapped model's preprocessor is used. */
  data_preprocessor?: unknown;
}

/**
 * Test-time augmentation (MMEngine `BaseTTAModel`). The batch arrives with one entry per augmentation in every
 * field (`{ inputs: [aug0Batch, aug1Batch], data_samples: [aug0Samples, aug1Samples] }`); `testStep` runs the
 * wrapped model's `testStep` once per augmentation, regroups the predictions per sample
 * (`[[s0aug0, s0aug1], [s1aug0, s1aug1], …]`) and hands them to `mergePreds`.
 *
 * @example
 * class AverageScoreTTA extends BaseTTAModel {
 *   mergePreds(list: BaseDataElement[][]) {
 *     return list.map((views) => views[0].new({ score: views.reduce((s, v) => s + v.score, 0) / views.length }));
 *   }
 * }
 */
export abstract class BaseTTAModel extends BaseModule {
  readonly module: StepModule;

  constructor(options: BaseTTAModelOptions) {
    super();
    const m = options?.module;
    const built = m instanceof BaseModule ? m : typeof m === 'object' && m !== null ? MODELS.build(m) : undefined;
    if (!(built instanceof BaseModule) || typeof (built as unknown as Partial<StepModule>).testStep !== 'function') {
      throw new TypeError(
        `${new.target.name} needs a "module" with testStep (a BaseModel or its config), got ${describe(m)}`,
      );
    }
    this.module = built as StepModule;
  }

  /** Merges each sample's predictions over its augmentations into one prediction per sample. */
  abstract mergePreds(dataSamplesList: unknown[][]): unknown[];

  testStep(data: DataBatch): unknown[] {
    const views = splitAugmentations(data);
    const predictions = views.map((view) => this.module.testStep(view));
    const perSample: unknown[][] = [];
    predictions.forEach((pred, aug) => {
      if (!Array.isArray(pred)) {
        throw new ModelError(
          'BAD_PREDICTIONS',
          `testStep of ${this.module.constructor.name} must return a list per batch for TTA, got ${describe(pred)}`,
        );
      }
      pred.forEach((p, i) => {
        perSample[i] ??= [];
        (perSample[i] as unknown[])[aug] = p;
      });
    });
    return this.mergePreds(perSample);
  }

  valStep(data: DataBatch): unknown[] {
    return this.testStep(data);
  }

  override forward(...args: unknown[]): unknown {
    return this.module.forward(...args);
  }
}

/** `{ k: [v0, v1] }` → `[{ k: v0 }, { k: v1 }]` (or the same for the array form of a batch). */
function splitAugmentations(data: DataBatch): DataBatch[] {
  if (Array.isArray(data)) {
    const n = (data[0] as unknown[] | undefined)?.length ?? 0;
    return Array.from({ length: n }, (_, j) => data.map((field) => (field as unknown[])[j]));
  }
  if (data && typeof data === 'object') {
    const entries = Object.entries(data);
    const lengths = entries.map(([, v]) => (Array.isArray(v) ? v.length : -1));
    const n = lengths[0] ?? 0;
    if (lengths.some((l) => l !== n)) {
      throw new ModelError(
        'BAD_TTA_BATCH',
        `every field of a TTA batch must be a list with one entry per augmentation; got lengths ${entries.map(([k], i) => `${k}=${lengths[i]}`).join(', ')}`,
      );
    }
    return Array.from({ length: n }, (_, j) => Object.fromEntries(entries.map(([k, v]) => [k, (v as unknown[])[j]])));
  }
  throw new TypeError(`TTA data must be an object or an array, got ${describe(data)}`);
}
