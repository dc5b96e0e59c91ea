import { join, relative } from 'node:path';
import { cachePath, hubCacheDir, isCached, isLocalUri } from './cache';
import { findHubPackage, packageModelIndex, weightsUri } from './hub-package';

/** One model of a package as `eng hub list` shows it. */
export interface ModelListing {
  name: string;
  /** `pkg::path` of its config, ready for getConfig/getModel */
  config: string;
  weights: string | undefined;
  sha256: string | undefined;
  /** where its weights are (or would be) on disk; a local path is used in place */
  localPath: string | undefined;
  /** whether that file exists */
  cached: boolean;
  /** the weights are a local file (shipped in the package), used in place */
  local: boolean;
  /** `Dataset Metric=value` strings of its Results */
  results: string[];
}

/** The models of an installed package's model index, with where their weights are cached. */
export async function listModels(packageName: string): Promise<ModelListing[]> {
  const pkg = findHubPackage(packageName);
  const index = await packageModelIndex(pkg);
  if (index === undefined) return [];
  const cacheDir = hubCacheDir();
  return index.models.map((m) => {
    const weights = weightsUri(pkg, m);
    const localPath = weights === undefined ? undefined : isLocalUri(weights) ? weights : cachePath(weights, cacheDir);
    const results = (m.Results ?? []).flatMap((r) =>
      Object.entries(r.Metrics ?? {}).map(([k, v]) => `${r.Dataset ?? r.Task ?? ''} ${k}=${v}`.trim()),
    );
    const configRel = relative(pkg.configsDir, join(pkg.dir, m.Config)).split('\\').join('/');
    return {
      name: m.Name,
      config: `${packageName}::${configRel}`,
      weights,
      sha256: m.Sha256,
      localPath,
      cached: weights !== undefined && isCached(weights, { sha256: m.Sha256, cacheDir }),
      local: weights !== undefined && isLocalUri(weights),
      results,
    };
  });
}
