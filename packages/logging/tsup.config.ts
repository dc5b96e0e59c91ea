import { preset } from '../../tsup.preset';

export default preset({ entry: ['src/index.ts', 'src/test/index.ts'] });
