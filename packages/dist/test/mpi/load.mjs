// The MPI scripts run on the TypeScript sources through jiti (as the benchmarks do): JITI_ALIAS, set by the test,
// maps each @eng package to its src/index.ts.
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url, { alias: JSON.parse(process.env.JITI_ALIAS ?? '{}') });

/** @eng/dist, tf of @eng/tensor-gpu and getDistInfo of @eng/internal, from their sources. */
export async function load() {
  const dist = await jiti.import('../../src/index.ts');
  const { tf } = await jiti.import('@eng/tensor-gpu');
  const { getDistInfo } = await jiti.import('@eng/internal');
  return { dist, tf, getDistInfo };
}
