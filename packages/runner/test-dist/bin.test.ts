// The built `eng` bin, run as a user runs it: a node process on the file package.json names as the bin.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir, packageRoot, spawnNode } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const root = packageRoot(import.meta.url);
const bin = join(
  root,
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { eng: string } }).bin.eng,
);

const eng = (...args: string[]) => spawnNode([bin, ...args]);

describe('the built eng bin', () => {
  const dir = freshDir('bin');
  writeFileSync(join(dir, 'base.json'), JSON.stringify({ model: { type: 'MLP', hidden_channels: [64] }, lr: 0.1 }));
  writeFileSync(join(dir, 'child.yaml'), '_base_: ./base.json\nmodel: { num_classes: 3 }\nlr: 1e-3\n');

  it('print-config merges the bases, applies --cfg-options and prints JSON', () => {
    const result = eng(
      'print-config',
      join(dir, 'child.yaml'),
      '--cfg-options',
      'model.dropout=0.5',
      '--format',
      'json',
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      model: { type: 'MLP', hidden_channels: [64], num_classes: 3, dropout: 0.5 },
      lr: 0.001,
    });
  });

  it('an unknown command exits 2 with the usage text', () => {
    const result = eng('fly');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command "fly"');
    expect(result.stderr).toContain('print-config');
  });

  it('a missing config file is an error that names the file', () => {
    const result = eng('print-config', join(dir, 'nope.ts'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('nope.ts');
  });
});
