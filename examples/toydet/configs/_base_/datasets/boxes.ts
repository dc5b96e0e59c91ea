// The data: generated 48x48 images with 1-3 rectangles and ellipses each; train and val differ by seed.
const evalLoader = {
  batch_size: 64,
  sampler: { type: 'DefaultSampler', shuffle: false },
  dataset: {
    type: 'BoxesDataset',
    num_samples: 256,
    img_size: 48,
    seed: 2,
    test_mode: true,
    pipeline: [{ type: 'PackDetInputs' }],
  },
};

export default {
  train_dataloader: {
    batch_size: 16,
    sampler: { type: 'DefaultSampler', shuffle: true },
    dataset: {
      type: 'BoxesDataset',
      num_samples: 1024,
      img_size: 48,
      seed: 1,
      pipeline: [{ type: 'RandomFlip', prob: 0.5, direction: ['horizontal', 'vertical'] }, { type: 'PackDetInputs' }],
    },
  },
  val_dataloader: evalLoader,
  val_cfg: {},
  val_evaluator: { type: 'BoxMetric', iou_thr: 0.5 },
  test_dataloader: evalLoader,
  test_cfg: {},
  test_evaluator: { type: 'BoxMetric', iou_thr: 0.5 },
};
