import { ModelError } from '../errors';
import type { BaseModule } from '../module/base-module';
import { meanValue } from '../module/mean-value';

/**
 * Records `initInfo` for every parameter of `module` whose value changed since it was last recorded (MMEngine
 * `update_init_info`; the mean is the change detector, as there).
 */
export function updateInitInfo(module: BaseModule, initInfo: string): void {
  const table = module._paramsInitInfo;
  if (!table) throw new ModelError('NO_INIT_INFO', `${module.constructor.name} is not inside an initWeights() call`);
  for (const [name, p] of module.namedParameters()) {
    const entry = table.get(p);
    if (!entry) {
      throw new ModelError(
        'NEW_PARAMETER_DURING_INIT',
        `found a new parameter named "${name}" while running initWeights of ${module.constructor.name}; ` +
          'do not add or replace parameters inside initWeights',
      );
    }
    const mean = meanValue(p);
    if (mean !== entry.tmpMeanValue) {
      entry.initInfo = initInfo;
      entry.tmpMeanValue = mean;
    }
  }
}
