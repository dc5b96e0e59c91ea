// The model: toycls's ImageClassifier with a SmallResNet backbone (3 residual blocks, 8-16-32 channels, 32x32 in,
// an 8x8 feature map out) and a LinearClsHead (global average pool + dense) over the 4 shape classes.
export default {
  model: {
    type: 'ImageClassifier',
    data_preprocessor: { type: 'ImgDataPreprocessor', mean: [127.5, 127.5, 127.5], std: [64, 64, 64] },
    backbone: { type: 'SmallResNet', depth: 3, width: 8, in_channels: 3 },
    head: { type: 'LinearClsHead', num_classes: 4 },
  },
};
