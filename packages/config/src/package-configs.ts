// `pkg::path/to/config.ts`: a base config shipped inside an installed npm package. The package is found
// from the directory of the config that names it (as Node resolves a dependency), and its package.json
// says where its configs live:  "eng": { "configs": "configs", "scope": "det" }.
// MMEngine finds `mmdet::` configs in the package's `.mim/configs` folder and sets `_scope_` to `mmdet`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from './errors';

export interface PackageConfig {
  /** absolute path of the config file */
  path: string;
  /** registry scope the package's configs build in (`_scope_` of their outer `type` dicts) */
  scope: string;
  packageName: string;
}

const PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

export function isPackagePath(spec: string): boolean {
  return spec.includes('::');
}

/** The `"eng"` field of a package.json: where the package keeps its configs and model index, and its scope. */
export interface EngPackageManifest {
  configs?: string;
  modelIndex?: string;
  scope?: string;
}

/** An installed package that ships eng configs, as its package.json describes it. */
export interface EngPackage {
  packageName: string;
  /** absolute path of the package's folder */
  dir: string;
  /** absolute path of its configs folder (`eng.configs`, default `configs`) */
  configsDir: string;
  /** the configs folder as the package.json names it */
  configsField: string;
  /** absolute path of its model index (`eng.modelIndex`), if it names one */
  modelIndex: string | undefined;
  /** registry scope of its modules (`eng.scope`, default the package name without its npm scope) */
  scope: string;
}

interface PackageJson {
  name?: string;
  eng?: EngPackageManifest;
}

function findPackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    const own = join(dir, 'package.json');
    if (existsSync(own)) {
      try {
        if ((JSON.parse(readFileSync(own, 'utf8')) as PackageJson).name === name) return dir;
      } catch {
        // an unreadable package.json is not the one we look for
      }
    }
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return dirname(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Finds an installed package from `fromDir` upwards (as Node resolves a dependency; the package itself counts when
 * `fromDir` is inside it) and reads its `"eng"` manifest. `undefined` when it is not installed.
 */
export function findEngPackage(packageName: string, fromDir: string): EngPackage | undefined {
  const dir = findPackageDir(packageName, fromDir);
  if (dir === undefined) return undefined;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const eng = manifest.eng ?? {};
  const configsField = eng.configs ?? 'configs';
  return {
    packageName,
    dir,
    configsDir: resolve(dir, configsField),
    configsField,
    modelIndex: eng.modelIndex === undefined ? undefined : resolve(dir, eng.modelIndex),
    scope: eng.scope ?? packageName.replace(/^@[^/]+\//, ''),
  };
}

/** Whether `path` is strictly below `dir` (a path on another drive, or `dir` itself, is not). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}

/** Splits `pkg::path` into the package name and the path, or says what is wrong with it. */
export function splitPackagePath(spec: string): [packageName: string, path: string] | string {
  const parts = spec.split('::');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    return `"${spec}": write a package config as "package::path/to/config" with a single "::"`;
  }
  if (!PACKAGE_NAME.test(parts[0])) return `"${parts[0]}" in "${spec}" is not a valid package name`;
  return parts as [string, string];
}

export function resolvePackageConfig(spec: string, fromFile: string): PackageConfig {
  const where = { file: fromFile, keyPath: '_base_' };
  const split = splitPackagePath(spec);
  if (typeof split === 'string') throw new ConfigError('PACKAGE_CONFIG', split, where);
  const [packageName, configPath] = split;
  const found = findEngPackage(packageName, dirname(fromFile));
  if (found === undefined) {
    throw new ConfigError(
      'PACKAGE_CONFIG',
      `Package ${packageName} is not installed (looked for node_modules/${packageName} from ${dirname(fromFile)} upwards); ` +
        `install it to use "${spec}"`,
      where,
    );
  }
  const { configsDir, configsField, scope } = found;
  const path = resolve(configsDir, configPath);
  if (!isInside(configsDir, path)) {
    throw new ConfigError(
      'PACKAGE_CONFIG',
      `"${spec}" points outside the configs folder ${configsDir} of ${packageName}`,
      where,
    );
  }
  if (!existsSync(path)) {
    throw new ConfigError(
      'PACKAGE_CONFIG',
      `Config "${configPath}" not found in package ${packageName}: no file ${path} ` +
        `(the configs folder is "${configsField}", set by "eng": { "configs": ... } in its package.json)`,
      where,
    );
  }
  return { path, scope, packageName };
}
