import { buildFromCfg, type Registry } from '@eng/registry';
import { SchedulerError } from '../errors';
import type { EpochArgs, ParamScheduler } from './param-scheduler';

type SchedulerClass = {
  iterArgsFromEpoch(options: EpochArgs): EpochArgs;
  name: string;
};

/**
 * The build function of `PARAM_SCHEDULERS` (MMEngine's `build_scheduler_from_cfg`): a config with
 * `convert_to_iter_based: true` is built through the class's `buildIterFromEpoch` with `epoch_length` from the
 * config or the default args; otherwise `epoch_length` is dropped and the class is built as usual.
 *
 * @example
 * PARAM_SCHEDULERS.build({ type: 'MultiStepLR', milestones: [8, 11], convert_to_iter_based: true },
 *   { optimizer: optimWrapper, epoch_length: 100 });
 */
export function buildSchedulerFromCfg(cfg: object, registry: Registry, defaultArgs?: object): ParamScheduler {
  if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) {
    throw new TypeError(`cfg should be an object, but got ${cfg === null ? 'null' : typeof cfg}`);
  }
  const args: Record<string, unknown> = { ...(cfg as Record<string, unknown>) };
  for (const [key, value] of Object.entries(defaultArgs ?? {})) if (!(key in args)) args[key] = value;
  const scope = args._scope_ as string | undefined;
  delete args._scope_;
  return registry.switchScopeAndRegistry(scope, (reg) => {
    const convert = args.convert_to_iter_based;
    delete args.convert_to_iter_based;
    if (!convert) {
      delete args.epoch_length;
      return buildFromCfg(args as { type: string }, reg) as ParamScheduler;
    }
    const type = args.type;
    delete args.type;
    if (!('epoch_length' in args) || args.by_epoch === false) {
      throw new SchedulerError(
        'NOT_CONVERTIBLE',
        `Only epoch-based parameter scheduler can be converted to iter-based, and \`epoch_length\` should be set (type ${String(type)})`,
      );
    }
    let cls: SchedulerClass | undefined;
    if (typeof type === 'string') {
      cls = reg.get(type) as unknown as SchedulerClass | undefined;
      if (cls === undefined) {
        throw new SchedulerError(
          'UNKNOWN_TYPE',
          `${type} is not in the ${reg.name} registry (scope ${reg.scope}). Please check whether the value of \`${type}\` is correct or it was registered as expected.`,
        );
      }
    } else if (typeof type === 'function') {
      cls = type as unknown as SchedulerClass;
    } else {
      throw new TypeError(`type must be a str or valid type, but got ${typeof type}`);
    }
    if (typeof cls.iterArgsFromEpoch !== 'function') {
      throw new SchedulerError(
        'NOT_CONVERTIBLE',
        `${cls.name} has no buildIterFromEpoch, so it cannot be converted to iter-based`,
      );
    }
    // Built through the registry, so that the converted options are checked against the class's schema.
    return buildFromCfg({ type: cls, ...cls.iterArgsFromEpoch(args as EpochArgs) }, reg) as ParamScheduler;
  });
}
