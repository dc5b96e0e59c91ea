import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { type BaseTTAModel, unwrapModel } from '@eng/model';
import { MODELS, withConfigPath } from '@eng/registry';
import { z } from 'zod';
import { RunnerError } from '../errors';
import type { Runner } from '../runner/runner';
import { Hook } from './hook';

export interface PrepareTTAHookOptions {
  /** The test-time augmentation model's config (`{ type: 'MyTTAModel', ... }`); `module` is the runner's model. */
  tta_cfg: Record<string, unknown>;
}

const shape = {
  tta_cfg: z.record(z.string(), z.unknown()),
} satisfies ShapeOf<PrepareTTAHookOptions>;

/**
 * MMEngine's `PrepareTTAHook` (priority NORMAL): before testing, wraps `runner.model` in the test-time
 * augmentation model `tta_cfg` describes (a `BaseTTAModel` from MODELS, built with `module: runner.model`), so
 * the test loop runs every augmented view through the model and merges the predictions.
 *
 * @example
 * const runner = new Runner({ ...parts, custom_hooks: [{ type: 'PrepareTTAHook', tta_cfg: { type: 'AverageTTA' } }] });
 */
export class PrepareTTAHook extends Hook {
  static readonly optionsSchema = optionsSchema<PrepareTTAHookOptions>(shape);
  override priority: Hook['priority'] = 'NORMAL';

  /** The config as given (never changed: the model goes into a copy). */
  readonly ttaCfg: Record<string, unknown>;
  private _wrapped: BaseTTAModel | undefined;

  constructor(options: PrepareTTAHookOptions) {
    super();
    const cfg = options?.tta_cfg;
    if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) {
      throw new RunnerError('BAD_OPTIONS', `PrepareTTAHook: tta_cfg must be a model config, got ${describe(cfg)}`);
    }
    this.ttaCfg = cfg;
  }

  /** Replaces `runner.model` with the TTA model around it (once: a second `test()` keeps the wrapper). */
  override beforeTest(runner: Runner): void {
    if (this._wrapped !== undefined && (runner.model as unknown) === this._wrapped) return;
    // around the model itself: testing needs no data-parallel wrapper
    const model = unwrapModel(runner.model);
    const built = withConfigPath('tta_cfg', () => MODELS.build({ ...this.ttaCfg, module: model } as never)) as unknown;
    if (typeof (built as { testStep?: unknown } | null)?.testStep !== 'function') {
      throw new RunnerError(
        'BAD_OPTIONS',
        `PrepareTTAHook: tta_cfg must build a test-time augmentation model with testStep (a BaseTTAModel), got ${describe(built)}`,
      );
    }
    this._wrapped = built as BaseTTAModel;
    runner.model = built as unknown as Runner['model'];
  }
}
