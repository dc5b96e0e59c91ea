import { describe, getDistInfo } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { joinPath } from '@eng/fileio';
import { printLog } from '@eng/logging';
import { type InstanceArgs, ManagerMixin, VISBACKENDS, withConfigPath } from '@eng/registry';
import type { BaseDataElement, InstanceData, LabelData, PixelData } from '@eng/structures';
import type { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import type { BaseVisBackend, ConfigInput, MaybePromise } from '../backends/base-vis-backend';
import { VisualizationError } from '../errors';
import { type ImageInput, toVisImage, type VisImage, withChannels } from '../image/vis-image';
import type { ScalarValue } from '../scalars/scalar-line';
import type { BinaryMasksInput, DrawBinaryMasksOptions } from '../drawing/masks';
import { drawBinaryMasksOn } from '../drawing/masks';
import { type DrawFeatmapOptions, drawFeatmap } from '../drawing/featmap';
import type { NumericInput } from '../drawing/geometry';
import {
  type DrawBboxesOptions,
  type DrawCirclesOptions,
  type DrawLinesOptions,
  type DrawPointsOptions,
  type DrawPolygonsOptions,
  drawBboxesOn,
  drawCirclesOn,
  drawLinesOn,
  drawPointsOn,
  drawPolygonsOn,
} from '../drawing/shapes';
import { DrawingCanvas } from '../drawing/surface';
import { type DrawTextsOptions, drawTextsOn } from '../drawing/texts';

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

/**
 * A data sample for `addDatasample`: a data element of `@eng/structures` (a task's `DataSample`, a `BaseDataElement`
 * with `gt_instances: InstanceData`, `pred_sem_seg: PixelData`, `gt_label: LabelData`, ...), or a plain object of them.
 */
export type DataSample =
  | BaseDataElement
  | Readonly<Record<string, BaseDataElement | InstanceData | LabelData | PixelData | unknown>>;

/** What `addDatasample` takes besides the sample (MMEngine's keyword arguments). */
export interface AddDatasampleOptions {
  /** Draw the ground truth (default true). */
  draw_gt?: boolean;
  /** Draw the prediction (default true). */
  draw_pred?: boolean;
  /** Show the drawing in a window: there is none in Node, so a subclass ignores it (see `show`). Default false. */
  show?: boolean;
  /** Seconds to show it for (MMEngine's; ignored with `show`). Default 0. */
  wait_time?: number;
  /** Write the drawing to this file (any fileio URI) instead of the backends. */
  out_file?: string | null;
  /** Predictions scoring below this are not drawn (default 0.3). */
  pred_score_thr?: number;
  /** The step the backends store the drawing under (default 0). */
  step?: number;
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
  private _canvas: DrawingCanvas | undefined;
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
   * clamped to 0-255 (MMEngine's `astype('uint8')`), gray is repeated to RGB and alpha dropped. Drawing starts over
   * from this image.
   */
  setImage(image: ImageInput): void {
    if (image === undefined || image === null) {
      throw new VisualizationError('BAD_IMAGE', `Visualizer.setImage: expected an image, got ${describe(image)}`);
    }
    this._image = withChannels(toVisImage(image, 'Visualizer.setImage', 'cast'), 3);
    this._canvas = undefined;
  }

  /** A copy of the image with everything drawn on it so far (RGB, 3 channels; MMEngine's `get_image`). */
  getImage(): VisImage & { channels: 3 } {
    const image = this._image;
    if (image === undefined)
      throw new VisualizationError('NO_IMAGE', 'Visualizer.getImage: set an image with setImage first');
    if (this._canvas !== undefined) return this._canvas.toImage();
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

  /** The canvas holding the image, made on the first drawing call after `setImage`. */
  private _surface(where: string): DrawingCanvas {
    const image = this._image;
    if (image === undefined) {
      throw new VisualizationError('NO_IMAGE', `Visualizer.${where}: set an image with setImage first`);
    }
    this._canvas ??= new DrawingCanvas(image);
    return this._canvas;
  }

  /** Draws on rank 0 only (MMEngine's `@master_only`); returns `this` so calls chain. */
  private _draw(where: string, draw: (surface: DrawingCanvas) => void): this {
    if (getDistInfo().rank !== 0) return this;
    draw(this._surface(where));
    return this;
  }

  /**
   * Draws boxes `[N, 4]` (x1, y1, x2, y2 in pixels) on the image (MMEngine's `draw_bboxes`, drawn as polygons).
   * Defaults: `edge_colors: 'g'`, `line_styles: '-'`, `line_widths: 2` (points), `face_colors: 'none'`, `alpha: 0.8`
   * (for edge and face alike).
   *
   * @example
   * vis.setImage({ data: new Uint8Array(64 * 48 * 3), width: 64, height: 48, channels: 3 });
   * vis.drawBboxes([[10, 10, 40, 30]], { edge_colors: 'red', alpha: 1 }).drawTexts('cat', [10, 10]);
   */
  drawBboxes(bboxes: NumericInput, options: DrawBboxesOptions = {}): this {
    return this._draw('drawBboxes', (surface) => drawBboxesOn(surface, bboxes, options));
  }

  /** Draws points `[N, 2]` (x, y) as scatter markers (MMEngine's `draw_points`; default `'g'`, marker `'o'`, 36 pt²). */
  drawPoints(positions: NumericInput, options: DrawPointsOptions = {}): this {
    return this._draw('drawPoints', (surface) => drawPointsOn(surface, positions, options));
  }

  /**
   * Draws line segments (MMEngine's `draw_lines`): segment i runs from `(x_datas[i][0], y_datas[i][0])` to
   * `(x_datas[i][1], y_datas[i][1])`; both `[N, 2]`. Defaults `'g'`, `'-'`, 2 points.
   */
  drawLines(x_datas: NumericInput, y_datas: NumericInput, options: DrawLinesOptions = {}): this {
    return this._draw('drawLines', (surface) => drawLinesOn(surface, x_datas, y_datas, options));
  }

  /** Draws circles at `center` `[N, 2]` with `radius` `[N]` pixels (MMEngine's `draw_circles`; defaults as boxes). */
  drawCircles(center: NumericInput, radius: NumericInput, options: DrawCirclesOptions = {}): this {
    return this._draw('drawCircles', (surface) => drawCirclesOn(surface, center, radius, options));
  }

  /** Draws polygons: one `[M, 2]` polygon or a list of them (MMEngine's `draw_polygons`; defaults as boxes). */
  drawPolygons(polygons: NumericInput | readonly NumericInput[], options: DrawPolygonsOptions = {}): this {
    return this._draw('drawPolygons', (surface) => drawPolygonsOn(surface, polygons, options));
  }

  /**
   * Draws texts at `positions` `[N, 2]` in the bundled DejaVu Sans (MMEngine's `draw_texts`; default colour `'g'`,
   * `'top'` / `'left'` alignment, size `max(sqrt(h * w) // 90, 10)` points).
   */
  drawTexts(texts: string | readonly string[], positions: NumericInput, options: DrawTextsOptions = {}): this {
    return this._draw('drawTexts', (surface) => drawTextsOn(surface, texts, positions, options));
  }

  /**
   * Blends binary masks of the image's size (nonzero is inside) over what is drawn (MMEngine's `draw_binary_masks`):
   * inside becomes `(1 - alpha) * pixel + alpha * colour`, outside stays. Defaults `colors: 'g'`, `alphas: 0.8`.
   */
  drawBinaryMasks(binary_masks: BinaryMasksInput, options: DrawBinaryMasksOptions = {}): this {
    return this._draw('drawBinaryMasks', (surface) => drawBinaryMasksOn(surface, binary_masks, options));
  }

  /**
   * A feature map `[C, H, W]` as an RGB heat map (OpenCV's JET, min-max normalised as MMEngine does), over
   * `overlaid_image` when given. Static, as in MMEngine (also callable on an instance); the result is returned, not
   * drawn on the visualizer's image: `setImage` it to draw on it.
   *
   * @example
   * const heat = Visualizer.drawFeatmap(tf.randomUniform([8, 7, 7]), null, { channel_reduction: 'select_max' });
   */
  static drawFeatmap(
    featmap: tf.Tensor,
    overlaid_image?: ImageInput | null,
    options: DrawFeatmapOptions = {},
  ): VisImage & { channels: 3 } {
    return drawFeatmap(featmap, overlaid_image, options);
  }

  /** {@link Visualizer.drawFeatmap}, on an instance. */
  drawFeatmap(
    featmap: tf.Tensor,
    overlaid_image?: ImageInput | null,
    options: DrawFeatmapOptions = {},
  ): VisImage & { channels: 3 } {
    return drawFeatmap(featmap, overlaid_image, options);
  }

  /**
   * Shows the drawn image in a window (MMEngine's `show`, matplotlib or cv2). Node has no window system to show it
   * in, so this always throws `NOT_SUPPORTED`: write the image with `addImage` (the backends) or encode it instead.
   */
  show(_drawnImage?: ImageInput | null, _options: { win_name?: string; wait_time?: number } = {}): never {
    throw new VisualizationError(
      'NOT_SUPPORTED',
      'Visualizer.show: there is no window to show an image in from Node; use addImage (LocalVisBackend writes vis_image/*.png) instead',
    );
  }

  /**
   * Draws a data sample and stores the drawing (MMEngine's `add_datasample`). The base visualizer draws nothing and
   * stores nothing, as in MMEngine: a task's visualizer (`ClsVisualizer`, a detection visualizer of yours) overrides
   * it, drawing the ground truth and/or prediction of `data_sample` on `image`, then `addImage(name, drawn, step)` or
   * writing `out_file`.
   */
  addDatasample(
    _name: string,
    _image: ImageInput,
    _data_sample?: DataSample | null,
    _options: AddDatasampleOptions = {},
  ): MaybePromise {}

  /** Flushes every backend that buffers writes (`TensorboardVisBackend`); the runner calls it after each epoch. */
  flush(): MaybePromise {
    return this._forward((backend) => (backend as { flush?: () => unknown }).flush?.());
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
