// An MLP (784-256-10) on MNIST: the same data, schedule and runtime as mnist_cnn.ts with another model.
export const _base_ = [
  './_base_/models/mlp.ts',
  './_base_/datasets/mnist.yaml',
  './_base_/schedules/adam_3e.yaml',
  './_base_/default_runtime.json',
];

export default {};
