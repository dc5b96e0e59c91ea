// A child config: inherits a JSON model and a YAML schedule, overrides a few keys, and refers back to the base.
export const _base_ = ['./_base_/model.json', './_base_/schedule.yaml'];

export default {
  default_scope: 'demo',
  model: {
    backbone: { hidden: [512, 128] }, // lists replace, dicts merge
    head: { num_classes: '{{_base_.model.backbone.in_features}}' }, // a reference into the base
  },
  optim_wrapper: { optimizer: { lr: 0.05 } },
  work_dir: './work_dirs/{{fileBasenameNoExtension}}',
};
