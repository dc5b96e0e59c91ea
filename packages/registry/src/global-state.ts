import { platform } from '#platform';
import type { ScopeStore } from './scope-store/types';
import type { StandardSchemaV1 } from './standard-schema';
import type { RegistryLogger } from './types';

/**
 * The default scope of the current async task while an override runs. `scope` starts as the override's scope and
 * becomes any DefaultScope created by this task inside the override (MMEngine: the latest created instance wins).
 */
export interface ScopeOverride {
  scope: { readonly scopeName: string; readonly instanceName: string };
}

/** A class's managed instances (ManagerMixin), with the latest one created. */
export interface ManagerRecord {
  readonly instances: Map<string, unknown>;
  latest: unknown;
}

/**
 * Everything the registry keeps process-wide. It lives on `globalThis` under a `Symbol.for` key so that the ESM and
 * CJS builds, or two installed copies of the package, share one registry tree and one default scope.
 */
export interface RegistryGlobalState {
  readonly version: 1;
  /** The root registries by their exported constant name (`MODELS`, `HOOKS`...). */
  readonly roots: Map<string, unknown>;
  /** Managed-instance records of ManagerMixin classes that declare a process-wide `managerKey`. */
  readonly managers: Map<string, ManagerRecord>;
  readonly scopeStore: ScopeStore<ScopeOverride>;
  /** Standard Schemas registered with `registerModule({ schema })`, by module. */
  readonly schemas: WeakMap<Function, StandardSchemaV1>;
  /** The configs being built, outermost first (builds are synchronous, so one stack serves every task). */
  readonly buildStack: object[];
  /** The config path `withConfigPath` puts top-level builds under (absent in a state made by an older copy). */
  configPathBase?: string | undefined;
  logger: RegistryLogger | undefined;
  /** Bumped on every registration and tree change anywhere; registries drop their lookup caches when it moves. */
  generation: number;
}

const STATE_KEY = Symbol.for('@eng/registry/state@1');

function createState(): RegistryGlobalState {
  return {
    version: 1,
    roots: new Map(),
    managers: new Map(),
    scopeStore: platform.createScopeStore<ScopeOverride>(),
    schemas: new WeakMap(),
    buildStack: [],
    logger: undefined,
    generation: 0,
  };
}

const holder = globalThis as typeof globalThis & { [STATE_KEY]?: RegistryGlobalState };

export const state: RegistryGlobalState = holder[STATE_KEY] ?? (holder[STATE_KEY] = createState());

export function bumpGeneration(): void {
  state.generation++;
}
