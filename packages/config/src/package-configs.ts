// `pkg::path/to/config.ts`: a base config shipped inside an installed npm package. The package is found
// from the directory of the config that names it (as Node resolves a dependency), and its package.json
// says where its configs live:  "eng": { "configs": "configs", "scope": "det" }.
// MMEngine finds `mmdet::` configs in the package's `.mim/configs` folder and sets `_scope_` to `mmdet`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

interface PackageJson {
  name?: string;
  eng?: { configs?: string; scope?: string };
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

export function resolvePackageConfig(spec: string, fromFile: string): PackageConfig {
  const parts = spec.split('::');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new ConfigError(
      'PACKAGE_CONFIG',
      `"${spec}": write a package config as "package::path/to/config" with a single "::"`,
      { file: fromFile, keyPath: '_base_' },
    );
  }
  const [packageName, configPath] = parts as [string, string];
  if (!PACKAGE_NAME.test(packageName)) {
    throw new ConfigError('PACKAGE_CONFIG', `"${packageName}" in "${spec}" is not a valid package name`, {
      file: fromFile,
      keyPath: '_base_',
    });
  }
  const packageDir = findPackageDir(packageName, dirname(fromFile));
  if (packageDir === undefined) {
    throw new ConfigError(
      'PACKAGE_CONFIG',
      `Package ${packageName} is not installed (looked for node_modules/${packageName} from ${dirname(fromFile)} upwards); ` +
        `install it to use "${spec}"`,
      { file: fromFile, keyPath: '_base_' },
    );
  }
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
  const configsDir = resolve(packageDir, manifest.eng?.configs ?? 'configs');
  const path = resolve(configsDir, configPath);
  const rel = relative(configsDir, path);
  if (rel.startsWith('..') || rel.startsWith(sep) || rel === '') {
    throw new ConfigError(
      'PACKAGE_CONFIG',
      `"${spec}" points outside the configs folder ${configsDir} of ${packageName}`,
      {
        file: fromFile,
        keyPath: '_base_',
      },
    );
  }
  if (!existsSync(path)) {
    throw new ConfigError(
      'PACKAGE_CONFIG',
      `Config "${configPath}" not found in package ${packageName}: no file ${path} ` +
        `(the configs folder is "${manifest.eng?.configs ?? 'configs'}", set by "eng": { "configs": ... } in its package.json)`,
      { file: fromFile, keyPath: '_base_' },
    );
  }
  const scope = manifest.eng?.scope ?? packageName.replace(/^@[^/]+\//, '');
  return { path, scope, packageName };
}
