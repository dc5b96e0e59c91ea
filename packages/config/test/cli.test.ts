import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { type CommandIO, printConfigCommand, takeCfgOptions } from '../src/index';
import { fixture, tempDir } from './helpers';

function capture(): CommandIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}

describe('eng print-config', () => {
  it('prints the merged config as a TS module by default', async () => {
    const io = capture();
    expect(await printConfigCommand([fixture('yaml/merge_from_base_single.yaml')], io)).toBe(0);
    expect(io.stdout).toBe(
      "export default {\n  item1: [2, 3],\n  item2: { a: 1 },\n  item3: false,\n  item4: 'test_base',\n};\n",
    );
  });

  it('applies --cfg-options (several after one flag, and repeated flags) and prints JSON or YAML', async () => {
    const io = capture();
    const code = await printConfigCommand(
      [
        fixture('json/simple_config.json'),
        '--cfg-options',
        'item2.a=1',
        'item2.b=[(a,b),[1,2]]',
        '--format',
        'json',
        '--cfg-options',
        'item3=False',
      ],
      io,
    );
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual({
      item1: [1, 2],
      item2: {
        a: 1,
        b: [
          ['a', 'b'],
          [1, 2],
        ],
      },
      item3: false,
      item4: 'test',
    });
    const yamlIo = capture();
    expect(
      await printConfigCommand(['--format=yaml', fixture('json/simple_config.json'), '--cfg-options=item4=x'], yamlIo),
    ).toBe(0);
    expect(YAML.parse(yamlIo.stdout)).toMatchObject({ item4: 'x' });
  });

  it('--save-path writes the config too', async () => {
    const out = join(tempDir(), 'saved.yaml');
    const io = capture();
    expect(await printConfigCommand([fixture('ts/base.ts'), '--save-path', out], io)).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(YAML.parse(readFileSync(out, 'utf8'))).toEqual({
      item1: [1, 2],
      item2: { a: 0 },
      item3: true,
      item4: 'test',
    });
  });

  it('errors: usage problems exit 2, config problems exit 1 with the message', async () => {
    let io = capture();
    expect(await printConfigCommand([], io)).toBe(2);
    expect(io.stderr).toContain('Usage: eng print-config');
    io = capture();
    expect(await printConfigCommand([fixture('ts/base.ts'), '--format', 'xml'], io)).toBe(2);
    io = capture();
    expect(await printConfigCommand([fixture('ts/base.ts'), '--bogus'], io)).toBe(2);
    io = capture();
    expect(await printConfigCommand([fixture('json/syntax_error.json')], io)).toBe(1);
    expect(io.stderr).toContain(`${fixture('json/syntax_error.json')}:4:3`);
    io = capture();
    expect(await printConfigCommand([fixture('ts/base.ts'), '--cfg-options', 'item2.a.b=1'], io)).toBe(1);
    expect(io.stderr).toContain('_delete_');
    io = capture();
    expect(await printConfigCommand(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('--cfg-options');
  });

  it('takeCfgOptions stops at the next flag', () => {
    expect(takeCfgOptions(['c.ts', '--cfg-options', 'a=1', 'b=2', '--format', 'json'])).toEqual({
      cfgOptions: ['a=1', 'b=2'],
      rest: ['c.ts', '--format', 'json'],
    });
  });
});
