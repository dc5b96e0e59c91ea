import { chmod, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, describeBackendContract, rejectsWith } from '../backend-contract';
import { LocalBackend } from '../../src/backends/local';

const roots: string[] = [];
const newRoot = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'eng-fileio-local-'));
  roots.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(roots.map((d) => rm(d, { recursive: true, force: true })));
});

describeBackendContract('LocalBackend', () => ({ backend: new LocalBackend(), newRoot }));

describe('LocalBackend specifics', () => {
  const disk = new LocalBackend();

  it('put is atomic: a failed write leaves neither half a file nor a temporary file behind', async () => {
    const root = await newRoot();
    const target = join(root, 'ckpt.bin');
    await disk.put(new Uint8Array(1024).fill(7), target);
    async function* failing() {
      yield new Uint8Array(4096).fill(1);
      throw new Error('disk source died');
    }
    await expect(disk.put(failing(), target)).rejects.toThrow('disk source died');
    expect(await readFile(target)).toEqual(Buffer.from(new Uint8Array(1024).fill(7)));
    expect(await readdir(root)).toEqual(['ckpt.bin']);
  });

  it('put keeps the permissions of the file it replaces and writes through symlinks', async () => {
    const root = await newRoot();
    const target = join(root, 'script.sh');
    await writeFile(target, 'old');
    await chmod(target, 0o750);
    await disk.putText('new', target);
    expect((await stat(target)).mode & 0o777).toBe(0o750);
    const link = join(root, 'link.sh');
    await symlink(target, link);
    await disk.putText('through the link', link);
    expect(await readlink(link)).toBe(target);
    expect(await readFile(target, 'utf8')).toBe('through the link');
  });

  it('put onto a directory is IS_A_DIRECTORY', async () => {
    const root = await newRoot();
    await mkdir(join(root, 'd'));
    await rejectsWith(disk.putText('x', join(root, 'd')), 'IS_A_DIRECTORY');
  });

  it('joinPath restarts at an absolute part, as os.path.join does', () => {
    expect(disk.joinPath('work_dirs', 'exp', 'epoch_1.json')).toBe(join('work_dirs', 'exp', 'epoch_1.json'));
    expect(disk.joinPath('work_dirs', '/data/ckpt.json')).toBe('/data/ckpt.json');
    expect(disk.joinPath('work_dirs', '/data', 'sub', '/abs', 'f.txt')).toBe('/abs/f.txt');
  });

  it('getLocalPath passes the path itself', async () => {
    const root = await newRoot();
    expect(await disk.getLocalPath(join(root, 'a.txt'), (p) => p)).toBe(join(root, 'a.txt'));
  });

  it('listDirOrFile skips hidden files but not hidden directories, as MMEngine does', async () => {
    const root = await newRoot();
    await disk.putText('x', join(root, '.hidden'));
    await disk.putText('x', join(root, '.cache', 'f.txt'));
    await disk.putText('x', join(root, 'shown.txt'));
    expect(await collect(disk.listDirOrFile(root, { recursive: true }))).toEqual([
      '.cache',
      '.cache/f.txt',
      'shown.txt',
    ]);
  });

  it('listDirOrFile does not loop on a symlink cycle', async () => {
    const root = await newRoot();
    await disk.putText('x', join(root, 'a', 'f.txt'));
    await symlink(root, join(root, 'a', 'back'));
    const listed = await collect(disk.listDirOrFile(root, { recursive: true }));
    expect(listed).toEqual(['a', 'a/back', 'a/f.txt']);
  });

  it('copyIfSymlinkFails links files and directories', async () => {
    const root = await newRoot();
    await disk.putText('disk', join(root, 'test.txt'));
    expect(await disk.copyIfSymlinkFails(join(root, 'test.txt'), join(root, 'test_link.txt'))).toBe(true);
    expect(await readlink(join(root, 'test_link.txt'))).toBe(join(root, 'test.txt'));
    expect(await disk.getText(join(root, 'test_link.txt'))).toBe('disk');
    await mkdir(join(root, 'dir'));
    expect(await disk.copyIfSymlinkFails(join(root, 'dir'), join(root, 'dir_link'))).toBe(true);
    expect(await disk.isDir(join(root, 'dir_link'))).toBe(true);
  });

  it('copyIfSymlinkFails copies when a link cannot be made', async () => {
    const root = await newRoot();
    await disk.putText('disk', join(root, 'test.txt'));
    await disk.putText('taken', join(root, 'exists.txt'));
    // symlink fails because the name is taken; the copy then replaces it
    expect(await disk.copyIfSymlinkFails(join(root, 'test.txt'), join(root, 'exists.txt'))).toBe(false);
    expect(await disk.getText(join(root, 'exists.txt'))).toBe('disk');
    expect((await stat(join(root, 'exists.txt'))).isFile()).toBe(true);
  });
});
