import { builtEntries } from './package-entries';
import { type NodeOptions, runScript } from './run-node';

/**
 * Runs an ES module in a fresh Node process in which the package's built ESM and CJS entries are both loaded, as a
 * program that mixes `import` and `require` gets them. The body sees:
 * - `esm`: the namespace `import` gives for the package;
 * - `cjs`: what `require` gives for it;
 * - `load(name)`: imports a dependency as the built package resolves it (e.g. `await load('@eng/registry')`).
 * Returns the process's stdout.
 */
export function runDualBuild(packageDir: string, body: string, options: NodeOptions = {}): string {
  const main = builtEntries(packageDir).find((e) => e.subpath === '.');
  if (!main?.esm || !main.cjs)
    throw new Error(`${packageDir}: the "." export needs both an import and a require entry`);
  const preamble = `import { createRequire } from 'node:module';
const esm = await import(${JSON.stringify(main.esm)});
const cjs = createRequire(import.meta.url)(${JSON.stringify(main.cjs)});
const fromPackage = createRequire(${JSON.stringify(main.esm)});
const load = (name) => import(fromPackage.resolve(name));
`;
  return runScript(`${preamble}${body}`, { ...options, name: 'dual-build' });
}
