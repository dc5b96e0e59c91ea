import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Config, ConfigError, ConfigParseError } from '../src/index';
import { fixture, tempDir } from './helpers';

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

function writeConfig(name: string, text: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

// jiti and the fast path run a module inside a function wrapper written on the module's first line, so V8's
// columns on that line are off by the wrapper's length (and by what the transpiler itself puts there)
describe('a throw on the first line of a config module is placed at its column', () => {
  it('the throws.ts fixture', async () => {
    const error = await rejection(Config.fromFile(fixture('ts/throws.ts')));
    expect(error.message).toBe(`Evaluating config ${fixture('ts/throws.ts')}:1:7 failed: boom from config`);
  });

  it.each([
    [
      'cfg.mjs',
      "const a = 1; throw new Error('mjs ' + a);\nexport default {};\n",
      'Evaluating config FILE:1:20 failed: mjs 1',
    ],
    [
      'cfg.cjs',
      "module.exports = (() => { throw new TypeError('cjs'); })();\n",
      'Evaluating config FILE:1:33 failed: TypeError: cjs',
    ],
    [
      'cfg.ts',
      "const lr: number = 0.1; if (lr > 0) throw new RangeError('ts');\nexport default {};\n",
      'Evaluating config FILE:1:43 failed: RangeError: ts',
    ],
  ])('%s', async (name, text, message) => {
    const file = writeConfig(name, text);
    expect((await rejection(Config.fromFile(file))).message).toBe(message.replace('FILE', file));
  });

  it('text given to Config.fromString', async () => {
    const virtual = join(tempDir(), 'inline.ts');
    const error = await rejection(
      Config.fromString("export default { a: 1 }; throw new Error('inline');\n", '.ts', { filename: virtual }),
    );
    expect(error.message).toBe(`Evaluating config ${virtual}:1:32 failed: inline`);
  });
});

describe('the position of a throw is the same when the config is loaded again', () => {
  it('loading the same throwing TS config twice reports the same position', async () => {
    const text =
      "interface O {\n  lr: number;\n}\nconst o: O = { lr: 1 };\n    if (o.lr) throw     new Error('lr ' + o.lr);\nexport default {};\n";
    const file = writeConfig('twice.ts', text);
    const expected = `Evaluating config ${file}:5:25 failed: lr 1`;
    // a config that threw is not cached: the second load evaluates it again
    expect((await rejection(Config.fromFile(file))).message).toBe(expected);
    expect((await rejection(Config.fromFile(file))).message).toBe(expected);
  });
});

describe('a SyntaxError thrown while a config module runs is not a syntax error of the file', () => {
  it('JSON.parse of bad text inside a TS config', async () => {
    const text = "const settings: string = '{';\nexport default { settings: JSON.parse(settings) };\n";
    const file = writeConfig('parses.ts', text);
    const error = await rejection(Config.fromFile(file));
    expect(error).not.toBeInstanceOf(ConfigParseError);
    expect(error.code).toBe('MODULE_CONFIG');
    expect(error.message).toMatch(new RegExp(`^Evaluating config ${file}:2:\\d+ failed: SyntaxError: `));
  });

  it('a real syntax error is still a ConfigParseError with its position', async () => {
    const file = writeConfig('broken.mts', 'export default {\n  a: 1 +* 2,\n};\n');
    const error = await rejection(Config.fromFile(file));
    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as ConfigParseError).line).toBe(2);
  });
});
