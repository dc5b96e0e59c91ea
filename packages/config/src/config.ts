import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { inspect } from 'node:util';
import { writeFileAtomicSync } from '@eng/fileio';
import { brandClass, deepCopy, hideFields } from '@eng/internal';
import { importCustomModules } from './custom-imports';
import { type Dict, hasOwn, isDict, setOwn } from './dict';
import { unifiedDiff } from './diff';
import { dumpJson, dumpModule, dumpYaml, toSerializable } from './dump';
import { ConfigError } from './errors';
import { getPath, hasPath, setPath, splitPath } from './key-path';
import { type ConfigExtension, formatOf, type LoadResult, loadFile, loadString } from './load';
import { mergeAIntoB } from './merge';
import { normalize } from './normalize';
import { assertNoProtoLiteral } from './safe-keys';

/** Keys a config may not define (MMEngine's RESERVED_KEYS): they name properties of the Config itself. */
export const RESERVED_KEYS = ['filename', 'text', 'pretty_text', 'env_variables'] as const;

export interface FromFileOptions {
  /** substitute `{{fileDirname}}` and friends (default true) */
  usePredefinedVariables?: boolean;
  /** substitute `{{$ENV_NAME:default}}` (default true) */
  useEnvironmentVariables?: boolean;
  /** import the modules named in `custom_imports` (default true) */
  importCustomModules?: boolean;
}

export interface FromStringOptions extends FromFileOptions {
  /** a path that names the text: its directory anchors relative `_base_` paths (default: the working directory) */
  filename?: string;
}

export interface ConfigOptions {
  filename?: string | undefined;
  /** the source text; read from `filename` when not given */
  text?: string | undefined;
  /** environment variables the config used */
  envVariables?: Record<string, string> | undefined;
  /** the format `dump()` uses when there is no filename (e.g. '.yaml' for a config read from YAML text) */
  format?: ConfigExtension | undefined;
}

/**
 * A config: plain data loaded from TS, JS, JSON or YAML files with MMEngine's inheritance rules.
 *
 * @example
 * const cfg = new Config({ model: { type: 'ResNet', depth: 50 } });
 * cfg.get('model.depth'); // 50
 * cfg.mergeFromDict({ 'model.depth': 101 });
 * cfg.dump(); // "export default {\n  model: { depth: 101, type: 'ResNet' },\n};\n"
 */
export class Config {
  private _dict: Dict;
  private readonly _filename: string | undefined;
  private readonly _text: string;
  private readonly _envVariables: Record<string, string>;
  private readonly _format: ConfigExtension | undefined;

  constructor(cfgDict?: object | null, options: ConfigOptions = {}) {
    assertNoProtoLiteral(cfgDict, '', options.filename);
    if (cfgDict !== undefined && cfgDict !== null && !isDict(cfgDict)) {
      throw new TypeError(
        `cfgDict must be a plain object (a dict), but got ${Array.isArray(cfgDict) ? 'an array' : typeof cfgDict}`,
      );
    }
    const filename = options.filename === undefined ? undefined : resolve(options.filename);
    const dict = normalize(cfgDict ?? {}, { file: filename }) as Dict;
    checkReserved(dict, filename);
    this._dict = dict;
    this._filename = filename;
    this._text = options.text ?? (filename !== undefined && existsSync(filename) ? readFileSync(filename, 'utf8') : '');
    this._envVariables = { ...options.envVariables };
    this._format = options.format ?? (filename ? (extname(filename) as ConfigExtension) : undefined);
    hideFields(this);
  }

  /**
   * Loads a config file with its `_base_` chain (MMEngine's `Config.fromfile`).
   * TS/JS configs are modules and run code; JSON and YAML configs never do.
   */
  static async fromFile(path: string, options: FromFileOptions = {}): Promise<Config> {
    const file = resolve(String(path));
    const result = await loadFile(file, loadOptions(options));
    return Config._finish(result, file, options, undefined);
  }

  /** Builds a config from text in the given format (MMEngine's `Config.fromstring`). */
  static async fromString(text: string, fileFormat: ConfigExtension, options: FromStringOptions = {}): Promise<Config> {
    if (typeof fileFormat !== 'string' || formatOf(fileFormat) === undefined) {
      throw new ConfigError(
        'UNSUPPORTED_FORMAT',
        `Unsupported config format ${JSON.stringify(fileFormat)} for Config.fromString`,
      );
    }
    const virtual = resolve(options.filename ?? `config${fileFormat}`);
    const result = await loadString(virtual, text, loadOptions(options));
    return Config._finish(result, options.filename === undefined ? undefined : virtual, options, fileFormat, virtual);
  }

  private static async _finish(
    result: LoadResult,
    filename: string | undefined,
    options: FromFileOptions,
    format: ConfigExtension | undefined,
    anchor = filename,
  ): Promise<Config> {
    checkReserved(result.dict, filename ?? anchor);
    if (options.importCustomModules !== false && hasOwn(result.dict, 'custom_imports')) {
      await importCustomModules(result.dict.custom_imports, anchor as string);
    }
    const cfg = new Config(undefined, { filename, text: result.text, envVariables: result.envVariables, format });
    cfg._dict = result.dict;
    return cfg;
  }

  /** The absolute path of the file the config was loaded from. */
  get filename(): string | undefined {
    return this._filename;
  }

  /** The text of the config file and of its bases, each preceded by its path (MMEngine's `cfg.text`). */
  get text(): string {
    return this._text;
  }

  /** Environment variables that `{{$NAME:default}}` substitutions read. */
  get envVariables(): Record<string, string> {
    return { ...this._envVariables };
  }

