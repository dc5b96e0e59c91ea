import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectsWith } from './backend-contract';
import { collectBytes, writeFileAtomic, writeFileAtomicSync } from '../src/atomic';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'eng-fileio-atomic-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('an interrupted write leaves the previous file intact and no temporary file', async () => {
    const target = join(tmp, 'weights.bin');
    await writeFile(target, 'complete old checkpoint');
    const source = Readable.from(
      (async function* () {
        yield Buffer.alloc(64 * 1024, 1);
        yield Buffer.alloc(64 * 1024, 2);
        throw new Error('network dropped mid-upload');
      })(),
    );
    await expect(writeFileAtomic(target, source)).rejects.toThrow('network dropped mid-upload');
    expect(await readFile(target, 'utf8')).toBe('complete old checkpoint');
    expect((await readdir(tmp)).filter((f) => f.includes('weights'))).toEqual(['weights.bin']);
  });

  it('concurrent writers each leave a whole file: the last rename wins', async () => {
    const target = join(tmp, 'race.txt');
    const a = 'a'.repeat(200_000);
    const b = 'b'.repeat(100_000);
    await Promise.all([writeFileAtomic(target, a), writeFileAtomic(target, b)]);
    expect([a, b]).toContain(await readFile(target, 'utf8'));
  });

  it('streams a Node Readable and writes text with an encoding', async () => {
    await writeFileAtomic(join(tmp, 's.txt'), Readable.from([Buffer.from('he'), Buffer.from('llo')]));
    expect(await readFile(join(tmp, 's.txt'), 'utf8')).toBe('hello');
    await writeFileAtomic(join(tmp, 'l.txt'), 'é', { encoding: 'latin1', fsync: false });
    expect(await readFile(join(tmp, 'l.txt'))).toEqual(Buffer.from([0xe9]));
  });

  it('rejects data that is not bytes or text', async () => {
    await rejectsWith(writeFileAtomic(join(tmp, 'bad.bin'), 42 as never), 'INVALID_ARGUMENT');
    await rejectsWith(writeFileAtomic(join(tmp, 'bad.bin'), [1, 2] as never), 'INVALID_ARGUMENT');
    expect((await readdir(tmp)).filter((f) => f.includes('bad'))).toEqual([]);
  });

  it('cannot create a file below a file', async () => {
    await writeFile(join(tmp, 'plain'), 'x');
    await rejectsWith(writeFileAtomic(join(tmp, 'plain', 'child.txt'), 'x'), 'NOT_A_DIRECTORY');
  });
});

describe('writeFileAtomicSync', () => {
  it('replaces a file whole, creates missing directories and leaves no temporary file', async () => {
    const target = join(tmp, 'sync', 'nested', 'cfg.json');
    writeFileAtomicSync(target, '{"lr": 0.1}');
    writeFileAtomicSync(target, new TextEncoder().encode('{"lr": 0.2}'), { fsync: false });
    expect(await readFile(target, 'utf8')).toBe('{"lr": 0.2}');
    expect(await readdir(join(tmp, 'sync', 'nested'))).toEqual(['cfg.json']);
  });
});

describe('collectBytes', () => {
  it('joins chunks and copies buffers', async () => {
    const buf = Buffer.from([1, 2]);
    const copy = await collectBytes(buf);
    buf[0] = 9;
    expect(copy).toEqual(new Uint8Array([1, 2]));
    expect(await collectBytes(['a', new Uint8Array([98])])).toEqual(new TextEncoder().encode('ab'));
  });
});
