import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { evalNode, freshDir, packageRoot } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const pkg = packageRoot(import.meta.url);
const work = freshDir('dataset-dist-loader');
const annFile = join(work, 'ann.json');
writeFileSync(
  annFile,
  JSON.stringify({ metainfo: {}, data_list: Array.from({ length: 10 }, (_, i) => ({ value: i })) }),
);
// A user's module that registers a transform; the workers import it through worker_imports. It lives outside the
// workspace, so it names the built packages by their files.
const registryUrl = pathToFileURL(
  join(realpathSync(join(pkg, 'node_modules', '@eng', 'registry')), 'dist', 'index.js'),
).href;
const datasetUrl = pathToFileURL(join(pkg, 'dist', 'index.js')).href;
const userModule = join(work, 'user-transforms.mjs');
writeFileSync(
  userModule,
  `import { TRANSFORMS } from '${registryUrl}';
import { BaseTransform } from '${datasetUrl}';
class Scale extends BaseTransform {
  transform(r, ctx) { if (r.value === 7 && process.env.FAIL_ON_7) throw new RangeError('seven is not allowed'); return { ...r, scaled: r.value * 10, noise: this.randomOf(ctx).random() }; }
}
if (!TRANSFORMS.get('Scale')) TRANSFORMS.registerModule({ name: 'Scale', module: Scale });
`,
);

const program = (load: string, body: string) => `${load}
const cfg = { type: 'BaseDataset', ann_file: ${JSON.stringify(annFile)}, data_prefix: {}, pipeline: [{ type: 'Scale' }] };
const run = async (num_workers) => {
  const loader = new DataLoader({ dataset: cfg, batch_size: 3, num_workers, seed: 3, worker_imports: [${JSON.stringify(userModule)}] });
  const out = [];
  for await (const b of loader) out.push(b);
  return out;
};
${body}`;

describe('the built DataLoader runs workers from dist/worker.js and dist/worker.cjs', () => {
  it('ESM: two workers give the batches no worker gives, then the process exits by itself', () => {
    const result = evalNode(
      program(
        "import { DataLoader } from '@eng/dataset';\nawait import(" + JSON.stringify(userModule) + ');',
        'const a = await run(0); const b = await run(2);\nconsole.log(JSON.stringify(a) === JSON.stringify(b), b.length, b[3].scaled.join());',
      ),
      { cwd: pkg },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0); // no worker thread keeps the process alive
    expect(result.stdout.trim()).toBe('true 4 90');
  }, 60_000);

  it('CJS: the same', () => {
    const result = evalNode(
      program(
        "const { DataLoader } = require('@eng/dataset');",
        '(async () => { await import(' +
          JSON.stringify(userModule) +
          '); const a = await run(0); const b = await run(2); console.log(JSON.stringify(a) === JSON.stringify(b)); })();',
      ),
      { cwd: pkg, type: 'commonjs' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('true');
  }, 60_000);

  it('a worker that throws names the sample and the transform, and the process still exits', () => {
    const result = evalNode(
      program(
        "import { DataLoader } from '@eng/dataset';\nawait import(" + JSON.stringify(userModule) + ');',
        'try { await run(2); } catch (e) { console.log(e.name, e.code, e.message); console.log(e.cause?.name); }',
      ),
      { cwd: pkg, env: { FAIL_ON_7: '1' } },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'DatasetError WORKER_FAILED a data loader worker failed on sample 7 in transform Scale: RangeError: seven is not allowed',
    );
    expect(result.stdout.trim().split('\n').at(-1)).toBe('RangeError');
  }, 60_000);
});
