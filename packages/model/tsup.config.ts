import { preset } from '../../tsup.preset';

// `./test` (the fakes other packages' tests use) is a second entry: dist/test/index.*.
export default preset({ entry: { index: 'src/index.ts', 'test/index': 'src/test/index.ts' } });
