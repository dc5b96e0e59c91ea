// Config._file2dict: read one file, substitute variables, load its bases (recursively), resolve
// `{{_base_.x}}` references, then merge the file over the union of its bases.
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { deepCopy } from '@eng/internal';
import { preSubstituteBaseRefs } from './base-refs';
import { type Dict, getOwn, hasOwn, isDict, setOwn } from './dict';
import { ConfigError } from './errors';
import { parseJson } from './loaders/json';
import { configFunctionThrew, evalConfigModule, importConfigModule, type ModuleExports } from './loaders/module';
import { parseYaml } from './loaders/yaml';
import { addBase, mergeAIntoB, stripDelete } from './merge';
import { normalize } from './normalize';
import { isPackagePath, resolvePackageConfig } from './package-configs';
import { fileInfo, substituteEnv, substitutePredefined } from './predefined';
import { assertNoProtoLiteral } from './safe-keys';
import { OffsetMap } from './text-map';
import { warnTopLevelTypos } from './top-level-typos';

export const BASE_KEY = '_base_';
export const DEPRECATION_KEY = '_deprecation_';

export const CONFIG_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.yaml', '.yml'] as const;
export type ConfigExtension = (typeof CONFIG_EXTENSIONS)[number];
export type ConfigFormat = 'json' | 'yaml' | 'module';

export function formatOf(ext: string): ConfigFormat | undefined {
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return (CONFIG_EXTENSIONS as readonly string[]).includes(ext) ? 'module' : undefined;
}

export interface LoadOptions {
  usePredefinedVariables: boolean;
  useEnvironmentVariables: boolean;
}

export interface LoadResult {
  dict: Dict;
  text: string;
  envVariables: Record<string, string>;
}

interface CachedFile {
  stamp: string;
  raw: string;
  /** the substituted text last parsed, and its parse result (JSON/YAML only) */
  parsedFrom?: string;
  parsed?: unknown;
}

// Parsed JSON/YAML trees are kept per file version: a warm reload only stats the files, redoes the
// (cheap) text substitutions and copies the cached tree, which is never handed out or mutated.
const fileCache = new Map<string, CachedFile>();

function unsupported(file: string, ext: string, from?: string): ConfigError {
  return new ConfigError(
    'UNSUPPORTED_FORMAT',
    `Unsupported config format "${ext || '(none)'}" of ${file}${from ? ` (named in _base_ of ${from})` : ''}; ` +
      `expected one of ${CONFIG_EXTENSIONS.join(' ')}`,
    { file: from ?? file },
  );
}

function readVersioned(file: string, from: string | undefined): CachedFile {
  let stamp: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    stamp = `${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}`;
  } catch (error) {
    throw new ConfigError(
      'FILE_NOT_FOUND',
      `Config file ${file} does not exist${from ? ` (named in _base_ of ${from})` : ''}`,
      { file: from ?? file, cause: error },
    );
  }
  const cached = fileCache.get(file);
  if (cached && cached.stamp === stamp) return cached;
  const entry: CachedFile = { stamp, raw: readFileSync(file, 'utf8') };
  fileCache.set(file, entry);
  return entry;
}

/** Loads a config file and everything it inherits. `chain` is the list of files that led here. */
export async function loadFile(file: string, options: LoadOptions, chain: string[] = []): Promise<LoadResult> {
  const path = resolve(file);
  const ext = extname(path);
  const format = formatOf(ext);
  if (format === undefined) throw unsupported(path, ext, chain.at(-1));
  if (chain.includes(path)) {
    const cycle = [...chain.slice(chain.indexOf(path)), path].join('\n  -> ');
    throw new ConfigError('BASE_CYCLE', `Cycle among base configs:\n  ${cycle}`, { file: chain.at(-1) });
  }
  const entry = readVersioned(path, chain.at(-1));
  return loadSource(path, format, entry.raw, options, chain, entry);
}

/** Loads config text that has no file (`Config.fromString`); `path` only names it and anchors its bases. */
export async function loadString(path: string, text: string, options: LoadOptions): Promise<LoadResult> {
  const ext = extname(path);
  const format = formatOf(ext);
  if (format === undefined) throw unsupported(path, ext);
  return loadSource(path, format, text, options, [], undefined);
}

function parseText(
  path: string,
  format: 'json' | 'yaml',
  raw: string,
  options: LoadOptions,
  used: Record<string, string>,
  entry: CachedFile | undefined,
): unknown {
  const map = new OffsetMap();
  let text = raw;
  if (options.usePredefinedVariables) text = substitutePredefined(text, fileInfo(path), map);
  if (options.useEnvironmentVariables) text = substituteEnv(text, process.env, used, path, map);
  text = preSubstituteBaseRefs(text, format, map);
  if (entry && entry.parsedFrom === text) return entry.parsed;
  const parsed = format === 'json' ? parseJson(text, path, raw, map) : parseYaml(text, path, raw, map);
  if (entry) {
    entry.parsedFrom = text;
    entry.parsed = parsed;
  }
  return parsed;
}

function baseList(spec: unknown, path: string): string[] {
  if (spec === undefined || spec === null) return [];
  const list = Array.isArray(spec) ? spec : [spec];
  list.forEach((item, i) => {
    if (typeof item !== 'string' || item === '') {
      throw new ConfigError('BASE_INVALID', `_base_ must be a path or a list of paths, got ${JSON.stringify(item)}`, {
        file: path,
        keyPath: Array.isArray(spec) ? `_base_.${i}` : '_base_',
      });
    }
  });
  return list as string[];
}

