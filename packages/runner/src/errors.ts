import { EngError } from '@eng/internal';

/** Stable codes of {@link RunnerError}. */
export type RunnerErrorCode =
  | 'BAD_OPTIONS'
  | 'MISSING_PART'
  | 'NOT_BUILT'
  | 'NOT_SUPPORTED'
  | 'BAD_PRIORITY'
  | 'BAD_CHECKPOINT'
  | 'NO_CHECKPOINT'
  | 'NAN_LOSS'
  | 'INTERRUPTED'
  | 'HOOK_FAILED'
  | 'MISSING_METRIC';

/** An error of the runner, a loop, a hook or a checkpoint: names the config key and what was expected. */
export class RunnerError extends EngError<RunnerErrorCode> {}
