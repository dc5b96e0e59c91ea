import { getRandomSeed } from '@eng/tensor-gpu';

/**
 * The seed a sampler uses when none is given: the run's seed (`setRandomSeed`, which the runner's `randomness`
 * sets), else one drawn once from the platform. MMEngine's `sync_random_seed` broadcasts rank 0's draw; a
 * distributed run here sets the run's seed on every rank, which gives the same result.
 */
export function defaultSamplerSeed(): number {
  const seed = getRandomSeed();
  return seed ?? Math.floor(Math.random() * 2 ** 31);
}
