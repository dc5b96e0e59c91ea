/** @packageDocumentation MMEngine's distributed API (ranks, collectives on tensors and typed arrays, objects, collectResults) over Open MPI. */
export { allGather } from './collectives/all-gather';
export { allReduce, type ReduceOp } from './collectives/all-reduce';
export { barrier } from './collectives/barrier';
export { broadcast } from './collectives/broadcast';
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
export { type InitDistOptions, inferLauncher, initDist, type Launcher } from './init/init-dist';
export type { DistArray, DistData } from './internal/data';
export { collectResults } from './objects/collect-results';
export { allGatherObject, broadcastObjectList, gatherObject } from './objects/object-collectives';
