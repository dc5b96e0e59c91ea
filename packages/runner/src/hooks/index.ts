// Every hook class of the package; register.ts registers each in HOOKS.
export { DistSamplerSeedHook } from './dist-sampler-seed-hook';
export { IterTimerHook } from './iter-timer-hook';
export { ParamSchedulerHook } from './param-scheduler-hook';
export { RuntimeInfoHook } from './runtime-info-hook';
export { EarlyStoppingHook, type EarlyStoppingHookOptions, type EarlyStoppingRule } from './early-stopping-hook';
export { EMAHook, type EMAHookOptions } from './ema-hook';
export { type CacheRelease, EmptyCacheHook, type EmptyCacheHookOptions } from './empty-cache-hook';
export { PrepareTTAHook, type PrepareTTAHookOptions } from './prepare-tta-hook';
export {
  type KernelStats,
  type LogTraceCfg,
  type ProfileReport,
  ProfilerHook,
  type ProfilerHookOptions,
  type ProfilerSchedule,
  type TraceReadyHandler,
} from './profiler-hook';
export { SyncBuffersHook } from './sync-buffers-hook';
export { CheckpointHook, type CheckpointHookOptions } from './checkpoint-hook';
export { LoggerHook, type LoggerHookOptions } from './logger-hook';
export { VisualizationHook, type VisualizationHookOptions } from './visualization-hook';
