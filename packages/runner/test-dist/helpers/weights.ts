import { readSafetensors, type tf } from '@eng/tensor-gpu';

/** The model's weights in a checkpoint file (its `state_dict.*` tensors), as arrays by name. */
export async function checkpointWeights(file: string): Promise<Map<string, Float32Array>> {
  const { tensors } = await readSafetensors(file);
  const out = new Map<string, Float32Array>();
  for (const [name, t] of Object.entries(tensors)) {
    if (name.startsWith('state_dict.')) out.set(name, (t as tf.Tensor).dataSync() as Float32Array);
    (t as tf.Tensor).dispose();
  }
  return out;
}
