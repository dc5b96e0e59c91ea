// SGD with momentum, a linear warm-up over the first 20 iterations and a cosine decay over 5 epochs.
export default {
  optim_wrapper: {
    type: 'OptimWrapper',
    optimizer: { type: 'SGD', lr: 0.1, momentum: 0.9, weight_decay: 1e-4 },
    clip_grad: { max_norm: 10 },
  },
  param_scheduler: [
    { type: 'LinearLR', start_factor: 0.1, by_epoch: false, begin: 0, end: 20 },
    { type: 'CosineAnnealingLR', by_epoch: true, begin: 0, end: 5, eta_min: 1e-4 },
  ],
  train_cfg: { by_epoch: true, max_epochs: 5, val_interval: 1 },
};
