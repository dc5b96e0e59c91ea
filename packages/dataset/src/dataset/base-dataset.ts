import { deepCopy, describe, RandomStream } from '@eng/internal';
import { type OptionsSchema, optionsSchema, type ShapeOf } from '@eng/internal/options';
import { exists, joinPath, listFromFile, load } from '@eng/fileio';
import { printLog } from '@eng/logging';
import { withConfigPath } from '@eng/registry';
import { z } from 'zod';
import { DatasetError } from '../errors';
import type { Results, TransformContext } from '../transforms/base-transform';
import { Compose, type TransformInput } from '../transforms/compose';
import { checkIndex, type DatasetLike } from './dataset-like';
import { recordOptions } from '../loader/dataset-config';
import { isPromise } from '../is-promise';
import { FullInit } from './full-init';
import { isAbsolutePath } from './is-absolute';
import { SerializedDataList, type SerializedDataListState } from './serialized-data-list';

/** The type of every dataset class's `optionsSchema` (each class declares its own). */
export type DatasetOptionsSchema = OptionsSchema<z.ZodRawShape>;

/** A record of the data list: `img_path`, `gt_label`, boxes, ... (what `parseDataInfo` returns). */
export type DataInfo = Record<string, unknown>;

export interface BaseDatasetOptions {
  /** The annotation file (any fileio URI or path; relative ones are joined onto `data_root`). '' when a subclass loads its own data. */
  ann_file?: string;
  /** Meta information that wins over the class's `METAINFO` and the file's; a string value naming a file is read as a list of lines. */
  metainfo?: Record<string, unknown> | null;
  /** Joined onto a relative `ann_file` and every relative `data_prefix` value. */
  data_root?: string;
  /** Prefixes joined onto the record key of the same name (`{ img_path: 'images' }`). */
  data_prefix?: Record<string, string>;
  /** Passed to `filterData` (the base keeps every record). */
  filter_cfg?: Record<string, unknown> | null;
  /** Keep only the first `n` (or last `-n`) records, or these indices, after filtering. */
  indices?: number | number[] | null;
  /** Pack the data list into one shared buffer (default true, as MMEngine). */
  serialize_data?: boolean;
  /** The transforms each sample goes through. */
  pipeline?: readonly TransformInput[];
  /** In test mode a pipeline that returns `null` is an error instead of a refetch. */
  test_mode?: boolean;
  /** Defer loading the annotations to `fullInit()` (or the first access). */
  lazy_init?: boolean;
  /** How many other samples to try when the pipeline returns `null` (default 1000). */
  max_refetch?: number;
}

/** What `exportSharedState` hands to a worker so that it need not read the annotation file again. */
export interface BaseDatasetSharedState {
  readonly metainfo: Record<string, unknown>;
  readonly serialized?: SerializedDataListState;
  readonly dataList?: DataInfo[];
}

const baseDatasetShape = {
  ann_file: z.string().optional(),
  metainfo: z.record(z.string(), z.unknown()).nullable().optional(),
  data_root: z.string().optional(),
  data_prefix: z.record(z.string(), z.string()).optional(),
  filter_cfg: z.record(z.string(), z.unknown()).nullable().optional(),
  indices: z
    .union([z.number().int(), z.array(z.number().int())])
    .nullable()
    .optional(),
  serialize_data: z.boolean().optional(),
  pipeline: z.array(z.custom<TransformInput>()).optional(),
  test_mode: z.boolean().optional(),
  lazy_init: z.boolean().optional(),
  max_refetch: z.number().int().nonnegative().optional(),
};
baseDatasetShape satisfies ShapeOf<BaseDatasetOptions>;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/**
 * MMEngine's `BaseDataset`: the OpenMMLab 2.0 annotation format (`{ metainfo, data_list }`) read through
 * `@eng/fileio`, records parsed by `parseDataInfo`, filtered, cut by `indices`, packed by `serialize_data`, and run
 * through `pipeline` on access.
 *
 * Loading is asynchronous when it reads a file: `await dataset.fullInit()` before use (the runner does). A subclass
 * whose `loadDataList` returns its records directly is ready at once. Initialisation starts after the constructor
 * returns (so a subclass's own fields are set when its `loadDataList` runs), or at the first access.
 *
 * @example
 * class ToyDataset extends BaseDataset {
 *   override loadDataList() { return [{ img_path: 'a.jpg', gt_label: 0 }, { img_path: 'b.jpg', gt_label: 1 }]; }
 * }
 * const ds = new ToyDataset({ data_prefix: { img_path: 'data/' } });
 * ds.length;                      // 2
 * ds.getDataInfo(1).img_path;     // 'data/b.jpg'
 */
