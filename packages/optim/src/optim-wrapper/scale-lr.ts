import { printLog } from '@eng/logging';
import { OptimWrapperError } from '../errors';
import { OptimWrapper } from './optim-wrapper';
import { OptimWrapperDict } from './optim-wrapper-dict';

/** The runner's `auto_scale_lr` config. */
export interface AutoScaleLrCfg {
  enable?: boolean;
  base_batch_size?: number;
}

export interface AutoScaleLrOptions {
  /** The batch size actually used: per-process batch size x number of processes. */
  realBatchSize: number;
  /** Set when parameter schedulers already exist: they recorded the unscaled `initial_lr`, so scaling is refused. */
  schedulersBuilt?: boolean;
}

/**
 * Scales every learning rate linearly by `realBatchSize / base_batch_size` (Goyal et al., 2017), as the runner's
 * `scale_lr` does for `auto_scale_lr: { enable: true, base_batch_size }`. Call it after building the optimizer
 * wrapper and before building the parameter schedulers. Returns the ratio applied, or undefined when disabled.
 *
 * @example
 * autoScaleLr(optimWrapper, { enable: true, base_batch_size: 16 }, { realBatchSize: 64 }); // lr x 4
 */
export function autoScaleLr(
  optimWrapper: OptimWrapper | OptimWrapperDict,
  cfg: AutoScaleLrCfg | null | undefined,
  options: AutoScaleLrOptions,
): number | undefined {
  if (cfg == null || !cfg.enable) return undefined;
  if (typeof cfg.base_batch_size !== 'number' || !(cfg.base_batch_size > 0)) {
    throw new OptimWrapperError(
      'BAD_AUTO_SCALE_LR',
      'Lack of `base_batch_size` in `auto_scale_lr` (a positive number is needed).',
    );
  }
  if (options.schedulersBuilt) {
    throw new OptimWrapperError(
      'SCHEDULERS_BUILT',
      '`scale_lr` should be called before building ParamScheduler because ParamScheduler will store initial lr from optimizer wrappers',
    );
  }
  const wrappers = optimWrapper instanceof OptimWrapperDict ? optimWrapper.values() : [optimWrapper];
  if (!wrappers.every((w) => w instanceof OptimWrapper)) {
    throw new TypeError('`scale_lr` should be called after building OptimWrapper');
  }
  const ratio = options.realBatchSize / cfg.base_batch_size;
  printLog(
    `LR is set based on batch size of ${cfg.base_batch_size} and the current batch size is ${options.realBatchSize}. Scaling the original LR by ${ratio}.`,
    { logger: 'current', level: 'INFO' },
  );
  // `paramGroups`, not `optimizer.paramGroups`: with several groups the base settings (logged as base_lr) scale too.
  for (const wrapper of wrappers) {
    for (const group of wrapper.paramGroups) group.lr = group.lr * ratio;
  }
  return ratio;
}
