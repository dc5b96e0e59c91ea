// The data: generated 32x32 images of four shapes (square, circle, triangle, cross); train and val differ by seed.
const evalLoader = {
  batch_size: 128,
  sampler: { type: 'DefaultSampler', shuffle: false },
  dataset: {
    type: 'ShapesDataset',
    num_samples: 512,
    img_size: 32,
    seed: 2,
    test_mode: true,
    pipeline: [{ type: 'PackInputs' }],
  },
};

export default {
  dataset_type: 'ShapesDataset',
  train_dataloader: {
    batch_size: 32,
    sampler: { type: 'DefaultSampler', shuffle: true },
    dataset: {
      type: 'ShapesDataset',
      num_samples: 1024,
      img_size: 32,
      seed: 1,
      pipeline: [
        { type: 'RandomColorShift', max_shift: 20 },
        { type: 'RandomFlip', prob: 0.5 },
        { type: 'PackInputs' },
      ],
    },
  },
  val_dataloader: evalLoader,
  val_cfg: {},
  val_evaluator: { type: 'ShapeAccuracy' },
  test_dataloader: evalLoader,
  test_cfg: {},
  test_evaluator: { type: 'ShapeAccuracy' },
};
