// Registers the package's hooks, loops and runner in the root registries of @eng/registry (importing the package
// does it), and tells the registries' types what they build.
import { registerBuiltins } from '@eng/internal';
import { HOOKS, LOOPS, RUNNER_CONSTRUCTORS, RUNNERS } from '@eng/registry';
import type { Hook } from './hooks/hook';
import * as hooks from './hooks/index';
import type { BaseLoop } from './loops/base-loop';
import { EpochBasedTrainLoop } from './loops/epoch-based-train-loop';
import { IterBasedTrainLoop } from './loops/iter-based-train-loop';
import { TestLoop, ValLoop } from './loops/val-loop';
import { DefaultRunnerConstructor } from './runner/build-runner';
import { Runner } from './runner/runner';

declare module '@eng/registry' {
  interface RootRegistryBuilds {
    /** Hooks (`LoggerHook`, `CheckpointHook`, …): subclasses of `Hook`. */
    HOOKS: Hook;
    /** Loops (`EpochBasedTrainLoop`, `IterBasedTrainLoop`, `ValLoop`, `TestLoop`). */
    LOOPS: BaseLoop;
    /** Runners: `runner_type` names one; built with its `fromCfg`. */
    RUNNERS: Runner;
  }
}

const OWNER = '@eng/runner';

registerBuiltins(HOOKS, OWNER, hooks as unknown as Record<string, Function>);
registerBuiltins(LOOPS, OWNER, { EpochBasedTrainLoop, IterBasedTrainLoop, TestLoop, ValLoop });
registerBuiltins(RUNNERS, OWNER, { Runner });
registerBuiltins(RUNNER_CONSTRUCTORS, OWNER, { DefaultRunnerConstructor });
