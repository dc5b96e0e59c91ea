import { tf } from '@eng/tensor-gpu';

// The reference tests run on TensorFlow.js's plain CPU backend: float32 everywhere, no native build needed.
await tf.setBackend('cpu');
