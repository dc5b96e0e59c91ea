// `pkg::path`: the installed package (found from the working directory, as Node resolves a dependency) and the path
// inside its configs folder.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CONFIG_EXTENSIONS, type EngPackage, findEngPackage, isInside, splitPackagePath } from '@eng/config';
import { didYouMean } from '@eng/internal';
import { isLocalUri } from './cache';
import { HubError } from './errors';
import { loadModelIndex, type ModelIndex, type ModelIndexEntry } from './model-index';

export interface HubTarget {
  pkg: EngPackage;
  /** the path after `::`, as written */
  path: string;
}

/** The installed package named `name` (looked up from `fromDir`, default the working directory). */
export function findHubPackage(name: string, fromDir: string = process.cwd()): EngPackage {
  const pkg = findEngPackage(name, fromDir);
  if (pkg === undefined) {
    throw new HubError(
      'PACKAGE_NOT_FOUND',
      `Package ${name} is not installed (looked for node_modules/${name} from ${fromDir} upwards): npm install ${name}`,
    );
  }
  return pkg;
}

/** Splits and resolves `pkg::path` (the path may be left empty for commands that take a model name). */
export function resolveHubPath(spec: string, fromDir?: string): HubTarget {
  if (typeof spec !== 'string') {
    throw new HubError('BAD_PATH', `Expected "package::path/to/config", got ${JSON.stringify(spec)}`);
  }
  const split = splitPackagePath(spec);
  if (typeof split === 'string') throw new HubError('BAD_PATH', split);
  const [name, path] = split;
  return { pkg: findHubPackage(name, fromDir), path };
}

/** The package's model index, or `undefined` when its package.json names none. */
export async function packageModelIndex(pkg: EngPackage): Promise<ModelIndex | undefined> {
  if (pkg.modelIndex === undefined) return undefined;
  if (!existsSync(pkg.modelIndex)) {
    throw new HubError(
      'NO_MODEL_INDEX',
      `${pkg.packageName} names the model index ${pkg.modelIndex} ("eng": { "modelIndex": ... } in its package.json), ` +
        'but there is no such file',
    );
  }
  return loadModelIndex(pkg.modelIndex);
}

function configFilesUnder(dir: string, out: string[] = [], root = dir): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) configFilesUnder(full, out, root);
    else if (CONFIG_EXTENSIONS.some((ext) => name.endsWith(ext))) out.push(relative(root, full).split(sep).join('/'));
  }
  return out;
}

/** The absolute config file `path` names inside the package's configs folder (an extension may be left out). */
export function configFileOf(pkg: EngPackage, path: string): string {
  const file = resolve(pkg.configsDir, path);
  if (!isInside(pkg.configsDir, file)) {
    throw new HubError(
      'BAD_PATH',
      `"${path}" points outside the configs folder ${pkg.configsDir} of ${pkg.packageName}`,
    );
  }
  if (existsSync(file) && statSync(file).isFile()) return file;
  for (const ext of CONFIG_EXTENSIONS) if (existsSync(file + ext)) return file + ext;
  const near = didYouMean(path, configFilesUnder(pkg.configsDir));
  throw new HubError(
    'CONFIG_NOT_FOUND',
    `${pkg.packageName} has no config "${path}" (no file ${file}; its configs folder is "${pkg.configsField}")` +
      (near ? `. ${near}` : ''),
  );
}

/** The model index entry whose `Config` is `file` (the first one, when several models share a config). */
export function entryForConfig(
  pkg: EngPackage,
  index: ModelIndex | undefined,
  file: string,
): ModelIndexEntry | undefined {
  return index?.models.find((m) => resolve(pkg.dir, m.Config) === file);
}

/** The model called `name` (or whose config is `name`, relative to the configs folder) in the package's index. */
export function findModel(pkg: EngPackage, index: ModelIndex | undefined, name: string): ModelIndexEntry {
  if (index === undefined) {
    throw new HubError(
      'NO_MODEL_INDEX',
      `${pkg.packageName} ships no model index (add "eng": { "modelIndex": "model-index.yml" } to its package.json)`,
    );
  }
  const byName = index.models.find((m) => m.Name === name);
  if (byName) return byName;
  const asConfig = resolve(pkg.configsDir, name);
  const byConfig = index.models.find((m) => {
    const config = resolve(pkg.dir, m.Config);
    return config === asConfig || CONFIG_EXTENSIONS.some((ext) => config === asConfig + ext);
  });
  if (byConfig) return byConfig;
  const near = didYouMean(
    name,
    index.models.map((m) => m.Name),
  );
  throw new HubError(
    'MODEL_NOT_FOUND',
    `${index.file} lists no model "${name}" (by Name or Config); its models: ` +
      `${index.models.map((m) => m.Name).join(', ') || '(none)'}${near ? `. ${near}` : ''}`,
  );
}

/**
 * The URI of a model's weights: a relative local path is relative to the package folder (as `Config` is), so a
 * package can ship small weights inside itself; anything else is returned as written.
 */
export function weightsUri(pkg: EngPackage, entry: ModelIndexEntry): string | undefined {
  const uri = entry.Weights;
  if (uri === undefined || !isLocalUri(uri) || uri.startsWith('file:') || isAbsolute(uri)) return uri;
  return resolve(pkg.dir, uri);
}
