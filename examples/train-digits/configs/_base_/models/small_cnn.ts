// The model: the bundled SmallCNN (conv-pool-conv-pool-dense) for 28x28 single-channel digits.
export default {
  model: {
    type: 'SmallCNN',
    in_channels: 1,
    image_size: 28,
    channels: [8, 16],
    hidden: 64,
    num_classes: 10,
  },
};
