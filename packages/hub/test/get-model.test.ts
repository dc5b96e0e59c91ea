import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MLP } from '@eng/model';
import { initBackend, parseSafetensors, serializeSafetensors, tf, writeSafetensors } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig, getModel, HubError, hubCommand, publishCheckpoint } from '../src';
import { type HubSession, hubNetEntry, makeProject, openHubSession, type Project, type WeightsServer } from './helpers';

let session: HubSession;
let server: WeightsServer;
let project: Project;
let reference: Record<string, tf.Tensor>;

beforeAll(async () => {
  await initBackend();
  // The weights as the package's authors would publish them: a trained (here: seeded) model of the same shape.
  reference = new MLP({ in_features: 4, hidden_channels: [8], num_classes: 3 }).stateDict();
  const weights = await serializeSafetensors(reference);
  session = await openHubSession((s) =>
    [
      'Models:',
      ...hubNetEntry(s, '/hubpkg/hub_net_4x3-0001.safetensors', weights, [
        '    Results:',
        '      - Task: Classification',
        '        Dataset: Blobs',
        '        Metrics: { accuracy/top1: 91.5 }',
      ]),
      '  - Name: hub_net_wide',
      '    Config: configs/hub_net_wide.ts',
      '',
    ].join('\n'),
  );
  ({ server, project } = session);
});

afterAll(() => session.close());

