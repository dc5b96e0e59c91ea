// MMEngine's `_load_checkpoint_to_model` and `load_state_dict`: revise the keys, load non-strictly by default, and
// say in one warning which keys did not match.
import { didYouMean } from '@eng/internal';
import { printLog } from '@eng/logging';
import type { BaseModule, ReviseKeys } from '@eng/model';
import { tf } from '@eng/tensor-gpu';

/** MMEngine's default `revise_keys`: a leading `module.` (a data-parallel wrapper's prefix) is removed. */
export const DEFAULT_REVISE_KEYS: ReviseKeys = [[/^module\./, '']];

const STATE_DICT_PREFIX = 'state_dict.';

export interface LoadModelWeightsOptions {
  /** Missing or unexpected keys (and other shapes) are an error (default false, as MMEngine's `load_checkpoint`). */
  strict?: boolean;
  /**
   * `[pattern, replacement]` pairs applied to every key, in order, each replacing every match (Python's `re.sub`);
   * the replacement uses JavaScript's `$1` for groups. Default {@link DEFAULT_REVISE_KEYS}.
   */
  reviseKeys?: ReviseKeys;
  /** Where the warning of a non-strict load goes (default: the current MMLogger). */
  logger?: { warning(message: string): void };
}

export interface LoadModelWeightsReport {
  missingKeys: string[];
  unexpectedKeys: string[];
  mismatchedKeys: Array<{ key: string; expected: number[]; got: number[] }>;
}

function isTensorMap(value: unknown): value is Record<string, tf.Tensor> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof tf.Tensor);
}

/** The weights of a checkpoint: its `state_dict`, or the dict itself; a `state_dict.` prefix on every key removed. */
function weightsOf(stateDict: Record<string, unknown>): Map<string, tf.Tensor> {
  const inner = stateDict.state_dict;
  const source = (isTensorMap(inner) ? inner : stateDict) as Record<string, tf.Tensor>;
  const keys = Object.keys(source);
  const prefixed = keys.length > 0 && keys.every((k) => k.startsWith(STATE_DICT_PREFIX));
  return new Map(keys.map((k) => [prefixed ? k.slice(STATE_DICT_PREFIX.length) : k, source[k] as tf.Tensor]));
}

function revise(key: string, reviseKeys: ReviseKeys): string {
  let k = key;
  for (const [pattern, replacement] of reviseKeys) {
    const re = typeof pattern === 'string' ? new RegExp(pattern, 'g') : pattern;
    k = k.replace(re.global ? re : new RegExp(re.source, `${re.flags}g`), replacement);
  }
  return k;
}

/** BatchNorm's counter is left out of the missing keys, as MMEngine does (old checkpoints lack it). */
const countsAsMissing = (key: string): boolean => !key.includes('num_batches_tracked');

function mismatchWarning(report: LoadModelWeightsReport, ownKeys: readonly string[]): string | undefined {
  const missing = report.missingKeys.filter(countsAsMissing);
  const lines: string[] = [];
  for (const m of report.mismatchedKeys) {
    lines.push(
      `size mismatch for ${m.key}: copying a param with shape [${m.got.join(', ')}] from checkpoint, ` +
        `the shape in current model is [${m.expected.join(', ')}].`,
    );
  }
  if (report.unexpectedKeys.length) {
    const named = report.unexpectedKeys.map((k) => {
      const hint = didYouMean(k, ownKeys, { count: 1 });
      return hint ? `${k} (${hint})` : k;
    });
    lines.push(`unexpected key in source state_dict: ${named.join(', ')}`);
  }
  if (missing.length) lines.push(`missing keys in source state_dict: ${missing.join(', ')}`);
  if (!lines.length) return undefined;
  return `The model and loaded state dict do not match exactly\n\n${lines.join('\n\n')}\n`;
}

/**
 * Loads weights into a model as MMEngine's `_load_checkpoint_to_model` + `load_state_dict`: takes the checkpoint's
 * `state_dict` (or the given dict itself; a `state_dict.` prefix on every key is removed), revises the keys
 * (`revise_keys`), and copies the tensors into the model's parameters and buffers. Without `strict` (the default),
 * keys that are missing, unexpected (with the nearest model key) or of another shape are skipped and listed in one
 * warning; with `strict` they are a `StateDictError` and nothing is written (a missing `num_batches_tracked` counts in
 * neither, as in MMEngine). The given tensors are disposed afterwards (the model keeps what it loaded), `tf.Variable`s
 * excepted. Returns the full report.
 *
 * @example
 * ```ts
 * const model = MODELS.build({ type: 'Linear', in_features: 2, out_features: 1 }) as BaseModule;
 * const report = loadModelWeights(model, { 'module.weight': tf.ones([1, 2]), extra: tf.zeros([1]) }, { logger: { warning() {} } });
 * report.unexpectedKeys; // → ['extra']
 * report.missingKeys; // → ['bias']
 * ```
 */
export function loadModelWeights(
  model: Pick<BaseModule, 'loadStateDict' | 'stateDict'>,
  stateDict: Record<string, unknown>,
  options: LoadModelWeightsOptions = {},
): LoadModelWeightsReport {
  const strict = options.strict ?? false;
  const reviseKeys = options.reviseKeys ?? DEFAULT_REVISE_KEYS;
  const given = weightsOf(stateDict);
  const revised = new Map<string, tf.Tensor>();
  for (const [key, value] of given) revised.set(revise(key, reviseKeys), value);
  try {
    let report: LoadModelWeightsReport;
    try {
      report = model.loadStateDict(revised, { strict, ignoreShapeMismatch: !strict });
    } catch (error) {
      const e = error as Partial<LoadModelWeightsReport> & { name?: string };
      const onlyCounters =
        strict &&
        e.name === 'StateDictError' &&
        e.unexpectedKeys?.length === 0 &&
        e.mismatchedKeys?.length === 0 &&
        e.missingKeys?.every((k) => !countsAsMissing(k));
      if (!onlyCounters) throw error;
      report = model.loadStateDict(revised, { strict: false });
    }
    if (!strict) {
      const warning = mismatchWarning(report, Object.keys(model.stateDict()));
      if (warning !== undefined) {
        if (options.logger) options.logger.warning(warning);
        else printLog(warning, { logger: 'current', level: 'WARNING' });
      }
    }
    return report;
  } finally {
    for (const t of given.values()) if (!t.isDisposed && !(t instanceof tf.Variable)) t.dispose();
  }
}
