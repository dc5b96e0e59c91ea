// The behaviour every writable backend shares, run against each of them (local disk, memory).
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StorageBackend } from '../src/backends/base';
import { FileIOError } from '../src/errors';

const enc = (s: string) => new TextEncoder().encode(s);

/** Node 20 has no Array.fromAsync. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export async function rejectsWith(promise: Promise<unknown>, code: string): Promise<FileIOError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected a FileIOError ${code}`).toBeInstanceOf(FileIOError);
  expect((err as FileIOError).code).toBe(code);
  return err as FileIOError;
}

/**
 * The tree MMEngine's tests list:
 *   dir1/text3.txt, dir2/dir3/text4.txt, dir2/img.jpg, text1.txt, text2.txt
 */
export async function buildTree(backend: StorageBackend, root: string): Promise<void> {
  await backend.putText('text1', backend.joinPath(root, 'text1.txt'));
  await backend.putText('text2', backend.joinPath(root, 'text2.txt'));
  await backend.putText('text3', backend.joinPath(root, 'dir1', 'text3.txt'));
  await backend.put(enc('img'), backend.joinPath(root, 'dir2', 'img.jpg'));
  await backend.putText('text4', backend.joinPath(root, 'dir2', 'dir3', 'text4.txt'));
}

async function concatChunks(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export function describeBackendContract(
  title: string,
  make: () => { backend: StorageBackend; newRoot: () => Promise<string> },
): void {
  describe(`${title}: the StorageBackend operations`, () => {
    const { backend, newRoot } = make();
    const localDirs: string[] = [];
    const localTmp = async () => {
      const dir = await mkdtemp(join(tmpdir(), 'eng-fileio-contract-'));
      localDirs.push(dir);
      return dir;
    };
    afterAll(async () => {
      await Promise.all(localDirs.map((d) => rm(d, { recursive: true, force: true })));
    });
    const at = (root: string, ...parts: string[]) => backend.joinPath(root, ...parts);

    it('put then get returns the same bytes, creating missing directories', async () => {
      const root = await newRoot();
      const bytes = new Uint8Array([0, 1, 2, 254, 255]);
      await backend.put(bytes, at(root, 'not', 'yet', 'there.bin'));
      expect(await backend.get(at(root, 'not', 'yet', 'there.bin'))).toEqual(bytes);
      expect(await backend.isDir(at(root, 'not', 'yet'))).toBe(true);
    });

    it('getStream yields the bytes of a file in chunks, with its size; a missing file is NOT_FOUND', async () => {
      const root = await newRoot();
      const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => i % 253);
      await backend.put(bytes, at(root, 'stream.bin'));
      const getStream = backend.getStream?.bind(backend);
      if (getStream === undefined) return;
      const stream = await getStream(at(root, 'stream.bin'));
      expect(stream.size).toBe(bytes.byteLength);
      expect(await concatChunks(stream.chunks)).toEqual(bytes);
      await rejectsWith(getStream(at(root, 'missing.bin')), 'NOT_FOUND');
    });

    it('put overwrites an existing file', async () => {
      const root = await newRoot();
      await backend.putText('first version, rather long', at(root, 'a.txt'));
      await backend.putText('second', at(root, 'a.txt'));
      expect(await backend.getText(at(root, 'a.txt'))).toBe('second');
    });

    it('put takes strings and (async) iterables of chunks', async () => {
      const root = await newRoot();
      await backend.put('plain string', at(root, 's.txt'));
      expect(await backend.getText(at(root, 's.txt'))).toBe('plain string');
      await backend.put([enc('ab'), 'cd', enc('ef')], at(root, 'sync.txt'));
      expect(await backend.getText(at(root, 'sync.txt'))).toBe('abcdef');
      async function* chunks() {
        yield enc('one,');
        yield 'two';
      }
      await backend.put(chunks(), at(root, 'async.txt'));
      expect(await backend.getText(at(root, 'async.txt'))).toBe('one,two');
    });

    it('a put whose data source throws part way leaves the previous file intact', async () => {
      const root = await newRoot();
      const target = at(root, 'ckpt.bin');
      await backend.putText('previous content', target);
      async function* failing() {
        yield enc('new content, part 1');
        throw new Error('source died');
      }
      await expect(backend.put(failing(), target)).rejects.toThrow('source died');
      expect(await backend.getText(target)).toBe('previous content');
      const left: string[] = [];
      for await (const p of backend.listDirOrFile(root)) left.push(p);
      expect(left).toEqual(['ckpt.bin']);
      const fresh = at(root, 'never.bin');
      await expect(backend.put(failing(), fresh)).rejects.toThrow('source died');
      expect(await backend.exists(fresh)).toBe(false);
    });

    it('putText and getText honour the encoding', async () => {
      const root = await newRoot();
      await backend.putText('héllo wörld', at(root, 'u.txt'));
      expect(await backend.getText(at(root, 'u.txt'))).toBe('héllo wörld');
      await backend.putText('héllo', at(root, 'l.txt'), { encoding: 'latin1' });
      expect((await backend.get(at(root, 'l.txt'))).byteLength).toBe(5);
      expect(await backend.getText(at(root, 'l.txt'), { encoding: 'latin1' })).toBe('héllo');
      await backend.putText('ab', at(root, 'w.txt'), { encoding: 'utf16le' });
      expect(await backend.get(at(root, 'w.txt'))).toEqual(new Uint8Array([97, 0, 98, 0]));
    });

    it('get of a missing file is NOT_FOUND and names the path', async () => {
      const root = await newRoot();
      const err = await rejectsWith(backend.get(at(root, 'missing.txt')), 'NOT_FOUND');
      expect(err.message).toContain('missing.txt');
      expect(err.uri).toBe(at(root, 'missing.txt'));
      await backend.putText('x', at(root, 'd', 'f.txt'));
      await rejectsWith(backend.get(at(root, 'd')), 'IS_A_DIRECTORY');
    });

    it('exists, isDir and isFile tell files, directories and missing paths apart', async () => {
      const root = await newRoot();
      await backend.putText('disk', at(root, 'dir', 'test.txt'));
      expect(await backend.exists(at(root, 'dir'))).toBe(true);
      expect(await backend.exists(at(root, 'dir', 'test.txt'))).toBe(true);
      expect(await backend.exists(at(root, 'nope'))).toBe(false);
      expect(await backend.isDir(at(root, 'dir'))).toBe(true);
      expect(await backend.isDir(at(root, 'dir', 'test.txt'))).toBe(false);
      expect(await backend.isFile(at(root, 'dir', 'test.txt'))).toBe(true);
      expect(await backend.isFile(at(root, 'dir'))).toBe(false);
      expect(await backend.isFile(at(root, 'nope'))).toBe(false);
    });

    it('joinPath joins segments with one separator', async () => {
      const root = await newRoot();
      expect(backend.joinPath(root, 'a', 'b.txt')).toBe(at(root, 'a/b.txt'));
      expect(backend.joinPath(`${root}/`, 'file')).toBe(at(root, 'file'));
    });

    it('getLocalPath hands a local file with the content to the callback', async () => {
      const root = await newRoot();
      await backend.putText('local copy', at(root, 'model.json'));
      let seen = '';
      const result = await backend.getLocalPath(at(root, 'model.json'), async (localPath) => {
        seen = localPath;
        expect(localPath.endsWith('model.json')).toBe(true);
        return readFile(localPath, 'utf8');
      });
      expect(result).toBe('local copy');
      if (seen !== at(root, 'model.json')) {
        // a temporary copy: removed once the callback settled, even when it throws
        await expect(stat(seen)).rejects.toThrow();
        let second = '';
        await expect(
          backend.getLocalPath(at(root, 'model.json'), (p) => {
            second = p;
            throw new Error('callback failed');
          }),
        ).rejects.toThrow('callback failed');
        await expect(stat(second)).rejects.toThrow();
      }
    });

    it('remove deletes a file, refuses directories and missing files', async () => {
      const root = await newRoot();
      await backend.putText('disk', at(root, 'test.txt'));
      await backend.remove(at(root, 'test.txt'));
      expect(await backend.exists(at(root, 'test.txt'))).toBe(false);
      await rejectsWith(backend.remove(at(root, 'test1.txt')), 'NOT_FOUND');
      await backend.putText('x', at(root, 'dir', 'f.txt'));
      await rejectsWith(backend.remove(at(root, 'dir')), 'IS_A_DIRECTORY');
    });

    it('rmtree deletes a directory tree', async () => {
      const root = await newRoot();
      await buildTree(backend, root);
      await backend.rmtree(at(root, 'dir1'));
      expect(await backend.exists(at(root, 'dir1'))).toBe(false);
      await backend.rmtree(at(root, 'dir2'));
      expect(await backend.exists(at(root, 'dir2'))).toBe(false);
      expect(await backend.exists(at(root, 'text1.txt'))).toBe(true);
      await rejectsWith(backend.rmtree(at(root, 'dir1')), 'NOT_FOUND');
      await rejectsWith(backend.rmtree(at(root, 'text1.txt')), 'NOT_A_DIRECTORY');
    });

    it('copyfile copies to a file path or into a directory, never onto itself', async () => {
      const root = await newRoot();
      const src = at(root, 'test.txt');
      await backend.putText('disk', src);
      expect(await backend.copyfile(src, at(root, 'test.txt.bak'))).toBe(at(root, 'test.txt.bak'));
      expect(await backend.getText(at(root, 'test.txt.bak'))).toBe('disk');
      await backend.putText('x', at(root, 'dir', 'other.txt'));
      expect(await backend.copyfile(src, at(root, 'dir'))).toBe(at(root, 'dir', 'test.txt'));
      expect(await backend.getText(at(root, 'dir', 'test.txt'))).toBe('disk');
      await rejectsWith(backend.copyfile(src, src), 'SAME_FILE');
      await rejectsWith(backend.copyfile(at(root, 'missing'), at(root, 'x')), 'NOT_FOUND');
    });

    it('copytree copies a whole tree to a destination that must not exist', async () => {
      const root = await newRoot();
      await buildTree(backend, root);
      expect(await backend.copytree(at(root, 'dir2'), at(root, 'dir100'))).toBe(at(root, 'dir100'));
      expect(await backend.isDir(at(root, 'dir100'))).toBe(true);
      expect(await backend.getText(at(root, 'dir100', 'dir3', 'text4.txt'))).toBe('text4');
      expect(await backend.getText(at(root, 'dir100', 'img.jpg'))).toBe('img');
      await rejectsWith(backend.copytree(at(root, 'dir1'), at(root, 'dir2')), 'ALREADY_EXISTS');
    });

    it('copyfileFromLocal and copyfileToLocal move files across the local disk', async () => {
      const root = await newRoot();
      const local = await localTmp();
      await writeFile(join(local, 'up.txt'), 'from disk');
      expect(await backend.copyfileFromLocal(join(local, 'up.txt'), at(root, 'up.txt'))).toBe(at(root, 'up.txt'));
      expect(await backend.getText(at(root, 'up.txt'))).toBe('from disk');
      await backend.putText('x', at(root, 'dir', 'keep.txt'));
      expect(await backend.copyfileFromLocal(join(local, 'up.txt'), at(root, 'dir'))).toBe(at(root, 'dir', 'up.txt'));
      await mkdir(join(local, 'down'));
      expect(await backend.copyfileToLocal(at(root, 'up.txt'), join(local, 'down'))).toBe(
        join(local, 'down', 'up.txt'),
      );
      expect(await readFile(join(local, 'down', 'up.txt'), 'utf8')).toBe('from disk');
      expect(await backend.copyfileToLocal(at(root, 'up.txt'), join(local, 'named.txt'))).toBe(
        join(local, 'named.txt'),
      );
    });

    it('copytreeFromLocal and copytreeToLocal move trees across the local disk', async () => {
      const root = await newRoot();
      const local = await localTmp();
      await mkdir(join(local, 'src', 'sub'), { recursive: true });
      await writeFile(join(local, 'src', 'a.txt'), 'A');
      await writeFile(join(local, 'src', 'sub', 'b.txt'), 'B');
      expect(await backend.copytreeFromLocal(join(local, 'src'), at(root, 'tree'))).toBe(at(root, 'tree'));
      expect(await backend.getText(at(root, 'tree', 'sub', 'b.txt'))).toBe('B');
      expect(await backend.copytreeToLocal(at(root, 'tree'), join(local, 'back'))).toBe(join(local, 'back'));
      expect(await readFile(join(local, 'back', 'a.txt'), 'utf8')).toBe('A');
      expect(await readFile(join(local, 'back', 'sub', 'b.txt'), 'utf8')).toBe('B');
      await rejectsWith(backend.copytreeToLocal(at(root, 'tree'), join(local, 'back')), 'ALREADY_EXISTS');
    });

    describe('listDirOrFile', () => {
      const list = async (root: string, options?: Parameters<StorageBackend['listDirOrFile']>[1]) => {
        const out: string[] = [];
        for await (const p of backend.listDirOrFile(root, options)) out.push(p);
        return out;
      };

      it('lists directories and files, optionally recursively, relative to the directory', async () => {
        const root = await newRoot();
        await buildTree(backend, root);
        expect(new Set(await list(root))).toEqual(new Set(['dir1', 'dir2', 'text1.txt', 'text2.txt']));
        expect(new Set(await list(root, { recursive: true }))).toEqual(
          new Set([
            'dir1',
            'dir1/text3.txt',
            'dir2',
            'dir2/dir3',
            'dir2/dir3/text4.txt',
            'dir2/img.jpg',
            'text1.txt',
            'text2.txt',
          ]),
        );
      });

      it('lists only directories or only files', async () => {
        const root = await newRoot();
        await buildTree(backend, root);
        expect(new Set(await list(root, { listFile: false }))).toEqual(new Set(['dir1', 'dir2']));
        expect(new Set(await list(root, { listFile: false, recursive: true }))).toEqual(
          new Set(['dir1', 'dir2', 'dir2/dir3']),
        );
        expect(new Set(await list(root, { listDir: false }))).toEqual(new Set(['text1.txt', 'text2.txt']));
        expect(new Set(await list(root, { listDir: false, recursive: true }))).toEqual(
          new Set(['dir1/text3.txt', 'dir2/dir3/text4.txt', 'dir2/img.jpg', 'text1.txt', 'text2.txt']),
        );
      });

      it('filters files by suffix', async () => {
        const root = await newRoot();
        await buildTree(backend, root);
        expect(new Set(await list(root, { listDir: false, suffix: '.txt' }))).toEqual(
          new Set(['text1.txt', 'text2.txt']),
        );
        expect(new Set(await list(root, { listDir: false, suffix: ['.txt', '.jpg'], recursive: true }))).toEqual(
          new Set(['dir1/text3.txt', 'dir2/dir3/text4.txt', 'dir2/img.jpg', 'text1.txt', 'text2.txt']),
        );
        expect(new Set(await list(root, { listDir: false, suffix: '.txt', recursive: true }))).toEqual(
          new Set(['dir1/text3.txt', 'dir2/dir3/text4.txt', 'text1.txt', 'text2.txt']),
        );
      });

      it('rejects a suffix while directories are listed, and a suffix that is not a string', async () => {
        const root = await newRoot();
        await buildTree(backend, root);
        const e1 = await rejectsWith(list(root, { listFile: false, suffix: '.txt' }), 'INVALID_ARGUMENT');
        expect(e1.message).toContain('`suffix` should be undefined when `listDir` is true');
        await rejectsWith(list(root, { listDir: false, suffix: 3 as unknown as string }), 'INVALID_ARGUMENT');
      });

      it('fails on a directory that does not exist', async () => {
        const root = await newRoot();
        await rejectsWith(list(at(root, 'nowhere')), 'NOT_FOUND');
      });
    });
  });
}
