import { describe, expect, it } from 'vitest';
import { describeBackendContract, rejectsWith } from '../backend-contract';
import { MemoryBackend } from '../../src/backends/memory';

let n = 0;
describeBackendContract('MemoryBackend', () => ({
  backend: new MemoryBackend({ namespace: 'contract' }),
  newRoot: async () => `memory://root${n++}`,
}));

describe('MemoryBackend specifics', () => {
  it('backends of one namespace share files; other namespaces do not see them', async () => {
    const a = new MemoryBackend({ namespace: 'shared-test' });
    const b = new MemoryBackend({ namespace: 'shared-test' });
    const other = new MemoryBackend({ namespace: 'elsewhere' });
    await a.putText('hi', 'memory://x/y.txt');
    expect(await b.getText('memory://x/y.txt')).toBe('hi');
    expect(await other.exists('memory://x/y.txt')).toBe(false);
    a.clear();
    expect(await b.exists('memory://x/y.txt')).toBe(false);
  });

  it('stores copies: changing a buffer after put or get does not change the store', async () => {
    const mem = new MemoryBackend({ namespace: 'copies' });
    const data = new Uint8Array([1, 2, 3]);
    await mem.put(data, 'memory://b.bin');
    data[0] = 9;
    const got = await mem.get('memory://b.bin');
    got[1] = 9;
    expect(await mem.get('memory://b.bin')).toEqual(new Uint8Array([1, 2, 3]));
    const buf = Buffer.from([5, 6]);
    await mem.put(buf, 'memory://buf.bin');
    buf[0] = 0;
    expect(await mem.get('memory://buf.bin')).toEqual(new Uint8Array([5, 6]));
  });

  it('normalises slashes and refuses to nest a file under a file', async () => {
    const mem = new MemoryBackend({ namespace: 'slashes' });
    await mem.putText('x', 'memory://a//b/');
    expect(await mem.getText('memory://a/b')).toBe('x');
    await rejectsWith(mem.putText('y', 'memory://a/b/c'), 'NOT_A_DIRECTORY');
    await rejectsWith(mem.putText('y', 'memory://a'), 'IS_A_DIRECTORY');
    expect(await mem.isDir('memory://')).toBe(true);
  });
});
