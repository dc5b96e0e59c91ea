// The model: the bundled SmallCNN (conv-pool-conv-pool-dense) for 28x28 single-channel digits. Its data
// preprocessor stacks the uint8 images of a batch into one NHWC tensor and normalises them.
export default {
  model: {
    type: 'SmallCNN',
    in_channels: 1,
    image_size: 28,
    channels: [8, 16],
    hidden: 64,
    num_classes: 10,
    data_preprocessor: { type: 'ImgDataPreprocessor', mean: [33.3], std: [78.6] },
  },
};
