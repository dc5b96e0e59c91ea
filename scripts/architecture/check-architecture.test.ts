// Runs scripts/check-architecture.mjs on the fake repositories in fixtures/: `passes` conforms, every other one
// breaks one rule (the cycle needs a higher-layer devDependency too), and the check must name the file, the line
// where there is one, and the rule, with exactly the problem lines listed here.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const checker = fileURLToPath(new URL('../check-architecture.mjs', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

async function check(fixture: string) {
  const result = await promisify(execFile)(process.execPath, [checker, `${fixtures}${fixture}`]).then(
    ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      status: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
  const problems = result.stderr
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter(Boolean);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, problems };
}

const DOC = 'docs/architecture.md';

/** Each failing fixture and the start of every problem line it must produce, no more, no fewer. */
const failing: Record<string, string[]> = {
  'unknown-package-folder': ['packages/widgets: [unknown-package] not in the architecture table'],
  'unknown-import': ['packages/model/src/index.mts:1: [unknown-package] imports @eng/widgets'],
  'package-name': ['packages/model/package.json: [package-name] is named "@eng/models"'],
  'doc-missing': [`${DOC}: [doc-table] missing`],
  'doc-row-missing': [`${DOC}: [doc-table] no row for @eng/registry`],
  'doc-row-differs': [
    `${DOC}:6: [doc-table] @eng/logging is layer 2 here, layer 1 in the check`,
    `${DOC}:6: [doc-table] @eng/logging may import "config, registry" here, "registry" in the check`,
    `${DOC}:7: [doc-table] row for @eng/widgets, which is not in scripts/check-architecture.mjs`,
  ],
  'doc-graph': [
    `${DOC}: [doc-graph] the mermaid graph has no node for @eng/fileio`,
    `${DOC}:5: [doc-graph] draws @eng/registry --> @eng/logging, which the table does not allow`,
    `${DOC}:6: [doc-graph] edge logging --> ghost names a node with no "@eng/..." label`,
  ],
  'layer-higher': [
    'packages/logging/package.json: [layer] depends on @eng/tensor-gpu, a higher layer (2)',
    'packages/logging/src/index.mts:1: [layer] imports @eng/tensor-gpu, a higher layer (2) than @eng/logging (1)',
  ],
  'layer-higher-in-tests': [
    'packages/model/package.json: [layer] dev-depends on @eng/optim, a higher layer (5)',
    'packages/model/test/model.test.mts:1: [layer] imports @eng/optim, a higher layer (5) than @eng/model (4)',
  ],
  'layer-same': [
    'packages/config/package.json: [layer] depends on @eng/logging, the same layer (1)',
    'packages/config/src/index.mts:1: [layer] imports @eng/logging, the same layer (1)',
  ],
  'not-listed': [
    'packages/structures/package.json: [not-listed] depends on @eng/registry',
    'packages/structures/src/index.mts:1: [not-listed] imports @eng/registry',
  ],
  undeclared: [
    'packages/model/src/log.mts:1: [undeclared] imports @eng/logging, only a devDependency',
    'packages/model/src/model.mts:1: [undeclared] imports @eng/registry, not declared in packages/model/package.json',
  ],
  'every-folder': [
    'packages/model/src/index.mts:1: [undeclared] imports @eng/fileio',
    'packages/model/test/model.test.mts:1: [undeclared] imports @eng/fileio',
    'packages/model/test-dist/built.test.mjs:1: [undeclared] imports @eng/fileio',
    'packages/model/bench/forward.bench.mts:1: [undeclared] imports @eng/fileio',
  ],
  'import-forms': [
    'packages/model/src/augment.mts:1: [undeclared] imports @eng/registry',
    'packages/model/src/dynamic.mjs:6: [undeclared] imports @eng/registry',
    'packages/model/src/export-from.mts:1: [undeclared] imports @eng/registry',
    'packages/model/src/export-star.mts:1: [undeclared] imports @eng/registry',
    'packages/model/src/require.cjs:1: [undeclared] imports @eng/registry',
    'packages/model/src/side-effect.mts:1: [undeclared] imports @eng/registry',
    'packages/model/src/static.mts:4: [undeclared] imports @eng/registry',
    'packages/model/src/subpath.mts:1: [undeclared] imports @eng/registry',
    'packages/model/src/type-only.mts:1: [undeclared] imports @eng/registry',
  ],
  tensorflow: [
    'packages/model/src/layer.mts:1: [tensorflow] imports @tensorflow/tfjs:',
    'packages/model/test/layer.test.cjs:1: [tensorflow] imports @tensorflow/tfjs-core:',
    'packages/model/bench/conv.bench.mts:1: [tensorflow] imports @tensorflow/tfjs:',
  ],
  'unused-dependency': [
    'packages/model/package.json: [unused-dependency] declares @eng/registry but no file of src/ imports it',
    'packages/model/package.json: [unused-dependency] declares @eng/logging but no file of src/ imports it',
  ],
  cycle: [
    'packages/model/package.json: [layer] dev-depends on @eng/optim',
    'packages/model/package.json: [cycle] @eng/model -> @eng/optim -> @eng/model',
  ],
  'private-runtime': [
    'packages/model/package.json: [private-runtime] @eng/internal is private',
    'packages/model/package.json: [private-runtime] @eng/test-utils is private',
  ],
  'private-not-private': [
    'packages/internal/package.json: [private-package] @eng/internal is private: set "private": true',
  ],
  'private-imports': [
    'packages/test-utils/package.json: [private-package] @eng/test-utils depends on @eng/registry',
    'packages/test-utils/src/index.mts:1: [private-import] imports @eng/registry: the private @eng/test-utils',
  ],
  'test-utils-outside-tests': [
    'packages/model/src/index.mts:1: [private-import] imports @eng/test-utils, which only test/, test-dist/, bench/',
    'packages/model/src/model.test.mts:1: [private-import] imports @eng/test-utils, which only test/, test-dist/, bench/ may import: move the test to test/',
  ],
  'internal-undeclared': [
    'packages/model/src/index.mts:1: [undeclared] imports @eng/internal: add it to the devDependencies',
  ],
  'options-without-zod': [
    'packages/model/src/index.mts:1: [bundled-dependency] imports @eng/internal/options, which needs zod',
  ],
  'registry-deps': [
    'packages/registry/package.json: [registry-deps] @eng/registry has no runtime dependencies, not even yaml',
    'packages/registry/package.json: [registry-deps] @eng/registry has no runtime dependencies, not even lmdb',
  ],
  references: [
    'packages/model/tsconfig.json: [references] add { "path": "../registry" }',
    'packages/model/tsconfig.json: [references] add { "path": "../test-utils" }',
    'packages/model/tsconfig.json: [references] remove "../optim"',
  ],
};

describe('check-architecture', () => {
  it('passes a repository that keeps every rule (imports written in comments or strings are not imports)', async () => {
    const result = await check('passes');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('architecture check: 7 packages, 12 files, every package stays in its layer\n');
    expect(result.status).toBe(0);
  });

  it('has a test case for every fixture folder', () => {
    const folders = readdirSync(fixtures).filter((f) => f !== 'passes');
    expect(folders.sort()).toEqual(Object.keys(failing).sort());
  });

  it.concurrent.for(Object.entries(failing))('refuses %s', async ([fixture, expected], { expect }) => {
    const result = await check(fixture);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(`architecture check: ${expected.length} problem(s)`);
    for (const start of expected) {
      expect(
        result.problems.filter((p) => p.startsWith(start)),
        start,
      ).toHaveLength(1);
    }
    expect(result.problems).toHaveLength(expected.length);
  });
});
