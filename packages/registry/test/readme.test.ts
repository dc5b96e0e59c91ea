import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

describe('README', () => {
  it('runs the example and prints what its comments say', async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Example'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    const source = join(import.meta.dirname, '..', 'src', 'index.ts');
    const dir = mkdtempSync(join(tmpdir(), 'eng-registry-readme-'));
    const file = join(dir, 'example.ts');
    writeFileSync(file, code.replace("'@eng/registry'", JSON.stringify(source)));
    const printed: unknown[][] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => printed.push(args));
    try {
      await import(/* @vite-ignore */ pathToFileURL(file).href);
    } finally {
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(printed).toEqual([[true, { depth: 50, stages: 4 }], [{ act: 'relu', inplace: true }]]);
    const comments = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)/g)].map((m) => m[1]);
    expect(comments).toEqual(['true { depth: 50, stages: 4 }', "{ act: 'relu', inplace: true }"]);
  });
});