describe('getConfig', () => {
  it('reads a config from the package configs folder, with its _base_', async () => {
    const cfg = await getConfig('hubpkg::hub_net_4x3.ts');
    expect(cfg.get('model.type')).toBe('HubNet');
    expect(cfg.get('model.hidden_channels')).toEqual([8]);
    expect(cfg.has('model_path')).toBe(false);
  });

  it('with pretrained, sets model_path to the Weights of its model index entry', async () => {
    const cfg = await getConfig('hubpkg::hub_net_4x3.ts', { pretrained: true });
    expect(cfg.get('model_path')).toBe(`${server.base}/hubpkg/hub_net_4x3-0001.safetensors`);
    // the extension may be left out
    expect((await getConfig('hubpkg::hub_net_4x3')).get('model.num_classes')).toBe(3);
  });

  it('reads a base config that no model lists, and refuses pretrained for it', async () => {
    expect((await getConfig('hubpkg::_base_/hub_net.ts')).get('model.in_features')).toBe(4);
    await expect(getConfig('hubpkg::_base_/hub_net.ts', { pretrained: true })).rejects.toThrow(
      /no model in .*model-index\.yml has Config .*hub_net\.ts \(its models: hub_net_4x3 \(configs\/hub_net_4x3\.ts\)/,
    );
    await expect(getConfig('hubpkg::hub_net_wide.ts', { pretrained: true })).rejects.toThrow(
      /metafile\.yml: model hub_net_wide has no Weights/,
    );
  });

  it('says what is wrong with a path, a package or a config name', async () => {
    await expect(getConfig('hubpkg:hub_net_4x3.ts')).rejects.toThrow(/single "::"/);
    await expect(getConfig('nopkg::a.ts')).rejects.toThrow(/Package nopkg is not installed .*npm install nopkg/);
    const typo = await getConfig('hubpkg::hub_net_4x2.ts').catch((e: unknown) => e);
    expect(HubError.isInstance(typo) && typo.code).toBe('CONFIG_NOT_FOUND');
    expect((typo as Error).message).toMatch(/hubpkg has no config "hub_net_4x2\.ts".*Did you mean "hub_net_4x3\.ts"/);
    await expect(getConfig('hubpkg::../package.json')).rejects.toThrow(/outside the configs folder/);
  });
});

describe('getModel', () => {
  it('imports the package, builds the model in its scope and loads the weights from the cache', async () => {
    const model = await getModel('hubpkg::hub_net_4x3.ts', { pretrained: true });
    expect(model.constructor.name).toBe('HubNet');
    expect(model.isInit).toBe(true);
    const state = model.stateDict();
    expect(Object.keys(state).sort()).toEqual(Object.keys(reference).sort());
    for (const [key, value] of Object.entries(reference)) {
      expect(Array.from(state[key]?.dataSync() ?? []), key).toEqual(Array.from(value.dataSync()));
    }
    // data_preprocessor from the config is the model's
    expect(model.dataPreprocessor.constructor.name).toBe('ImgDataPreprocessor');
    expect((model.dataPreprocessor as unknown as { padSizeDivisor: number }).padSizeDivisor).toBe(4);
    expect(server.requests).toEqual(['/hubpkg/hub_net_4x3-0001.safetensors']);
    // a second model reuses the cached file
    await getModel('hubpkg::hub_net_4x3.ts', { pretrained: true });
    expect(server.requests).toHaveLength(1);
  });

  it('without pretrained builds freshly initialised weights, and applies overrides to the model config', async () => {
    const model = await getModel('hubpkg::hub_net_4x3.ts', {
      num_classes: 5,
      data_preprocessor: { pad_size_divisor: 8 },
    });
    // the override of the data preprocessor wins over the config's top-level one, the rest of which stays
    expect(model.dataPreprocessor.constructor.name).toBe('ImgDataPreprocessor');
    expect((model.dataPreprocessor as unknown as { padSizeDivisor: number }).padSizeDivisor).toBe(8);
    const head = Object.entries(model.stateDict()).find(([k]) => k.startsWith('head.') && k.endsWith('bias'));
    expect(head?.[1].shape).toEqual([5]);
    expect(model.isInit).toBe(false);
  });

  it('keeps the shared weights and reports the rest when an override changes a shape', async () => {
    const model = await getModel('hubpkg::hub_net_4x3.ts', { pretrained: true, num_classes: 5 });
    const state = model.stateDict();
    const first = Object.keys(reference).find((k) => k.startsWith('layers.')) as string;
    expect(Array.from(state[first]?.dataSync() ?? [])).toEqual(Array.from(reference[first]?.dataSync() ?? []));
  });
});

describe('the model index', () => {
  it('errors name the index file and the entry', async () => {
    const bad = makeProject('Models:\n  - Name: broken\n    Confg: configs/hub_net_4x3.ts\n');
    process.chdir(bad.dir);
    try {
      const error = await getConfig('hubpkg::hub_net_4x3.ts').catch((e: unknown) => e);
      expect(HubError.isInstance(error) && error.code).toBe('BAD_MODEL_INDEX');
      expect((error as Error).message).toMatch(
        /hubpkg\/configs\/metafile\.yml: Models\[0\] \(broken\) has an unknown key "Confg". Did you mean "Config"/,
      );
    } finally {
      process.chdir(project.dir);
      bad.cleanup();
    }
  });
});

describe('publishCheckpoint', () => {
  it('keeps only the weights of a training checkpoint and names the file with its sha256', async () => {
    const dir = join(project.dir, 'publish');
    const checkpoint = join(dir, 'epoch_5.safetensors');
    const tensors: Record<string, tf.Tensor> = { 'optimizer.state.0.momentum_buffer': tf.ones([2]) };
    for (const [k, v] of Object.entries(reference)) tensors[`state_dict.${k}`] = v;
    await writeSafetensors(checkpoint, tensors, { metadata: { meta: '{"epoch":5}' } });
    const published = await publishCheckpoint(checkpoint, join(dir, 'hub_net_4x3.safetensors'));
    expect(published.tensors).toBe(Object.keys(reference).length);
    expect(published.file).toBe(join(dir, `hub_net_4x3-${published.sha256.slice(0, 8)}.safetensors`));
    expect(createHash('sha256').update(readFileSync(published.file)).digest('hex')).toBe(published.sha256);
    const { tensors: read } = parseSafetensors(readFileSync(published.file));
    expect(Object.keys(read).sort()).toEqual(Object.keys(reference).sort());
    const { code, out } = await (async () => {
      let text = '';
      const status = await hubCommand.run(['publish', checkpoint, join(dir, 'again')], {
        out: (t) => (text += t),
        err: (t) => (text += t),
      });
      return { code: status, out: text };
    })();
    expect(code).toBe(0);
    expect(out).toContain(`Sha256: ${published.sha256}`);
    expect(out).toMatch(/again-[0-9a-f]{8}\.safetensors {2}\(4 tensors\)/);
  });
});
