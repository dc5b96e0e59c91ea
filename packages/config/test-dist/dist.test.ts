// Runs against the built package (pnpm build first), in plain node processes: ESM and CJS builds both
// load configs (the `eng` bin that prints them is tested in @eng/runner's test-dist).
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
});
