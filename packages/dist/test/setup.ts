import { tf } from '@eng/tensor-gpu';

// Tests run on TensorFlow.js' CPU backend with small tensors.
await tf.setBackend('cpu');
await tf.ready();
