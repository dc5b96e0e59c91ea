import { preset } from '../../tsup.preset';

// src/cli.ts is the `eng` bin (dist/cli.js); shims give the CJS copy an import.meta.url.
export default preset({ entry: ['src/index.ts', 'src/cli.ts'], shims: true });
