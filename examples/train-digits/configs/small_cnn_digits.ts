// The bundled demo experiment: a TS config inheriting a TS model, a JSON dataset, a YAML schedule and a JSON
// runtime. `eng print-config examples/train-digits/configs/small_cnn_digits.ts` shows the merged result.
export const _base_ = [
  './_base_/models/small_cnn.ts',
  './_base_/datasets/synthetic_digits.json',
  './_base_/schedules/sgd_6e.yaml',
  './_base_/default_runtime.json',
];

export default {
  model: { channels: [8, 16] },
  // references copy values out of the merged bases
  val_dataloader: { dataset: { type: '{{_base_.dataset_type}}' } },
  work_dir: './work_dirs/{{fileBasenameNoExtension}}',
};
