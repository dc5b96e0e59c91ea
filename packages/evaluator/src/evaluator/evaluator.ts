import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { METRICS, withConfigPath } from '@eng/registry';
import { BaseDataElement } from '@eng/structures';
import { z } from 'zod';
import { EvaluatorError } from '../errors';
import { BaseMetric } from '../metric/base-metric';

type MetricInput = BaseMetric | { type: string | Function; [key: string]: unknown };

export interface EvaluatorOptions {
  /** One metric or several: objects or METRICS configs. */
  metrics: MetricInput | readonly MetricInput[];
}

/**
 * MMEngine's `Evaluator`: runs several metrics over the same predictions. `process(dataSamples, dataBatch)` hands each
 * metric the predictions (data elements as plain objects); `evaluate(size)` merges their results, refusing two
 * metrics that report the same name.
 *
 * @example
 * const evaluator = new Evaluator([{ type: 'Accuracy', topk: [1] }]);
 * evaluator.process([{ pred_label: 1, gt_label: 1 }]);
 * evaluator.evaluate(1); // { 'accuracy/top1': 100 }
 */
export class Evaluator {
  static readonly optionsSchema = optionsSchema<EvaluatorOptions>({
    metrics: z.union([z.custom<MetricInput>((v) => !Array.isArray(v)), z.array(z.custom<MetricInput>())]),
  } satisfies ShapeOf<EvaluatorOptions>);

  readonly metrics: readonly BaseMetric[];
  private _datasetMeta: Record<string, unknown> | null = null;

  constructor(options: EvaluatorOptions | readonly MetricInput[] | MetricInput) {
    const metrics: unknown =
      Array.isArray(options) || options instanceof BaseMetric || (options as { type?: unknown }).type !== undefined
        ? options
        : (options as EvaluatorOptions).metrics;
    const list = (Array.isArray(metrics) ? metrics : [metrics]) as MetricInput[];
    this.metrics = list.map((metric, i) => {
      if (metric instanceof BaseMetric) return metric;
      if (metric !== null && typeof metric === 'object' && 'type' in metric) {
        return withConfigPath(`metrics[${i}]`, () => METRICS.build(metric as never)) as BaseMetric;
      }
      throw new EvaluatorError(
        'BAD_OPTIONS',
        `Evaluator: metrics[${i}] should be a metric or a metric config ({ type: 'Accuracy', ... }), got ${describe(metric)}`,
      );
    });
  }

  /** The dataset's metainfo, passed on to every metric. */
  get datasetMeta(): Record<string, unknown> | null {
    return this._datasetMeta;
  }

  set datasetMeta(meta: Record<string, unknown> | null) {
    this._datasetMeta = meta;
    for (const metric of this.metrics) metric.datasetMeta = meta;
  }

  /** Hands one batch's predictions (and the batch itself) to every metric. */
  process(dataSamples: readonly unknown[], dataBatch?: unknown): void {
    const samples = dataSamples.map((s) => (s instanceof BaseDataElement ? s.toDict() : s));
    for (const metric of this.metrics) metric.process(dataBatch ?? null, samples);
  }

  /** Every metric's results over `size` samples, merged. */
  evaluate(size: number): Record<string, number> {
    const merged: Record<string, number> = {};
    for (const metric of this.metrics) {
      for (const [name, value] of Object.entries(metric.evaluate(size))) {
        if (name in merged) {
          throw new EvaluatorError(
            'DUPLICATE_METRIC',
            `There are multiple evaluation results with the same metric name ${name}. Please make sure all metrics have different prefixes.`,
          );
        }
        merged[name] = value;
      }
    }
    return merged;
  }

  /**
   * Evaluates predictions made earlier, without a loop (MMEngine's `offline_evaluate`): `dataSamples` (and the
   * matching `data`, when the metrics need the inputs) are processed `chunkSize` at a time, then evaluated over all.
   *
   * @example
   * new Evaluator({ metrics: [{ type: 'Accuracy' }] }).offlineEvaluate([{ pred_label: 1, gt_label: 1 }]);
   * // { 'accuracy/top1': 100 }
   */
  offlineEvaluate(
    dataSamples: readonly unknown[],
    data?: readonly unknown[] | null,
    chunkSize = 1,
  ): Record<string, number> {
    if (!Number.isInteger(chunkSize) || chunkSize < 1) {
      throw new EvaluatorError(
        'BAD_OPTIONS',
        `offlineEvaluate: chunkSize must be a positive integer, got ${chunkSize}`,
      );
    }
    if (data != null && data.length !== dataSamples.length) {
      throw new EvaluatorError(
        'BAD_OPTIONS',
        `offlineEvaluate: data_samples and data should have the same length, but got ${dataSamples.length} and ${data.length}`,
      );
    }
    for (let i = 0; i < dataSamples.length; i += chunkSize) {
      this.process(dataSamples.slice(i, i + chunkSize), data?.slice(i, i + chunkSize));
    }
    return this.evaluate(dataSamples.length);
  }
}
