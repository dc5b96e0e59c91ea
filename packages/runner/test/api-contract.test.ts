// The public API contract: the names eng promises its users, which acceptance tests import from the built packages
// as a user would. The contract is a Markdown document kept beside the repository (`../shared/api-contract.md`, next
// to the checkout). Every name it gives for the packages that exist so far is checked here on the packages' sources, with the kind the contract promises. The list is written
// out in this file on purpose: the test keeps failing if a name disappears or changes kind, whatever the document
// says at run time. The document itself is read only to catch the other direction, a name it promises that a
// package does not export.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as config from '@eng/config';
import * as dataset from '@eng/dataset';
import * as dist from '@eng/dist';
import * as evaluator from '@eng/evaluator';
import * as fileio from '@eng/fileio';
import * as hub from '@eng/hub';
import { isClassSyntax } from '@eng/internal';
import * as logging from '@eng/logging';
import * as model from '@eng/model';
import * as optim from '@eng/optim';
import * as registry from '@eng/registry';
import * as tensorGpu from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as runner from '../src';
import { contractNames, contractSection } from './contract-names';

/** The repository's root (this file is `packages/runner/test/api-contract.test.ts`). */
const REPO_ROOT = new URL('../../../', import.meta.url);
/** Where the contract sits: `shared/api-contract.md` in the folder that holds the repository's checkout. */
const CONTRACT_PATH = fileURLToPath(new URL('../shared/api-contract.md', REPO_ROOT));

type AnyFn = (...args: unknown[]) => unknown;

beforeAll(async () => {
  await tensorGpu.initBackend({ prefer: ['cpu'] });
});

function isClass(value: unknown): boolean {
  return typeof value === 'function' && isClassSyntax(value);
}

/** `name` found on the object or its prototype chain, as a data property or an accessor. */
function lookup(target: object, name: string): PropertyDescriptor | undefined {
  for (let o: object | null = target; o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (d !== undefined) return d;
  }
  return undefined;
}

function expectClass(pkg: Record<string, unknown>, name: string, statics: string[] = [], methods: string[] = []) {
  const cls = pkg[name] as { prototype: object } & Record<string, unknown>;
  expect(isClass(cls), `${name} is a class`).toBe(true);
  for (const s of statics) expect(typeof cls[s], `${name}.${s} is a static method`).toBe('function');
  for (const m of methods) {
    const d = lookup(cls.prototype, m);
    expect(typeof d?.value, `${name}.prototype.${m} is an instance method`).toBe('function');
  }
}

function expectFunctions(pkg: Record<string, unknown>, names: string[]) {
  for (const name of names) {
    expect(typeof pkg[name], `${name} is a function`).toBe('function');
    expect(isClass(pkg[name]), `${name} is a plain function, not a class`).toBe(false);
  }
}

/** Properties read on an instance: they may be getters or own fields. */
function expectProps(instance: object, names: string[], label: string) {
  for (const name of names) expect(name in instance, `${label}.${name}`).toBe(true);
}

const ROOT_REGISTRIES = [
  'RUNNERS',
  'RUNNER_CONSTRUCTORS',
  'LOOPS',
  'HOOKS',
  'DATASETS',
  'DATA_SAMPLERS',
  'TRANSFORMS',
  'MODELS',
  'MODEL_WRAPPERS',
  'WEIGHT_INITIALIZERS',
  'OPTIMIZERS',
  'OPTIM_WRAPPERS',
  'OPTIM_WRAPPER_CONSTRUCTORS',
  'PARAM_SCHEDULERS',
  'METRICS',
  'EVALUATOR',
  'TASK_UTILS',
  'VISUALIZERS',
  'VISBACKENDS',
  'LOG_PROCESSORS',
  'INFERENCERS',
  'FUNCTIONS',
] as const;

