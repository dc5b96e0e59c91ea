export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  loadCheckpointFile,
  readCheckpointMeta,
  saveCheckpointFile,
} from './checkpoint-file';
export { type FlatCheckpoint, flattenCheckpoint, unflattenCheckpoint } from './flatten';
export { findLatestCheckpoint, LAST_CHECKPOINT_FILE, writeLastCheckpoint } from './last-checkpoint';
export {
  DEFAULT_REVISE_KEYS,
  type LoadModelWeightsOptions,
  type LoadModelWeightsReport,
  loadModelWeights,
} from './load-weights';
