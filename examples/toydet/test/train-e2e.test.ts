// A short training of configs/tiny_det_boxes.ts through the Runner (on the sources), and `eng train` on the built
// package (skipped before `pnpm build`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Config } from '@eng/config';
import { Runner } from '@eng/runner';
import { describe, expect, it } from 'vitest';
import '../src/index';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = join(root, 'configs', 'tiny_det_boxes.ts');

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

const SHORT = {
  'train_cfg.max_epochs': 1,
  'train_dataloader.dataset.num_samples': 64,
  'val_dataloader.dataset.num_samples': 16,
  'default_hooks.logger.interval': 2,
};

describe('tiny_det_boxes', () => {
  it('trains a few iterations through the Runner and writes a checkpoint, scalars.json and drawn boxes', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'toydet-e2e-'));
    // toydet is imported above (from its sources): its custom_imports would load the built package instead
    const cfg = await Config.fromFile(file, { importCustomModules: false });
    cfg.set('custom_imports', null);
    cfg.set('work_dir', workDir);
    for (const [key, value] of Object.entries(SHORT)) cfg.set(key, value);
    const runner = Runner.fromCfg(cfg);
    try {
      await runner.train();
    } finally {
      await runner.close();
    }
    const files = filesUnder(workDir);
    expect(files).toContain('epoch_1.safetensors');
    expect(files).toContain('last_checkpoint');
    const scalars = files.find((f) => f.endsWith(join('vis_data', 'scalars.json')));
    expect(scalars).toBeDefined();
    const lines = readFileSync(join(workDir, scalars as string), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => typeof l.loss === 'number')).toBe(true);
    expect(lines.some((l) => typeof l['box/mAP'] === 'number')).toBe(true);
    const pngs = files.filter((f) => f.includes(join('vis_data', 'vis_image')) && f.endsWith('.png'));
    expect(pngs.length).toBeGreaterThanOrEqual(1);
    expect([...readFileSync(join(workDir, pngs[0] as string)).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  // the `eng` of the installed @eng/runner (its bin; pnpm links node_modules/.bin/eng only when the build was there
  // at install time)
  const runnerDir = dirname(createRequire(import.meta.url).resolve('@eng/runner/package.json'));
  const cli = join(
    runnerDir,
    (JSON.parse(readFileSync(join(runnerDir, 'package.json'), 'utf8')) as { bin: { eng: string } }).bin.eng,
  );
  const built =
    existsSync(cli) &&
    existsSync(join(root, 'dist', 'index.js')) &&
    existsSync(join(root, '..', 'toycls', 'dist', 'index.js'));
  it.skipIf(!built)('trains through `eng train` with custom_imports of the built package', () => {
    const workDir = mkdtempSync(join(tmpdir(), 'toydet-cli-'));
    const options = Object.entries(SHORT).map(([k, v]) => `${k}=${v}`);
    const run = spawnSync(
      process.execPath,
      [cli, 'train', file, '--work-dir', workDir, '--no-progress', '--cfg-options', ...options],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Final validation: box\/mAP: [\d.]+/);
    const files = filesUnder(workDir);
    expect(files).toContain('epoch_1.safetensors');
    expect(files.some((f) => f.endsWith('scalars.json'))).toBe(true);
    expect(files.some((f) => f.includes('vis_image') && f.endsWith('.png'))).toBe(true);
  });

  it.skipIf(!built)('`eng registry` shows the tree with the toycls and toydet scopes under the roots', () => {
    const run = spawnSync(process.execPath, [cli, 'registry', '--import', 'toydet', '--registry', 'MODELS'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    expect(lines[at(/^model \(scope eng, /)]).toBeDefined();
    expect(lines[at(/^ {2}model \(scope toycls, \d+ modules\)/) + 1]).toMatch(
      /ImageClassifier, LinearClsHead, SmallResNet/,
    );
    expect(lines[at(/^ {2}model \(scope toydet, \d+ modules\)/) + 1]).toMatch(/CenterHead.*TinyDetector/);
  });
});
