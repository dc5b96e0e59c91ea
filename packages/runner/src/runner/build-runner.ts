import type { Config } from '@eng/config';
import { didYouMean } from '@eng/internal';
import { RUNNERS } from '@eng/registry';
import { RunnerError } from '../errors';
import type { Runner } from './runner';

type RunnerClass = { fromCfg(cfg: Config | Record<string, unknown>): Runner; name: string };

/**
 * Builds the runner a config asks for (MMEngine's `build_runner_from_cfg`): `runner_type` names a class in
 * `RUNNERS` (default `'Runner'`), and its `fromCfg` builds it.
 */
export function buildRunner(cfg: Config | Record<string, unknown>): Runner {
  const type = (
    typeof (cfg as Config).get === 'function'
      ? (cfg as Config).get('runner_type', 'Runner')
      : ((cfg as Record<string, unknown>).runner_type ?? 'Runner')
  ) as unknown;
  let cls: RunnerClass | undefined;
  if (typeof type === 'function') cls = type as unknown as RunnerClass;
  else if (typeof type === 'string') cls = RUNNERS.get(type) as unknown as RunnerClass | undefined;
  if (cls === undefined || typeof cls.fromCfg !== 'function') {
    const hint = typeof type === 'string' ? didYouMean(type, RUNNERS.moduleDict.keys()) : '';
    throw new RunnerError(
      'BAD_OPTIONS',
      `runner_type: "${String(type)}" is not a runner in the RUNNERS registry (scope ${RUNNERS.scope})${hint ? `. ${hint}` : ''}`,
    );
  }
  return cls.fromCfg(cfg);
}

/** The default entry of `RUNNER_CONSTRUCTORS`: `new DefaultRunnerConstructor({ runner_cfg }).build()` is `buildRunner`. */
export class DefaultRunnerConstructor {
  readonly runnerCfg: Config | Record<string, unknown>;

  constructor(options: { runner_cfg: Config | Record<string, unknown> }) {
    this.runnerCfg = options.runner_cfg;
  }

  build(): Runner {
    return buildRunner(this.runnerCfg);
  }
}
