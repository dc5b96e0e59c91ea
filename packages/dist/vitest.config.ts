import { packageTestConfig } from '../../vitest.shared';

export default packageTestConfig({ setupFiles: ['test/setup.ts'] });