export class BaseDataset implements DatasetLike {
  static readonly optionsSchema: DatasetOptionsSchema = optionsSchema<BaseDatasetOptions>(baseDatasetShape);
  /** The shape of the options, for subclasses to extend: `optionsSchema({ ...BaseDataset.optionsShape, extra })`. */
  static readonly optionsShape = baseDatasetShape;

  /**
   * The options schema of a subclass: BaseDataset's options plus `shape` (zod), strict as every eng schema (an
   * unknown key is refused with the nearest valid ones).
   *
   * @example
   * class Digits extends BaseDataset {
   *   static override optionsSchema = BaseDataset.extendOptions({ num_samples: z.number().int().optional() });
   * }
   */
  static extendOptions(shape: z.ZodRawShape): DatasetOptionsSchema {
    return optionsSchema({ ...baseDatasetShape, ...shape });
  }
  /** The class's meta information: wins over the annotation file's, loses to the `metainfo` option. */
  static METAINFO: Record<string, unknown> = {};

  annFile: string;
  readonly dataRoot: string;
  readonly dataPrefix: Record<string, string>;
  readonly filterCfg: Record<string, unknown> | null;
  readonly serializeData: boolean;
  readonly testMode: boolean;
  readonly maxRefetch: number;
  readonly pipeline: Compose;
  /** The records when `serialize_data` is off (or before serialisation). */
  dataList: DataInfo[] = [];

  protected _metainfo: Record<string, unknown>;
  private _indices: number | number[] | null;
  private _serialized: SerializedDataList | undefined;
  /** Keys of the `metainfo` option whose string values may name a file of lines. */
  private _metainfoFileKeys: string[] = [];
  private readonly _init = new FullInit(
    () => `${this.constructor.name}${this.annFile ? ` ("${this.annFile}")` : ''}`,
    () => this._fullInit(),
  );

  constructor(options: BaseDatasetOptions = {}) {
    // Only for BaseDataset itself: a subclass may take other options than it passes on to super().
    if (new.target === BaseDataset) recordOptions(this, options);
    const {
      ann_file = '',
      metainfo = null,
      data_root = '',
      data_prefix = { img_path: '' },
      filter_cfg = null,
      indices = null,
      serialize_data = true,
      pipeline = [],
      test_mode = false,
      lazy_init = false,
      max_refetch = 1000,
    } = options;
    this.annFile = ann_file;
    this._metainfo = this._loadMetainfo(metainfo);
    this.dataRoot = data_root;
    this.dataPrefix = { ...data_prefix };
    this.filterCfg = filter_cfg === null ? null : deepCopy(filter_cfg, 'keep');
    this._indices = indices;
    this.serializeData = serialize_data;
    this.testMode = test_mode;
    this.maxRefetch = max_refetch;
    this._joinPrefix();
    this.pipeline = withConfigPath('pipeline', () => new Compose(pipeline));
    // After the constructor chain: a subclass's fields are set before its loadDataList runs.
    if (!lazy_init) this._init.startSoon();
  }

  private _loadMetainfo(metainfo: Record<string, unknown> | null): Record<string, unknown> {
    const own = deepCopy((this.constructor as typeof BaseDataset).METAINFO ?? {}, 'keep');
    if (metainfo === null || metainfo === undefined) return own;
    if (!isPlainRecord(metainfo)) {
      throw new DatasetError('BAD_METAINFO', `metainfo should be an object, but got ${describe(metainfo)}`);
    }
    // Only values that look like a path (a '/' or an extension) are tried as files, so that a dataset with
    // `metainfo: { task_name: 'x' }` and records of its own stays synchronous.
    this._metainfoFileKeys = Object.keys(metainfo).filter((key) => {
      const value = metainfo[key];
      return typeof value === 'string' && /[/\\]|\.\w+$/.test(value);
    });
    return { ...own, ...deepCopy(metainfo, 'keep') };
  }

  private _joinPrefix(): void {
    if (this.annFile && !isAbsolutePath(this.annFile) && this.dataRoot) {
      this.annFile = joinPath(this.dataRoot, this.annFile);
    }
    for (const [key, prefix] of Object.entries(this.dataPrefix)) {
      if (typeof prefix !== 'string') {
        throw new DatasetError('BAD_OPTIONS', `data_prefix.${key} should be a string, but got ${describe(prefix)}`);
      }
      if (!isAbsolutePath(prefix) && this.dataRoot) this.dataPrefix[key] = joinPath(this.dataRoot, prefix);
    }
  }

