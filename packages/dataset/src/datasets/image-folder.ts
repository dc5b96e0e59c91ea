import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { exists, isDir, joinPath, listDirOrFile } from '@eng/fileio';
import { z } from 'zod';
import {
  BaseDataset,
  type BaseDatasetOptions,
  type DataInfo,
  type DatasetOptionsSchema,
} from '../dataset/base-dataset';
import { DatasetError } from '../errors';

/** mmpretrain's image extensions. */
export const IMG_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.webp'] as const;

export interface ImageFolderOptions extends Omit<BaseDatasetOptions, 'ann_file' | 'data_prefix'> {
  /** The root folder: one sub-folder per class, images anywhere below it. */
  data_root: string;
  /** File extensions counted as images (case-insensitive). */
  extensions?: readonly string[];
}

/**
 * Your own images, one folder per class (torchvision's `ImageFolder`, mmpretrain's `CustomDataset` without an
 * annotation file): the classes are the sub-folder names, sorted, `metainfo.classes` unless the config names them;
 * each record is `{ img_path, gt_label }`, for `LoadImageFromFile`. Listing goes through `@eng/fileio`, so the root
 * may be on any backend that can list.
 *
 * @example
 * const pets = new ImageFolder({ data_root: 'data/pets', pipeline: [{ type: 'LoadImageFromFile' }] });
 * await pets.fullInit();
 */
export class ImageFolder extends BaseDataset {
  static override readonly optionsSchema: DatasetOptionsSchema = optionsSchema<ImageFolderOptions>({
    ...(({ ann_file: _a, data_prefix: _d, data_root: _r, ...rest }) => rest)(BaseDataset.optionsShape),
    data_root: z.string(),
    extensions: z.array(z.string()).optional(),
  } as ShapeOf<ImageFolderOptions>);

  readonly extensions: readonly string[];

  constructor(options: ImageFolderOptions) {
    const { extensions = IMG_EXTENSIONS, ...rest } = options;
    super({ ...rest, data_prefix: {} });
    this.extensions = extensions.map((e) => e.toLowerCase());
  }

  override async loadDataList(): Promise<DataInfo[]> {
    const root = this.dataRoot;
    if (!root || !(await exists(root)) || !(await isDir(root))) {
      throw new DatasetError('NO_DATA', `ImageFolder: data_root "${root}" is not a folder`);
    }
    const folders = (await listDirOrFile(root, { listFile: false })).map((d) => d.replace(/\/$/, '')).sort();
    if (folders.length === 0) {
      throw new DatasetError(
        'NO_DATA',
        `ImageFolder: "${root}" has no sub-folders; put each class's images in a folder named after the class`,
      );
    }
    const configured = this._metainfo.classes;
    const classes = Array.isArray(configured) ? (configured as string[]) : folders;
    if (!Array.isArray(configured)) this._metainfo.classes = classes;
    const list: DataInfo[] = [];
    for (const [label, name] of classes.entries()) {
      if (!folders.includes(name)) {
        throw new DatasetError(
          'NO_DATA',
          `ImageFolder: class "${name}" of metainfo.classes has no folder in "${root}" (folders: ${folders.join(', ')})`,
        );
      }
      const folder = joinPath(root, name);
      const files = (await listDirOrFile(folder, { listDir: false, recursive: true })).filter((f) =>
        this.extensions.some((ext) => f.toLowerCase().endsWith(ext)),
      );
      for (const file of files.sort()) list.push({ img_path: joinPath(folder, file), gt_label: label });
    }
    if (list.length === 0) {
      throw new DatasetError(
        'NO_DATA',
        `ImageFolder: no images (${this.extensions.join(', ')}) under the class folders of "${root}"`,
      );
    }
    return list;
  }

  override getCatIds(idx: number): number[] {
    return [this.getDataInfo(idx).gt_label as number];
  }
}
