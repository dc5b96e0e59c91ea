import { extname } from 'node:path';
import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { writeFileAtomicSync } from '@eng/fileio';
import { printLog } from '@eng/logging';
import { z } from 'zod';
import { EvaluatorError } from '../errors';
import { BaseMetric } from './base-metric';
import { toPlain } from './to-plain';

export interface DumpResultsOptions {
  /** The file the predictions are written to: `.json` (one array) or `.jsonl` (one prediction a line). */
  out_file_path: string;
  collect_device?: 'cpu' | 'gpu';
  collect_dir?: string | null;
}

const FORMATS = ['.json', '.jsonl'] as const;

/**
 * MMEngine's `DumpResults`: writes every prediction (data elements as plain objects, tensors as arrays) to a file
 * when evaluated, atomically, and reports no metric. MMEngine writes a pickle; here it is JSON or JSON Lines.
 *
 * @example
 * const dump = new DumpResults({ out_file_path: 'work_dirs/preds.jsonl' });
 */
export class DumpResults extends BaseMetric {
  static readonly optionsSchema = optionsSchema<DumpResultsOptions>({
    out_file_path: z.string(),
    collect_device: z.enum(['cpu', 'gpu']).optional(),
    collect_dir: z.string().nullable().optional(),
  } satisfies ShapeOf<DumpResultsOptions>);

  readonly outFilePath: string;

  constructor(options: DumpResultsOptions) {
    const { out_file_path, ...base } = options;
    super(base);
    const ext = typeof out_file_path === 'string' ? extname(out_file_path).toLowerCase() : '';
    if (!(FORMATS as readonly string[]).includes(ext)) {
      throw new EvaluatorError(
        'BAD_OPTIONS',
        `DumpResults: out_file_path must end with ${FORMATS.join(' or ')} (MMEngine's .pkl has no JavaScript counterpart), got ${describe(out_file_path)}`,
      );
    }
    this.outFilePath = out_file_path;
  }

  process(_dataBatch: unknown, dataSamples: readonly unknown[]): void {
    for (const sample of dataSamples) this.results.push(toPlain(sample));
  }

  computeMetrics(results: unknown[]): Record<string, number> {
    const text = this.outFilePath.toLowerCase().endsWith('.jsonl')
      ? results.map((r) => JSON.stringify(r)).join('\n') + (results.length ? '\n' : '')
      : `${JSON.stringify(results)}\n`;
    writeFileAtomicSync(this.outFilePath, text);
    printLog(`Results has been saved to ${this.outFilePath}.`, { logger: 'current' });
    return {};
  }
}