  /** A copy of the meta information (the config's over the class's `METAINFO` over the annotation file's). */
  get metainfo(): Record<string, unknown> {
    return deepCopy(this._metainfo, 'keep');
  }

  /** Whether `fullInit` has finished. */
  get fullyInitialized(): boolean {
    return this._init.done;
  }

  /**
   * Loads the data list, filters it, applies `indices` and packs it (MMEngine's `full_init`). Idempotent: a second
   * call does nothing, a call while loading returns the load in progress. Returns a promise only when loading is
   * asynchronous (reading the annotation file is).
   */
  fullInit(): void | Promise<void> {
    return this._init.run();
  }

  private _fullInit(): void | Promise<void> {
    const finish = (list: DataInfo[]): void => {
      this.dataList = this._checkList(list);
      this.dataList = this.filterData();
      if (this._indices !== null) this.dataList = this._pick(this.dataList, this._indices);
      if (this.serializeData) {
        this._serialized = SerializedDataList.pack(this.dataList);
        this.dataList = [];
      }
    };
    const metainfoFiles = this._resolveMetainfoFiles();
    const loaded = metainfoFiles ? metainfoFiles.then(() => this.loadDataList()) : this.loadDataList();
    return isPromise<DataInfo[]>(loaded) ? loaded.then(finish) : finish(loaded);
  }

  /** String metainfo values that name a file become its lines (MMEngine reads them with `list_from_file`). */
  private _resolveMetainfoFiles(): Promise<void> | undefined {
    const keys = this._metainfoFileKeys;
    if (keys.length === 0) return undefined;
    this._metainfoFileKeys = [];
    return Promise.all(
      keys.map(async (key) => {
        const value = this._metainfo[key];
        if (typeof value === 'string' && (await exists(value).catch(() => false))) {
          this._metainfo[key] = await listFromFile(value);
        }
      }),
    ).then(() => undefined);
  }

  private _checkList(list: unknown): DataInfo[] {
    if (!Array.isArray(list)) {
      throw new DatasetError(
        'BAD_ANN_FILE',
        `${this.constructor.name}.loadDataList() should return a list of records, but got ${describe(list)}`,
      );
    }
    return list as DataInfo[];
  }

  /**
   * Reads `ann_file` (OpenMMLab 2.0 format: `{ metainfo, data_list }`), merges its metainfo under the existing one
   * and parses every record with `parseDataInfo`. Subclasses with another format override it (and may return the
   * records directly, or a promise of them).
   */
  loadDataList(): DataInfo[] | Promise<DataInfo[]> {
    return this._loadAnnotationFile();
  }

