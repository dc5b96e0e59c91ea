// The runner's side of distributed training: setting up the launcher (MMEngine's `setup_env` → `init_dist`) and
// wrapping the model (MMEngine's `wrap_model`).
import { initDistSync, type Launcher } from '@eng/dist';
import { describe, didYouMean } from '@eng/internal';
import { type BaseModel, isModelWrapper } from '@eng/model';
import { MODEL_WRAPPERS, withConfigPath } from '@eng/registry';
import { RunnerError } from '../errors';
import type { PartConfig } from './runner-options';

const LAUNCHERS = ['none', 'mpi', 'slurm'] as const;

/**
 * Sets this process up as `launcher` says: `'none'` one process; `'mpi'` one rank of `mpirun -np N`; `'slurm'` one
 * task of `srun --mpi=pmix`. MMEngine's `'pytorch'` (torchrun) has no counterpart: the error says what to use.
 */
export function setUpDistributed(launcher: unknown): void {
  if (launcher === 'pytorch') {
    throw new RunnerError(
      'NOT_SUPPORTED',
      `launcher "pytorch" starts processes with torchrun, which eng has no counterpart of: start the ranks with "mpirun -np N eng train CONFIG --launcher mpi" (or "eng train CONFIG --nproc N"), or under Slurm with "srun --mpi=pmix eng train CONFIG --launcher slurm"`,
    );
  }
  if (!(LAUNCHERS as readonly unknown[]).includes(launcher)) {
    const hint = typeof launcher === 'string' ? didYouMean(launcher, LAUNCHERS) : '';
    throw new RunnerError(
      'BAD_OPTIONS',
      `launcher should be one of ${LAUNCHERS.map((l) => `"${l}"`).join(', ')}, got ${describe(launcher)}${hint ? `. ${hint}` : ''}`,
    );
  }
  // 'none' leaves the process as it is (a runner of a job that is already distributed stays one of its ranks)
  if (launcher !== 'none') initDistSync(launcher as Launcher);
}

/**
 * MMEngine's `wrap_model`: the model as it trains. In one process the model itself (a wrapper given as the model is
 * kept, and `model_wrapper_cfg` cannot wrap it again); in a distributed run the wrapper `model_wrapper_cfg` names,
 * built with `module: model` (any wrapper in MODEL_WRAPPERS), else `MMDistributedDataParallel` with
 * `broadcast_buffers: false` (MMEngine's default).
 */
export function wrapModel(model: BaseModel, cfg: PartConfig | undefined, distributed: boolean): BaseModel {
  if (isModelWrapper(model)) {
    if (cfg !== undefined) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `the model is already wrapped (${model.constructor.name}), so model_wrapper_cfg cannot wrap it again: remove model_wrapper_cfg or pass the bare model`,
      );
    }
    return model;
  }
  // As MMEngine: one process trains the model itself, whatever model_wrapper_cfg says.
  if (!distributed) return model;
  if (cfg === undefined) {
    return MODEL_WRAPPERS.build({
      type: 'MMDistributedDataParallel',
      module: model,
      broadcast_buffers: false,
      find_unused_parameters: false,
    } as never) as unknown as BaseModel;
  }
  return withConfigPath('model_wrapper_cfg', () =>
    MODEL_WRAPPERS.build({ type: 'MMDistributedDataParallel', ...cfg, module: model } as never),
  ) as unknown as BaseModel;
}
