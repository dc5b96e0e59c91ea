import { describe, expect, it } from 'vitest';
import { BaseStorageBackend } from '../src/backends/base';
import { HttpBackend } from '../src/backends/http';
import { LocalBackend } from '../src/backends/local';
import { MemoryBackend } from '../src/backends/memory';
import { FileIOError } from '../src/errors';
import { parseUriPrefix } from '../src/internal/uri';
import { getText, putText } from '../src/io';
import { getFileBackend, listBackends, registerBackend } from '../src/registry';

class EchoBackend extends BaseStorageBackend {
  constructor(readonly args: Record<string, unknown> = {}) {
    super();
  }
  override async get(uri: string) {
    return new TextEncoder().encode(`echo:${uri}`);
  }
}

function thrown(fn: () => unknown): FileIOError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FileIOError);
    return err as FileIOError;
  }
  throw new Error('expected a throw');
}

describe('parseUriPrefix', () => {
  it('returns the scheme, the part after a cluster name, or "" for plain paths', () => {
    expect(parseUriPrefix('/home/path/of/your/file')).toBe('');
    expect(parseUriPrefix('relative/file.json')).toBe('');
    expect(parseUriPrefix('https://host/img.png')).toBe('https');
    expect(parseUriPrefix('s3://your_bucket/img.png')).toBe('s3');
    expect(parseUriPrefix('clusterName:s3://your_bucket/img.png')).toBe('s3');
    expect(() => parseUriPrefix(undefined as unknown as string)).toThrow(TypeError);
  });
});

describe('getFileBackend', () => {
  it('picks the backend by the prefix of the URI', () => {
    expect(getFileBackend('/tmp/a.txt')).toBeInstanceOf(LocalBackend);
    expect(getFileBackend('http://host/a')).toBeInstanceOf(HttpBackend);
    expect(getFileBackend('https://host/a')).toBeInstanceOf(HttpBackend);
    expect(getFileBackend('memory://a')).toBeInstanceOf(MemoryBackend);
  });

  it('a backend name in backendArgs wins over the prefix, and backendArgs are not modified', () => {
    const backendArgs = { backend: 'http' };
    expect(getFileBackend('/tmp/a.txt', { backendArgs })).toBeInstanceOf(HttpBackend);
    expect(getFileBackend(undefined, { backendArgs: { backend: 'local' } })).toBeInstanceOf(LocalBackend);
    expect(backendArgs).toEqual({ backend: 'http' });
  });

  it('needs a URI when backendArgs name no backend', () => {
    expect(thrown(() => getFileBackend()).message).toContain('uri should not be undefined');
  });

  it('passes the other backend arguments to the constructor', () => {
    const http = getFileBackend('https://h/x', { backendArgs: { retries: 7 } }) as HttpBackend;
    expect(http.retries).toBe(7);
  });

  it('with enableSingleton, reuses the instance built with equal arguments', () => {
    const a = getFileBackend('https://h/a', {
      backendArgs: { retries: 1, headers: { x: '1' } },
      enableSingleton: true,
    });
    const b = getFileBackend('http://h/b', { backendArgs: { headers: { x: '1' }, retries: 1 }, enableSingleton: true });
    const c = getFileBackend('https://h/a', { backendArgs: { retries: 2 }, enableSingleton: true });
    const d = getFileBackend('https://h/a', { backendArgs: { retries: 1, headers: { x: '1' } } });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(d).not.toBe(a);
  });

  it('an unknown prefix or backend name is an error listing what exists', () => {
    const e1 = thrown(() => getFileBackend('htps://host/x'));
    expect(e1.code).toBe('UNKNOWN_PREFIX');
    expect(e1.message).toContain("'htps://'");
    expect(e1.message).toContain('Did you mean "https"');
    expect(e1.message).toContain('registerBackend');
    const e2 = thrown(() => getFileBackend('a', { backendArgs: { backend: 'lokal' } }));
    expect(e2.code).toBe('UNKNOWN_BACKEND');
    expect(e2.message).toContain('Did you mean "local"');
  });
});

describe('registerBackend', () => {
  it('registers a class under a name and prefixes', async () => {
    registerBackend('echo-test', EchoBackend, { prefixes: ['echo', 'echo2://'] });
    expect(await getText('echo://a/b')).toBe('echo:echo://a/b');
    expect(await getText('echo2://c')).toBe('echo:echo2://c');
    expect(await getText('plain', { backendArgs: { backend: 'echo-test' } })).toBe('echo:plain');
    const entry = listBackends().find((b) => b.name === 'echo-test');
    expect(entry?.prefixes).toEqual(['echo', 'echo2']);
    expect(entry?.backend).toBe(EchoBackend);
  });

  it('works as a class decorator', async () => {
    @registerBackend('decorated-test', undefined, { prefixes: 'deco' })
    class Decorated extends EchoBackend {}
    expect(getFileBackend('deco://x')).toBeInstanceOf(Decorated);
  });

  it('refuses duplicate names and prefixes unless forced', async () => {
    registerBackend('dup-test', EchoBackend, { prefixes: 'dup1' });
    const e1 = thrown(() => registerBackend('dup-test', EchoBackend));
    expect(e1.code).toBe('DUPLICATE_BACKEND');
    expect(e1.message).toContain('force');
    const e2 = thrown(() => registerBackend('dup-test-2', EchoBackend, { prefixes: 'dup1' }));
    expect(e2.code).toBe('DUPLICATE_PREFIX');
    expect(e2.message).toContain("'dup1'");
    class Replacement extends EchoBackend {
      override async get() {
        return new TextEncoder().encode('replaced');
      }
    }
    registerBackend('dup-test-2', Replacement, { prefixes: 'dup1', force: true });
    expect(await getText('dup1://x')).toBe('replaced');
    registerBackend('dup-test', Replacement, { force: true });
    expect(getFileBackend('x', { backendArgs: { backend: 'dup-test' } })).toBeInstanceOf(Replacement);
  });

  it('built-in prefixes are protected the same way', async () => {
    expect(thrown(() => registerBackend('my-http', EchoBackend, { prefixes: 'https' })).code).toBe('DUPLICATE_PREFIX');
  });

  it('validates its arguments', () => {
    expect(thrown(() => registerBackend(1 as unknown as string, EchoBackend)).message).toContain('name');
    expect(thrown(() => registerBackend('bad-fn', (() => 1) as never)).message).toContain('class');
    class NoGet {}
    expect(thrown(() => registerBackend('bad-class', NoGet as never)).message).toContain('StorageBackend');
    expect(thrown(() => registerBackend('bad-prefix', EchoBackend, { prefixes: 1 as never })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('pathMapping in backendArgs', () => {
  it('rewrites paths before dispatch, so local-looking paths can live on another backend', async () => {
    const backendArgs = { pathMapping: { 'data/': 'memory://mapped/data/' } };
    await putText('mapped!', 'data/x.txt', { backendArgs });
    expect(await getText('memory://mapped/data/x.txt')).toBe('mapped!');
    expect(await getText('data/x.txt', { backendArgs })).toBe('mapped!');
  });
});
