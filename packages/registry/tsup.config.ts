import { preset } from '../../tsup.preset';

// `#platform` stays an import in the output so that package.json "imports" picks the Node or browser module at the
// consumer's end; both are built as their own entries.
export default preset({
  entry: ['src/index.ts', 'src/test/index.ts', 'src/platform/node.ts', 'src/platform/browser.ts'],
  external: ['#platform'],
});
