import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { joinPath, put, putText } from '@eng/fileio';
import { z } from 'zod';
import { VisualizationError } from '../errors';
import { encodePng } from '../image/encode-png';
import { type ImageInput, toVisImage } from '../image/vis-image';
import { type ScalarValue, scalarLine, toScalarNumber } from '../scalars/scalar-line';
import { appendText } from './append-text';
import { BaseVisBackend, type ConfigInput, type DumpableConfig } from './base-vis-backend';

export interface LocalVisBackendOptions {
  /** The directory (any `@eng/fileio` URI) everything goes into. */
  save_dir: string;
  /** The images' directory inside `save_dir`. Default `'vis_image'`. */
  img_save_dir?: string;
  /**
   * The config's file inside `save_dir`; its extension picks the format (`.ts`, `.js`, `.json`, `.yaml`, ...).
   * Default `config` with the config's own extension (`.ts` for a config built in code, `.json` for a plain object).
   */
  config_save_file?: string;
  /** The scalars' file inside `save_dir`, one JSON object a line. Default `'scalars.json'`. */
  scalar_save_file?: string;
}

/** The extensions `@eng/config` reads and dumps. */
const CONFIG_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.yaml', '.yml'];

/** The extension of the last path segment (`'.json'`), or `''`. */
function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

function badOptions(message: string): VisualizationError {
  return new VisualizationError('BAD_OPTIONS', `LocalVisBackend: ${message}`);
}

function isDumpable(value: unknown): value is DumpableConfig {
  return value !== null && typeof value === 'object' && typeof (value as DumpableConfig).dump === 'function';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Runs a write of `file`, turning a failure into an error that names the file. */
async function writing(file: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new VisualizationError('WRITE_FAILED', `LocalVisBackend could not write "${file}": ${message}`, {
      cause: error,
    });
  }
}

interface LocalPaths {
  imgDir: string;
  scalarFile: string;
}

/**
 * MMEngine's `LocalVisBackend`: writes into `save_dir` through `@eng/fileio` (so `memory://` and registered backends
 * work too): scalars as one JSON object a line (`{"loss": 0.5, "step": 1}`) appended to `scalars.json`, images as
 * `vis_image/{name}_{step}.png`, the config as `config.<its extension>`. Writes run in call order; `close()`
 * resolves when they are all on disk.
 *
 * @example
 * const backend = new LocalVisBackend({ save_dir: 'memory://runs/vis_data' });
 * await backend.addScalars({ loss: 0.5, acc: 0.8 }, 1); // appends {"loss": 0.5, "acc": 0.8, "step": 1}
 * await backend.close();
 */
export class LocalVisBackend extends BaseVisBackend {
  static readonly optionsSchema = optionsSchema<LocalVisBackendOptions>({
    save_dir: z.string(),
    img_save_dir: z.string().optional(),
    config_save_file: z.string().optional(),
    scalar_save_file: z.string().optional(),
  } satisfies ShapeOf<LocalVisBackendOptions>);

  private readonly _imgSaveDirName: string;
  private readonly _configSaveFileName: string | undefined;
  private readonly _scalarSaveFileName: string;
  private _paths: LocalPaths | undefined;

  constructor(options: LocalVisBackendOptions) {
    const saveDir = (options as Partial<LocalVisBackendOptions> | undefined)?.save_dir;
    if (typeof saveDir !== 'string' || saveDir === '') {
      throw badOptions(`save_dir is required (a directory or URI), got ${describe(saveDir)}`);
    }
    super({ save_dir: saveDir });
    const configFile = options.config_save_file;
    if (configFile !== undefined && !CONFIG_EXTENSIONS.includes(extensionOf(configFile))) {
      throw badOptions(
        `config_save_file must end with a config extension (${CONFIG_EXTENSIONS.join(' ')}), got "${configFile}"`,
      );
    }
    const scalarFile = options.scalar_save_file ?? 'scalars.json';
    if (extensionOf(scalarFile) !== '.json') {
      throw badOptions(`scalar_save_file must end with .json, got "${scalarFile}"`);
    }
    this._imgSaveDirName = options.img_save_dir ?? 'vis_image';
    this._configSaveFileName = configFile;
    this._scalarSaveFileName = scalarFile;
  }

  protected override _initEnv(): void {
    const dir = this.saveDir as string;
    this._paths = {
      imgDir: joinPath(dir, this._imgSaveDirName),
      scalarFile: joinPath(dir, this._scalarSaveFileName),
    };
  }

  private get _ready(): LocalPaths {
    this._forceInitEnv();
    return this._paths as LocalPaths;
  }

  /** The backend itself (MMEngine's `experiment` of the local backend). */
  override get experiment(): LocalVisBackend {
    this._forceInitEnv();
    return this;
  }

