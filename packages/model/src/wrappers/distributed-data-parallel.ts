import { broadcastParamsSync } from '@eng/dist';
import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { printLog } from '@eng/logging';
import { MODELS } from '@eng/registry';
import { z } from 'zod';
import type { DataBatch } from '../base-model/data-preprocessor';
import type { ForwardMode, OptimWrapperLike } from '../base-model/base-model';
import { BaseModule } from '../module/base-module';
import { GradientBuckets, type GradientSyncStats } from './gradient-buckets';
import { markModelWrapper, type ModelWrapper } from './model-wrapper';

/** A model that trains and predicts by steps, as `BaseModel` does. */
export interface SteppedModule extends BaseModule {
  trainStep(data: DataBatch, optimWrapper: OptimWrapperLike): unknown;
  valStep(data: DataBatch): unknown;
  testStep(data: DataBatch): unknown;
}

/** Options of {@link MMDistributedDataParallel}: PyTorch's `DistributedDataParallel` keywords that mean something here. */
export interface MMDistributedDataParallelOptions {
  /** The model (a `BaseModel`, or its config). */
  module: BaseModule | Record<string, unknown>;
  /** Copy rank 0's buffers (batch-norm statistics) to every rank before each training step (PyTorch's default true; the runner passes false, as MMEngine does). */
  broadcast_buffers?: boolean;
  /** Largest gradient bucket, in MiB (default 25, as PyTorch). */
  bucket_cap_mb?: number;
  /** Accepted for configs written for PyTorch: a parameter without a gradient is always handled (see the class). */
  find_unused_parameters?: boolean;
  /** Warn, after each step, about trainable parameters no rank computed a gradient for (MMEngine's option). */
  detect_anomalous_params?: boolean;
  /** Accepted for configs written for PyTorch and ignored: one process is one CPU worker here. */
  device_ids?: number[] | null;
  /** Accepted and ignored, as `device_ids`. */
  output_device?: number | null;
}

const shape = {
  module: z.custom<BaseModule | Record<string, unknown>>((v) => typeof v === 'object' && v !== null, {
    message: 'expected the model to wrap (a BaseModel or its config)',
  }),
  broadcast_buffers: z.boolean().optional(),
  bucket_cap_mb: z.number().positive().optional(),
  find_unused_parameters: z.boolean().optional(),
  detect_anomalous_params: z.boolean().optional(),
  device_ids: z.array(z.number().int()).nullable().optional(),
  output_device: z.number().int().nullable().optional(),
} satisfies ShapeOf<MMDistributedDataParallelOptions>;

/** Anything with an optim wrapper's `gradientReducer` (an OptimWrapper of @eng/optim). */
interface ReducibleWrapper {
  gradientReducer: unknown;
}

/**
 * MMEngine's `MMDistributedDataParallel` (in MODEL_WRAPPERS): data-parallel training over the processes of an
 * `@eng/dist` job. Every rank holds the whole model and trains it on its own share of each batch (the samplers split
 * the data by rank); after each backward pass the gradients are averaged over the ranks, so every rank takes the
 * same optimizer step and the models stay equal.
 *
 * - At construction rank 0's parameters and buffers are copied to every rank (`syncModuleStates`), as PyTorch does.
 * - The average is taken in `OptimWrapper.step()`, before gradient clipping (so `clip_grad` clips the averaged
 *   gradient) and only when a step is taken: with `accumulative_counts: k` the ranks exchange gradients once per
 *   k iterations (PyTorch's `no_sync` for the others). Gradients travel in buckets of at most `bucket_cap_mb`, one
 *   `MPI_Allreduce` of a packed buffer per bucket. TensorFlow.js computes every gradient in one call
 *   (`tf.variableGrads`) with no per-parameter hooks, so there is no backward pass left to overlap the exchange with.
 * - `trainStep` calls the wrapped model's own `trainStep` (so custom steps, several optim wrappers and GANs work);
 *   `valStep` and `testStep` are the model's.
 * - A parameter no rank used keeps no gradient; one some ranks used gets the average over all ranks (zeros from the
 *   others), as PyTorch's `find_unused_parameters` gives.
 *
 * The state dict holds the model's under `module.` (as PyTorch's); the runner saves and loads the model inside
 * (`unwrapModel`), so checkpoints do not depend on the number of processes.
 *
 * @example
 * const ddp = new MMDistributedDataParallel({ module: { type: 'MLP', in_features: 4, num_classes: 2 } });
 * ddp.module; // the MLP, the same on every rank
 */
