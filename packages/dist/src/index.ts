/** @packageDocumentation MMEngine's distributed API (ranks, collectives on tensors and typed arrays, objects, collectResults) over Open MPI. */
export { allGather } from './collectives/all-gather';
export { allReduce, allReduceSync, type ReduceOp } from './collectives/all-reduce';
export { barrier, barrierSync } from './collectives/barrier';
export { broadcast, broadcastSync } from './collectives/broadcast';
export { allReduceParamsSync, broadcastParamsSync } from './collectives/params';
export { syncRandomSeed } from './collectives/sync-random-seed';
export { DistError, type DistErrorCode } from './errors';
export {
  getDistInfo,
  getLauncher,
  getLocalRank,
  getLocalSize,
  getRank,
  getWorldSize,
  isDistributed,
  isMainProcess,
  masterOnly,
} from './info/dist-info';
export { type InitDistOptions, inferLauncher, initDist, initDistSync, type Launcher } from './init/init-dist';
export type { DistArray, DistData } from './internal/data';
export { collectResults, collectResultsSync } from './objects/collect-results';
export {
  allGatherObject,
  allGatherObjectSync,
  broadcastObjectList,
  broadcastObjectSync,
  gatherObject,
} from './objects/object-collectives';
