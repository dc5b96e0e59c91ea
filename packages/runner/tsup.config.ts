import { preset } from '../../tsup.preset';

// src/cli.ts is the `eng` CLI (dist/cli.js, run by bin/eng.js); shims give the CJS copy an import.meta.url.
export default preset({ entry: ['src/index.ts', 'src/cli.ts'], shims: true });
