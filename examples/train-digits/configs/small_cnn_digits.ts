// The quick experiment (seconds): a TS config inheriting a TS model, a JSON dataset of digits rendered by the demo's
// own dataset class (scope `demo`, imported through custom_imports), a YAML schedule and a JSON runtime.
export const _base_ = [
  './_base_/models/small_cnn.ts',
  './_base_/datasets/synthetic_digits.json',
  './_base_/schedules/sgd_6e.yaml',
  './_base_/default_runtime.json',
];

export default {
  custom_imports: { imports: ['../src/components.mjs'] },
  model: { channels: [8, 16] },
  // references copy values out of the merged bases
  val_dataloader: { dataset: { type: '{{_base_.dataset_type}}' } },
  default_hooks: { logger: { interval: 16 } },
};
