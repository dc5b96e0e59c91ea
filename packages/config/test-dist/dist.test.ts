// Runs against the built package (pnpm build first), in plain node processes: ESM and CJS builds both
// load configs (the `eng` bin that prints them is tested in @eng/runner's test-dist).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evalNode, packageRoot } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const root = packageRoot(import.meta.url);
const dist = join(root, 'dist');
const fixture = (name: string) => join(root, 'test', 'fixtures', name);

describe('built @eng/config', () => {
  it('the ESM build loads a tree of mixed formats', () => {
    const result = evalNode(
      `
      const { Config } = await import(${JSON.stringify(join(dist, 'index.js'))});
      const cfg = await Config.fromFile(${JSON.stringify(fixture('yaml/merge_from_multiple_bases.yaml'))});
      console.log(JSON.stringify(cfg.get('item7.b.c')));`,
      { cwd: root },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([3.1, 4.2, 5.3]);
  });

  it('the CJS build loads a TS config and parses --cfg-options', () => {
    const result = evalNode(
      `
      import { createRequire } from 'node:module';
      const { Config, parseCfgOptions } = createRequire(import.meta.url)(${JSON.stringify(join(dist, 'index.cjs'))});
      const cfg = await Config.fromFile(${JSON.stringify(fixture('ts/function_config.ts'))});
      cfg.mergeFromDict(parseCfgOptions(['item2.b=[1,2]']));
      console.log(JSON.stringify(cfg.get('item2')));`,
      { cwd: root },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ a: 0, b: [1, 2] });
  });

  it('a TS config sees the imports it names as the program imports them (Node ESM semantics)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eng-config-dist-'));
    const files: Record<string, string> = {
      'node_modules/compiled/package.json': '{ "name": "compiled", "main": "index.js" }',
      'node_modules/compiled/index.js':
        'Object.defineProperty(exports, "__esModule", { value: true });\nexports.default = { kind: "default" };\nexports.named = "named";\n',
      'node_modules/esm/package.json':
        '{ "name": "esm", "type": "module", "exports": { "import": "./i.js", "require": "./r.cjs" } }',
      'node_modules/esm/i.js': 'export class Net {}\n',
      'node_modules/esm/r.cjs': 'exports.Net = class NetFromRequire {};\n',
      'cfg.ts':
        "import compiled, { named } from 'compiled';\nimport { Net } from 'esm';\nimport { defineConfig } from '@eng/config';\nexport default defineConfig({ compiled, named, net: Net });\n",
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const result = evalNode(
      `
      const { Config } = await import(${JSON.stringify(join(dist, 'index.js'))});
      const cfg = await Config.fromFile(${JSON.stringify(join(dir, 'cfg.ts'))});
      const compiled = await import(${JSON.stringify(join(dir, 'node_modules/compiled/index.js'))});
      const esm = await import(${JSON.stringify(join(dir, 'node_modules/esm/i.js'))});
      console.log(JSON.stringify([cfg.get('compiled'), compiled.default, cfg.get('named'), cfg.get('net') === esm.Net]));`,
      { cwd: root },
    );
    expect(result.stderr).toBe('');
    const compiledExports = { default: { kind: 'default' }, named: 'named' };
    expect(JSON.parse(result.stdout)).toEqual([compiledExports, compiledExports, 'named', true]);
  });
});
