import { describe } from '@eng/internal';
import { DATASETS, type Registry } from '@eng/registry';
import { DatasetError } from '../errors';

const RECORDED = Symbol.for('@eng/dataset.options');

/** Keeps the options a dataset was made with, so that a loader's workers can build their own copy. */
export function recordOptions(dataset: object, options: unknown): void {
  Object.defineProperty(dataset, RECORDED, { value: options, enumerable: false, configurable: true });
}

function registeredName(cls: Function, registry: Registry<any>, prefix: string): string | undefined {
  for (const [name, module] of registry.moduleDict) if (module === cls) return `${prefix}${name}`;
  for (const child of registry.children.values()) {
    const found = registeredName(cls, child, `${child.scope}.`);
    if (found) return found;
  }
  return undefined;
}

/**
 * The config a worker builds the dataset from: the config itself, or, for a dataset object, its class's name in
 * DATASETS with the options it was made with (which must survive structured cloning).
 */
export function workerDatasetConfig(dataset: unknown): Record<string, unknown> {
  if (dataset !== null && typeof dataset === 'object' && 'type' in dataset && !('getItem' in dataset)) {
    return dataset as Record<string, unknown>;
  }
  const cls = (dataset as object).constructor;
  const name = registeredName(cls, DATASETS as Registry<any>, '');
  const options = (dataset as { [RECORDED]?: unknown })[RECORDED];
  const fix =
    'pass the dataset to the DataLoader as a config ({ type: ..., ... }), with its class registered in DATASETS (imported in the workers through worker_imports)';
  if (name === undefined || options === undefined) {
    throw new DatasetError(
      'BAD_OPTIONS',
      `num_workers > 0 needs a dataset the workers can build, but ${describe(dataset)} ${name === undefined ? `(class ${cls.name}) is not registered in DATASETS` : 'has no recorded options'}: ${fix}`,
    );
  }
  try {
    structuredClone(options);
  } catch (error) {
    throw new DatasetError(
      'BAD_OPTIONS',
      `num_workers > 0: the options of the ${cls.name} dataset cannot be sent to a worker (${(error as Error).message}; functions and class instances in a pipeline cannot): ${fix}`,
      { cause: error },
    );
  }
  return { ...(options as Record<string, unknown>), type: name };
}
