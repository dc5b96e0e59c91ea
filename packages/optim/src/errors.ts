// The error classes of @eng/optim, one per part of the package, each with the codes it throws.
import { EngError } from '@eng/internal';

/** Codes of {@link OptimizerError}. */
export type OptimizerErrorCode =
  | 'EMPTY_PARAMS'
  | 'BAD_PARAMS'
  | 'DUPLICATE_PARAMS'
  | 'MISSING_LR'
  | 'BAD_HYPERPARAM'
  | 'STATE_MISMATCH';

/** A bad parameter list, hyper-parameter or state dict given to an optimizer. */
export class OptimizerError extends EngError<OptimizerErrorCode> {}

/** Codes of {@link OptimWrapperError}. */
export type OptimWrapperErrorCode =
  | 'BAD_ACCUMULATION'
  | 'BAD_CLIP_GRAD'
  | 'NO_VARIABLES'
  | 'NONFINITE_GRAD'
  | 'BAD_COUNT_STATUS'
  | 'NOT_SUPPORTED'
  | 'STATE_MISMATCH'
  | 'UNKNOWN_KEY'
  | 'AMP_UNSUPPORTED'
  | 'BAD_AUTO_SCALE_LR'
  | 'SCHEDULERS_BUILT';

/** A misconfigured or misused optimizer wrapper (`OptimWrapper`, `OptimWrapperDict`, `autoScaleLr`). */
export class OptimWrapperError extends EngError<OptimWrapperErrorCode> {}

/** Codes of {@link OptimWrapperConstructorError}. */
export type OptimWrapperConstructorErrorCode = 'MISSING_OPTIMIZER' | 'MISSING_WEIGHT_DECAY' | 'MISSING_LR';

/** An `optim_wrapper` / `paramwise_cfg` config the wrapper constructor cannot build. */
export class OptimWrapperConstructorError extends EngError<OptimWrapperConstructorErrorCode> {}

/** Codes of {@link SchedulerError}. */
export type SchedulerErrorCode =
  | 'BAD_OPTION'
  | 'BAD_RANGE'
  | 'BAD_LAST_STEP'
  | 'NOT_EPOCH_BASED'
  | 'BAD_EPOCH_LENGTH'
  | 'NOT_CONVERTIBLE'
  | 'UNKNOWN_TYPE'
  | 'MISSING_PARAM'
  | 'MISSING_INITIAL'
  | 'NO_MOMENTUM'
  | 'TOO_MANY_STEPS'
  | 'MISSING_METRIC'
  | 'BAD_STATE';

/** A bad scheduler option, a resume without the initial values, or a failed epoch-to-iteration conversion. */
export class SchedulerError extends EngError<SchedulerErrorCode> {}
