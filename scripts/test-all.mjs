#!/usr/bin/env node
// `pnpm test`: type-check, the API docs (typedoc), lint, every package's unit tests (on sources), the tests of the
// built packages, the package gates (publint --strict, attw --pack) and the training demo. Every step runs even when an
// earlier one fails; the last line is the sum over all packages: `N passed, N failed[, N skipped]`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  NO_COLOR: process.env.CI ? '1' : '',
};
const packages = readdirSync(join(root, 'packages')).filter((p) =>
  existsSync(join(root, 'packages', p, 'package.json')),
);
// The downstream example packages (built on the published packages as a user would) report like packages.
const EXAMPLES = ['toycls', 'toydet'];
for (const p of packages) rmSync(join(root, 'packages', p, '.test-results'), { recursive: true, force: true });
for (const e of EXAMPLES) rmSync(join(root, 'examples', e, '.test-results'), { recursive: true, force: true });
// The architecture check's own tests (fixtures in scripts/architecture) report like a package.
const ARCH_TESTS = join(root, 'scripts', 'architecture');
rmSync(join(ARCH_TESTS, '.test-results'), { recursive: true, force: true });

const TEST_STEP = 'build, tests and package gates';
const ARCH_TEST_STEP = 'architecture check tests';
const steps = [
  ['architecture', 'node', ['scripts/check-architecture.mjs']],
  [ARCH_TEST_STEP, 'vitest', ['run', '--config', 'scripts/architecture/vitest.config.ts']],
  ['type-check', 'tsc', ['-b']],
  ['type-check benchmarks', 'tsc', ['-p', 'tsconfig.bench.json']],
  ['type-check examples/quickstart', 'tsc', ['-p', 'examples/quickstart/tsconfig.json']],
  ['type-check examples/train-digits', 'tsc', ['-p', 'examples/train-digits/tsconfig.json']],
  ['type-check examples/toycls', 'tsc', ['-p', 'examples/toycls/tsconfig.json']],
  ['type-check examples/toydet', 'tsc', ['-p', 'examples/toydet/tsconfig.json']],
  // The API site in docs/api/ (typedoc.json turns every warning into a failure). It comes after `tsc -b` because
  // a package's docs read the declarations that build wrote for the packages it references.
  ['API docs (typedoc)', 'typedoc', []],
  ['lint', 'biome', ['check', '.']],
  [TEST_STEP, 'turbo', ['run', 'test', 'test:dist', 'gates', '--continue', '--output-logs=new-only']],
  // `eng train` on the packages just built, with the quick config (rendered digits, seconds); the README's main
  // command trains the MNIST config the same way.
  [
    'eng train (examples/train-digits, quick config)',
    'node',
    ['packages/runner/dist/cli.js', 'train', 'examples/train-digits/configs/small_cnn_digits.ts', '--no-progress'],
  ],
];
const failedSteps = [];
for (const [label, cmd, args] of steps) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) failedSteps.push(label);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const reportFailures = [];
const reportDirs = [
  ...packages.map((p) => [`@eng/${p}`, join(root, 'packages', p)]),
  ...EXAMPLES.map((e) => [`examples/${e}`, join(root, 'examples', e)]),
  ['scripts/architecture', ARCH_TESTS],
];
for (const [name, dir] of reportDirs) {
  for (const kind of ['unit', 'dist']) {
    const file = join(dir, '.test-results', `${kind}.json`);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    // A suite that failed to load counts as a failure even though it reports no failed test.
    const brokenSuites = report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0);
    failed += brokenSuites.length;
    if (report.numFailedTests || brokenSuites.length) reportFailures.push(`${name} (${kind})`);
  }
}
console.log('');
if (reportFailures.length) console.log(`failing test files in: ${reportFailures.join(', ')}`);
// A failed check that is not a test file (type-check, lint, a package gate) counts once as failed.
const failedTestsOf = {
  [TEST_STEP]: reportFailures.some((r) => r.startsWith('@eng/') || r.startsWith('examples/')),
  [ARCH_TEST_STEP]: reportFailures.some((r) => r.startsWith('scripts/')),
};
const testStepFailedWithoutTests = failedSteps.filter((s) => !failedTestsOf[s]);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join('; ')}`);
failed += testStepFailedWithoutTests.length;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failedSteps.length || failed ? 1 : 0);
