import { tf } from '@eng/tensor-gpu';
import { BaseModule } from '../module/base-module';
import { BaseDataElement, type ImageArray, isImageArray } from '@eng/structures';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface BaseDataPreprocessorOptions {
  /** Accepted for config compatibility (PyTorch's asynchronous host→device copy); no effect here. */
  non_blocking?: boolean;
}

/** A batch as the data loader yields it: `{ inputs, data_samples }` or `[inputs, data_samples]`. */
export type DataBatch = Record<string, unknown> | unknown[];

/** An image's pixels as an `[H, W, C]` tensor. */
function imageTensor(image: ImageArray): tf.Tensor3D {
  const shape: [number, number, number] = [image.height, image.width, image.channels];
  return image.data instanceof Float32Array
    ? tf.tensor3d(image.data, shape, 'float32')
    : tf.tensor3d(Int32Array.from(image.data), shape, 'int32');
}

/**
 * The default data preprocessor (MMEngine `BaseDataPreprocessor`): walks the batch and hands it on. MMEngine moves
 * tensors to the model's device here; TensorFlow.js keeps one active backend and moves tensors to it on first use,
 * so `castData` leaves tensors and data elements as they are, rebuilds the containers, and makes tensors of the
 * images (`ImageArray`s) a data loader hands over.
 *
 * @example
 * const pre = new BaseDataPreprocessor();
 * pre.forward({ inputs: tf.ones([2, 3]), data_samples: [] }, true).inputs.shape; // [2, 3]
 */
export class BaseDataPreprocessor extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('BaseDataPreprocessor');

  readonly nonBlocking: boolean;

  constructor(options: BaseDataPreprocessorOptions = {}) {
    super();
    this.nonBlocking = options.non_blocking ?? false;
  }

  /**
   * Recursively copies containers (objects, arrays, Maps), keeping tensors and data elements, and turns images
   * (`ImageArray`s: the typed arrays `@eng/dataset`'s transforms and worker threads hand over) into `[H, W, C]`
   * tensors: `int32` from 8-bit pixels, `float32` from normalized ones. This is where the main thread makes the
   * tensors, as MMEngine's `cast_data` moves them to the device.
   */
  castData<T>(data: T): T {
    if (data === null || typeof data !== 'object') return data;
    if (isImageArray(data)) return imageTensor(data) as T;
    if (data instanceof tf.Tensor || data instanceof BaseDataElement || ArrayBuffer.isView(data)) return data;
    if (Array.isArray(data)) return data.map((d) => this.castData(d)) as T;
    if (data instanceof Map) return new Map([...data].map(([k, v]) => [k, this.castData(v)])) as T;
    if (Object.getPrototypeOf(data) === Object.prototype) {
      return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, this.castData(v)])) as T;
    }
    return data;
  }

  override forward(data: DataBatch, _training = false): DataBatch {
    return this.castData(data);
  }
}
