import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeReadme, freshDir, packageRoot, readReadme, rewriteEngImports } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';
import { Config } from '../src/index';

const packageDir = packageRoot(import.meta.url);
const readme = readReadme(packageDir);

/** A directory with the README's three config files, where its first example expects them (the working directory). */
function project(): string {
  const dir = freshDir('config-readme');
  mkdirSync(join(dir, 'configs', '_base_'), { recursive: true });
  for (const name of ['configs/_base_/resnet50.json', 'configs/_base_/optimizer.yaml', 'configs/resnet50_cifar.ts']) {
    writeFileSync(join(dir, name), rewriteEngImports(readme.blockAfter(`\`${name}\``).code, packageDir));
  }
  return dir;
}

describe('README', () => {
  it('the three-file inheritance merges to the result it shows', async () => {
    const cfg = await Config.fromFile(join(project(), 'configs/resnet50_cifar.ts'));
    expect(cfg.prettyText).toBe(readme.blockAfter('prints the merged result').code);
  });
});

let cwd = '';
describeReadme(packageDir, {
  options: () => ({ cwd: (cwd = project()) }),
  // the first example's overrides apply, and its dump reloads to an equal config
  after: async (_block, { bindings }) => {
    const cfg = bindings.cfg as Config;
    expect(cfg.get('param_scheduler.0.milestones')).toEqual([16, 22]);
    const dumped = await Config.fromFile(join(cwd, 'work_dirs/resnet50_cifar/config.yaml'));
    expect(dumped.toDict()).toEqual(cfg.toDict());
  },
});
