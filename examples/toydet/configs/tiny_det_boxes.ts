// A tiny CenterNet-style detector on generated boxes: `eng train configs/tiny_det_boxes.ts` from examples/toydet.
// Bases come from two packages: toycls's schedule (`toycls::`, so its type dicts carry `_scope_: 'toycls'`) and
// toydet's own model, data and runtime. Everything else builds in the default scope `toydet`.
export const _base_ = [
  'toycls::_base_/schedules/sgd_5e.ts',
  './_base_/models/tiny_det.ts',
  './_base_/datasets/boxes.ts',
  './_base_/default_runtime.ts',
];

export default {
  default_scope: 'toydet',
  // imports the toydet package (and so toycls): its registries and modules exist before anything is built
  custom_imports: { imports: ['toydet'] },
  // a root module named with its scope: found from any default scope
  optim_wrapper: { optimizer: { type: 'eng.SGD', lr: 0.05, momentum: 0.9, weight_decay: 1e-4 } },
};
