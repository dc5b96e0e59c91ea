import type { ScopeStore } from '../scope-store/types';

/** What differs between Node and a browser bundle; chosen by the `#platform` import's `node`/`default` conditions. */
export interface Platform {
  readonly name: 'node' | 'browser';
  createScopeStore<T>(): ScopeStore<T>;
  /** The `name` of the nearest package.json above `file` (a path or `file:` URL), if there is one. */
  nearestPackageName(file: string): string | undefined;
  /** Writes `text` to `path` atomically (temporary file + rename), creating the directory. */
  writeFileAtomic(path: string, text: string): void;
  joinPath(...parts: string[]): string;
  /**
   * Turns a location into something `import()` accepts: absolute paths become file URLs, and `./` or `../`
   * specifiers are resolved against `base` (the file that created the registry).
   */
  toImportSpecifier(specifier: string, base: string | undefined): string;
}
