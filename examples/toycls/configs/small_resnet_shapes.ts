// A SmallResNet on generated shapes: `eng train configs/small_resnet_shapes.ts` from examples/toycls.
// Every type is built in scope `toycls` (its own modules first, then eng's root registries).
export const _base_ = [
  './_base_/models/small_resnet.ts',
  './_base_/datasets/shapes.ts',
  './_base_/schedules/sgd_5e.ts',
  './_base_/default_runtime.ts',
];

export default {
  default_scope: 'toycls',
  custom_imports: { imports: ['toycls'] },
};
