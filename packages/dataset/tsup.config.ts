import { preset } from '../../tsup.preset';

// src/loader/worker.ts is the data loader's worker thread (dist/worker.js, dist/worker.cjs), found beside the main
// entry; shims give the CJS build an import.meta.url to find it.
export default preset({ entry: { index: 'src/index.ts', worker: 'src/loader/worker.ts' }, shims: true });