describe('@eng/registry', () => {
  const pkg = registry as unknown as Record<string, unknown>;

  it('Registry: class, statics, methods and properties', () => {
    expectClass(
      pkg,
      'Registry',
      ['splitScopeKey'],
      ['registerModule', 'get', 'has', 'build', 'switchScopeAndRegistry', 'importFromLocation'],
    );
    const parent = new registry.Registry('api contract parent', { scope: 'api_contract_parent' });
    const child = new registry.Registry('api contract child', { parent, scope: 'api_contract_child' });
    expectProps(child, ['name', 'scope', 'parent', 'root', 'children', 'moduleDict', 'size', 'buildFunc'], 'registry');
    expect(child.root).toBe(parent);
    expect(parent.children).toBeInstanceOf(Map);
    expect(child.moduleDict).toBeInstanceOf(Map);
    expect(typeof child.buildFunc).toBe('function');
    expect(registry.Registry.splitScopeKey('mmdet.ResNet')).toEqual(['mmdet', 'ResNet']);
  });

  it('functions', () => {
    expectFunctions(pkg, ['buildFromCfg', 'initDefaultScope', 'countRegisteredModules', 'traverseRegistryTree']);
  });

  it('DefaultScope and ManagerMixin', () => {
    expectClass(pkg, 'DefaultScope', ['getInstance', 'getCurrentInstance', 'overwriteDefaultScope'], []);
    expectClass(pkg, 'ManagerMixin', ['getInstance', 'getCurrentInstance', 'checkInstanceCreated'], []);
    const scope = registry.DefaultScope.getInstance('api-contract-scope', { scopeName: 'eng' });
    expectProps(scope, ['scopeName', 'instanceName'], 'defaultScope');
    class Managed extends registry.ManagerMixin {}
    const managed = Managed.getInstance('api-contract-managed');
    expect(Managed.getInstance('api-contract-managed')).toBe(managed);
    expect(managed.instanceName).toBe('api-contract-managed');
  });

  it('the 22 root registries, each a distinct root of scope "eng"', () => {
    const seen = new Set<unknown>();
    for (const name of ROOT_REGISTRIES) {
      const reg = pkg[name] as registry.Registry;
      expect(reg, name).toBeInstanceOf(registry.Registry);
      expect(reg.scope, `${name}.scope`).toBe('eng');
      expect(reg.parent, `${name}.parent`).toBeUndefined();
      seen.add(reg);
    }
    expect(seen.size).toBe(22);
  });
});

describe('@eng/config', () => {
  const pkg = config as unknown as Record<string, unknown>;

  it('Config: statics, methods and properties', async () => {
    expectClass(pkg, 'Config', ['fromFile', 'fromString', 'diff'], ['get', 'set', 'mergeFromDict', 'toDict', 'dump']);
    const cfg = await config.Config.fromString('{"a": {"b": 1}}', '.json');
    expectProps(cfg, ['filename', 'text', 'prettyText'], 'config');
    expect(cfg.get('a.b')).toBe(1);
  });

  it('parseCfgOptions', () => {
    expectFunctions(pkg, ['parseCfgOptions']);
  });
});

describe('@eng/fileio', () => {
  it('functions', () => {
    expectFunctions(fileio as unknown as Record<string, unknown>, [
      'get',
      'getText',
      'put',
      'putText',
      'exists',
      'isDir',
      'isFile',
      'joinPath',
      'remove',
      'rmtree',
      'copyfile',
      'listDirOrFile',
      'load',
      'dump',
      'listFromFile',
      'dictFromFile',
      'registerBackend',
      'registerHandler',
    ]);
  });
});

describe('@eng/logging', () => {
  const pkg = logging as unknown as Record<string, unknown>;

  it('HistoryBuffer', () => {
    expectClass(
      pkg,
      'HistoryBuffer',
      ['registerStatistics'],
      ['update', 'current', 'mean', 'min', 'max', 'statistics'],
    );
    expectProps(new logging.HistoryBuffer(), ['data'], 'historyBuffer');
  });

  it('MessageHub', () => {
    expectClass(
      pkg,
      'MessageHub',
      ['getInstance', 'getCurrentInstance'],
      ['updateScalar', 'updateScalars', 'getScalar', 'updateInfo', 'getInfo', 'stateDict', 'loadStateDict'],
    );
    expectProps(logging.MessageHub.getInstance('api-contract-hub'), ['logScalars', 'runtimeInfo'], 'messageHub');
  });

  it('MMLogger, printLog and LogProcessor (registered in LOG_PROCESSORS)', () => {
    expectClass(pkg, 'MMLogger', ['getInstance', 'getCurrentInstance'], []);
    expectFunctions(pkg, ['printLog']);
    expectClass(pkg, 'LogProcessor');
    expect(registry.LOG_PROCESSORS.get('LogProcessor')).toBe(logging.LogProcessor);
  });
});

