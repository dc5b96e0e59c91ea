import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir } from '@eng/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetStaleTemporarySweeps } from '@eng/internal/node';
import { FileIOError, writeFileAtomic, writeFileAtomicSync } from '../src/index';

async function rejection(promise: Promise<unknown>): Promise<FileIOError> {
  try {
    await promise;
  } catch (error) {
    return error as FileIOError;
  }
  throw new Error('expected a rejection');
}

/** Mounts a tmpfs (needs root with mount rights; CI containers may lack them), or says why not. */
function mountTmpfs(dir: string, options: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  return result.status === 0 ? undefined : `mount -t tmpfs failed (${(result.stderr || String(result.error)).trim()})`;
}

const root = freshDir('fileio-write-failures');
const small = join(root, 'small');
const readOnly = join(root, 'ro');
const smallReason = mountTmpfs(small, 'size=64k');
const readOnlyReason = mountTmpfs(readOnly, 'ro,size=64k');

afterAll(() => {
  for (const dir of [small, readOnly]) spawnSync('umount', [dir]);
});

describe('a write that fails names the file', () => {
  it('ENOSPC on a device: the path is named and the device is written in place, not replaced', async () => {
    const error = await rejection(writeFileAtomic('/dev/full', 'x'.repeat(4096)));
    expect(error).toBeInstanceOf(FileIOError);
    expect(error.code).toBe('NO_SPACE');
    expect(error.message).toBe("Cannot write '/dev/full': no space left on the device (ENOSPC)");
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    expect(() => writeFileAtomicSync('/dev/full', 'x'.repeat(4096))).toThrow(/'\/dev\/full'/);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it.skipIf(smallReason !== undefined)(
    `ENOSPC on a full disk keeps the old file and leaves no temporary ${smallReason ?? ''}`,
    async () => {
      const target = join(small, 'epoch_1.safetensors');
      await writeFileAtomic(target, 'old');
      const error = await rejection(writeFileAtomic(target, new Uint8Array(1 << 20)));
      expect(error.code).toBe('NO_SPACE');
      expect(error.message).toBe(`Cannot write '${target}': no space left on the device (ENOSPC)`);
      expect(readFileSync(target, 'utf8')).toBe('old');
      expect(readdirSync(small)).toEqual(['epoch_1.safetensors']);
      expect(() => writeFileAtomicSync(target, new Uint8Array(1 << 20))).toThrow(`(writing '${target}')`);
    },
  );

  it.skipIf(smallReason !== undefined)(
    `a write that fails part way closes its streamed source (an HTTP body, a read stream) ${smallReason ?? ''}`,
    async () => {
      let closed = false;
      let pulled = 0;
      async function* source(): AsyncGenerator<Uint8Array> {
        try {
          for (;;) {
            pulled++;
            yield new Uint8Array(16 * 1024);
          }
        } finally {
          closed = true;
        }
      }
      const error = await rejection(writeFileAtomic(join(small, 'stream.bin'), source()));
      expect(error.code).toBe('NO_SPACE');
      expect(pulled).toBeGreaterThan(1);
      expect(closed).toBe(true);
    },
  );

  it.skipIf(readOnlyReason !== undefined)(
    `a work dir on a read-only file system says EROFS, not ENOENT ${readOnlyReason ?? ''}`,
    async () => {
      const target = join(readOnly, 'work_dirs', 'exp', 'last_checkpoint');
      const error = await rejection(writeFileAtomic(target, 'x'));
      expect(error.code).toBe('READ_ONLY');
      expect(error.message).toBe(
        `Cannot create the parent directory of '${target}': the file system is read-only (EROFS)`,
      );
      expect(() => writeFileAtomicSync(target, 'x')).toThrow(/^EROFS: read-only file system, mkdir/);
    },
  );
});

describe('temporary files an interrupted write left behind', () => {
  let live: ReturnType<typeof spawn>;
  beforeAll(() => {
    live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  });
  afterAll(() => {
    live.kill();
  });

  it('are removed by the next write into the folder: only ours, only old, only of a process that is gone', async () => {
    resetStaleTemporarySweeps();
    const dir = freshDir('fileio-stale');
    const old = (Date.now() - 2 * 3600_000) / 1000;
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number; // has exited
    const plant = (name: string, mtime = old) => {
      writeFileSync(join(dir, name), 'partial');
      utimesSync(join(dir, name), mtime, mtime);
    };
    plant(`.epoch_1.safetensors.${dead}.1abc123.tmp`); // a killed writer's: removed
    plant(`.epoch_2.safetensors.${live.pid}.1abc123.tmp`); // a live writer's: kept
    plant(`.epoch_3.safetensors.${dead}.2def456.tmp`, Date.now() / 1000 + 5); // newer than this process: kept
    // a writer that looks dead (in another container, another PID namespace) but wrote 10 minutes ago: kept
    plant(`.epoch_4.safetensors.${dead}.3ghi789.tmp`, (Date.now() - 600_000) / 1000);
    plant('.epoch_1.safetensors.tmp'); // a look-alike: kept
    plant('notes.123.abc.tmp'); // a look-alike (no leading dot): kept
    plant(`.notes.${dead}.abc.tmp`); // a look-alike (too short to be our counter and random part): kept
    await writeFileAtomic(join(dir, 'last_checkpoint'), 'epoch_1.safetensors');
    expect(readdirSync(dir).sort()).toEqual(
      [
        '.epoch_1.safetensors.tmp',
        `.epoch_2.safetensors.${live.pid}.1abc123.tmp`,
        `.epoch_3.safetensors.${dead}.2def456.tmp`,
        `.epoch_4.safetensors.${dead}.3ghi789.tmp`,
        `.notes.${dead}.abc.tmp`,
        'last_checkpoint',
        'notes.123.abc.tmp',
      ].sort(),
    );
  });

  it('are removed by the synchronous write too, once per folder', () => {
    resetStaleTemporarySweeps();
    const dir = freshDir('fileio-stale-sync');
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    const name = `.cfg.json.${dead}.1zzabcd.tmp`;
    const old = (Date.now() - 2 * 3600_000) / 1000;
    writeFileSync(join(dir, name), '{');
    utimesSync(join(dir, name), old, old);
    writeFileAtomicSync(join(dir, 'cfg.json'), '{}');
    expect(readdirSync(dir)).toEqual(['cfg.json']);
    writeFileSync(join(dir, name), '{');
    utimesSync(join(dir, name), old, old);
    writeFileAtomicSync(join(dir, 'cfg.json'), '{}');
    expect(readdirSync(dir).sort()).toEqual([name, 'cfg.json']); // swept once per process
  });
});

describe('errors that are not the write', () => {
  it("a failing data source keeps its own error, not the target's", async () => {
    async function* failing() {
      yield 'a';
      throw Object.assign(new Error("EACCES: permission denied, open '/secret/src.bin'"), { code: 'EACCES' });
    }
    const dir = freshDir('fileio-source-error');
    const error = await rejection(writeFileAtomic(join(dir, 'out.bin'), failing()));
    expect(error.message).toBe("EACCES: permission denied, open '/secret/src.bin'");
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an old temporary file carrying our own pid is a former process’s (containers reuse pids) and is removed', async () => {
    resetStaleTemporarySweeps();
    const dir = freshDir('fileio-own-pid');
    const name = `.epoch_1.safetensors.${process.pid}.1abc123.tmp`;
    const old = (Date.now() - 2 * 3600_000) / 1000;
    writeFileSync(join(dir, name), 'partial');
    utimesSync(join(dir, name), old, old);
    await writeFileAtomic(join(dir, 'last_checkpoint'), 'x');
    expect(readdirSync(dir)).toEqual(['last_checkpoint']);
  });
});