export class MMDistributedDataParallel extends BaseModule implements ModelWrapper<SteppedModule> {
  static readonly optionsSchema = optionsSchema<MMDistributedDataParallelOptions>(shape);

  readonly broadcastBuffers: boolean;
  readonly detectAnomalousParams: boolean;
  private readonly _buckets: GradientBuckets;

  constructor(options: MMDistributedDataParallelOptions) {
    super();
    const spec = options?.module;
    const built = spec instanceof BaseModule ? spec : isConfig(spec) ? MODELS.build(spec as never) : undefined;
    if (
      !(built instanceof BaseModule) ||
      typeof (built as unknown as Partial<SteppedModule>).trainStep !== 'function'
    ) {
      throw new TypeError(
        `MMDistributedDataParallel needs a "module" with trainStep, valStep and testStep (a BaseModel or its config), got ${describe(spec)}`,
      );
    }
    this.addModule('module', built);
    this.broadcastBuffers = options.broadcast_buffers ?? true;
    this.detectAnomalousParams = options.detect_anomalous_params ?? false;
    this._buckets = new GradientBuckets((options.bucket_cap_mb ?? 25) * 1024 * 1024);
    this.syncModuleStates();
  }

  /** The wrapped model. */
  get module(): SteppedModule {
    return this._modules.get('module') as SteppedModule;
  }

  /** The wrapped model's data preprocessor. */
  get dataPreprocessor(): unknown {
    return (this.module as { dataPreprocessor?: unknown }).dataPreprocessor;
  }

  /** What the gradient exchange cost so far (steps, allreduce calls, elements per step, milliseconds). */
  get gradientSyncStats(): Readonly<GradientSyncStats> {
    return this._buckets.stats;
  }

  /**
   * Copies rank 0's parameters and buffers to every rank (blocking; one broadcast per dtype). The runner calls it
   * again after initializing weights and loading a checkpoint, so every rank starts from the same model.
   */
  syncModuleStates(): void {
    broadcastParamsSync([...this.module.parameters(), ...this.module.buffers()], 0);
  }

  trainStep(data: DataBatch, optimWrapper: OptimWrapperLike): unknown {
    for (const wrapper of optimWrappersOf(optimWrapper)) wrapper.gradientReducer = this._buckets;
    if (this.broadcastBuffers) broadcastParamsSync([...this.module.buffers()], 0);
    const before = this._buckets.stats.steps;
    const out = this.module.trainStep(data, optimWrapper);
    if (this.detectAnomalousParams && this._buckets.stats.steps > before) this._warnUnused();
    return out;
  }

  valStep(data: DataBatch): unknown {
    return this.module.valStep(data);
  }

  testStep(data: DataBatch): unknown {
    return this.module.testStep(data);
  }

  override forward(inputs: unknown, dataSamples?: unknown, mode?: ForwardMode): unknown {
    return this.module.forward(inputs, dataSamples, mode);
  }

  private _warnUnused(): void {
    const names = new Map([...this.module.namedParameters()].map(([name, v]) => [v, name]));
    for (const variable of this._buckets.unused) {
      printLog(
        `${names.get(variable) ?? variable.name} with shape [${variable.shape.join(', ')}] is not in the computational graph`,
        {
          logger: 'current',
          level: 'WARNING',
        },
      );
    }
  }
}

markModelWrapper(MMDistributedDataParallel);

function isConfig(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The optim wrappers inside `optimWrapper`: itself, or each of an `OptimWrapperDict`'s. */
function optimWrappersOf(optimWrapper: unknown): ReducibleWrapper[] {
  const dict = (optimWrapper as { optimWrappers?: Record<string, unknown> } | null)?.optimWrappers;
  const all = dict !== undefined && dict !== null ? Object.values(dict) : [optimWrapper];
  return all.filter((w): w is ReducibleWrapper => typeof w === 'object' && w !== null && 'gradientReducer' in w);
}
