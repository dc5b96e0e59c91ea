import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CommandIO, Config, ConfigError, printConfigCommand } from '../src/index';
import { tempDir } from './helpers';

/** 1-based line and column of the first `needle` in `text`. */
function positionOf(text: string, needle: string): string {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return `${line + 1}:${(lines[line] as string).indexOf(needle) + 1}`;
}

// type annotations, `as` casts and an interface before the throw: the transpiled columns differ from these
const TS_CONFIG = `import type { EngConfig } from '@eng/config';

interface Opts {
  lr: number;
}

const opts: Opts = { lr: 0.1 } as Opts;
const scale = (x: number): number => x as number;

export default {
  model: { type: 'X' },
  lr: (() => { if (scale(opts.lr) > 0) { throw new RangeError('lr too large'); } return 1; })(),
} satisfies EngConfig;
`;

function writeConfig(name: string, text: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('a config module that throws names the file, line and column of the throw', () => {
  it('a TS config, mapped through the source map of the transpiled code', async () => {
    const file = writeConfig('throws.ts', TS_CONFIG);
    const error = await rejection(Config.fromFile(file));
    expect(error.code).toBe('MODULE_CONFIG');
    expect(error.message).toBe(
      `Evaluating config ${file}:${positionOf(TS_CONFIG, 'new RangeError')} failed: RangeError: lr too large`,
    );
    expect(error.file).toBe(file);
  });

  it('a property read of undefined in a TS config', async () => {
    const text =
      'const deep = undefined as { a: number } | undefined;\nexport default { a: (deep as any).a as number };\n';
    const file = writeConfig('reads.mts', text);
    const error = await rejection(Config.fromFile(file));
    expect(error.message).toContain(`${file}:${positionOf(text, 'a as number')}`);
  });

  it('an ES module and a CommonJS config', async () => {
    const mjs = 'const x = 1;\nfunction f() {\n  throw new TypeError("bad " + x);\n}\nexport default { a: f() };\n';
    const mjsFile = writeConfig('throws.mjs', mjs);
    expect((await rejection(Config.fromFile(mjsFile))).message).toBe(
      `Evaluating config ${mjsFile}:${positionOf(mjs, 'new TypeError')} failed: TypeError: bad 1`,
    );
    const cjs = "const y = 2;\nmodule.exports = { a: (() => { throw new Error('cjs ' + y); })() };\n";
    const cjsFile = writeConfig('throws.cjs', cjs);
    expect((await rejection(Config.fromFile(cjsFile))).message).toContain(`${cjsFile}:${positionOf(cjs, 'new Error')}`);
  });

  it('a default export function that throws, and Config.fromString', async () => {
    const text =
      'export const _base_ = [];\nexport default (ctx: unknown) => {\n  const n: number = 3;\n  throw new Error("no " + n);\n};\n';
    const file = writeConfig('fn.ts', text);
    expect((await rejection(Config.fromFile(file))).message).toBe(
      `Evaluating config ${file}:${positionOf(text, 'new Error')} failed: no 3`,
    );
    const virtual = join(tempDir(), 'virtual.ts');
    const error = await rejection(Config.fromString(TS_CONFIG, '.ts', { filename: virtual }));
    expect(error.message).toContain(`${virtual}:${positionOf(TS_CONFIG, 'new RangeError')} failed`);
  });

  it('a path in the message itself is not taken for the place of the throw', async () => {
    const text = "const where = __filename + ':99:1';\nthrow new Error('see ' + where);\n";
    const file = writeConfig('quotes-path.cjs', text);
    expect((await rejection(Config.fromFile(file))).message).toBe(
      `Evaluating config ${file}:${positionOf(text, 'new Error')} failed: see ${file}:99:1`,
    );
  });

  it('a thrown non-Error has no position and still names the file', async () => {
    const file = writeConfig('string.cjs', "throw 'just a string';\n");
    expect((await rejection(Config.fromFile(file))).message).toBe(`Evaluating config ${file} failed: just a string`);
  });

  it('eng print-config prints the position', async () => {
    const file = writeConfig('cli.ts', TS_CONFIG);
    let stderr = '';
    const io: CommandIO = { out: () => {}, err: (text) => (stderr += text) };
    expect(await printConfigCommand([file], io)).toBe(1);
    expect(stderr).toContain(`${file}:${positionOf(TS_CONFIG, 'new RangeError')} failed: RangeError: lr too large`);
  });
});