describe('@eng/tensor-gpu', () => {
  it('initBackend, setRandomSeed and the one tf instance', () => {
    expectFunctions(tensorGpu as unknown as Record<string, unknown>, ['initBackend', 'setRandomSeed']);
    expect(typeof tensorGpu.tf.tensor).toBe('function');
    expect(typeof tensorGpu.tf.getBackend).toBe('function');
  });
});

describe('models', () => {
  const pkg = model as unknown as Record<string, unknown>;

  it('module classes and buildModelFromCfg', () => {
    for (const name of [
      'BaseModule',
      'BaseModel',
      'Sequential',
      'ModuleList',
      'ModuleDict',
      'BaseDataPreprocessor',
      'ImgDataPreprocessor',
      'ExponentialMovingAverage',
    ]) {
      expectClass(pkg, name);
    }
    expectClass(pkg, 'BaseModule', [], ['namedParameters', 'stateDict', 'loadStateDict']);
    expectFunctions(pkg, ['buildModelFromCfg']);
  });

  it("layers are in MODELS under PyTorch's names with PyTorch's option names", () => {
    const linear = registry.MODELS.build({ type: 'Linear', in_features: 4, out_features: 2, bias: true });
    expect(linear).toBeInstanceOf(model.BaseModule);
    expect([...(linear as model.BaseModule).namedParameters()].map(([n, p]) => [n, p.shape])).toEqual([
      ['weight', [2, 4]],
      ['bias', [2]],
    ]);
    const conv = registry.MODELS.build({
      type: 'Conv2d',
      in_channels: 3,
      out_channels: 5,
      kernel_size: 3,
      stride: 1,
      padding: 1,
    });
    expect(conv).toBeInstanceOf(model.BaseModule);
  });
});

describe('@eng/optim', () => {
  it('buildOptimWrapper, getLr/getMomentum, paramGroups and PARAM_SCHEDULERS.build', () => {
    expectFunctions(optim as unknown as Record<string, unknown>, ['buildOptimWrapper']);
    const net = registry.MODELS.build({ type: 'Linear', in_features: 2, out_features: 1 }) as model.BaseModule;
    const optimWrapper = optim.buildOptimWrapper(net, {
      type: 'OptimWrapper',
      optimizer: { type: 'SGD', lr: 0.1, momentum: 0.9 },
    });
    expect(optimWrapper.getLr()).toEqual({ lr: [0.1] });
    expect(optimWrapper.getMomentum()).toEqual({ momentum: [0.9] });
    const [group] = optimWrapper.paramGroups;
    expect(group).toMatchObject({ lr: 0.1, momentum: 0.9, weight_decay: 0 });
    expect(group?.params).toHaveLength(2);
    const scheduler = registry.PARAM_SCHEDULERS.build(
      { type: 'StepLR', step_size: 1, gamma: 0.5 },
      {
        optimizer: optimWrapper,
      },
    ) as Record<string, AnyFn>;
    for (const m of ['step', 'stateDict', 'loadStateDict']) expect(typeof scheduler[m], m).toBe('function');
    scheduler.step?.();
    expect(optimWrapper.getLr().lr[0]).toBeCloseTo(0.05, 12);
  });
});

