import { Config } from '@eng/config';
import { HubError } from './errors';
import { configFileOf, entryForConfig, packageModelIndex, resolveHubPath, weightsUri } from './hub-package';
import type { ModelIndexEntry } from './model-index';

export interface GetConfigOptions {
  /** set `model_path` to the weights URI of the model index entry of this config (MMEngine's `pretrained`) */
  pretrained?: boolean;
}

/** A package config with the model index entry it belongs to (if any). */
export interface HubConfig {
  cfg: Config;
  entry: ModelIndexEntry | undefined;
  /** the entry's weights URI (a package-relative path made absolute) */
  weights: string | undefined;
  /** the package's registry scope */
  scope: string;
  packageName: string;
}

/** `getConfig` with the package facts `getModel` needs. */
export async function loadHubConfig(cfgPath: string, options: GetConfigOptions = {}): Promise<HubConfig> {
  const { pkg, path } = resolveHubPath(cfgPath);
  const file = configFileOf(pkg, path);
  const index = await packageModelIndex(pkg);
  const entry = entryForConfig(pkg, index, file);
  if (options.pretrained) {
    if (entry === undefined) {
      throw new HubError(
        'MODEL_NOT_FOUND',
        index === undefined
          ? `${cfgPath}: pretrained weights need a model index, and ${pkg.packageName} ships none`
          : `${cfgPath}: no model in ${index.file} has Config ${file} (its models: ${index.models.map((m) => `${m.Name} (${m.Config})`).join(', ') || 'none'})`,
      );
    }
    if (entry.Weights === undefined) {
      throw new HubError('NO_WEIGHTS', `${entry.file}: model ${entry.Name} has no Weights, so it cannot be pretrained`);
    }
  }
  const cfg = await Config.fromFile(file);
  const weights = entry === undefined ? undefined : weightsUri(pkg, entry);
  if (options.pretrained && weights !== undefined) cfg.set('model_path', weights);
  return { cfg, entry, weights, scope: pkg.scope, packageName: pkg.packageName };
}

/**
 * Reads a config shipped in an installed package: `'pkg::path/inside/its/configs/folder.ts'`. With `pretrained`,
 * `model_path` is set to the `Weights` URI of the model index entry whose `Config` is that file, as MMEngine does
 * (a relative local path is relative to the package folder).
 *
 * @example
 * ```ts
 * const cfg = await getConfig('toycls::small_resnet_shapes.ts', { pretrained: true });
 * cfg.get('model_path'); // the Weights URI in toycls's model-index.yml
 * ```
 */
export async function getConfig(cfgPath: string, options: GetConfigOptions = {}): Promise<Config> {
  return (await loadHubConfig(cfgPath, options)).cfg;
}
