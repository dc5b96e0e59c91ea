import { join } from 'node:path';
import { importCustomModules } from '@eng/config';
import { describeError } from '@eng/internal';
import { type BaseModel, PretrainedInit } from '@eng/model';
import { DefaultScope, importAllLocations, MODELS } from '@eng/registry';
import { downloadWeights } from './cache';
import { ensureBackend } from './ensure-backend';
import { HubError } from './errors';
import { loadHubConfig } from './get-config';

export interface GetModelOptions {
  /** load the weights of the model index entry (fetched into the cache once) */
  pretrained?: boolean;
  /** any other key overrides the config's `model` (nested dicts merge) */
  [override: string]: unknown;
}

/** Imports a package's main entry, which registers its modules. */
async function importPackage(packageName: string): Promise<void> {
  try {
    await importCustomModules({ imports: [packageName] }, join(process.cwd(), '__eng_hub__.js'));
  } catch (cause) {
    throw new HubError(
      'IMPORT_FAILED',
      `Cannot import ${packageName} to register its modules: ${describeError(cause)}`,
      {
        cause,
      },
    );
  }
  await importAllLocations();
}

/**
 * Builds the model of a package config: imports the package (registering its modules), builds `model` (with the
 * config's `data_preprocessor`, as MMEngine does) in the package's scope, initialises the tensor backend if none is,
 * and with `pretrained` loads the weights of its model index entry from the cache (downloading them once, checked
 * against their sha256). Other options override keys of the config's `model` (MMEngine passes them as default args;
 * here they win over the config, which is what a caller means by them).
 *
 * @example
 * ```ts
 * const model = await getModel('toycls::small_resnet_shapes.ts', { pretrained: true });
 * const typed = await getModel<ImageClassifier>('toycls::small_resnet_shapes.ts'); // the class you know it builds
 * ```
 */
export async function getModel<M extends BaseModel = BaseModel>(
  cfgPath: string,
  options: GetModelOptions = {},
): Promise<M> {
  const { pretrained = false, ...overrides } = options;
  const { cfg, entry, weights, scope, packageName } = await loadHubConfig(cfgPath, { pretrained });
  await importPackage(packageName);
  await ensureBackend();
  if (!cfg.has('model')) throw new HubError('BAD_PATH', `${cfg.filename ?? cfgPath} has no "model" to build`);
  // as MMEngine: the config's top-level data_preprocessor is the model's; then the caller's overrides win
  if (cfg.has('data_preprocessor')) cfg.set('model.data_preprocessor', cfg.get('data_preprocessor'));
  if (Object.keys(overrides).length) cfg.mergeFromDict({ model: overrides });
  const modelCfg = cfg.get<Record<string, unknown>>('model');
  // fetched before the build, so that a failed download leaves no model behind
  const path =
    pretrained && entry !== undefined && weights !== undefined
      ? await downloadWeights(weights, { sha256: entry.Sha256, source: `${entry.Name} in ${entry.file}` })
      : undefined;
  const model = DefaultScope.overwriteDefaultScope(scope, () => MODELS.build(modelCfg) as M);
  if (path !== undefined) {
    try {
      await new PretrainedInit({ checkpoint: path }).call(model);
    } catch (error) {
      model.dispose();
      throw error;
    }
    model.isInit = true;
  }
  return model;
}
