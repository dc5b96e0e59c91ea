import { describe } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { BaseModule } from '../module/base-module';
import { assignInto } from '../module/assign-into';

export interface AveragedModelOptions {
  /** The model whose weights are averaged; it is deep-copied. */
  model: BaseModule;
  /** Average every `interval` updates (default 1). */
  interval?: number;
  /** Accepted for config compatibility; tensors live on the active backend. */
  device?: string | null;
  /** Average buffers too instead of copying them (default false). */
  update_buffers?: boolean;
}

/**
 * MMEngine's `BaseAveragedModel`: keeps a frozen deep copy of a model (`module`) and folds the source model's weights
 * into it with `avgFunc` on every `updateParameters(model)` (the first call copies them). The step count is the
 * `steps` buffer, so it is saved in the state dict (`steps`, `module.*`).
 */
export abstract class BaseAveragedModel extends BaseModule {
  readonly module: BaseModule;
  readonly interval: number;
  readonly updateBuffers: boolean;

  constructor(options: AveragedModelOptions) {
    super();
    if (!(options?.model instanceof BaseModule)) {
      throw new TypeError(`${new.target.name} needs a BaseModule "model", got ${describe(options?.model)}`);
    }
    this.interval = options.interval ?? 1;
    if (!Number.isInteger(this.interval) || this.interval < 1) {
      throw new TypeError(`interval must be a positive integer, got ${String(options.interval)}`);
    }
    this.updateBuffers = options.update_buffers ?? false;
    this.module = options.model.deepCopy().requiresGrad(false);
    this.registerBuffer('steps', tf.scalar(0, 'int32'));
  }

  /** How many times `updateParameters` has run. */
  get steps(): number {
    return (this.getBuffer('steps') as tf.Variable).dataSync()[0] as number;
  }

  /** The averaged variables by name: parameters, or the whole state dict with `update_buffers`. */
  protected averagedVariables(model: BaseModule): Map<string, tf.Variable> {
    return new Map(
      this.updateBuffers
        ? (Object.entries(model.stateDict()) as Array<[string, tf.Variable]>)
        : model.namedParameters(),
    );
  }

  /** Folds `source` into `averaged`, returning the new value (`steps`: updates so far). */
  protected abstract avgFunc(averaged: tf.Tensor, source: tf.Tensor, steps: number): tf.Tensor;

  /** Updates the averaged weights from `model` (call after each optimizer step). */
  updateParameters(model: BaseModule): void {
    const steps = this.steps;
    const avg = this.averagedVariables(this.module);
    const src = this.averagedVariables(model);
    tf.tidy(() => {
      for (const [key, pAvg] of avg) {
        const pSrc = src.get(key);
        if (!pSrc) {
          throw new ModelError(
            'AVERAGED_KEY_MISSING',
            `the source model has no "${key}" to average into ${this.constructor.name}`,
          );
        }
        if (steps === 0) assignInto(pAvg, pSrc, key);
        else if (steps % this.interval === 0 && pAvg.dtype === 'float32') {
          assignInto(pAvg, this.avgFunc(pAvg, pSrc, steps), key);
        }
      }
      if (!this.updateBuffers) {
        const dst = [...this.module.namedBuffers()];
        const from = [...model.namedBuffers()];
        dst.forEach(([name, b], i) => {
          const s = from[i];
          if (s) assignInto(b, s[1], name);
        });
      }
      this.setBuffer('steps', tf.scalar(steps + 1, 'int32'));
    });
  }

  /** Runs the averaged model. */
  override forward(...args: unknown[]): unknown {
    return this.module.forward(...args);
  }
}
