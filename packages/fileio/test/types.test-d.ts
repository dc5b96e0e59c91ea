// Type-level behaviour of the public API (checked by `tsc -b`, not run).
import { describe, expectTypeOf, it } from 'vitest';
import {
  type DirListing,
  dictFromFile,
  dump,
  get,
  getLocalPath,
  listDirOrFile,
  load,
  registerBackend,
  type StorageBackendClass,
} from '../src/index';

describe('public types', () => {
  it('dump returns a string without a file and nothing with one', () => {
    expectTypeOf(dump({}, undefined, { fileFormat: 'json' })).toEqualTypeOf<Promise<string>>();
    expectTypeOf(dump({}, 'a.json')).toEqualTypeOf<Promise<void>>();
    expectTypeOf(load('a.json')).toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(get('a.bin')).toEqualTypeOf<Promise<Uint8Array>>();
  });

  it('getLocalPath returns what the callback returns', () => {
    expectTypeOf(getLocalPath('a', async () => 3)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(getLocalPath('a', (p) => p.length)).toEqualTypeOf<Promise<number>>();
  });

  it('listDirOrFile is iterable and awaitable', () => {
    const listing = listDirOrFile('.');
    expectTypeOf(listing).toEqualTypeOf<DirListing>();
    expectTypeOf(listing).toMatchTypeOf<AsyncIterable<string>>();
    expectTypeOf(listing).toMatchTypeOf<PromiseLike<string[]>>();
  });

  it('dictFromFile keys follow keyType', () => {
    expectTypeOf(dictFromFile('b.txt')).toEqualTypeOf<Promise<Record<string, string | string[]>>>();
    expectTypeOf(dictFromFile('b.txt', { keyType: 'int' })).toEqualTypeOf<Promise<Record<number, string | string[]>>>();
    expectTypeOf(dictFromFile('b.txt', { keyType: Number })).toEqualTypeOf<
      Promise<Record<number, string | string[]>>
    >();
    expectTypeOf(dictFromFile('b.txt', { keyType: (k) => k.length })).toEqualTypeOf<
      Promise<Record<number, string | string[]>>
    >();
  });

  it('registerBackend without a class is a decorator', () => {
    expectTypeOf(registerBackend('x')).toBeFunction();
    expectTypeOf(registerBackend('x', {} as StorageBackendClass)).toEqualTypeOf<void>();
  });
});
