import { describe, getDistInfo } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { joinPath } from '@eng/fileio';
import { printLog } from '@eng/logging';
import { type InstanceArgs, ManagerMixin, VISBACKENDS, withConfigPath } from '@eng/registry';
import { z } from 'zod';
import type { BaseVisBackend, ConfigInput, MaybePromise } from '../backends/base-vis-backend';
import { VisualizationError } from '../errors';
import { type ImageInput, toVisImage, type VisImage, withChannels } from '../image/vis-image';
import type { ScalarValue } from '../scalars/scalar-line';

/** A `VISBACKENDS` config in `vis_backends`: `name` keys the backend (default: its class name). */
export interface VisBackendConfig {
  type: string | Function;
  name?: string;
  save_dir?: string | null;
  [option: string]: unknown;
}

/**
 * A backend object in `vis_backends`: a {@link BaseVisBackend}, or any object with some of its methods (the
 * visualizer calls those it has).
 */
export type VisBackendObject = BaseVisBackend | Partial<Omit<BaseVisBackend, 'saveDir' | 'envInitialized'>>;

/** An entry of `vis_backends`. */
export type VisBackendInput = VisBackendObject | VisBackendConfig;

export interface VisualizerOptions {
  /** The instance name (for `Visualizer.getInstance`). Default `'visualizer'`. */
  name?: string;
  /** The image to draw on (RGB), as `setImage` takes it. */
  image?: ImageInput | null;
  /** The backends: `VISBACKENDS` configs or backend objects, one or a list. */
  vis_backends?: VisBackendInput | VisBackendInput[] | null;
  /** The directory (any `@eng/fileio` URI) under which every backend writes, in `save_dir/vis_data`. */
  save_dir?: string | null;
}

/** The instances `getInstance` made, of `Visualizer` and all its subclasses (MMEngine's `Visualizer._instance_dict`). */
interface AllInstances {
  readonly byName: Map<string, Visualizer>;
  latest: Visualizer | undefined;
}

const ALL_INSTANCES = Symbol.for('@eng/visualization/Visualizer.instances@1');

function allInstances(): AllInstances {
  const slot = globalThis as { [ALL_INSTANCES]?: AllInstances };
  slot[ALL_INSTANCES] ??= { byName: new Map(), latest: undefined };
  return slot[ALL_INSTANCES];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';
}

/**
 * Whether the backend class a config names needs `save_dir`: its options schema requires the key (MMEngine inspects
 * the constructor's signature for a `save_dir` without a default). A class without a schema is built as it is.
 */
function requiresSaveDir(cfg: Record<string, unknown>): boolean {
  const type = cfg['type'];
  const scope = typeof cfg['_scope_'] === 'string' ? cfg['_scope_'] : undefined;
  const cls =
    typeof type === 'function'
      ? type
      : typeof type === 'string'
        ? VISBACKENDS.switchScopeAndRegistry(scope, (registry) => registry.get(type))
        : undefined;
  if (typeof cls !== 'function' || !Object.hasOwn(cls, 'optionsSchema')) return false;
  const field = (cls as { optionsSchema?: { shape?: Record<string, unknown> } }).optionsSchema?.shape?.['save_dir'] as
    | { safeParse?: (value: unknown) => { success: boolean } }
    | undefined;
  return typeof field?.safeParse === 'function' && !field.safeParse(undefined).success;
}

/**
 * MMEngine's `Visualizer` (the part the runner needs; drawing comes later): hands configs, scalars and images to every
 * backend in `vis_backends`, and keeps the image to draw on. Built from a config it is a ManagerMixin instance, so
 * `Visualizer.getCurrentInstance()` finds it anywhere; the latest made by any subclass counts, as in MMEngine. Only
 * rank 0 writes. Each add method and `close()` returns a promise when a backend's does; once `close()` has
 * resolved, every backend's files are complete.
 *
 * @example
 * const vis = Visualizer.getInstance('demo', { vis_backends: [{ type: 'LocalVisBackend' }], save_dir: 'memory://run' });
 * await vis.addScalars({ loss: 0.5 }, 1); // memory://run/vis_data/scalars.json gets {"loss": 0.5, "step": 1}
 * await vis.close();
 */
export class Visualizer extends ManagerMixin {
  static override managerKey = '@eng/visualization/Visualizer@1';

