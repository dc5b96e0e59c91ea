/** @packageDocumentation Configs and checkpoints shipped in packages: get a config or a pretrained model by name. */
export {
  cacheFileName,
  cachePath,
  type DownloadOptions,
  downloadWeights,
  hubCacheDir,
  isCached,
  isLocalUri,
  sha256OfFile,
} from './cache';
export { HubError, type HubErrorCode } from './errors';
export { type GetConfigOptions, getConfig } from './get-config';
export { type GetModelOptions, getModel } from './get-model';
export { findHubPackage, findModel, packageModelIndex } from './hub-package';
export { listModels, type ModelListing } from './list-models';
export { loadModelIndex, type ModelIndex, type ModelIndexEntry, type ModelResult } from './model-index';
export { HUB_USAGE, hubCommand } from './hub-command';
export { type PublishedWeights, publishCheckpoint } from './publish';