/** MMEngine sets `_scope_` on the outer `type` dicts of a config that comes from another package. */
function applyScope(value: unknown, scope: string, open = true): void {
  if (Array.isArray(value)) {
    for (const item of value) applyScope(item, scope, open);
  } else if (isDict(value)) {
    let inner = open;
    if (open && hasOwn(value, 'type')) {
      inner = false;
      if (getOwn(value, '_scope_') == null) setOwn(value, '_scope_', scope);
    }
    for (const key of Object.keys(value)) applyScope(value[key], scope, inner);
  }
}

async function loadSource(
  path: string,
  format: ConfigFormat,
  raw: string,
  options: LoadOptions,
  chain: string[],
  entry: CachedFile | undefined,
): Promise<LoadResult> {
  const used: Record<string, string> = {};
  const info = fileInfo(path);
  let data: unknown;
  let baseSpec: unknown;
  let transformString: ((value: string) => string) | undefined;
  let exports: ModuleExports | undefined;

  if (format === 'module') {
    exports = entry ? await importConfigModule(path, entry.stamp, raw) : await evalConfigModule(raw, path);
    transformString = (value) => {
      const map = new OffsetMap();
      let text = value;
      if (options.usePredefinedVariables) text = substitutePredefined(text, info, map);
      if (options.useEnvironmentVariables) text = substituteEnv(text, process.env, used, path, map);
      return text;
    };
    data = exports.config;
    baseSpec = exports.base ?? (isDict(data) ? getOwn(data, BASE_KEY) : undefined);
    if (baseSpec !== undefined) baseSpec = normalize(baseSpec, { file: path, transformString });
  } else {
    data = parseText(path, format, raw, options, used, entry) ?? {};
    if (!isDict(data)) {
      throw new ConfigError(
        'PARSE',
        `A config file must hold a mapping at the top level, got ${Array.isArray(data) ? 'a list' : typeof data}`,
        {
          file: path,
        },
      );
    }
    baseSpec = getOwn(data, BASE_KEY);
  }

  const bases = baseList(baseSpec, path);
  const union: Dict = {};
  const owners = new Map<string, string>();
  const texts: string[] = [];
  for (const spec of bases) {
    let basePath: string;
    let scope: string | undefined;
    if (isPackagePath(spec)) {
      const found = resolvePackageConfig(spec, path);
      basePath = found.path;
      scope = found.scope;
    } else {
      basePath = resolve(dirname(path), spec);
    }
    const result = await loadFile(basePath, options, [...chain, path]);
    if (scope !== undefined) applyScope(result.dict, scope);
    addBase(union, owners, result.dict, basePath, path);
    texts.push(result.text);
    Object.assign(used, result.envVariables);
  }
  const hasBase = bases.length > 0;

  if (typeof data === 'function') {
    const context = { base: deepFreeze(deepCopy(union, 'keep')), ...info };
    try {
      data = await (data as (ctx: typeof context) => unknown)(context);
    } catch (error) {
      throw await configFunctionThrew(path, error, exports?.evaluated ?? { source: raw, by: 'jiti' });
    }
    if (isDict(data) && hasOwn(data, BASE_KEY) && exports?.base === undefined) {
      throw new ConfigError(
        'MODULE_CONFIG',
        'A config whose default export is a function must declare its bases as a named export: export const _base_ = [...]',
        { file: path, keyPath: BASE_KEY },
      );
    }
  }
  assertNoProtoLiteral(data, '', path);
  if (!isDict(data)) {
    throw new ConfigError(
      'MODULE_CONFIG',
      `The default export of a config module must be an object or a function returning one, got ${data === null ? 'null' : typeof data}`,
      { file: path },
    );
  }

  const seen = { deleteKey: false };
  const dict = normalize(data, {
    seen,
    file: path,
    base: hasBase ? union : undefined,
    baseRefs: true,
    transformString,
  }) as Dict;
  delete dict[BASE_KEY];
  warnDeprecation(dict, path);
  warnTopLevelTypos(dict, path);
  const merged = hasBase
    ? mergeAIntoB(dict, union, {
        allowListKeys: false,
        childFile: path,
        baseFileOf: (key) => owners.get(key),
        strip: seen.deleteKey,
      })
    : seen.deleteKey
      ? (stripDelete(dict) as Dict)
      : dict;
  texts.push(`${path}\n${raw}`);
  return { dict: merged, text: texts.join('\n'), envVariables: used };
}

/** Freezes the dicts and lists of config data (what a function config receives as `base`). */
function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || isDict(value)) {
    Object.freeze(value);
    for (const item of Object.values(value as object)) deepFreeze(item);
  }
  return value;
}

function warnDeprecation(dict: Dict, path: string): void {
  if (!hasOwn(dict, DEPRECATION_KEY)) return;
  const info = dict[DEPRECATION_KEY];
  delete dict[DEPRECATION_KEY];
  let message = `The config file ${path} will be deprecated in the future.`;
  if (isDict(info) && hasOwn(info, 'expected')) message += ` Please use ${String(info.expected)} instead.`;
  if (isDict(info) && hasOwn(info, 'reference'))
    message += ` More information can be found at ${String(info.reference)}`;
  process.emitWarning(message, { type: 'DeprecationWarning', code: 'ENG_CONFIG_DEPRECATED' });
}