  static readonly optionsSchema = optionsSchema<VisualizerOptions>({
    name: z.string().optional(),
    image: z
      .custom<ImageInput>((v) => v !== undefined)
      .nullable()
      .optional(),
    vis_backends: z
      .custom<VisBackendInput | VisBackendInput[]>((v) => v !== null && typeof v === 'object')
      .nullable()
      .optional(),
    save_dir: z.string().nullable().optional(),
  } satisfies ShapeOf<VisualizerOptions>);

  private readonly _visBackends = new Map<string, VisBackendObject>();
  private _image: VisImage | undefined;
  private _datasetMeta: Record<string, unknown> | null = null;

  constructor(options: VisualizerOptions = {}) {
    super(options.name ?? 'visualizer');
    const saveDir =
      options.save_dir === undefined || options.save_dir === null ? undefined : joinPath(options.save_dir, 'vis_data');
    const raw = options.vis_backends;
    const entries: readonly unknown[] = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
    entries.forEach((entry, i) => {
      const added = this._makeBackend(entry, i, saveDir);
      if (added === undefined) return;
      const [name, backend] = added;
      if (this._visBackends.has(name)) {
        throw new VisualizationError(
          'DUPLICATE_BACKEND',
          `Visualizer: vis_backends[${i}]: a backend named "${name}" already exists; give each backend of one class its own \`name\``,
        );
      }
      this._visBackends.set(name, backend);
    });
    if (options.image !== undefined && options.image !== null) this.setImage(options.image);
  }

  /**
   * The instance called `name`, made with `new this({ ...args, name })` the first time. `Visualizer.getInstance(name)`
   * also finds an instance a subclass made under that name (MMEngine keeps them in `Visualizer`'s own dict).
   */
  static override getInstance<C extends abstract new (...args: any[]) => ManagerMixin>(
    this: C,
    name: string,
    args?: InstanceArgs<C>,
  ): InstanceType<C> {
    const all = allInstances();
    const cls = this as unknown as typeof Visualizer;
    if (cls === Visualizer && !cls.checkInstanceCreated(name)) {
      const other = all.byName.get(name);
      if (other !== undefined) return other as InstanceType<C>;
    }
    const isNew = !cls.checkInstanceCreated(name);
    const base = ManagerMixin.getInstance as (this: unknown, name: string, args?: object) => ManagerMixin;
    const instance = base.call(this, name, args) as InstanceType<C>;
    if (isNew) {
      all.byName.set(name, instance as Visualizer);
      all.latest = instance as Visualizer;
    }
    return instance;
  }

  /**
   * The latest instance `getInstance` made: on `Visualizer`, of any subclass too (so a hook finds the
   * `DetLocalVisualizer` a runner built); on a subclass, of that subclass.
   */
  static override getCurrentInstance<C extends abstract new (...args: any[]) => ManagerMixin>(
    this: C,
  ): InstanceType<C> {
    if ((this as unknown) === Visualizer) {
      const latest = allInstances().latest;
      if (latest !== undefined) return latest as InstanceType<C>;
    }
    const base = ManagerMixin.getCurrentInstance as (this: unknown) => ManagerMixin;
    return base.call(this) as InstanceType<C>;
  }

