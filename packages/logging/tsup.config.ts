import { preset } from '../../tsup.preset';

// `./test` is its own entry; it imports the package by its own name, so that import stays external and the test
// helpers use the main entry's classes rather than a bundled copy of them.
export default preset({
  entry: ['src/index.ts', 'src/test/index.ts'],
  external: ['@eng/logging'],
});
