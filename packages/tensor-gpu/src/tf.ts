import * as tf from '@tensorflow/tfjs';

/** The one TensorFlow.js instance of the process: every `@eng/*` package imports tensors from here. */
export { tf };
export type { Tensor, Variable, Scalar, Rank, DataType, NamedTensorMap } from '@tensorflow/tfjs';
