// Reading a param group's hyper-parameters inside an update rule (internal: not re-exported from ./index).
import { OptimizerError } from '../errors';
import type { ParamGroup } from './base';

/** Reads a numeric hyper-parameter of a group, with a clear error when a scheduler or config broke it. */
export function num(group: ParamGroup, key: string): number {
  const value = group[key];
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new OptimizerError('BAD_HYPERPARAM', `param group option '${key}' should be a number, got ${String(value)}`);
  }
  return value;
}

/** Reads `betas` of a group. */
export function betas(group: ParamGroup): [number, number] {
  const value = group.betas;
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number')) {
    throw new OptimizerError(
      'BAD_HYPERPARAM',
      `param group option 'betas' should be [beta1, beta2], got ${String(value)}`,
    );
  }
  return [value[0] as number, value[1] as number];
}