  private _makeBackend(
    entry: unknown,
    i: number,
    saveDir: string | undefined,
  ): [name: string, backend: VisBackendObject] | undefined {
    if (isPlainObject(entry)) {
      const { name, ...cfg } = entry;
      if (name !== undefined && (typeof name !== 'string' || name === '')) {
        throw new VisualizationError(
          'BAD_OPTIONS',
          `Visualizer: vis_backends[${i}].name should be a non-empty string, got ${describe(name)}`,
        );
      }
      if (cfg['save_dir'] === undefined && saveDir !== undefined) cfg['save_dir'] = saveDir;
      if (cfg['save_dir'] === null) delete cfg['save_dir'];
      if (cfg['save_dir'] === undefined && requiresSaveDir(cfg)) {
        const type = typeof cfg['type'] === 'function' ? (cfg['type'] as Function).name : String(cfg['type']);
        printLog(
          `Failed to add ${type} (vis_backends[${i}]): it needs save_dir; give the visualizer a save_dir, or the backend its own.`,
          { logger: 'current', level: 'warning' },
        );
        return undefined;
      }
      const backend = withConfigPath(`vis_backends[${i}]`, () => VISBACKENDS.build(cfg as never)) as VisBackendObject;
      return [name ?? backend.constructor.name, backend];
    }
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
      return [entry.constructor.name, entry as VisBackendObject];
    }
    throw new VisualizationError(
      'BAD_OPTIONS',
      `Visualizer: vis_backends[${i}] should be a backend object or a VISBACKENDS config ({ type: 'LocalVisBackend' }), got ${describe(entry)}`,
    );
  }

  /** Calls `fn` on every backend on rank 0; a promise of them all when any returns one. */
  private _forward(fn: (backend: VisBackendObject) => unknown, mainOnly = true): MaybePromise {
    if (mainOnly && getDistInfo().rank !== 0) return;
    const pending: PromiseLike<unknown>[] = [];
    for (const backend of this._visBackends.values()) {
      const result = fn(backend);
      if (isThenable(result)) pending.push(result);
    }
    if (pending.length > 0) return Promise.all(pending).then(() => undefined);
  }

  /** The backends by name, in the order of `vis_backends`. */
  get visBackends(): ReadonlyMap<string, VisBackendObject> {
    return this._visBackends;
  }

  /** The backend called `name` (its `name` in `vis_backends`, else its class name), or `undefined`. */
  getBackend<T extends object = BaseVisBackend>(name: string): T | undefined {
    return this._visBackends.get(name) as T | undefined;
  }

  /** The dataset's metainfo (class names, palette) for drawing; the loops set it. */
  get datasetMeta(): Record<string, unknown> | null {
    return this._datasetMeta;
  }

  set datasetMeta(meta: Record<string, unknown> | null) {
    this._datasetMeta = meta;
  }

  /**
   * Sets the image to draw on, copied (a tensor is read, not kept or disposed): values are truncated to integers and
   * clamped to 0-255 (MMEngine's `astype('uint8')`), gray is repeated to RGB and alpha dropped.
   */
  setImage(image: ImageInput): void {
    if (image === undefined || image === null) {
      throw new VisualizationError('BAD_IMAGE', `Visualizer.setImage: expected an image, got ${describe(image)}`);
    }
    this._image = withChannels(toVisImage(image, 'Visualizer.setImage', 'cast'), 3);
  }

  /** A copy of the image (RGB, 3 channels). */
  getImage(): VisImage & { channels: 3 } {
    const image = this._image;
    if (image === undefined)
      throw new VisualizationError('NO_IMAGE', 'Visualizer.getImage: set an image with setImage first');
    return { data: image.data.slice(), width: image.width, height: image.height, channels: 3 };
  }

  /** The width of the image set, if any. */
  get width(): number | undefined {
    return this._image?.width;
  }

  /** The height of the image set, if any. */
  get height(): number | undefined {
    return this._image?.height;
  }

  /** Records the config in every backend (`config.ts` / `.json` / `.yaml` for `LocalVisBackend`). */
  addConfig(config: ConfigInput): MaybePromise {
    return this._forward((backend) => backend.addConfig?.(config));
  }

  /** Records the model graph in every backend that supports it. */
  addGraph(model: unknown, dataBatch?: unknown): MaybePromise {
    return this._forward((backend) => backend.addGraph?.(model, dataBatch));
  }

  /** Records an image (RGB(A), 8-bit) under `name` at `step` in every backend. */
  addImage(name: string, image: ImageInput, step = 0): MaybePromise {
    if (this._visBackends.size === 0) return;
    const pixels = toVisImage(image, 'Visualizer.addImage', 'strict');
    return this._forward((backend) => backend.addImage?.(name, pixels, step));
  }

  /** Records one scalar in every backend. */
  addScalar(name: string, value: ScalarValue, step = 0): MaybePromise {
    return this._forward((backend) => backend.addScalar?.(name, value, step));
  }

  /**
   * Records several scalars in every backend; with `fileName` (MMEngine's `file_path`), a backend that writes files
   * also appends them to that file of its save dir (the LoggerHook's `TIMESTAMP.json`).
   */
  addScalars(scalarDict: Readonly<Record<string, ScalarValue>>, step = 0, fileName?: string): MaybePromise {
    return this._forward((backend) => backend.addScalars?.(scalarDict, step, fileName));
  }

  /** Closes every backend; resolves when all their writes are complete. */
  close(): MaybePromise {
    return this._forward((backend) => backend.close?.(), false);
  }
}
