import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Config, ConfigParseError } from '../src/index';
import { type LoaderEngines, loaderEngines } from '../src/loaders/engines';
import { fixtures, tempDir } from './helpers';

const bench = join(import.meta.dirname, '..', 'bench', 'fixtures');

/** Loads `name` from a fresh copy of `tree` with the given engines: no cache of an earlier load answers. */
async function loadCopy(tree: string, name: string, engines: LoaderEngines): Promise<string> {
  const dir = tempDir();
  cpSync(tree, dir, { recursive: true });
  Object.assign(loaderEngines, engines);
  try {
    const cfg = await Config.fromFile(join(dir, name));
    // classes come from each copy's own modules: compare them by name
    return JSON.stringify(cfg.toDict(), (_key, value) =>
      typeof value === 'function' ? `class ${value.name}` : value,
    ).replaceAll(dir, 'DIR');
  } catch (error) {
    return `error: ${(error as Error).message.replaceAll(dir, 'DIR')}`;
  } finally {
    Object.assign(loaderEngines, { yaml: 'js-yaml', modules: 'sucrase' });
  }
}

const previous: LoaderEngines = { yaml: 'yaml', modules: 'jiti' };
const fast: LoaderEngines = { yaml: 'js-yaml', modules: 'sucrase' };

describe('the fast YAML parser and TS evaluator give what the previous ones gave', () => {
  const yamlFixtures = readdirSync(join(fixtures, 'yaml')).map((name) => `yaml/${name}`);
  const tsFixtures = readdirSync(join(fixtures, 'ts'))
    .filter((name) => !name.startsWith('custom_import'))
    .map((name) => `ts/${name}`);

  it.each([...yamlFixtures, ...tsFixtures])('test fixture %s', async (name) => {
    expect(await loadCopy(fixtures, name, fast)).toBe(await loadCopy(fixtures, name, previous));
  });

  it.each(['yaml/faster-rcnn_r50_fpn_ms-3x_coco.yaml', 'ts/faster-rcnn_r50_fpn_ms-3x_coco.ts'])(
    'bench tree %s',
    async (name) => {
      const loaded = await loadCopy(bench, name, fast);
      expect(loaded).toContain('RepeatDataset');
      expect(loaded).toBe(await loadCopy(bench, name, previous));
    },
  );
});

describe('YAML that js-yaml reads differently goes to the yaml package', () => {
  afterEach(() => {
    loaderEngines.yaml = 'js-yaml';
  });

  const load = (text: string) => {
    const file = join(tempDir(), 'cfg.yaml');
    writeFileSync(file, text);
    return Config.fromFile(file);
  };

  it('anchors and aliases are read, and their expansion is limited', async () => {
    const cfg = await load(
      'norm: &norm {type: BN, requires_grad: true}\nbackbone: {norm_cfg: *norm}\nneck: {norm_cfg: *norm}\n',
    );
    expect(cfg.get('neck.norm_cfg')).toEqual({ type: 'BN', requires_grad: true });
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const error = await load(`${levels.join('\n')}\n`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as Error).message).toMatch(/Excessive alias count/);
  });

  it('an empty compact entry (`- - `) ends its sequence', async () => {
    expect((await load('pipeline:\n  - - \n  - x\n')).get('pipeline')).toEqual([[null], 'x']);
  });

  it('a duplicate key is an error at its line and column, as before', async () => {
    const error = (await load('model:\n  depth: 50\n  depth: 101\n').catch((e: unknown) => e)) as ConfigParseError;
    expect(error).toBeInstanceOf(ConfigParseError);
    expect([error.line, error.column]).toEqual([3, 3]);
    expect(error.message).toMatch(/cfg\.yaml:3:3: Map keys must be unique/);
  });

  it('a tag js-yaml does not know is read as before', async () => {
    expect((await load('a: !custom value\n')).get('a')).toBe('value');
  });
});
