/** @packageDocumentation The Runner, loops, hooks, checkpoints and the `eng` command line: composes the whole stack. */
import './register';

export { type Command, formatFailure } from './cli/command';
export { commands, main, usage } from './cli/commands';
export { ProgressBarHook } from './cli/progress-hook';
export { RunnerError, type RunnerErrorCode } from './errors';
export {
  type CheckpointDict,
  type DataloaderLike,
  HOOK_POINTS,
  Hook,
  type HookPoint,
  type HookPoints,
  type HookResult,
  type Metrics,
  type RunMode,
  type StatefulHook,
} from './hooks/hook';
export * from './hooks/index';
export * from './checkpoint/index';
export { getPriority, Priority, type PriorityLike, type PriorityName } from './hooks/priority';
export { BaseLoop, DynamicIntervals, type LoaderState, type LoopDataloader } from './loops/base-loop';
export { EpochBasedTrainLoop, type EpochBasedTrainLoopOptions } from './loops/epoch-based-train-loop';
export { IterBasedTrainLoop, type IterBasedTrainLoopOptions } from './loops/iter-based-train-loop';
export { TrainLoopState, type TrainPosition } from './loops/train-loop-state';
export { TestLoop, ValLoop, type ValLoopOptions } from './loops/val-loop';
export { buildRunner, DefaultRunnerConstructor } from './runner/build-runner';
export { type EvalLoop, Runner, type TrainLoop } from './runner/runner';
export type { EnvCfg, HookSpec, PartConfig, RandomnessCfg, RunnerOptions, TrainCfg } from './runner/runner-options';
