import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaseMetric } from '@eng/evaluator';
import { BaseModel, BaseTTAModel, type ForwardMode, Linear } from '@eng/model';
import { METRICS, MODELS } from '@eng/registry';
import { initBackend } from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Hook, PrepareTTAHook, Runner } from '../src/index';

/** MMEngine's test model: predicts its data samples back. */
class EchoModel extends BaseModel {
  linear = new Linear({ in_features: 1, out_features: 1 });
  override forward(_inputs: unknown, dataSamples?: unknown, _mode: ForwardMode = 'tensor'): unknown {
    return dataSamples;
  }
}

/** Merges the views of each sample by summing them. */
class SumTTA extends BaseTTAModel {
  mergePreds(list: unknown[][]): unknown[] {
    return list.map((views) => (views as number[]).reduce((a, b) => a + b, 0));
  }
}

beforeAll(async () => {
  await initBackend({ prefer: ['wasm', 'cpu'] });
  MODELS.registerModule({ module: SumTTA, name: 'PrepareTTAHookTestSumTTA', force: true });
});

function fakeRunner(model: BaseModel): { runner: Runner; models: unknown[] } {
  const models: unknown[] = [];
  let current: unknown = model;
  const runner = {
    get model() {
      return current;
    },
    set model(m: unknown) {
      models.push(m);
      current = m;
    },
  };
  return { runner: runner as unknown as Runner, models };
}

describe('PrepareTTAHook', () => {
  it('is a Hook that keeps the config it was given', () => {
    const ttaCfg = { type: 'PrepareTTAHookTestSumTTA' };
    const hook = new PrepareTTAHook({ tta_cfg: ttaCfg });
    expect(hook).toBeInstanceOf(Hook);
    expect(hook.ttaCfg).toBe(ttaCfg);
  });

  it('wraps runner.model in the TTA model before testing', () => {
    const model = new EchoModel();
    const { runner, models } = fakeRunner(model);
    const ttaCfg = { type: 'PrepareTTAHookTestSumTTA' };
    const hook = new PrepareTTAHook({ tta_cfg: ttaCfg });
    expect(runner.model).not.toBeInstanceOf(BaseTTAModel);
    hook.beforeTest(runner);
    const wrapped = runner.model as unknown as SumTTA;
    expect(wrapped).toBeInstanceOf(SumTTA);
    expect(wrapped.module).toBe(model);
    expect(ttaCfg).toEqual({ type: 'PrepareTTAHookTestSumTTA' });
    // Two augmented views of a batch of two samples: each sample's predictions are merged.
    expect(
      wrapped.testStep({
        inputs: [
          [0, 0],
          [0, 0],
        ],
        data_samples: [
          [1, 2],
          [10, 20],
        ],
      }),
    ).toEqual([11, 22]);
    // A second test() keeps the wrapper instead of wrapping it again.
    hook.beforeTest(runner);
    expect(models).toHaveLength(1);
    model.dispose();
  });

  it('refuses a tta_cfg that does not build a model with testStep', () => {
    const { runner } = fakeRunner(new EchoModel());
    class NotTTA {
      constructor(readonly options: { module: unknown }) {}
    }
    MODELS.registerModule({ module: NotTTA, name: 'PrepareTTAHookTestNotTTA', force: true });
    const hook = new PrepareTTAHook({ tta_cfg: { type: 'PrepareTTAHookTestNotTTA' } });
    expect(() => hook.beforeTest(runner)).toThrow(/must build a test-time augmentation model with testStep/);
    expect(() => new PrepareTTAHook({ tta_cfg: 'SumTTA' as never })).toThrow(/tta_cfg must be a model config/);
  });

  it('names an unknown TTA type with the nearest registered one', () => {
    const { runner } = fakeRunner(new EchoModel());
    const hook = new PrepareTTAHook({ tta_cfg: { type: 'PrepareTTAHookTestSumTT' } });
    expect(() => hook.beforeTest(runner)).toThrow(/PrepareTTAHookTestSumTTA/);
  });
});

describe('PrepareTTAHook in a test run (MMEngine test_before_test)', () => {
  class Collect extends BaseMetric {
    static override defaultPrefix = 'tta';
    override process(_batch: unknown, samples: readonly unknown[]): void {
      this.results.push(...samples);
    }
    override computeMetrics(results: unknown[]): Record<string, number> {
      return { sum: (results as number[]).reduce((a, b) => a + b, 0) };
    }
  }
  if (!METRICS.get('PrepareTTAHookTestCollect'))
    METRICS.registerModule({ name: 'PrepareTTAHookTestCollect', module: Collect });

  it('runner.test() runs the TTA model around runner.model', async () => {
    const root = mkdtempSync(join(tmpdir(), 'eng-tta-'));
    // One batch of two samples, each in two augmented views.
    const batch = {
      inputs: [
        [0, 0],
        [0, 0],
      ],
      data_samples: [
        [1, 2],
        [10, 20],
      ],
    };
    const loader = {
      length: 1,
      dataset: { length: 2 },
      async *[Symbol.asyncIterator]() {
        yield batch;
      },
    };
    const model = new EchoModel();
    const runner = new Runner({
      model,
      work_dir: root,
      experiment_name: 'tta',
      test_dataloader: loader,
      test_cfg: {},
      test_evaluator: { type: 'PrepareTTAHookTestCollect' },
      custom_hooks: [{ type: 'PrepareTTAHook', tta_cfg: { type: 'PrepareTTAHookTestSumTTA' } }],
      default_hooks: { logger: null, checkpoint: null },
      env_cfg: { backend: ['wasm', 'cpu'] },
      log_level: 'WARNING',
    } as never);
    const metrics = await runner.test();
    expect(runner.model).toBeInstanceOf(SumTTA);
    expect((runner.model as unknown as SumTTA).module).toBe(model);
    expect(metrics['tta/sum']).toBe(1 + 10 + 2 + 20);
    await runner.close();
    rmSync(root, { recursive: true, force: true });
  });
});
