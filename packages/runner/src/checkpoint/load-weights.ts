import { didYouMean } from '@eng/internal';
import type { BaseModule, ReviseKeys } from '@eng/model';
import { tf } from '@eng/tensor-gpu';

/** MMEngine's default `revise_keys`: a leading `module.` (a data-parallel wrapper's prefix) is removed. */
export const DEFAULT_REVISE_KEYS: ReviseKeys = [[/^module\./, '']];

export interface LoadModelWeightsOptions {
  /** Missing or unexpected keys are an error (default false, as MMEngine's `load_checkpoint`). */
  strict?: boolean;
  /** `[pattern, replacement]` pairs applied to every key, in order. */
  reviseKeys?: ReviseKeys;
  /** Where the missing and unexpected keys of a non-strict load are reported. */
  logger?: { warning(message: string): void };
}

export interface LoadModelWeightsReport {
  missingKeys: string[];
  unexpectedKeys: string[];
  mismatchedKeys: Array<{ key: string; expected: number[]; got: number[] }>;
}

/**
 * Loads weights into a model as MMEngine's `_load_checkpoint_to_model`: the keys are revised, then copied into the
 * model's parameters and buffers; without `strict`, keys that are missing, unexpected or of another shape are
 * reported (the nearest model key beside each unexpected one) instead of raised. The given tensors are disposed.
 */
export function loadModelWeights(
  model: Pick<BaseModule, 'loadStateDict' | 'stateDict'>,
  stateDict: Record<string, tf.Tensor>,
  options: LoadModelWeightsOptions = {},
): LoadModelWeightsReport {
  const strict = options.strict ?? false;
  const revised = new Map<string, tf.Tensor>();
  for (const [key, value] of Object.entries(stateDict)) {
    let k = key;
    for (const [pattern, replacement] of options.reviseKeys ?? DEFAULT_REVISE_KEYS)
      k = k.replace(new RegExp(pattern), replacement);
    revised.set(k, value);
  }
  try {
    const report = model.loadStateDict(revised, { strict, ignoreShapeMismatch: !strict }) as LoadModelWeightsReport;
    if (!strict && options.logger) {
      const own = Object.keys(model.stateDict());
      const lines: string[] = [];
      if (report.unexpectedKeys.length) {
        lines.push(
          `unexpected key in source state_dict: ${report.unexpectedKeys
            .map((k) => {
              const hint = didYouMean(k, own, { count: 1 });
              return hint ? `${k} (${hint})` : k;
            })
            .join(', ')}`,
        );
      }
      if (report.mismatchedKeys.length) {
        lines.push(
          `these keys have mismatched shape:\n${report.mismatchedKeys
            .map((m) => `  ${m.key}: the checkpoint has [${m.got.join(', ')}], the model [${m.expected.join(', ')}]`)
            .join('\n')}`,
        );
      }
      if (report.missingKeys.length) lines.push(`missing keys in source state_dict: ${report.missingKeys.join(', ')}`);
      if (lines.length)
        options.logger.warning(`The model and loaded state dict do not match exactly\n\n${lines.join('\n')}\n`);
    }
    return report;
  } finally {
    for (const t of revised.values()) if (!t.isDisposed && !(t instanceof tf.Variable)) t.dispose();
  }
}
