import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Config, parseCfgOptions } from '../src/index';
import { tempDir } from './helpers';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

/** The code block that follows the first occurrence of `marker` in the README. */
function blockAfter(marker: string): string {
  const at = readme.indexOf(marker);
  expect(at, `README mentions ${marker}`).toBeGreaterThanOrEqual(0);
  return /```\w*\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
}

describe('README', () => {
  it('the three-file inheritance merges to the result it shows, and the overrides of the first example apply', async () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir, 'configs', '_base_'), { recursive: true });
      for (const name of [
        'configs/_base_/resnet50.json',
        'configs/_base_/optimizer.yaml',
        'configs/resnet50_cifar.ts',
      ]) {
        const source = join(import.meta.dirname, '..', 'src', 'index.ts');
        writeFileSync(join(dir, name), blockAfter(`\`${name}\``).replace("'@eng/config'", JSON.stringify(source)));
      }
      const cfg = await Config.fromFile(join(dir, 'configs/resnet50_cifar.ts'));
      expect(cfg.prettyText).toBe(blockAfter('prints the merged result'));

      cfg.mergeFromDict(parseCfgOptions(['model.backbone.depth=101', 'param_scheduler.0.milestones=[16,22]']));
      expect(cfg.get('model.backbone.depth')).toBe(101);
      expect(cfg.get('param_scheduler.0.milestones')).toEqual([16, 22]);
      const dumped = join(dir, 'work_dirs/resnet50_cifar/config.yaml');
      cfg.dump(dumped);
      expect((await Config.fromFile(dumped)).toDict()).toEqual(cfg.toDict());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
