import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError, loadModelIndex } from '../src';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eng-hub-index-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = join(dir, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function indexError(text: string): Promise<HubError> {
  const file = write('model-index.yml', text);
  const error = await loadModelIndex(file).catch((e: unknown) => e);
  if (!HubError.isInstance(error)) throw new Error(`expected a HubError, got ${String(error)}`);
  return error;
}

describe('loadModelIndex', () => {
  it('reads Models and follows Import relative to the importing file, in order', async () => {
    write(
      'configs/a/metafile.yml',
      [
        'Collections:',
        '  - Name: A',
        'Models:',
        '  - Name: a1',
        '    In Collection: A',
        '    Config: configs/a/a1.ts',
        '    Weights: https://x.org/a1.safetensors',
        '    Sha256: ' + 'AB'.repeat(32),
        '    Results:',
        '      - { Task: Classification, Dataset: Shapes, Metrics: { top1: 90.1 } }',
        'Import: [nested/more.yml]',
      ].join('\n'),
    );
    write('configs/a/nested/more.yml', 'Models:\n  - { Name: a2, Config: configs/a/a2.ts }\n');
    write('configs/b/metafile.yml', 'Models:\n  - { Name: b1, Config: configs/b/b1.ts, Weights: ./b1.bin }\n');
    const file = write('model-index.yml', 'Import:\n  - configs/a/metafile.yml\n  - configs/b/metafile.yml\n');
    const index = await loadModelIndex(file);
    expect(index.file).toBe(file);
    expect(index.models.map((m) => m.Name)).toEqual(['a1', 'a2', 'b1']);
    const [a1, a2] = index.models;
    expect(a1?.Sha256).toBe('ab'.repeat(32));
    expect(a1?.['In Collection']).toBe('A');
    expect(a1?.Results?.[0]?.Metrics).toEqual({ top1: 90.1 });
    expect(a2?.file).toBe(join(dir, 'configs/a/nested/more.yml'));
    expect(Object.keys(a2 ?? {})).not.toContain('file');
  });

  it('names the file and the entry of a model without Name or Config', async () => {
    expect((await indexError('Models:\n  - Config: configs/x.ts\n')).message).toMatch(
      /model-index\.yml: Models\[0\] has no Name \(expected a non-empty string\)/,
    );
    expect((await indexError('Models:\n  - { Name: x, Weights: a.bin }\n')).message).toMatch(
      /Models\[0\] \(x\) has no Config/,
    );
    expect((await indexError('Models:\n  - { Name: x, Config: 3 }\n')).message).toMatch(/has no Config .*got 3/);
  });

  it('rejects a bad Sha256, Results that are not a list, and a typo of a key', async () => {
    expect((await indexError('Models:\n  - { Name: x, Config: c.ts, Sha256: abc }\n')).message).toMatch(
      /Models\[0\] \(x\): Sha256 must be 64 hex digits, got "abc"/,
    );
    expect((await indexError('Models:\n  - { Name: x, Config: c.ts, Results: 5 }\n')).message).toMatch(
      /Results must be a list/,
    );
    expect((await indexError('Model:\n  - { Name: x, Config: c.ts }\n')).message).toMatch(
      /unknown top-level key "Model". Did you mean "Models"/,
    );
    expect((await indexError('Models:\n  - { Name: x, Config: c.ts, Weight: a.bin }\n')).message).toMatch(
      /unknown key "Weight". Did you mean "Weights"/,
    );
  });

  it('rejects a missing import, an import cycle and two models with one name', async () => {
    expect((await indexError('Import: [nope.yml]\n')).message).toMatch(/Import\[0\]: no file .*nope\.yml/);
    write('loop.yml', 'Import: [model-index.yml]\n');
    expect((await indexError('Import: [loop.yml]\n')).message).toMatch(/imports itself \(an Import cycle\)/);
    write('other.yml', 'Models:\n  - { Name: x, Config: d.ts }\n');
    expect((await indexError('Models:\n  - { Name: x, Config: c.ts }\nImport: [other.yml]\n')).message).toMatch(
      /other\.yml: two models are named "x" \(the other is in .*model-index\.yml\)/,
    );
  });

  it('says when the file is missing or is not YAML', async () => {
    await expect(loadModelIndex(join(dir, 'none.yml'))).rejects.toThrow(/No model index at .*none\.yml/);
    expect((await indexError('Models: [\n')).message).toMatch(/model-index\.yml: cannot read the model index/);
    expect((await indexError('- a\n- b\n')).message).toMatch(/must be a mapping with Models and\/or Import/);
  });
});
