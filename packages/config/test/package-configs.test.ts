import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Config, type ConfigError } from '../src/index';
import { tempDir } from './helpers';

// A project with an installed package `@acme/det` that ships configs, as mmdet does for `mmdet::`.
let project: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

beforeAll(() => {
  project = tempDir();
  const pkg = join(project, 'node_modules', '@acme', 'det');
  write(
    join(pkg, 'package.json'),
    JSON.stringify({ name: '@acme/det', version: '1.0.0', eng: { configs: 'det-configs' } }),
  );
  write(
    join(pkg, 'det-configs', '_base_', 'models', 'faster-rcnn.json'),
    JSON.stringify({ model: { type: 'FasterRCNN', backbone: { type: 'ResNet', depth: 50 } } }),
  );
  write(
    join(pkg, 'det-configs', '_base_', 'schedule_1x.yaml'),
    'train_cfg: {type: EpochBasedTrainLoop, max_epochs: 12}\nlr: 0.02\n',
  );
  const plain = join(project, 'node_modules', 'plain-configs');
  write(join(plain, 'package.json'), JSON.stringify({ name: 'plain-configs', eng: { scope: 'plain' } }));
  write(join(plain, 'configs', 'runtime.json'), JSON.stringify({ default_hooks: { logger: { type: 'LoggerHook' } } }));
  write(join(project, 'configs', 'local_base.json'), JSON.stringify({ toy_model: { type: 'ToyModel' } }));
  write(
    join(project, 'configs', 'exp', 'cross_repo.json'),
    JSON.stringify({
      _base_: [
        '@acme/det::_base_/models/faster-rcnn.json',
        '@acme/det::_base_/schedule_1x.yaml',
        'plain-configs::runtime.json',
        '../local_base.json',
      ],
      model: { backbone: { depth: 101 } },
    }),
  );
});

describe('Inherit configuration files across packages (pkg::path)', () => {
  it('finds the package from the config directory and its configs folder from package.json', async () => {
    const cfg = await Config.fromFile(join(project, 'configs', 'exp', 'cross_repo.json'));
    expect(cfg.get('model')).toEqual({ type: 'FasterRCNN', backbone: { type: 'ResNet', depth: 101 }, _scope_: 'det' });
    expect(cfg.get('train_cfg')).toEqual({ type: 'EpochBasedTrainLoop', max_epochs: 12, _scope_: 'det' });
    expect(cfg.get('lr')).toBe(0.02);
    expect(cfg.get('default_hooks.logger')).toEqual({ type: 'LoggerHook', _scope_: 'plain' });
    // local bases get no scope
    expect(cfg.get('toy_model')).toEqual({ type: 'ToyModel' });
  });

  it('errors: package not installed, config missing, path escaping the package', async () => {
    const file = join(project, 'configs', 'bad.json');
    write(file, JSON.stringify({ _base_: 'not-installed::a.json' }));
    await expect(Config.fromFile(file)).rejects.toThrow(/Package not-installed is not installed/);
    write(file, JSON.stringify({ _base_: '@acme/det::nope.json' }));
    const error = (await Config.fromFile(file).catch((e: unknown) => e)) as ConfigError;
    expect(error.code).toBe('PACKAGE_CONFIG');
    expect(error.message).toContain('det-configs');
    expect(error.file).toBe(file);
    write(file, JSON.stringify({ _base_: '@acme/det::../package.json' }));
    await expect(Config.fromFile(file)).rejects.toThrow(/outside the configs folder/);
    write(file, JSON.stringify({ _base_: 'a::b::c.json' }));
    await expect(Config.fromFile(file)).rejects.toThrow(/single "::"/);
  });
});
