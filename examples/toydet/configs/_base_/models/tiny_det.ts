// The model: toydet's TinyDetector with the sibling library's backbone (`toycls.SmallResNet`: 3 residual blocks,
// 8-16-32 channels, stride 4, so a 48x48 image gives a 12x12 grid) and a CenterNet head for the 2 box classes.
export default {
  model: {
    type: 'TinyDetector',
    data_preprocessor: { type: 'ImgDataPreprocessor', mean: [127.5, 127.5, 127.5], std: [64, 64, 64] },
    backbone: { type: 'toycls.SmallResNet', depth: 3, width: 8, in_channels: 3 },
    head: { type: 'CenterHead', num_classes: 2, feat_channels: 32, max_per_img: 10 },
  },
};