describe('@eng/dataset', () => {
  const pkg = dataset as unknown as Record<string, unknown>;

  it('classes, methods and registries', async () => {
    expectClass(
      pkg,
      'BaseDataset',
      [],
      ['fullInit', 'getDataInfo', 'getCatIds', 'getItem', 'getSubset', 'loadDataList', 'parseDataInfo', 'filterData'],
    );
    expect(typeof dataset.BaseDataset.METAINFO).toBe('object');
    for (const name of ['ConcatDataset', 'RepeatDataset', 'ClassBalancedDataset', 'BaseDataset']) {
      expect(registry.DATASETS.get(name), `DATASETS has ${name}`).toBe(pkg[name]);
    }
    for (const name of ['Compose', 'RandomChoice', 'RandomApply', 'KeyMapper', 'TestTimeAug']) {
      expectClass(pkg, name, [], ['transform']);
      expect(registry.TRANSFORMS.get(name), `TRANSFORMS has ${name}`).toBe(pkg[name]);
    }
    // BaseTransform's transform is abstract (MMCV's too): a subclass provides it.
    expectClass(pkg, 'BaseTransform');
    class Twice extends dataset.BaseTransform {
      transform(r: dataset.Results) {
        return { ...r, v: (r.v as number) * 2 };
      }
    }
    expect(new dataset.Compose([new Twice()]).transform({ v: 2 })).toEqual({ v: 4 });
    for (const name of ['DefaultSampler', 'InfiniteSampler']) {
      expectClass(pkg, name, [], ['setEpoch']);
      expect(registry.DATA_SAMPLERS.get(name)).toBe(pkg[name]);
    }
    expectFunctions(pkg, ['pseudoCollate', 'defaultCollate']);
    expect(registry.FUNCTIONS.get('pseudo_collate')).toBe(dataset.pseudoCollate);
    expect(registry.FUNCTIONS.get('default_collate')).toBe(dataset.defaultCollate);

    const ds = new dataset.BaseDataset({ data_prefix: {}, lazy_init: true });
    expectProps(ds, ['length', 'metainfo'], 'dataset');
    const loader = new dataset.DataLoader({ dataset: { length: 3, getItem: (i: number) => i }, batch_size: 2 });
    expect(loader.length).toBe(2);
    const batches: unknown[] = [];
    for await (const b of loader) batches.push(b);
    expect(batches).toEqual([[0, 1], [2]]);
    await loader.close();
    expect(() =>
      new dataset.RepeatDataset({ dataset: { length: 2, getItem: (i: number) => i }, times: 2 }).getItem(4),
    ).toThrow(RangeError);
  });
});

describe('@eng/evaluator', () => {
  it('BaseMetric, Evaluator, and the METRICS Accuracy and DumpResults', () => {
    const pkg = evaluator as unknown as Record<string, unknown>;
    expectClass(pkg, 'BaseMetric', [], ['evaluate']);
    expectClass(pkg, 'Evaluator', [], ['process', 'evaluate']);
    expect(registry.EVALUATOR.get('Evaluator')).toBe(evaluator.Evaluator);
    expect(registry.METRICS.get('Accuracy')).toBe(evaluator.Accuracy);
    expect(registry.METRICS.get('DumpResults')).toBe(evaluator.DumpResults);
    const ev = new evaluator.Evaluator({ metrics: [{ type: 'Accuracy', topk: 1 }] });
    ev.process([{ pred_score: [0.2, 0.8], gt_label: 1 }], { inputs: [] });
    expect(ev.evaluate(1)).toEqual({ 'accuracy/top1': 100 });
  });
});

describe('@eng/dist', () => {
  it('every name of its section, working as the single process with launcher none', async () => {
    const pkg = dist as unknown as Record<string, unknown>;
    const names = [...contractNames(contractSection(readFileSync(CONTRACT_PATH, 'utf8'), '@eng/dist') ?? '')];
    expect(names).toEqual(expect.arrayContaining(['initDist', 'allReduce', 'collectResults', 'masterOnly']));
    expectFunctions(pkg, names);
    const pending = dist.initDist('none');
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    expect([dist.isDistributed(), dist.getRank(), dist.getWorldSize(), dist.getLocalRank()]).toEqual([false, 0, 1, 0]);
    expect(dist.isMainProcess()).toBe(true);
    await expect(dist.barrier()).resolves.toBeUndefined();
    const data = Float32Array.of(1, 2);
    await expect(dist.allReduce(data, 'mean')).resolves.toBe(data);
    await expect(dist.broadcast(data, 0)).resolves.toBe(data);
    await expect(dist.allGather(data)).resolves.toEqual([data]);
    await expect(dist.collectResults(['a', 'b', 'c'], 2)).resolves.toEqual(['a', 'b']);
    expect(dist.masterOnly(() => 7)()).toBe(7);
  });
});

