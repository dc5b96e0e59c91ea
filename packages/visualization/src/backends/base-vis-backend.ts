import type { ImageInput } from '../image/vis-image';
import type { ScalarValue } from '../scalars/scalar-line';

/** Options every visualization backend takes. */
export interface BaseVisBackendOptions {
  /** The directory (any `@eng/fileio` URI) the backend writes into; the visualizer passes its `save_dir/vis_data`. */
  save_dir?: string | undefined;
}

/**
 * A config as the backends record it: an `@eng/config` `Config` or anything shaped like one (read structurally, so
 * this package does not depend on `@eng/config`), or a plain object.
 */
export interface DumpableConfig {
  /** The config as text in its own format (`Config.dump()` without a file). */
  dump(file?: string): string;
  /** The file the config was loaded from: its extension names the config's format. */
  readonly filename?: string | undefined;
  /** The config as the text of a file with extension `ext` (`Config.toText`). */
  toText?(ext: string): string;
}

/** What `addConfig` takes. */
export type ConfigInput = DumpableConfig | Readonly<Record<string, unknown>>;

/** What the add methods and `close` of a backend return: nothing, or a promise of it. */
export type MaybePromise = void | Promise<void>;

/**
 * MMEngine's `BaseVisBackend`: where a visualizer's records go. The environment (directories, files, clients) is set
 * up lazily by `_initEnv()`, called once by `_forceInitEnv()` at the first write or `experiment` access (MMEngine's
 * `force_init_env`); every add method is a no-op until a subclass overrides it. Writes a subclass queues with
 * `_enqueue` run one after another, in call order, whether or not the caller awaits them; `close()` resolves when all
 * have finished.
 *
 * @example
 * class ListVisBackend extends BaseVisBackend {
 *   readonly lines: string[] = [];
 *   override addScalar(name: string, value: ScalarValue, step = 0) {
 *     this._forceInitEnv();
 *     this.lines.push(`${step} ${name} ${String(value)}`);
 *   }
 * }
 */
export abstract class BaseVisBackend {
  private readonly _saveDir: string | undefined;
  private _envInitialized = false;
  private _pending: Promise<void> = Promise.resolve();

  constructor(options: BaseVisBackendOptions = {}) {
    this._saveDir = options.save_dir ?? undefined;
  }

  /** The directory the backend writes into (MMEngine's `_save_dir`). */
  get saveDir(): string | undefined {
    return this._saveDir;
  }

  /** Whether `_initEnv()` has run. */
  get envInitialized(): boolean {
    return this._envInitialized;
  }

  /**
   * The object behind the backend (a TensorBoard writer, a client), for what the add methods do not cover; the
   * environment is set up first. The base class returns the backend itself.
   */
  get experiment(): unknown {
    this._forceInitEnv();
    return this;
  }

  /** Sets up the environment; called once, before the first write. */
  protected _initEnv(): void {}

  /** Runs `_initEnv()` unless it has run (MMEngine's `force_init_env` decorator, called explicitly). */
  protected _forceInitEnv(): void {
    if (this._envInitialized) return;
    this._initEnv();
    this._envInitialized = true;
  }

  /**
   * Queues `task` after the writes queued before it; the promise settles with the task. A failed task does not stop
   * the ones after it.
   */
  protected _enqueue(task: () => Promise<void>): Promise<void> {
    const run = this._pending.then(task);
    this._pending = run.catch(() => undefined);
    return run;
  }

  /** Records the config. */
  addConfig(_config: ConfigInput): MaybePromise {}

  /** Records the model graph. */
  addGraph(_model: unknown, _dataBatch?: unknown): MaybePromise {}

  /** Records an image (RGB(A)) under `name` at `step`. */
  addImage(_name: string, _image: ImageInput, _step = 0): MaybePromise {}

  /** Records one scalar. */
  addScalar(_name: string, _value: ScalarValue, _step = 0): MaybePromise {}

  /** Records several scalars; with `fileName`, also into that file of the save dir (MMEngine's `file_path`). */
  addScalars(_scalarDict: Readonly<Record<string, ScalarValue>>, _step = 0, _fileName?: string): MaybePromise {}

  /** Resolves once every queued write has finished. Subclasses that override it call `super.close()`. */
  close(): MaybePromise {
    return this._pending;
  }
}
