// The model: the bundled MLP (784-256-10) on flattened 28x28 digits.
export default {
  model: {
    type: 'MLP',
    in_features: 784,
    hidden_channels: [256],
    num_classes: 10,
    data_preprocessor: { type: 'ImgDataPreprocessor', mean: [33.3], std: [78.6] },
  },
};
