// What every @eng package's tests share. Private and source-only: it imports no @eng package (each of them has it
// as a devDependency), and it is never built or published.
export { type BrowserBundle, bundleForBrowser, nodeImports, type RunBundleOptions, runBundle } from './browser-bundle';
export { runDualBuild } from './dual-build';
export { type ExampleCheck, findChecks, instrument } from './example-checks';
export { matchesExpected, normalizeShown, showValue } from './expected-text';
export {
  describeExportChanges,
  diffExportLists,
  type ExportChange,
  type ExportLists,
  type ExportsListOptions,
  expectExportsList,
  formatExportLists,
  readBuiltExports,
} from './exports-list';
export { installPacked, packPackage, tarballFiles } from './pack-install';
export { type BuiltEntry, builtEntries, type PackageManifest, packageRoot, readManifest } from './package-entries';
export {
  blockTitle,
  type DescribeReadmeOptions,
  describeReadme,
  type Readme,
  readReadme,
  runReadmeBlock,
} from './readme';
export { type CodeBlock, isRunnable, parseCodeBlocks } from './readme-blocks';
export {
  type CheckResult,
  ExampleMismatchError,
  type ExampleResult,
  type RunExampleOptions,
  runExample,
} from './run-example';
export {
  type EvalOptions,
  evalNode,
  lastLine,
  type NodeOptions,
  type NodeResult,
  runNode,
  runScript,
  type ScriptOptions,
  spawnNode,
} from './run-node';
export { rewriteEngImports, sourceEntry } from './source-imports';
export { freshDir } from './temp-dir';
export { MPI_ADDON, type MpiResult, mpirunTestFlags, mpiUnavailable, runMpiScript } from './mpi';
