// The tests run on the backend a training run uses (WASM, CPU as the fallback), seeded.
import { initBackend, setRandomSeed } from '@eng/tensor-gpu';

export async function setUpBackend(seed = 0): Promise<void> {
  await initBackend({ prefer: ['wasm', 'cpu'] });
  setRandomSeed(seed);
}
