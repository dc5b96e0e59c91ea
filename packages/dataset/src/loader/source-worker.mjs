// The worker entry when the package runs from its TypeScript sources (this monorepo's tests and benchmarks): loads
// worker.ts through jiti, with the @eng packages mapped to their sources. The built package never uses this file.
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url, { alias: JSON.parse(process.env.ENG_SOURCE_ALIASES ?? '{}') });
const entry = await jiti.import(new URL('./worker.ts', import.meta.url).href);

export default entry.default ?? entry;
