import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { Config, ENG_CONFIG_KEYS, type EngConfig, type EngConfigKey } from '../src/index';
import { tempDir } from './helpers';

let warnings: Array<{ message: string; code: string | undefined }>;
beforeEach(() => {
  warnings = [];
  vi.spyOn(process, 'emitWarning').mockImplementation(((message: string | Error, options?: { code?: string }) => {
    warnings.push({ message: String(message), code: options?.code });
  }) as typeof process.emitWarning);
});
afterEach(() => {
  vi.restoreAllMocks();
});

function write(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('a top-level key that is a near miss of a known one warns', () => {
  it('names the file, the key and the suggestion; unrelated user keys do not warn', async () => {
    const dir = tempDir();
    const file = write(
      dir,
      'exp.json',
      JSON.stringify({
        trian_cfg: { max_epochs: 3 },
        optim_wraper: { type: 'OptimWrapper' },
        model: { type: 'Net' },
        my_setting: 1,
        dataset_type: 'CIFAR10',
        data_root: 'data/',
        train_pipeline: [],
        test_pipeline: [],
        img_scale: [224, 224],
        env_cfg: {},
      }),
    );
    await Config.fromFile(file);
    expect(warnings.map((w) => w.message)).toEqual([
      `Config ${file}: unknown top-level key "trian_cfg". Did you mean "train_cfg"?`,
      `Config ${file}: unknown top-level key "optim_wraper". Did you mean "optim_wrapper"?`,
    ]);
    expect(warnings.every((w) => w.code === 'ENG_CONFIG_UNKNOWN_KEY')).toBe(true);
  });

  it('a near miss in a base names the base file', async () => {
    const dir = tempDir();
    const base = write(dir, 'base.yaml', 'defualt_hooks: {}\nvisualiser: {}\n');
    const child = write(
      dir,
      'child.ts',
      "export const _base_ = ['./base.yaml'];\nexport default { work_dirs: './w' };\n",
    );
    await Config.fromFile(child);
    expect(warnings.map((w) => w.message).sort()).toEqual(
      [
        `Config ${base}: unknown top-level key "defualt_hooks". Did you mean "default_hooks"?`,
        `Config ${base}: unknown top-level key "visualiser". Did you mean "visualizer"?`,
        `Config ${child}: unknown top-level key "work_dirs". Did you mean "work_dir"?`,
      ].sort(),
    );
  });

  it('Config.fromString warns too; known keys never warn', async () => {
    const keys = Object.fromEntries(ENG_CONFIG_KEYS.filter((k) => k !== '_base_').map((k) => [k, null]));
    await Config.fromString(JSON.stringify(keys), '.json');
    expect(warnings).toEqual([]);
    await Config.fromString('{ "val_evaluater": {} }', '.json', { filename: join(tempDir(), 'typo.json') });
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/typo\.json: unknown top-level key "val_evaluater"\. Did you mean "val_evaluator"\?$/),
    ]);
  });
});

describe("ENG_CONFIG_KEYS is the runtime list of defineConfig's known keys", () => {
  it('holds the keys of the runner (MMEngine Runner.from_cfg) and matches the type', () => {
    for (const key of ['model', 'work_dir', 'train_cfg', 'optim_wrapper', 'data_preprocessor', 'default_hooks']) {
      expect(ENG_CONFIG_KEYS).toContain(key);
    }
    expectTypeOf<EngConfigKey>().toEqualTypeOf<(typeof ENG_CONFIG_KEYS)[number]>();
    expectTypeOf<EngConfig['train_cfg']>().not.toBeUnknown();
  });
});
