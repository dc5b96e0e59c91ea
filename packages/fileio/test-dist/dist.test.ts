import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDir } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// Resolved at run time so type-checking does not need a build.
const esmEntry = new URL('../dist/index.js', import.meta.url).href;
type FileIO = typeof import('../src/index');

// Both builds must work on their own: ESM through import, CJS through require.
describe.each([
  ['ESM', () => import(/* @vite-ignore */ esmEntry) as Promise<FileIO>],
  ['CJS', async () => require('../dist/index.cjs') as FileIO],
])('the %s build', (_kind, loadBuild) => {
  it('round-trips through memory:// and the local disk', async () => {
    const fileio = await loadBuild();
    await fileio.dump({ a: [1, 2] }, `memory://dist/${_kind}.yaml`);
    expect(await fileio.load(`memory://dist/${_kind}.yaml`)).toEqual({ a: [1, 2] });
    const dir = freshDir('fileio-dist');
    await fileio.putText('x\ny\n', join(dir, 'l.txt'));
    expect(await fileio.listFromFile(join(dir, 'l.txt'), { prefix: '>' })).toEqual(['>x', '>y']);
    expect(await fileio.listDirOrFile(dir)).toEqual(['l.txt']);
  });

  it('loads the optional lmdb peer on demand', async () => {
    const fileio = await loadBuild();
    const backend = new fileio.LmdbBackend({ dbPath: join(tmpdir(), 'eng-fileio-dist-missing.lmdb') });
    // lmdb loads; a read-only open of a database that does not exist then fails with NOT_FOUND
    await expect(backend.get('k')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
