// What `eng train` and `eng test` share: reading CONFIG with its --cfg-options, and the work dir of a run.
import { basename, extname, join } from 'node:path';
import { Config, parseCfgOptions, takeCfgOptions } from '@eng/config';
import { importDefaultScopePackage } from '../runner/default-scope-package';

/**
 * Loads CONFIG with its `--cfg-options` merged, and imports the package its `default_scope` names when no registry has
 * that scope yet (the runner warns later if there is none).
 */
export async function loadConfig(file: string, cfgOptions: readonly string[]): Promise<Config> {
  const cfg = await Config.fromFile(file);
  if (cfgOptions.length > 0) cfg.mergeFromDict(parseCfgOptions([...cfgOptions]));
  const scope = cfg.get<unknown>('default_scope', undefined);
  if (typeof scope === 'string') await importDefaultScopePackage(scope, cfg.filename ?? file);
  return cfg;
}

export { takeCfgOptions };

/**
 * The work dir, as MMEngine's tools/train.py picks it: `--work-dir`, else the config's `work_dir`, else
 * `./work_dirs/<config file name>`.
 */
export function chooseWorkDir(cfg: Config, file: string, flag: string | undefined): string {
  if (flag !== undefined) return flag;
  const fromConfig = cfg.get<unknown>('work_dir', undefined);
  if (typeof fromConfig === 'string' && fromConfig !== '') return fromConfig;
  return join('.', 'work_dirs', basename(file, extname(file)));
}