  private async _loadAnnotationFile(): Promise<DataInfo[]> {
    const file = this.annFile;
    if (!file) {
      throw new DatasetError(
        'NO_ANN_FILE',
        `${this.constructor.name}: no ann_file given${this.dataRoot ? ` (data_root "${this.dataRoot}")` : ''}; pass ann_file, or override loadDataList() to provide the records`,
      );
    }
    if (!(await exists(file))) {
      throw new DatasetError(
        'NO_ANN_FILE',
        `${this.constructor.name}: annotation file "${file}" does not exist${this.dataRoot ? ` (ann_file joined onto data_root "${this.dataRoot}")` : ''}`,
      );
    }
    let annotations: unknown;
    try {
      annotations = await load(file);
    } catch (error) {
      throw new DatasetError(
        'BAD_ANN_FILE',
        `annotation file "${file}" could not be read: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    if (!isPlainRecord(annotations)) {
      throw new DatasetError(
        'BAD_ANN_FILE',
        `annotation file "${file}" should hold an object with "metainfo" and "data_list", but holds ${describe(annotations)}`,
      );
    }
    const missing = ['data_list', 'metainfo'].filter((key) => !(key in annotations));
    if (missing.length > 0) {
      const keys = Object.keys(annotations);
      throw new DatasetError(
        'BAD_ANN_FILE',
        `annotation file "${file}" has no ${missing.map((k) => `"${k}"`).join(' or ')} key (it has ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'no keys'}); the OpenMMLab 2.0 format is { metainfo: {...}, data_list: [...] }`,
      );
    }
    const { metainfo, data_list: rawList } = annotations as { metainfo: unknown; data_list: unknown };
    if (!isPlainRecord(metainfo)) {
      throw new DatasetError(
        'BAD_ANN_FILE',
        `annotation file "${file}": "metainfo" should be an object, but is ${describe(metainfo)}`,
      );
    }
    if (!Array.isArray(rawList)) {
      throw new DatasetError(
        'BAD_ANN_FILE',
        `annotation file "${file}": "data_list" should be a list, but is ${describe(rawList)}`,
      );
    }
    for (const [key, value] of Object.entries(metainfo)) if (!(key in this._metainfo)) this._metainfo[key] = value;
    const list: DataInfo[] = [];
    rawList.forEach((raw, i) => {
      if (!isPlainRecord(raw)) {
        throw new DatasetError(
          'BAD_RECORD',
          `annotation file "${file}": data_list[${i}] should be an object, but is ${describe(raw)}`,
        );
      }
      let parsed: DataInfo | DataInfo[];
      try {
        parsed = this.parseDataInfo(raw);
      } catch (error) {
        if (DatasetError.isInstance(error)) {
          error.message = `annotation file "${file}", data_list[${i}]: ${error.message}`;
          throw error;
        }
        throw new DatasetError(
          'BAD_RECORD',
          `annotation file "${file}", data_list[${i}]: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      if (Array.isArray(parsed)) {
        parsed.forEach((item, j) => {
          if (!isPlainRecord(item)) {
            throw new DatasetError(
              'BAD_RECORD',
              `annotation file "${file}", data_list[${i}]: parseDataInfo returned a list whose item ${j} is ${describe(item)}, not an object`,
            );
          }
          list.push(item);
        });
      } else if (isPlainRecord(parsed)) {
        list.push(parsed);
      } else {
        throw new DatasetError(
          'BAD_RECORD',
          `annotation file "${file}", data_list[${i}]: parseDataInfo should return an object or a list of objects, but returned ${describe(parsed)}`,
        );
      }
    });
    return list;
  }

  /** Joins each `data_prefix` entry onto the record's key of the same name (which must exist). */
  parseDataInfo(raw: DataInfo): DataInfo | DataInfo[] {
    for (const [key, prefix] of Object.entries(this.dataPrefix)) {
      if (!(key in raw)) {
        throw new DatasetError(
          'BAD_RECORD',
          `the record has no key "${key}" for data_prefix.${key} (its keys: ${Object.keys(raw).join(', ') || 'none'}); check data_prefix`,
        );
      }
      const value = raw[key];
      if (typeof value !== 'string') {
        throw new DatasetError(
          'BAD_RECORD',
          `"${key}" should be a string path to join onto data_prefix.${key}, but is ${describe(value)}`,
        );
      }
      raw[key] = prefix ? joinPath(prefix, value) : value;
    }
    return raw;
  }

  /** Drops records by `filter_cfg`; the base keeps every record (subclasses override it). */
  filterData(): DataInfo[] {
    return this.dataList;
  }

  /** The category ids of sample `idx`; `ClassBalancedDataset` needs a subclass that implements it. */
  getCatIds(_idx: number): number[] {
    throw new DatasetError(
      'BAD_OPTIONS',
      `${this.constructor.name} must implement getCatIds(idx) to be used with ClassBalancedDataset`,
    );
  }

  /** Initialises now if it can be done synchronously; otherwise says to await `fullInit()`. */
  protected ensureInitialized(): void {
    this._init.ensure();
  }

  get length(): number {
    this.ensureInitialized();
    return this._serialized ? this._serialized.length : this.dataList.length;
  }

  /** A copy of record `idx` with its `sample_idx`. */
  getDataInfo(idx: number): DataInfo {
    this.ensureInitialized();
    checkIndex(idx, this.length, this.constructor.name);
    const info = this._serialized ? this._serialized.get(idx) : deepCopy(this.dataList[idx] as DataInfo, 'clone');
    info.sample_idx = idx;
    return info;
  }

  /** The pipeline's output for record `idx`. */
  prepareData(idx: number, context?: TransformContext): Results | null | Promise<Results | null> {
    return this.pipeline.transform(this.getDataInfo(idx), context);
  }

  /**
   * Sample `idx` after the pipeline. When the pipeline returns `null` (a broken image, a crop with no objects), a
   * training dataset tries another index drawn from the sample's stream, up to `max_refetch` times; in test mode it
   * is an error. Returns a promise when the pipeline (or the first initialisation) is asynchronous.
   */
  getItem(idx: number, context?: TransformContext): Results | Promise<Results> {
    if (!this._init.done) {
      printLog('Please call `fullInit()` manually to accelerate the speed.', { logger: 'current', level: 'WARNING' });
      const init = this.fullInit();
      if (isPromise(init)) return init.then(() => this.getItem(idx, context));
    }
    checkIndex(idx, this.length, this.constructor.name);
    const ctx = context ?? { random: new RandomStream(Math.floor(Math.random() * 2 ** 32)) };
    return this._fetch(idx, ctx, 0);
  }

  private _fetch(idx: number, context: TransformContext, attempt: number): Results | Promise<Results> {
    const settle = (data: Results | null): Results | Promise<Results> => {
      if (data !== null) return data;
      if (this.testMode) {
        throw new DatasetError(
          'NO_DATA',
          `${this.constructor.name}: the test-time pipeline returned null for sample ${idx}`,
        );
      }
      if (attempt >= this.maxRefetch) {
        throw new DatasetError(
          'REFETCH_EXHAUSTED',
          `${this.constructor.name}: cannot find a valid sample after ${this.maxRefetch} refetches (the pipeline returned null, last for sample ${idx}); check the image paths and the pipeline`,
        );
      }
      return this._fetch(context.random.randint(0, this.length), context, attempt + 1);
    };
    const data = this.prepareData(idx, context);
    return isPromise<Results | null>(data) ? data.then(settle) : settle(data);
  }

  private _normalizeIndices(indices: number | readonly number[]): number[] {
    const n = this._serialized ? this._serialized.length : this.dataList.length;
    if (typeof indices === 'number') {
      if (!Number.isInteger(indices))
        throw new DatasetError(
          'BAD_INDEX',
          `indices should be an integer or a list of integers, but got ${describe(indices)}`,
        );
      if (indices > n || -indices > n)
        throw new RangeError(`${this.constructor.name}: ${indices} is out of the dataset's length (${n})`);
      return indices >= 0
        ? Array.from({ length: indices }, (_, i) => i)
        : Array.from({ length: -indices }, (_, i) => n + indices + i);
    }
    if (!Array.isArray(indices)) {
      throw new DatasetError(
        'BAD_INDEX',
        `indices should be an integer or a list of integers, but got ${describe(indices)}`,
      );
    }
    return indices.map((i) => {
      // A list may hold negative indices, as MMEngine's does (Python's negative indexing).
      if (!Number.isInteger(i) || i >= n || i < -n)
        throw new RangeError(`${this.constructor.name}: index ${String(i)} is out of range [-${n}, ${n})`);
      return i < 0 ? n + i : i;
    });
  }

  private _pick(list: DataInfo[], indices: number | readonly number[]): DataInfo[] {
    const picked = this._normalizeIndices(indices);
    return picked.map((i) => list[i] as DataInfo);
  }

  /** Turns this dataset into a subset of itself: the first `n` (or last `-n`) records, or these indices. */
  getSubset_(indices: number | readonly number[]): void {
    this.ensureInitialized();
    if (this._serialized) this._serialized = this._serialized.subset(this._normalizeIndices(indices));
    else this.dataList = this._pick(this.dataList, indices);
  }

  /** A new dataset of the first `n` (or last `-n`) records, or these indices; same metainfo and pipeline. */
  getSubset(indices: number | readonly number[]): this {
    this.ensureInitialized();
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy._metainfo = deepCopy(this._metainfo, 'keep');
    if (this._serialized) copy._serialized = this._serialized.subset(this._normalizeIndices(indices));
    else copy.dataList = deepCopy(this._pick(this.dataList, indices), 'clone');
    return copy;
  }

  /** Bytes held by the serialized data list (0 when `serialize_data` is off). */
  get serializedByteLength(): number {
    return this._serialized?.byteLength ?? 0;
  }

  /**
   * The state a worker thread needs to finish a `lazy_init` copy of this dataset without reading the annotation
   * file: the serialized buffers (shared memory, not copied when posted) or the records, and the metainfo.
   */
  exportSharedState(): BaseDatasetSharedState {
    this.ensureInitialized();
    return this._serialized
      ? { metainfo: this._metainfo, serialized: this._serialized.state }
      : { metainfo: this._metainfo, dataList: this.dataList };
  }

  /** Completes this dataset from another copy's {@link BaseDataset.exportSharedState}. */
  importSharedState(state: BaseDatasetSharedState): void {
    this._metainfo = deepCopy(state.metainfo, 'keep');
    if (state.serialized) {
      this._serialized = new SerializedDataList(state.serialized);
      this.dataList = [];
    } else {
      this.dataList = state.dataList ?? [];
      this._serialized = undefined;
    }
    this._init.markDone();
  }
}
