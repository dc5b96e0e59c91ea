import * as tf from '@tensorflow/tfjs';

/**
 * The one TensorFlow.js instance of the process (the `@tensorflow/tfjs` namespace): every `@eng/*` package imports
 * tensors from here. Its API is documented by TensorFlow.js itself: https://js.tensorflow.org/api/latest/
 */
export { tf };
export type { Tensor, Variable, Scalar, Rank, DataType, NamedTensorMap } from '@tensorflow/tfjs';