  /** The config as a TS module, keys sorted (MMEngine's `pretty_text`, which is Python). */
  get prettyText(): string {
    return dumpModule(toSerializable(this._dict, this._filename) as Dict, '.ts');
  }

  /** Number of top-level keys (`len(cfg)`). */
  get size(): number {
    return Object.keys(this._dict).length;
  }

  keys(): string[] {
    return Object.keys(this._dict);
  }

  /** The value at a dotted path ('model.backbone.depth', 'train_pipeline.0.type'), or `defaultValue`. */
  get<T = unknown>(path: string, defaultValue?: T): T {
    return getPath(this._dict, path, defaultValue) as T;
  }

  has(path: string): boolean {
    return hasPath(this._dict, path);
  }

  /** Sets the value at a dotted path; missing dicts on the way are created, list indices must exist. */
  set(path: string, value: unknown): void {
    const keys = splitPath(path);
    if (keys.length === 1) checkReserved({ [keys[0] as string]: true }, this._filename);
    setPath(this._dict, path, normalize(value, { file: this._filename }, path), this._filename);
  }

  /**
   * Merges `{ 'dotted.key': value }` options into the config (MMEngine's `merge_from_dict`): dicts merge,
   * other values replace, `_delete_: true` replaces a dict whole; with `allowListKeys` (the default) a digit
   * key addresses a list element. The config is unchanged when an error is thrown.
   *
   * @example
   * cfg.mergeFromDict({ 'model.backbone.depth': 101, 'train_pipeline.0': { type: 'LoadImage' } });
   */
  mergeFromDict(options: Record<string, unknown>, { allowListKeys = true }: { allowListKeys?: boolean } = {}): void {
    assertNoProtoLiteral(options, '', this._filename);
    if (!isDict(options)) throw new TypeError(`options must be a plain object, got ${typeof options}`);
    const nested: Dict = {};
    for (const fullKey of Object.keys(options)) {
      setPath(nested, fullKey, normalize(options[fullKey], { file: this._filename }, fullKey), this._filename);
    }
    const merged = mergeAIntoB(nested, deepCopy(this._dict, 'keep'), { allowListKeys, childFile: this._filename });
    checkReserved(merged, this._filename);
    this._dict = merged;
  }

  /** A deep copy of the data as plain objects (classes used as `type` are kept as they are). */
  toDict(): Record<string, unknown> {
    return deepCopy(this._dict, 'keep');
  }

  /**
   * The config as text in the format of `file`'s extension, written to `file` (atomically) when given;
   * without `file`, in the config's own format (a TS module for TS/JS configs and for configs built in code).
   * Classes used as `type` are written as their registry names.
   */
  dump(file?: string): string {
    const text = this.toText(file !== undefined ? extname(file) : (this._format ?? '.ts'), file);
    if (file !== undefined) writeFileAtomicSync(resolve(file), text);
    return text;
  }

  /** The config as the text of a file with extension `ext` ('.json', '.yaml', '.ts', ...), without writing it. */
  toText(ext: string, file?: string): string {
    const format = formatOf(ext);
    if (format === undefined) {
      throw new ConfigError(
        'UNSUPPORTED_FORMAT',
        `Cannot dump to "${ext}"; use one of .json .yaml .yml .ts .mts .cts .js .mjs .cjs`,
        {
          file,
        },
      );
    }
    const data = toSerializable(this._dict, this._filename) as Dict;
    return format === 'json'
      ? dumpJson(data, this._filename)
      : format === 'yaml'
        ? dumpYaml(data)
        : dumpModule(data, ext);
  }

  /** A deep copy (MMEngine's `copy.deepcopy(cfg)`). */
  clone(): Config {
    return this._withDict(deepCopy(this._dict, 'keep'));
  }

  /** A shallow copy: a new top level sharing nested values (MMEngine's `cfg.copy()`). */
  copy(): Config {
    const top: Dict = {};
    for (const key of Object.keys(this._dict)) setOwn(top, key, this._dict[key]);
    return this._withDict(top);
  }

  /** A Config with this one's filename, text, environment variables and format, holding `dict`. */
  private _withDict(dict: Dict): Config {
    const cfg = new Config(undefined, {
      filename: this._filename,
      text: this._text,
      envVariables: this._envVariables,
      format: this._format,
    });
    cfg._dict = dict;
    return cfg;
  }

  /** A unified diff of the two configs' `prettyText`; empty when they are equal. */
  static diff(a: Config, b: Config): string {
    if (!(a instanceof Config) || !(b instanceof Config))
      throw new TypeError('Config.diff expects two Config instances');
    const lines = (cfg: Config) => cfg.prettyText.replace(/\n$/, '').split('\n');
    return unifiedDiff(lines(a), lines(b), a.filename ?? '', b.filename ?? '');
  }

  toString(): string {
    return `Config (path: ${this._filename}): ${inspect(this._dict, { depth: null, breakLength: Number.POSITIVE_INFINITY })}`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
// `instanceof Config` recognises configs made by the package's other build (ESM or CJS) too.
brandClass(Config, '@eng/config/Config');

function loadOptions(options: FromFileOptions) {
  return {
    usePredefinedVariables: options.usePredefinedVariables !== false,
    useEnvironmentVariables: options.useEnvironmentVariables !== false,
  };
}

function checkReserved(dict: Dict, filename: string | undefined): void {
  for (const key of RESERVED_KEYS) {
    if (hasOwn(dict, key)) {
      throw new ConfigError('RESERVED_KEY', `${key} is reserved for config file`, { file: filename, keyPath: key });
    }
  }
}