  /** Where images go: `save_dir/img_save_dir`. */
  get imgSaveDir(): string {
    return this._ready.imgDir;
  }

  /** Where scalars go: `save_dir/scalar_save_file`. */
  get scalarSaveFile(): string {
    return this._ready.scalarFile;
  }

  /** The file `addConfig(config)` writes: `config_save_file`, else `config` with the config's own extension. */
  configSaveFile(config: ConfigInput): string {
    return joinPath(this.saveDir as string, this._configFileName(config));
  }

  /**
   * Writes the config: a `Config` (anything with `dump()`) in the format of the file's extension, a plain object as
   * JSON.
   */
  override addConfig(config: ConfigInput): Promise<void> {
    this._forceInitEnv();
    const name = this._configFileName(config);
    const ext = extensionOf(name);
    let text: string;
    if (isDumpable(config)) {
      text = typeof config.toText === 'function' ? config.toText(ext) : config.dump();
    } else if (isPlainObject(config)) {
      if (ext !== '.json') {
        throw new VisualizationError(
          'BAD_CONFIG',
          `LocalVisBackend.addConfig: a plain object is written as JSON, so config_save_file must end with .json, got "${name}"`,
        );
      }
      text = `${JSON.stringify(config, (_key, value) => (typeof value === 'function' ? value.name : value), 2)}\n`;
    } else {
      throw new VisualizationError(
        'BAD_CONFIG',
        `LocalVisBackend.addConfig: expected a Config (with dump()) or a plain object, got ${describe(config)}`,
      );
    }
    const file = joinPath(this.saveDir as string, name);
    return this._enqueue(() => writing(file, () => putText(text, file)));
  }

  /** Writes `image` (8-bit RGB(A) or gray) as `img_save_dir/{name}_{step}.png`. */
  override addImage(name: string, image: ImageInput, step = 0): Promise<void> {
    const { imgDir } = this._ready;
    const pixels = toVisImage(image, 'LocalVisBackend.addImage', 'strict');
    const file = joinPath(imgDir, `${name}_${step}.png`);
    return this._enqueue(() => writing(file, async () => put(await encodePng(pixels), file)));
  }

  /** Appends `{ [name]: value, step }` to the scalars file. */
  override addScalar(name: string, value: ScalarValue, step = 0): Promise<void> {
    const { scalarFile } = this._ready;
    const record: Record<string, number> = Object.create(null);
    record[name] = toScalarNumber(value, `LocalVisBackend.addScalar: "${name}"`);
    record['step'] = toScalarNumber(step, 'LocalVisBackend.addScalar: step');
    const line = scalarLine(record);
    return this._enqueue(() => writing(scalarFile, () => appendText(scalarFile, line)));
  }

  /**
   * Appends `{ ...scalarDict, step }` to the scalars file (a `step` key of the dict wins, as MMEngine's
   * `setdefault`), and to `fileName` inside `save_dir` first when given (a `.json` file other than the scalars file).
   */
  override addScalars(scalarDict: Readonly<Record<string, ScalarValue>>, step = 0, fileName?: string): Promise<void> {
    const { scalarFile } = this._ready;
    if (!isPlainObject(scalarDict)) {
      throw new VisualizationError(
        'BAD_SCALAR',
        `LocalVisBackend.addScalars: scalarDict must be a plain object, got ${describe(scalarDict)}`,
      );
    }
    const record: Record<string, number> = Object.create(null);
    for (const key of Object.keys(scalarDict)) {
      record[key] = toScalarNumber(scalarDict[key], `LocalVisBackend.addScalars: "${key}"`);
    }
    if (!('step' in record)) record['step'] = toScalarNumber(step, 'LocalVisBackend.addScalars: step');
    const files: string[] = [];
    if (fileName !== undefined && fileName !== null) {
      if (typeof fileName !== 'string' || extensionOf(fileName) !== '.json') {
        throw badOptions(`addScalars: fileName must be a .json file name, got ${describe(fileName)}`);
      }
      const extra = joinPath(this.saveDir as string, fileName);
      if (extra === scalarFile) {
        throw badOptions(
          `addScalars: fileName "${fileName}" is the scalars file itself (scalar_save_file); give another name`,
        );
      }
      files.push(extra);
    }
    files.push(scalarFile);
    const line = scalarLine(record);
    return this._enqueue(async () => {
      for (const file of files) await writing(file, () => appendText(file, line));
    });
  }

  private _configFileName(config: ConfigInput): string {
    if (this._configSaveFileName !== undefined) return this._configSaveFileName;
    if (!isDumpable(config)) return 'config.json';
    const own = typeof config.filename === 'string' ? extensionOf(config.filename) : '';
    return `config${CONFIG_EXTENSIONS.includes(own) ? own : '.ts'}`;
  }
}
