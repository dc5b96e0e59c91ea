// A child config: inherits a JSON model and a YAML schedule, overrides a few keys, and refers back to the base.
export const _base_ = ['./_base_/model.json', './_base_/schedule.yaml'];

export default {
  default_scope: 'demo',
  model: {
    backbone: { hidden: [512, 128] }, // lists replace, dicts merge
  },
  optim_wrapper: { optimizer: { lr: 0.05 } },
  param_scheduler: [
    { type: 'LinearLR', start_factor: 0.1, by_epoch: false, begin: 0, end: 50 },
    // a reference into the merged bases: the step schedule ends with training
    { type: 'MultiStepLR', milestones: [8, 11], gamma: 0.1, end: '{{_base_.train_cfg.max_epochs}}' },
  ],
  work_dir: './work_dirs/{{fileBasenameNoExtension}}',
};
