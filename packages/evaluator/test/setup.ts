import { tf } from '@eng/tensor-gpu';

await tf.setBackend('cpu');
await tf.ready();
