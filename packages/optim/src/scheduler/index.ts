export * from './lr';
export * from './momentum';
export {
  type EpochArgs,
  INF,
  type Options,
  ParamScheduler,
  type ParamSchedulerOptions,
  type SchedulableOptimizer,
  SchedulerError,
} from './param-scheduler';
export * from './schedulers';