describe('@eng/hub', () => {
  it('getConfig and getModel, async functions of a pkg::path and options', async () => {
    expect(typeof hub.getConfig).toBe('function');
    expect(typeof hub.getModel).toBe('function');
    // an unknown package is a HubError from the promise, never a throw before it
    const pending = hub.getConfig('not-installed-pkg::x.ts');
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toMatchObject({ name: 'HubError', code: 'PACKAGE_NOT_FOUND' });
    await expect(hub.getModel('not-installed-pkg::x.ts', { pretrained: true })).rejects.toMatchObject({
      code: 'PACKAGE_NOT_FOUND',
    });
  });
});

describe('@eng/runner', () => {
  it('the Runner, Hook, Priority, the hooks and loops in their registries, and the eng command line', () => {
    const pkg = runner as unknown as Record<string, unknown>;
    expectClass(
      pkg,
      'Runner',
      ['fromCfg'],
      ['train', 'val', 'test', 'registerHook', 'callHook', 'saveCheckpoint', 'loadCheckpoint', 'resume'],
    );
    for (const getter of ['epoch', 'iter', 'maxEpochs', 'maxIters', 'model', 'optimWrapper', 'hooks']) {
      expect(typeof lookup(runner.Runner.prototype, getter)?.get, `Runner.prototype.${getter} is a getter`).toBe(
        'function',
      );
    }
    expectClass(
      pkg,
      'Hook',
      [],
      ['beforeRun', 'afterTrainIter', 'afterValEpoch', 'beforeSaveCheckpoint', 'afterLoadCheckpoint'],
    );
    expect(new runner.Hook().priority).toBe('NORMAL');
    expect(runner.Priority).toEqual({
      HIGHEST: 0,
      VERY_HIGH: 10,
      HIGH: 30,
      ABOVE_NORMAL: 40,
      NORMAL: 50,
      BELOW_NORMAL: 60,
      LOW: 70,
      VERY_LOW: 90,
      LOWEST: 100,
    });
    // VisualizationHook comes with @eng/visualization's drawing (its own issue)
    for (const name of [
      'RuntimeInfoHook',
      'IterTimerHook',
      'DistSamplerSeedHook',
      'LoggerHook',
      'ParamSchedulerHook',
      'CheckpointHook',
      'EMAHook',
      'EarlyStoppingHook',
      'EmptyCacheHook',
      'SyncBuffersHook',
      'ProfilerHook',
      'PrepareTTAHook',
    ]) {
      expect(registry.HOOKS.get(name), `HOOKS has ${name}`).toBe(pkg[name]);
    }
    for (const name of ['EpochBasedTrainLoop', 'IterBasedTrainLoop', 'ValLoop', 'TestLoop']) {
      expect(registry.LOOPS.get(name), `LOOPS has ${name}`).toBe(pkg[name]);
    }
    expect(registry.RUNNERS.get('Runner')).toBe(runner.Runner);
    expectFunctions(pkg, ['main', 'usage']);
    expect(Object.keys(runner.commands)).toEqual(expect.arrayContaining(['train', 'test', 'print-config', 'registry']));
  });
});

describe('the contract document', () => {
  // Its sections for the packages this repository has so far, and the modules that must export what each one names.
  const sections: Array<[heading: string, pkg: object]> = [
    ['@eng/registry', registry],
    ['@eng/config', config],
    ['@eng/fileio', fileio],
    ['@eng/logging', logging],
    ['@eng/tensor-gpu', tensorGpu],
    ['Models', model],
    ['@eng/optim', optim],
    ['@eng/dataset', dataset],
    ['@eng/evaluator', evaluator],
    ['@eng/hub', hub],
    ['@eng/runner', runner],
  ];

  it('promises no name that these packages do not export', (ctx) => {
    ctx.skip(
      !existsSync(CONTRACT_PATH),
      `no API contract at ${CONTRACT_PATH} (it is kept in shared/ beside the repository's checkout)`,
    );
    const markdown = readFileSync(CONTRACT_PATH, 'utf8');
    for (const [heading, pkg] of sections) {
      const code = contractSection(markdown, heading);
      expect(code, `the contract has a "## ${heading}" section with a ts code block`).toBeDefined();
      // A section may name a root registry (`PARAM_SCHEDULERS.build(...)` under @eng/optim): those are @eng/registry's.
      const missing = [...contractNames(code ?? '')].filter((name) => !(name in pkg) && !(name in registry));
      expect(missing, `names the contract's "${heading}" section promises`).toEqual([]);
    }
  });
});
