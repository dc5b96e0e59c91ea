import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureLog } from '@eng/logging/test';
import { EVALUATOR, METRICS } from '@eng/registry';
import { BaseDataElement, LabelData } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';
import { freshDir } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';
import { Accuracy, BaseMetric, DumpResults, Evaluator, EvaluatorError } from '../src';

class Count extends BaseMetric {
  static override defaultPrefix = 'count';
  process(_batch: unknown, samples: readonly unknown[]) {
    this.results.push(...samples);
  }
  computeMetrics(results: unknown[]) {
    return { n: results.length };
  }
}

describe('BaseMetric', () => {
  it('names metrics prefix/name, keeps the first size results (a padded sampler repeats), and clears', () => {
    const m = new Count();
    m.process(null, [1, 2, 3]);
    expect(m.evaluate(2)).toEqual({ 'count/n': 2 });
    expect(m.results).toEqual([]);
    expect(new Count({ prefix: 'mine' }).prefix).toBe('mine');
  });

  it('reads defaultPrefix from an instance field too, and warns without any prefix or results', () => {
    class Field extends Count {
      defaultPrefix = 'field';
    }
    expect(new Field().prefix).toBe('field');
    class NoPrefix extends BaseMetric {
      process() {}
      computeMetrics() {
        return { x: 1 };
      }
    }
    const lines = captureLog();
    expect(new NoPrefix().evaluate(0)).toEqual({ x: 1 });
    expect(lines.join('\n')).toMatch(/got empty `results`/);
    expect(lines.join('\n')).toMatch(/The prefix is not set in metric class NoPrefix/);
  });

  it('checks collect_device and collect_dir', () => {
    expect(() => new Count({ collect_device: 'tpu' as never })).toThrow(/collect_device should be 'cpu' or 'gpu'/);
    expect(() => new Count({ collect_device: 'gpu', collect_dir: '/tmp' })).toThrow(/collect_dir can only be set/);
  });
});

describe('Accuracy', () => {
  const samples = [
    { pred_score: [0.1, 0.7, 0.2], gt_label: 2 },
    { pred_score: [0.6, 0.3, 0.1], gt_label: 0 },
    { pred_score: [0.2, 0.3, 0.5], gt_label: 1 },
    { pred_score: [0.05, 0.05, 0.9], gt_label: 2 },
  ];

  it('reports top-k in percent, as mmpretrain does', () => {
    const acc = new Accuracy({ topk: [1, 2, 3] });
    acc.process(null, samples);
    expect(acc.evaluate(4)).toEqual({ 'accuracy/top1': 50, 'accuracy/top2': 100, 'accuracy/top3': 100 });
  });

  it('with several thresholds, names each, and counts a hit only above its threshold', () => {
    const acc = new Accuracy({ topk: 1, thrs: [null, 0.55, 0.8] });
    acc.process(null, samples);
    expect(acc.evaluate(4)).toEqual({
      'accuracy/top1_no-thr': 50,
      'accuracy/top1_thr-0.55': 50,
      'accuracy/top1_thr-0.80': 25,
    });
  });

  it('reads labels as numbers, lists, LabelData and tensors; predictions as data elements; labels only is top-1', () => {
    const acc = new Accuracy();
    acc.process(null, [
      new BaseDataElement({ pred_score: tf.tensor1d([0.9, 0.1]), gt_label: new LabelData({ label: [0] }) }).toDict(),
      { pred_score: new Float32Array([0.2, 0.8]), gt_label: tf.tensor1d([0], 'int32') },
    ]);
    expect(acc.evaluate(2)).toEqual({ 'accuracy/top1': 50 });
    const labels = new Accuracy();
    labels.process(null, [
      { pred_label: 1, gt_label: [1] },
      { pred_label: 0, gt_label: 1 },
      { pred_label: 2, gt_label: 2 },
    ]);
    expect(labels.evaluate(3)['accuracy/top1']).toBeCloseTo(200 / 3, 10);
  });

  it('says what is wrong with a prediction or topk', () => {
    expect(() => new Accuracy().process(null, [{ pred_score: [1], gt_label: 'cat' }])).toThrow(
      /data sample 0 has no usable gt_label \(got the string "cat"\)/,
    );
    const acc = new Accuracy({ topk: 5 });
    acc.process(null, samples);
    expect(() => acc.evaluate(4)).toThrow(/Top-5 accuracy is unavailable since the number of categories is 3/);
    expect(() => METRICS.build({ type: 'Accuracy', top_k: 5 })).toThrow(/Did you mean "topk"/);
  });
});

describe('DumpResults', () => {
  it('writes the predictions as JSON Lines (tensors as arrays) and reports nothing', () => {
    const file = join(freshDir('dump-results'), 'preds.jsonl');
    const dump = new DumpResults({ out_file_path: file });
    dump.process(null, [{ pred_score: tf.tensor1d([0.5, 0.5]), gt_label: 1 }, { pred_label: 0 }]);
    expect(dump.evaluate(2)).toEqual({});
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ pred_score: [0.5, 0.5], gt_label: 1 }, { pred_label: 0 }]);
    expect(() => new DumpResults({ out_file_path: 'x.pkl' })).toThrow(/must end with .json or .jsonl/);
  });
});

describe('Evaluator', () => {
  it('runs several metrics from configs over data elements and merges their results', () => {
    const evaluator = EVALUATOR.build({
      type: 'Evaluator',
      metrics: [{ type: 'Accuracy', topk: [1] }, new Count()],
    }) as Evaluator;
    evaluator.datasetMeta = { classes: ['a', 'b'] };
    expect(evaluator.metrics.every((m) => m.datasetMeta?.classes !== undefined)).toBe(true);
    evaluator.process([
      new BaseDataElement({ pred_label: 1, gt_label: 1 }),
      new BaseDataElement({ pred_label: 0, gt_label: 1 }),
    ]);
    expect(evaluator.evaluate(2)).toEqual({ 'accuracy/top1': 50, 'count/n': 2 });
    expect(new Evaluator({ type: 'Accuracy' }).metrics).toHaveLength(1);
  });

  it('refuses two metrics with the same name, and names a bad metric config', () => {
    const evaluator = new Evaluator([new Count(), new Count()]);
    evaluator.process([1]);
    expect(() => evaluator.evaluate(1)).toThrow(EvaluatorError);
    expect(() => new Evaluator([{ type: 'Acuracy' }])).toThrow(/Did you mean "Accuracy"/);
    expect(() => new Evaluator([42 as never])).toThrow(/metrics\[0\] should be a metric or a metric config/);
  });
});

describe('Evaluator.offlineEvaluate', () => {
  it('processes saved predictions in chunks and evaluates them all', () => {
    const samples = [
      { pred_label: 1, gt_label: 1 },
      { pred_label: 0, gt_label: 1 },
      { pred_label: 2, gt_label: 2 },
      { pred_label: 3, gt_label: 3 },
    ];
    expect(new Evaluator({ metrics: [{ type: 'Accuracy' }] }).offlineEvaluate(samples, null, 3)).toEqual({
      'accuracy/top1': 75,
    });
    expect(() => new Evaluator({ metrics: [{ type: 'Accuracy' }] }).offlineEvaluate(samples, [{}], 1)).toThrow(
      /same length/,
    );
    expect(() => new Evaluator({ metrics: [{ type: 'Accuracy' }] }).offlineEvaluate(samples, null, 0)).toThrow(
      /chunkSize/,
    );
  });
});
